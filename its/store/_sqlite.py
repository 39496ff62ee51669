"""The one import of sqlite_utils, without pandas.

sqlite-utils imports pandas at start-up whenever it is installed (only to map `pd.Timestamp`
columns, which we never store). On a research machine that would add about a second to the
learner app's start, so pandas is hidden for the duration of that one import.
"""

from __future__ import annotations

import sys

_pandas_was_loaded = "pandas" in sys.modules
if not _pandas_was_loaded:
    sys.modules["pandas"] = None  # type: ignore[assignment]  # makes `import pandas` fail fast
try:
    import sqlite_utils
finally:
    if not _pandas_was_loaded:
        del sys.modules["pandas"]

Database = sqlite_utils.Database

__all__ = ["Database", "sqlite_utils"]
