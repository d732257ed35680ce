"""Every write to scores, targets and year locks goes through these functions.

They read what the rules of scores.rules need (the stored record, the year's lock, the
framework) under the locks of their writes, apply those rules, write the history with
who and why, and raise the data version (pagecache.versioned). Keyword-only and atomic:

- `one`: score_set, score_delete, target_set (the grid, the per-unit form, commands);
- `batch`: scores_check_many, scores_set_many, import_apply (spreadsheet imports);
- `locks`: year_lock, year_unlock, and the guards that keep writes off a year being
  locked.
"""

from scores.rules import UNSET
from scores.services.batch import (
    ScoreChange,
    ScoreChangeCheck,
    ScoreChangeCounts,
    import_apply,
    scores_check_many,
    scores_set_many,
)
from scores.services.locks import year_lock, year_unlock
from scores.services.one import score_delete, score_set, target_set

__all__ = [
    "UNSET",
    "ScoreChange",
    "ScoreChangeCheck",
    "ScoreChangeCounts",
    "import_apply",
    "score_delete",
    "score_set",
    "scores_check_many",
    "scores_set_many",
    "target_set",
    "year_lock",
    "year_unlock",
]
