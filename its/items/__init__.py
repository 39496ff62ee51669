"""Item banks: the content model, the reader and validator, content versions and scoring.

Example:
    >>> from its.items import load_bank, starter_bank_path
    >>> bank = load_bank(starter_bank_path())  # doctest: +SKIP
"""

from its.items.hashing import item_version
from its.items.load import load_bank, read_bank, starter_bank_path, validate_bank
from its.items.scoring import is_correct, parse_numeric
from its.items.validate import Problem, ProblemDict

__all__ = [
    "Problem",
    "ProblemDict",
    "is_correct",
    "item_version",
    "load_bank",
    "parse_numeric",
    "read_bank",
    "starter_bank_path",
    "validate_bank",
]
