"""DataShop writes a multi-KC step with the KC column repeated: every copy is a skill."""

from __future__ import annotations

from pathlib import Path

from its.tracing.datasets import read_log


def test_every_copy_of_the_kc_column_is_read(tmp_path: Path) -> None:
    path = tmp_path / "steps.txt"
    path.write_text(
        "Anon Student Id\tOutcome\tKC (Default)\tOpportunity (Default)\tKC (Default)"
        "\tOpportunity (Default)\tKC (Other)\n"
        "s\tCORRECT\ta\t1\tb~~c\t1\tz\n"
        "s\tINCORRECT\tb\t2\t\t\tz\n"
        "s\tCORRECT\t\t\ta\t2\tz\n",
        encoding="utf-8",
    )
    log = read_log(path, "datashop")
    assert [log.skills[k] for k in log.skill] == ["a", "b", "c", "b", "a"]
    assert log.answer is not None and log.answer.tolist() == [0, 0, 0, 1, 2]
    assert log.correct.tolist() == [1, 1, 1, 0, 1]
