"""The settings as URL query parameters, both ways (no Streamlit import: tested directly).

A bookmark carries only what differs from the defaults, under short names:
`?goal=strength&level=advanced&eq=dumbbells_bench&weeks=6&sessions=3&minutes=45&model=block
&deload=off&upper=2&biceps=0`. `eq` is a preset name, or one `eq=` per tag, or `none`.
A hand-written link may also use what the sidebar shows (`level=Advanced`, `goal=Muscle growth`,
`eq=Full gym`, `biceps=Focus`, `model=Goal default`), in any case; links the app writes use the
short words above.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from planner.catalog import DEFAULT_PRESET, EQUIPMENT_PRESETS, PRESET_LABELS
from planner.errors import InvalidRequestError
from planner.export import quoted
from planner.models import EQUIPMENT, GOAL_LABELS, LEVEL_LABELS, MODELS, REGIONS, PlanRequest
from planner.request import parse_request

DEFAULTS: dict[str, Any] = {
    "goal": "growth",
    "experience": "intermediate",
    "equipment": EQUIPMENT_PRESETS[DEFAULT_PRESET],
    "weeks": 5,
    "sessions": 2,
    "minutes": 60,
    "model": None,
    "deload": True,
    "emphasis": {region: 1 for region in REGIONS},
}
DEFAULT_REQUEST: PlanRequest = parse_request(DEFAULTS)

# URL parameter -> PlanRequest field; region emphasis uses the region names themselves.
PARAM_FIELDS: dict[str, str] = {
    "goal": "goal",
    "level": "experience",
    "eq": "equipment",
    "weeks": "weeks",
    "sessions": "sessions",
    "minutes": "minutes",
    "model": "model",
    "deload": "deload",
}
PARAMS: tuple[str, ...] = (*PARAM_FIELDS, *REGIONS)
# What the sidebar shows, by parameter: a link written from the screen says "Advanced" or
# "Muscle growth" where the app's own links say advanced or growth. Labels are matched after
# _plain(), so "Dumbbells + bench", "dumbbells_bench" and "DUMBBELLS BENCH" are one value.
_EMPHASIS_WORDS = {"skip": "0", "normal": "1", "focus": "2"}
_MODEL_WORDS = {"goal default": "auto", **{model: model for model in MODELS}}
_TAG_WORDS = {"pull up bar": "pullup_bar", "bodyweight only": "none"}
_ON = {"on", "true", "yes", "1"}
_OFF = {"off", "false", "no", "0"}


def preset_for(tags: Sequence[str]) -> str | None:
    """Name the equipment preset whose tags are exactly `tags`, if any."""
    wanted = tuple(sorted(set(tags)))
    for name, preset_tags in EQUIPMENT_PRESETS.items():
        if tuple(sorted(preset_tags)) == wanted:
            return name
    return None


def to_query(request: PlanRequest) -> dict[str, str | list[str]]:
    """Query parameters for `request`, leaving out every value that equals the default."""
    query: dict[str, str | list[str]] = {}
    default = DEFAULT_REQUEST
    if request.goal != default.goal:
        query["goal"] = request.goal
    if request.experience != default.experience:
        query["level"] = request.experience
    if request.equipment != default.equipment:
        preset = preset_for(request.equipment)
        query["eq"] = preset or (list(request.equipment) if request.equipment else "none")
    for field in ("weeks", "sessions", "minutes"):
        if getattr(request, field) != getattr(default, field):
            query[field] = str(getattr(request, field))
    if request.model != default.model:
        query["model"] = str(request.model)
    if request.deload != default.deload:
        query["deload"] = "on" if request.deload else "off"
    for region in REGIONS:
        if request.emphasis.of(region) != default.emphasis.of(region):
            query[region] = str(request.emphasis.of(region))
    return query


def _plain(word: str) -> str:
    """Case and punctuation folded: 'Home: bands + pull-up bar' -> 'home bands pull up bar'."""
    return " ".join("".join(c if c.isalnum() else " " for c in word.casefold()).split())


def _words(labels: Mapping[str, str]) -> dict[str, str]:
    """Both the value and its label, folded, mapped to the value."""
    return {**{_plain(v): v for v in labels}, **{_plain(label): v for v, label in labels.items()}}


_WORDS: dict[str, dict[str, str]] = {
    "goal": _words(GOAL_LABELS),
    "level": _words(LEVEL_LABELS),
    "model": _MODEL_WORDS,
    "deload": {"on": "on", "off": "off"},
    **{region: _EMPHASIS_WORDS for region in REGIONS},
}
_EQUIPMENT_WORDS: dict[str, str] = {
    **_words(PRESET_LABELS),
    **{_plain(tag): tag for tag in EQUIPMENT},
    **_TAG_WORDS,
}


def _word(param: str, value: str) -> str:
    """A label the sidebar shows, turned into the parameter's own word (others pass through)."""
    table = _EQUIPMENT_WORDS if param == "eq" else _WORDS.get(param, {})
    return table.get(_plain(value), value.strip())


