"""The learner app: profiles, home, practice and summary screens over `its.tutor`.

`make_app` is the one factory the CLI (`its learn`) and the tests use. The app holds what every
screen shares (the store, the bank, the tutor, the clock, the random generator, the chosen
learner and the language); the screens call the tutor and the store and render what they return.

Built for slow links (see TUI_NOTES.md): no animations, no blinking cursor, nothing repaints on
a timer, everything is reachable with single keys, and the mouse can be switched off.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import numpy as np
from textual.app import App

from its.errors import ItsError
from its.events import Attempt, LearnerId, SessionId
from its.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from its.items.model import Bank, CompetencyId
from its.store import Database, events_for
from its.store.learners import Learner, create_learner, get_learner, set_language
from its.tui.screens.error import ErrorScreen
from its.tui.screens.profiles import ProfileScreen
from its.tutor import MasteryModel, Session, Tutor
from its.tutor.mastery import is_mastered, replay_mastery


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
    ) -> None:
        super().__init__()
        self.animation_level = "none"
        self.db = db
        self.bank = bank
        self.tutor = Tutor(bank)
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self.language_given = language is not None
        self.rng = np.random.default_rng(seed)
        self.clock = clock or utc_now
        self.mouse_enabled = mouse
        self.learner: Learner | None = None

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

    def create_profile(self, name: str) -> Learner:
        """Create a learner profile in the current language. Raises StoreError."""
        return create_learner(self.db, name, language=self.language, now=self.clock())

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
        """The current learner's mastery, replayed from their stored attempts."""
        past = events_for(self.db, self.learner.id) if self.learner is not None else []
        attempts = [event for event in past if isinstance(event, Attempt)]
        return replay_mastery(self.bank, attempts, self.model)

    def start_session(self) -> Session:
        """A new session for the current learner, rebuilt from their stored events (an item
        left open with hints shown comes back as `current`)."""
        if self.learner is None:
            raise ValueError("no learner chosen")
        past = events_for(self.db, self.learner.id)
        return self.tutor.start(
            LearnerId(self.learner.id),
            past,
            session_id=SessionId(uuid.uuid4().hex),
            now=self.clock(),
        )

    def next_question(self, session: Session) -> Session:
        return self.tutor.next_question(session, rng=self.rng, now=self.clock())

    def is_mastered(self, mastery: dict[CompetencyId, float], competency: CompetencyId) -> bool:
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

    Returns:
        The app; call `.run()`.

    Example:
        make_app(open_store(), load_bank(starter_bank_path())).run()
    """
    return ItsApp(db, bank, language=language, seed=seed, clock=clock, mouse=mouse)
