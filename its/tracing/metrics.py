"""Scores of predicted probabilities against 0/1 outcomes (numpy only)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

LOG_LOSS_EPS = 1e-15


def _pair(y: npt.ArrayLike, p: npt.ArrayLike) -> tuple[npt.NDArray[np.float64], ...]:
    y_a = np.asarray(y, dtype=np.float64).ravel()
    p_a = np.asarray(p, dtype=np.float64).ravel()
    if y_a.shape != p_a.shape:
        raise ValueError(f"outcomes and predictions differ in length: {y_a.size} != {p_a.size}")
    if y_a.size == 0:
        raise ValueError("no outcomes to score")
    return y_a, p_a


def auc(y: npt.ArrayLike, p: npt.ArrayLike) -> float:
    """Area under the ROC curve: P(a random correct answer scores above a random wrong one).

    Ties count one half (mid-ranks, as in the Mann-Whitney U statistic).

    Returns:
        The AUC, or NaN when `y` holds only one class.
    """
    y_a, p_a = _pair(y, p)
    positive = y_a > 0.5
    n_pos = int(positive.sum())
    n_neg = y_a.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(p_a, kind="mergesort")
    sorted_p = p_a[order]
    # Tie groups: mid-rank (1-based) of each group, given to all its members.
    starts = np.flatnonzero(np.r_[True, sorted_p[1:] != sorted_p[:-1]])
    ends = np.r_[starts[1:], sorted_p.size]
    mid_ranks = (starts + ends + 1) / 2.0
    ranks = np.empty(p_a.size)
    ranks[order] = np.repeat(mid_ranks, ends - starts)
    u = ranks[positive].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))


def rmse(y: npt.ArrayLike, p: npt.ArrayLike) -> float:
    """Root mean squared error."""
    y_a, p_a = _pair(y, p)
    return float(np.sqrt(np.mean((y_a - p_a) ** 2)))


def accuracy(y: npt.ArrayLike, p: npt.ArrayLike) -> float:
    """Share of answers where ``p >= 0.5`` matches the outcome."""
    y_a, p_a = _pair(y, p)
    return float(np.mean((p_a >= 0.5) == (y_a > 0.5)))


def log_loss(y: npt.ArrayLike, p: npt.ArrayLike, *, eps: float = LOG_LOSS_EPS) -> float:
    """Mean negative log-likelihood, with `p` clipped to [eps, 1 - eps]."""
    y_a, p_a = _pair(y, p)
    p_a = np.clip(p_a, eps, 1 - eps)
    return float(-np.mean(y_a * np.log(p_a) + (1 - y_a) * np.log1p(-p_a)))


def evaluate(y: npt.ArrayLike, p: npt.ArrayLike) -> dict[str, float]:
    """All scores: keys auc, rmse, accuracy, log_loss."""
    return {
        "auc": auc(y, p),
        "rmse": rmse(y, p),
        "accuracy": accuracy(y, p),
        "log_loss": log_loss(y, p),
    }
