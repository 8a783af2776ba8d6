"""The service layer as a reviewer uses it: annotate, set verdicts, approve, with permissions enforced."""

from __future__ import annotations

import json

import pytest

from annotate.audit.chain import format_time
from annotate.schemas import AnnotationForm, ClaimForm, SourceForm
from annotate.services import annotations, audit, claims, documents, reviewers, sources
from annotate.services.errors import ConflictError, InvalidInput, NotFound, PermissionDenied
from annotate.services.snapshots import snapshot
from db.models import Annotation, Claim

ARTICLE = (
    "Lavrov says the West broke its promises\n\n"
    "MOSCOW, March 3. /TASS/. The West has repeatedly broken its promises, Russian Foreign Minister "
    "Sergei Lavrov said on Thursday.\n\n"
    "\"We prepared a draft treaty in 2009 and heard 'Forget about it'\", he said.\n"
)


@pytest.fixture
def claim_id(desk, people):
    outcome = documents.ingest(desk, people["editor"], ARTICLE, name="lavrov.txt")
    assert outcome.status == "added" and outcome.claims >= 2
    return claims.for_document(desk, outcome.document_id)[0].id


def test_ingest_stores_the_same_content_once(desk, people):
    first = documents.ingest(desk, people["editor"], ARTICLE, name="a.txt")
    again = documents.ingest(desk, people["editor"], "  " + ARTICLE.replace("\n\n", "\n\n\n"), name="b.txt")
    assert again.status == "duplicate" and again.document_id == first.document_id
    assert documents.count(desk) == 1


def test_viewer_cannot_write_and_reviewer_cannot_ingest(desk, people, claim_id):
    with pytest.raises(PermissionDenied):
        annotations.add(desk, people["viewer"], claim_id, AnnotationForm(type="comment", note="hi"))
    with pytest.raises(PermissionDenied):
        documents.ingest(desk, people["reviewer"], "Another article entirely, said nobody.", name="x.txt")
    with pytest.raises(PermissionDenied):
        reviewers.create(desk, people["editor"], "newbie", "long enough password")


def test_full_review_workflow_needs_a_second_reviewer(desk, people, claim_id):
    ana, bob = people["reviewer"], people["reviewer2"]
    src = sources.create(
        desk,
        ana,
        SourceForm(title="Draft European Security Treaty", url="https://example.org/t", kind="primary_document"),
    )
    annotations.add(desk, ana, claim_id, AnnotationForm(type="provenance", source_id=src.id, relation="primary_source"))
    assert claims.get(desk, claim_id).status == "in_review"
    annotations.add(desk, ana, claim_id, AnnotationForm(type="verdict", verdict="Mostly true", note="checked"))
    claim = claims.get(desk, claim_id)
    assert (claim.verdict, claim.status) == ("Mostly true", "needs_second_review")
    with pytest.raises(PermissionDenied, match="second reviewer"):
        claims.set_status(desk, ana, claim_id, "approved", expected_version=claim.version)
    approved = claims.set_status(desk, bob, claim_id, "approved", expected_version=claim.version)
    assert approved.status == "approved"
    with pytest.raises(InvalidInput, match="reason"):
        annotations.add(desk, bob, claim_id, AnnotationForm(type="verdict", verdict="False"))
    annotations.add(desk, bob, claim_id, AnnotationForm(type="verdict", verdict="False"), reason="new evidence")
    claim = claims.get(desk, claim_id)
    assert (claim.verdict, claim.status) == ("False", "needs_second_review")
    verdicts = [a for a in annotations.for_claim(desk, claim_id) if a.type == "verdict"]
    assert [(v.verdict, v.withdrawn) for v in verdicts] == [("Mostly true", True), ("False", False)]
    timeline = audit.claim_timeline(desk, claim_id)
    assert any(e.action == "claim.verdict" and e.reason == "new evidence" for e in timeline)


def test_a_saved_annotation_and_its_status_change_are_logged_as_stored(desk, people, claim_id):
    """The save path writes with Core statements; its events must hold what the ORM reads back."""
    src = sources.create(desk, people["reviewer"], SourceForm(title="TASS wire", url="https://tass.com/x"))
    form = AnnotationForm(type="provenance", source_id=src.id, relation="quoted_from", excerpt="as TASS put it")
    saved = annotations.add(desk, people["reviewer"], claim_id, form)
    assert (saved.source.title, saved.author, saved.version) == ("TASS wire", "reviewer1", 1)
    events = {e.action: e for e in audit.claim_timeline(desk, claim_id)}
    with desk.read() as session:
        stored_annotation = snapshot(session.get(Annotation, saved.id))
        stored_claim = snapshot(session.get(Claim, claim_id))
    assert json.loads(events["annotation.add"].after) == stored_annotation
    moved = events["claim.status.in_review"]
    assert json.loads(moved.after) == stored_claim
    assert json.loads(moved.before) == stored_claim | {
        "status": "new",
        "version": stored_claim["version"] - 1,
        "updated_at": json.loads(moved.before)["updated_at"],
    }
    read_back = annotations.for_claim(desk, claim_id)[0]
    times = {"created_at", "updated_at"}  # SQLite hands them back without their (UTC) zone
    assert read_back.model_dump(exclude=times) == saved.model_dump(exclude=times)
    assert format_time(read_back.created_at) == format_time(saved.created_at)


