"""The sources behind every rule, number and exercise weight: loading and citation.

Code and data refer to a source by its id (``RP1``, ``ACSM09``, ``SEED-REGIONS``); anything a
lifter reads shows :func:`cite` (a short, look-up-able citation) and the Sources page or
``docs/SOURCES.md`` the full reference. Ids never reach user-facing text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from planner.datafile import DATA_DIR, read_yaml, validate
from planner.errors import DataFileError

SOURCES_FILE = DATA_DIR / "sources.yaml"

Tier = Literal["A", "A-preprint", "A via B", "A via C", "B", "B/C", "C", "J"]


class Source(BaseModel):
    """One published reference (or a seed article, or a stated judgement)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    short: str = Field(min_length=1)
    reference: str = Field(min_length=1)
    tier: Tier
    links: tuple[str, ...] = ()


class Sources(BaseModel):
    """All sources by id, in file order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    by_id: dict[str, Source]

    def get(self, source_id: str) -> Source:
        try:
            return self.by_id[source_id]
        except KeyError:
            raise DataFileError(f"{SOURCES_FILE.name}: unknown source id {source_id!r}") from None

    def cite(self, *source_ids: str) -> str:
        """Render ids as a short citation list a reader can look up: 'Israetel 2017; ACSM 2009'."""
        return "; ".join(self.get(source_id).short for source_id in source_ids)


_SOURCES = TypeAdapter(list[Source])


def load_sources(path: Path = SOURCES_FILE) -> Sources:
    """Load and validate the sources file; duplicate ids are an error naming the id."""
    raw = read_yaml(path)
    entries = validate(_SOURCES, raw, path)
    by_id: dict[str, Source] = {}
    for index, source in enumerate(entries, start=1):
        if source.id in by_id:
            raise DataFileError(f"{path.name}: entry {index} ({source.id}): id: duplicate id")
        by_id[source.id] = source
    return Sources(by_id=by_id)


@cache
def default_sources() -> Sources:
    """The shipped sources, loaded once per process (the file never changes while running)."""
    return load_sources()


def cite(*source_ids: str) -> str:
    """Short citation for the shipped sources (see :meth:`Sources.cite`)."""
    return default_sources().cite(*source_ids)
