"""`BKT`: Bayesian Knowledge Tracing, one set of parameters per skill, fitted by EM."""

from __future__ import annotations

import json
import os
import warnings
from typing import Any, Self, TypedDict

import numpy as np
import numpy.typing as npt

from its.errors import DataFormatError, NotFittedError
from its.tracing.base import ConvergenceWarning, Prediction
from its.tracing.bkt import _em, _kernels
from its.tracing.bkt._layout import Chains, chains, pack
from its.tracing.bkt.online import BKTParams
from its.tracing.log import ResponseLog

FORMAT_VERSION = 1
FloatArray = npt.NDArray[np.float64]
_PARAMS = ("prior", "learn", "guess", "slip", "forget")
_FIRST_START = {"prior": 0.3, "learn": 0.1, "guess": 0.2, "slip": 0.1, "forget": 0.01}
"""Where the first restart starts; further restarts draw from `_RANDOM_STARTS`."""
_RANDOM_STARTS = {
    "prior": (0.05, 0.95),
    "learn": (0.01, 0.5),
    "guess": (0.05, 0.45),
    "slip": (0.05, 0.45),
    "forget": (0.01, 0.2),
}


class SkillDict(TypedDict):
    prior: float
    learn: float
    guess: float
    slip: float
    forget: float
    n_iter: int


class BKTDict(TypedDict):
    format_version: int
    model: str
    hyperparameters: dict[str, Any]
    log_likelihood: float
    skills: dict[str, SkillDict]


