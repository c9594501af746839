"""Run every benchmark module and print one markdown table (`make bench`).

Usage: python -m benchmarks [name ...]   e.g. `python -m benchmarks planner store`
"""

from __future__ import annotations

import importlib
import platform
import sys
from pathlib import Path

from benchmarks.harness import HEADER

MODULES = ["planner", "store", "training", "browser"]


def main(argv: list[str]) -> int:
    wanted = argv or MODULES
    print(
        f"Machine: {platform.machine()}, Python {platform.python_version()}, {platform.platform()}"
    )
    print()
    print(HEADER)
    for name in wanted:
        path = Path(__file__).with_name(f"bench_{name}.py")
        if not path.exists():
            print(f"| {name} | | | | | missing | no benchmarks/bench_{name}.py yet |")
            continue
        module = importlib.import_module(f"benchmarks.bench_{name}")
        for result in module.run():
            print(result.row(), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
