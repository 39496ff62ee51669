"""Read YAML files into nodes that remember where they were written, and nodes into values.

We compose nodes instead of loading Python objects because only nodes keep their line and
column, which every authoring error must name. Each reader method either returns a value or
records a `Problem` and returns None; none of them raises on malformed input.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from its.items.model import LANGUAGES, Text
from its.items.scoring import parse_numeric
from its.items.validate import Place, Problem, Ref

_TAG = "tag:yaml.org,2002:"
_NUMBER_TAGS = (_TAG + "int", _TAG + "float")
_ID = re.compile(r"[a-z0-9-]+")
_T = TypeVar("_T")
_TRUE = ("true", "yes", "on")
_FALSE = ("false", "no", "off")
_LANGUAGE_NAMES = {"id": "Indonesian", "en": "English"}
# One constructor turns int/float scalars into numbers with YAML's own rules (1_000, 0x1f,
# .inf), so that "a number" means the same here as in any other YAML tool.
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


MAX_FILE_BYTES = 20_000_000
"""A bank file larger than this is a mistake (a data dump, not hand-written items)."""


def compose_file(file: Path, problems: list[Problem]) -> Node | None:
    """Read one YAML file into a node tree; an unreadable file or bad syntax becomes E001.

    Returns:
        The document's root node, or None for an empty or unreadable file.
    """
    shown = str(file)
    try:
        if file.is_dir():
            problems.append(Problem(shown, None, None, "E001", "is a folder, not a YAML file"))
            return None
        if not file.is_file():  # a pipe or a device would block or never end
            problems.append(Problem(shown, None, None, "E001", "is not a regular file"))
            return None
        if file.stat().st_size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // 1_000_000
            message = f"is larger than {limit} MB; split it into several item files"
            problems.append(Problem(shown, None, None, "E001", message))
            return None
        data = file.read_bytes()
    except OSError as error:
        problems.append(Problem(shown, None, None, "E001", f"cannot be read: {error.strerror}"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, col = _line_col(data, error.start)
        message = f"is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8"
        problems.append(Problem(shown, line, col, "E001", message))
        return None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        problems.append(_syntax_problem(shown, error))
    except yaml.reader.ReaderError as error:
        line, col = _line_col(text, int(error.position))
        problems.append(Problem(shown, line, col, "E001", f"invalid YAML: {error.reason}"))
    except yaml.YAMLError as error:
        problems.append(Problem(shown, None, None, "E001", f"invalid YAML: {error}"))
    except RecursionError:
        problems.append(Problem(shown, None, None, "E001", "invalid YAML: nested too deeply"))
    return None


def read_list(file: Path, what: str, problems: list[Problem]) -> list[Node] | None:
    """Read a file holding a YAML list: its entries, [] when empty, None when unusable."""
    before = len(problems)
    root = compose_file(file, problems)
    if root is None or is_null(root):
        return [] if len(problems) == before else None
    if not isinstance(root, SequenceNode):
        expected = f'a list of {what}, each starting with "- "'
        NodeReader(file, problems).wrong_shape(root, "the file", expected)
        return None
    return list(root.value)


def present(values: Iterable[_T | None]) -> list[_T]:
    """Drop the Nones that stand for values already reported as problems."""
    return [value for value in values if value is not None]


def _syntax_problem(shown: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    detail = error.problem or "syntax error"
    if error.context:
        started = error.context_mark
        # The problem is often found lines after its cause (an unclosed bracket).
        if started is not None and mark is not None and started.line != mark.line:
            detail += f" ({error.context} started on line {started.line + 1})"
        else:
            detail += f" ({error.context})"
    if mark is None:
        return Problem(shown, None, None, "E001", f"invalid YAML: {detail}")
    return Problem(shown, mark.line + 1, mark.column + 1, "E001", f"invalid YAML: {detail}")


def _line_col(data: str | bytes, index: int) -> tuple[int, int]:
    newline = "\n" if isinstance(data, str) else b"\n"
    line_start = data.rfind(newline, 0, index) + 1  # type: ignore[arg-type]
    return data.count(newline, 0, index) + 1, index - line_start + 1  # type: ignore[arg-type]


def value_of(node: Node, key: str) -> Node | None:
    """Peek at one key of a mapping node before it is read in full (an item's `type`)."""
    if not isinstance(node, MappingNode):
        return None
    return next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == key), None)


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _TAG + "null"


