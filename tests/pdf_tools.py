"""Reading PDFs back in tests with Debian's poppler-utils (pdftotext, pdfinfo; pdftoppm renders)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def require_poppler() -> None:
    """Fail (never skip) when pdftoppm, pdftotext or pdfinfo is missing."""
    missing = [tool for tool in ("pdftoppm", "pdftotext", "pdfinfo") if not shutil.which(tool)]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: run `make poppler` (poppler-utils)")


def pdf_pages_text(path: Path) -> list[str]:
    """The text of each page, whitespace collapsed (wrapped lines read as one)."""
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    pages = raw.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return [" ".join(page.split()) for page in pages]


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in out.stdout.splitlines())
    }
