"""The knowledge-tracing results table: every model on the three DKVMN splits.

Protocol: fit on `*_train1.csv`, choose the epoch by AUC on `*_valid1.csv` (models with
epochs), score every answer of `*_test.csv`; several seeds, mean ± sd. Each finished
(data set, model, seed) run is appended to a JSON-lines cache, so an interrupted run
resumes where it stopped; the Markdown table is written from the cache. A cache row is
keyed by data set, model, seed, epoch cap and a digest of the three files it read, so
another `--data` folder never reuses its numbers (rows cached before the key held the
digest are runs on the default data folder).

Example (the full table; hours on 2 shared cores):
    nice -n 10 .venv/bin/python benchmarks/kt_table.py --seeds 3
Smoke run (to a temporary file, leaving the committed results alone):
    .venv/bin/python benchmarks/kt_table.py --epochs 1 --seeds 1 --datasets synthetic5 \
        --out "$(mktemp -d)/kt_table.md"
A cell run once shows its mean alone (no ± sd).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from its.errors import ItsError
from its.tracing.live.model_file import strict_json
from its.tracing.registry import TRACERS
from its.tracing.regular_file import same_file
from its.tracing.replay import replay, usable_cpus

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "kt"
DATASETS = {
    "assist2009": ("ASSISTments 2009", "assist2009_updated/assist2009_updated"),
    "statics": ("Statics 2011", "STATICS/STATICS"),
    "synthetic5": ("synthetic-5", "synthetic/naive_c5_q50_s4000_v0"),
}
MODELS = ("ensemble", "gbm", "attention", "dkt", "mirt", "pairwise-lr", "best-lr", "bkt")
PUBLISHED = [
    ("DKT (DKVMN paper, Table 2)", {"assist2009": 0.805, "statics": 0.802, "synthetic5": 0.803}),
    ("DKVMN (DKVMN paper, Table 2)", {"assist2009": 0.816, "statics": 0.828, "synthetic5": 0.827}),
    ("DKT (seewoo5/KT reproduction)", {"assist2009": 0.818, "statics": 0.829}),
    ("NPA (seewoo5/KT reproduction)", {"assist2009": 0.818, "statics": 0.831}),
]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=",".join(MODELS), help="comma-separated names")
    parser.add_argument("--datasets", default=",".join(DATASETS), help="comma-separated")
    parser.add_argument("--seeds", type=_at_least(1), default=3, help="seeds 0..N-1 per cell")
    parser.add_argument(
        "--first-seed",
        type=_at_least(0),
        default=0,
        help="run only seeds FIRST..N-1 (parallel runs)",
    )
    parser.add_argument("--epochs", type=_at_least(1), help="cap on epochs of the deep models")
    parser.add_argument("--data", type=Path, default=DATA, help="folder of the data sets")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "kt_table.md")
    parser.add_argument("--cache", type=Path, help="JSON-lines cache [default: OUT with .jsonl]")
    parser.add_argument(
        "--threads",
        type=_at_least(1, most=usable_cpus()),
        default=1,
        help="CPU threads per model (1: fastest on a busy machine)",
    )
    args = parser.parse_args(argv)
    models = args.models.split(",")
    datasets = args.datasets.split(",")
    unknown = [m for m in models if m not in TRACERS] + [d for d in datasets if d not in DATASETS]
    if unknown:
        parser.error(f"unknown model or data set: {', '.join(unknown)}")
    twice = sorted({n for names in (models, datasets) for n in names if names.count(n) > 1})
    if twice:  # a cell named twice would count its one run as two seeds
        parser.error(f"named twice: {', '.join(twice)}")
    if args.first_seed >= args.seeds:
        parser.error(f"--first-seed {args.first_seed} must be below --seeds {args.seeds}")
    missing = [str(p) for d in datasets for p in _files(args.data, d) if not p.is_file()]
    if missing:
        parser.error(f"missing data file(s): {', '.join(missing)}; see --data")
    digests = {d: _digest(args.data, d) for d in datasets}
    cache = args.cache or args.out.with_suffix(".jsonl")
    read = [p for d in datasets for p in _files(args.data, d)]
    for name, path in (("--out", args.out), ("the cache", cache)):
        clash = [str(p) for p in read if same_file(path, p)] + (
            ["the cache"] if name == "--out" and same_file(path, cache) else []
        )
        if clash:
            parser.error(f"{name} {path} would overwrite {clash[0]}; name another file")
    for path in (args.out, cache):  # before any work: a run's rows must have a place
        path.parent.mkdir(parents=True, exist_ok=True)
    done = _read_cache(cache)
    for dataset in datasets:
        for model in models:
            for seed in range(args.first_seed, args.seeds):
                key = _key(dataset, model, seed, args.epochs, digests[dataset])
                if key in done:
                    continue
                try:
                    done[key] = _run(
                        args.data, dataset, model, seed, args.epochs, key, args.threads
                    )
                except ItsError as error:  # a bad log or setting: one line; finished cells stay
                    parser.exit(1, f"error: {dataset} {model} seed {seed}: {error}\n")
                _append(cache, done[key])
    command = " ".join(
        ["python benchmarks/kt_table.py", *(argv if argv is not None else sys.argv[1:])]
    )
    rows = [
        done[_key(d, m, s, args.epochs, digests[d])]
        for d in datasets
        for m in models
        for s in range(args.first_seed, args.seeds)
    ]
    args.out.write_text(table(rows, models, datasets, command), encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))


def _key(dataset: str, model: str, seed: int, epochs: int | None, digest: str) -> str:
    return f"{dataset}|{model}|{seed}|{epochs}|{digest}|{_settings_digest(model)}"


def _settings_digest(model: str) -> str:
    """Short SHA-256 of the model's default settings (an ensemble's members among them):
    a cell computed before a default changed is computed again."""
    text = json.dumps(_settings(model), sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _settings(model: str) -> dict[str, Any]:
    tracer = TRACERS[model](random_state=0)
    settings = {k: v for k, v in vars(tracer).items() if not k.endswith("_")}
    settings.pop("random_state", None)  # the seed is a key of its own
    settings.pop("threads", None)  # how a fit runs (--threads), not what it fits
    for member in settings.get("members", ()):
        settings[f"member {member}"] = _settings(member)
    return settings


def _files(data: Path, dataset: str) -> list[Path]:
    base = data / DATASETS[dataset][1]
    return [Path(f"{base}_{split}.csv") for split in ("train1", "valid1", "test")]


def _digest(data: Path, dataset: str) -> str:
    """Short SHA-256 of the files a cell reads: another data folder gets other keys."""
    digest = hashlib.sha256()
    for path in _files(data, dataset):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _read_cache(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            row = json.loads(line) if line.strip() else None
        except json.JSONDecodeError:  # a run killed while appending leaves a cut line
            print(
                f"{path}:{number}: not a cache row; skipped, its cell runs again", file=sys.stderr
            )
            continue
        fault = _row_fault(row)
        if fault:
            print(f"{path}:{number}: {fault}; skipped, its cell runs again", file=sys.stderr)
        elif row is not None:
            rows.append(row)
    legacy: dict[str, str] = {}  # data set -> digest of the default data folder's files
    for row in rows:
        if row["key"].count("|") == 3:  # cached before keys named the data: the default
            dataset = row["key"].split("|")[0]
            if dataset in DATASETS and dataset not in legacy:
                legacy[dataset] = (
                    _digest(DATA, dataset) if _files(DATA, dataset)[0].is_file() else ""
                )
            row["key"] = f"{row['key']}|{legacy.get(dataset, '')}"
        if row["key"].count("|") == 4:  # cached before keys named the settings: today's
            model = row["key"].split("|")[1]
            if model in TRACERS:
                row["key"] = f"{row['key']}|{_settings_digest(model)}"
    return {row["key"]: row for row in rows}


def _run(
    data: Path, dataset: str, model: str, seed: int, epochs: int | None, key: str, threads: int
) -> dict[str, Any]:
    base = data / DATASETS[dataset][1]
    has_epochs = hasattr(TRACERS[model](random_state=seed), "epochs")
    settings = {"epochs": epochs} if epochs is not None and has_epochs else {}
    began = time.perf_counter()
    result = replay(
        f"{base}_train1.csv",
        f"{base}_test.csv",
        valid_path=f"{base}_valid1.csv",
        model=model,
        seed=seed,
        settings=settings,
        threads=threads,
    )
    row = {"key": key, **result.to_dict()}
    print(
        f"{dataset} {model} seed {seed}: test AUC {row['auc']:.4f}, fit {row['fit_seconds']:.0f} s "
        f"({time.perf_counter() - began:.0f} s in all)",
        file=sys.stderr,
        flush=True,
    )
    return row


def _row_fault(row: Any) -> str:
    """What makes a parsed cache line unusable ("" for a good row or a blank line)."""
    if row is None:
        return ""
    if not isinstance(row, dict) or not isinstance(row.get("key"), str):
        return "not a cache row"
    for name in ("auc", "accuracy"):  # null: undefined (a one-class test log)
        value = row.get(name)
        if value is not None and not (_number(value) and 0 <= value <= 1):
            return f"{name} {value!r} is not a number from 0 to 1"
    if not (_number(row.get("fit_seconds")) and row["fit_seconds"] >= 0):
        return f"fit_seconds {row.get('fit_seconds')!r} is not a number of seconds"
    return ""


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _append(cache: Path, row: dict[str, Any]) -> None:
    """Add `row` to the cache as strict JSON (NaN as null) on a line of its own (after a
    cut last line, too)."""
    cut = cache.exists() and cache.stat().st_size > 0 and not cache.read_bytes().endswith(b"\n")
    with cache.open("a", encoding="utf-8") as file:
        file.write(("\n" if cut else "") + json.dumps(strict_json(row), allow_nan=False) + "\n")


def _mean_sd(values: list[float | None], digits: int = 3) -> str:
    """Mean ± sd of the defined values; the mean alone for one run, whose spread is
    unknown; n/a where none is defined (AUC on a one-class test log)."""
    defined = [v for v in values if v is not None and math.isfinite(v)]
    if not defined:
        return "n/a"
    mean = f"{statistics.fmean(defined):.{digits}f}"
    return mean if len(defined) < 2 else f"{mean} ± {statistics.stdev(defined):.{digits}f}"


def _at_least(low: int, *, most: int | None = None) -> Any:
    """An argparse type: an integer in low..most, or a usage error naming the range."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
        if value < low or (most is not None and value > most):
            bound = f"from {low} to {most}" if most is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"{value}: must be {bound}")
        return value

    return parse


