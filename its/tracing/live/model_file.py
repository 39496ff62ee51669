"""Model files: one `.npz` of plain arrays plus a JSON header, loadable without pickle.

The JSON (settings, skill names, data set hash, metrics) is stored as the uint8 array
`__meta__`, so one file holds everything and `np.load(..., allow_pickle=False)` reads it.
The header is strict JSON: an undefined number (NaN, e.g. the AUC of a one-class log)
is written as null.
"""

from __future__ import annotations

import json
import math
import os
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from its.errors import DataFormatError
from its.tracing.regular_file import open_regular_file

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


def vocabulary_header(model: Any) -> dict[str, Any]:
    """The header fields every fitted tracer's file holds: its name, training vocabularies
    and the training log's hash (`restore_vocabulary` reads them back)."""
    return {
        "model": model.model_name,
        "skills": list(model.skills_),
        "items": list(model.items_),
        "data_hash": model.data_hash_,
    }


def restore_vocabulary(model: Any, meta: dict[str, Any]) -> None:
    """Set `skills_`, `items_` and `data_hash_` from a header (KeyError: a field is missing)."""
    model.skills_, model.items_ = tuple(meta["skills"]), tuple(meta["items"])
    model.data_hash_ = meta["data_hash"]


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
    if raw is None:
        raise DataFormatError(f"{path}: not a model file: no {_META} header")
    if raw.dtype != np.uint8 or raw.ndim != 1:
        raise DataFormatError(
            f"{path}: the {_META} header must be bytes (a 1-D uint8 array), "
            f"got a {raw.ndim}-D {raw.dtype} array"
        )
    try:
        meta = json.loads(raw.tobytes().decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise DataFormatError(f"{path}: the model header is not JSON: {error}") from error
    _check_header(path, meta, model)
    for name, value in arrays.items():
        if value.dtype.kind not in "biuf":
            raise DataFormatError(f"{path}: weight {name!r} is not numeric ({value.dtype})")
        if value.dtype.kind == "f" and not np.isfinite(value).all():
            raise DataFormatError(f"{path}: weight {name!r} holds NaN or infinite values")
    return ModelFile(meta=meta, arrays=arrays)


def _check_header(path: str | os.PathLike[str], meta: Any, model: str | None) -> None:
    """The fields every model file's header has, in the order a reader needs them."""
    if not isinstance(meta, dict):
        raise DataFormatError(
            f"{path}: the model header is not a mapping (a JSON object), "
            f"it is a JSON {type(meta).__name__}"
        )
    if meta.get("format_version") != FORMAT_VERSION:
        raise DataFormatError(
            f"{path}: unsupported model file version {meta.get('format_version')!r}; "
            f"expected {FORMAT_VERSION}"
        )
    if "model" not in meta:
        raise DataFormatError(f"{path}: header field 'model' is missing")
    if not isinstance(meta["model"], str):
        raise DataFormatError(f"{path}: header field 'model' must be a model name")
    if model is not None and meta["model"] != model:
        raise DataFormatError(f"{path}: holds model {meta['model']!r}, expected {model!r}")
    if "skills" not in meta:
        raise DataFormatError(f"{path}: header field 'skills' is missing")
    if not isinstance(meta.get("metrics", {}), dict):
        raise DataFormatError(f"{path}: header field 'metrics' must be an object")
    for field in ("skills", "items"):
        names = meta.get(field, [])
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise DataFormatError(f"{path}: header field {field!r} must be a list of names")
        if field == "skills" and not names:
            raise DataFormatError(f"{path}: header field 'skills' is empty (a model knows a skill)")
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:  # one name, two rows of weights: which one a learner gets is a guess
            raise DataFormatError(
                f"{path}: header field {field!r} names {', '.join(map(repr, twice))} twice"
            )


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
    # Every weight we write is floating point; integers or text mean a hand-made file.
    faults += [
        f"weight {name!r} holds {arrays[name].dtype} values, not floating-point numbers"
        for name in expected
        if name in arrays and not np.issubdtype(arrays[name].dtype, np.floating)
    ]
    if faults:
        raise DataFormatError(f"{path}: invalid model file: {'; '.join(faults)}")


def _read_arrays(path: str | os.PathLike[str]) -> dict[str, npt.NDArray[Any]]:
    # The file is opened here, not by np.load: np.load leaves its own handle open when a
    # file that starts like a zip archive turns out not to be one.
    handle = open_regular_file(path, "model file")
    with handle:
        try:
            data = np.load(handle, allow_pickle=False)
        except OSError as error:
            raise DataFormatError(f"{path}: cannot read the model file: {error}") from error
        except (ValueError, EOFError, zipfile.BadZipFile) as error:
            # np.load takes any other file for a pickle and advises allow_pickle=True:
            # never repeat that advice for a file that claims to be a model.
            reason = "; the file is empty" if isinstance(error, EOFError) else ""
            raise DataFormatError(f"{path}: {_NOT_NPZ}{reason}") from error
        if not isinstance(data, np.lib.npyio.NpzFile):  # a lone .npy array, renamed
            raise DataFormatError(f"{path}: {_NOT_NPZ}; it holds one bare array")
        try:
            with data:
                return {name: _plain_array(path, data, name) for name in data.files}
        except (OSError, EOFError, zipfile.BadZipFile) as error:
            raise DataFormatError(f"{path}: damaged model file: {error}") from error


_NOT_NPZ = "not an .npz model file (not a zip archive of plain arrays)"


def _plain_array(path: str | os.PathLike[str], data: Any, name: str) -> npt.NDArray[Any]:
    try:
        array: npt.NDArray[Any] = data[name]
    except ValueError as error:  # an object array (pickled), or a damaged array header
        raise DataFormatError(f"{path}: {_NOT_NPZ}: array {name!r} is not a plain array") from error
    return array


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not strict JSON")
