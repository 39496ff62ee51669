"""Model files: one `.npz` of plain arrays plus a JSON header, loadable without pickle.

The JSON (settings, skill names, data set hash, metrics) is stored as the uint8 array
`__meta__`, so one file holds everything and `np.load(..., allow_pickle=False)` reads it.
The header is strict JSON: an undefined number (NaN, e.g. the AUC of a one-class log)
is written as null.
"""

from __future__ import annotations

import inspect
import json
import math
import os
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from its.errors import DataFormatError

FORMAT_VERSION = 1
_META = "__meta__"


@dataclass(frozen=True, slots=True, eq=False)
class ModelFile:
    """The contents of a model file.

    Attributes:
        meta: JSON-ready header; always has `format_version`, `model` and `skills`
            (a list of strings).
        arrays: named weight arrays (float32 as trained), every value finite.
    """

    meta: dict[str, Any]
    arrays: dict[str, npt.NDArray[Any]]


def strict_json(value: Any) -> Any:
    """`value` with every non-finite float (NaN, inf) replaced by None, for strict JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {key: strict_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [strict_json(item) for item in value]
    return value


def write_model_file(
    path: str | os.PathLike[str], meta: Mapping[str, Any], arrays: Mapping[str, npt.NDArray[Any]]
) -> None:
    """Write `meta` and `arrays` to `path` (a `.npz`), replacing it only when complete.

    A failed or interrupted write removes its temporary file and leaves `path` as it was.
    """
    header = strict_json({"format_version": FORMAT_VERSION, **meta})
    text = json.dumps(header, ensure_ascii=False, allow_nan=False)
    encoded = np.frombuffer(text.encode("utf-8"), np.uint8)
    partial = f"{os.fspath(path)}.partial"
    try:
        with open(partial, "wb") as file:
            named: dict[str, Any] = {
                _META: encoded,
                **{k: np.asarray(v) for k, v in arrays.items()},
            }
            np.savez(file, allow_pickle=False, **named)  # a file that never needs pickle
        os.replace(partial, path)
    except BaseException:  # KeyboardInterrupt too: never leave a half-written file behind
        if os.path.exists(partial):
            os.remove(partial)
        raise


def read_model_file(path: str | os.PathLike[str], *, model: str | None = None) -> ModelFile:
    """Read a file written by `write_model_file`, never unpickling anything.

    Args:
        path: the `.npz` file.
        model: when given, the model name the file must hold.

    Raises:
        DataFormatError: the file is unreadable, not a model file, another model, its
            `skills` is not a list of strings, or a weight is not a finite number.
    """
    arrays = _read_arrays(path)
    raw = arrays.pop(_META, None)
    if raw is None or raw.dtype != np.uint8 or raw.ndim != 1:
        raise DataFormatError(f"{path}: not a model file: no {_META} header")
    try:
        meta = json.loads(raw.tobytes().decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise DataFormatError(f"{path}: the model header is not JSON: {error}") from error
    if not isinstance(meta, dict) or meta.get("format_version") != FORMAT_VERSION:
        raise DataFormatError(f"{path}: unsupported model file version; expected {FORMAT_VERSION}")
    if model is not None and meta.get("model") != model:
        raise DataFormatError(f"{path}: holds model {meta.get('model')!r}, expected {model!r}")
    for field in ("skills", "items"):
        names = meta.get(field, [])
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise DataFormatError(f"{path}: header field {field!r} must be a list of names")
    if "skills" not in meta:
        raise DataFormatError(f"{path}: header field 'skills' is missing")
    for name, value in arrays.items():
        if value.dtype.kind not in "biuf":
            raise DataFormatError(f"{path}: weight {name!r} is not numeric ({value.dtype})")
        if value.dtype.kind == "f" and not np.isfinite(value).all():
            raise DataFormatError(f"{path}: weight {name!r} holds NaN or infinite values")
    return ModelFile(meta=meta, arrays=arrays)


def check_shapes(
    path: str | os.PathLike[str],
    arrays: Mapping[str, npt.NDArray[Any]],
    expected: Mapping[str, tuple[int, ...]],
) -> None:
    """Refuse a file whose weights are not exactly `expected` (name -> shape, from the header).

    Raises:
        DataFormatError: naming every missing, unexpected or wrongly shaped weight.
    """
    faults = [f"weight {name!r} is missing" for name in expected if name not in arrays]
    faults += [f"unexpected weight {name!r}" for name in arrays if name not in expected]
    faults += [
        f"weight {name!r} has shape {tuple(arrays[name].shape)}, the header implies {shape}"
        for name, shape in expected.items()
        if name in arrays and tuple(arrays[name].shape) != tuple(shape)
    ]
    if faults:
        raise DataFormatError(f"{path}: invalid model file: {'; '.join(faults)}")


def checked_settings(
    path: str | os.PathLike[str], factory: Callable[..., Any], settings: Any
) -> dict[str, Any]:
    """The header's `settings`, refused unless `factory` takes every one of them.

    A setting this version does not know means the file was made by another version of
    its; guessing what it meant could change the model silently, so it is refused.

    Raises:
        DataFormatError: `settings` is not an object, or names an unknown setting.
    """
    if not isinstance(settings, dict):
        raise DataFormatError(f"{path}: header field 'settings' must be an object")
    known = inspect.signature(factory).parameters
    unknown = sorted(name for name in settings if name not in known)
    if unknown:
        raise DataFormatError(
            f"{path}: made by another version of its (unknown settings: {', '.join(unknown)}); "
            "retrain the model with this version"
        )
    return settings


def _read_arrays(path: str | os.PathLike[str]) -> dict[str, npt.NDArray[Any]]:
    # The file is opened here, not by np.load: np.load leaves its own handle open when a
    # file that starts like a zip archive turns out not to be one.
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, whatever np.load does
    except OSError as error:
        raise DataFormatError(f"{path}: cannot read the model file: {error}") from error
    with handle:
        try:
            data = np.load(handle, allow_pickle=False)
        except OSError as error:
            raise DataFormatError(f"{path}: cannot read the model file: {error}") from error
        except (ValueError, EOFError, zipfile.BadZipFile) as error:
            reason = "the file is empty" if isinstance(error, EOFError) else str(error)
            raise DataFormatError(
                f"{path}: not a model file (.npz of plain arrays): {reason}"
            ) from error
        if not isinstance(data, np.lib.npyio.NpzFile):  # a lone .npy array, renamed
            raise DataFormatError(
                f"{path}: not a model file (.npz of plain arrays): one bare array"
            )
        try:
            with data:
                return {name: data[name] for name in data.files}
        except (ValueError, OSError, EOFError, zipfile.BadZipFile) as error:
            raise DataFormatError(f"{path}: damaged model file: {error}") from error


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not strict JSON")
