"""Sources and glossary: citations resolve, SOURCES.md is current, no raw ids reach a lifter."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from planner import PlannerError, build_plan, parse_request, summary
from planner.catalog import EQUIPMENT_PRESETS, load_catalog
from planner.errors import DataFileError
from planner.export import plan_csv, plan_text
from planner.glossary import default_glossary, load_glossary
from planner.models import GOALS, LEVELS
from planner.presets import load_presets
from planner.sources import default_sources, load_sources, markdown
from tests.request_space import random_requests

ROOT = Path(__file__).resolve().parents[2]
SOURCES = default_sources()
# Keys under which data files name source ids.
SOURCE_KEYS = {"source", "sources", "source_id", "source_ids", "cite", "cites"}


def _cited_in_data() -> list[tuple[str, str]]:
    """(file, id) for every id under a source key in data/*.yaml (sources.yaml itself aside)."""
    found: list[tuple[str, str]] = []

    def walk(node: object, name: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in SOURCE_KEYS:
                    ids = [value] if isinstance(value, str) else list(value or ())
                    found.extend((name, str(i)) for i in ids)
                else:
                    walk(value, name)
        elif isinstance(node, list):
            for item in node:
                walk(item, name)

    for path in sorted((ROOT / "data").glob("*.yaml")):
        if path.name != "sources.yaml":
            walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
    return found


def _cites(name: str, code: str) -> list[tuple[str, str]]:
    """(name, id) for every string literal passed to a cite(...) call in `code`."""
    found: list[tuple[str, str]] = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called == "cite":
                found.extend(
                    (name, arg.value)
                    for arg in node.args
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                )
    return found


def _cited_in_code() -> list[tuple[str, str]]:
    """(file, id) for every id passed to cite(...) in planner/*.py."""
    return [
        cited
        for path in sorted((ROOT / "planner").glob("*.py"))
        for cited in _cites(path.name, path.read_text(encoding="utf-8"))
    ]


def test_every_source_id_cited_in_the_data_files_resolves():
    unknown = [(f, i) for f, i in _cited_in_data() if i not in SOURCES.by_id]
    assert unknown == []


def test_every_source_id_cited_in_the_planner_code_resolves():
    unknown = [(f, i) for f, i in _cited_in_code() if i not in SOURCES.by_id]
    assert unknown == []


def test_the_cited_id_scan_can_see_a_citation():
    assert ("glossary.yaml", "RP1") in _cited_in_data()
    code = 'x = sources.cite("RP1", "ACSM09")\ny = cite("NOPE") + f(cite)\n"cite(\'RP2\')"'
    assert _cites("m.py", code) == [("m.py", "RP1"), ("m.py", "ACSM09"), ("m.py", "NOPE")]


def test_every_source_has_a_short_citation_of_its_own_and_a_full_reference():
    shorts = [s.short for s in SOURCES.by_id.values()]
    assert len(shorts) == len(set(shorts)), "two sources would read the same"
    for source in SOURCES.by_id.values():
        assert source.id not in source.short or source.id in ("NSCA",), source.short
        assert len(source.reference) > len(source.short) or source.tier == "J"
        assert "[A]" not in source.reference and "[B]" not in source.reference
        assert "\\" not in source.reference
        assert all(link.startswith(("https://", "http://")) for link in source.links)


def test_cite_gives_the_short_forms_a_reader_can_look_up():
    assert SOURCES.cite("RP1") == "Israetel 2017, Training Volume Landmarks"
    assert SOURCES.cite("RP1", "ACSM09") == (
        "Israetel 2017, Training Volume Landmarks; ACSM 2009 position stand"
    )
    with pytest.raises(DataFileError, match="unknown source id 'XX9'"):
        SOURCES.cite("XX9")


def test_the_four_seed_articles_say_what_the_planner_takes_from_them():
    seeds = [s for s in SOURCES.by_id.values() if s.is_seed]
    assert len(seeds) == 4
    for seed in seeds:
        assert len(seed.summary) > 200, seed.id
        assert "../" + "shared" not in seed.reference + seed.summary


def test_docs_sources_md_is_the_generated_one():
    committed = (ROOT / "docs" / "SOURCES.md").read_text(encoding="utf-8")
    assert committed == markdown(), (
        "docs/SOURCES.md is stale: python -m planner sources --format markdown > docs/SOURCES.md"
    )


def test_docs_sources_md_lists_every_source_with_its_reference_tier_and_links():
    text = markdown()
    for source in SOURCES.by_id.values():
        assert f"**{source.short}** (`{source.id}`). {source.reference}" in text
        assert f"Tier {source.tier}:" in text
        for link in source.links:
            assert f"<{link}>" in text


def test_a_duplicate_source_id_is_an_error_naming_it(tmp_path):
    path = tmp_path / "sources.yaml"
    entry = {"id": "X1", "short": "X 2020", "reference": "X. A study. 2020", "tier": "A"}
    path.write_text(yaml.safe_dump([entry, entry]), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"sources.yaml: entry 2 \(X1\): id: duplicate id"):
        load_sources(path)


GLOSSARY_TERMS = ("MEV", "MAV", "MRV", "MV", "RIR", "RPE", "Deload", "Mesocycle", "Hard set",
                  "Fractional sets", "%1RM", "Ramp-up set")  # fmt: skip


def test_the_glossary_explains_every_term_a_plan_uses_with_sources_that_resolve():
    terms = {t.term: t for t in default_glossary()}
    assert set(GLOSSARY_TERMS) <= set(terms)
    for term in terms.values():
        assert SOURCES.cite(*term.sources)
        assert len(term.meaning) > 40


def test_a_glossary_entry_with_an_unknown_source_names_the_entry(tmp_path):
    path = tmp_path / "glossary.yaml"
    path.write_text(yaml.safe_dump([{"term": "MEV", "meaning": "m", "sources": ["NOPE"]}]))
    with pytest.raises(DataFileError, match=r"glossary.yaml: entry 1 \(MEV\): sources: unknown"):
        load_glossary(path)
    path.write_text(yaml.safe_dump([{"term": "MEV", "meaning": "m", "sources": []}]))
    with pytest.raises(DataFileError, match=r"glossary.yaml: entry 1 \(MEV\): sources"):
        load_glossary(path)


# --- No raw ids in what a lifter reads -------------------------------------------------------

# Internal codes: source ids (those not part of their own short form), seed file numbers, the
# team reference's sections and acceptance checks.
_IDS = sorted(
    (s.id for s in SOURCES.by_id.values() if s.id not in s.short and len(s.id) > 2),
    key=len,
    reverse=True,
)
RAW_ID = re.compile(
    r"\bRP\d+\b|\bseeds? \d{3}\b|\bseeds? 00\d|reference (?:section|\d)|\bAC\d+\b|\bsection \d+\b"
    r"|\.\./sh"
    r"ared|(?<![\w-])(?:" + "|".join(map(re.escape, _IDS)) + r")(?![\w-])"
)


def _sweep(count: int = 120, seed: int = 7) -> list:
    """The presets at their defaults, plus a seeded random sweep of the sidebar space."""
    presets = [dict(goal=g, experience=lv, equipment=e) for g in GOALS for lv in LEVELS
               for e in EQUIPMENT_PRESETS]  # fmt: skip
    return presets + random_requests(count, seed)


def _lifter_text(plan) -> list[str]:
    texts = [summary.plan_headline(plan), *plan.warnings, summary.rationale_markdown(plan)]
    texts += [plan_text(plan), plan_csv(plan).decode("utf-8")]
    for week in plan.weeks:
        for session in week.sessions:
            texts.append(summary.progression_markdown(session))
            for item in (*session.warmup, *session.cooldown):
                texts += [item.name, item.detail]
    return texts


def _raw_ids_in_plans() -> dict[str, list[str]]:
    catalog, presets = load_catalog(), load_presets()
    found: dict[str, list[str]] = {}
    for fields in _sweep():
        try:
            plan = build_plan(parse_request(fields), catalog, presets)
        except PlannerError:
            continue
        for text in _lifter_text(plan):
            for match in RAW_ID.finditer(text):
                start = max(match.start() - 40, 0)
                found.setdefault(match.group(0), []).append(text[start : match.end() + 20])
    return found


def test_the_raw_id_pattern_catches_internal_codes_and_spares_plain_words():
    for bad in ("sets (RP6)", "seed 000", "per seed 001", "(reference section 7)", "AC9 says",
                "reference 1b",
                "SC21", "see FE09", "ACSM09", "S19v", "C-impl", "../" "shared/seeds"):  # fmt: skip
        assert RAW_ID.search(bad), bad
    for fine in ("Israetel 2017, Training Volume Landmarks", "NSCA, Essentials", "RPE 8",
                 "rest 90 s; RIR 2", "2 x 8-10", "Schoenfeld et al. 2021",
                 "ACSM 2009"):  # fmt: skip
        assert not RAW_ID.search(fine), fine


def test_no_plan_shows_a_raw_source_id_or_internal_code_to_the_lifter():
    found = _raw_ids_in_plans()
    assert found == {}, {code: examples[:2] for code, examples in found.items()}


def test_the_sources_command_prints_every_source_by_its_short_form(capsys):
    from planner.cli import main

    assert main(["sources"]) == 0
    out = capsys.readouterr().out
    for source in SOURCES.by_id.values():
        assert f"{source.short}: {source.reference}" in out
    assert "RP1" not in out and "SEED-" not in out and "ACSM09" not in out  # no ids
    assert main(["sources", "--format", "markdown"]) == 0
    assert capsys.readouterr().out == markdown()
