"""The one exception hierarchy of its.

Core code raises these; only the edges (CLI, TUI) turn them into messages and exit codes.
Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations


class ItsError(Exception):
    """Base class of every error a user can cause and fix."""


class BankError(ItsError):
    """An item bank could not be read or is invalid."""


class DataFormatError(ItsError):
    """A log or data file does not have the expected format."""


class StoreError(ItsError):
    """The event store cannot be opened or written."""


class NotFittedError(ItsError):
    """A model was used before `fit` (or `load`)."""


class MissingExtraError(ItsError):
    """An optional dependency is needed; the message names the extra to install."""
