"""`BayesianBKT`: hierarchical Bayesian BKT fitted by stochastic variational inference."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from typing import Self

import numpy as np
import numpy.typing as npt
import pyro
import pyro.optim
import torch
from pyro.infer import SVI, Trace_ELBO

from its.errors import DataFormatError, NotFittedError
from its.tracing.base import Prediction
from its.tracing.bayes import _forward, _model
from its.tracing.bkt._layout import Chains, chains, deduplicate, pack
from its.tracing.bkt.online import BKTParams
from its.tracing.credible import FORMAT_VERSION, PARAMETERS
from its.tracing.log import ResponseLog
from its.tracing.torch_device import torch_device

FloatArray = npt.NDArray[np.float64]


class BayesianBKT:
    """BKT whose per-skill parameters share a learned population prior (see `_model`).

    Skills with few answers borrow strength from the others. `predict` uses each
    skill's posterior median parameters (the population median for skills not seen in
    `fit`, flagged in `Prediction.unseen`); `draws` and `export_draws` give posterior
    draws for credible intervals (`its.tracing.credible`).

    Args:
        n_steps: SVI steps (Adam, full batch; identical chains are merged first).
        learning_rate: Adam's step size.
        forgets: also fit P(forget); otherwise it is 0.
        random_state: seed of Pyro and torch for the fit and the draws.
        device: torch device of the fit.

    Attributes:
        skills_: names of the fitted skills.
        prior_, learn_, guess_, slip_, forget_: (n_skills,) posterior medians.
        skill_loc_, skill_scale_: (n_skills, 5) the guide's logit means and scales.
        population_loc_, population_scale_: (5,) posterior medians of the population
            prior's logit mean and scale.
        elbo_: the ELBO averaged over the last 10% of the steps.
    """

    skills_: tuple[str, ...]
    skill_loc_: FloatArray
    skill_scale_: FloatArray
    population_loc_: FloatArray
    population_scale_: FloatArray
    population_guide_: dict[str, FloatArray]
    elbo_: float

    def __init__(
        self,
        *,
        n_steps: int = 1000,
        learning_rate: float = 0.05,
        forgets: bool = False,
        random_state: int | None = None,
        device: str = "cpu",
    ) -> None:
        self.n_steps = n_steps
        self.learning_rate = learning_rate
        self.forgets = forgets
        self.random_state = random_state
        self.device = device

    def fit(self, log: ResponseLog) -> Self:
        """Fit the posterior of every skill with answers in `log` (and the population).

        Raises:
            ValueError: a hyperparameter is out of range.
            DataFormatError: `log` has no answers.
        """
        self._check_hyperparameters()
        if len(log) == 0:
            raise DataFormatError("cannot fit Bayesian BKT on a log without answers")
        device = torch_device(self.device)
        used = np.flatnonzero(np.bincount(log.skill, minlength=len(log.skills)))
        compact = np.zeros(len(log.skills), dtype=np.int64)
        compact[used] = np.arange(used.shape[0])
        skill = compact[log.skill]
        row_order, lengths, chain_skill = chains(log.learner, skill, used.shape[0])
        merged = deduplicate(Chains(log.correct[row_order], lengths, chain_skill))
        packed, _ = pack(merged)
        weight = None
        if merged.weight is not None:
            weight = merged.weight[np.argsort(-merged.lengths, kind="stable")]
        data = _forward.PackedTensors.from_packed(packed, used.shape[0], weight, device=device)
        pyro.clear_param_store()
        pyro.set_rng_seed(0 if self.random_state is None else self.random_state)
        svi = SVI(  # type: ignore[no-untyped-call]
            _model.model,
            _model.guide,
            pyro.optim.ClippedAdam({"lr": self.learning_rate, "lrd": 0.1 ** (1 / self.n_steps)}),
            Trace_ELBO(),  # type: ignore[no-untyped-call]
        )
        with _one_thread():
            losses = [
                svi.step(data, self.forgets)  # type: ignore[no-untyped-call]
                for _ in range(self.n_steps)
            ]
        tail = losses[-max(1, self.n_steps // 10) :]
        self.elbo_ = -float(np.mean(tail))
        store = {name: pyro.param(name).detach().cpu().numpy().copy() for name in _GUIDE_PARAMS}
        self.skills_ = tuple(log.skills[k] for k in used.tolist())
        self.skill_loc_ = store["skill_loc"]
        self.skill_scale_ = store["skill_scale"]
        self.population_loc_ = store["population_mean_loc"]
        self.population_scale_ = np.exp(store["population_scale_loc"])
        self.population_guide_ = {name: store[name] for name in _GUIDE_PARAMS[:4]}
        return self

    @property
    def _medians(self) -> FloatArray:
        """(n_skills, 5) posterior median parameters."""
        self._check_fitted()
        z = torch.as_tensor(self.skill_loc_)
        return _model.to_probabilities(z, forgets=self.forgets).numpy()

    @property
    def prior_(self) -> FloatArray:
        return self._medians[:, 0]

    @property
    def learn_(self) -> FloatArray:
        return self._medians[:, 1]

    @property
    def guess_(self) -> FloatArray:
        return self._medians[:, 2]

    @property
    def slip_(self) -> FloatArray:
        return self._medians[:, 3]

    @property
    def forget_(self) -> FloatArray:
        return self._medians[:, 4]

    def predict(self, log: ResponseLog) -> Prediction:
        """Trace every learner through `log` with the posterior median parameters.

        Raises:
            NotFittedError: the model has not been fitted.
        """
        self._check_fitted()
        index = {skill: k for k, skill in enumerate(self.skills_)}
        where = np.array([index.get(skill, -1) for skill in log.skills], dtype=np.int64)
        unseen = where < 0
        logits = np.where(unseen[:, None], self.population_loc_, self.skill_loc_[where])
        params = _model.to_probabilities(
            torch.as_tensor(logits.reshape(-1, 5)), forgets=self.forgets
        )
        n_skills = max(len(log.skills), 1)
        row_order, lengths, chain_skill = chains(log.learner, log.skill, n_skills)
        packed, position = pack(Chains(log.correct[row_order], lengths, chain_skill))
        data = _forward.PackedTensors.from_packed(packed, n_skills)
        with torch.no_grad(), _one_thread():
            p_correct, p_mastery = _forward.forward(params, data)
        rows = position.copy()
        rows[row_order] = position
        return Prediction(
            p_correct=p_correct.numpy()[rows],
            p_mastery=p_mastery.numpy()[rows],
            unseen=unseen[log.skill],
        )

    def draws(
        self, n_draws: int = 200
    ) -> tuple[dict[str, tuple[BKTParams, ...]], tuple[BKTParams, ...]]:
        """Posterior draws: per fitted skill, and for a new skill of the population.

        A population draw samples the population mean and scale from the posterior,
        then a new skill's logits from that prior.

        Returns:
            (skill name -> draws, population draws), `n_draws` each.
        """
        skill_p, population_p = self._draw_arrays(n_draws)
        skills = {
            name: tuple(BKTParams(*row) for row in skill_p[:, k].tolist())
            for k, name in enumerate(self.skills_)
        }
        return skills, tuple(BKTParams(*row) for row in population_p.tolist())

    def _draw_arrays(self, n_draws: int) -> tuple[FloatArray, FloatArray]:
        """(n_draws, n_skills, 5) skill draws and (n_draws, 5) population draws."""
        self._check_fitted()
        generator = torch.Generator().manual_seed(
            1 if self.random_state is None else self.random_state + 1
        )

        def normal(shape: tuple[int, ...]) -> torch.Tensor:
            return torch.randn(shape, generator=generator, dtype=torch.float64)

        loc = torch.as_tensor(self.skill_loc_)
        scale = torch.as_tensor(self.skill_scale_)
        skill_z = loc + scale * normal((n_draws, *loc.shape))
        g = {k: torch.as_tensor(v) for k, v in self.population_guide_.items()}
        mean = g["population_mean_loc"] + g["population_mean_scale"] * normal((n_draws, 5))
        spread = torch.exp(
            g["population_scale_loc"] + g["population_scale_scale"] * normal((n_draws, 5))
        )
        new_z = mean + spread * normal((n_draws, 5))
        return (
            _model.to_probabilities(skill_z, forgets=self.forgets).numpy(),
            _model.to_probabilities(new_z, forgets=self.forgets).numpy(),
        )

    def export_draws(
        self, path: str | os.PathLike[str], *, n_draws: int = 200, skills: bool = True
    ) -> None:
        """Write posterior draws as the JSON file `its.tracing.credible` reads.

        Args:
            path: the file to write.
            n_draws: draws per skill.
            skills: include the fitted skills' draws (else only the population's).
        """
        skill_p, population_p = self._draw_arrays(n_draws)
        data = {
            "format_version": FORMAT_VERSION,
            "model": "bkt-bayes",
            "forgets": self.forgets,
            "n_draws": n_draws,
            "population": _columns(population_p),
            "skills": {name: _columns(skill_p[:, k]) for k, name in enumerate(self.skills_)}
            if skills
            else {},
        }
        text = json.dumps(data, ensure_ascii=False)  # dumps: C encoder; dump is pure Python
        with open(path, "w", encoding="utf-8") as file:
            file.write(text + "\n")

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the posterior draws file (`export_draws` with its defaults), so that
        `its train --model bkt-bayes -o draws.json` makes what `its.tracing.credible` reads."""
        self.export_draws(path)

    def _check_hyperparameters(self) -> None:
        problems = []
        if not isinstance(self.n_steps, int) or self.n_steps < 1:
            problems.append(f"n_steps must be a positive integer, got {self.n_steps!r}")
        if not isinstance(self.learning_rate, int | float) or not self.learning_rate > 0:
            problems.append(f"learning_rate must be a number > 0, got {self.learning_rate!r}")
        if not isinstance(self.forgets, bool):
            problems.append(f"forgets must be True or False, got {self.forgets!r}")
        if problems:
            raise ValueError("BayesianBKT: " + "; ".join(problems))

    def _check_fitted(self) -> None:
        if "skill_loc_" not in self.__dict__:
            raise NotFittedError("this BayesianBKT is not fitted yet; call fit(log)")


_GUIDE_PARAMS = (
    "population_mean_loc",
    "population_mean_scale",
    "population_scale_loc",
    "population_scale_scale",
    "skill_loc",
    "skill_scale",
)


@contextlib.contextmanager
def _one_thread() -> Iterator[None]:
    """Run torch on one thread: the tensors here are small, and on a shared 2-core machine
    thread hand-offs made each SVI step about 10x slower."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _columns(draws: FloatArray) -> dict[str, list[float]]:
    """(n_draws, 5) draws in the file's column form, to six decimals (far below the
    posterior's spread, and a third of the file size)."""
    rounded = np.round(draws, 6)
    return {name: rounded[:, k].tolist() for k, name in enumerate(PARAMETERS)}
