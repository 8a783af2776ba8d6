"""The source library: reusable evidence (primary documents, transcripts, reports, fact-checks, data)."""

from __future__ import annotations

import hashlib

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from annotate.schemas import AnnotationView, SourceForm, SourceView
from annotate.services.desk import Desk, Tx
from annotate.services.errors import InvalidInput, NotFound
from annotate.services.permissions import Actor, require
from annotate.services.snapshots import snapshot
from db.models import Annotation, Source


def _digest(form: SourceForm) -> str | None:
    body = form.archived_copy or form.excerpt
    return hashlib.sha256(body.encode("utf-8")).hexdigest() if body else None


def create_in(tx: Tx, form: SourceForm) -> Source:
    """Create inside a caller's unit of work (an annotation that brings a new source)."""
    require(tx.actor, "source.edit")
    source = Source(**form.model_dump(), sha256=_digest(form), created_by_id=tx.actor.id)
    tx.session.add(source)
    tx.session.flush()
    tx.record("source.create", "source", source.id, after=snapshot(source))
    return source


def create(desk: Desk, actor: Actor, form: SourceForm) -> SourceView:
    with desk.write(actor) as tx:
        return SourceView.model_validate(create_in(tx, form))


def _load(tx: Tx, source_id: int, expected_version: int | None) -> Source:
    return tx.load(Source, source_id, expected_version, what="source", view=SourceView)


def edit(desk: Desk, actor: Actor, source_id: int, form: SourceForm, *, expected_version: int) -> SourceView:
    require(actor, "source.edit")
    with desk.write(actor) as tx:
        source = _load(tx, source_id, expected_version)
        before = snapshot(source)
        for key, value in form.model_dump().items():
            setattr(source, key, value)
        source.sha256 = _digest(form)
        tx.session.flush()
        tx.record("source.edit", "source", source.id, before=before, after=snapshot(source))
        return SourceView.model_validate(source)


def merge(desk: Desk, actor: Actor, duplicate_id: int, into_id: int) -> SourceView:
    """Point every annotation citing the duplicate at the kept source; the duplicate stays, marked."""
    require(actor, "source.merge")
    if duplicate_id == into_id:
        raise InvalidInput("a source cannot be merged into itself")
    with desk.write(actor) as tx:
        duplicate, keep = _load(tx, duplicate_id, None), _load(tx, into_id, None)
        if keep.merged_into_id is not None:
            raise InvalidInput(f"source #{into_id} was itself merged into #{keep.merged_into_id}")
        for annotation in tx.session.scalars(select(Annotation).where(Annotation.source_id == duplicate.id)):
            before = snapshot(annotation)
            annotation.source_id = keep.id
            tx.session.flush()
            tx.record(
                "annotation.resource",
                "annotation",
                annotation.id,
                before=before,
                after=snapshot(annotation),
                claim_id=annotation.claim_id,
                reason=f"source #{duplicate.id} merged into #{keep.id}",
            )
        before = snapshot(duplicate)
        duplicate.merged_into_id = keep.id
        tx.session.flush()
        tx.record("source.merge", "source", duplicate.id, before=before, after=snapshot(duplicate))
        return SourceView.model_validate(keep)


def search(desk: Desk, query: str = "", *, limit: int = 50, include_merged: bool = False) -> list[SourceView]:
    with desk.read() as session:
        stmt = select(Source).order_by(Source.title).limit(limit)
        if not include_merged:
            stmt = stmt.where(Source.merged_into_id.is_(None))
        words = query.strip()
        if words:
            # Bound parameters, and LIKE wildcards in the user's text escaped: input is data, never syntax.
            like = "%" + words.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            stmt = stmt.where(
                or_(
                    func.lower(Source.title).like(like, escape="\\"),
                    func.lower(Source.publisher).like(like, escape="\\"),
                    func.lower(Source.url).like(like, escape="\\"),
                )
            )
        return [SourceView.model_validate(s) for s in session.scalars(stmt)]


def get(desk: Desk, source_id: int) -> SourceView:
    with desk.read() as session:
        source = session.get(Source, source_id)
        if source is None:
            raise NotFound(f"no source #{source_id}")
        return SourceView.model_validate(source)


def usage(desk: Desk, source_id: int) -> list[AnnotationView]:
    """Where a source is used: the annotations citing it."""
    with desk.read() as session:
        rows = session.scalars(
            select(Annotation)
            .where(Annotation.source_id == source_id)
            .options(selectinload(Annotation.author))
            .order_by(Annotation.created_at)
        )
        return [AnnotationView.from_row(a) for a in rows]
