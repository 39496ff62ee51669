"""The tutor's tracing from a model file trained on the app's logs, so the app learns from them.

A researcher fits a model on the app's own events and learners start the app with it:

- BKT (`its train EVENTS.db --format its-db --model bkt -o bank-bkt.json`, then
  `its learn --model bank-bkt.json`): every competency the file knows takes its fitted
  prior, learn, guess, slip and forget; the others keep the defaults. Read in plain Python
  (`LiveBKT`).
- A live model (`its train EVENTS.db --format its-db --model dkt -o bank-dkt.npz`, then
  `its learn --model bank-dkt.npz`; any file `its.tracing.live.registry.load_live` reads):
  the competencies it tells apart a learner who knows them from one who does not are traced
  by it (`its.tutor.live`), the others by BKT with the defaults; a file that separates none
  is refused. Read with numpy alone.

The learner's path stays light: neither kind needs torch.
"""

from __future__ import annotations

import os

from its.errors import ItsError
from its.items.model import Bank, CompetencyId
from its.tracing.bkt.online import LiveBKT
from its.tutor.live import LiveTracing, live_tracing
from its.tutor.mastery import MasteryModel

BKT_SUFFIX = ".json"
"""BKT model files are JSON (`BKT.save`); live model files are `.npz` (`its train` names
each kind by its suffix)."""


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


def tracing_from_file(
    path: str | os.PathLike[str], bank: Bank
) -> tuple[MasteryModel, LiveTracing | None]:
    """The tutor's `model` and `live` tracing for `its learn --model FILE`: a `.json` file
    is a BKT file, any other a live model file.

    Raises:
        DataFormatError: the file is not a model file of its kind.
        ItsError: the file knows (a live file: separates) none of the bank's competencies.
    """
    if os.fspath(path).lower().endswith(BKT_SUFFIX):
        return fitted_mastery_model(path, bank), None
    live = live_tracing(path, bank)
    return live.mastery_model(MasteryModel()), live
