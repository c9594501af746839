"""Requests: defaults, normalisation, and errors that tell the lifter what to change."""

from __future__ import annotations

import pytest

from planner import InvalidRequestError, UnknownEquipmentError, parse_request


def test_defaults_match_the_issue():
    request = parse_request(goal="growth", experience="beginner")
    assert (request.weeks, request.sessions, request.minutes, request.deload) == (5, 2, 60, True)
    assert request.model is None and request.equipment == ()
    assert request.emphasis.mid == 1


def test_equipment_is_sorted_and_deduplicated_so_equal_requests_are_equal():
    a = parse_request(
        goal="growth", experience="beginner", equipment="pullup_bar,dumbbell,dumbbell"
    )
    b = parse_request(goal="growth", experience="beginner", equipment=["dumbbell", "pullup_bar"])
    assert a == b and hash(a) == hash(b)
    assert a.equipment == ("dumbbell", "pullup_bar")


@pytest.mark.parametrize(
    ("field", "value", "hint"),
    [
        ("weeks", 20, "choose 3 to 12 weeks"),
        ("weeks", 2, "choose 3 to 12 weeks"),
        ("sessions", 4, "choose 1 to 3 sessions"),
        ("minutes", 10, "choose 30 to 120 minutes"),
        ("goal", "bulk", "choose fat_loss, growth or strength"),
        ("model", "wave", "choose linear, undulating or block"),
    ],
)
def test_out_of_range_values_say_what_to_choose(field, value, hint):
    fields = {"goal": "growth", "experience": "intermediate", field: value}
    with pytest.raises(InvalidRequestError, match=hint) as error:
        parse_request(**fields)
    assert str(error.value).startswith(field)
    assert repr(value) in str(error.value)


def test_emphasis_outside_0_to_2_is_refused():
    with pytest.raises(
        InvalidRequestError,
        match="emphasis.mid.*Region emphasis is 0 \\(Skip\\), 1 \\(Normal\\) or 2 \\(Focus\\)",
    ):
        parse_request(goal="growth", experience="advanced", emphasis={"mid": 3})


def test_unknown_equipment_names_the_tag():
    with pytest.raises(UnknownEquipmentError, match="'smith'"):
        parse_request(goal="growth", experience="advanced", equipment="smith")


def test_unknown_fields_are_refused():
    with pytest.raises(InvalidRequestError, match="extra"):
        parse_request(goal="growth", experience="advanced", colour="red")


def test_a_request_that_trains_no_region_is_refused():
    with pytest.raises(InvalidRequestError, match="Region emphasis is set to Skip") as refused:
        parse_request(
            goal="growth",
            experience="advanced",
            emphasis={"upper": 0, "mid": 0, "lower": 0, "biceps": 0},
        )
    # The sidebar control and its labels, and the CLI flags with their numbers.
    text = str(refused.value)
    assert "Mid (lats & rhomboids)" in text and "to Normal or Focus" in text
    assert "--upper, --mid, --lower and --biceps take 0 (Skip), 1 (Normal) or 2 (Focus)" in text
    assert "specialise" not in text and "set to 0" not in text
