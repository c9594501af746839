"""Summaries for display: the Compare metrics, the differences table and table rows."""

from __future__ import annotations

import pytest

from planner import build_plan, parse_request
from planner.export import reps_text
from planner.summary import (
    block_markdown,
    block_rows,
    comparison_rows,
    exercise_rows,
    filter_exercises,
    markdown_text,
    plan_headline,
    plan_metrics,
    rationale_markdown,
    rationale_rows,
    session_rows,
    week_title,
    working_weeks,
)


def _plan(catalog, presets, **fields):
    fields = {"goal": "growth", "experience": "intermediate", "equipment": "full_gym", **fields}
    return build_plan(parse_request(**fields), catalog, presets)


@pytest.fixture(scope="module")
def plans(catalog, presets):
    return {g: _plan(catalog, presets, goal=g) for g in ("fat_loss", "growth", "strength")}


def test_metrics_average_the_working_weeks_and_leave_out_the_deload(plans):
    plan = plans["growth"]
    weeks = working_weeks(plan)
    assert len(weeks) == len(plan.weeks) - 1
    per_week = [sum(p.sets for s in w.sessions for p in s.exercises) for w in weeks]
    metrics = plan_metrics(plan)
    assert metrics.weekly_hard_sets == round(sum(per_week) / len(per_week), 1)
    assert metrics.peak_week_sets == max(per_week)


def test_average_reps_and_rest_are_weighted_by_sets(catalog, presets):
    plan = _plan(catalog, presets, weeks=3, deload=False)
    items = [p for w in plan.weeks for s in w.sessions for p in s.exercises if p.rep_unit == "reps"]
    sets = sum(p.sets for p in items)
    reps = sum((p.reps_min + p.reps_max) / 2 * p.sets for p in items) / sets
    assert plan_metrics(plan).average_reps == round(reps, 1)


def test_fat_loss_has_more_reps_and_shorter_rest_than_growth_and_strength_the_fewest_reps(plans):
    # AC5: median reps fat loss > growth > strength; rest fat loss < growth < strength.
    fat, growth, strength = (plan_metrics(plans[g]) for g in ("fat_loss", "growth", "strength"))
    assert fat.average_reps > growth.average_reps > strength.average_reps
    assert fat.average_rest_s < growth.average_rest_s < strength.average_rest_s


def test_region_sets_average_the_weekly_fractional_volume(plans):
    plan = plans["growth"]
    weeks = working_weeks(plan)
    expected = round(sum(w.volume.mid for w in weeks) / len(weeks), 1)
    assert plan_metrics(plan).region_sets["mid"] == expected


def test_comparison_rows_give_each_goal_a_column_and_the_difference_to_the_first(plans):
    rows = comparison_rows([plans["fat_loss"], plans["growth"]])
    by_metric = {row["Metric"]: row for row in rows}
    assert list(by_metric) == [
        "Weekly hard sets", "Average reps per set", "Average rest (s)", "Minutes per session",
        "Exercises per session", "Upper (traps) sets/week", "Mid (lats & rhomboids) sets/week",
        "Lower (erectors) sets/week", "Biceps sets/week",
    ]  # fmt: skip
    rest = by_metric["Average rest (s)"]
    assert set(rest) == {"Metric", "Fat loss", "Muscle growth", "Muscle growth vs Fat loss"}
    fat, growth = plan_metrics(plans["fat_loss"]), plan_metrics(plans["growth"])
    assert float(rest["Fat loss"]) == fat.average_rest_s
    assert float(rest["Muscle growth vs Fat loss"]) == growth.average_rest_s - fat.average_rest_s
    assert rest["Muscle growth vs Fat loss"].startswith("+")


def test_comparison_rows_with_strength_add_a_third_goal_and_its_difference(plans):
    rows = comparison_rows(list(plans.values()))
    assert "Strength" in rows[0] and "Strength vs Fat loss" in rows[0]


def test_session_rows_read_sets_x_reps_rest_rir_and_cue(plans):
    session = plans["growth"].weeks[0].sessions[0]
    rows = session_rows(session)
    first, item = rows[0], session.exercises[0]
    assert first["Exercise"] == item.name
    assert first["Sets x reps"] == f"{item.sets} x {reps_text(item)}"
    assert first["Rest"] == f"{item.rest_s} s"
    assert first["RIR"] == f"{item.target_rir:g}"
    assert first["Cue"] == item.cue
    assert "Load" not in first  # growth prescribes no %1RM


def test_strength_session_rows_show_the_percent_of_1rm_on_main_lifts(plans):
    rows = [r for w in plans["strength"].weeks for s in w.sessions for r in session_rows(s)]
    assert any(str(row.get("Load", "")).endswith("% 1RM") for row in rows)


def test_rationale_rows_name_the_rule_behind_every_week_one_prescription(plans):
    plan = plans["growth"]
    rows = rationale_rows(plan)
    assert len(rows) == sum(len(s.exercises) for s in plan.weeks[0].sessions)
    assert all(row["Why"] for row in rows)


