"""Claims: create from a span, edit, split, merge, reject, and the review workflow.

Workflow: new -> in_review -> needs_second_review -> approved; any -> rejected ("not a claim").
Approval needs a reviewer other than the one who set the verdict; reopening an approved or rejected
claim needs a reason.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from annotate.schemas import ClaimForm, ClaimView
from annotate.services.desk import Desk, Tx
from annotate.services.errors import InvalidInput, NotFound, PermissionDenied
from annotate.services.permissions import Actor, require
from annotate.services.snapshots import snapshot, snapshot_values
from db.models import Annotation, Claim, Document, utcnow

# status -> statuses a claim may move to
TRANSITIONS = {
    "new": {"in_review", "rejected"},
    "in_review": {"new", "needs_second_review", "rejected"},
    "needs_second_review": {"in_review", "approved", "rejected"},
    "approved": {"in_review"},
    "rejected": {"new"},
}


def load_for_update(tx: Tx, claim_id: int, expected_version: int | None) -> Claim:
    return tx.load(Claim, claim_id, expected_version, what="claim", view=ClaimView, lock=True)


def _document_text(session: Session, document_id: int) -> str:
    text = session.scalar(select(Document.text).where(Document.id == document_id))
    if text is None:
        raise NotFound(f"no document #{document_id}")
    return text


def _check_span(text: str, start: int, end: int) -> None:
    if not 0 <= start < end <= len(text):
        raise InvalidInput(f"span {start}-{end} is outside the document (0-{len(text)})")
    if not text[start:end].strip():
        raise InvalidInput("a claim cannot be empty")


def create(desk: Desk, actor: Actor, document_id: int, form: ClaimForm) -> ClaimView:
    require(actor, "claim.create")
    with desk.write(actor) as tx:
        text = _document_text(tx.session, document_id)
        _check_span(text, form.start, form.end)
        claim = Claim(
            document_id=document_id,
            start=form.start,
            end=form.end,
            text=text[form.start : form.end],
            speaker=form.speaker or None,
            kind=form.kind,
            origin="reviewer",
        )
        tx.session.add(claim)
        tx.session.flush()
        tx.record("claim.create", "claim", claim.id, after=snapshot(claim), claim_id=claim.id)
        return ClaimView.model_validate(claim)


def edit(desk: Desk, actor: Actor, claim_id: int, form: ClaimForm, *, expected_version: int) -> ClaimView:
    require(actor, "claim.edit")
    with desk.write(actor) as tx:
        claim = load_for_update(tx, claim_id, expected_version)
        text = _document_text(tx.session, claim.document_id)
        _check_span(text, form.start, form.end)
        before = snapshot(claim)
        claim.start, claim.end, claim.text = form.start, form.end, text[form.start : form.end]
        claim.speaker, claim.kind = form.speaker or None, form.kind
        tx.session.flush()
        tx.record("claim.edit", "claim", claim.id, before=before, after=snapshot(claim), claim_id=claim.id)
        return ClaimView.model_validate(claim)


def split(desk: Desk, actor: Actor, claim_id: int, at: int, *, expected_version: int) -> list[ClaimView]:
    """Split at a document offset inside the claim; annotations stay with the first part."""
    require(actor, "claim.split_merge")
    with desk.write(actor) as tx:
        claim = load_for_update(tx, claim_id, expected_version)
        if not claim.start < at < claim.end:
            raise InvalidInput(f"split point {at} is not inside the claim ({claim.start}-{claim.end})")
        text = _document_text(tx.session, claim.document_id)
        before = snapshot(claim)
        second = Claim(
            document_id=claim.document_id,
            start=at,
            end=claim.end,
            text=text[at : claim.end],
            speaker=claim.speaker,
            speaker_mention=claim.speaker_mention,
            cue=claim.cue,
            kind=claim.kind,
            checkworthiness=claim.checkworthiness,
            reasons=list(claim.reasons),
            origin="split",
        )
        claim.end, claim.text = at, text[claim.start : at]
        tx.session.add(second)
        tx.session.flush()
        tx.record("claim.split", "claim", claim.id, before=before, after=snapshot(claim), claim_id=claim.id)
        tx.record(
            "claim.create",
            "claim",
            second.id,
            after=snapshot(second),
            claim_id=second.id,
            reason=f"split from claim #{claim.id}",
        )
        return [ClaimView.model_validate(claim), ClaimView.model_validate(second)]


def merge(desk: Desk, actor: Actor, claim_ids: list[int], *, versions: dict[int, int]) -> ClaimView:
    """Merge claims of one document into the first; the others are rejected as merged and their
    annotations move to the survivor."""
    require(actor, "claim.split_merge")
    if len(set(claim_ids)) < 2:
        raise InvalidInput("merge needs at least two claims")
    with desk.write(actor) as tx:
        # Lock in id order, as every writer does, so two merges cannot deadlock each other.
        locked = [load_for_update(tx, cid, versions.get(cid)) for cid in sorted(set(claim_ids))]
        claims = sorted(locked, key=lambda c: c.start)
        if len({c.document_id for c in claims}) != 1:
            raise InvalidInput("only claims of the same document can be merged")
        keep, others = claims[0], claims[1:]
        text = _document_text(tx.session, keep.document_id)
        before = snapshot(keep)
        keep.end = max(c.end for c in claims)
        keep.text = text[keep.start : keep.end]
        for other in others:
            other_before = snapshot(other)
            other.status = "rejected"
            for annotation in tx.session.scalars(select(Annotation).where(Annotation.claim_id == other.id)):
                ann_before = snapshot(annotation)
                annotation.claim_id = keep.id
                tx.session.flush()
                tx.record(
                    "annotation.move",
                    "annotation",
                    annotation.id,
                    before=ann_before,
                    after=snapshot(annotation),
                    claim_id=keep.id,
                )
            tx.session.flush()
            tx.record(
                "claim.merge",
                "claim",
                other.id,
                before=other_before,
                after=snapshot(other),
                claim_id=other.id,
                reason=f"merged into claim #{keep.id}",
            )
        tx.session.flush()
        tx.record(
            "claim.merge",
            "claim",
            keep.id,
            before=before,
            after=snapshot(keep),
            claim_id=keep.id,
            reason="merged " + ", ".join(f"#{o.id}" for o in others),
        )
        return ClaimView.model_validate(keep)


def set_status(
    desk: Desk, actor: Actor, claim_id: int, status: str, *, expected_version: int, reason: str | None = None
) -> ClaimView:
    with desk.write(actor) as tx:
        claim = load_for_update(tx, claim_id, expected_version)
        change_status(tx, claim, status, reason=reason)
        return ClaimView.model_validate(claim)


def change_status(tx: Tx, claim: Claim, status: str, *, reason: str | None = None) -> None:
    if status == claim.status:
        return
    reason = _check_transition(tx.actor, claim.status, status, claim.verdict, claim.verdict_by_id, reason)
    before = snapshot(claim)
    claim.status = status
    tx.session.flush()
    _record_move(tx, claim.id, status, before, snapshot(claim), reason)


def _record_move(tx: Tx, claim_id: int, status: str, before: dict, after: dict, reason: str | None) -> None:
    tx.record(f"claim.status.{status}", "claim", claim_id, before=before, after=after, claim_id=claim_id, reason=reason)


def _check_transition(
    actor: Actor, current: str, status: str, verdict: str | None, verdict_by_id: int | None, reason: str | None
) -> str | None:
    """Refuse a move the workflow does not allow; the reason, stripped, when it does."""
    if status not in TRANSITIONS.get(current, set()):
        raise InvalidInput(f"a claim cannot go from {current} to {status}")
    reason = (reason or "").strip() or None
    if status == "rejected":
        require(actor, "claim.reject")
    elif current in ("approved", "rejected"):
        require(actor, "claim.reopen")
        if not reason:
            raise InvalidInput(f"reopening a {current} claim needs a reason")
    elif status == "approved":
        require(actor, "claim.approve")
        if verdict is None:
            raise InvalidInput("a claim needs a verdict before it can be approved")
        if verdict_by_id is not None and verdict_by_id == actor.id:
            raise PermissionDenied("approval needs a second reviewer: you set this verdict")
    elif status == "needs_second_review" and verdict is None:
        raise InvalidInput("set a verdict before asking for a second review")
    else:
        require(actor, "claim.status")
    return reason


# The hot save path (an annotation on a claim) reads and moves the claim with Core statements: the ORM's
# load and flush were two thirds of a save, all of it inside the write lock that every other writer waits for.
# The statements are built once, with bound parameters: SQLAlchemy then finds them compiled in its cache
# without deriving a cache key from a new statement on every call.
_CLAIMS = Claim.__table__
_LOCKED_ROW = select(_CLAIMS).where(_CLAIMS.c.id == bindparam("claim_id")).with_for_update()
_MOVE = (
    update(_CLAIMS)
    .where(_CLAIMS.c.id == bindparam("claim_id"), _CLAIMS.c.version == bindparam("seen"))
    .values(status=bindparam("status"), version=bindparam("version"), updated_at=bindparam("updated_at"))
)


def locked_row(tx: Tx, claim_id: int) -> dict:
    """The claim's columns by name, row-locked on PostgreSQL (SQLite's BEGIN IMMEDIATE serialises writers)."""
    row = tx.session.connection().execute(_LOCKED_ROW, {"claim_id": claim_id}).mappings().first()
    if row is None:
        raise NotFound(f"no claim #{claim_id}")
    return dict(row)


def change_status_of_row(tx: Tx, row: dict, status: str, *, reason: str | None = None) -> None:
    """change_status() for a claim read with locked_row(); `row` is updated in place."""
    if status == row["status"]:
        return
    reason = _check_transition(tx.actor, row["status"], status, row["verdict"], row["verdict_by_id"], reason)
    before = snapshot_values(Claim, row)
    changed = {"status": status, "version": row["version"] + 1, "updated_at": utcnow()}
    moved = tx.session.connection().execute(_MOVE, {"claim_id": row["id"], "seen": row["version"], **changed})
    if moved.rowcount != 1:  # the version check of the ORM's own UPDATE
        raise StaleDataError(f"claim #{row['id']} changed under this transaction")
    row.update(changed)
    _record_move(tx, row["id"], status, before, snapshot_values(Claim, row), reason)


def reject(desk: Desk, actor: Actor, claim_id: int, *, expected_version: int, reason: str | None = None):
    return set_status(
        desk, actor, claim_id, "rejected", expected_version=expected_version, reason=reason or "not a claim"
    )


def assign(desk: Desk, actor: Actor, claim_id: int, assignee_id: int | None, *, expected_version: int) -> ClaimView:
    require(actor, "claim.assign")
    with desk.write(actor) as tx:
        claim = load_for_update(tx, claim_id, expected_version)
        before = snapshot(claim)
        claim.assignee_id = assignee_id
        tx.session.flush()
        tx.record("claim.assign", "claim", claim.id, before=before, after=snapshot(claim), claim_id=claim.id)
        return ClaimView.model_validate(claim)


def get(desk: Desk, claim_id: int) -> ClaimView:
    with desk.read() as session:
        claim = session.get(Claim, claim_id)
        if claim is None:
            raise NotFound(f"no claim #{claim_id}")
        return ClaimView.model_validate(claim)


def for_document(desk: Desk, document_id: int) -> list[ClaimView]:
    with desk.read() as session:
        rows = session.scalars(select(Claim).where(Claim.document_id == document_id).order_by(Claim.start))
        return [ClaimView.model_validate(c) for c in rows]
