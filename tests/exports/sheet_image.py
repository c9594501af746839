"""Write docs/screenshots/sheet-a4.png, page 1 of a week sheet (A4, strength, full gym).

Run `python -m tests.exports.sheet_image`; pdftoppm (poppler-utils) renders the page.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from planner import build_plan, load_catalog, load_presets, parse_request
from planner.printable import week_pdf

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "sheet-a4.png"


def main() -> int:
    request = parse_request(
        goal="strength", experience="intermediate", equipment="full_gym", weeks=5, sessions=2
    )
    plan = build_plan(request, load_catalog(), load_presets())
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "sheet.pdf"
        pdf.write_bytes(week_pdf(plan, 1, "A4"))
        prefix = Path(tmp) / "page"
        subprocess.run(
            ["pdftoppm", "-r", "90", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, prefix],
            check=True,
        )
        OUT.write_bytes(prefix.with_suffix(".png").read_bytes())
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
