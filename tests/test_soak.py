"""A short concurrency soak (bench/soak.py): 4 processes saving annotations for a few seconds on each backend.

Shared annotations are edited with optimistic locking and retried on ConflictError; no update may be lost
(final version - 1 = edits that succeeded = edit events in the log), no "database is locked" or other error
may reach a caller, and the audit chain must verify afterwards. The full run is `python bench/soak.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
PROCESSES = 4
SECONDS = 4.0


@pytest.fixture(scope="module")
def soak_module():
    # Imported as a top-level module so spawned workers (which get this sys.path) can import it too.
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    import soak

    return soak


def test_concurrent_saves_lose_nothing(soak_module, db_url):
    report = soak_module.soak(db_url, PROCESSES, SECONDS, seed=11)
    summary = {k: v for k, v in report.items() if k != "error_samples"}
    assert report["workers_reporting"] == PROCESSES, summary
    assert report["database_locked_errors"] == 0, report["error_samples"]
    assert not report["errors"], (report["errors"], report["error_samples"])
    assert not report["lost_updates"], report["lost_updates"]
    assert report["audit_ok"], report["audit"]
    assert report["edits"] > 10 and report["adds"] > 0, summary
    assert report["ok"]
