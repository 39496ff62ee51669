"""The learner app: profiles, home, practice and summary screens over `its.tutor`.

`make_app` is the one factory the CLI (`its learn`) and the tests use. The app holds what every
screen shares (the store, the bank, the tutor, the clock, the random generator, the chosen
learner and the language); the screens call the tutor and the store and render what they return.

Built for slow links (see TUI_NOTES.md): no animations, no blinking cursor, nothing repaints on
a timer, everything is reachable with single keys, and the mouse can be switched off.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
from textual.app import App

from its.errors import ItsError
from its.events import LearnerId, SessionId
from its.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from its.items.model import Bank, CompetencyId
from its.store import Database, events_for
from its.store.learners import Learner, create_learner, get_learner, set_job, set_language
from its.tracing.bkt.online import BKTParams
from its.tracing.credible import population_draws
from its.tui.bands import Band, BandCache, answers_by_competency, bands, centred_draws
from its.tui.screens.error import ErrorScreen
from its.tui.screens.profiles import ProfileScreen
from its.tutor import MasteryModel, Session, Tutor
from its.tutor.live import LiveTracing
from its.tutor.mastery import confirmed, is_mastered
from its.tutor.placement import new_placement_session_id, placed_unanswered


def utc_now() -> datetime:
    """The default clock: tz-aware UTC now."""
    return datetime.now(UTC)


class ItsApp(App[None]):
    """The learner app. Build it with `make_app`."""

    CSS_PATH = "its.tcss"
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self,
        db: Database,
        bank: Bank,
        *,
        language: str | None = None,
        seed: int | None = None,
        clock: Callable[[], datetime] | None = None,
        mouse: bool = True,
        draws: Sequence[BKTParams] | None = None,
        model: MasteryModel | None = None,
        live: LiveTracing | None = None,
    ) -> None:
        super().__init__()
        self.animation_level = "none"
        self.db = db
        self.bank = bank
        self.tutor = Tutor(bank, model=model or MasteryModel(), live=live)
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self.language_given = language is not None
        self.rng = np.random.default_rng(seed)
        self.clock = clock or utc_now
        self.mouse_enabled = mouse
        self.learner: Learner | None = None
        self._draws = tuple(draws) if draws is not None else None
        self._centred: dict[BKTParams, tuple[BKTParams, ...]] = {}
        self._band_cache = BandCache()

    # -- start-up -------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.push_screen(ProfileScreen())

    async def run_async(self, *, mouse: bool = True, **options: Any) -> None:
        """Run, with mouse tracking only when `make_app(mouse=True)` and the caller agree."""
        return await super().run_async(mouse=mouse and self.mouse_enabled, **options)

    # -- shared services for the screens --------------------------------------------------

    def tr(self, key: str, /, **params: object) -> str:
        """The catalogue text for `key` in the current language."""
        return t(key, self.language, **params)

    def show_error(self, error: ItsError) -> None:
        """Show a user-fixable error in a modal; the app keeps running."""
        self.push_screen(ErrorScreen(str(error)))

    def competency_name(self, competency: CompetencyId | str) -> str:
        found = self.bank.competencies.get(CompetencyId(competency))
        return found.name.get(self.language) if found is not None else str(competency)

    @property
    def model(self) -> MasteryModel:
        return self.tutor.model

    def traced_live(self, competency: CompetencyId) -> bool:
        """True when a live (deep) model traces `competency`: one estimate, no band."""
        live = self.tutor.live
        return live is not None and competency in live.competencies

    def create_profile(
        self, name: str, *, job_family: str | None = None, job_level: str | None = None
    ) -> Learner:
        """Create a learner profile in the current language. Raises StoreError."""
        return create_learner(
            self.db,
            name,
            language=self.language,
            now=self.clock(),
            job_family=job_family,
            job_level=job_level,
        )

    def change_job(self, job_family: str | None, job_level: str | None) -> None:
        """Save the current learner's job (None and None: no job). Raises StoreError."""
        if self.learner is None:
            raise ValueError("no learner chosen")
        set_job(self.db, self.learner.id, job_family, job_level)
        self.learner = get_learner(self.db, self.learner.id)

    def targets(self) -> Mapping[CompetencyId, float]:
        """The current learner's job targets (competency -> mastery to reach), most important
        first; empty without a job or when the bank does not know it."""
        learner = self.learner
        if learner is None:
            return {}
        return self.bank.targets_for(learner.job_family, learner.job_level)

    def job_name(self) -> str:
        """`Pranata Komputer · Ahli Muda`, or "" without a (known) job."""
        learner = self.learner
        family = self.bank.job(learner.job_family) if learner and learner.job_family else None
        level = (
            family.level(learner.job_level) if family and learner and learner.job_level else None
        )
        if family is None or level is None:
            return ""
        family_name, level_name = family.name.get(self.language), level.name.get(self.language)
        return family_name if level_name == family_name else f"{family_name} · {level_name}"

    def choose_learner(self, learner_id: str) -> Learner:
        """Make a profile the current learner; their saved language applies unless the app
        was started with an explicit language. Raises StoreError."""
        learner = get_learner(self.db, learner_id)
        self.learner = learner
        if not self.language_given and learner.language in LANGUAGES:
            self.language = learner.language
        return learner

    def toggle_language(self) -> None:
        """Switch between Indonesian and English; saved in the current learner's profile."""
        index = LANGUAGES.index(self.language) if self.language in LANGUAGES else 0
        language = LANGUAGES[(index + 1) % len(LANGUAGES)]
        if self.learner is not None:
            try:
                set_language(self.db, self.learner.id, language)
            except ItsError as error:
                self.show_error(error)
                return
        self.language = language

    def mastery(self) -> dict[CompetencyId, float]:
        """The current learner's mastery, rebuilt from their stored events by the tutor."""
        return dict(self.start_session().mastery)

    def start_session(self, *, placement: bool = False) -> Session:
        """A new session for the current learner, rebuilt from their stored events (an item
        left open with hints shown comes back as `current`); `placement` starts the
        placement check instead of ordinary practice."""
        if self.learner is None:
            raise ValueError("no learner chosen")
        past = events_for(self.db, self.learner.id)
        session_id = new_placement_session_id() if placement else SessionId(uuid.uuid4().hex)
        return self.tutor.start(
            LearnerId(self.learner.id), past, session_id=session_id, now=self.clock()
        )

    def needs_placement(self) -> bool:
        """A learner who has answered nothing yet is offered the placement check."""
        if self.learner is None:
            return False
        return self.tutor.needs_placement(events_for(self.db, self.learner.id))

    def due_for_review(self, session: Session) -> list[tuple[CompetencyId, float]]:
        """Mastered competencies due for review, most forgotten first, with their recall."""
        return self.tutor.due_for_review(session, now=self.clock())

    @property
    def draws(self) -> tuple[BKTParams, ...]:
        """Parameter draws for the uncertainty bands, read once; empty (no bands shown) when
        the shipped draws file is missing or unreadable."""
        if self._draws is None:
            try:
                self._draws = population_draws()
            except ItsError:
                self._draws = ()
        return self._draws

    def bands(
        self, session: Session, competencies: Sequence[CompetencyId] | None = None
    ) -> dict[CompetencyId, Band]:
        """The uncertainty band of each competency's mastery in `session` (all, or just
        `competencies`); empty when there are no draws. A competency a live model traces
        has none: the model gives a point estimate, and BKT's band would describe another
        estimate than the one shown."""
        if not self.draws:
            return {}
        wanted = list(session.mastery) if competencies is None else competencies
        mastery = {
            c: session.mastery[c]
            for c in wanted
            if c in session.mastery and not self.traced_live(c)
        }
        answers = answers_by_competency(self.bank, session.history)
        return bands(self._draws_for, answers, mastery, cache=self._band_cache)

    def _draws_for(self, competency: CompetencyId) -> tuple[BKTParams, ...]:
        """The draws centred on the tutor's parameters of `competency` (computed once per
        distinct parameters: every competency of an unfitted bank shares the default)."""
        params = self.model.for_competency(competency)
        if params not in self._centred:
            self._centred[params] = centred_draws(self.draws, params)
        return self._centred[params]

    def next_question(self, session: Session) -> Session:
        return self.tutor.next_question(session, rng=self.rng, now=self.clock())

    def confirmed(self, session: Session) -> frozenset[CompetencyId]:
        """Competencies with at least one right answer on themselves (not placement's
        inference alone) and, where the estimate says mastered, enough of them to support
        it (`Tutor.mastered`): else the estimate rests on the prior and shows as such."""
        found = confirmed(session.history, self.tutor.index.items)
        supported = self.tutor.mastered(session)
        return frozenset(
            c for c in found if c in supported or not is_mastered(session.mastery, c, self.model)
        )

    def all_mastered(self, session: Session) -> bool:
        """Every competency mastered on the learner's own evidence (`Tutor.mastered`)."""
        return self.tutor.mastered(session) >= frozenset(self.bank.competencies)

    def placed(self, session: Session) -> frozenset[CompetencyId]:
        """Competencies the placement check placed as known and not answered since."""
        return placed_unanswered(session.history, self.tutor.index)

    def is_mastered(self, mastery: Mapping[CompetencyId, float], competency: CompetencyId) -> bool:
        return is_mastered(mastery, competency, self.model)

    # -- app-wide actions -----------------------------------------------------------------

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit a Textual app; say (in the learner's language) what does."""
        self.notify(self.tr("app.how_to_quit"))


def make_app(
    db: Database,
    bank: Bank,
    *,
    language: str | None = None,
    seed: int | None = None,
    clock: Callable[[], datetime] | None = None,
    mouse: bool = True,
    draws: Sequence[BKTParams] | None = None,
    model: MasteryModel | None = None,
    live: LiveTracing | None = None,
) -> ItsApp:
    """Build the learner app.

    Args:
        db: The event store (`its.store.open_store`).
        bank: The validated item bank.
        language: `"id"` or `"en"`; None uses each learner's saved language (Indonesian on the
            profile screen).
        seed: Seed of the random generator that breaks ties between equally good items.
        clock: Returns tz-aware UTC now; defaults to the system clock.
        mouse: False runs without mouse tracking (less traffic on slow SSH links).
        draws: BKT parameter draws for the uncertainty bands; None reads the shipped
            population draws (`its.tracing.credible.population_draws`).
        model: the tutor's tracing parameters (`its.tutor.fitted.fitted_mastery_model`);
            None uses the defaults of `its.tutor.mastery`.
        live: a live model for the competencies it knows (`its.tutor.live.live_tracing`;
            `its.tutor.fitted.tracing_from_file` reads either kind of file); None: BKT only.

    Returns:
        The app; call `.run()`.

    Example:
        make_app(open_store(), load_bank(starter_bank_path())).run()
    """
    return ItsApp(
        db,
        bank,
        language=language,
        seed=seed,
        clock=clock,
        mouse=mouse,
        draws=draws,
        model=model,
        live=live,
    )
