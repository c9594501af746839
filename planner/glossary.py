"""The glossary: the terms a lifter meets in a plan (MEV, RIR, deload ...), with their sources.

Entries live in data/glossary.yaml and are validated at load; every source id must resolve in
data/sources.yaml, so a term's sources can always be shown as citations.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from planner.datafile import DATA_DIR, read_yaml, validate
from planner.errors import DataFileError
from planner.sources import Sources, default_sources

GLOSSARY_FILE = DATA_DIR / "glossary.yaml"


class Term(BaseModel):
    """One glossary entry: the term, what it means in plain words, and where that comes from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    term: str = Field(min_length=1)
    meaning: str = Field(min_length=1)
    sources: tuple[str, ...] = Field(min_length=1)


_TERMS = TypeAdapter(list[Term])


def load_glossary(path: Path = GLOSSARY_FILE, sources: Sources | None = None) -> tuple[Term, ...]:
    """Load and validate the glossary; an unknown source id or a repeated term names the entry."""
    raw = read_yaml(path)
    terms = validate(_TERMS, raw, path)
    sources = sources or default_sources()
    seen: set[str] = set()
    for index, term in enumerate(terms, start=1):
        if term.term.casefold() in seen:
            raise DataFileError(f"{path.name}: entry {index} ({term.term}): term: duplicate term")
        seen.add(term.term.casefold())
        for source_id in term.sources:
            if source_id not in sources.by_id:
                raise DataFileError(
                    f"{path.name}: entry {index} ({term.term}): sources: unknown source id "
                    f"{source_id!r}"
                )
    return tuple(terms)


@cache
def default_glossary() -> tuple[Term, ...]:
    """The shipped glossary, loaded once per process."""
    return load_glossary()
