"""`its simulate` runs simulated learners through the real tutor and reports per policy."""

import json

import pytest
from click.testing import CliRunner

from its.cli import cli
from its.items.load import load_bank, starter_bank_path
from its.items.model import Bank
from its.sim.report import compare
from its.sim.runner import simulate


@pytest.fixture(scope="module")
def starter() -> Bank:
    return load_bank(starter_bank_path())


def test_json_lines_have_the_promised_keys() -> None:
    result = CliRunner().invoke(cli, ["simulate", "--learners", "4", "--seed", "3", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["policy"] for r in rows] == ["adaptive", "fixed", "random"]
    for row in rows:
        assert {"items_to_mastery_mean", "post_test_mean", "decision_ms_p99"} <= set(row)
        low, high = row["items_to_mastery_ci95"]
        assert low <= row["items_to_mastery_mean"] <= high
        assert 0.0 < row["post_test_mean"] < 1.0


def test_the_table_names_each_policy() -> None:
    result = CliRunner().invoke(cli, ["simulate", "--learners", "2", "--policy", "fixed"])
    assert result.exit_code == 0, result.output
    header, row = result.output.splitlines()
    assert header.split()[:3] == ["policy", "placement", "items"]
    assert row.split()[:3] == ["fixed", "no", "70.0"]


def test_an_unknown_policy_is_a_clear_error() -> None:
    result = CliRunner().invoke(cli, ["simulate", "--policy", "smart", "--learners", "1"])
    assert result.exit_code == 2
    assert "unknown policy 'smart'; choose one of adaptive, fixed, random" in result.output
    assert "Traceback" not in result.output


def test_the_fixed_course_answers_every_item_once(starter: Bank) -> None:
    runs = simulate(starter, policy="fixed", learners=3, seed=0)
    for run in runs:
        assert [a.item_id for a in run.attempts] == [it.id for it in starter.items]
        assert run.finished


def test_the_same_seed_draws_the_same_learners(starter: Bank) -> None:
    first = simulate(starter, policy="adaptive", learners=3, seed=5)
    again = simulate(starter, policy="adaptive", learners=3, seed=5)
    assert [r.items for r in first] == [r.items for r in again]
    assert [r.post_test for r in first] == [r.post_test for r in again]
    fixed = simulate(starter, policy="fixed", learners=3, seed=5)
    assert [r.known_at_start for r in fixed] == [r.known_at_start for r in first]


def test_adaptive_learners_finish_with_everything_mastered(starter: Bank) -> None:
    runs = simulate(starter, policy="adaptive", learners=5, seed=2)
    assert all(r.finished for r in runs)
    assert all(r.decision_seconds for r in runs)


def test_placement_spares_learners_what_they_already_know(starter: Bank) -> None:
    rows, _ = compare(
        starter, ["adaptive"], learners=15, seed=4, known_fraction=0.5, placement=False
    )
    placed, _ = compare(
        starter, ["adaptive"], learners=15, seed=4, known_fraction=0.5, placement=True
    )
    assert placed[0]["placement"] is True
    assert float(placed[0]["wasted_items_mean"]) < float(rows[0]["wasted_items_mean"])  # type: ignore[arg-type]


def test_a_stricter_threshold_is_passed_to_the_tutor() -> None:
    args = ["simulate", "--learners", "3", "--policy", "adaptive", "--json"]
    loose = json.loads(CliRunner().invoke(cli, args).output)
    strict = json.loads(CliRunner().invoke(cli, [*args, "--threshold", "0.99"]).output)
    assert (loose["threshold"], strict["threshold"]) == (0.95, 0.99)
    assert strict["items_to_mastery_mean"] > loose["items_to_mastery_mean"]