class BKT:
    """Bayesian Knowledge Tracing with per-skill prior, learn, guess, slip (and forget).

    Every (learner, skill) pair is a hidden Markov chain over "mastered / not yet";
    EM fits each skill's parameters (all skills at once, each stopping on its own).
    Guess and slip stay at most 0.5, so mastery never lowers P(correct).

    Args:
        n_iter: most EM iterations per skill and restart.
        tol: a skill has converged when its log-likelihood per answer rises by less.
        forgets: also fit P(forget); otherwise it is 0 (standard BKT).
        n_restarts: EM runs per skill; each skill keeps its most likely run. The first
            starts from fixed values, the others from random ones.
        random_state: seed of the random starts.

    Attributes:
        skills_: names of the fitted skills (those with answers in the training log).
        prior_, learn_, guess_, slip_, forget_: (n_skills,) fitted parameters.
        log_likelihood_: log-likelihood of the training log under the fitted model.
        n_iter_: (n_skills,) EM iterations run for each skill's kept restart.
    """

    skills_: tuple[str, ...]
    prior_: FloatArray
    learn_: FloatArray
    guess_: FloatArray
    slip_: FloatArray
    forget_: FloatArray
    log_likelihood_: float
    n_iter_: npt.NDArray[np.int64]

    def __init__(
        self,
        *,
        n_iter: int = 100,
        tol: float = 1e-4,
        forgets: bool = False,
        n_restarts: int = 1,
        random_state: int | None = None,
    ) -> None:
        self.n_iter = n_iter
        self.tol = tol
        self.forgets = forgets
        self.n_restarts = n_restarts
        self.random_state = random_state

    def __repr__(self) -> str:
        return (
            f"BKT(n_iter={self.n_iter!r}, tol={self.tol!r}, forgets={self.forgets!r}, "
            f"n_restarts={self.n_restarts!r}, random_state={self.random_state!r})"
        )

    def fit(self, log: ResponseLog) -> Self:
        """Fit every skill that has answers in `log`.

        Raises:
            ValueError: a hyperparameter is out of range.
            DataFormatError: `log` has no answers.

        Warns:
            ConvergenceWarning: some skill had not converged after `n_iter` iterations.
        """
        self._check_hyperparameters()
        if len(log) == 0:
            raise DataFormatError("cannot fit BKT on a log without answers")
        used = np.flatnonzero(np.bincount(log.skill, minlength=len(log.skills)))
        n_skills = used.shape[0]
        compact = np.zeros(len(log.skills), dtype=np.int64)
        compact[used] = np.arange(n_skills)
        skill = compact[log.skill]
        row_order, lengths, chain_skill = chains(log.learner, skill, n_skills)
        data = Chains(log.correct[row_order], lengths, chain_skill)
        rng = np.random.default_rng(self.random_state)
        best: _em.EmResult | None = None
        for restart in range(self.n_restarts):
            start = _start(restart, rng, n_skills)
            result = _em.em(
                start, data, n_skills, n_iter=self.n_iter, tol=self.tol, forgets=self.forgets
            )
            best = result if best is None else _better(result, best)
        assert best is not None
        self.skills_ = tuple(log.skills[k] for k in used.tolist())
        self._set_params(best.params)
        self.log_likelihood_ = float(best.log_likelihood.sum())
        self.n_iter_ = best.n_iter
        if not best.converged.all():
            stuck = [self.skills_[k] for k in np.flatnonzero(~best.converged)[:5].tolist()]
            warnings.warn(
                f"BKT: {int((~best.converged).sum())} of {n_skills} skills had not converged "
                f"after n_iter={self.n_iter} EM iterations (e.g. {', '.join(map(repr, stuck))}); "
                "raise n_iter or tol",
                ConvergenceWarning,
                stacklevel=2,
            )
        return self

    def predict(self, log: ResponseLog) -> Prediction:
        """Trace every learner through `log`, one answer at a time.

        Skills not seen in `fit` use the mean of the fitted parameters; `unseen` marks
        their rows.

        Raises:
            NotFittedError: the model has not been fitted or loaded.
        """
        params, unseen_skill = self._params_for(log.skills)
        row_order, lengths, chain_skill = chains(log.learner, log.skill, max(len(log.skills), 1))
        packed, position = pack(Chains(log.correct[row_order], lengths, chain_skill))
        p_correct, p_mastery = _kernels.predict(params, packed)
        rows = position.copy()
        rows[row_order] = position
        return Prediction(
            p_correct=p_correct[rows],
            p_mastery=p_mastery[rows],
            unseen=unseen_skill[log.skill],
        )

    def skill_params(self, skill: str) -> BKTParams:
        """Parameters of one skill for `online` tracing (the mean ones if unseen).

        Raises:
            NotFittedError: the model has not been fitted or loaded.
        """
        params, _ = self._params_for((skill,))
        return BKTParams(*(float(getattr(params, name)[0]) for name in _PARAMS))

    def to_dict(self) -> BKTDict:
        """The fitted model as JSON-ready data, keyed by skill name.

        Raises:
            NotFittedError: the model has not been fitted or loaded.
        """
        self._check_fitted()
        columns = [getattr(self, f"{name}_").tolist() for name in _PARAMS]
        skills: dict[str, SkillDict] = {}
        for k, skill in enumerate(self.skills_):
            skills[skill] = SkillDict(
                prior=columns[0][k],
                learn=columns[1][k],
                guess=columns[2][k],
                slip=columns[3][k],
                forget=columns[4][k],
                n_iter=int(self.n_iter_[k]),
            )
        return BKTDict(
            format_version=FORMAT_VERSION,
            model="bkt",
            hyperparameters={
                "n_iter": self.n_iter,
                "tol": self.tol,
                "forgets": self.forgets,
                "n_restarts": self.n_restarts,
                "random_state": self.random_state,
            },
            log_likelihood=self.log_likelihood_,
            skills=skills,
        )

    @classmethod
    def from_dict(cls, data: BKTDict) -> BKT:
        """Rebuild a fitted model from `to_dict` output.

        Raises:
            DataFormatError: the data is not a BKT model of a known format version.
        """
        if not isinstance(data, dict) or data.get("model") != "bkt":
            raise DataFormatError("not a BKT model: expected a mapping with model: 'bkt'")
        if data.get("format_version") != FORMAT_VERSION:
            raise DataFormatError(
                f"BKT model format_version {data.get('format_version')!r} is not supported; "
                f"expected {FORMAT_VERSION}"
            )
        try:
            model = cls(**data["hyperparameters"])
            skills = data["skills"]
            model.skills_ = tuple(skills)
            for name in _PARAMS:
                values = [float(skills[s][name]) for s in model.skills_]  # type: ignore[literal-required]
                setattr(model, f"{name}_", np.array(values, dtype=np.float64))
            model.n_iter_ = np.array([int(skills[s]["n_iter"]) for s in skills], dtype=np.int64)
            model.log_likelihood_ = float(data["log_likelihood"])
        except (KeyError, TypeError, ValueError) as error:
            raise DataFormatError(f"invalid BKT model data: {error!r}") from error
        return model

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the fitted model to `path` as readable JSON."""
        text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False)
        with open(path, "w", encoding="utf-8") as file:
            file.write(text + "\n")

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> BKT:
        """Read a model written by `save`.

        Raises:
            DataFormatError: the file cannot be read or is not a saved BKT model.
        """
        try:
            with open(path, encoding="utf-8") as file:
                data = json.load(file)
        except OSError as error:
            raise DataFormatError(f"{path}: cannot read the model: {error.strerror}") from error
        except json.JSONDecodeError as error:
            raise DataFormatError(
                f"{path}:{error.lineno}:{error.colno}: not JSON: {error.msg}"
            ) from error
        try:
            return cls.from_dict(data)
        except DataFormatError as error:
            raise DataFormatError(f"{path}: {error}") from error

    def _check_hyperparameters(self) -> None:
        problems = []
        if not isinstance(self.n_iter, int) or self.n_iter < 1:
            problems.append(f"n_iter must be a positive integer, got {self.n_iter!r}")
        if not isinstance(self.tol, int | float) or not self.tol >= 0:
            problems.append(f"tol must be a number >= 0, got {self.tol!r}")
        if not isinstance(self.n_restarts, int) or self.n_restarts < 1:
            problems.append(f"n_restarts must be a positive integer, got {self.n_restarts!r}")
        if not isinstance(self.forgets, bool):
            problems.append(f"forgets must be True or False, got {self.forgets!r}")
        if problems:
            raise ValueError("BKT: " + "; ".join(problems))

    def _check_fitted(self) -> None:
        if not hasattr(self, "skills_"):
            raise NotFittedError("this BKT is not fitted yet; call fit(log) or BKT.load(path)")

    def _set_params(self, params: _kernels.Params) -> None:
        for name in _PARAMS:
            setattr(self, f"{name}_", getattr(params, name))

    def _params_for(self, skills: tuple[str, ...]) -> tuple[_kernels.Params, npt.NDArray[np.bool_]]:
        """Parameters for `skills` (fitted ones, else the means) and which were unseen."""
        self._check_fitted()
        index = {skill: k for k, skill in enumerate(self.skills_)}
        where = np.array([index.get(skill, -1) for skill in skills], dtype=np.int64)
        unseen = where < 0
        known = np.maximum(where, 0)
        columns = []
        for name in _PARAMS:
            fitted = getattr(self, f"{name}_")
            columns.append(np.where(unseen, fitted.mean(), fitted[known]))
        return _kernels.Params(*columns), unseen


def _start(restart: int, rng: np.random.Generator, n_skills: int) -> _kernels.Params:
    if restart == 0:
        return _kernels.Params(*(np.full(n_skills, _FIRST_START[name]) for name in _PARAMS))
    return _kernels.Params(*(rng.uniform(*_RANDOM_STARTS[name], size=n_skills) for name in _PARAMS))


def _better(new: _em.EmResult, old: _em.EmResult) -> _em.EmResult:
    """Per skill, the more likely of two EM runs."""
    wins = new.log_likelihood > old.log_likelihood
    return _em.EmResult(
        params=new.params.where(wins, old.params),
        log_likelihood=np.where(wins, new.log_likelihood, old.log_likelihood),
        n_iter=np.where(wins, new.n_iter, old.n_iter),
        converged=np.where(wins, new.converged, old.converged),
    )
