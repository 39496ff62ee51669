"""The `its` command. Each command parses its arguments, calls one core function and formats
the result; heavy imports stay inside the command bodies so `its learn` starts fast."""

from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from its.errors import ItsError
from its.tracing.regular_file import (
    check_database_path,
    check_folder,
    check_model_output,
    check_regular_file,
)

DB_ENV_VAR = "ITS_DB"
"""The event store's variable, as `its.store.db` reads it. Not imported from there: its.store
loads sqlite_utils, and with it numpy, before `learn` can set numpy's thread count."""

BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
"""Read once, when numpy loads its BLAS: one thread keeps the live model's updates steady on
a busy weak machine (a tester measured p99 24 ms with every thread, 4.9 ms with one)."""


class _ItsGroup(click.Group):
    """Turns every `ItsError` into a one-line message on stderr and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ItsError as error:
            raise click.ClickException(str(error)) from error


SEED = click.IntRange(0, 2**32 - 1)
"""Every --seed: numpy and torch take seeds in 0..2**32-1."""


if TYPE_CHECKING:
    _PathType = click.ParamType[Path, Any]
else:  # generic from click 8.2 on; we support 8.1
    _PathType = click.ParamType


class _CheckedPath(_PathType):
    """Every path option and argument: `check` (its.tracing.regular_file) runs when the path
    is parsed, and what it finds is our one-line `Error: <path>: <what is wrong>` with exit
    status 1, not click's usage text."""

    def __init__(self, name: str, check: Callable[[Path], None]) -> None:
        self.name = name
        self.check = check

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        if os.fspath(value) == "":
            where = param.get_error_hint(ctx) if param is not None and ctx is not None else "path"
            raise click.ClickException(f"{where}: the path is empty; give a {self.name}")
        path = Path(value)
        try:
            self.check(path)
        except ItsError as error:
            raise click.ClickException(str(error)) from error
        return path

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[click.shell_completion.CompletionItem]:
        kind = "dir" if self.name == "folder" else "file"
        return [click.shell_completion.CompletionItem(incomplete, type=kind)]


def _input_file(kind: str) -> _CheckedPath:
    """A file we read: it must exist and be a readable regular file (never a FIFO)."""
    return _CheckedPath("file", lambda path: check_regular_file(path, kind))


def _folder(kind: str) -> _CheckedPath:
    return _CheckedPath("folder", lambda path: check_folder(path, kind))


def _model_output(path: Path) -> None:
    """A model file may not replace the app's event store or anything else of ours."""
    from its.store.db import default_db_path

    check_model_output(path, keep={"the app's event store": default_db_path()})


MODEL_OUT = _CheckedPath("file", _model_output)
DATABASE = _CheckedPath("file", check_database_path)


def _log_options(function: Any) -> Any:
    """--format and --columns, one definition for every command that reads logs."""
    function = click.option(
        "--columns",
        metavar="FIELD=COLUMN,...",
        help="Column map for pybkt/datashop: FIELD=COLUMN pairs, FIELD one of learner, skill, "
        "correct, order, item (e.g. --columns 'skill=KC (Unique-step),learner=Anon Student Id').",
    )(function)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["dkvmn", "pybkt", "datashop", "its-db"]),
        default="dkvmn",
        show_default=True,
        help="dkvmn: 3-line files; pybkt: CSV with user_id, skill_name, correct, order_id; "
        "datashop: DataShop tab-delimited export; its-db: the app's event store (its.db).",
    )(function)


def _fit_options(function: Any) -> Any:
    """--epochs, --threads and --device, one definition for every command that fits a model."""
    function = click.option(
        "--device",
        default="cpu",
        show_default=True,
        callback=_device_name,
        help="cpu, or cuda[:N] where a GPU is (torch models).",
    )(function)
    function = click.option(
        "--threads",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        help="CPU threads for torch and gbm models (results repeat bit for bit at a fixed count; "
        "more than 1 is slower on a busy machine).",
    )(function)
    return click.option(
        "--epochs", type=click.IntRange(min=1), help="Most training epochs (models with epochs)."
    )(function)


