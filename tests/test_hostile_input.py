"""Hostile input: every file gets one clear line or a clean ingest, through `annotate ingest` (a subprocess)
and through documents.ingest_files; nothing crashes, the rest of the batch still goes in, every stored claim's
offsets reproduce its text, and script / event-handler markup never reaches the cleaned text.

The corpus is tests/data/hostile (cases.json says what each file must do); the big and filesystem cases are
made at test time: a file over the 50 MB limit (sparse), a 1 MB single line, a symlink loop, an unreadable
file (chmod 000; as root, where chmod does not stop reading, the refusal a normal user gets is emulated).
"""

from __future__ import annotations

import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from annotate.services import SYSTEM, Desk, audit, documents
from annotate.services.documents import MAX_BYTES
from db.models import Claim, Document

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "data" / "hostile"
CASES: dict[str, dict] = {
    k: v for k, v in json.loads((HOSTILE / "cases.json").read_text("utf-8")).items() if k[0] != "_"
}
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

# Markup that must never survive cleaning: script-capable tags and inline event handlers.
MARKUP = re.compile(r"(?is)<\s*/?\s*(?:script|iframe|svg|img|object|embed|style|link|meta|form)\b|<[^>]*\bon[a-z]+\s*=")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BIDI_OVERRIDES = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
LONG_LINE_SECONDS = 60  # ~12 s on this machine under load: a guard against minutes, not a benchmark
SENTENCE = "The minister said on Tuesday that exports rose by {n} percent in the third quarter of the year. "

# &#x3C;script&#x3E; was once decoded into <script> by the cleaner (fixed: entities for < and > stay as written).
ENTITY_MARKUP = "entities_and_templates.txt"


def control_article(n: int) -> str:
    """A unique, plainly good article: these must go in whatever else is in the batch."""
    return (
        f"Control article {n} says the budget grew this year\n\n"
        + SENTENCE.format(n=n)
        + f"Officials at the ministry confirmed the figure of {n} percent in a statement on Wednesday.\n\n"
        + "Opposition lawmakers said the numbers were misleading and asked for an independent audit of them.\n"
    )


def make_batch(folder: Path) -> dict[str, dict]:
    """Copy the corpus into `folder`, add the generated cases and two controls; return name -> case."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = dict(CASES)
    for name in CASES:
        shutil.copyfile(HOSTILE / name, folder / name)
    # Over the 50 MB limit: refused from its size, before it is read (sparse, so no disk is spent).
    with (folder / "over_50mb.txt").open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    cases["over_50mb.txt"] = {"expect": "refuse", "message": "50 MB"}
    # Exactly at the limit, but binary: read and refused by content.
    with (folder / "at_50mb_zeros.txt").open("wb") as fh:
        fh.truncate(MAX_BYTES)
    cases["at_50mb_zeros.txt"] = {"expect": "refuse", "message": "binary"}
    unreadable = folder / "unreadable.txt"
    unreadable.write_text(control_article(0), encoding="utf-8")
    unreadable.chmod(0)
    cases["unreadable.txt"] = {"expect": "refuse", "message": "cannot read"}
    for n in (1, 2):
        (folder / f"control_{n}.txt").write_text(control_article(int(time.time() * 1000) % 10**6 + n), "utf-8")
        cases[f"control_{n}.txt"] = {"expect": "ingest", "control": True}
    return cases


def make_symlink_loop(folder: Path) -> list[Path]:
    a, b = folder / "loop_a.txt", folder / "loop_b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    return [a, b]


@pytest.fixture
def emulate_root_unreadable(monkeypatch):
    """As root, chmod 000 does not stop reading: make a mode-000 file refuse like it would for anyone else."""
    if not AS_ROOT:
        return
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.stat().st_mode & 0o777 == 0:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


# Run as the CLI is run, with the same emulation for root (a no-op otherwise).
CLI_SHIM = """
import os, sys, pathlib
if os.geteuid() == 0:
    _real = pathlib.Path.read_bytes
    def _read_bytes(self):
        if self.stat().st_mode & 0o777 == 0:
            raise PermissionError(13, "Permission denied", str(self))
        return _real(self)
    pathlib.Path.read_bytes = _read_bytes
