"""The bank's job targets (`targets.yaml`): which competencies each job family and level needs,
and the mastery to reach in each.

The file is optional; a bank without it has no job profiles. Problems are reported like the
rest of the bank (`file:line:col: CODE message`): E101 duplicate family or level id, E102 a
target naming an unknown competency (checked bank-wide in `validate.py`), E105 a bad value.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from its.items._yaml_nodes import NodeReader, present, read_list
from its.items.model import CompetencyId, JobFamily, JobKind, JobLevel
from its.items.validate import Entry, Problem, Ref

TARGETS_FILE = "targets.yaml"


def read_targets(root: Path, problems: list[Problem]) -> tuple[list[Entry], tuple[JobFamily, ...]]:
    """Read `root/targets.yaml` if there is one.

    Returns:
        One entry per level (its competency references, for the bank-wide E102 check) and the
        job families that read without problems.
    """
    file = root / TARGETS_FILE
    if not file.exists():
        return [], ()
    reader = NodeReader(file, problems)
    entries: list[Entry] = []
    families: list[JobFamily | None] = []
    first: dict[str, Ref] = {}
    for node in read_list(file, "job families", problems) or ():
        families.append(_parse_family(reader, node, entries, first))
    return entries, tuple(present(families))


def _parse_family(
    reader: NodeReader, node: Node, entries: list[Entry], first: dict[str, Ref]
) -> JobFamily | None:
    found = reader.fields(node, "a job family", required=("id", "kind", "name", "levels"))
    if found is None:
        return None
    ident = reader.id_ref(found.get("id"), "the job family id")
    _check_unique(reader, ident, first, "job family")
    kind = _parse_kind(reader, found.get("kind"))
    name = reader.text(found.get("name"), "the name")
    level_nodes = reader.sequence(found.get("levels"), "levels")
    if level_nodes == []:
        reader.report(found["levels"], "E105", "a job family needs at least one level")
    seen: dict[str, Ref] = {}
    levels = [_parse_level(reader, level, entries, seen) for level in level_nodes or ()]
    if ident is None or kind is None or name is None or not level_nodes or None in levels:
        return None
    return JobFamily(id=ident.id, kind=kind, name=name, levels=tuple(present(levels)))


def _parse_kind(reader: NodeReader, node: Node | None) -> JobKind | None:
    value = reader.string(node, "the kind")
    kinds = [str(kind) for kind in JobKind]
    if node is None or value is None:
        return None
    if value not in kinds:
        close = difflib.get_close_matches(value, kinds, n=1)
        hint = f'did you mean "{close[0]}"?' if close else "kinds: " + ", ".join(kinds)
        reader.report(node, "E105", f'unknown job kind "{value}"; {hint}')
        return None
    return JobKind(value)


def _parse_level(
    reader: NodeReader, node: Node, entries: list[Entry], seen: dict[str, Ref]
) -> JobLevel | None:
    found = reader.fields(node, "a job level", required=("id", "name", "targets"))
    if found is None:
        return None
    ident = reader.id_ref(found.get("id"), "the job level id")
    _check_unique(reader, ident, seen, "job level")
    name = reader.text(found.get("name"), "the name")
    targets = _parse_targets(reader, found.get("targets"))
    if targets is not None:
        entries.append(Entry("job level", None, tuple(ref for ref, _ in targets)))
    if ident is None or name is None or targets is None:
        return None
    return JobLevel(
        id=ident.id,
        name=name,
        targets={CompetencyId(ref.id): mastery for ref, mastery in targets},
    )


def _parse_targets(reader: NodeReader, node: Node | None) -> list[tuple[Ref, float]] | None:
    """`{competency-id: mastery, ...}`; each mastery is a number in (0, 1]."""
    if node is None:
        return None
    if not isinstance(node, MappingNode):
        reader.wrong_shape(node, "targets", "a mapping of competency id to target mastery")
        return None
    if not node.value:
        reader.report(node, "E105", "a job level needs at least one target competency")
        return None
    targets: list[tuple[Ref, float]] = []
    seen: dict[str, Ref] = {}
    valid = True
    for key_node, value_node in node.value:
        competency = reader.string(key_node, "a target's competency id")
        mastery = reader.number(value_node, "a target mastery")
        if mastery is not None and not 0 < mastery <= 1:
            message = f"a target mastery must be above 0 and at most 1, got {value_node.value}"
            reader.report(value_node, "E105", message)
            mastery = None
        if competency is None or mastery is None or not isinstance(key_node, ScalarNode):
            valid = False
            continue
        ref = Ref(competency, reader.place(key_node))
        if not _check_unique(reader, ref, seen, "target competency"):
            valid = False
            continue
        targets.append((ref, mastery))
    return targets if valid else None


def _check_unique(reader: NodeReader, ref: Ref | None, first: dict[str, Ref], what: str) -> bool:
    if ref is None:
        return True
    seen = first.setdefault(ref.id, ref)
    if seen is not ref:
        reader.problems.append(
            ref.place.problem(
                "E101", f'duplicate {what} id "{ref.id}" (first defined at {seen.place})'
            )
        )
        return False
    return True
