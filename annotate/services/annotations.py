"""Annotations on a claim: provenance, context, counter-sources, verdicts, tags, comments.

Nothing is deleted: withdrawing keeps the row (and its history). Edits name the version the reviewer saw;
a stale one is refused with the other reviewer's change shown. A verdict sets the claim's current verdict
(the previous verdict annotation is withdrawn as superseded) and changing it after approval needs a reason.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from annotate.schemas import RELATIONS, STANCES, AnnotationForm, AnnotationView
from annotate.services import sources as source_service
from annotate.services.claims import change_status_of_row, load_for_update, locked_row
from annotate.services.desk import Desk, Tx
from annotate.services.errors import ConflictError, InvalidInput, NotFound
from annotate.services.permissions import Actor, require
from annotate.services.snapshots import snapshot, snapshot_values
from db.models import Annotation, AuditEvent, Claim, Reviewer, Source, VerdictLabel, new_uid, utcnow

EDITABLE = ("source_id", "relation", "excerpt", "note", "verdict", "confidence", "tag")


view = AnnotationView.from_row


def _validate(tx: Tx, form: AnnotationForm) -> None:
    kind = form.type
    if kind == "provenance" and form.relation not in RELATIONS:
        raise InvalidInput(f"provenance needs a relation: one of {', '.join(RELATIONS)}")
    if kind == "counter_source" and form.relation not in STANCES:
        raise InvalidInput(f"a counter-source needs a stance: one of {', '.join(STANCES)}")
    if kind in ("provenance", "counter_source") and form.source_id is None and form.new_source is None:
        raise InvalidInput(f"{kind.replace('_', '-')} needs a source: pick one from the library or create one")
    if kind in ("context", "comment") and not (form.note or "").strip():
        raise InvalidInput(f"a {kind} note cannot be empty")
    if kind == "tag" and not (form.tag or "").strip():
        raise InvalidInput("a tag cannot be empty")
    if kind == "verdict":
        labels = set(tx.session.scalars(select(VerdictLabel.label).where(VerdictLabel.active.is_(True))))
        if form.verdict not in labels:
            raise InvalidInput(f"verdict must be one of the scale's labels: {', '.join(sorted(labels))}")


def add(desk: Desk, actor: Actor, claim_id: int, form: AnnotationForm, *, reason: str | None = None) -> AnnotationView:
    require(actor, "annotate")
    with desk.write(actor) as tx:
        # Core statements, not the ORM: this is the save every reviewer makes all day, and all of it runs
        # inside the write lock the other writers queue for (see claims.locked_row).
        claim = locked_row(tx, claim_id)
        _validate(tx, form)
        source_id = form.source_id
        if form.new_source is not None:
            source_id = source_service.create_in(tx, form.new_source).id
        values = _new_row(form, claim_id, source_id, actor.id)
        values["id"] = tx.session.connection().execute(_INSERT, values).inserted_primary_key[0]
        after = snapshot_values(Annotation, values)
        tx.record("annotation.add", "annotation", values["id"], after=after, claim_id=claim_id)
        if form.type == "verdict":
            _apply_verdict(tx, tx.session.get(Claim, claim_id), values["id"], values["verdict"], reason)
        elif claim["status"] == "new":
            change_status_of_row(tx, claim, "in_review")
        source = tx.session.get(Source, source_id) if source_id is not None else None
        values |= {"author": actor.username, "source": source}
    # Validated after the commit: every write waits for this one to finish, so it holds the lock no longer
    # than the rows need.
    return AnnotationView.model_validate(values)


_INSERT = Annotation.__table__.insert()


def _new_row(form: AnnotationForm, claim_id: int, source_id: int | None, author_id: int) -> dict:
    """Every column of a new annotation, defaults included, as the ORM would have filled them."""
    now = utcnow()
    return {
        "uid": new_uid(),
        "claim_id": claim_id,
        "type": form.type,
        "source_id": source_id,
        "relation": form.relation,
        "excerpt": form.excerpt or None,
        "note": form.note or None,
        "verdict": form.verdict if form.type == "verdict" else None,
        "confidence": form.confidence,
        "tag": (form.tag or "").strip().lower() or None if form.type == "tag" else None,
        "parent_id": form.parent_id,
        "author_id": author_id,
        "created_at": now,
        "updated_at": now,
        "withdrawn": False,
        "withdrawn_reason": None,
        "version": 1,
    }


def _apply_verdict(tx: Tx, claim: Claim, annotation_id: int, verdict: str, reason: str | None) -> None:
    if claim.status == "approved" and not (reason or "").strip():
        raise InvalidInput("this claim is approved: changing its verdict needs a reason")
    for previous in tx.session.scalars(
        select(Annotation).where(
            Annotation.claim_id == claim.id,
            Annotation.type == "verdict",
            Annotation.withdrawn.is_(False),
            Annotation.id != annotation_id,
        )
    ):
        _withdraw(tx, previous, f"superseded by verdict #{annotation_id}")
    before = snapshot(claim)
    claim.verdict, claim.verdict_by_id = verdict, tx.actor.id
    if claim.status in ("approved", "new", "in_review"):
        claim.status = "needs_second_review"
    tx.session.flush()
    tx.record(
        "claim.verdict",
        "claim",
        claim.id,
        before=before,
        after=snapshot(claim),
        claim_id=claim.id,
        reason=reason,
    )


def _load(tx: Tx, annotation_id: int, expected_version: int | None) -> Annotation:
    claim_id = tx.session.scalar(select(Annotation.claim_id).where(Annotation.id == annotation_id))
    if claim_id is None:
        raise NotFound(f"no annotation #{annotation_id}")
    # Always claim first, then annotation: one lock order for every writer, so no deadlocks.
    load_for_update(tx, claim_id, None)
    annotation = tx.session.get(Annotation, annotation_id, with_for_update=True, populate_existing=True)
    if expected_version is not None and annotation.version != expected_version:
        raise ConflictError(
            f"annotation #{annotation_id} was changed by another reviewer since you opened it (you saw version "
            f"{expected_version}, it is now {annotation.version}); nothing was saved",
            current=view(annotation),
        )
    if annotation.author_id != tx.actor.id:
        require(tx.actor, "annotation.edit_others")
    return annotation


def edit(
    desk: Desk,
    actor: Actor,
    annotation_id: int,
    form: AnnotationForm,
    *,
    expected_version: int,
    reason: str | None = None,
) -> AnnotationView:
    require(actor, "annotate")
    with desk.write(actor) as tx:
        annotation = _load(tx, annotation_id, expected_version)
        if annotation.withdrawn:
            raise InvalidInput("a withdrawn annotation cannot be edited; revert it or add a new one")
        if form.type != annotation.type:
            raise InvalidInput("an annotation's type cannot change; withdraw it and add a new one")
        _validate(tx, form)
        if form.new_source is not None:
            form = form.model_copy(update={"source_id": source_service.create_in(tx, form.new_source).id})
        _apply_fields(tx, annotation, {k: getattr(form, k) for k in EDITABLE}, "annotation.edit", reason)
        return view(annotation)


def _apply_fields(tx: Tx, annotation: Annotation, values: dict, action: str, reason: str | None) -> None:
    before = snapshot(annotation)
    for key, value in values.items():
        if key == "verdict" and annotation.type != "verdict":
            continue
        setattr(annotation, key, value)
    annotation.updated_at = utcnow()
    tx.session.flush()
    tx.record(
        action,
        "annotation",
        annotation.id,
        before=before,
        after=snapshot(annotation),
        claim_id=annotation.claim_id,
        reason=reason,
    )
    if annotation.type == "verdict" and not annotation.withdrawn:
        claim = tx.session.get(Claim, annotation.claim_id)
        if claim.verdict != annotation.verdict:
            _apply_verdict(tx, claim, annotation.id, annotation.verdict, reason)


def withdraw(
    desk: Desk, actor: Actor, annotation_id: int, *, expected_version: int, reason: str | None = None
) -> AnnotationView:
    require(actor, "annotate")
    with desk.write(actor) as tx:
        annotation = _load(tx, annotation_id, expected_version)
        if annotation.withdrawn:
            raise InvalidInput("this annotation is already withdrawn")
        claim = tx.session.get(Claim, annotation.claim_id)
        if annotation.type == "verdict" and claim.status == "approved" and not (reason or "").strip():
            raise InvalidInput("this claim is approved: withdrawing its verdict needs a reason")
        _withdraw(tx, annotation, reason)
        if annotation.type == "verdict" and claim.verdict is not None:
            before = snapshot(claim)
            claim.verdict, claim.verdict_by_id = None, None
            if claim.status in ("needs_second_review", "approved"):
                claim.status = "in_review"
            tx.session.flush()
            tx.record(
                "claim.verdict",
                "claim",
                claim.id,
                before=before,
                after=snapshot(claim),
                claim_id=claim.id,
                reason=reason,
            )
        return view(annotation)


def _withdraw(tx: Tx, annotation: Annotation, reason: str | None) -> None:
    before = snapshot(annotation)
    annotation.withdrawn = True
    annotation.withdrawn_reason = (reason or "").strip() or None
    annotation.updated_at = utcnow()
    tx.session.flush()
    tx.record(
        "annotation.withdraw",
        "annotation",
        annotation.id,
        before=before,
        after=snapshot(annotation),
        claim_id=annotation.claim_id,
        reason=reason,
    )


def revert(desk: Desk, actor: Actor, annotation_id: int, to_seq: int, *, expected_version: int) -> AnnotationView:
    """Bring an annotation back to the state an earlier event recorded; itself a new event."""
    require(actor, "annotate")
    with desk.write(actor) as tx:
        annotation = _load(tx, annotation_id, expected_version)
        event = tx.session.get(AuditEvent, to_seq)
        if event is None or event.entity_type != "annotation" or event.entity_id != str(annotation_id):
            raise InvalidInput(f"event #{to_seq} is not a version of annotation #{annotation_id}")
        state = json.loads(event.after or "{}")
        values = {key: state.get(key) for key in EDITABLE}
        values["withdrawn"] = bool(state.get("withdrawn"))
        values["withdrawn_reason"] = state.get("withdrawn_reason")
        _apply_fields(tx, annotation, values, "annotation.revert", f"reverted to the state of event #{to_seq}")
        return view(annotation)


def for_claim(desk: Desk, claim_id: int, *, include_withdrawn: bool = True) -> list[AnnotationView]:
    with desk.read() as session:
        query = (
            select(Annotation)
            .where(Annotation.claim_id == claim_id)
            .options(selectinload(Annotation.author), selectinload(Annotation.source))
            .order_by(Annotation.created_at, Annotation.id)
        )
        if not include_withdrawn:
            query = query.where(Annotation.withdrawn.is_(False))
        return [view(a) for a in session.scalars(query)]


def reviewer_name(desk: Desk, reviewer_id: int | None) -> str | None:
    if reviewer_id is None:
        return None
    with desk.read() as session:
        return session.scalar(select(Reviewer.username).where(Reviewer.id == reviewer_id))