from annotate.cli import main
sys.exit(main())
"""


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}
    env.pop("ANNOTATE_USER", None)
    return subprocess.run(
        [sys.executable, "-c", CLI_SHIM, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=timeout,
    )


def check_stored(desk: Desk) -> None:
    """Every stored claim reproduces its text from its offsets; no markup in any cleaned text."""
    with desk.read() as session:
        texts = dict(session.execute(select(Document.id, Document.text)).all())
        names = dict(session.execute(select(Document.id, Document.filename)).all())
        bad_offsets = [
            (c.id, names[c.document_id])
            for c in session.scalars(select(Claim))
            if texts[c.document_id][c.start : c.end] != c.text or not 0 <= c.start < c.end <= len(texts[c.document_id])
        ]
    assert not bad_offsets, f"claims whose offsets do not reproduce their text: {bad_offsets[:10]}"
    with_markup = [
        names[i] for i, t in texts.items() if MARKUP.search(t) and not (names[i] or "").endswith(ENTITY_MARKUP)
    ]
    assert not with_markup, f"markup reached the cleaned text of {with_markup}"
    assert audit.verify(desk).ok


def check_outcome(name: str, case: dict, status: str, message: str) -> str | None:
    if "\n" in message or "Traceback" in message:
        return f"{name}: message is not one line: {message!r}"
    expect = case["expect"]
    if expect == "refuse" and status != "failed":
        return f"{name}: should be refused but was {status}"
    if expect == "ingest" and status not in ("added", "duplicate"):
        return f"{name}: should go in but failed: {message}"
    if status == "failed":
        if not message.strip():
            return f"{name}: refused without a message"
        if case.get("message", "").lower() not in message.lower():
            return f"{name}: message should mention {case['message']!r}: {message}"
    return None


# ---- through the service ---------------------------------------------------------------------------------


def test_hostile_batch_through_ingest_files(desk, tmp_path, emulate_root_unreadable):
    folder = tmp_path / "batch"
    cases = make_batch(folder)
    loop = make_symlink_loop(folder)
    paths = sorted(folder / name for name in cases) + loop
    report = documents.ingest_files(desk, SYSTEM, paths)
    assert len(report.outcomes) == len(paths)
    problems = []
    by_name = {}
    for outcome in report.outcomes:
        name = Path(outcome.name).name
        by_name[name] = outcome
        if name.startswith("loop_"):
            case = {"expect": "refuse", "message": "cannot read"}
        else:
            case = cases[name]
        problem = check_outcome(name, case, outcome.status, outcome.message)
        if problem:
            problems.append(problem)
    assert not problems, "\n".join(problems)
    for name, case in cases.items():
        if "contains" in case:
            text = documents.get(desk, by_name[name].document_id).text
            assert case["contains"] in text, f"{name} decoded wrongly: {text[:120]!r}"
    controls = [by_name[n] for n, c in cases.items() if c.get("control")]
    assert all(o.status == "added" for o in controls)
    check_stored(desk)
    # Running the same batch again adds nothing and loses nothing.
    again = documents.ingest_files(desk, SYSTEM, paths)
    assert again.count("added") == 0
    assert again.count("duplicate") == report.count("added") + report.count("duplicate")


def test_hostile_pasted_text_through_ingest(desk):
    """The UI's paste box hands str, not bytes: the same refusals and the same guarantees."""
    for text in ("", "   \n\t", "\ufeff", '"' * 100_000, "x" * 200_000, "<script>alert(1)</script>" * 50):
        with pytest.raises(documents.InvalidInput) as exc:
            documents.ingest(desk, SYSTEM, text, name="pasted.txt")
        assert "\n" not in str(exc.value)
    outcome = documents.ingest(desk, SYSTEM, control_article(4242).replace("budget", "bud<b onclick=x()>get</b>"))
    assert outcome.status == "added"
    check_stored(desk)


# ---- through the CLI -------------------------------------------------------------------------------------


def test_hostile_batch_through_the_cli(tmp_path):
    folder = tmp_path / "batch"
    cases = make_batch(folder)
    make_symlink_loop(folder)  # inside a folder: not a regular file, so not picked up (and no crash)
    db = tmp_path / "cli.db"
    result = run_cli("--db", f"sqlite:///{db}", "ingest", "--quiet", str(folder))
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])  # some files failed
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert all(line.startswith("annotate: ") for line in errors), errors
    summary = result.stdout.strip().splitlines()[-1]
    m = re.match(r"ingested (\d+) document\(s\) with \d+ claim\(s\); (\d+) already present; (\d+) failed", summary)
    assert m, summary
    added, dup, failed = map(int, m.groups())
    ingestible = [n for n in cases if Path(n).suffix in documents.INGESTIBLE]
    assert added + dup + failed == len(ingestible)
    refused = {n for n, c in cases.items() if c["expect"] == "refuse"}
    for name in refused - {"over_50mb.txt"}:  # see test_size_refusal_names_the_file
        assert any(name in line for line in errors), f"no error line names {name}"
    desk = Desk.open(f"sqlite:///{db}")
    try:
        stored = {Path(d.filename).name for d in documents.list_documents(desk, limit=10_000)}
        must = {n for n, c in cases.items() if c["expect"] == "ingest"}
        # Files with the same text as another go in once (reported "already present"), under the first name.
        assert added + dup >= len(must)
        assert {"control_1.txt", "control_2.txt", "cp1251.txt", "emoji_astral.txt"} <= stored
        assert len(stored) == added, (stored, added)
        assert not (refused & stored)
        check_stored(desk)
    finally:
        desk.dispose()
    verify = run_cli("--db", f"sqlite:///{db}", "audit", "verify")
    assert verify.returncode == 0 and "intact" in verify.stdout, verify.stderr


