"""`BKT`: Bayesian Knowledge Tracing fitted by EM, with the variants researchers use."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

import numpy as np
import numpy.typing as npt

from its.errors import DataFormatError, NotFittedError
from its.tracing.base import Prediction
from its.tracing.bkt import _em, _kernels, _options, _persist, _schema
from its.tracing.bkt._diagnostics import (
    BoundaryWarning,
    LearnerOverlapWarning,
    warn_bounds,
    warn_convergence,
    warn_learner_overlap,
)
from its.tracing.bkt._groups import (
    GuessSlipBy,
    Layout,
    LearnBy,
    PriorBy,
    build_layout,
    item_keys_of,
    one_answer_layout,
)
from its.tracing.bkt._layout import Chains, chains, pack
from its.tracing.bkt._persist import BKTDict
from its.tracing.bkt._resolve import Tables, merge, resolve, summarise, tables_from
from its.tracing.bkt.online import BKTParams
from its.tracing.log import ResponseLog

__all__ = ["BKT", "BoundaryWarning", "LearnerOverlapWarning"]

if TYPE_CHECKING:
    from its.tracing.evaluation import CrossValidation, Evaluation

FORMAT_VERSION = _persist.FORMAT_VERSION
FloatArray = npt.NDArray[np.float64]
_PARAMS = _kernels.NAMES
_FIRST_START = {"prior": 0.3, "learn": 0.1, "guess": 0.2, "slip": 0.1, "forget": 0.01}
"""Where the first restart starts; further restarts draw from `_RANDOM_STARTS`."""
_RANDOM_STARTS = {
    "prior": (0.05, 0.95),
    "learn": (0.01, 0.5),
    "guess": (0.05, 0.45),
    "slip": (0.05, 0.45),
    "forget": (0.01, 0.2),
}


class BKT:
    """Bayesian Knowledge Tracing: per-skill prior, learn, guess, slip (and forget).

    Every (learner, skill) pair is a hidden Markov chain over "mastered / not yet";
    EM fits all skills at once, each stopping on its own. The variants are options of
    this one estimator, as pyBKT's model types are:

    ============================  =====================================================
    this estimator                pyBKT
    ============================  =====================================================
    ``forgets=True``              ``forgets=True``
    ``guess_slip_by="item"``      ``multigs=True`` (KT-IDEM; item column)
    ``learn_by="item"``           ``multilearn=True``
    ``learn_by="item_order"``     ``multipair=True`` (item-order effect)
    ``prior_by="learner"``        ``multiprior="user_id"`` (individualised prior)
    ``fixed={...}``               ``fixed={skill: {...}}``
    ``n_restarts``, ``random_state``  ``num_fits``, ``seed``
    ============================  =====================================================

    Item levels group by `ResponseLog.item` (or by `item_groups`). The transition
    after an answer uses the learn of that answer's item (pyBKT's convention); with
    ``"item_order"`` it uses the (previous item, item) pair, and after a chain's first
    answer the skill's default group. ``guess_slip_by`` and ``learn_by`` combine
    freely with each other and with ``prior_by``, unlike pyBKT (one resource kind).

    Args:
        n_iter: most EM iterations per skill and restart.
        tol: a skill has converged when its log-likelihood per answer rises by less.
        forgets: also fit P(forget); otherwise it is 0 (standard BKT).
        n_restarts: EM runs per skill; each skill keeps its most likely run. The first
            starts from fixed values, the others from random ones.
        random_state: seed of the random starts.
        guess_slip_by: ``"skill"`` or ``"item"``: one guess/slip per item within a skill.
        learn_by: ``"skill"``, ``"item"`` or ``"item_order"``.
        prior_by: ``"skill"`` or ``"learner"``: one prior per (skill, learner).
        item_groups: item name -> group name, for the item levels (items missing
            from it are groups of their own).
        fixed: parameters held at given values, the rest fitted: name -> value (every
            skill) or name -> {skill: value}, e.g. ``{"guess": {"fractions": 0.25}}``.
            The kernels use prior, learn, guess and slip within [1e-6, 1 - 1e-6]
            (`online.EPS`), so a fixed slip of 0 acts as 1e-6: an answer the fixed
            values call impossible lowers the likelihood a lot instead of making it NaN.
        bounds: name -> (low, high) over the defaults, which keep guess and slip at
            most 0.5 (so a correct answer never lowers mastery). A fit that ends on a
            bound inside (0, 1) warns with `BoundaryWarning`.

    Fallbacks at predict time: a skill never seen in fit takes the mean of the fitted
    skill-level parameters; an item (or item pair) never seen for its skill takes the
    skill's values; both set `Prediction.unseen`. A learner without a prior of their
    own takes the skill's prior (not flagged: every new learner is in that case).

    Learner priors (``prior_by="learner"``) are found by learner *name*, and they are
    P(mastered) before that learner's first answer in the training log. So they are
    right for a predicted log only when its names are the same people and it starts
    where the training log did (the training log itself, or a longer log of the same
    learners). Readers that name learners by position (3-line files: "1", "2", ...;
    `simulate`) give a test learner "1" the prior of training learner "1", someone
    else (on Statics 2011 test AUC 0.658 instead of 0.791 with distinct names). Such
    logs need learner names unique per file. `predict` on any log but the one last
    fitted warns with `LearnerOverlapWarning` when some of its learners have a fitted
    prior under their name, and uses it.

    Attributes:
        skills_: names of the fitted skills (those with answers in the training log).
        prior_, learn_, guess_, slip_, forget_: (n_skills,) fitted skill-level values
            (with groups, the answer-weighted mean over the skill's groups).
        tables_: the fitted values of every group, by name (`_resolve.Tables`).
        log_likelihood_: log-likelihood of the training log under the fitted model.
        n_iter_: (n_skills,) EM iterations run for each skill's kept restart.
        fitted_log_: a digest of the log last fitted, for the warning above.
    """

    skills_: tuple[str, ...]
    prior_: FloatArray
    learn_: FloatArray
    guess_: FloatArray
    slip_: FloatArray
    forget_: FloatArray
    tables_: Tables
    log_likelihood_: float
    n_iter_: npt.NDArray[np.int64]
    fitted_log_: str

    def __init__(
        self,
        *,
        n_iter: int = 100,
        tol: float = 1e-4,
        forgets: bool = False,
        n_restarts: int = 1,
        random_state: int | None = None,
        guess_slip_by: GuessSlipBy = "skill",
        learn_by: LearnBy = "skill",
        prior_by: PriorBy = "skill",
        item_groups: Mapping[str, str] | None = None,
        fixed: Mapping[str, float | Mapping[str, float]] | None = None,
        bounds: Mapping[str, tuple[float, float]] | None = None,
    ) -> None:
        self.n_iter = n_iter
        self.tol = tol
        self.forgets = forgets
        self.n_restarts = n_restarts
        self.random_state = random_state
        self.guess_slip_by = guess_slip_by
        self.learn_by = learn_by
        self.prior_by = prior_by
        self.item_groups = item_groups
        self.fixed = fixed
        self.bounds = bounds

    def get_params(self) -> dict[str, Any]:
        """The constructor's arguments, by name (scikit-learn's `get_params`)."""
        return {name: getattr(self, name) for name in _schema.HYPERPARAMETERS}

    def __repr__(self) -> str:
        default = BKT().get_params()
        given = [f"{k}={v!r}" for k, v in self.get_params().items() if v != default[k]]
        return f"BKT({', '.join(given)})"

    def fit(self, log: ResponseLog) -> Self:
        """Fit every skill that has answers in `log`, from scratch.

        Raises:
            ValueError: a hyperparameter is out of range.
            DataFormatError: `log` has no answers, correctness other than 0/1, or no
                items for an item variant.

        Warns:
            ConvergenceWarning: some skill had not converged after `n_iter` iterations.
            BoundaryWarning: some fitted parameter ended on a bound.
        """
        return self._fit(log, previous=None)

    def partial_fit(self, log: ResponseLog) -> Self:
        """Continue EM on `log` from the current parameters (one run, no restarts).

        Skills and groups of `log` that the model has not seen start from the
        fallbacks of `predict`; skills absent from `log` keep their parameters. An
        unfitted model is fitted as by `fit` with one restart.
        """
        return self._fit(log, previous=self.tables_ if hasattr(self, "tables_") else None)

    def _fit(self, log: ResponseLog, previous: Tables | None) -> Self:
        _options.check_hyperparameters(self)
        if len(log) == 0:
            raise DataFormatError("cannot fit BKT on a log without answers")
        _options.check_log(log, needs_items=self._needs_items())
        used = np.flatnonzero(np.bincount(log.skill, minlength=len(log.skills)))
        n_skills = used.shape[0]
        compact = np.zeros(len(log.skills), dtype=np.int64)
        compact[used] = np.arange(n_skills)
        skills = tuple(log.skills[k] for k in used.tolist())
        data, layout, _ = self._chains(log, compact[log.skill], n_skills)
        groups = layout.groups
        fixed = _options.fixed_values(self.fixed, skills, groups)
        rng = np.random.default_rng(self.random_state)
        best: _em.EmResult | None = None
        n_runs = 1 if previous is not None else self.n_restarts
        for restart in range(n_runs):
            if previous is not None:
                start = resolve(previous, layout, skills).params
            else:
                start = _start(restart, rng, groups)
            result = _em.em(
                start,
                data,
                n_skills,
                n_iter=self.n_iter,
                tol=self.tol,
                forgets=self.forgets,
                groups=groups,
                bounds=self.bounds,
                fixed=fixed,
            )
            best = result if best is None else _better(result, best, groups)
        assert best is not None
        weights = {}
        if not data.by_skill:  # weights of the skill-level summaries of the groups
            counts = _em.Counts.of(pack(data)[0], n_skills, groups)
            weights = {"prior": counts.chains, "learn": counts.transitions}
            weights |= {"forget": counts.transitions, "guess": counts.answers}
            weights |= {"slip": counts.answers}
        tables = tables_from(
            best.params, layout, skills, summarise(best.params, layout, weights, n_skills)
        )
        n_iter = best.n_iter
        if previous is not None:
            old_iter = dict(zip(previous.skills, self.n_iter_.tolist(), strict=True))
            tables = merge(previous, tables)
            new_iter = dict(zip(skills, n_iter.tolist(), strict=True))
            n_iter = np.array([new_iter.get(s, old_iter.get(s, 0)) for s in tables.skills])
        self._set_tables(tables, n_iter.astype(np.int64))
        self.log_likelihood_ = float(best.log_likelihood.sum())
        self.fitted_log_ = _fingerprint(log)
        warn_convergence(best.converged, skills, self.n_iter)
        warn_bounds(best.params, skills, layout.groups, self.bounds, self.forgets, fixed)
        return self

    def predict(self, log: ResponseLog) -> Prediction:
        """Trace every learner through `log`, one answer at a time.

        Returns, per row, P(correct) before the answer and P(mastered) after it (after
        the transition that follows it). Unseen skills and items use the fallbacks in
        the class docstring, and `unseen` marks their rows.

        Raises:
            NotFittedError: the model has not been fitted or loaded.
            DataFormatError: correctness other than 0/1, or no items for an item variant.
        """
        self._check_fitted()
        _options.check_log(log, needs_items=self._needs_items())
        if len(log) == 0:
            nothing = np.zeros(0)
            return Prediction(p_correct=nothing, p_mastery=nothing, unseen=np.zeros(0, dtype=bool))
        if self.prior_by == "learner" and _fingerprint(log) != getattr(self, "fitted_log_", ""):
            fitted = {name for priors in self.tables_.prior.values() for name in priors}
            present = np.unique(log.learner).tolist()
            warn_learner_overlap({str(k) for k in fitted}, [log.learners[k] for k in present])
        n_skills = max(len(log.skills), 1)
        data, layout, row_order = self._chains(log, log.skill, n_skills)
        resolved = resolve(self.tables_, layout, log.skills)
        packed, position = pack(data)
        p_correct, p_mastery = _kernels.predict(resolved.params, packed)
        unseen_chain = np.zeros(len(log), dtype=bool)
        if layout.gs.index is not None:
            unseen_chain |= resolved.unseen_gs[layout.gs.index]
        else:
            unseen_chain |= resolved.unseen_gs[log.skill[row_order]]
        if layout.learn.index is not None:
            # The learn group of a chain's last answer is never used: ignore it.
            last = np.cumsum(data.lengths) - 1
            used = resolved.unseen_learn[layout.learn.index]
            used[last] = False
            unseen_chain |= used
        rows = position.copy()
        rows[row_order] = position
        unseen = np.empty(len(log), dtype=bool)
        unseen[row_order] = unseen_chain
        return Prediction(p_correct=p_correct[rows], p_mastery=p_mastery[rows], unseen=unseen)

    def evaluate(self, log: ResponseLog) -> Evaluation:
        """Score `predict` on `log`: auc, rmse, accuracy, log_loss, pooled and per skill."""
        from its.tracing.evaluation import evaluate_tracer

        return evaluate_tracer(self, log)

    def crossvalidate(
        self, log: ResponseLog, *, n_folds: int = 5, random_state: int | None = 0
    ) -> CrossValidation:
        """Fit a copy of this estimator on all learners but one fold, score that fold.

        Folds are made of whole learners, never splitting a learner's answers.
        """
        from its.tracing.evaluation import crossvalidate

        params = self.get_params()
        return crossvalidate(lambda: BKT(**params), log, n_folds=n_folds, random_state=random_state)

    def skill_params(
        self,
        skill: str,
        *,
        item: str | None = None,
        previous_item: str | None = None,
        learner: str | None = None,
    ) -> BKTParams:
        """Parameters for one answer, for `online` tracing: `skill`'s, or with the
        variants, those of `item` (after `previous_item`, None for a learner's first
        answer of the skill) and `learner`'s prior. Unseen names take the fallbacks
        of `predict`. Values are within the limits the kernels use (`online.EPS`).

        Raises:
            NotFittedError: the model has not been fitted or loaded.
        """
        self._check_fitted()
        layout = one_answer_layout(
            item=item,
            previous_item=previous_item,
            learner=learner,
            item_groups=self.item_groups,
            guess_slip_by=self.guess_slip_by,
            learn_by=self.learn_by,
            prior_by=self.prior_by,
        )
        params = resolve(self.tables_, layout, (skill,)).params
        return BKTParams(*(float(getattr(params, name)[0]) for name in _PARAMS)).bounded()

    def to_dict(self) -> BKTDict:
        """The fitted model as JSON-ready data, keyed by skill name (`_persist`).

        Raises:
            NotFittedError: the model has not been fitted or loaded.
        """
        self._check_fitted()
        hyperparameters = self.get_params()
        for name in ("item_groups", "fixed", "bounds"):
            value = hyperparameters[name]
            if value is not None:
                hyperparameters[name] = json.loads(json.dumps(value))
        data = BKTDict(
            format_version=FORMAT_VERSION,
            model="bkt",
            hyperparameters=hyperparameters,
            log_likelihood=self.log_likelihood_,
            skills=_persist.skills_to_dict(self.tables_, self.n_iter_.tolist()),
        )
        if hasattr(self, "fitted_log_"):
            data["fitted_log"] = self.fitted_log_
        return data

    @classmethod
    def from_dict(cls, data: BKTDict) -> BKT:
        """Rebuild a fitted model from `to_dict` output (format version 1 or 2).

        Raises:
            DataFormatError: the data is not a BKT model of a known format version, or
                some field (hyperparameter, parameter, count) is invalid; the message
                names every such field.
        """
        _persist.check(data)
        hyperparameters = dict(data["hyperparameters"])
        bounds = hyperparameters.get("bounds")
        if isinstance(bounds, Mapping):  # JSON has lists; `check_hyperparameters` checks
            hyperparameters["bounds"] = {
                k: tuple(v) if isinstance(v, list) else v for k, v in bounds.items()
            }
        model = cls(**hyperparameters)
        try:
            _options.check_hyperparameters(model)
        except ValueError as error:
            raise DataFormatError("hyperparameters: " + str(error).removeprefix("BKT: ")) from error
        tables, n_iter = _persist.tables_from_dict(data, item_order=model.learn_by == "item_order")
        model._set_tables(tables, np.array(n_iter, dtype=np.int64))
        model.log_likelihood_ = float(data["log_likelihood"])
        if "fitted_log" in data:
            model.fitted_log_ = data["fitted_log"]
        return model

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the fitted model to `path` as readable JSON."""
        text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False, allow_nan=False)
        with open(path, "w", encoding="utf-8") as file:
            file.write(text + "\n")

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> BKT:
        """Read a model written by `save`.

        Raises:
            DataFormatError: the file cannot be read or is not a saved BKT model.
        """
        data = _persist.read_json(path)
        try:
            return cls.from_dict(data)
        except DataFormatError as error:
            raise DataFormatError(f"{path}: {error}") from error

    def _needs_items(self) -> bool:
        return self.guess_slip_by != "skill" or self.learn_by != "skill"

    def _chains(
        self, log: ResponseLog, skill: npt.NDArray[np.int64], n_skills: int
    ) -> tuple[Chains, Layout, npt.NDArray[np.int64]]:
        """The log's chains with their parameter groups, and the rows in chain order."""
        row_order, lengths, chain_skill = chains(log.learner, skill, n_skills)
        item_keys = None
        if self._needs_items() and log.item is not None:
            names = item_keys_of(log.items, self.item_groups)
            item_keys = [names[k] for k in log.item[row_order].tolist()]
        learner_names = None
        if self.prior_by == "learner":
            starts = np.r_[0, np.cumsum(lengths)[:-1]].astype(np.int64)
            learner_names = [log.learners[k] for k in log.learner[row_order[starts]].tolist()]
        layout = build_layout(
            skill=skill[row_order],
            lengths=lengths,
            chain_skill=chain_skill,
            n_skills=n_skills,
            item_keys=item_keys,
            learner_names=learner_names,
            guess_slip_by=self.guess_slip_by,
            learn_by=self.learn_by,
            prior_by=self.prior_by,
        )
        data = Chains(
            log.correct[row_order],
            lengths,
            chain_skill,
            gs=layout.gs.index,
            learn=layout.learn.index,
            prior=layout.prior.index,
        )
        return data, layout, row_order

    def _check_fitted(self) -> None:
        if not hasattr(self, "tables_"):
            raise NotFittedError("this BKT is not fitted yet; call fit(log) or BKT.load(path)")

    def _set_tables(self, tables: Tables, n_iter: npt.NDArray[np.int64]) -> None:
        self.tables_ = tables
        self.skills_ = tables.skills
        for name in _PARAMS:
            setattr(self, f"{name}_", tables.summary[name])
        self.n_iter_ = n_iter


