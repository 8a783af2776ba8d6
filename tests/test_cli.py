"""The CLI as a user runs it: `python -m annotate ...` in a subprocess, exit codes and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SUBCOMMANDS = ["ingest", "extract", "checkworthy", "match", "export", "import", "audit", "users", "demo"]


def annotate(*args: str, db: str | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("ANNOTATE_DB_URL", None)
    cmd = [sys.executable, "-m", "annotate", *(["--db", db] if db else []), *args]
    return subprocess.run(cmd, capture_output=True, text=True, input=stdin, env=env, cwd=ROOT, timeout=300)


def test_help_lists_every_subcommand():
    result = annotate("--help")
    assert result.returncode == 0
    for name in SUBCOMMANDS:
        assert name in result.stdout


def test_unknown_subcommand_is_a_usage_error_without_traceback():
    result = annotate("frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr and "Traceback" not in result.stderr


def test_demo_then_export_shows_the_worked_annotations(tmp_path):
    db = f"sqlite:///{tmp_path / 'desk.db'}"
    loaded = annotate("demo", db=db)
    assert loaded.returncode == 0, loaded.stderr
    exported = annotate("export", "--format", "json", db=db)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert len(data["documents"]) >= 3 and len(data["claims"]) >= 15
    notes = [a for c in data["claims"] for a in c["annotations"]]
    assert sum(1 for a in notes if a["type"] == "verdict") >= 2
    assert any(a["type"] == "provenance" for a in notes) and any(a["type"] == "counter_source" for a in notes)
    verified = annotate("audit", "verify", db=db)
    assert verified.returncode == 0 and "intact" in verified.stdout


def test_ingest_reports_bad_files_and_keeps_going(tmp_path):
    db = f"sqlite:///{tmp_path / 'desk.db'}"
    good = tmp_path / "good.txt"
    good.write_text(
        "Officials said on Monday the bridge would reopen in 2026, the ministry said in a statement.\n"
        "The bridge closed in 2019 after an inspection found cracks in two of its supports.\n"
    )
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = annotate("ingest", "--quiet", str(good), str(empty), str(binary), db=db)
    assert result.returncode == 1
    assert "empty.txt" in result.stderr and "image.txt" in result.stderr
    assert "Traceback" not in result.stderr
    assert "ingested 1 document" in result.stdout
    again = annotate("ingest", "--quiet", str(good), db=db)
    assert again.returncode == 0 and "1 already present" in again.stdout


def test_users_add_and_list(tmp_path):
    db = f"sqlite:///{tmp_path / 'desk.db'}"
    added = annotate("users", "add", "ana", "--role", "editor", "--password-stdin", db=db, stdin="a long password\n")
    assert added.returncode == 0, added.stderr
    short = annotate("users", "add", "bob", "--password-stdin", db=db, stdin="short\n")
    assert short.returncode == 1 and "at least" in short.stderr
    listed = annotate("users", "list", db=db)
    assert "ana" in listed.stdout and "editor" in listed.stdout


@pytest.mark.parametrize("url", ["nosuchdb://x", "postgresql+psycopg://nobody@127.0.0.1:1/none"])
def test_unreachable_database_is_one_clear_line(url):
    result = annotate("audit", "verify", db=url)
    assert result.returncode == 1
    assert result.stderr.startswith("annotate: error: cannot open the database")
    assert "Traceback" not in result.stderr