def describe(node: Node) -> str:
    """Name what a node holds, for "expected X, got Y" messages."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if is_null(node):
        return "nothing (null)"
    if node.tag == _TAG + "bool":
        return f"true/false ({node.value})"
    if node.tag in _NUMBER_TAGS:
        return f"the number {node.value}"
    value = str(node.value)
    return f'text "{value[:40]}…"' if len(value) > 40 else f'text "{value}"'


class NodeReader:
    """Reads the nodes of one file into values, recording each wrong shape as a Problem.

    Every method accepts None for a node that is missing (already reported) and then
    returns None without reporting again, so callers can chain reads without checks.
    """

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = str(path)
        self.problems = problems

    def place(self, node: Node) -> Place:
        mark = node.start_mark
        return Place(self.path, mark.line + 1, mark.column + 1)

    def report(self, node: Node, code: str, message: str) -> None:
        self.problems.append(self.place(node).problem(code, message))

    def wrong_shape(self, node: Node, what: str, expected: str) -> None:
        self.report(node, "E002", f"{what} must be {expected}, got {describe(node)}")

    def fields(
        self,
        node: Node | None,
        what: str,
        *,
        required: Collection[str],
        optional: Collection[str] = (),
    ) -> dict[str, Node] | None:
        """Read a mapping, reporting E004 unknown, E002 repeated and E003 missing keys.

        An optional key whose value is null counts as absent (`prerequisites:` with nothing).
        """
        if node is None:
            return None
        if not isinstance(node, MappingNode):
            keys = ", ".join([*required, *optional])
            self.wrong_shape(node, what, f"a mapping with the keys {keys}")
            return None
        known = [*required, *optional]
        found: dict[str, Node] = {}
        first: dict[str, Node] = {}
        for key_node, value_node in node.value:
            name = self._key(key_node, first)
            if name is None:
                continue
            if name not in known:
                self.report(key_node, "E004", _unknown_key(name, what, known))
            elif name in required or not is_null(value_node):
                found[name] = value_node
        for name in required:
            if name not in found:
                self.report(node, "E003", f'{what} is missing the required key "{name}"')
        return found

    def _key(self, key_node: Node, first: dict[str, Node]) -> str | None:
        if not isinstance(key_node, ScalarNode) or is_null(key_node):
            self.wrong_shape(key_node, "a key", "a plain name")
            return None
        name = str(key_node.value)
        if name in first:
            line = self.place(first[name]).line
            self.report(key_node, "E002", f'key "{name}" appears twice (first on line {line})')
            return None
        first[name] = key_node
        return name

    def sequence(self, node: Node | None, what: str) -> list[Node] | None:
        if node is None:
            return None
        if not isinstance(node, SequenceNode):
            self.wrong_shape(node, what, "a list")
            return None
        return list(node.value)

    def string(self, node: Node | None, what: str) -> str | None:
        """Read a scalar as the text the author wrote, so `2.5` or `yes` stay as typed."""
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or is_null(node):
            self.wrong_shape(node, what, "text")
            return None
        return str(node.value)

    def number(self, node: Node | None, what: str) -> float | None:
        """Read a finite int or float scalar; quoted numbers are text, hence E002."""
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or node.tag not in _NUMBER_TAGS:
            hint = _number_hint(node)
            self.report(node, "E002", f"{what} must be a number, got {describe(node)}{hint}")
            return None
        try:
            if node.tag == _TAG + "int":
                value = float(_CONSTRUCTOR.construct_yaml_int(node))
            else:
                value = _CONSTRUCTOR.construct_yaml_float(node)
        except (ValueError, IndexError, OverflowError):
            # Only reachable with an explicit tag on a non-number (`!!int ""`).
            value = math.nan
        if not math.isfinite(value):
            self.report(node, "E105", f"{what} must be a finite number, got {node.value}")
            return None
        return value

    def id_ref(self, node: Node | None, what: str) -> Ref | None:
        """Read an id; a malformed one is reported (E105) but kept, so references still match."""
        value = self.string(node, what)
        if node is None or value is None:
            return None
        if not _ID.fullmatch(value):
            self.report(node, "E105", f'{what} "{value}" may only use a-z, 0-9 and "-"')
        return Ref(value, self.place(node))

    def id_refs(self, node: Node | None, what: str) -> list[Ref] | None:
        """Read a list of references to competency ids."""
        nodes = self.sequence(node, what)
        if nodes is None:
            return None
        # Only definitions check the id's spelling: a reference either matches one or is E102.
        names = [self.string(entry, f"a competency id in {what}") for entry in nodes]
        if None in names:
            return None
        return [
            Ref(name, self.place(entry)) for name, entry in zip(present(names), nodes, strict=True)
        ]

    def boolean(self, node: Node | None, what: str) -> bool | None:
        if node is None:
            return None
        written = str(node.value).lower() if isinstance(node, ScalarNode) else ""
        if node.tag != _TAG + "bool" or written not in _TRUE + _FALSE:
            self.wrong_shape(node, what, "true or false")
            return None
        return written in _TRUE

    def text(self, node: Node | None, what: str) -> Text | None:
        """Read a `{id: …, en: …}` text; a missing or empty language is E005."""
        if node is None:
            return None
        if not isinstance(node, MappingNode):
            self.wrong_shape(node, what, 'a text in both languages, {id: "…", en: "…"}')
            return None
        found = self.fields(node, what, required=(), optional=LANGUAGES)
        if found is None:
            return None
        versions = [self._version(node, found.get(lang), what, lang) for lang in LANGUAGES]
        if versions[0] is None or versions[1] is None:
            return None
        return Text(id=versions[0], en=versions[1])

    def texts(self, node: Node | None, what: str, each: str) -> tuple[Text, ...] | None:
        """Read a list of texts, such as hints; each is named `{each} N` in messages."""
        nodes = self.sequence(node, what)
        if nodes is None:
            return None
        texts = [self.text(entry, f"{each} {number}") for number, entry in enumerate(nodes, 1)]
        return None if None in texts else tuple(present(texts))

    def text_fields(
        self, node: Node | None, what: str, names: Collection[str]
    ) -> dict[str, Text] | None:
        """Read a mapping whose values are all optional texts, such as feedback."""
        found = self.fields(node, what, required=(), optional=names)
        if found is None:
            return None
        texts = {name: self.text(value, f"the {name} {what}") for name, value in found.items()}
        read = {name: text for name, text in texts.items() if text is not None}
        return read if len(read) == len(texts) else None

    def _version(self, parent: Node, node: Node | None, what: str, lang: str) -> str | None:
        language = _LANGUAGE_NAMES[lang]
        if node is None:
            self.report(parent, "E005", f"{what} lacks its {language} version ({lang}:)")
            return None
        value = self.string(node, f"the {language} version of {what}")
        if value is not None and not value.strip():
            self.report(node, "E005", f"{what} has an empty {language} version ({lang}:)")
            return None
        return value


def _unknown_key(name: str, what: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f'unknown key "{name}" in {what}; did you mean "{close[0]}"?'
    return f'unknown key "{name}" in {what}; known keys: {", ".join(known)}'


def _number_hint(node: Node) -> str:
    """Say how to write a quoted or decimal-comma number so that YAML reads it as one."""
    written = str(node.value) if isinstance(node, ScalarNode) else ""
    if node.tag != _TAG + "str" or parse_numeric(written) is None:
        return ""
    plain = written.strip().removesuffix("%").strip().replace(",", ".")
    return f"; write {plain} (no quotes, decimal point)"