def _fingerprint(log: ResponseLog) -> str:
    """A digest of `log`'s learners and answers: tells the training log from others."""
    digest = hashlib.blake2b(digest_size=16)
    for names in (log.learners, log.skills):
        digest.update("\0".join(names).encode("utf-8", "surrogatepass") + b"\1")
    for array in (log.learner, log.skill, log.correct):
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def _start(restart: int, rng: np.random.Generator, groups: _kernels.Groups) -> _kernels.Params:
    sizes = {name: groups.skill_of(name).shape[0] for name in _PARAMS}
    if restart == 0:
        return _kernels.Params(*(np.full(sizes[name], _FIRST_START[name]) for name in _PARAMS))
    return _kernels.Params(
        *(rng.uniform(*_RANDOM_STARTS[name], size=sizes[name]) for name in _PARAMS)
    )


def _better(new: _em.EmResult, old: _em.EmResult, groups: _kernels.Groups) -> _em.EmResult:
    """Per skill, the more likely of two EM runs."""
    wins = new.log_likelihood > old.log_likelihood
    return _em.EmResult(
        params=new.params.where_skill(wins, old.params, groups),
        log_likelihood=np.where(wins, new.log_likelihood, old.log_likelihood),
        n_iter=np.where(wins, new.n_iter, old.n_iter),
        converged=np.where(wins, new.converged, old.converged),
    )
