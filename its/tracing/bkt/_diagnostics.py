"""The warnings a BKT fit gives: not converged, or a parameter on its bound."""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from its.tracing.base import ConvergenceWarning
from its.tracing.bkt._em import Fixed
from its.tracing.bkt._kernels import DEFAULT_BOUNDS, EPS, NAMES, Groups, Params, effective_bounds

AT_BOUND = 1e-9
"""How close to a bound a fitted value counts as on it."""
_STACK = 5
"""Warnings point at the caller of `BKT.fit` (caller -> fit -> _fit -> warn_* -> warn)."""


class BoundaryWarning(UserWarning):
    """A fitted parameter ended on one of its bounds (`BKT(bounds=...)`)."""


def warn_convergence(
    converged: npt.NDArray[np.bool_], skills: tuple[str, ...], n_iter: int
) -> None:
    """ConvergenceWarning naming a few skills that had not converged, if any."""
    if converged.all():
        return
    stuck = [skills[k] for k in np.flatnonzero(~converged)[:5].tolist()]
    warnings.warn(
        f"BKT: {int((~converged).sum())} of {len(skills)} skills had not converged "
        f"after n_iter={n_iter} EM iterations (e.g. {', '.join(map(repr, stuck))}); "
        "raise n_iter or tol",
        ConvergenceWarning,
        stacklevel=_STACK - 1,
    )


def warn_bounds(
    params: Params,
    skills: tuple[str, ...],
    groups: Groups,
    bounds: Mapping[str, tuple[float, float]] | None,
    forgets: bool,
    fixed: Fixed | None,
) -> None:
    """BoundaryWarning when a fitted (not fixed) value sits on a bound inside (0, 1).

    The limits 0 and 1 themselves do not count: a forget of 0 is a legal answer, while
    a guess at 0.5 says that the data could not tell mastery apart.
    """
    limits = effective_bounds(bounds)
    hits: list[str] = []
    hit_skills: set[int] = set()
    for name in NAMES:
        if name == "forget" and not forgets:
            continue
        low, high = limits[name]
        values = getattr(params, name)
        on_bound = np.zeros(values.shape[0], dtype=bool)
        if low > EPS:
            on_bound |= values <= low + AT_BOUND
        if high < 1 - EPS:
            on_bound |= values >= high - AT_BOUND
        if fixed is not None:
            on_bound &= np.isnan(getattr(fixed.values, name))
        group_skill = groups.skill_of(name)
        hits += [
            f"{name} of {skills[int(group_skill[g])]!r} = {values[g]:.6g}"
            for g in np.flatnonzero(on_bound)[:3].tolist()
        ]
        hit_skills.update(group_skill[on_bound].tolist())
    if hits:
        nominal = {**DEFAULT_BOUNDS, **(bounds or {})}
        warnings.warn(
            f"BKT: {len(hit_skills)} of {len(skills)} skills have a fitted parameter on its "
            f"bound (e.g. {', '.join(hits[:5])}); bounds are {nominal}; "
            "pass bounds=... to change them",
            BoundaryWarning,
            stacklevel=_STACK - 1,
        )
