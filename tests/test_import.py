"""Import: round trip, idempotence, one transaction per file, audit per entity, Web Annotations from other
tools (Hypothesis), re-anchoring quotes on changed text (standards §1), clear errors for malformed files."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotate.imports.anchor import anchor
from annotate.schemas import AnnotationForm
from annotate.services import SYSTEM, annotations, claims, documents, exchange, queue
from annotate.services.desk import Desk
from annotate.services.errors import InvalidInput, PermissionDenied
from db.models import AuditEvent, Claim, Document
from tests.conftest import BACKENDS, _fresh_url, make_people
from tests.test_export_json import export_json, run_cli


@pytest.fixture(params=BACKENDS)
def target_url(request, templates, tmp_path):
    """An empty desk beside demo_desk (db_url would share demo_url's file name in tmp_path)."""
    folder = tmp_path / "target"
    folder.mkdir()
    yield from _fresh_url(request, templates, folder, "empty")


@pytest.fixture
def target(target_url):
    d = Desk.open(target_url)
    yield d
    d.dispose()


def events(desk) -> int:
    with desk.read() as session:
        return session.scalar(select(func.count(AuditEvent.seq))) or 0


def write(tmp_path: Path, name: str, data) -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def without_time(data: dict) -> dict:
    data = dict(data)
    data.pop("exported_at")
    return data


# ---- round trip and idempotence ------------------------------------------------------------------


def test_round_trip_into_an_empty_desk(demo_desk, target, tmp_path):
    original = export_json(demo_desk)
    path = write(tmp_path, "set.json", original)
    report = exchange.import_file(target, SYSTEM, path)
    assert report.created["claim"] == len(original["claims"]) and report.created["annotation"] == 11
    assert not report.orphans and not report.warnings
    assert without_time(export_json(target)) == without_time(original)


def test_importing_twice_changes_nothing(demo_desk, tmp_path):
    path = write(tmp_path, "set.json", export_json(demo_desk))
    before = events(demo_desk)
    report = exchange.import_file(demo_desk, SYSTEM, path)  # the desk it came from: everything is there
    assert report.changed == 0 and events(demo_desk) == before
    assert report.unchanged["annotation"] == 11


def test_import_is_audited_per_entity_under_one_batch(demo_desk, target, tmp_path):
    path = write(tmp_path, "set.json", export_json(demo_desk, exchange.ExportFilter(verdict="Half true")))
    report = exchange.import_file(target, SYSTEM, path)
    with target.read() as session:
        batch = list(session.scalars(select(AuditEvent).where(AuditEvent.batch_id == report.batch_id)))
    assert len(batch) == report.changed
    kinds = {e.entity_type for e in batch}
    assert {"document", "claim", "annotation", "source", "reviewer"} <= kinds
    assert all(e.reason == "import of set.json" for e in batch)
    again = exchange.import_file(target, SYSTEM, path)
    assert again.changed == 0


def test_jsonl_round_trip(demo_desk, target, tmp_path):
    from tests.test_export_json import export_text

    path = write(tmp_path, "set.json", export_text(demo_desk, "jsonl"))  # recognised by content, not by name
    report = exchange.import_file(target, SYSTEM, path)
    assert report.format == "jsonl" and report.created["document"] == 3
    assert without_time(export_json(target)) == without_time(export_json(demo_desk))
    assert exchange.import_file(target, SYSTEM, path).changed == 0


def test_newer_incoming_copy_updates_older_is_kept(demo_desk, tmp_path):
    data = export_json(demo_desk, exchange.ExportFilter(verdict="Half true"))
    note = data["claims"][0]["annotations"][-1]
    note["note"], note["updated_at"] = "Edited elsewhere later.", "2099-01-01T00:00:00.000000Z"
    older = data["claims"][0]["annotations"][0]
    older["note"], older["updated_at"] = "An older edit.", "2000-01-01T00:00:00.000000Z"
    report = exchange.import_file(demo_desk, SYSTEM, write(tmp_path, "edited.json", data))
    assert report.updated["annotation"] == 1 and len(report.warnings) == 1
    claim_id = queue.page(demo_desk, exchange.ExportFilter(verdict="Half true")).rows[0].id
    notes = [a.note for a in annotations.for_claim(demo_desk, claim_id)]
    assert "Edited elsewhere later." in notes and "An older edit." not in notes


def test_import_needs_the_editor_role(demo_desk, people_demo, tmp_path):
    path = write(tmp_path, "set.json", export_json(demo_desk))
    with pytest.raises(PermissionDenied):
        exchange.import_file(demo_desk, people_demo["reviewer"], path)


# ---- malformed files: a clear line, nothing written ----------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "invalid JSON at line 1 column 2"),
        ('{"format_version": "9.0", "documents": [], "claims": [], "sources": []}', "format_version '9.0'"),
        ('{"format_version": "1.0", "documents": [], "claims": [{"uid": "x"}], "sources": []}', "claims.0.document"),
        ("just text", "not JSON"),
        ('{"hello": "world"}', "neither an annotate export"),
        ('[{"type": "Annotation", "target": "https://example.org/"}]', "has no id"),
    ],
)
def test_malformed_files_are_refused_with_one_line(desk, tmp_path, content, message):
    path = write(tmp_path, "bad.json", content)
    before = events(desk)
    with pytest.raises(InvalidInput) as caught:
        exchange.import_file(desk, SYSTEM, path)
    text = str(caught.value)
    assert text.startswith(f"{path}: ") and message in text and "\n" not in text
    assert events(desk) == before