def table(rows: list[dict[str, Any]], models: list[str], datasets: list[str], command: str) -> str:
    """Markdown: one row per model, per data set test AUC, accuracy and fit time (mean ± sd)."""
    names = [DATASETS[d][0] for d in datasets]
    header = "| model | " + " | ".join(f"{n} AUC | {n} ACC | {n} train s" for n in names) + " |"
    lines = [header, "|---|" + "---|---|---|" * len(datasets)]
    for model in models:
        cells = []
        for dataset in datasets:
            runs = [r for r in rows if r["key"].startswith(f"{dataset}|{model}|")]
            cells += [
                _mean_sd([r["auc"] for r in runs], 4),  # the targets sit in the 4th digit
                _mean_sd([r["accuracy"] for r in runs]),
                _mean_sd([r["fit_seconds"] for r in runs], 1),
            ]
        lines.append(f"| {model} (ours, n={len(runs)} seeds) | " + " | ".join(cells) + " |")
    for name, figures in PUBLISHED:
        cells = []
        for dataset in datasets:
            figure = figures.get(dataset)
            cells += [f"{figure:.3f}" if figure is not None else "", "", ""]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return (
        "Test AUC and accuracy (mean ± sd over seeds; train on `*_train1.csv`, epoch chosen on "
        "`*_valid1.csv`, every answer of `*_test.csv` scored). Train s: fit time in seconds "
        "(validation passes included) on the machine that ran it. Published figures: test AUC "
        "on the same splits.\n\n" + "\n".join(lines) + f"\n\nReproduce: `{command}`\n"
    )


if __name__ == "__main__":
    main()
