"""The one reader of item banks: read files, parse nodes into the model, validate the bank.

`validate_bank` collects every problem; `load_bank` returns the `Bank` or raises one
`BankError` that lists them all. Both run the same reader, so they never disagree.
"""

from __future__ import annotations

import difflib
import importlib.resources
import os
from dataclasses import dataclass, replace
from pathlib import Path

from yaml.nodes import Node, SequenceNode

from its.errors import BankError
from its.items._yaml_nodes import NodeReader, present, read_list, value_of
from its.items.hashing import item_version
from its.items.model import (
    Bank,
    Choice,
    Competency,
    CompetencyId,
    Item,
    ItemId,
    ItemType,
    JobFamily,
    SourceRef,
    Text,
)
from its.items.scoring import normalize_text
from its.items.targets import read_targets
from its.items.validate import BankReport, Entry, Problem, check_bank, sort_problems

COMPETENCIES_FILE = "competencies.yaml"
ITEMS_FOLDER = "items"
ITEM_SUFFIXES = (".yaml", ".yml")
CHOICE_KEYS = ("a", "b", "c", "d", "e", "f")
TRUE_FALSE_TEXTS = {"true": Text(id="Benar", en="True"), "false": Text(id="Salah", en="False")}


def starter_bank_path() -> Path:
    """Return the folder of the bank shipped inside the installed package."""
    return Path(str(importlib.resources.files("its") / "data" / "starter_bank"))


def validate_bank(path: str | os.PathLike[str]) -> list[Problem]:
    """Check a bank folder and return every problem, sorted by file, line and column.

    Args:
        path: the bank folder; messages name files under it as given (not made absolute).

    Returns:
        The problems found; empty when the bank is valid. Never raises on bad content.
    """
    return read_bank(path)[1]


def load_bank(path: str | os.PathLike[str]) -> Bank:
    """Load a valid bank.

    Args:
        path: the bank folder.

    Returns:
        The bank, with each item's `version` set to its content hash.

    Raises:
        BankError: listing every problem, one `file:line:col: CODE message` per line.
    """
    bank, problems = read_bank(path)
    if bank is None:
        raise BankError("\n".join(str(problem) for problem in problems))
    return bank


def read_bank(path: str | os.PathLike[str]) -> tuple[Bank | None, list[Problem]]:
    """Read a bank folder: the bank when it is valid (else None) and all sorted problems."""
    competencies, items, jobs, problems = _read_entries(Path(path))
    if problems:
        return None, problems
    bank = Bank(
        competencies={c.id: c for c in present(c for _, c in competencies)},
        items=tuple(present(item for _, item in items)),
        path=str(path),
        jobs=jobs,
    )
    return bank, []


def bank_report(path: str | os.PathLike[str]) -> BankReport:
    """What `its items validate` prints: how many competencies and items were read, and every
    problem (counts include entries that have problems)."""
    competencies, items, _, problems = _read_entries(Path(path))
    return BankReport(competencies=len(competencies), items=len(items), problems=problems)


def _read_entries(
    root: Path,
) -> tuple[
    list[tuple[Entry, Competency | None]],
    list[tuple[Entry, Item | None]],
    tuple[JobFamily, ...],
    list[Problem],
]:
    if not root.is_dir():
        reason = "does not exist" if not root.exists() else "is not a folder"
        return [], [], (), [Problem(str(root), None, None, "E107", f"the bank folder {reason}")]
    problems: list[Problem] = []
    competencies = _read_competencies(root, problems)
    items = _read_items(root, problems)
    targets, jobs = read_targets(root, problems)
    problems += check_bank(
        [entry for entry, _ in competencies], [entry for entry, _ in items], references=targets
    )
    return competencies, items, jobs, sort_problems(problems)


def _read_competencies(
    root: Path, problems: list[Problem]
) -> list[tuple[Entry, Competency | None]]:
    file = root / COMPETENCIES_FILE
    if not file.exists():
        problems.append(Problem(str(root), None, None, "E107", f"the bank has no {file.name}"))
        return []
    nodes = read_list(file, "competencies", problems)
    if nodes == []:
        problems.append(Problem(str(file), None, None, "E107", "lists no competencies"))
    reader = NodeReader(file, problems)
    return [_parse_competency(reader, node) for node in nodes or ()]


