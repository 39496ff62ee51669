"""`LiveDKT`: a trained DKT model, one answer at a time, in numpy (no torch).

Reads the model file that `its train --model dkt` writes and repeats the LSTM step of
`its.tracing.deep.dkt.DKTNet` (gate order input, forget, cell, output, as in torch), and
its last-answer table where the model has one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from its.tracing.live.model_file import check_shapes, read_model_file
from its.tracing.live.settings import checked_settings

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False)
class DKTState:
    """A learner's LSTM state: `hidden` and `cell`, each (H,), and `previous`, the code
    `2 * skill + correct` of the last answer (-1 before the first). Treat as immutable."""

    hidden: FloatArray
    cell: FloatArray
    previous: int = -1


class LiveDKT:
    """Live DKT tracing.

    Example:
        model = LiveDKT.load("dkt.npz")
        state = model.initial_state()
        state = model.update(state, "12", correct=True)
        p = model.p_correct(state)          # (len(model.skills),), in `skills` order
        p[model.skills.index("13")]         # P(next answer on skill "13" is correct)

    Attributes:
        skills: the training skills' names, the order of `p_correct`'s entries.
        model_name: the name `its train --model` knows it by.
    """

    model_name = "dkt"

    def __init__(
        self,
        skills: tuple[str, ...],
        *,
        gate_table: FloatArray,
        recurrent: FloatArray,
        out_weight: FloatArray,
        out_bias: FloatArray,
        last: FloatArray | None = None,
    ) -> None:
        self.skills = skills
        self._index = {name: k + 1 for k, name in enumerate(skills)}
        self._gate_table = gate_table
        self._recurrent = recurrent
        self._out_weight = out_weight
        self._out_bias = out_bias
        self._last = last

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> LiveDKT:
        """Read a DKT model file (plain arrays; nothing is unpickled).

        Raises:
            DataFormatError: the file is unreadable, not a DKT model, or its weights do
                not have the shapes its header (skills, hidden, embedding) implies.
        """
        stored = read_model_file(path, model="dkt")
        settings = checked_settings(
            path,
            "dkt",
            stored.meta.get("settings"),
            required=("hidden", "embedding", "last_answer"),
        )
        hidden, embedding = int(settings["hidden"]), int(settings["embedding"])
        outputs = len(stored.meta["skills"]) + 1  # row 0: unknown skill
        shapes = {
            "interaction.weight": (2 * outputs, embedding),
            "lstm.weight_ih_l0": (4 * hidden, embedding),
            "lstm.weight_hh_l0": (4 * hidden, hidden),
            "lstm.bias_ih_l0": (4 * hidden,),
            "lstm.bias_hh_l0": (4 * hidden,),
            "out.weight": (outputs, hidden),
            "out.bias": (outputs,),
        }
        if settings["last_answer"]:
            shapes["last.weight"] = (2 * outputs, outputs)
        check_shapes(path, stored.arrays, shapes)
        arrays = {name: value.astype(np.float64) for name, value in stored.arrays.items()}
        # Input part of the gates for every possible interaction, computed once.
        gate_table = (
            arrays["interaction.weight"] @ arrays["lstm.weight_ih_l0"].T
            + arrays["lstm.bias_ih_l0"]
            + arrays["lstm.bias_hh_l0"]
        )
        return cls(
            tuple(stored.meta["skills"]),
            gate_table=gate_table,
            recurrent=arrays["lstm.weight_hh_l0"],
            out_weight=arrays["out.weight"],
            out_bias=arrays["out.bias"],
            last=arrays.get("last.weight"),
        )

    def initial_state(self) -> DKTState:
        """The state of a learner with no answers yet."""
        size = self._recurrent.shape[1]
        return DKTState(hidden=np.zeros(size), cell=np.zeros(size))

    def update(self, state: DKTState, skill: str | int, correct: bool | int) -> DKTState:
        """The state after one more answer.

        Args:
            state: the learner's state before the answer.
            skill: the skill's name; an int is taken as its name (3-line logs name
                skills by number), and a skill unknown to the model counts as "unknown".
            correct: True/False or 1/0.

        Raises:
            ValueError: `correct` is not 0/1 (or a bool), or `skill` is not a str or int.
        """
        if not isinstance(correct, int | np.integer | np.bool_) or correct not in (0, 1):
            raise ValueError(f"correct must be 0/1 or True/False, got {correct!r}")
        if isinstance(skill, bool | np.bool_) or not isinstance(skill, str | int | np.integer):
            raise ValueError(f"skill must be a skill name (str) or number (int), got {skill!r}")
        interaction = 2 * self._index.get(
            skill if isinstance(skill, str) else str(int(skill)), 0
        ) + int(correct)
        gates = self._gate_table[interaction] + self._recurrent @ state.hidden
        i, f, g, o = np.split(gates, 4)
        cell = _sigmoid(f) * state.cell + _sigmoid(i) * np.tanh(g)
        return DKTState(hidden=_sigmoid(o) * np.tanh(cell), cell=cell, previous=interaction)

    def p_correct(self, state: DKTState) -> FloatArray:
        """P(correct) of the next answer on each skill of `skills`."""
        logits = self._out_weight[1:] @ state.hidden + self._out_bias[1:]
        if self._last is not None and state.previous >= 0:
            logits = logits + self._last[state.previous, 1:]
        return _sigmoid(logits)


def _sigmoid(x: FloatArray) -> FloatArray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # no overflow for large |x|