def test_an_error_late_in_the_file_leaves_nothing_half_imported(demo_desk, target, tmp_path):
    data = export_json(demo_desk)
    data["claims"][-1]["document"] = str(uuid.uuid4())  # the last claim names a document not in the file
    path = write(tmp_path, "broken.json", data)
    before = events(target)
    with pytest.raises(InvalidInput, match="not in the file"):
        exchange.import_file(target, SYSTEM, path)
    assert events(target) == before and documents.count(target) == 0


def test_cli_import_reports_and_fails_cleanly(demo_desk, target_url, tmp_path, capsys):
    path = write(tmp_path, "set.json", export_json(demo_desk))
    assert run_cli("--db", target_url, "import", str(path)) == 0
    assert "created" in capsys.readouterr().out
    bad = write(tmp_path, "bad.jsonl", '{"format_version": "1.0"}\n')
    assert run_cli("--db", target_url, "import", str(bad)) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"annotate: error: {bad}: line 1: claim") and out.count("\n") == 1


# ---- re-anchoring (standards §1) -----------------------------------------------------------------

TEXT = (
    "The minister spoke on Monday. The treaty had twelve articles, she said.\n\n"
    "A second paragraph repeats: the treaty had twelve articles. Critics disagree.\n\n"
    "A closing paragraph about something else entirely."
)


def test_unchanged_text_anchors_exactly():
    start = TEXT.index("The treaty had twelve")
    found = anchor(
        TEXT, "The treaty had twelve articles", prefix="spoke on Monday. ", suffix=", she said.", start=start
    )
    assert (found.start, found.end, found.score) == (start, start + 30, 1.0)


def test_duplicated_quote_is_disambiguated_by_prefix_and_suffix():
    quote = "the treaty had twelve articles"
    second = TEXT.lower().index(quote, TEXT.lower().index(quote) + 1)
    # The stored position is stale (text moved), so the context decides between the two occurrences.
    found = anchor(TEXT.lower(), quote, prefix="paragraph repeats: ", suffix=". critics disagree", start=0)
    assert found.start == second
    first = anchor(TEXT.lower(), quote, prefix="spoke on monday. ", suffix=", she said.", start=second)
    assert first.start == TEXT.lower().index(quote)


def test_twelve_to_12_still_anchors_with_a_lower_score():
    changed = TEXT.replace("twelve", "12")
    start = TEXT.index("The treaty had twelve")
    found = anchor(
        changed, "The treaty had twelve articles", prefix="spoke on Monday. ", suffix=", she said.", start=start
    )
    assert found is not None and found.score < 1
    assert changed[found.start : found.end] == "The treaty had 12 articles"


