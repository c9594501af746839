"""The URL codec: settings to short query parameters and back, defaults left out."""

from __future__ import annotations

from planner import parse_request
from ui.url import DEFAULT_REQUEST, from_query, to_query


def _request(**fields):
    return parse_request({"goal": "growth", "experience": "intermediate", "equipment": "full_gym",
                          **fields})  # fmt: skip


def test_the_default_settings_make_an_empty_query():
    assert to_query(DEFAULT_REQUEST) == {}


def test_every_setting_that_differs_from_the_default_gets_a_short_readable_parameter():
    request = _request(
        goal="strength", experience="advanced", equipment="dumbbells_bench", weeks=6, sessions=3,
        minutes=45, model="block", deload=False, emphasis={"upper": 2, "biceps": 0},
    )  # fmt: skip
    assert to_query(request) == {
        "goal": "strength", "level": "advanced", "eq": "dumbbells_bench", "weeks": "6",
        "sessions": "3", "minutes": "45", "model": "block", "deload": "off", "upper": "2",
        "biceps": "0",
    }  # fmt: skip


def test_equipment_that_is_no_preset_is_one_parameter_per_tag_and_none_is_bodyweight():
    assert to_query(_request(equipment=["dumbbell", "band"]))["eq"] == ["band", "dumbbell"]
    assert to_query(_request(equipment=[]))["eq"] == "none"


def test_a_query_read_back_gives_the_same_request():
    request = _request(goal="fat_loss", equipment=["cable", "pullup_bar"], weeks=8, deload=False,
                       emphasis={"lower": 0})  # fmt: skip
    query = {k: v if isinstance(v, list) else [v] for k, v in to_query(request).items()}
    fields, problems = from_query(query)
    assert problems == []
    assert parse_request(fields) == request


def test_bad_values_are_ignored_one_by_one_with_a_message_naming_the_parameter():
    fields, problems = from_query(
        {"goal": ["xyz"], "weeks": ["99"], "sessions": ["2"], "deload": ["maybe"], "mid": ["7"]}
    )
    assert parse_request(fields) == DEFAULT_REQUEST
    assert [p.split(" from the link")[0] for p in problems] == [
        "Ignored goal=xyz", "Ignored weeks=99", "Ignored deload=maybe", "Ignored mid=7",
    ]  # fmt: skip
    assert "choose 3 to 12 weeks" in problems[1]


def test_equipment_accepts_presets_tags_and_commas_and_unknown_parameters_are_left_alone():
    fields, problems = from_query({"eq": ["dumbbells_only,bench"], "utm_source": ["x"]})
    assert problems == []
    assert fields["equipment"] == ("bench", "dumbbell")
    fields, problems = from_query({"eq": ["kettlebell"]})
    assert "unknown equipment 'kettlebell'" in problems[0]
