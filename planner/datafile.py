"""Read a YAML data file and validate it with pydantic, once, at the edge.

Errors name the file, the entry and the field, e.g.
``exercises.yaml: entry 12 (cable_row): pattern: Input should be 'vertical_pull', ...``.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import TypeAdapter, ValidationError

from planner.errors import DataFileError

T = TypeVar("T")


def _data_dir() -> Traversable:
    """The shipped data files: the repository's data/ folder, installed as the package
    `planner.data` (see pyproject.toml), so a wheel carries them (tests/test_packaging.py)."""
    try:
        return files("planner.data")
    except ModuleNotFoundError:
        # A checkout run without installing, or installed before data/ became planner.data
        # (`make install` refreshes it): the folder beside planner/.
        return Path(__file__).resolve().parent.parent / "data"


DATA_DIR: Traversable = _data_dir()


def read_yaml(path: Path | Traversable) -> Any:
    """Parse a YAML file, turning I/O and syntax errors into a `DataFileError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"{path.name}: cannot read {path}: {exc.strerror or exc}") from exc
    try:
        # The C loader when PyYAML has it (about 10x faster); same safe subset of YAML.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataFileError(f"{path.name}: invalid YAML{where}: {problem}") from exc


def describe(error: ValidationError, path: Path | Traversable, entries: Any = None) -> str:
    """Render the first pydantic error as 'file: entry N (id): field: message'."""
    first = error.errors()[0]
    loc = list(first["loc"])
    prefix = path.name
    if loc and isinstance(loc[0], int):
        index = loc.pop(0)
        entry_id = ""
        if isinstance(entries, list) and index < len(entries) and isinstance(entries[index], dict):
            entry = entries[index]
            entry_id = f" ({entry.get('id', entry.get('term', '?'))})"
        prefix += f": entry {index + 1}{entry_id}"
    field = ".".join(str(part) for part in loc) or "(whole entry)"
    more = len(error.errors()) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{prefix}: {field}: {first['msg']}{suffix}"


def validate(adapter: TypeAdapter[T], raw: Any, path: Path | Traversable) -> T:
    """Validate `raw` with `adapter`, re-raising errors as `DataFileError`."""
    try:
        return adapter.validate_python(raw)
    except ValidationError as exc:
        raise DataFileError(describe(exc, path, raw)) from exc