def _read_items(root: Path, problems: list[Problem]) -> list[tuple[Entry, Item | None]]:
    folder = root / ITEMS_FOLDER
    if not folder.is_dir():
        problems.append(Problem(str(root), None, None, "E107", "the bank has no items/ folder"))
        return []
    try:
        # Hidden files are editors' locks and backups, not items.
        names = sorted(f.name for f in folder.iterdir() if not f.name.startswith("."))
    except OSError as error:
        problems.append(
            Problem(str(folder), None, None, "E001", f"cannot be read: {error.strerror}")
        )
        return []
    before = len(problems)
    items: list[tuple[Entry, Item | None]] = []
    for file in (folder / name for name in names if name.endswith(ITEM_SUFFIXES)):
        reader = NodeReader(file, problems)
        items += [_parse_item(reader, node) for node in read_list(file, "items", problems) or ()]
    if not items and len(problems) == before:
        problems.append(Problem(str(folder), None, None, "E107", "the bank has no items"))
    return items


def _parse_competency(reader: NodeReader, node: Node) -> tuple[Entry, Competency | None]:
    required = ("id", "name", "description")
    found = reader.fields(node, "a competency", required=required, optional=("prerequisites",))
    if found is None:
        return Entry("competency", None), None
    ident = reader.id_ref(found.get("id"), "the competency id")
    prerequisites = reader.id_refs(found.get("prerequisites"), "prerequisites")
    if "prerequisites" not in found:
        prerequisites = []
    name = reader.text(found.get("name"), "the name")
    description = reader.text(found.get("description"), "the description")
    entry = Entry("competency", ident, tuple(prerequisites or ()))
    if ident is None or prerequisites is None or name is None or description is None:
        return entry, None
    competency = Competency(
        id=CompetencyId(ident.id),
        name=name,
        description=description,
        prerequisites=tuple(CompetencyId(ref.id) for ref in prerequisites),
        source=SourceRef(reader.path, reader.place(node).line),
    )
    return entry, competency


@dataclass(frozen=True, slots=True)
class _Answer:
    """The type-specific fields of an item, as they go into `Item`."""

    choices: tuple[Choice, ...] = ()
    answer_keys: frozenset[str] = frozenset()
    numeric_answer: float | None = None
    tolerance: float = 0.0
    accepted: tuple[str, ...] = ()


_COMMON_OPTIONAL = ("difficulty", "hints", "feedback")


