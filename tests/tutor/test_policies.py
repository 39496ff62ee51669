"""Policies by name: the fixed course, the random baseline, unknown names."""

import itertools
from datetime import datetime

import numpy as np
import pytest

from its.errors import ItsError
from its.events import LearnerId, SessionId
from its.items.model import Bank
from its.tutor import POLICIES, Tutor


def _run(tutor: Tutor, now: datetime, response: str, limit: int = 200) -> list[str]:
    rng = np.random.default_rng(0)
    session = tutor.start(LearnerId("l"), [], session_id=SessionId("s"), now=now)
    served = []
    for _ in range(limit):
        session = tutor.next_question(session, rng=rng, now=now)
        if session.current is None:
            break
        served.append(session.current.item_id)
        session, _, _ = tutor.answer(session, response, now=now)
    return served


def test_the_three_policies_are_registered() -> None:
    assert {"adaptive", "fixed", "random"} <= set(POLICIES)


def test_an_unknown_policy_is_refused_with_the_names(bank: Bank) -> None:
    with pytest.raises(ItsError, match="unknown policy 'nope'; choose one of adaptive, fixed"):
        Tutor(bank, policy="nope")


@pytest.mark.parametrize("response", ["a", "b"])
def test_the_fixed_course_serves_every_item_once_in_bank_order(
    bank: Bank, now: datetime, response: str
) -> None:
    served = _run(Tutor(bank, policy="fixed"), now, response)
    assert served == [it.id for it in bank.items]


def test_the_fixed_course_says_why(bank: Bank, now: datetime) -> None:
    tutor = Tutor(bank, policy="fixed")
    session = tutor.start(LearnerId("l"), [], session_id=SessionId("s"), now=now)
    session = tutor.next_question(session, rng=np.random.default_rng(0), now=now)
    assert session.current is not None
    assert session.current.reason.key == "reason.course"
    assert session.current.reason.params["position"] == 1


def test_random_ignores_prerequisites_and_stops_once_everything_is_mastered(
    bank: Bank, now: datetime
) -> None:
    served = _run(Tutor(bank, policy="random"), now, "a")
    order = [s.split("-")[0] for s in served]
    assert len(served) < 200
    assert order != sorted(order, key=["basics", "data", "analytics"].index)
    assert len(served) == len(set(served))  # nothing repeats while unseen items remain


def test_random_keeps_going_while_something_is_not_mastered(bank: Bank, now: datetime) -> None:
    served = _run(Tutor(bank, policy="random"), now, "b", limit=40)
    assert len(served) == 40
    assert all(a != b for a, b in itertools.pairwise(served))
