"""The warnings a BKT fit gives: not converged, or a parameter on its bound."""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from its.tracing.base import ConvergenceWarning
from its.tracing.bkt._em import Fixed
from its.tracing.bkt._kernels import EPS, NAMES, Groups, Params, effective_bounds
from its.tracing.log import ResponseLog

AT_BOUND = 1e-9
"""How close to a bound a fitted value counts as on it."""
MAX_SHOWN = 5
"""Values named in one warning."""
_STACK = 5
"""Warnings point at the caller of `BKT.fit` (caller -> fit -> _fit -> warn_* -> warn)."""


class BoundaryWarning(UserWarning):
    """A fitted parameter ended on one of its bounds (`BKT(bounds=...)`)."""


class LearnerOverlapWarning(UserWarning):
    """Learners of a predicted log got priors fitted for learners of the same name."""


def warn_learner_overlap(fitted: set[str], names: list[str]) -> None:
    """LearnerOverlapWarning when some of `names` (the learners of a log other than the
    training log) have a prior fitted under that name (`BKT(prior_by="learner")`)."""
    shared = [name for name in names if name in fitted]
    if not shared:
        return
    warnings.warn(
        f"BKT(prior_by='learner'): {len(shared)} of {len(names)} learners of this log "
        f"share a name with a training learner ({', '.join(map(repr, shared[:3]))}"
        f"{', ...' if len(shared) > 3 else ''}) and get that learner's fitted prior; "
        "right only when the names are the same people and this log starts where the "
        "training log did (3-line files and `simulate` name learners by position)",
        LearnerOverlapWarning,
        stacklevel=3,
    )


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
    hit_bounds: list[str] = []
    hit_skills: set[int] = set()
    shown_skills: set[int] = set()
    for name in NAMES:
        if name == "forget" and not forgets:
            continue
        low, high = limits[name]
        values = getattr(params, name)
        at_low = values <= low + AT_BOUND if low > EPS else np.zeros(values.shape[0], bool)
        at_high = values >= high - AT_BOUND if high < 1 - EPS else np.zeros(values.shape[0], bool)
        if fixed is not None:
            free = np.isnan(getattr(fixed.values, name))
            at_low, at_high = at_low & free, at_high & free
        hit_bounds += [f"{name} >= {low:g}"] * bool(at_low.any())
        hit_bounds += [f"{name} <= {high:g}"] * bool(at_high.any())
        group_skill = groups.skill_of(name)
        on_bound = sorted(set(group_skill[at_low | at_high].tolist()))
        shown = on_bound[: max(MAX_SHOWN - len(shown_skills), 0)]
        if shown:
            hits.append(f"{name} of {', '.join(repr(skills[k]) for k in shown)}")
        hit_skills.update(on_bound)
        shown_skills.update(shown)
    if hit_skills:
        hidden = len(hit_skills - shown_skills)
        more = f" and {hidden} more" if hidden else ""
        why = ""
        if not bounds and any(b.startswith(("guess <=", "slip <=")) for b in hit_bounds):
            why = ", which keep a right answer from lowering mastery"
        warnings.warn(
            f"BKT: {len(hit_skills)} of {len(skills)} skills have a fitted parameter on its "
            f"bound: {'; '.join(hits)}{more} (bounds hit: {', '.join(hit_bounds)}{why}); "
            "BKT(bounds=...) changes them",
            BoundaryWarning,
            stacklevel=_STACK - 1,
        )


FEW_LEARNERS = 20
"""Fewer learners than this on a skill are too few to fit its parameters for new learners."""
NEAR_ONE = 0.95
"""A fitted prior at least this high (the app's mastery threshold) starts every new learner
as having mastered the skill."""


def thin_fit_notes(log: ResponseLog, priors: Mapping[str, float]) -> list[str]:
    """What a BKT fitted on `log` with these `priors` (skill -> fitted prior) means for
    the app's learners, for `its train` to print: skills of the log answered by fewer than
    `FEW_LEARNERS` learners, and fitted priors of `NEAR_ONE` or more. Empty when neither
    holds."""
    pairs = np.unique(np.stack([log.skill, log.learner]), axis=1)
    counts = np.bincount(pairs[0], minlength=len(log.skills)).tolist()
    used = np.unique(log.skill).tolist()
    notes = []
    few = [(counts[k], log.skills[k]) for k in used if counts[k] < FEW_LEARNERS]
    if few:
        fewest, name = min(few)
        notes.append(
            f"BKT: {len(few)} of {len(used)} skills were fitted on fewer than {FEW_LEARNERS} "
            f"learners each (fewest: {fewest}, on {name!r}): too few to tell what a new "
            "learner knows, so the fitted prior, learn, guess and slip may be far from the "
            "truth; fit on more learners' answers before giving the file to `its learn`"
        )
    high = sorted(((p, s) for s, p in priors.items() if p >= NEAR_ONE), reverse=True)
    if high:
        shown = ", ".join(f"{s!r} {p:.2f}" for p, s in high[:MAX_SHOWN])
        more = f" and {len(high) - MAX_SHOWN} more" if len(high) > MAX_SHOWN else ""
        notes.append(
            f"BKT: {len(high)} of {len(priors)} skills have a fitted prior of {NEAR_ONE:g} or "
            f"more ({shown}{more}): with this file `its learn` starts every new learner as "
            "already knowing them (shown as estimated near 100%), and the tutor asks about "
            "them until the learner's own answers show mastery; usually the log's learners "
            "were few or already knew these skills"
        )
    return notes
