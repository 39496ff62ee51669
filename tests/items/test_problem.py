"""A Problem prints as `path:line:col: CODE message` and round-trips through its dict."""

from __future__ import annotations

from its.items import Problem
from its.items.validate import sort_problems


def test_problem_with_a_position() -> None:
    problem = Problem("bank/items/x.yaml", 42, 5, "E103", 'answer "c" is not one of the choices')
    assert str(problem) == 'bank/items/x.yaml:42:5: E103 answer "c" is not one of the choices'


def test_problem_without_a_position() -> None:
    problem = Problem("bank", None, None, "E107", "the bank has no competencies.yaml")
    assert str(problem) == "bank: E107 the bank has no competencies.yaml"


def test_problem_with_a_line_only() -> None:
    assert str(Problem("x.yaml", 3, None, "E001", "bad")) == "x.yaml:3: E001 bad"


def test_problem_round_trips_through_its_dict() -> None:
    problem = Problem("bank/items/x.yaml", 1, 3, "E003", 'missing "stem"')
    assert problem.to_dict() == {
        "path": "bank/items/x.yaml",
        "line": 1,
        "col": 3,
        "code": "E003",
        "message": 'missing "stem"',
    }
    assert Problem.from_dict(problem.to_dict()) == problem


def test_problems_sort_by_path_then_line_then_column() -> None:
    late = Problem("b.yaml", 1, 1, "E002", "x")
    second = Problem("a.yaml", 10, 2, "E002", "x")
    first = Problem("a.yaml", 10, 1, "E002", "x")
    unplaced = Problem("a.yaml", None, None, "E001", "x")
    above = Problem("a.yaml", 9, 80, "E002", "x")
    problems = [late, second, first, unplaced, above]
    assert sort_problems(problems) == [unplaced, above, first, second, late]