def _fit_settings(epochs: int | None, device: str) -> dict[str, Any]:
    """The model settings that --epochs and --device ask for (none when left alone, so
    a model without epochs or a device is not refused for what was not asked)."""
    settings: dict[str, Any] = {} if epochs is None else {"epochs": epochs}
    if device != "cpu":
        settings["device"] = device
    return settings


def _device_name(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Only the devices the deep models are made for: cpu, cuda, or cuda:N."""
    if re.fullmatch(r"cpu|cuda(:\d+)?", value) is None:
        raise click.BadParameter(f"{value!r}: use cpu, cuda or cuda:N (N: a GPU's number)")
    return value


@click.group(cls=_ItsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="its")
def cli() -> None:
    """its: practise digital and AI competencies, author item banks, replay learning logs."""


@cli.command()
@click.option(
    "--db",
    type=DATABASE,
    envvar=DB_ENV_VAR,
    help=f"Event store file [env {DB_ENV_VAR}; default: its.db in your data folder].",
)
@click.option(
    "--bank",
    type=_folder("item bank folder"),
    help="Item bank folder [default: the bundled starter bank].",
)
@click.option("--lang", type=click.Choice(["id", "en"]), help="Language [default: Indonesian].")
@click.option("--seed", type=SEED, help="Seed for the item choice (repeatable sessions).")
@click.option("--no-mouse", is_flag=True, help="Ignore the mouse (less traffic on slow links).")
@click.option(
    "--model",
    "model_file",
    type=_input_file("model file"),
    help="A model trained on this bank's events (its train --format its-db): BKT (.json) "
    "or a live model such as DKT (.npz).",
)
def learn(
    db: Path | None,
    bank: Path | None,
    lang: str | None,
    seed: int | None,
    no_mouse: bool,
    model_file: Path | None,
) -> None:
    """Start the learner app.

    Example:
        its learn --lang en
    """
    _one_blas_thread()  # first: the imports below load numpy
    from its.items.load import load_bank, starter_bank_path
    from its.store import open_store
    from its.tui.app import make_app

    loaded = load_bank(bank or starter_bank_path())
    model, live = None, None
    if model_file is not None:
        from its.tutor.fitted import tracing_from_file

        model, live = tracing_from_file(model_file, loaded)
    app = make_app(
        open_store(db), loaded, language=lang, seed=seed, mouse=not no_mouse, model=model, live=live
    )
    app.run(mouse=not no_mouse)


@cli.group()
def items() -> None:
    """Author item banks: validate them."""


@items.command("validate")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
def items_validate(path: Path | None, as_json: bool) -> None:
    """Check an item bank folder and list every problem as file:line:col: CODE message.

    Exits 1 when there is any problem. Without PATH, checks the bundled starter bank.

    Example:
        its items validate my-bank/
    """
    from its.items.load import bank_report, starter_bank_path

    report = bank_report(path or starter_bank_path())
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        for problem in report.problems:
            click.echo(str(problem), err=True)
        verdict = "ok" if not report.problems else f"{len(report.problems)} problem(s)"
        click.echo(f"{verdict}: {report.competencies} competencies, {report.items} items", err=True)
    if report.problems:
        raise SystemExit(1)


@cli.command()
@click.argument("train", type=_input_file("log"))
@click.argument("test", type=_input_file("log"))
@_log_options
@click.option("--model", default="bkt", show_default=True, help="Tracing model by name.")
@click.option(
    "--valid",
    type=_input_file("log"),
    help="Validation log: models trained in epochs keep the epoch with the best AUC on it.",
)
@click.option("--seed", type=SEED, help="Random seed for the fit.")
@_fit_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
def replay(
    train: Path,
    test: Path,
    fmt: str,
    columns: str | None,
    model: str,
    valid: Path | None,
    seed: int | None,
    epochs: int | None,
    threads: int,
    device: str,
    as_json: bool,
) -> None:
    """Fit a tracing model on TRAIN and report AUC, RMSE, accuracy and log-loss on TEST.

    Example:
        its replay ../shared/data/kt/assist2009_updated/assist2009_updated_train.csv \\
            ../shared/data/kt/assist2009_updated/assist2009_updated_test.csv
    """
    from its.tracing.datasets import parse_columns
    from its.tracing.replay import replay as run_replay

    result = run_replay(
        train,
        test,
        valid_path=valid,
        fmt=fmt,
        model=model,
        seed=seed,
        settings=_fit_settings(epochs, device),
        columns=parse_columns(columns),
        threads=threads,
    )
    row = result.to_dict()
    undefined = [key for key, value in row.items() if isinstance(value, float) and value != value]
    _note_undefined(undefined)
    if as_json:
        click.echo(_json_line(row))
        return
    cells = {
        key: ("n/a" if value != value else f"{value:.4f}")
        if isinstance(value, float)
        else str(value)
        for key, value in row.items()
    }
    widths = {key: max(len(key), len(cell)) for key, cell in cells.items()}
    click.echo("  ".join(f"{key:<{widths[key]}}" for key in cells))
    click.echo("  ".join(f"{cell:<{widths[key]}}" for key, cell in cells.items()))


@cli.command("train")
@click.argument("train_log", metavar="TRAIN", type=_input_file("log"))
@click.option("--model", default="dkt", show_default=True, help="Tracing model by name.")
@click.option(
    "--valid",
    type=_input_file("log"),
    help="Validation log: the epoch with the best AUC on it is kept.",
)
@click.option("--test", type=_input_file("log"), help="Log to score.")
@click.option(
    "--out",
    "-o",
    type=MODEL_OUT,
    required=True,
    help="Model file to write (.npz of plain arrays plus JSON; BKT: JSON).",
)
@_log_options
@_fit_options
@click.option("--seed", type=SEED, default=0, show_default=True, help="Random seed.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object when done.")
def train_command(
    train_log: Path,
    model: str,
    valid: Path | None,
    test: Path | None,
    out: Path,
    fmt: str,
    columns: str | None,
    epochs: int | None,
    threads: int,
    device: str,
    seed: int,
    as_json: bool,
) -> None:
    """Train a tracing model on TRAIN, showing progress on stderr, and save it to --out.

    Example:
        its train ../shared/data/kt/synthetic/naive_c5_q50_s4000_v0_train1.csv \\
            --valid ../shared/data/kt/synthetic/naive_c5_q50_s4000_v0_valid1.csv -o dkt.npz
    """
    from its.tracing.datasets import parse_columns
    from its.tracing.replay import train as run_train

    settings = _fit_settings(epochs, device)

    def progress(report: Any) -> None:
        valid_auc = "n/a" if report.valid_auc != report.valid_auc else f"{report.valid_auc:.4f}"
        member = f"{report.member}: " if getattr(report, "member", "") else ""
        click.echo(
            f"{member}{report.unit} {report.epoch}/{report.epochs}  loss {report.loss:.4f}  "
            f"valid AUC {valid_auc} (best {report.unit} {report.best_epoch})  "
            f"{report.seconds:.0f} s, at most {report.seconds_left:.0f} s left",
            err=True,
        )

    result = run_train(
        train_log,
        out,
        valid_path=valid,
        test_path=test,
        fmt=fmt,
        columns=parse_columns(columns),
        model=model,
        seed=seed,
        settings=settings,
        progress=progress,
        threads=threads,
    )
    if model in ("bkt", "bkt-forgets"):  # the files `its learn --model` traces with
        _warn_thin_bkt(result.path, train_log, fmt, columns)
    row = result.to_dict()
    undefined = [f"test {key}" for key, value in row["test"].items() if value is None]
    _note_undefined(undefined)
    if as_json:
        click.echo(_json_line(row))
    else:
        test_auc = row["test"].get("auc")
        scores = "" if test_auc is None else f", test AUC {test_auc:.4f}"
        unseen = f", {result.n_unseen} test answers on unseen skills" if result.n_unseen else ""
        click.echo(f"saved {result.path} ({result.fit_seconds:.1f} s{scores}{unseen})", err=True)


@cli.command()
@click.option(
    "--policy",
    "policies",
    multiple=True,
    help="Policy by name, repeatable [default: adaptive, fixed and random].",
)
@click.option("--learners", type=click.IntRange(min=1), default=1000, show_default=True)
@click.option("--seed", type=SEED, default=0, show_default=True, help="Draws the learners.")
@click.option("--placement", is_flag=True, help="Run the placement check first (adaptive).")
@click.option(
    "--known",
    type=click.FloatRange(0.0, 1.0),
    help="Share of competencies every learner knows at the start [default: 0 to 0.7 each].",
)
@click.option("--calibrate", is_flag=True, help="Fit the tutor's BKT on a pilot cohort first.")
@click.option(
    "--threshold",
    type=click.FloatRange(0.5, 1.0, max_open=True),
    help="Mastery threshold on the tracing estimate [default: 0.95].",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per policy.")
def simulate(
    policies: tuple[str, ...],
    learners: int,
    seed: int,
    placement: bool,
    known: float | None,
    calibrate: bool,
    threshold: float | None,
    as_json: bool,
) -> None:
    """Run simulated learners through the tutor on the bundled bank, one row per policy.

    Example:
        its simulate --policy adaptive --policy fixed --learners 1000 --seed 1
    """
    from its.items.load import load_bank, starter_bank_path
    from its.sim.report import compare, format_table
    from its.tutor import POLICIES

    unknown = [p for p in policies if p not in POLICIES]
    if unknown:
        names = ", ".join(sorted(POLICIES))
        raise click.BadParameter(f"unknown policy {unknown[0]!r}; choose one of {names}")
    chosen = list(policies) or ["adaptive", "fixed", "random"]
    rows, notes = compare(
        load_bank(starter_bank_path()),
        chosen,
        learners=learners,
        seed=seed,
        placement=placement,
        known_fraction=known,
        calibrate=calibrate,
        threshold=threshold,
    )
    for note in notes:
        click.echo(f"note: {note}", err=True)
    click.echo("\n".join(json.dumps(row) for row in rows) if as_json else format_table(rows))


def _one_blas_thread() -> None:
    """One BLAS thread for the learner's app, unless the user chose a count."""
    for variable in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(variable, "1")


def _note_undefined(keys: list[str]) -> None:
    """One note per log whose answers were all right or all wrong (AUC is then undefined)."""
    for which, named in (
        ("validation", [k for k in keys if k.startswith("valid_")]),
        ("test", [k for k in keys if not k.startswith("valid_")]),
    ):
        if named:
            note = f"every {which} answer has the same correctness"
            click.echo(f"note: {', '.join(named)} undefined: {note}", err=True)


def _json_line(row: dict[str, Any]) -> str:
    """Strict JSON: an undefined metric (NaN) is null, which every parser accepts."""
    finite = {k: None if isinstance(v, float) and v != v else v for k, v in row.items()}
    return json.dumps(finite, allow_nan=False)


def _warn_thin_bkt(model_path: str, log_path: Path, fmt: str, columns: str | None) -> None:
    """Say on stderr when a BKT file was fitted on too few learners or has priors near 1:
    what that means for the learners who would use it (the file is saved all the same)."""
    from its.tracing.bkt._diagnostics import thin_fit_notes
    from its.tracing.bkt.online import LiveBKT
    from its.tracing.datasets import parse_columns, read_log

    fitted = LiveBKT.load(model_path)
    priors = {skill: fitted.params(skill).prior for skill in fitted.skills}
    for note in thin_fit_notes(read_log(log_path, fmt, columns=parse_columns(columns)), priors):
        click.echo(f"warning: {note}", err=True)


def _format_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    line: str | None = None,
) -> str:
    """Warnings for people: `warning: ...`, without the source line they came from."""
    return f"warning: {message}\n"


def main() -> None:
    warnings.formatwarning = _format_warning
    cli()
