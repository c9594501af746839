"""The URL codec: settings to short query parameters and back, defaults left out."""

from __future__ import annotations

import pytest

from planner import parse_request
from planner.catalog import EQUIPMENT_PRESETS, PRESET_LABELS
from planner.models import GOAL_LABELS, LEVEL_LABELS
from ui.url import DEFAULT_REQUEST, from_query, to_query, week_from_query


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


@pytest.mark.parametrize(
    ("param", "shown", "field", "value"),
    [
        *[("goal", label, "goal", goal) for goal, label in GOAL_LABELS.items()],
        *[("level", label, "experience", level) for level, label in LEVEL_LABELS.items()],
        *[
            ("eq", label, "equipment", tuple(sorted(EQUIPMENT_PRESETS[preset])))
            for preset, label in PRESET_LABELS.items()
        ],
        ("eq", "Bodyweight only", "equipment", ()),
        ("model", "Goal default", "model", None),
        ("model", "Block", "model", "block"),
        ("deload", "Off", "deload", False),
    ],
)
def test_a_link_value_may_be_what_the_sidebar_shows(param, shown, field, value):
    for written in (shown, shown.upper(), shown.lower()):
        fields, problems = from_query({param: [written]})
        assert problems == []
        got = fields[field]
        assert (tuple(sorted(got)) if field == "equipment" else got) == value


def test_region_emphasis_in_a_link_may_say_skip_normal_or_focus():
    fields, problems = from_query({"upper": ["Focus"], "lower": ["skip"], "biceps": ["Normal"]})
    assert problems == []
    assert fields["emphasis"] == {"upper": 2, "mid": 1, "lower": 0, "biceps": 1}


def test_equipment_tags_in_a_link_may_be_written_as_the_sidebar_shows_them():
    fields, problems = from_query({"eq": ["pull-up bar, Band", "EZ bar"]})
    assert problems == []
    assert sorted(fields["equipment"]) == ["band", "ez_bar", "pullup_bar"]


def test_the_shown_labels_are_only_read_never_written():
    request = _request(goal="fat_loss", experience="advanced", equipment="home_bands_bar")
    assert to_query(request) == {"goal": "fat_loss", "level": "advanced", "eq": "home_bands_bar"}


def test_a_label_no_control_shows_is_still_refused_by_name():
    _, problems = from_query({"level": ["Expert"], "goal": ["Muscle"]})
    assert [p.split(" from")[0] for p in problems] == [
        "Ignored goal=Muscle",
        "Ignored level=Expert",
    ]


@pytest.mark.parametrize(
    ("values", "weeks", "week"),
    [(["3"], 5, 3), (["Week 2"], 5, 2), (["week5"], 5, 5), (["6"], 5, None), (["0"], 5, None),
     (["-1"], 5, None), (["x"], 5, None), ([], 5, None), (["1", "4"], 4, 4)],
)  # fmt: skip
def test_a_week_in_a_link_is_read_only_when_the_plan_has_it(values, weeks, week):
    assert week_from_query(values, weeks) == week
