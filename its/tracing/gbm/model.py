"""`GBM`: gradient-boosted trees (LightGBM) over features of each learner's earlier answers.

Feature-based tree models rival deep ones in knowledge tracing (the LightGBM entries of
the Riiid! Answer Correctness Prediction competition). Here the features are those of
`its.tracing.gbm.history_features`: the skill asked, the two answers before (skill and
correctness), counts, streaks and gaps on the skill, and recent rates overall. On
ASSISTments 2009 the trees find what DKT misses: which (previous skill, skill) pairs are
rows of one multi-skill problem, and how far the learner has got in a skill builder.

The number of trees is chosen by early stopping on the validation log's AUC (without
one, on a tenth of the training learners held out); `best_epoch_` is that number.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import re
import subprocess
import sys
import time
from typing import Any, Self

import lightgbm
import numpy as np
import numpy.typing as npt

from its.errors import DataFormatError, ItsError, NotFittedError
from its.tracing.base import EpochReport, Prediction, Progress
from its.tracing.deep._sequences import Coded, code, log_hash, vocabulary
from its.tracing.gbm.history_features import CATEGORICAL, column_names, history_features
from its.tracing.live.model_file import (
    read_model_file,
    restore_vocabulary,
    vocabulary_header,
    write_model_file,
)
from its.tracing.live.settings import check_estimator_settings, checked_settings
from its.tracing.log import ResponseLog


class _Silent:
    """LightGBM's logger: its native messages (e.g. "[Fatal] ..." before a damaged file's
    error) would reach the user beside ours; fits already run with verbosity -1."""

    def info(self, message: str) -> None:
        pass

    def warning(self, message: str) -> None:
        pass


lightgbm.register_logger(_Silent())
_REPORT_EVERY = 50  # trees between progress reports
_HELD_OUT = 0.1  # share of the training learners that choose the trees without --valid


class GBM:
    """LightGBM over earlier-answer features, with the scikit-learn contract.

    Args:
        trees: most trees (boosting rounds).
        patience: stop after this many trees without a better validation AUC.
        leaves: most leaves per tree.
        learning_rate: shrinkage of each tree.
        min_leaf: fewest answers in a leaf.
        l2: L2 penalty on leaf values.
        subsample: share of the answers each tree is grown on.
        colsample: share of the features each tree may split on.
        threads: CPU threads. One by default, as for `its train`: LightGBM's threads
            wait for each other actively, so on a busy machine more are much slower. Not a
            setting of the model: it is not saved; results repeat at a fixed count.
        random_state: seed of the subsampling (and of the held-out learners).

    Attributes:
        skills_, items_: training vocabularies (index k + 1; 0 = unknown).
        has_items_: whether the training log had items (adds the item column).
        booster_: the fitted `lightgbm.Booster`, cut at the best tree.
        best_epoch_: the number of trees kept.
        data_hash_: SHA-256 of the training log.
    """

    model_name = "gbm"
    file_suffix = ".npz"

    def __init__(
        self,
        *,
        trees: int = 2000,
        patience: int = 50,
        leaves: int = 63,
        learning_rate: float = 0.05,
        min_leaf: int = 50,
        l2: float = 1.0,
        subsample: float = 0.8,
        colsample: float = 0.8,
        threads: int = 1,
        random_state: int | None = None,
    ) -> None:
        self.trees = trees
        self.patience = patience
        self.leaves = leaves
        self.learning_rate = learning_rate
        self.min_leaf = min_leaf
        self.l2 = l2
        self.subsample = subsample
        self.colsample = colsample
        self.threads = threads
        self.random_state = random_state

    def fit(
        self,
        log: ResponseLog,
        *,
        valid: ResponseLog | None = None,
        progress: Progress | None = None,
    ) -> Self:
        """Grow trees on `log`, keeping the number with the best AUC on `valid`.

        Without `valid` a tenth of the training learners is held out to choose the
        number of trees instead (progress then reports their AUC as the validation AUC).
        On validation answers of one class, where AUC is undefined, log-loss chooses.

        Raises:
            DataFormatError: `log` has no answers, or one learner only and no `valid`,
                or is too small for LightGBM to grow a tree on.
            ItsError: a setting is out of range or of the wrong type.
        """
        held = self.check_fit(log, valid=valid)
        self.skills_, self.items_ = tuple(log.skills), tuple(log.items)
        self.has_items_ = log.item is not None
        self.data_hash_ = log_hash(log)
        train_x, train_y = self._features(log), log.correct.astype(np.float64)
        if held is not None:
            valid_x, valid_y = train_x[held], train_y[held]
            train_x, train_y = train_x[~held], train_y[~held]
        elif valid is not None:
            valid_x, valid_y = self._features(valid), valid.correct.astype(np.float64)
        # AUC is undefined on answers of one class: choose the trees by log-loss there.
        by_auc = 0 < valid_y.mean() < 1
        names = list(column_names(items=self.has_items_))
        categorical = [name for name in names if name in CATEGORICAL]
        train_set = lightgbm.Dataset(
            train_x, train_y, feature_name=names, categorical_feature=categorical
        )
        valid_set = lightgbm.Dataset(valid_x, valid_y, reference=train_set)
        callbacks: list[Any] = [lightgbm.early_stopping(self.patience, verbose=False)]
        reporter = None if progress is None else _Reporter(progress, self.trees, by_auc=by_auc)
        if reporter is not None:
            callbacks.append(reporter)
        try:
            booster = lightgbm.train(
                self._parameters(by_auc=by_auc),
                train_set,
                num_boost_round=self.trees,
                valid_sets=[train_set, valid_set],
                valid_names=["train", "valid"],
                callbacks=callbacks,
            )
        except lightgbm.basic.LightGBMError as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            reason = re.sub(r" at \S+, line \d+ ?\.?$", "", reason)  # LightGBM's source line
            raise DataFormatError(
                f"gbm: cannot grow trees on {len(train_y)} answers, choosing them on "
                f"{len(valid_y)} (LightGBM: {reason}); give a larger training log"
            ) from error
        if reporter is not None:
            reporter.finish()
        self.best_epoch_ = int(booster.best_iteration or booster.current_iteration())
        # Keep only the chosen trees, so predictions and the saved file agree.
        self.booster_ = lightgbm.Booster(model_str=booster.model_to_string(self.best_epoch_))
        return self

    def check_fit(
        self, log: ResponseLog, *, valid: ResponseLog | None = None
    ) -> npt.NDArray[np.bool_] | None:
        """Refuse, before any work, what `fit` would refuse (an ensemble asks each member
        before it trains any). Returns the rows held out to choose the trees (None when
        `valid` has answers).

        Raises:
            DataFormatError: `log` has no answers, or one learner only and no `valid`,
                or leaves fewer than 2 answers to grow trees on.
            ItsError: a setting is out of range or of the wrong type.
        """
        check_estimator_settings(self.model_name, self._settings())
        if not _is_count(self.threads):
            raise ItsError(f"gbm: threads must be an integer >= 1, got {self.threads!r}")
        if len(log) == 0:
            raise DataFormatError("cannot fit gbm on a log without answers")
        valid_given = valid is not None and len(valid) > 0
        held = None if valid_given else _held_out_rows(log, self.random_state)
        growing = len(log) if held is None else int((~held).sum())
        if growing < 2:  # LightGBM would print a fatal line of its own, then raise
            where = "the training log has" if valid_given else "holding out learners leaves"
            raise DataFormatError(
                f"gbm: {where} {growing} answer to grow trees on; they need at least 2"
                + ("" if valid_given else " (give --valid, or a larger training log)")
            )
        return held

    def predict(self, log: ResponseLog) -> Prediction:
        """P(correct) of every answer from the learner's earlier answers.

        `p_mastery` is P(correct) on the row's skill asked again right after its answer.

        Raises:
            NotFittedError: the model has not been fitted or loaded.
        """
        booster = self._fitted()
        coded = self._code(log)
        before, after = (
            booster.predict(
                self._coded_features(coded, after=moment), num_threads=self.threads, verbosity=-1
            )
            for moment in (False, True)
        )
        return Prediction(
            p_correct=np.asarray(before, dtype=np.float64),
            p_mastery=np.asarray(after, dtype=np.float64),
            unseen=coded.skill == 0,
        )

    def save(
        self, path: str | os.PathLike[str], *, metrics: dict[str, float] | None = None
    ) -> None:
        """Write the trees (LightGBM's text form, as bytes) and a JSON header."""
        booster = self._fitted()
        text = booster.model_to_string().encode("utf-8")
        meta = {
            **vocabulary_header(self),
            "settings": self._settings(),
            "has_items": self.has_items_,
            "trees": self.best_epoch_,
            "checksum": _checksum(text, self.skills_, self.items_, self._settings()),
            "metrics": metrics or {},
        }
        write_model_file(path, meta, {"booster": np.frombuffer(text, dtype=np.uint8)})

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> GBM:
        """Read a file written by `save`.

        Raises:
            DataFormatError: the file is unreadable, holds another model, was made by
                another version (an unknown setting), or its trees are not LightGBM's
                or do not take the features its header implies.
        """
        stored = read_model_file(path, model=cls.model_name)
        try:
            settings = checked_settings(path, cls.model_name, stored.meta.get("settings"))
            model = cls(**settings)
            restore_vocabulary(model, stored.meta)
            has_items, trees = stored.meta["has_items"], stored.meta["trees"]
            checksum, raw = stored.meta["checksum"], stored.arrays["booster"]
        except KeyError as error:
            raise DataFormatError(f"{path}: field {error.args[0]!r} is missing") from error
        except TypeError as error:
            raise DataFormatError(f"{path}: invalid gbm model file: {error}") from error
        if not isinstance(has_items, bool) or not _is_count(trees):
            raise DataFormatError(f"{path}: header fields 'has_items' or 'trees' are invalid")
        if not isinstance(checksum, str):
            raise DataFormatError(f"{path}: header field 'checksum' must be a string")
        if raw.dtype != np.uint8 or raw.ndim != 1:
            raise DataFormatError(f"{path}: weight 'booster' must be the bytes of the trees")
        # LightGBM aborts the whole process on some damaged texts (no exception to catch):
        # the trees must be, byte for byte, those saved with these skills and items.
        if checksum != _checksum(raw.tobytes(), model.skills_, model.items_, settings):
            raise DataFormatError(
                f"{path}: the trees, the skills or items they were grown on, or their "
                "settings were changed after saving (header field 'checksum' does not "
                "match); retrain the model"
            )
        try:
            text = raw.tobytes().decode("utf-8")
        except UnicodeDecodeError as error:
            raise DataFormatError(f"{path}: {_NOT_TREES}") from error
        _check_tree_text(path, text)
        try:
            booster = lightgbm.Booster(model_str=text)
        except lightgbm.basic.LightGBMError as error:
            raise DataFormatError(f"{path}: {_NOT_TREES}") from error
        expected = len(column_names(items=has_items))
        if booster.num_feature() != expected or booster.num_trees() != trees:
            raise DataFormatError(
                f"{path}: the trees take {booster.num_feature()} features in "
                f"{booster.num_trees()} trees; the header implies {expected} in {trees}"
            )
        model.has_items_, model.best_epoch_, model.booster_ = has_items, trees, booster
        return model

    def _settings(self) -> dict[str, Any]:
        return {
            "trees": self.trees,
            "patience": self.patience,
            "leaves": self.leaves,
            "learning_rate": self.learning_rate,
            "min_leaf": self.min_leaf,
            "l2": self.l2,
            "subsample": self.subsample,
            "colsample": self.colsample,
            "random_state": self.random_state,
        }

    def _parameters(self, *, by_auc: bool = True) -> dict[str, Any]:
        seed = _lightgbm_seed(0 if self.random_state is None else self.random_state)
        return {
            "objective": "binary",
            # Stop on AUC, the metric epochs are chosen by (log-loss where it is undefined).
            "metric": ["auc", "binary_logloss"] if by_auc else ["binary_logloss"],
            "first_metric_only": True,
            "learning_rate": self.learning_rate,
            "num_leaves": self.leaves,
            "min_data_in_leaf": self.min_leaf,
            "lambda_l2": self.l2,
            "bagging_fraction": self.subsample,
            "bagging_freq": 1 if self.subsample < 1 else 0,
            "feature_fraction": self.colsample,
            "max_cat_to_onehot": 4,
            "cat_smooth": 10.0,
            "seed": seed,
            "deterministic": True,
            "force_row_wise": True,
            "num_threads": self.threads,
            "verbosity": -1,
        }

    def _fitted(self) -> lightgbm.Booster:
        if not hasattr(self, "booster_"):
            raise NotFittedError("gbm: call fit (or load) before predict or save")
        booster: lightgbm.Booster = self.booster_
        return booster

    def _code(self, log: ResponseLog) -> Coded:
        items = self.items_ if self.has_items_ else self.skills_
        return code(log, vocabulary(self.skills_), vocabulary(items))

    def _features(self, log: ResponseLog) -> npt.NDArray[np.float32]:
        return self._coded_features(self._code(log), after=False)

    def _coded_features(self, coded: Coded, *, after: bool) -> npt.NDArray[np.float32]:
        item = coded.item if self.has_items_ else None
        return history_features(
            coded.starts, coded.skill, coded.correct, coded.answer_start, item, after=after
        )


def _held_out_rows(log: ResponseLog, seed: int | None) -> npt.NDArray[np.bool_]:
    """Rows of a tenth of the learners who have answers (at least one learner).

    Raises:
        DataFormatError: fewer than two learners have answers.
    """
    learners = np.unique(log.learner)
    if len(learners) < 2:
        raise DataFormatError(
            "gbm: a log of one learner leaves no learner to hold out for choosing the "
            "number of trees; give a validation log (--valid)"
        )
    count = min(max(1, round(len(learners) * _HELD_OUT)), len(learners) - 1)
    chosen = np.random.default_rng(seed).choice(learners, size=count, replace=False)
    return np.isin(log.learner, chosen)


_NOT_TREES = "the trees are not a LightGBM model of its (binary: one tree per round)"
_PARSE_IN_CHILD = (
    "import sys, lightgbm\n"
    "booster = lightgbm.Booster(model_str=sys.stdin.read())\n"
    "print(booster.num_model_per_iteration())\n"
)


def _check_tree_text(path: str | os.PathLike[str], text: str) -> None:
    """Refuse a tree text LightGBM cannot read, or one of another kind than ours.

    LightGBM aborts the whole process on some malformed texts (a C++ abort, nothing to
    catch), even ones whose checksum was recomputed: a child process reads it first.
    One binary model (one tree per round, "objective=binary") is what predicts P(correct).

    Raises:
        DataFormatError: the child could not read the trees, or they are not binary.
    """
    head = text[: text.find("\nTree=")] if "\nTree=" in text else text[:4096]
    if "\nnum_class=1\n" not in head or "\nobjective=binary" not in head:
        raise DataFormatError(f"{path}: {_NOT_TREES}")
    try:
        done = subprocess.run(
            [sys.executable, "-c", _PARSE_IN_CHILD],
            input=text,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise DataFormatError(f"{path}: the trees could not be checked: {error}") from error
    if done.returncode != 0 or done.stdout.strip() != "1":
        raise DataFormatError(f"{path}: {_NOT_TREES}")


def _lightgbm_seed(seed: int) -> int:
    """A seed LightGBM tells apart: it reads seeds as 31-bit, so 2**31 grew the trees of 0.
    Seeds below 2**31 are kept (files and tables made with them stay valid); others are
    spread over the same range (distinct seeds then collide only by rare chance)."""
    if seed < 2**31:
        return seed
    return int(np.random.SeedSequence(seed).generate_state(1, np.uint32)[0] >> 1)


def _checksum(
    trees: bytes, skills: tuple[str, ...], items: tuple[str, ...], settings: dict[str, Any]
) -> str:
    """SHA-256 of the tree text, the vocabularies its codes index and the settings that
    grew it (a hand-edited setting would misdescribe the trees)."""
    digest = hashlib.sha256(trees)
    described = [list(skills), list(items), settings]
    digest.update(json.dumps(described, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


class _Reporter:
    """A LightGBM callback that reports every `_REPORT_EVERY` trees, and the last one
    grown (`finish`), as epoch reports counted in trees."""

    def __init__(self, progress: Progress, trees: int, *, by_auc: bool) -> None:
        self.progress, self.trees, self.start = progress, trees, time.perf_counter()
        # The best tree as early stopping sees it: highest AUC, or else lowest log-loss.
        self.metric, self.sign = ("auc", 1.0) if by_auc else ("binary_logloss", -1.0)
        self.best_score, self.best_tree, self.reported = -math.inf, 0, 0
        self.last: EpochReport | None = None

    def __call__(self, env: Any) -> None:
        tree = env.iteration + 1
        scores = {(name, metric): value for name, metric, value, _ in env.evaluation_result_list}
        valid_auc = float(scores.get(("valid", "auc"), math.nan))
        score = self.sign * float(scores[("valid", self.metric)])
        if score > self.best_score:
            self.best_score, self.best_tree = score, tree
        spent = time.perf_counter() - self.start
        self.last = EpochReport(
            epoch=tree,
            epochs=self.trees,
            loss=float(scores.get(("train", "binary_logloss"), math.nan)),
            valid_auc=valid_auc,
            best_epoch=self.best_tree,
            seconds=spent,
            seconds_left=spent / tree * (self.trees - tree),
            unit="tree",
        )
        if tree % _REPORT_EVERY == 0:
            self.reported = tree
            self.progress(self.last)

    def finish(self) -> None:
        """Report the last tree grown, unless it was reported (early stopping ends a fit
        between reports)."""
        if self.last is not None and self.last.epoch != self.reported:
            self.progress(dataclasses.replace(self.last, seconds_left=0.0))


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1
