"""The tutor's tracing parameters from a fitted model file, so the app learns from its logs.

A researcher fits BKT on the app's own events (`its train EVENTS.db --format its-db --model
bkt -o bank-bkt.json`) and learners start the app with `its learn --model bank-bkt.json`:
every competency the file knows takes its fitted prior, learn, guess, slip and forget; the
others keep the defaults. Read in plain Python (`LiveBKT`): the learner's path stays light.
"""

from __future__ import annotations

import os

from its.errors import ItsError
from its.items.model import Bank, CompetencyId
from its.tracing.bkt.online import LiveBKT
from its.tutor.mastery import MasteryModel


def fitted_mastery_model(path: str | os.PathLike[str], bank: Bank) -> MasteryModel:
    """The mastery model of `bank` with the parameters fitted in a `BKT.save` file.

    Raises:
        DataFormatError: the file is not a BKT model file.
        ItsError: the file fits none of the bank's competencies.
    """
    live = LiveBKT.load(path)
    fitted = {CompetencyId(c): live.params(c) for c in bank.competencies if c in live.skills}
    if not fitted:
        known = ", ".join(sorted(live.skills)[:5]) or "none"
        raise ItsError(
            f"{path}: fits none of the bank's competencies (it has {known}); "
            "fit it on this bank's events with `its train ... --format its-db --model bkt`"
        )
    return MasteryModel(params=fitted)
