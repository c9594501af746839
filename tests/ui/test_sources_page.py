"""Sources page: the glossary and every source, in full, as plain text (AppTest)."""

from __future__ import annotations

from planner.glossary import default_glossary
from planner.sources import default_sources
from tests.ui.conftest import open_page, switch
from ui.phone import escape as _escaped


def _text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_sources_page_lists_every_source_with_its_reference_and_links():
    at = open_page("Sources")
    assert at.title[0].value == "Sources"
    assert [h.value for h in at.main.header] == [
        "Glossary", "Seed articles", "Published references", "Judgement",
    ]  # fmt: skip
    blocks = [m.value for m in at.markdown]
    for source in default_sources().by_id.values():
        block = next(b for b in blocks if b.startswith(f"**{_escaped(source.short)}**"))
        assert _escaped(source.reference) in block
        for link in source.links:
            assert f"]({link})" in block


def test_the_glossary_explains_mev_mrv_rir_and_deload_with_their_sources():
    at = open_page("Sources")
    text = _text(at)
    for term in default_glossary():
        assert f"**{_escaped(term.term)}**: {_escaped(term.meaning)}" in text
    assert "Israetel 2017, Training Volume Landmarks" in text.replace("\\", "")


def test_the_sources_page_shows_no_internal_source_ids():
    text = _text(open_page("Sources")).replace("\\", "")
    for source in default_sources().by_id.values():
        if source.id not in source.short:
            assert f"({source.id})" not in text and f"`{source.id}`" not in text


def test_the_sources_page_keeps_the_settings_and_links_back():
    at = open_page("Sources", goal="strength")
    assert at.selectbox(key="goal").value == "strength"
    switch(at, "Build")
    assert at.title[0].value == "Build"
    assert not at.error
