"""Credible intervals of a learner's mastery from posterior draws of BKT parameters.

On the learner's path: plain Python over `BKTParams` (no numpy, torch, pyro or pandas).
The draws come from the Bayesian BKT (`its.tracing.bayes`), exported as JSON:

```
{"format_version": 1, "model": "bkt-bayes",
 "population": {"prior": [...], "learn": [...], "guess": [...], "slip": [...], "forget": [...]},
 "skills": {"<skill name>": {"prior": [...], "learn": [...], ...}, ...}}
```

Each list holds one value per draw, the same number of draws for every parameter of a
skill. ``population`` holds draws for a skill never fitted (a new skill drawn from the
fitted population prior); `population_draws()` reads them from the shipped file
`its/data/population_draws.json` (fitted on ASSISTments 2009 by
`scripts/fit_population_draws.py`) unless given another one.

`mastery_interval` traces the learner's answers through every draw, each step in the
direction of its answer (`its.tracing.bkt.online.held`: a wrong answer never raises a draw's
mastery, a right one never lowers it), as the tutor traces its estimate. The draws are a
sample of the parameters before this learner's answers were seen, so each is weighted
by how likely it makes those answers (importance weighting: the draws' posterior given
this learner too). For a skill fitted on many learners the weights hardly matter; for
population draws they let a learner's own answers tell, say, a high-guess skill from a
low-guess one.

With many answers the weights pile onto a handful of draws (a learner with 50% right
answers put everything on one high-slip draw: mean 0.986, band 0.986-1.0; 3,000 wrong
answers gave a band of width 0). A few hundred draws cannot resolve the parameters that
finely, so such a band claims a certainty that the sample does not have. Hence
*tempering*, as adaptive sequential Monte Carlo does: when the effective sample size
of the weights, ``(sum w)^2 / sum w^2``, falls below `MIN_EFFECTIVE_DRAWS` of the
draws, the log-likelihoods are scaled by the largest factor in (0, 1] that keeps it at
that floor (found by bisection; the effective size falls as the factor grows). The
weights then move back toward the unweighted draws just far enough that the band rests
on at least that share of them.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from its.errors import DataFormatError
from its.tracing.bkt.online import BKTParams, held, observe
from its.tracing.regular_file import open_regular_file

FORMAT_VERSION = 1
PARAMETERS = ("prior", "learn", "guess", "slip", "forget")
DEFAULT_POPULATION_PATH = Path(__file__).resolve().parents[1] / "data" / "population_draws.json"
"""The shipped population draws, for competencies without fitted parameters of their own."""

MIN_EFFECTIVE_DRAWS = 0.25
"""The share of the draws the weights must rest on (effective sample size); see above."""
_BISECTIONS = 40

StrPath = str | os.PathLike[str]
Draws = tuple[BKTParams, ...]


@dataclass(frozen=True, slots=True)
class MasteryInterval:
    """P(mastered) after a learner's answers: posterior mean and a central credible interval.

    Attributes:
        mean: the posterior mean of P(mastered).
        low: the lower bound of the interval.
        high: the upper bound of the interval.
    """

    mean: float
    low: float
    high: float


def mastery_interval(
    draws: Sequence[BKTParams],
    answers: Sequence[bool],
    *,
    level: float = 0.9,
    guesses: Sequence[float | None] | None = None,
) -> MasteryInterval:
    """P(mastered) after `answers` (one skill, oldest first), over the parameter draws.

    Args:
        draws: posterior draws of the skill's parameters (e.g. `load_draws(path)[skill]`
            or `population_draws()`).
        answers: the learner's answers to this skill, True when correct.
        level: the probability mass of the central interval, in (0, 1).
        guesses: per answer, the item's own guess probability, which replaces each draw's
            guess for that answer (as the tutor traces with the item's guess); None, or a
            None entry, keeps the draw's guess.

    Returns:
        The weighted mean and the (1 - level)/2 and (1 + level)/2 weighted quantiles of
        P(mastered) for the learner's next answer, each draw weighted by the likelihood
        of `answers` under it, tempered so that the weights rest on at least
        `MIN_EFFECTIVE_DRAWS` of the draws (module docstring).

    Raises:
        ValueError: `draws` is empty or `level` is not in (0, 1).
    """
    if not draws:
        raise ValueError("mastery_interval needs at least one parameter draw")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must lie strictly between 0 and 1, got {level!r}")
    if guesses is not None and len(guesses) != len(answers):
        raise ValueError(f"{len(guesses)} guesses for {len(answers)} answers")
    masteries: list[float] = []
    log_weights: list[float] = []
    for params in draws:
        mastery, log_likelihood = _trace(params, answers, guesses)
        masteries.append(mastery)
        log_weights.append(log_likelihood)
    weights = _tempered_weights(log_weights, MIN_EFFECTIVE_DRAWS * len(draws))
    total = math.fsum(weights)
    mean = math.fsum(w * m for w, m in zip(weights, masteries, strict=True)) / total
    pairs = sorted(zip(masteries, weights, strict=True))
    low = _weighted_quantile(pairs, total, (1.0 - level) / 2.0)
    high = _weighted_quantile(pairs, total, (1.0 + level) / 2.0)
    return MasteryInterval(mean=min(max(mean, low), high), low=low, high=high)


def _tempered_weights(log_weights: Sequence[float], floor: float) -> list[float]:
    """exp(t * log_weights), scaled, for the largest t in (0, 1] whose effective sample
    size is at least `floor` (t = 1 when the plain weights already reach it)."""
    top = max(log_weights)
    shifted = [value - top for value in log_weights]

    def weights(factor: float) -> list[float]:
        return [math.exp(factor * value) for value in shifted]

    def effective(values: list[float]) -> float:
        return math.fsum(values) ** 2 / math.fsum(v * v for v in values)

    plain = weights(1.0)
    if effective(plain) >= floor:
        return plain
    low, high = 0.0, 1.0  # effective(weights(low)) >= floor > effective(weights(high))
    for _ in range(_BISECTIONS):
        middle = (low + high) / 2.0
        if effective(weights(middle)) >= floor:
            low = middle
        else:
            high = middle
    return weights(low)


def _trace(
    params: BKTParams, answers: Sequence[bool], guesses: Sequence[float | None] | None = None
) -> tuple[float, float]:
    """P(mastered) after `answers` and their log-likelihood under `params` (with each
    answer's own guess where `guesses` gives one). Each step keeps to the direction of its
    answer (`held`), as the tutor's estimate does, so the band moves the way the figure
    shown inside it does; the likelihood is BKT's own."""
    params = params.bounded()
    mastery = params.prior
    log_likelihood = 0.0
    for n, correct in enumerate(answers):
        guess = None if guesses is None else guesses[n]
        step = params if guess is None else replace(params, guess=guess).bounded()
        after, evidence = observe(mastery, bool(correct), step)
        mastery = held(mastery, after, bool(correct))
        log_likelihood += math.log(evidence)
    return mastery, log_likelihood


def _weighted_quantile(pairs: Sequence[tuple[float, float]], total: float, q: float) -> float:
    """The smallest value whose cumulative weight reaches `q` of `total` (pairs sorted)."""
    target = q * total
    cumulative = 0.0
    for value, weight in pairs:
        cumulative += weight
        if cumulative >= target:
            return value
    return pairs[-1][0]


def load_draws(path: StrPath) -> dict[str, Draws]:
    """The per-skill parameter draws of a file written by `its.tracing.bayes`.

    Raises:
        DataFormatError: the file cannot be read or is not a draws file of a known version.
    """
    data = _read_json(path)
    skills = data.get("skills")
    if not isinstance(skills, dict):
        raise DataFormatError(f"{path}: expected a `skills` mapping of skill name -> draws")
    return {str(name): _draws(path, f"skills.{name}", value) for name, value in skills.items()}


def population_draws(path: StrPath | None = None) -> Draws:
    """Draws for a skill with no fitted parameters: a new skill from the population prior.

    Args:
        path: a draws file; by default the shipped `DEFAULT_POPULATION_PATH`.

    Raises:
        DataFormatError: the file cannot be read or has no valid `population` draws.
    """
    source = DEFAULT_POPULATION_PATH if path is None else path
    return _draws(source, "population", _read_json(source).get("population"))


def draws_to_dict(draws: Sequence[BKTParams]) -> dict[str, list[float]]:
    """Draws in the file's column form: parameter -> one value per draw."""
    return {name: [float(getattr(params, name)) for params in draws] for name in PARAMETERS}


def _read_json(path: StrPath) -> dict[str, Any]:
    try:
        with open_regular_file(path, "draws file") as file:  # never waits on a FIFO
            text = file.read().decode("utf-8")
    except OSError as error:
        raise DataFormatError(f"{path}: cannot read the draws file: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise DataFormatError(f"{path}: the draws file is not UTF-8 text") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataFormatError(
            f"{path}:{error.lineno}:{error.colno}: not JSON: {error.msg}"
        ) from error
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
        found = data.get("format_version") if isinstance(data, dict) else None
        raise DataFormatError(
            f"{path}: not a draws file of format_version {FORMAT_VERSION} (found {found!r}); "
            "write one with its.tracing.bayes.export_draws"
        )
    return data


def _draws(path: StrPath, where: str, value: object) -> Draws:
    """Validate one column-form mapping and turn it into `BKTParams`."""
    if not isinstance(value, Mapping):
        raise DataFormatError(f"{path}: `{where}`: expected a mapping of parameter -> draws")
    columns: list[list[float]] = []
    for name in PARAMETERS:
        column = value.get(name, [] if name == "forget" else None)
        if not isinstance(column, list) or not _probabilities(column):
            raise DataFormatError(
                f"{path}: `{where}.{name}`: expected a list of probabilities in [0, 1]"
            )
        columns.append([float(v) for v in column])
    n_draws = len(columns[0])
    if not columns[-1]:
        columns[-1] = [0.0] * n_draws
    if n_draws == 0 or any(len(column) != n_draws for column in columns):
        lengths = ", ".join(f"{n}={len(c)}" for n, c in zip(PARAMETERS, columns, strict=True))
        raise DataFormatError(
            f"{path}: `{where}`: every parameter needs the same, non-zero number of draws "
            f"({lengths})"
        )
    return tuple(BKTParams(*row) for row in zip(*columns, strict=True))


def _probabilities(values: list[Any]) -> bool:
    """Every value is a number (not a bool, not NaN) in [0, 1]."""
    if not all(type(v) is float or type(v) is int for v in values):
        return False
    return all(0.0 <= v <= 1.0 for v in values)  # NaN fails each comparison
