"""`varimax`: the orthogonal rotation that gives factor loadings the simplest structure.

A MIRT's likelihood does not change when its loadings are rotated (the ability prior is a
standard normal, the same in every direction), so a fit finds the loadings only up to a
rotation. Varimax (Kaiser 1958) picks the rotation under which each item loads on as few
dimensions as it can, which shows whether every item measures one dimension.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def varimax(loadings: FloatArray, *, n_iter: int = 500, tol: float = 1e-10) -> FloatArray:
    """The (k, k) orthogonal rotation R for which `loadings @ R` (p, k) maximises the
    variance of the squared loadings within each column (Kaiser's SVD iteration)."""
    p, k = loadings.shape
    rotation = np.eye(k)
    criterion = 0.0
    for _ in range(n_iter):
        rotated = loadings @ rotation
        target = rotated**3 - rotated @ np.diag((rotated**2).sum(axis=0)) / p
        u, s, vt = np.linalg.svd(loadings.T @ target)
        rotation = u @ vt
        previous, criterion = criterion, float(s.sum())
        if criterion <= previous * (1 + tol):
            break
    return rotation


def simple_structure(loadings: FloatArray) -> tuple[FloatArray, npt.NDArray[np.int64]]:
    """Varimax-rotated `loadings` (p, k) and each row's dominant dimension (p,)."""
    rotated = loadings @ varimax(loadings)
    return rotated, np.abs(rotated).argmax(axis=1).astype(np.int64)
