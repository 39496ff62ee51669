"""The oracle bound sees the simulator's truth: more target ability costs more items and
buys a better post-test, and it never practises what the learner already knew."""

from its.items.load import load_bank, starter_bank_path
from its.sim.oracle import GREEDY_LIMIT, greedy_bound, oracle_bound
from its.sim.runner import cohort, simulate


def test_a_higher_target_costs_items_and_buys_post_test() -> None:
    bank = load_bank(starter_bank_path())
    rows = oracle_bound(bank, learners=20, seed=3, targets=(1.0, 3.0))
    low, low_review, high, _ = rows
    assert (low.review, low_review.review) == (False, True)
    assert low.items_mean < high.items_mean
    assert low.post_test_mean < high.post_test_mean
    assert low_review.items_mean > low.items_mean  # one review item per practised competency


def test_a_learner_who_knows_everything_needs_no_items() -> None:
    bank = load_bank(starter_bank_path())
    row = oracle_bound(bank, learners=5, seed=1, known_fraction=1.0, targets=(3.0,))[0]
    assert row.items_mean == 0.0


def test_every_policy_is_graded_on_the_same_post_test_items() -> None:
    bank = load_bank(starter_bank_path())
    first = [d.post_items for d in cohort(bank, learners=3, seed=9)]
    assert first == [d.post_items for d in cohort(bank, learners=3, seed=9)]
    fixed = simulate(bank, policy="fixed", learners=3, seed=9, known_fraction=1.0)
    random = simulate(bank, policy="random", learners=3, seed=9, known_fraction=1.0)
    # Learners who know everything score the same on the same items, whatever they practised
    # (practice moves a known competency's ability only a little: compare loosely).
    for a, b in zip(fixed, random, strict=True):
        assert abs(a.post_test - b.post_test) < 0.02


def test_the_greedy_oracle_buys_post_test_with_items_and_stops_when_gains_are_small() -> None:
    bank = load_bank(starter_bank_path())
    none, few, more = greedy_bound(bank, learners=10, seed=2, min_gains=(1.0, 0.004, 0.001))
    assert none.items_mean == 0
    assert 0 < few.items_mean < more.items_mean <= GREEDY_LIMIT
    assert none.post_test_mean < few.post_test_mean < more.post_test_mean
