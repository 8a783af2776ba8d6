"""Import: round trip, idempotence, one transaction per file, audit per entity, Web Annotations from other
tools (Hypothesis), re-anchoring quotes on changed text (standards §1), clear errors for malformed files."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotate.imports.anchor import anchor
from annotate.schemas import AnnotationForm
from annotate.services import SYSTEM, annotations, claims, documents, exchange, matching, narratives, queue
from annotate.services.desk import Desk
from annotate.services.errors import InvalidInput, PermissionDenied
from db.matching_models import ClaimLink
from db.models import Annotation, AuditEvent, Claim, Document
from tests.conftest import BACKENDS, _fresh_url, make_people
from tests.test_export_json import export_json, export_text, run_cli


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
    note["version"] += 1  # an edit elsewhere moves the row version on there
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


# ---- row versions: a re-import never silently undoes a newer edit --------------------------------


def _annotation_id(desk, uid: str) -> int:
    with desk.read() as session:
        return session.scalar(select(Annotation.id).where(Annotation.uid == uid))


def test_annotation_edited_after_export_is_kept_on_reimport(demo_desk, tmp_path):
    data = export_json(demo_desk)
    exported = next(a for c in data["claims"] for a in c["annotations"] if a["type"] == "context")
    row_id = _annotation_id(demo_desk, exported["uid"])
    annotations.edit(
        demo_desk, SYSTEM, row_id, AnnotationForm(type="context", note="Corrected after the export."),
        expected_version=exported["version"],
    )  # fmt: skip
    report = exchange.import_file(demo_desk, SYSTEM, write(tmp_path, "stale.json", data))
    assert report.changed == 0
    [warning] = report.warnings
    assert exported["uid"] in warning and "is newer than the file's" in warning and "kept this desk's copy" in warning
    kept = next(a for a in annotations.for_claim(demo_desk, _claim_id(demo_desk, exported)) if a.id == row_id)
    assert kept.note == "Corrected after the export."


def test_edits_on_both_sides_keep_ours_and_say_so(demo_desk, tmp_path):
    data = export_json(demo_desk)
    exported = next(a for c in data["claims"] for a in c["annotations"] if a["type"] == "context")
    row_id = _annotation_id(demo_desk, exported["uid"])
    annotations.edit(
        demo_desk, SYSTEM, row_id, AnnotationForm(type="context", note="Our edit."),
        expected_version=exported["version"],
    )  # fmt: skip
    # Their edit is later by the clock, but started from the version we both had: it has not seen ours.
    exported["note"], exported["updated_at"] = "Their edit.", "2099-01-01T00:00:00.000000Z"
    exported["version"] += 1
    report = exchange.import_file(demo_desk, SYSTEM, write(tmp_path, "theirs.json", data))
    assert report.changed == 0 and any("edited on both sides" in w for w in report.warnings)
    kept = next(a for a in annotations.for_claim(demo_desk, _claim_id(demo_desk, exported)) if a.id == row_id)
    assert kept.note == "Our edit."


def _claim_id(desk, annotation: dict) -> int:
    with desk.read() as session:
        return session.scalar(select(Annotation.claim_id).where(Annotation.uid == annotation["uid"]))


# ---- claim links and narratives ------------------------------------------------------------------


def claim_ids(desk, *uids: str) -> list[int]:
    with desk.read() as session:
        found = dict(session.execute(select(Claim.uid, Claim.id).where(Claim.uid.in_(uids))).all())
    return [found.get(uid) for uid in uids]


def test_links_and_narratives_round_trip_into_an_empty_desk(demo_desk, target, tmp_path):
    # A rejected match and a detached member travel too: they are reviewers' decisions.
    data = export_json(demo_desk)
    story = narratives.list_all(demo_desk)[0]
    linked = {(link["claim_a"], link["claim_b"]) for link in data["claim_links"]}
    first, second = next(
        (a["uid"], b["uid"])
        for a in data["claims"]
        for b in data["claims"]
        if a["document"] < b["document"] and {(a["uid"], b["uid"]), (b["uid"], a["uid"])}.isdisjoint(linked)
    )
    wrong = matching.link(demo_desk, SYSTEM, *claim_ids(demo_desk, first, second), reason="looked alike")
    matching.unlink(demo_desk, SYSTEM, wrong.id, "different treaty")
    member = data["narratives"][0]["claims"][-1]["claim"]
    narratives.detach(demo_desk, SYSTEM, story.id, claim_ids(demo_desk, member)[0], reason="about oral assurances")
    original = export_json(demo_desk)
    assert {link["status"] for link in original["claim_links"]} == {"active", "unlinked"}

    report = exchange.import_file(target, SYSTEM, write(tmp_path, "set.json", original))
    assert report.created["claim_link"] == 2 and report.created["narrative"] == 1
    assert report.created["narrative_claim"] == 3 and not report.warnings and not report.orphans
    assert without_time(export_json(target)) == without_time(original)

    manual = next(link for link in original["claim_links"] if link["status"] == "active")
    a, b = claim_ids(target, manual["claim_a"], manual["claim_b"])
    assert [s.claim_id for s in matching.seen_elsewhere(target, a)] == [b]
    [imported] = narratives.list_all(target)
    assert (imported.uid, imported.name, imported.claims) == (story.uid, story.name, 2)  # the detached one stays out
    with target.read() as session:
        kinds = Counter(session.scalars(select(AuditEvent.entity_type).where(AuditEvent.batch_id == report.batch_id)))
    assert kinds["claim_link"] == 2 and kinds["narrative"] == 1 and kinds["narrative_claim"] == 3


def test_reimporting_links_and_narratives_creates_nothing(demo_desk, target, tmp_path):
    path = write(tmp_path, "set.json", export_json(demo_desk))
    exchange.import_file(target, SYSTEM, path)
    before = events(target)
    again = exchange.import_file(target, SYSTEM, path)
    assert again.changed == 0 and events(target) == before
    assert again.unchanged["claim_link"] == 1 and again.unchanged["narrative_claim"] == 3
    jsonl = write(tmp_path, "set.jsonl", export_text(demo_desk, "jsonl"))  # the same set, line by line
    assert exchange.import_file(target, SYSTEM, jsonl).changed == 0 and events(target) == before
    with target.read() as session:
        assert session.scalar(select(func.count(ClaimLink.id))) == 1


def test_a_narrative_joined_by_name_is_reported_once_not_on_every_reimport(demo_desk, target, tmp_path):
    data = export_json(demo_desk)
    [story] = data["narratives"]
    narratives.create(target, SYSTEM, story["name"])  # the same talking point, started on this desk
    path = write(tmp_path, "set.json", data)
    first = exchange.import_file(target, SYSTEM, path)
    assert first.warnings == [f"narrative {story['uid']}: joined to this desk's narrative {story['name']!r}"]
    assert first.created["narrative_claim"] == 3 and "narrative" not in first.created
    again = exchange.import_file(target, SYSTEM, path)
    assert again.changed == 0 and again.warnings == []


def test_a_link_unlinked_at_the_source_is_unlinked_here_on_reimport(demo_desk, target, tmp_path):
    exchange.import_file(target, SYSTEM, write(tmp_path, "before.json", export_json(demo_desk)))
    [link] = export_json(demo_desk)["claim_links"]
    with demo_desk.read() as session:
        link_id = session.scalar(select(ClaimLink.id).where(ClaimLink.uid == link["uid"]))
    matching.unlink(demo_desk, SYSTEM, link_id, "different initiatives after all")
    report = exchange.import_file(target, SYSTEM, write(tmp_path, "after.json", export_json(demo_desk)))
    assert report.updated["claim_link"] == 1 and report.changed == 1
    a, _ = claim_ids(target, link["claim_a"], link["claim_b"])
    assert matching.seen_elsewhere(target, a) == []
    # The older file again: this desk's unlinking is newer and stays.
    stale = exchange.import_file(target, SYSTEM, write(tmp_path, "before.json", export_json(demo_desk)))
    assert stale.changed == 0


def test_a_link_to_an_unknown_claim_is_refused_and_nothing_lands(demo_desk, target, tmp_path):
    data = export_json(demo_desk)
    stranger = str(uuid.uuid4())
    data["claim_links"][0]["claim_b"] = stranger
    path = write(tmp_path, "dangling.json", data)
    before = events(target)
    with pytest.raises(InvalidInput) as caught:
        exchange.import_file(target, SYSTEM, path)
    assert str(caught.value) == (
        f"{path}: claim_links.0: link {data['claim_links'][0]['uid']} names claim {stranger}, "
        "which is neither in the file nor on this desk"
    )
    assert events(target) == before and documents.count(target) == 0


def test_a_relation_may_name_a_claim_already_on_this_desk(demo_desk, tmp_path):
    whole = export_json(demo_desk)
    [link] = whole["claim_links"]
    doc = next(c["document"] for c in whole["claims"] if c["uid"] == link["claim_b"])
    part = export_json(demo_desk, exchange.ExportFilter(document_uid=doc))  # claim_a is not in this file
    assert link["claim_a"] not in {c["uid"] for c in part["claims"]}
    part["claim_links"] = [link]
    report = exchange.import_file(demo_desk, SYSTEM, write(tmp_path, "part.json", part))
    assert report.changed == 0 and report.unchanged["claim_link"] == 1


def test_an_export_from_before_relations_still_imports(demo_desk, target, tmp_path):
    old = export_json(demo_desk)
    del old["claim_links"], old["narratives"]
    report = exchange.import_file(target, SYSTEM, write(tmp_path, "old.json", old))
    assert report.created["claim"] == len(old["claims"]) and not report.warnings
    assert "claim_link" not in report.created and narratives.list_all(target) == []
    lines = [json.loads(line) for line in export_text(demo_desk, "jsonl").splitlines()]
    for line in lines:
        del line["claim_links"], line["narratives"]
    jsonl = write(tmp_path, "old.jsonl", "\n".join(json.dumps(line) for line in lines))
    assert exchange.import_file(target, SYSTEM, jsonl).changed == 0


def test_a_small_file_with_narratives_is_still_read_as_json(desk, tmp_path):
    # Narrative members name their claim under "claim": near the top of a small file it must not look like jsonl.
    story = {"uid": str(uuid.uuid4()), "name": "Promises broken", "claims": [{"claim": "not-here"}]}
    data = {"format_version": "1.0", "documents": [], "claims": [], "sources": [], "narratives": [story]}
    path = write(tmp_path, "small.json", data)
    with pytest.raises(InvalidInput) as caught:
        exchange.import_file(desk, SYSTEM, path)
    assert str(caught.value) == (
        f"{path}: narratives.0: narrative {story['uid']} names claim not-here, which is neither in the file nor on "
        "this desk"
    )