def _field_value(param: str, values: list[str]) -> Any:
    """Turn the raw strings of one parameter into a request field value."""
    last = _word(param, values[-1])
    if param == "eq":
        return [_word(param, part) for value in values for part in value.split(",")]
    if param == "deload":
        if last.lower() in _ON | _OFF:
            return last.lower() in _ON
        raise InvalidRequestError("deload: use on or off")
    if param == "model" and last.lower() in ("", "auto"):
        return None
    return last


def from_query(query: Mapping[str, Sequence[str]]) -> tuple[dict[str, Any], list[str]]:
    """Read request fields from query parameters, one at a time.

    Returns the fields that are valid (merged over DEFAULTS) and one message per ignored
    parameter, naming it and what to use instead. Unknown parameters are left alone.
    """
    fields: dict[str, Any] = {**DEFAULTS, "emphasis": dict(DEFAULTS["emphasis"])}
    problems: list[str] = []
    for param in PARAMS:
        values = [v for v in query.get(param, ()) if v is not None]
        if not values:
            continue
        try:
            value = _field_value(param, list(values))
            if param in REGIONS:
                trial = {**fields, "emphasis": {**fields["emphasis"], param: value}}
            else:
                trial = {**fields, PARAM_FIELDS[param]: value}
            request = parse_request(trial)
        except InvalidRequestError as exc:
            shown = quoted(",".join(values))  # a link can be megabytes long: quote a line of it
            # Plain words, no code span: the page shows this through ui.frame.plain.
            problems.append(f"Ignored {param}={shown} from the link: {exc}.")
            continue
        if param in REGIONS:
            fields["emphasis"][param] = request.emphasis.of(param)
        else:
            field = PARAM_FIELDS[param]
            fields[field] = getattr(request, field)
    return fields, problems


# A page's own parameters, beside the settings, by page title: the Week page's chosen week
# (`week=3`), the Library's chosen saved plan (`plan=12`). Other pages drop them from the address.
WEEK = "week"
PLAN = "plan"
PAGE_PARAMS: dict[str, tuple[str, ...]] = {"Week": (WEEK,), "Library": (PLAN,)}


def week_from_query(values: Sequence[str], weeks: int) -> int | None:
    """The week a link asks for ('3', 'Week 3', 'week3'), or None if it names no week 1..weeks."""
    if not values:
        return None
    digits = values[-1].strip().casefold().removeprefix("week").strip()
    if not digits.isdigit() or not 1 <= int(digits) <= weeks:
        return None
    return int(digits)


def plan_id_from_query(values: Sequence[str]) -> int | None:
    """The saved-plan id a link names ('12', '#12'), or None if it names no id at all.

    Whether the id is one of the lifter's plans is the Library's question, not the link's.
    """
    if not values:
        return None
    digits = values[-1].strip().removeprefix("#").strip()
    if not digits.isascii() or not digits.isdigit() or len(digits) > 18:
        return None
    return int(digits)
