"""`annotate match` as a user runs it: link repeated claims, print the pairs that disagree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The TASS story of 2017 run again by another outlet, which dates Russia's offer 2008 instead of 2009.
REPOST = (
    "Lavrov: indivisible security remains a slogan for the West\n\n"
    "MOSCOW, July 14. /Interfax/. Declarations about the indivisibility of security remain nice slogans for the "
    "West, Russian Foreign Minister Sergei Lavrov said on Thursday.\n\n"
    "Russia offered NATO and OSCE partners back in 2008 to formalize the principle of indivisible security, "
    "Lavrov recalled.\n"
)


def annotate(*args: str, db: str | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("ANNOTATE_DB_URL", None)
    env.pop("ANNOTATE_USER", None)
    cmd = [sys.executable, "-m", "annotate", *(["--db", db] if db else []), *args]
    return subprocess.run(cmd, capture_output=True, text=True, input=stdin, env=env, cwd=ROOT, timeout=300)


def demo_db(templates, tmp_path) -> str:
    path = tmp_path / "desk.db"
    shutil.copyfile(templates.sqlite("demo"), path)
    return f"sqlite:///{path}"


def test_match_is_listed_and_needs_a_scope():
    assert "match" in annotate("--help").stdout
    result = annotate("match")
    assert result.returncode == 2 and "one of the arguments" in result.stderr


def test_contradictions_print_the_demo_2008_2009_pair(templates, tmp_path):
    result = annotate("match", "--contradictions", db=demo_db(templates, tmp_path))
    assert result.returncode == 0, result.stderr
    assert "(TASS, 2017-07-13) vs claim #" in result.stdout and "(Sputnik, undated)" in result.stdout
    assert "  year: 2009 vs 1954, 2008" in result.stdout
    assert result.stdout.rstrip().endswith("1 pair(s) disagree")


def test_match_a_document_then_all_prints_the_links_made(templates, tmp_path):
    db = demo_db(templates, tmp_path)
    article = tmp_path / "interfax.txt"
    article.write_text(REPOST, encoding="utf-8")
    ingested = annotate("ingest", "--no-match", str(article), db=db)
    assert ingested.returncode == 0, ingested.stderr
    one = annotate("match", "--document", "4", "--no-paraphrase", "--as", "demo.reviewer", db=db)
    assert one.returncode == 0, one.stderr
    assert "<-> claim #" in one.stdout and "1 document(s) matched" in one.stdout
    assert "0 new link(s)" not in one.stdout
    again = annotate("match", "--all", "--no-paraphrase", db=db)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "4 document(s) matched, 0 new link(s)"
    flagged = annotate("match", "--contradictions", db=db)
    assert "  year: 2009 vs 2008" in flagged.stdout and "2 pair(s) disagree" in flagged.stdout
    log = annotate("audit", "log", db=db)
    made = [line for line in log.stdout.splitlines() if "demo.reviewer: claim_link.create" in line]
    assert "(manual): same initiative, dated differently" in made[0]  # the demo's own link
    assert len(made) >= 2 and all("linked (near" in line or "linked (exact" in line for line in made[1:])


def test_match_refuses_an_unknown_document_and_a_viewer(templates, tmp_path):
    db = demo_db(templates, tmp_path)
    missing = annotate("match", "--document", "999", db=db)
    assert missing.returncode == 1 and missing.stderr.strip() == "annotate: error: no document #999"
    added = annotate("users", "add", "vera", "--role", "viewer", "--password-stdin", db=db, stdin="vera password\n")
    assert added.returncode == 0, added.stderr
    refused = annotate("match", "--all", "--as", "vera", db=db)
    assert refused.returncode == 1 and "may not annotate" in refused.stderr and "Traceback" not in refused.stderr
