"""Rules across files: duplicate ids name the first place, unknown ids suggest a near one."""

from __future__ import annotations

from its.items.validate import Entry, Place, Ref, check_bank


def item(name: str, *competencies: str, path: str = "items/x.yaml", line: int = 1) -> Entry:
    refs = tuple(Ref(c, Place(path, line + 1, 18)) for c in competencies)
    return Entry("item", Ref(name, Place(path, line, 7)), refs)


COMPETENCIES = [
    Entry("competency", Ref("web-basics", Place("competencies.yaml", 1, 7))),
    Entry("competency", Ref("email", Place("competencies.yaml", 5, 7))),
]


def messages(items: list[Entry], competencies: list[Entry] = COMPETENCIES) -> list[str]:
    return [str(problem) for problem in check_bank(competencies, items)]


def test_duplicate_item_id_names_the_first_place() -> None:
    assert messages([item("q", "email"), item("q", "email", path="items/y.yaml", line=9)]) == [
        'items/y.yaml:9:7: E101 duplicate item id "q" (first defined at items/x.yaml:1:7)'
    ]


def test_every_repeat_names_the_first_place() -> None:
    found = messages([item("q", "email", line=n) for n in (1, 5, 9)])
    assert [m.split(": ", 1)[0] for m in found] == ["items/x.yaml:5:7", "items/x.yaml:9:7"]
    assert all("(first defined at items/x.yaml:1:7)" in m for m in found)


def test_same_id_for_an_item_and_a_competency_is_allowed() -> None:
    assert messages([item("email", "email")]) == []


def test_unknown_competency_suggests_the_closest() -> None:
    assert messages([item("q", "web-basic")]) == [
        'items/x.yaml:2:18: E102 unknown competency "web-basic"; did you mean "web-basics"?'
    ]


def test_unknown_competency_without_a_close_one_lists_them() -> None:
    assert messages([item("q", "statistics")]) == [
        'items/x.yaml:2:18: E102 unknown competency "statistics"; '
        "known competencies: email, web-basics"
    ]


def test_no_competency_read_means_no_unknown_reference_noise() -> None:
    assert messages([item("q", "email")], competencies=[]) == []


def test_entries_without_a_readable_id_are_skipped() -> None:
    assert messages([Entry("item", None), Entry("item", None)]) == []
