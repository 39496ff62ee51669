"""Tutoring decisions: what to practise next, hints, mastery. Pure; no screen, no store."""

from its.tutor.mastery import MASTERY_THRESHOLD, MasteryModel
from its.tutor.policy import POLICIES, Decision, Reason
from its.tutor.session import Feedback, Session, Summary, Tutor

__all__ = [
    "MASTERY_THRESHOLD",
    "POLICIES",
    "Decision",
    "Feedback",
    "MasteryModel",
    "Reason",
    "Session",
    "Summary",
    "Tutor",
]
