"""Live models by name, for the learner app: `load_live(path)` picks the class by the file.

Each live model has `skills`, `initial_state()`, `update(state, skill, correct) -> state`
(`correct` 0/1 or a bool; `skill` a name, or an int taken as its name)
and `p_correct(state) -> (len(skills),) array`, and runs on numpy alone. A state is the
model's own immutable value (`DKTState`, `AttentionState`): only that model reads it.
"""

from __future__ import annotations

import os
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from its.errors import DataFormatError
from its.tracing.live.attention import LiveAttention
from its.tracing.live.dkt import LiveDKT
from its.tracing.live.model_file import read_model_file


class LiveModel(Protocol):
    skills: tuple[str, ...]
    model_name: str  # as `its train --model` names it

    def initial_state(self) -> Any: ...

    def update(self, state: Any, skill: str | int, correct: bool | int) -> Any: ...

    def p_correct(self, state: Any) -> npt.NDArray[np.float64]: ...


LIVE_MODELS: dict[str, type[LiveDKT] | type[LiveAttention]] = {
    "dkt": LiveDKT,
    "attention": LiveAttention,
}


def load_live(path: str | os.PathLike[str]) -> LiveModel:
    """Load the model file at `path` with the live class of the model it holds.

    Raises:
        DataFormatError: unreadable file, or a model with no live (numpy) version.
    """
    name = read_model_file(path).meta["model"]  # a name: read_model_file checks it
    live = LIVE_MODELS.get(name)
    if live is None:
        raise DataFormatError(
            f"{path}: model {name!r} has no live version; live models are "
            f"{', '.join(sorted(LIVE_MODELS))}"
        )
    return live.load(path)