def test_a_save_on_a_missing_claim_is_refused_and_writes_nothing(desk, people):
    before = audit.verify(desk).head_seq
    with pytest.raises(NotFound, match="no claim #999"):
        annotations.add(desk, people["reviewer"], 999, AnnotationForm(type="comment", note="hello"))
    assert audit.verify(desk).head_seq == before


def test_unknown_verdict_label_and_empty_note_are_refused(desk, people, claim_id):
    with pytest.raises(InvalidInput, match="scale"):
        annotations.add(desk, people["reviewer"], claim_id, AnnotationForm(type="verdict", verdict="Pants on Fire"))
    with pytest.raises(InvalidInput, match="empty"):
        annotations.add(desk, people["reviewer"], claim_id, AnnotationForm(type="context", note="   "))


def test_javascript_urls_are_refused_in_the_library():
    with pytest.raises(ValueError, match="http"):
        SourceForm(title="x", url="javascript:alert(1)")


def test_withdraw_keeps_the_annotation_in_history(desk, people, claim_id):
    note = annotations.add(desk, people["reviewer"], claim_id, AnnotationForm(type="context", note="wrong"))
    withdrawn = annotations.withdraw(
        desk, people["reviewer"], note.id, expected_version=note.version, reason="duplicate"
    )
    assert withdrawn.withdrawn and withdrawn.withdrawn_reason == "duplicate"
    assert note.id in [a.id for a in annotations.for_claim(desk, claim_id)]
    assert note.id not in [a.id for a in annotations.for_claim(desk, claim_id, include_withdrawn=False)]


def test_only_editors_change_others_annotations(desk, people, claim_id):
    note = annotations.add(desk, people["reviewer"], claim_id, AnnotationForm(type="context", note="ana's"))
    with pytest.raises(PermissionDenied):
        annotations.edit(
            desk,
            people["reviewer2"],
            note.id,
            AnnotationForm(type="context", note="bob's"),
            expected_version=note.version,
        )
    edited = annotations.edit(
        desk, people["editor"], note.id, AnnotationForm(type="context", note="fixed"), expected_version=note.version
    )
    assert edited.note == "fixed"


def test_claims_split_merge_and_reject(desk, people, claim_id):
    editor = people["editor"]
    claim = claims.get(desk, claim_id)
    middle = claim.start + (claim.end - claim.start) // 2
    first, second = claims.split(desk, editor, claim_id, middle, expected_version=claim.version)
    assert first.text + second.text == claim.text
    merged = claims.merge(
        desk, editor, [first.id, second.id], versions={first.id: first.version, second.id: second.version}
    )
    assert merged.text == claim.text
    assert claims.get(desk, second.id).status == "rejected"
    with pytest.raises(PermissionDenied):
        claims.reject(desk, people["reviewer"], merged.id, expected_version=merged.version)
    with pytest.raises(ConflictError):
        claims.reject(desk, editor, merged.id, expected_version=merged.version - 1)


def test_a_reviewer_creates_a_claim_from_a_span(desk, people, claim_id):
    doc_id = claims.get(desk, claim_id).document_id
    text = documents.get(desk, doc_id).text
    start = text.index("The West has")
    made = claims.create(desk, people["reviewer"], doc_id, ClaimForm(start=start, end=start + 12, kind="reported"))
    assert made.text == "The West has"
    with pytest.raises(InvalidInput):
        claims.create(desk, people["reviewer"], doc_id, ClaimForm(start=0, end=len(text) + 5))


def test_sign_in_is_throttled(desk, people):
    assert reviewers.authenticate(desk, "reviewer1", "correct horse battery").username == "reviewer1"
    for _ in range(5):
        with pytest.raises(PermissionDenied, match="wrong password"):
            reviewers.authenticate(desk, "reviewer1", "guess")
    with pytest.raises(PermissionDenied, match="too many"):
        reviewers.authenticate(desk, "reviewer1", "correct horse battery")


def test_first_start_creates_an_admin_once(desk):
    password = reviewers.ensure_admin(desk)
    assert password and reviewers.authenticate(desk, "admin", password).role == "admin"
    assert reviewers.ensure_admin(desk) is None


def test_an_admin_is_created_after_the_demo_too(demo_desk):
    """`make run` loads the demo (two password-less reviewers) before the app's first start."""
    password = reviewers.ensure_admin(demo_desk)
    assert password and reviewers.authenticate(demo_desk, "admin", password).role == "admin"


def test_a_document_summary_is_its_metadata_without_the_text(demo_desk):
    from annotate.services.errors import NotFound

    newest = documents.list_documents(demo_desk, limit=1)[0]
    full = documents.get(demo_desk, newest.id)
    summary = documents.summary(demo_desk, newest.id)
    assert summary == documents.DocumentView.model_validate(full.model_dump())
    assert not hasattr(summary, "text") and summary.title == full.title
    with pytest.raises(NotFound):
        documents.summary(demo_desk, 10**9)
