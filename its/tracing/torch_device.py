"""The torch device a model is asked to fit on, checked once for every torch model."""

from __future__ import annotations

import re

import torch

from its.errors import ItsError


def torch_device(name: object) -> torch.device:
    """The torch device for `name`: only cpu, cuda and cuda:N (others, such as torch's
    "meta", make no predictions), and cuda only where a CUDA GPU is.

    Raises:
        ItsError: another name, or cuda without a GPU (torch itself would fail with a
            traceback deep inside the fit).
    """
    if not isinstance(name, str) or re.fullmatch(r"cpu|cuda(:\d+)?", name) is None:
        raise ItsError(f"unknown device {name!r}; use cpu, cuda or cuda:N")
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ItsError(f"device {name!r}: no CUDA GPU is available here; use --device cpu")
    return torch.device(name)