def _item_keys(item_type: ItemType | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Required and optional keys of an item; all keys of any type when the type is unknown."""
    required: tuple[str, ...] = ("id", "competencies", "type", "stem")
    if item_type is None:
        return required, ("choices", "answer", "tolerance", *_COMMON_OPTIONAL)
    if item_type in (ItemType.SINGLE_CHOICE, ItemType.MULTIPLE_RESPONSE):
        required += ("choices",)
    extra = ("tolerance",) if item_type is ItemType.NUMERIC else ()
    return (*required, "answer"), (*extra, *_COMMON_OPTIONAL)


def _parse_type(reader: NodeReader, node: Node) -> ItemType | None:
    type_node = value_of(node, "type")
    name = reader.string(type_node, "the item type")
    types = [str(member) for member in ItemType]
    if type_node is None or name is None or name in types:
        return None if name is None else ItemType(name)
    close = difflib.get_close_matches(name, types, n=1)
    hint = f'did you mean "{close[0]}"?' if close else "types: " + ", ".join(types)
    reader.report(type_node, "E105", f'unknown item type "{name}"; {hint}')
    return None


def _parse_item(reader: NodeReader, node: Node) -> tuple[Entry, Item | None]:
    item_type = _parse_type(reader, node)
    required, optional = _item_keys(item_type)
    what = f"a {item_type} item" if item_type else "an item"
    found = reader.fields(node, what, required=required, optional=optional)
    if found is None:
        return Entry("item", None), None
    ident = reader.id_ref(found.get("id"), "the item id")
    competencies = reader.id_refs(found.get("competencies"), "competencies")
    if competencies == []:
        reader.report(found["competencies"], "E105", "an item needs at least one competency")
    entry = Entry("item", ident, tuple(competencies or ()))
    stem = reader.text(found.get("stem"), "the stem")
    hints = _parse_hints(reader, node, found.get("hints"))
    difficulty = _parse_difficulty(reader, found.get("difficulty"))
    feedback = _parse_feedback(reader, found.get("feedback"), item_type)
    answer = _parse_answer(reader, item_type, found, feedback)
    if ident is None or item_type is None or not competencies or stem is None:
        return entry, None
    if hints is None or difficulty is None or feedback is None or answer is None:
        return entry, None
    item = Item(
        id=ItemId(ident.id),
        type=item_type,
        competencies=tuple(CompetencyId(ref.id) for ref in competencies),
        stem=stem,
        hints=hints,
        choices=answer.choices,
        answer_keys=answer.answer_keys,
        numeric_answer=answer.numeric_answer,
        tolerance=answer.tolerance,
        accepted=answer.accepted,
        feedback_correct=feedback.get("correct"),
        feedback_incorrect=feedback.get("incorrect"),
        difficulty=difficulty,
        source=SourceRef(reader.path, reader.place(node).line),
    )
    return entry, replace(item, version=item_version(item))


def _parse_hints(reader: NodeReader, item: Node, node: Node | None) -> tuple[Text, ...] | None:
    if node is None:
        reader.report(item, "E106", 'the item has no hints; add at least one under "hints:"')
        return None
    hints = reader.texts(node, "hints", "hint")
    if hints == ():
        reader.report(node, "E106", "hints is empty; add at least one hint")
        return None
    return hints


def _parse_difficulty(reader: NodeReader, node: Node | None) -> float | None:
    if node is None:
        return 0.5
    value = reader.number(node, "difficulty")
    if value is not None and not 0 <= value <= 1:
        reader.report(node, "E105", f"difficulty must be between 0 and 1, got {node.value}")
        return None
    return value


def _parse_feedback(
    reader: NodeReader, node: Node | None, item_type: ItemType | None
) -> dict[str, Text] | None:
    if node is None:
        return {}
    names: tuple[str, ...] = ("correct", "incorrect")
    if item_type is ItemType.TRUE_FALSE:
        names += ("true", "false")
    return reader.text_fields(node, "feedback", names)


def _parse_answer(
    reader: NodeReader,
    item_type: ItemType | None,
    found: dict[str, Node],
    feedback: dict[str, Text] | None,
) -> _Answer | None:
    answer = found.get("answer")
    match item_type:
        case ItemType.SINGLE_CHOICE | ItemType.MULTIPLE_RESPONSE:
            return _parse_choice_answer(reader, item_type, found.get("choices"), answer)
        case ItemType.TRUE_FALSE:
            return _parse_true_false(reader, answer, feedback or {})
        case ItemType.NUMERIC:
            return _parse_numeric(reader, answer, found.get("tolerance"))
        case ItemType.SHORT_TEXT:
            return _parse_short_text(reader, answer)
        case _:
            return None


def _parse_choice_answer(
    reader: NodeReader, item_type: ItemType, choices_node: Node | None, answer: Node | None
) -> _Answer | None:
    keys, choices = _parse_choices(reader, choices_node, item_type)
    if item_type is ItemType.SINGLE_CHOICE:
        if isinstance(answer, SequenceNode):
            reader.wrong_shape(answer, "the answer", "one key (for several: multiple_response)")
            return None
        answer_nodes = None if answer is None else [answer]
    else:
        answer_nodes = reader.sequence(answer, "the answer (the keys to pick, e.g. [a, c])")
        if answer is not None and answer_nodes == []:
            reader.report(answer, "E105", "the answer must name at least one choice")
    answer_keys = [reader.string(node, "an answer key") for node in answer_nodes or ()]
    for node, key in zip(answer_nodes or (), answer_keys, strict=True):
        if keys is not None and key is not None and key not in keys:
            message = f'answer "{key}" is not one of the choices {", ".join(keys)}'
            reader.report(node, "E103", message)
            choices = None
    if choices is None or not answer_nodes or None in answer_keys:
        return None
    return _Answer(choices=choices, answer_keys=frozenset(present(answer_keys)))


def _parse_choices(
    reader: NodeReader, node: Node | None, item_type: ItemType
) -> tuple[list[str] | None, tuple[Choice, ...] | None]:
    """Read the choices: every key written (for E103) and the choices if all are valid."""
    nodes = reader.sequence(node, "choices")
    if node is None or nodes is None:
        return None, None
    first_line: dict[str, int] = {}
    parsed = [_parse_choice(reader, choice, first_line) for choice in nodes]
    if len(nodes) < 2:
        message = f"a {item_type} item needs at least two choices, found {len(nodes)}"
        reader.report(node, "E105", message)
    keys = [key for key, _ in parsed if key is not None]
    choices = [choice for _, choice in parsed]
    if len(nodes) < 2 or None in choices:
        return keys, None
    return keys, tuple(present(choices))


def _parse_choice(
    reader: NodeReader, node: Node, first_line: dict[str, int]
) -> tuple[str | None, Choice | None]:
    found = reader.fields(node, "a choice", required=("key", "text"), optional=("feedback",))
    if found is None:
        return None, None
    key = reader.string(found.get("key"), "the choice key")
    valid_key = key is not None and _check_choice_key(reader, found["key"], key, first_line)
    name = f'choice "{key}"' if key is not None else "the choice"
    text = reader.text(found.get("text"), f"the text of {name}")
    if "feedback" not in found:
        reader.report(node, "E106", f"{name} has no feedback; say why it is right or wrong")
    feedback = reader.text(found.get("feedback"), f"the feedback of {name}")
    if key is None or not valid_key or text is None or feedback is None:
        return key, None
    return key, Choice(key=key, text=text, feedback=feedback)


def _check_choice_key(reader: NodeReader, node: Node, key: str, first_line: dict[str, int]) -> bool:
    if key not in CHOICE_KEYS:
        reader.report(node, "E105", f'choice key "{key}" must be one of {", ".join(CHOICE_KEYS)}')
        return False
    if key in first_line:
        message = f'duplicate choice key "{key}" (first on line {first_line[key]})'
        reader.report(node, "E105", message)
        return False
    first_line[key] = reader.place(node).line
    return True


def _parse_true_false(
    reader: NodeReader, answer: Node | None, feedback: dict[str, Text]
) -> _Answer | None:
    value = reader.boolean(answer, "the answer of a true_false item")
    if value is None:
        return None
    choices = tuple(
        Choice(key=key, text=text, feedback=feedback.get(key))
        for key, text in TRUE_FALSE_TEXTS.items()
    )
    return _Answer(choices=choices, answer_keys=frozenset({"true" if value else "false"}))


def _parse_numeric(
    reader: NodeReader, answer: Node | None, tolerance_node: Node | None
) -> _Answer | None:
    value = reader.number(answer, "the answer")
    tolerance = 0.0 if tolerance_node is None else reader.number(tolerance_node, "tolerance")
    if tolerance_node is not None and tolerance is not None and tolerance < 0:
        message = f"tolerance must be 0 or more, got {tolerance_node.value}"
        reader.report(tolerance_node, "E105", message)
        return None
    if value is None or tolerance is None:
        return None
    return _Answer(numeric_answer=value, tolerance=tolerance)


def _parse_short_text(reader: NodeReader, answer: Node | None) -> _Answer | None:
    nodes = reader.sequence(answer, 'the answer (the accepted answers, e.g. ["PDF", "pdf file"])')
    if answer is None or nodes is None:
        return None
    if not nodes:
        reader.report(answer, "E105", "the answer must list at least one accepted answer")
        return None
    accepted = [reader.string(node, "an accepted answer") for node in nodes]
    for node, text in zip(nodes, accepted, strict=True):
        if text is not None and not normalize_text(text):
            reader.report(node, "E105", "an accepted answer is empty")
    if any(text is None or not normalize_text(text) for text in accepted):
        return None
    return _Answer(accepted=tuple(present(accepted)))
