"""The gradient-boosted tracer: its features, file, settings and training report."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from _small_logs import ASSIST, small_log, write_head
from click.testing import CliRunner

from its.cli import cli
from its.errors import DataFormatError, ItsError
from its.tracing.base import EpochReport
from its.tracing.deep._sequences import code, vocabulary
from its.tracing.gbm.history_features import NAMES, history_features
from its.tracing.gbm.model import GBM, _checksum
from its.tracing.live.model_file import read_model_file, write_model_file
from its.tracing.log import ResponseLog

SKILLS = ("fractions", "ratios")


def _features(skills: list[str], correct: list[int], *, after: bool = False) -> np.ndarray:
    log = ResponseLog.from_arrays(
        learner=[0] * len(skills),
        skill=[SKILLS.index(s) for s in skills],
        correct=correct,
        learners=["a"],
        skills=SKILLS,
    )
    coded = code(log, vocabulary(SKILLS), vocabulary(SKILLS))
    return history_features(
        coded.starts, coded.skill, coded.correct, coded.answer_start, after=after
    )


def test_the_features_of_one_row_say_what_came_before_it() -> None:
    rows = _features(["fractions", "ratios", "fractions", "fractions"], [1, 0, 0, 1])
    fourth = dict(zip(NAMES, rows[3].tolist(), strict=True))
    expected = {
        "skill": 1,  # "fractions" (codes start at 1; 0 is an unknown skill)
        "previous_skill": 1,
        "previous_correct": 0,
        "second_previous_skill": 2,
        "second_previous_correct": 0,
        "skill_answers": 2,
        "skill_rights": 1,
        "skill_rate": pytest.approx(0.5),  # (1 + 1) / (2 + 2)
        "skill_streak": -1,
        "skill_last": 0,
        "skill_second_last": 1,
        "skill_third_last": -1,
        "rows_since_skill": 1,
        "position": 3,
        "overall_rate": pytest.approx(0.4),  # (1 + 1) / (3 + 2)
        "rate_last_5": pytest.approx(1 / 3),
        "skill_run": 1,
        "skills_seen": 2,
    }
    assert {k: fourth[k] for k in expected} == expected
    first = dict(zip(NAMES, rows[0].tolist(), strict=True))
    assert math.isnan(first["previous_skill"]) and first["rows_since_skill"] == -1
    assert first["position"] == 0 and first["rate_last_20"] == -1


def test_the_features_after_an_answer_are_those_of_asking_its_skill_next() -> None:
    skills = ["fractions", "ratios", "ratios", "fractions", "ratios"]
    correct = [1, 0, 1, 1, 0]
    after = _features(skills, correct, after=True)
    for k in range(len(skills)):
        asked_again = _features([*skills[: k + 1], skills[k]], [*correct[: k + 1], 0])
        np.testing.assert_array_equal(after[k], asked_again[k + 1])


def _fitted(kt_data: Path, **settings: object) -> GBM:
    train = small_log(kt_data, "train1", 80, ASSIST)
    valid = small_log(kt_data, "valid1", 30, ASSIST)
    return GBM(trees=60, random_state=3, **settings).fit(train, valid=valid)  # type: ignore[arg-type]


def test_a_saved_gbm_loads_without_pickle_and_predicts_alike(kt_data: Path, tmp_path: Path) -> None:
    model = _fitted(kt_data)
    test = small_log(kt_data, "test", 30, ASSIST)
    path = tmp_path / "gbm.npz"
    model.save(path, metrics={"valid_auc": 0.8})
    with np.load(path, allow_pickle=False) as stored:
        assert stored["booster"].dtype == np.uint8
    header = read_model_file(path).meta
    assert header["trees"] == model.best_epoch_ <= 60 and header["metrics"] == {"valid_auc": 0.8}
    loaded, here = GBM.load(path).predict(test), model.predict(test)
    np.testing.assert_array_equal(loaded.p_correct, here.p_correct)
    np.testing.assert_array_equal(loaded.p_mastery, here.p_mastery)


def test_the_same_seed_grows_the_same_trees(kt_data: Path) -> None:
    test = small_log(kt_data, "test", 30, ASSIST)
    first, second = _fitted(kt_data), _fitted(kt_data)
    np.testing.assert_array_equal(first.predict(test).p_correct, second.predict(test).p_correct)


def test_without_a_validation_log_held_out_learners_choose_the_trees(kt_data: Path) -> None:
    train = small_log(kt_data, "train1", 80, ASSIST)
    model = GBM(trees=40, random_state=0).fit(train)
    assert 1 <= model.best_epoch_ <= 40
    p = model.predict(small_log(kt_data, "test", 10, ASSIST)).p_correct
    assert np.all((p > 0) & (p < 1))


def _edited(
    source: Path, target: Path, meta: dict[str, object] | None = None, **arrays: object
) -> Path:
    stored = read_model_file(source)
    write_model_file(target, {**stored.meta, **(meta or {})}, {**stored.arrays, **arrays})
    return target


def _saved(kt_data: Path, folder: Path) -> tuple[GBM, Path]:
    model, path = _fitted(kt_data), folder / "gbm.npz"
    model.save(path)
    return model, path


def test_a_gbm_file_with_broken_trees_or_header_is_refused_by_name(
    kt_data: Path, tmp_path: Path
) -> None:
    model, path = _saved(kt_data, tmp_path)
    stored = read_model_file(path)
    trees = stored.arrays["booster"]
    junk = np.frombuffer(b"not trees at all", dtype=np.uint8)
    junk_sum = _checksum(junk.tobytes(), model.skills_, model.items_, model._settings())
    changed = "were changed after saving (header field 'checksum' does not match)"
    settings = {**stored.meta["settings"], "leaves": 2}
    cases = {
        # Half the tree text: LightGBM itself would abort the process on it.
        changed: _edited(path, tmp_path / "half.npz", booster=trees[: len(trees) // 2]),
        "the trees are not a LightGBM model of its": _edited(
            path, tmp_path / "junk.npz", {"checksum": junk_sum}, booster=junk
        ),
        "the header implies 20 in 999": _edited(path, tmp_path / "b.npz", {"trees": 999}),
        "header fields 'has_items' or 'trees' are invalid": _edited(
            path, tmp_path / "c.npz", {"has_items": "yes"}
        ),
        "weight 'booster' must be the bytes of the trees": _edited(
            path, tmp_path / "d.npz", booster=np.zeros(3)
        ),
        "header field 'checksum' must be a string": _edited(
            path, tmp_path / "e.npz", {"checksum": 7}
        ),
    }
    for text, broken in cases.items():
        with pytest.raises(
            DataFormatError, match=re.escape(f"{broken}: ") + ".*" + re.escape(text)
        ):
            GBM.load(broken)
    # Skills cut from the header would silently turn known skills into unknown ones, and
    # an edited setting would misdescribe the trees.
    fewer = _edited(path, tmp_path / "fewer.npz", {"skills": stored.meta["skills"][:5]})
    leaves = _edited(path, tmp_path / "leaves.npz", {"settings": settings})
    for edited in (fewer, leaves):
        with pytest.raises(DataFormatError, match=re.escape(changed)):
            GBM.load(edited)


def test_a_crashing_tree_text_is_refused_in_a_process_that_lives_on(
    kt_data: Path, tmp_path: Path
) -> None:
    # LightGBM aborts the process on such texts; the checksum is recomputed here, as a
    # person re-saving an edited file (or another tool) would, so only a real check helps.
    model, path = _saved(kt_data, tmp_path)
    text = read_model_file(path).arrays["booster"].tobytes().decode("utf-8")
    edits = {
        "half": text[: len(text) // 2],
        "nan leaf": re.sub(r"\nleaf_value=(\S+)", "\nleaf_value=nan", text, count=1),
        "two classes": text.replace("\nnum_class=1\n", "\nnum_class=2\n", 1),
    }
    script = (
        "import sys\nfrom its.errors import DataFormatError\n"
        "from its.tracing.gbm.model import GBM\n"
        "try:\n    GBM.load(sys.argv[1])\nexcept DataFormatError as error:\n"
        "    print('refused:', error)\n"
    )
    for name, edited in edits.items():
        assert edited != text, name
        trees = np.frombuffer(edited.encode("utf-8"), dtype=np.uint8)
        checksum = _checksum(trees.tobytes(), model.skills_, model.items_, model._settings())
        crafted = _edited(path, tmp_path / "crafted.npz", {"checksum": checksum}, booster=trees)
        done = subprocess.run(
            [sys.executable, "-c", script, str(crafted)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0 and done.stderr == "", name
        assert done.stdout.startswith(f"refused: {crafted}: the trees are not"), name


def test_one_learner_without_a_validation_log_is_refused_by_name(kt_data: Path) -> None:
    one = small_log(kt_data, "train1", 1, ASSIST)
    with pytest.raises(DataFormatError, match="a log of one learner leaves no learner to hold out"):
        GBM(trees=5).fit(one)


def test_a_one_class_validation_log_chooses_the_trees_by_log_loss(kt_data: Path) -> None:
    train = small_log(kt_data, "train1", 80, ASSIST)
    valid = small_log(kt_data, "valid1", 30, ASSIST)
    right = ResponseLog.from_arrays(
        learner=valid.learner,
        skill=valid.skill,
        correct=np.ones_like(valid.correct),
        learners=valid.learners,
        skills=valid.skills,
    )
    reports: list[EpochReport] = []
    model = GBM(trees=300, random_state=0).fit(train, valid=right, progress=reports.append)
    assert all(math.isnan(r.valid_auc) for r in reports)
    # All right: each tree raises P(correct), so log-loss keeps improving to the cap or
    # stops; either way the report names the tree kept, not tree 0.
    assert reports[-1].best_epoch == model.best_epoch_ >= 1


@pytest.mark.parametrize(
    ("settings", "text"),
    [
        ({"leaves": 1}, "gbm: setting 'leaves' must be an integer >= 2, got 1"),
        ({"subsample": 0}, "gbm: setting 'subsample' must be a number > 0 and <= 1, got 0"),
        ({"colsample": 1.5}, "gbm: setting 'colsample' must be a number > 0 and <= 1, got 1.5"),
        ({"threads": 0}, "gbm: threads must be an integer >= 1, got 0"),
    ],
)
def test_fit_refuses_settings_out_of_range(
    kt_data: Path, settings: dict[str, object], text: str
) -> None:
    with pytest.raises(ItsError, match=re.escape(text)):
        GBM(**settings).fit(small_log(kt_data, "train1", 2))  # type: ignore[arg-type]


def test_its_train_reports_trees_and_refuses_epochs_for_gbm(kt_data: Path, tmp_path: Path) -> None:
    train = write_head(kt_data, "train1", 300, tmp_path)
    valid = write_head(kt_data, "valid1", 100, tmp_path)
    args = ["train", str(train), "--valid", str(valid), "--model", "gbm"]
    args += ["-o", str(tmp_path / "g.npz")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("tree ")]
    pattern = r"tree (\d+)/2000  loss 0\.\d{4}  valid AUC 0\.\d{4} \(best tree (\d+)\)  "
    shown = [re.match(pattern, line) for line in lines]
    assert lines and all(shown), lines
    trees = [int(m.group(1)) for m in shown if m]
    assert trees[:-1] == list(range(50, 50 * len(trees), 50))  # then the last tree grown
    kept = int(shown[-1].group(2)) if shown[-1] else 0
    assert GBM.load(tmp_path / "g.npz").best_epoch_ == kept
    refused = CliRunner().invoke(cli, [*args, "--epochs", "3"])
    assert refused.exit_code == 1
    assert "model 'gbm' has no setting 'epochs'" in refused.stderr


def test_a_log_too_small_to_grow_trees_on_is_one_line(tmp_path: Path) -> None:
    # Seed 1 holds out the long learner, leaving one answer to grow trees on.
    path = tmp_path / "two.csv"
    path.write_text(
        "17\n"
        + ",".join(map(str, range(1, 18)))
        + "\n"
        + ",".join(["1", "0"] * 8 + ["1"])
        + "\n1\n3\n1\n",
        encoding="utf-8",
    )
    args = ["train", str(path), "--model", "gbm", "--seed", "1", "-o", str(tmp_path / "m.npz")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: gbm: holding out learners leaves 1 answer to grow trees on; they need at "
        "least 2 (give --valid, or a larger training log)\n"
    )
    one = tmp_path / "one.csv"
    one.write_text("1\n24\n1\n", encoding="utf-8")
    args = ["replay", str(one), str(one), "--valid", str(one), "--model", "gbm"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: gbm: the training log has 1 answer to grow trees on; they need at least 2\n"
    )


def test_seeds_beyond_31_bits_grow_other_trees(kt_data: Path) -> None:
    # LightGBM reads seeds as 31-bit: 2**31 once grew exactly the trees of seed 0.
    train = small_log(kt_data, "train1", 80, ASSIST)
    test = small_log(kt_data, "test", 20, ASSIST)
    grown = {
        seed: GBM(trees=30, random_state=seed).fit(train).predict(test).p_correct
        for seed in (0, 2**31, 2**32 - 1)
    }
    assert not np.array_equal(grown[0], grown[2**31])
    assert not np.array_equal(grown[2**31], grown[2**32 - 1])


def test_an_ensemble_refuses_what_its_gbm_member_would_before_any_member_trains(
    kt_data: Path, tmp_path: Path
) -> None:
    one = write_head(kt_data, "train1", 1, tmp_path)
    args = ["train", str(one), "--model", "ensemble", "--epochs", "1"]
    result = CliRunner().invoke(cli, [*args, "-o", str(tmp_path / "e.npz")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: gbm: a log of one learner leaves no learner")
    assert "epoch" not in result.stderr  # no member was trained first
