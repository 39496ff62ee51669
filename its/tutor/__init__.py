"""Tutoring decisions: what to practise next, review, placement, hints, mastery. Pure; no
screen, no store."""

from its.tutor.mastery import MASTERY_THRESHOLD, MasteryModel
from its.tutor.placement import PLACEMENT_ITEMS, new_placement_session_id
from its.tutor.policy import POLICIES, Decision, Reason
from its.tutor.review import Memory, ReviewModel
from its.tutor.session import Feedback, Session, Tutor
from its.tutor.summary import Summary

__all__ = [
    "MASTERY_THRESHOLD",
    "PLACEMENT_ITEMS",
    "POLICIES",
    "Decision",
    "Feedback",
    "MasteryModel",
    "Memory",
    "Reason",
    "ReviewModel",
    "Session",
    "Summary",
    "Tutor",
    "new_placement_session_id",
]