def test_rationale_markdown_lists_every_week_one_prescription_by_session(plans):
    plan = plans["strength"]
    text = rationale_markdown(plan)
    rows = rationale_rows(plan)
    assert text.count("\n- ") + text.startswith("- ") == len(rows)
    assert text.index("**Session 1**") < text.index("**Session 2**")
    assert "\\~1-1.5x" in text  # Markdown specials are escaped, shown as typed


def test_markdown_text_escapes_what_markdown_would_format():
    assert markdown_text("*a* _b_ ~c~ [d](e) <f>") == r"\*a\* \_b\_ \~c\~ \[d\](e) \<f\>"


def test_a_stored_plans_imported_text_cannot_link_load_or_typeset_anything(plans):
    """A saved plan opens as stored, so its strings may come from a tampered import."""
    hostile = "see https://evil.example/x or www.evil.example, mail a@evil.example, $x^2$ ![p](q)"
    week = plans["growth"].weeks[0]
    session = week.sessions[0]
    item = session.exercises[0].model_copy(update={"rationale": hostile})
    tampered = plans["growth"].model_copy(
        update={
            "weeks": (
                week.model_copy(
                    update={
                        "sessions": (
                            session.model_copy(update={"exercises": (item,)}),
                            *week.sessions[1:],
                        )
                    }
                ),
                *plans["growth"].weeks[1:],
            )
        }
    )
    text = rationale_markdown(tampered)
    for live in ("https://", "www.evil", "@evil"):  # autolinks split by a word joiner
        assert live not in text
    for mark in ("$", "[", "]"):  # LaTeX, links and images only ever escaped
        assert text.count(mark) == text.count("\\" + mark) > 0
    assert text.replace("\u2060", "").replace("\\", "").count("https://evil.example/x") == 1


def test_headline_and_week_title_say_what_was_planned(plans):
    plan = plans["strength"]
    assert plan_headline(plan).startswith("Strength · Intermediate · 5 weeks × 2 sessions")
    assert week_title(plan.weeks[-1]).startswith("Week 5 · deload")


def test_exercise_filter_keeps_only_doable_exercises_that_credit_a_chosen_region(catalog):
    dumbbell_biceps = filter_exercises(catalog, ["dumbbell"], ["biceps"])
    assert dumbbell_biceps
    for exercise in dumbbell_biceps:
        assert exercise.regions.biceps > 0
        assert exercise.option_for(frozenset({"dumbbell"})) is not None
    assert len(filter_exercises(catalog)) == len(catalog.exercises)


def test_exercise_rows_carry_cues_and_region_credits(catalog):
    row = exercise_rows(catalog.exercises[:1])[0]
    exercise = catalog.exercises[0]
    assert row["Cue"] == exercise.cue
    credits = exercise.regions
    assert (row["Upper"], row["Mid"], row["Lower"], row["Biceps"]) == (
        credits.upper, credits.mid, credits.lower, credits.biceps,
    )  # fmt: skip


def test_progression_markdown_lists_how_to_progress_every_exercise(catalog, presets):
    from planner import build_plan, parse_request
    from planner.summary import progression_markdown

    plan = build_plan(
        parse_request(goal="growth", experience="intermediate", equipment="full_gym"),
        catalog,
        presets,
    )
    session = plan.weeks[0].sessions[0]
    text = progression_markdown(session)
    assert text.count("\n- ") + 1 == len(session.exercises)
    assert "2-for-2" in text or "double progression" in text


def test_block_rows_give_each_week_its_phase_effort_sets_and_session_minutes(catalog, presets):
    plan = _plan(catalog, presets, weeks=6, sessions=3, minutes=45)
    rows = block_rows(plan)
    assert [row["Week"] for row in rows] == ["1", "2", "3", "4", "5", "6"]
    for row, week in zip(rows, plan.weeks, strict=True):
        assert row["RIR"] == f"{week.target_rir:g}"
        assert int(row["Sets"]) == sum(p.sets for s in week.sessions for p in s.exercises)
        minutes = [float(m) for m in row["Minutes"].split("\u00a0·\u00a0")]
        assert minutes == [round(s.minutes) for s in week.sessions] and len(minutes) == 3
    assert rows[-1]["Phase"] == "deload" and float(rows[-1]["RIR"]) >= 4
    assert {row["Phase"] for row in rows[:-1]} <= {w.phase for w in plan.weeks}
    assert int(rows[-1]["Sets"]) < int(rows[-2]["Sets"])  # the deload halves sets


def test_block_rows_without_a_deload_name_no_deload_week(catalog, presets):
    rows = block_rows(_plan(catalog, presets, deload=False, sessions=1))
    assert "deload" not in {row["Phase"] for row in rows}
    assert all("·" not in row["Minutes"] for row in rows)  # one session a week


def test_block_markdown_is_a_table_with_a_row_per_week(catalog, presets):
    plan = _plan(catalog, presets, weeks=4, minutes=50)
    lines = block_markdown(plan).splitlines()
    assert lines[0] == "| Week | Phase | RIR | Sets | Minutes |"
    assert lines[1].count("|") == 6 and len(lines) == 2 + 4
    assert lines[2].startswith("| 1 | ") and lines[-1].startswith("| 4 | deload | ")
