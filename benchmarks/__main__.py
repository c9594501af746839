"""Run every benchmark module and print one markdown table (`make bench`).

Usage: python -m benchmarks [name ...] [--option ...]   e.g. `python -m benchmarks planner store`
Options after the names go to the modules whose run() takes them (the load test:
`python -m benchmarks load --lifters 5 --seconds 10`).
"""

from __future__ import annotations

import importlib
import inspect
import platform
import sys
from pathlib import Path

from benchmarks.harness import HEADER

MODULES = ["planner", "store", "training", "exports", "browser", "load"]


def main(argv: list[str]) -> int:
    split = next((i for i, arg in enumerate(argv) if arg.startswith("-")), len(argv))
    wanted, options = argv[:split] or MODULES, argv[split:]
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
        takes_options = bool(inspect.signature(module.run).parameters)
        for result in module.run(options) if takes_options else module.run():
            print(result.row(), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