def test_cli_reports_a_symlink_loop_and_goes_on(tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    good = folder / "good.txt"
    good.write_text(control_article(31337), encoding="utf-8")
    loop = make_symlink_loop(folder)
    result = run_cli("--db", f"sqlite:///{tmp_path / 'x.db'}", "ingest", "--quiet", str(loop[0]), str(good))
    assert "Traceback" not in result.stderr
    assert "ingested 1 document(s)" in result.stdout, result.stderr


def test_a_file_name_cannot_forge_report_lines(tmp_path):
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / "evil\nannotate: forged line \x1b[31mred.txt").write_bytes(b"x")
    (folder / "fine.txt").write_text(control_article(4711), encoding="utf-8")
    result = run_cli("--db", f"sqlite:///{tmp_path / 'x.db'}", "ingest", "--quiet", str(folder))
    assert "ingested 1 document(s)" in result.stdout, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "forged" in lines[0], lines
    assert "\x1b" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_named_pipe_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text(control_article(2718), encoding="utf-8")
    try:
        result = run_cli(
            "--db", f"sqlite:///{tmp_path / 'x.db'}", "ingest", "--quiet", str(fifo), str(good), timeout=20
        )
    except subprocess.TimeoutExpired:
        pytest.fail("ingest waited on a named pipe")
    assert "ingested 1 document(s)" in result.stdout, result.stderr
    assert "pipe.txt" in result.stderr


def one_megabyte_line(tmp_path: Path) -> Path:
    path = tmp_path / "one_line.txt"
    sentence = "The minister said exports rose by 12 percent in the third quarter of the year, officials said. "
    path.write_text((sentence * (2**20 // len(sentence) + 1))[: 2**20], encoding="utf-8")
    assert "\n" not in path.read_text("utf-8") and path.stat().st_size == 2**20
    return path


def ingest_within(tmp_path: Path, seconds: float, *extra: str) -> None:
    path = one_megabyte_line(tmp_path)
    start = time.monotonic()
    try:
        result = run_cli(
            "--db", f"sqlite:///{tmp_path / 'x.db'}", "ingest", "--quiet", *extra, str(path), timeout=seconds
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"ingesting a 1 MB single line took more than {seconds} s")
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1)
    assert time.monotonic() - start < seconds


def test_one_megabyte_single_line_is_extracted_and_stored_in_bounded_time(tmp_path):
    """A 1 MB paragraph with no newline (a scraped page glued into one line) goes in within a minute or is
    refused with one line; it must not pin a CPU for minutes. (Extraction and storage; matching below.)"""
    no_match = ["--no-match"] if "match" in inspect.signature(documents.ingest_files).parameters else []
    ingest_within(tmp_path, LONG_LINE_SECONDS, *no_match)


def test_one_megabyte_single_line_is_matched_in_bounded_time(tmp_path):
    ingest_within(tmp_path, LONG_LINE_SECONDS)


# ---- markup, control characters, bidi overrides, NUL -----------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "script_and_handlers.html",
        "script_in_text.txt",
        "script_in_markdown.md",
        ENTITY_MARKUP,
    ],
)
def test_script_markup_never_reaches_the_cleaned_text(name):
    from annotate.extract import extract

    result = extract((HOSTILE / name).read_bytes(), filename=name)
    assert not MARKUP.search(result.document.text), result.document.text
    for claim in result.claims:
        assert not MARKUP.search(claim.text)
        assert result.document.text[claim.start : claim.end] == claim.text
    assert "fake paragraph" not in result.document.text and "injected" not in result.document.text


def test_control_characters_never_reach_the_cleaned_text():
    from annotate.extract import extract

    result = extract((HOSTILE / "few_control_characters.txt").read_bytes(), filename="f.txt")
    assert not CONTROL.search(result.document.text), repr(result.document.text)


def test_bidi_override_characters_are_removed():
    from annotate.extract import extract

    result = extract((HOSTILE / "rtl_override.txt").read_bytes(), filename="rtl.txt")
    assert not BIDI_OVERRIDES.search(result.document.text)


def test_nul_characters_never_reach_the_database(desk, tmp_path):
    article = control_article(777)
    paths = []
    for name, data in (
        ("bom_utf8_nul.txt", b"\xef\xbb\xbf" + (article + "\x00 end.\n").encode()),
        ("bom_utf16_nul.txt", (article + "\x00 end.\n").encode("utf-16")),
        ("ok.txt", control_article(778).encode()),
    ):
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    report = documents.ingest_files(desk, SYSTEM, paths)  # must not raise
    assert report.outcomes[-1].status == "added"
    with desk.read() as session:
        assert not any("\x00" in t for t in session.scalars(select(Document.text)))
    with pytest.raises(documents.InvalidInput):
        documents.ingest(desk, SYSTEM, control_article(779) + "\x00", name="pasted.txt")
