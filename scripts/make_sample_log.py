"""Cut the small pyBKT-style sample in data/ from the public ASSISTments 2009 test split.

Usage:
    python scripts/make_sample_log.py ../shared/data/kt/assist2009_updated \
        data/assist2009_sample.csv
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

MAX_ROWS = 500  # "a few hundred rows": whole learners only


def main(source: Path, target: Path) -> None:
    names = {}
    for line in (source / "assist2009_updated_skill_mapping.txt").read_text("latin-1").splitlines():
        skill_id, _, name = line.partition("\t")
        names[skill_id.strip()] = name.strip()
    lines = (source / "assist2009_updated_test.csv").read_text().splitlines()
    with target.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["order_id", "user_id", "skill_name", "correct"])
        order = 0
        for learner in range(len(lines) // 3):
            skills = [s for s in lines[3 * learner + 1].split(",") if s]
            answers = [a for a in lines[3 * learner + 2].split(",") if a]
            if order + len(skills) > MAX_ROWS:
                continue
            for skill, correct in zip(skills, answers, strict=True):
                order += 1
                writer.writerow(
                    [order, f"learner-{learner + 1:02d}", names.get(skill, skill), correct]
                )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