def test_deleted_paragraph_orphans():
    quote = "A second paragraph repeats: the treaty had twelve articles. Critics disagree."
    start = TEXT.index(quote)
    changed = TEXT.replace(quote + "\n\n", "")
    assert anchor(changed, quote, prefix="she said.\n\n", suffix="\n\nA closing", start=start) is None


def test_emoji_before_the_quote_keeps_code_point_offsets():
    text = "🎉🎉 Party news. The mayor said taxes fell by 3%."
    quote = "taxes fell by 3%"
    found = anchor(text, quote, start=text.index(quote))
    assert found.start == text.index(quote) and len(text[: found.start].encode("utf-16-le")) // 2 == found.start + 2


def _shifted_copy(data: dict) -> tuple[dict, str]:
    """The same article as another desk has it: an extra paragraph up front, new claim and annotation uids."""
    doc = data["documents"][0]
    extra = "Editor's note: this article was updated.\n\n"
    doc["text"] = extra + doc["text"]
    claims_ = [c for c in data["claims"] if c["document"] == doc["uid"]]
    for claim in claims_:
        claim["uid"] = str(uuid.uuid4())
        claim["start"] += len(extra)
        claim["end"] += len(extra)
        claim["restates"] = None
        for a in claim["annotations"]:
            a["uid"], a["parent"] = str(uuid.uuid4()), None
    data["claims"] = claims_
    data["documents"] = [doc]
    return data, doc["uid"]


def test_import_reanchors_on_changed_text_and_orphans_what_is_gone(demo_desk, tmp_path):
    data, doc_uid = _shifted_copy(export_json(demo_desk))
    gone = data["claims"][1]
    gone["text"] = "A sentence about something this desk's copy of the article never said at all, anywhere."
    before = queue.page(demo_desk).total
    report = exchange.import_file(demo_desk, SYSTEM, write(tmp_path, "other-desk.json", data))
    assert len(report.orphans) == 1 + len(gone["annotations"]) and gone["uid"] in report.orphans[0]
    assert len(report.reanchored) == len(data["claims"]) - 1
    with demo_desk.read() as session:
        text = session.scalar(select(Document.text).where(Document.uid == doc_uid))
        rows = session.scalars(select(Claim).where(Claim.uid.in_([c["uid"] for c in data["claims"]]))).all()
    assert len(rows) == len(data["claims"]) - 1
    assert all(text[c.start : c.end] == c.text for c in rows)  # anchored on this desk's text
    assert queue.page(demo_desk).total == before + len(rows)


# ---- Web Annotations from other tools ------------------------------------------------------------

ARTICLE = (
    "Budget row deepens\n\nBy Staff Reporter\n\n"
    "The finance minister said on Tuesday that unemployment fell to twelve percent last year. "
    "Opposition leaders rejected the figure as misleading and called for an inquiry."
)
URL = "https://news.example.org/budget-row"


def _hypothesis(quote: str, prefix: str, suffix: str, **extra) -> dict:
    item = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "id": "https://hypothes.is/a/AbC123xyz",
        "created": "2026-11-20T09:30:00.000000+00:00",
        "modified": "2026-11-20T09:31:00.000000+00:00",
        "creator": "acct:Alice.Checker@hypothes.is",
        "body": [
            {"type": "TextualBody", "value": "ILO data says 11.8%; see the release.", "format": "text/markdown"},
            {"type": "TextualBody", "purpose": "tagging", "value": "Unemployment"},
        ],
        "target": [
            {
                "source": URL,
                "selector": [
                    {"type": "RangeSelector", "startContainer": "/div[1]/p[2]", "endContainer": "/div[1]/p[2]"},
                    {"type": "TextPositionSelector", "start": 3, "end": 9},  # a stale position from the web page
                    {"type": "TextQuoteSelector", "exact": quote, "prefix": prefix, "suffix": suffix},
                ],
            }
        ],
    }
    item.update(extra)
    return item


