"""Model files: one `.npz` of plain arrays plus a JSON header, loadable without pickle.

The JSON (settings, skill names, data set hash, metrics) is stored as the uint8 array
`__meta__`, so one file holds everything and `np.load(..., allow_pickle=False)` reads it.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Mapping
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
        meta: JSON-ready header; always has `format_version`, `model` and `skills`.
        arrays: named weight arrays (float32 as trained).
    """

    meta: dict[str, Any]
    arrays: dict[str, npt.NDArray[Any]]


def write_model_file(
    path: str | os.PathLike[str], meta: Mapping[str, Any], arrays: Mapping[str, npt.NDArray[Any]]
) -> None:
    """Write `meta` and `arrays` to `path` (a `.npz`), replacing it only when complete."""
    header = {"format_version": FORMAT_VERSION, **meta}
    encoded = np.frombuffer(json.dumps(header, ensure_ascii=False).encode("utf-8"), np.uint8)
    partial = f"{os.fspath(path)}.partial"
    with open(partial, "wb") as file:
        named: dict[str, Any] = {_META: encoded, **{k: np.asarray(v) for k, v in arrays.items()}}
        np.savez(file, **named)
    os.replace(partial, path)


def read_model_file(path: str | os.PathLike[str], *, model: str | None = None) -> ModelFile:
    """Read a file written by `write_model_file`, never unpickling anything.

    Args:
        path: the `.npz` file.
        model: when given, the model name the file must hold.

    Raises:
        DataFormatError: the file is unreadable, not a model file, or another model.
    """
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except OSError as error:
        raise DataFormatError(f"{path}: cannot read the model file: {error}") from error
    except (ValueError, zipfile.BadZipFile) as error:
        raise DataFormatError(
            f"{path}: not a model file (.npz of plain arrays): {error}"
        ) from error
    raw = arrays.pop(_META, None)
    if raw is None or raw.dtype != np.uint8:
        raise DataFormatError(f"{path}: not a model file: no {_META} header")
    try:
        meta = json.loads(raw.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataFormatError(f"{path}: the model header is not JSON: {error}") from error
    if not isinstance(meta, dict) or meta.get("format_version") != FORMAT_VERSION:
        raise DataFormatError(f"{path}: unsupported model file version; expected {FORMAT_VERSION}")
    if model is not None and meta.get("model") != model:
        raise DataFormatError(f"{path}: holds model {meta.get('model')!r}, expected {model!r}")
    return ModelFile(meta=meta, arrays=arrays)
