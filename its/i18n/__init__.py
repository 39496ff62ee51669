"""The translation catalogue: every learner-visible string comes from here.

Catalogues are TOML files (`id.toml`, `en.toml`) beside this module, one table per area
(`[home]`, `[practice]`, ...). Keys are dotted paths such as `"practice.correct"`; values are
`str.format` templates with named parameters. Indonesian is the default language.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES: tuple[str, ...] = ("id", "en")
DEFAULT_LANGUAGE = "id"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{path}."))
        else:
            flat[path] = str(value)
    return flat


@cache
def catalogue(language: str) -> dict[str, str]:
    """All templates of one language, keyed by dotted path."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    text = resources.files(__name__).joinpath(f"{language}.toml").read_text(encoding="utf-8")
    return _flatten(tomllib.loads(text))


def t(key: str, language: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The text for `key` in `language`, with `params` filled in.

    Raises:
        KeyError: the key is in no catalogue (a bug: tests check every key used exists).
    """
    template = catalogue(language)[key]
    return template.format(**params) if params else template


def percent(value: float, language: str = DEFAULT_LANGUAGE) -> str:
    """A probability as a whole percentage, e.g. `42%` (both languages write it the same)."""
    return f"{round(100 * value)}%"


def decimal(value: float, language: str = DEFAULT_LANGUAGE, digits: int = 2) -> str:
    """A number with the language's decimal mark: `0,42` in Indonesian, `0.42` in English."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if language == "id" else text