@pytest.fixture
def article(desk):
    outcome = documents.ingest(desk, SYSTEM, ARTICLE, name="budget.txt", url=URL)
    return documents.get(desk, outcome.document_id)


def test_hypothesis_annotation_lands_on_the_claim(desk, article, tmp_path):
    quote = "unemployment fell to twelve percent last year"
    path = write(tmp_path, "hypothesis.jsonld", [_hypothesis(quote, "said on Tuesday that ", ". Opposition leaders")])
    report = exchange.import_file(desk, SYSTEM, path)
    assert report.format == "webannotation" and not report.orphans
    assert report.created["annotation"] == 2 and report.created["reviewer"] == 1
    start = article.text.index(quote)
    claim = next(c for c in claims.for_document(desk, article.id) if c.start <= start and c.end >= start + len(quote))
    got = {a.type: a for a in annotations.for_claim(desk, claim.id)}
    assert got["context"].note == "ILO data says 11.8%; see the release." and got["context"].author == "alice.checker"
    assert got["tag"].tag == "unemployment"
    assert exchange.import_file(desk, SYSTEM, path).changed == 0  # idempotent


def test_web_annotation_quote_reanchors_or_orphans(desk, article, tmp_path):
    moved = _hypothesis("unemployment fell to 12 percent last year", "said on Tuesday that ", ". Opposition")
    moved["id"] = "https://example.org/anno/1"
    gone = _hypothesis("inflation doubled in the capital", "mayor said ", " on Friday")
    gone["id"] = "https://example.org/anno/2"
    elsewhere = _hypothesis("anything", "", "")
    elsewhere["id"] = "https://example.org/anno/3"
    elsewhere["target"][0]["source"] = "https://unknown.example.org/"
    report = exchange.import_file(
        desk, SYSTEM, write(tmp_path, "page.json", {"type": "AnnotationPage", "items": [moved, gone, elsewhere]})
    )
    assert len(report.reanchored) == 1 and "score 0." in report.reanchored[0]
    assert len(report.orphans) == 2
    assert any("anno/2" in o and "quote not found" in o for o in report.orphans)
    assert any("anno/3" in o and "no document" in o for o in report.orphans)


def test_own_webannotation_export_reimports_without_duplicates(demo_desk, tmp_path):
    from tests.test_export_json import export_text

    path = write(tmp_path, "anno.jsonld", export_text(demo_desk, "webannotation"))
    before = events(demo_desk)
    report = exchange.import_file(demo_desk, SYSTEM, path)
    assert not report.orphans and report.created["claim"] == 0
    assert report.changed == 0 and events(demo_desk) == before


def test_web_annotation_verdict_sets_the_claims_verdict(desk, article, tmp_path):
    quote = "unemployment fell to twelve percent last year"
    item = _hypothesis(quote, "said on Tuesday that ", ". Opposition", motivation="assessing")
    item["body"] = [{"type": "TextualBody", "purpose": "assessing", "value": "Mostly false"}]
    exchange.import_file(desk, SYSTEM, write(tmp_path, "verdict.json", item))
    rows = queue.page(desk, exchange.ExportFilter(verdict="Mostly false")).rows
    assert len(rows) == 1 and rows[0].status == "needs_second_review"
    claim_anns = annotations.for_claim(desk, rows[0].id)
    assert [a.verdict for a in claim_anns if a.type == "verdict"] == ["Mostly false"]


def test_annotations_added_after_import_keep_working(demo_desk, target, tmp_path):
    people = make_people(target)
    exchange.import_file(target, SYSTEM, write(tmp_path, "set.json", export_json(demo_desk)))
    row = queue.page(target, exchange.ExportFilter(verdict="Half true")).rows[0]
    annotations.add(
        target, people["reviewer"], row.id, AnnotationForm(type="comment", note="Imported claims are live.")
    )
    claims.set_status(
        target, people["editor"], row.id, "in_review", expected_version=claims.get(target, row.id).version
    )
