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
TIER_LABELS: dict[str, str] = {
    "A": "peer-reviewed study, meta-analysis or position stand",
    "A-preprint": "study or meta-analysis, preprint (not yet peer-reviewed)",
    "A via B": "peer-reviewed study, read in a practitioner's review",
    "A via C": "peer-reviewed studies, read in third-party summaries",
    "B": "practitioner or organisation guidance",
    "B/C": "practitioner guidance, read in a third-party summary",
    "C": "third-party summary or notes",
    "J": "coaching judgement",
}


class Source(BaseModel):
    """One published reference (or a seed article, or a stated judgement)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    short: str = Field(min_length=1)
    reference: str = Field(min_length=1)
    tier: Tier
    links: tuple[str, ...] = ()
    summary: str = ""  # what the planner takes from it (the seed articles have no other citation)

    @property
    def is_seed(self) -> bool:
        """One of the four seed articles the planner grew from."""
        return self.id.startswith("SEED-")


class Sources(BaseModel):
    """All sources by id, in file order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    by_id: dict[str, Source]

    def get(self, source_id: str) -> Source:
        try:
            return self.by_id[source_id]
        except KeyError:
            raise DataFileError(f"{SOURCES_FILE.name}: unknown source id {source_id!r}") from None

    def groups(self) -> tuple[tuple[str, tuple[Source, ...]], ...]:
        """The sources as a reader meets them: seed articles, published references, judgement."""
        every = tuple(self.by_id.values())
        seeds = tuple(s for s in every if s.is_seed)
        judgement = tuple(s for s in every if s.tier == "J")
        published = tuple(s for s in every if not s.is_seed and s.tier != "J")
        return (
            ("Seed articles", seeds),
            ("Published references", published),
            ("Judgement", judgement),
        )

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


@cache  # pure: the shipped file is read once, and plans cite the same few ids thousands of times
def cite(*source_ids: str) -> str:
    """Short citation for the shipped sources (see :meth:`Sources.cite`)."""
    return default_sources().cite(*source_ids)


_MARKDOWN_INTRO = """\
# Sources

Every rule, number and exercise weight the planner uses comes from one of these sources. Plans,
the command line and the dashboard cite them by their short form (in bold below); the dashboard's
Sources page lists them too. Code and data refer to a source by its id (shown after the short
form), e.g. `planner.sources.cite("RP1")` gives "Israetel 2017, Training Volume Landmarks".

Tiers: A, a peer-reviewed study, meta-analysis or position stand; B, practitioner or organisation
guidance; C, a third-party summary of an A or B source; J, a coaching judgement where the sources
give no number (each use states its reasoning).

This file is generated from `data/sources.yaml`; do not edit it by hand. Regenerate it with
`python -m planner sources --format markdown > docs/SOURCES.md` (a test checks that it is current).
"""

_SEED_INTRO = """\
The planner grew from four web articles about back and biceps training, its first source of
exercises, set and rep schemes and session rules. Only one names its author and none carries a
date or an address a reader could look up, so what each says that the planner uses is summarised
here. Where a seed and the published evidence disagree, the plan follows the evidence.
"""


def markdown(sources: Sources | None = None) -> str:
    """docs/SOURCES.md: every source with its full reference, tier and links."""
    sources = sources or default_sources()
    lines = [_MARKDOWN_INTRO]
    for title, group in sources.groups():
        lines.append(f"## {title}\n")
        if title == "Seed articles":
            lines.append(_SEED_INTRO)
        for source in group:
            lines.append(f"- **{source.short}** (`{source.id}`). {source.reference}")
            if source.summary:
                lines.append(f"  - What the planner uses: {source.summary}")
            lines.append(f"  - Tier {source.tier}: {TIER_LABELS[source.tier]}.")
            if source.links:
                lines.append("  - Links: " + ", ".join(f"<{link}>" for link in source.links))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def text(sources: Sources | None = None) -> str:
    """The sources as plain text for a terminal: short form, full reference, links."""
    sources = sources or default_sources()
    lines: list[str] = []
    for title, group in sources.groups():
        lines += [title, "=" * len(title)]
        for source in group:
            lines.append(f"{source.short}: {source.reference}")
            lines += [f"    {link}" for link in source.links]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
