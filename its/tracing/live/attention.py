"""`LiveAttention`: a trained attention model, one answer at a time, in numpy (no torch).

Reads the model file that `its train --model attention` writes and repeats
`its.tracing.deep.attention.AttentionNet` for the next answer. The state keeps the last
`window - 1` answers (the most context the model was trained with): their question
embeddings, the first layer's keys and every layer's values, computed once per answer.
`p_correct` then attends from one query per skill to those rows.

Batch prediction (`AttentionKT.predict`) scores a long learner in windows whose context is
between `window / 2` and `window - 1` answers, so the two agree exactly on each learner's
first `window` answers and wherever a batch window ends at the answer; beyond that the live
model has the longer context (it equals the torch model run on the same last answers).
Every skill of the next answer is predicted at the next position; batch scoring places the
later rows of a multi-skill answer one step further on (same keys, one more step of decay).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from its.errors import DataFormatError
from its.tracing.live.model_file import check_shapes, read_model_file
from its.tracing.live.settings import checked_settings

FloatArray = npt.NDArray[np.float64]

_EPS = 1e-5  # torch's LayerNorm default
_SIZES = ("size", "heads", "layers", "window")  # the settings that fix the weights


@dataclass(frozen=True, slots=True, eq=False)
class AttentionState:
    """A learner's recent answers as the model sees them (treat as immutable).

    Attributes:
        questions: (n, D) question embeddings x of the last n <= window - 1 answers.
        keys: (n, D) the first layer's keys of those answers.
        values: (layers, n, D) each layer's values of those answers.
        answers: how many answers the learner has given in all.
    """

    questions: FloatArray
    keys: FloatArray
    values: FloatArray
    answers: int


@dataclass(frozen=True, slots=True, eq=False)
class _Layer:
    query_key: tuple[FloatArray, FloatArray]
    value: tuple[FloatArray, FloatArray]
    out: tuple[FloatArray, FloatArray]
    rate: FloatArray  # (heads,) softplus of the learned decay rate
    norm1: tuple[FloatArray, FloatArray]
    feed_in: tuple[FloatArray, FloatArray]
    feed_out: tuple[FloatArray, FloatArray]
    norm2: tuple[FloatArray, FloatArray]


class LiveAttention:
    """Live tracing with the attention model.

    Example:
        model = LiveAttention.load("attention.npz")
        state = model.initial_state()
        state = model.update(state, "12", correct=True)
        p = model.p_correct(state)          # (len(model.skills),), in `skills` order

    Attributes:
        skills: the training skills' names, the order of `p_correct`'s entries.
        model_name: the name `its train --model` knows it by.
    """

    model_name = "attention"

    def __init__(
        self,
        skills: tuple[str, ...],
        items: tuple[str, ...],
        *,
        arrays: dict[str, FloatArray],
        heads: int,
        layers: int,
        window: int,
    ) -> None:
        self.skills = skills
        self._skill_index = {name: k + 1 for k, name in enumerate(skills)}
        self._item_index = {name: k + 1 for k, name in enumerate(items)}
        self._heads, self._context = heads, window - 1
        self._concept = arrays["concept.weight"]
        self._variation = arrays["variation.weight"]
        self._difficulty = arrays["difficulty.weight"][:, 0]
        self._response = arrays["response.weight"]
        self._layers = [_layer(arrays, f"layers.{n}.") for n in range(layers)]
        self._head = [(arrays[f"head.{k}.weight"], arrays[f"head.{k}.bias"]) for k in (0, 3)]
        # A skill's question when no item is given: its own item where the log had no
        # items (the skill plays the item), else the unknown item (difficulty 0).
        own = [self._item_index.get(name, 0) if items == skills else 0 for name in skills]
        self._skill_questions = self._question(np.arange(1, len(skills) + 1), np.array(own))
        # What p_correct computes from the skills' questions alone, done once: the first
        # layer's queries, and the head's term of the question half of its input.
        first = self._layers[0].query_key
        self._skill_queries = self._skill_questions @ first[0].T + first[1]
        (w0, b0), _ = self._head
        size = self._concept.shape[1]
        self._head_of_questions = self._skill_questions @ w0[:, size:].T + b0

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> LiveAttention:
        """Read an attention model file (plain arrays; nothing is unpickled).

        Raises:
            DataFormatError: the file is unreadable, not an attention model, or its
                weights do not have the shapes its header implies.
        """
        stored = read_model_file(path, model="attention")
        settings = checked_settings(path, "attention", stored.meta.get("settings"), required=_SIZES)
        size, heads, layers, window = (int(settings[n]) for n in _SIZES)
        skills, items = tuple(stored.meta["skills"]), tuple(stored.meta.get("items", []))
        if size % heads:
            raise DataFormatError(f"{path}: header field 'settings': heads must divide size")
        expected = _shapes(len(skills) + 1, len(items) + 1, size, heads, layers)
        check_shapes(path, stored.arrays, expected)
        arrays = {name: value.astype(np.float64) for name, value in stored.arrays.items()}
        return cls(skills, items, arrays=arrays, heads=heads, layers=layers, window=window)

    def initial_state(self) -> AttentionState:
        """The state of a learner with no answers yet."""
        size = self._concept.shape[1]
        empty = np.zeros((0, size))
        return AttentionState(empty, empty, np.zeros((len(self._layers), 0, size)), 0)

    def update(
        self,
        state: AttentionState,
        skill: str | int,
        correct: bool | int,
        *,
        item: str | None = None,
    ) -> AttentionState:
        """The state after one more answer.

        Args:
            state: the learner's state before the answer.
            skill: the skill's name; an int is taken as its name (3-line logs name
                skills by number); a skill unknown to the model counts as "unknown".
            correct: True/False or 1/0.
            item: the item's name, for a model trained on a log with items (its
                difficulty then counts); None: the skill's own question, as in
                `p_correct`.

        Raises:
            ValueError: `correct` is not 0/1 (or a bool), or `skill` is not a str or int.
        """
        if not isinstance(correct, int | np.integer | np.bool_) or correct not in (0, 1):
            raise ValueError(f"correct must be 0/1 or True/False, got {correct!r}")
        if isinstance(skill, bool | np.bool_) or not isinstance(skill, str | int | np.integer):
            raise ValueError(f"skill must be a skill name (str) or number (int), got {skill!r}")
        index = self._skill_index.get(skill if isinstance(skill, str) else str(int(skill)), 0)
        if item is None:
            question = self._skill_questions[index - 1] if index else self._question_of(0, 0)
        else:
            question = self._question_of(index, self._item_index.get(item, 0))
        interaction = question + self._response[int(correct)]
        # The rows kept: the last `window - 1` answers, this one included (none for a
        # window of 1, whose batch windows score each answer without context).
        keep = slice(max(state.questions.shape[0] + 1 - self._context, 0), None)
        first = self._layers[0].query_key
        values = np.stack(
            [interaction @ layer.value[0].T + layer.value[1] for layer in self._layers]
        )
        return AttentionState(
            questions=np.vstack([state.questions, question])[keep],
            keys=np.vstack([state.keys, question @ first[0].T + first[1]])[keep],
            values=np.concatenate([state.values, values[:, None]], axis=1)[:, keep],
            answers=state.answers + 1,
        )

    def p_correct(self, state: AttentionState) -> FloatArray:
        """P(correct) of the next answer on each skill of `skills`."""
        count = state.questions.shape[0]
        hidden = state.questions  # (n, D): the earlier rows' inputs to each layer
        queries = self._skill_questions  # (K, D)
        projected = self._skill_queries
        keys = state.keys
        for depth, layer in enumerate(self._layers):
            if depth:
                keys = hidden @ layer.query_key[0].T + layer.query_key[1]
                projected = queries @ layer.query_key[0].T + layer.query_key[1]
            distance = count - np.arange(count, dtype=np.float64)
            mixed = self._attend(layer, projected, keys, state.values[depth], distance[None], None)
            if depth + 1 < len(self._layers):  # deeper layers attend to these rows' outputs
                hidden = self._history(layer, hidden, keys, state.values[depth])
            queries = self._finish(layer, queries, mixed)
        (w0, _), (w1, b1) = self._head
        size = queries.shape[1]
        inner = queries @ w0[:, :size].T + self._head_of_questions
        logits = np.maximum(inner, 0.0) @ w1[0] + b1[0]
        return _sigmoid(logits)

    def _question(self, skill: npt.NDArray[Any], item: npt.NDArray[Any]) -> FloatArray:
        """x = c[skill] + mu[item] d[skill], for arrays of indices."""
        out: FloatArray = (
            self._concept[skill] + self._difficulty[item][:, None] * self._variation[skill]
        )
        return out

    def _question_of(self, skill: int, item: int) -> FloatArray:
        row: FloatArray = self._question(np.array([skill]), np.array([item]))[0]
        return row

    def _history(
        self, layer: _Layer, inputs: FloatArray, keys: FloatArray, values: FloatArray
    ) -> FloatArray:
        """One layer for the earlier rows themselves (each sees the rows before it)."""
        position = np.arange(inputs.shape[0], dtype=np.float64)
        distance = position[:, None] - position[None, :]
        mixed = self._attend(layer, keys, keys, values, distance, distance > 0)
        return self._finish(layer, inputs, mixed)

    def _attend(
        self,
        layer: _Layer,
        queries: FloatArray,
        keys: FloatArray,
        values: FloatArray,
        distance: FloatArray,
        allowed: npt.NDArray[np.bool_] | None,
    ) -> FloatArray:
        """Decaying attention of queries (Q, D) to rows (n, D); rows not allowed get no weight
        (a query with no row gets zeros, as the torch model's masked softmax gives)."""
        heads, (count, size) = self._heads, queries.shape
        width = size // heads
        if keys.shape[0] == 0:
            return np.zeros((count, size))
        # (h, Q, d) @ (h, d, n) on C-ordered copies: strided operands would make numpy's
        # matmul skip BLAS. The (h, Q, n) arrays are then changed in place, as each new
        # temporary of that size costs more than the arithmetic on it.
        q = queries.reshape(count, heads, width).transpose(1, 0, 2) / math.sqrt(width)
        q = np.ascontiguousarray(q)
        k = np.ascontiguousarray(keys.reshape(-1, heads, width).transpose(1, 2, 0))
        v = np.ascontiguousarray(values.reshape(-1, heads, width).transpose(1, 0, 2))
        weights = q @ k
        weights -= layer.rate[:, None, None] * distance[None]
        if allowed is not None:
            weights[:, ~allowed] = -np.inf
        top = np.max(weights, axis=-1, keepdims=True)
        weights -= np.where(np.isfinite(top), top, 0.0)
        np.exp(weights, out=weights)
        total = weights.sum(-1, keepdims=True)
        weights /= np.where(total > 0, total, 1.0)  # no allowed row: all weights stay 0
        mixed: FloatArray = (weights @ v).transpose(1, 0, 2).reshape(count, size)
        return mixed

    def _finish(self, layer: _Layer, inputs: FloatArray, mixed: FloatArray) -> FloatArray:
        """Output projection, residual and norm, feed-forward, residual and norm."""
        attended = mixed @ layer.out[0].T + layer.out[1]
        h = _layer_norm(inputs + attended, layer.norm1)
        inner = np.maximum(h @ layer.feed_in[0].T + layer.feed_in[1], 0.0)
        return _layer_norm(h + inner @ layer.feed_out[0].T + layer.feed_out[1], layer.norm2)


def _layer(arrays: dict[str, FloatArray], prefix: str) -> _Layer:
    def pair(name: str) -> tuple[FloatArray, FloatArray]:
        return arrays[f"{prefix}{name}.weight"], arrays[f"{prefix}{name}.bias"]

    return _Layer(
        query_key=pair("attention.query_key"),
        value=pair("attention.value"),
        out=pair("attention.out"),
        rate=np.logaddexp(0.0, arrays[f"{prefix}attention.rate"]),  # softplus
        norm1=pair("norm1"),
        feed_in=pair("feed.0"),
        feed_out=pair("feed.3"),
        norm2=pair("norm2"),
    )


def _shapes(
    skills: int, items: int, size: int, heads: int, layers: int
) -> dict[str, tuple[int, ...]]:
    """Every weight of `AttentionNet` and its shape, from the header's sizes."""
    shapes: dict[str, tuple[int, ...]] = {
        "concept.weight": (skills, size),
        "variation.weight": (skills, size),
        "difficulty.weight": (items, 1),
        "response.weight": (2, size),
        "head.0.weight": (size, 2 * size),
        "head.0.bias": (size,),
        "head.3.weight": (1, size),
        "head.3.bias": (1,),
    }
    for n in range(layers):
        p = f"layers.{n}."
        for name in ("attention.query_key", "attention.value", "attention.out"):
            shapes |= {f"{p}{name}.weight": (size, size), f"{p}{name}.bias": (size,)}
        shapes[f"{p}attention.rate"] = (heads,)
        for name in ("norm1", "norm2"):
            shapes |= {f"{p}{name}.weight": (size,), f"{p}{name}.bias": (size,)}
        shapes |= {f"{p}feed.0.weight": (2 * size, size), f"{p}feed.0.bias": (2 * size,)}
        shapes |= {f"{p}feed.3.weight": (size, 2 * size), f"{p}feed.3.bias": (size,)}
    return shapes


def _layer_norm(x: FloatArray, weight_bias: tuple[FloatArray, FloatArray]) -> FloatArray:
    centred = x - x.mean(-1, keepdims=True)
    scale = np.sqrt((centred**2).mean(-1, keepdims=True) + _EPS)
    out: FloatArray = centred / scale * weight_bias[0] + weight_bias[1]
    return out


def _sigmoid(x: FloatArray) -> FloatArray:
    out: FloatArray = 0.5 * (1.0 + np.tanh(0.5 * x))  # no overflow for large |x|
    return out
