"""The review queue: claims across documents, filtered and paginated in the database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, and_, func, or_, select

from annotate.schemas import QueueFilter, QueueRow
from annotate.services.desk import Desk
from db.models import Annotation, Claim, Document, Reviewer

SORTS = {
    "checkworthiness": (Claim.checkworthiness.desc(), Claim.id.desc()),
    "newest": (Claim.id.desc(),),
    "document": (Claim.document_id.desc(), Claim.start.asc()),
}


# Counting every match of a broad filter costs more than the page itself at a million claims; past this
# many the queue says "10,000+" (measured in bench/bench_queue.py, see docs/scaling.md).
COUNT_CAP = 10_000


@dataclass
class QueuePage:
    rows: list[QueueRow]
    total: int  # exact up to COUNT_CAP; COUNT_CAP + 1 means "more than COUNT_CAP"
    page: int
    page_size: int

    @property
    def total_label(self) -> str:
        return f"{COUNT_CAP:,}+" if self.total > COUNT_CAP else f"{self.total:,}"

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _like(value: str) -> str:
    return "%" + value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _filtered(query: Select, f: QueueFilter) -> Select:
    if f.status:
        query = query.where(Claim.status.in_(f.status))
    if f.kind:
        query = query.where(Claim.kind.in_(f.kind))
    if f.document_id is not None:
        query = query.where(Claim.document_id == f.document_id)
    if f.min_checkworthiness > 0:
        query = query.where(Claim.checkworthiness >= f.min_checkworthiness)
    if f.verdict:
        query = query.where(Claim.verdict == f.verdict)
    if f.assignee_id is not None:
        query = query.where(Claim.assignee_id == f.assignee_id)
    if f.speaker:
        query = query.where(func.lower(Claim.speaker).like(_like(f.speaker), escape="\\"))
    if f.text:
        query = query.where(func.lower(Claim.text).like(_like(f.text), escape="\\"))
    if f.tag:
        tagged = select(Annotation.claim_id).where(
            Annotation.type == "tag", Annotation.tag == f.tag.strip().lower(), Annotation.withdrawn.is_(False)
        )
        query = query.where(Claim.id.in_(tagged))
    if f.outlet or f.published_from or f.published_to:
        docs = select(Document.id)
        if f.outlet:
            docs = docs.where(Document.outlet == f.outlet)
        if f.published_from:
            docs = docs.where(Document.published >= f.published_from)
        if f.published_to:
            docs = docs.where(Document.published <= f.published_to + "\uffff")
        query = query.where(Claim.document_id.in_(docs))
    return query


def page(
    desk: Desk,
    f: QueueFilter | None = None,
    *,
    page: int = 1,
    page_size: int = 25,
    sort: str = "checkworthiness",
) -> QueuePage:
    f = f or QueueFilter()
    page = max(1, page)
    with desk.read() as session:
        matching = _filtered(select(Claim.id), f).limit(COUNT_CAP + 1).subquery()
        total = session.scalar(select(func.count()).select_from(matching)) or 0
        ids_query = _filtered(select(Claim.id), f).order_by(*SORTS[sort]).limit(page_size)
        ids_query = ids_query.offset((page - 1) * page_size)
        ids = list(session.scalars(ids_query))
        rows = _rows(session, ids)
    return QueuePage(rows=rows, total=total, page=page, page_size=page_size)


def _rows(session, ids: list[int]) -> list[QueueRow]:
    if not ids:
        return []
    query = (
        select(Claim, Document.title, Document.outlet, Document.published, Reviewer.username)
        .join(Document, Document.id == Claim.document_id)
        .outerjoin(Reviewer, Reviewer.id == Claim.assignee_id)
        .where(Claim.id.in_(ids))
    )
    by_id = {}
    for claim, title, outlet, published, assignee in session.execute(query):
        row = QueueRow.model_validate(claim)
        row.document_title, row.outlet, row.published, row.assignee = title, outlet, published, assignee
        by_id[claim.id] = row
    return [by_id[i] for i in ids if i in by_id]


def neighbours(
    desk: Desk, claim_id: int, f: QueueFilter | None = None, *, sort: str = "checkworthiness"
) -> tuple[int | None, int | None]:
    """Previous and next claim ids in the filtered, sorted queue (for next/previous navigation).

    A claim outside the filter gets (None, the queue's first id). For the two sorts with a unique key
    (checkworthiness, id / id) the neighbours are two keyset queries on the sort's index, not a read of every
    matching id (256 ms per workspace render at 100k claims, bench/bench_ui.py)."""
    f = f or QueueFilter()
    with desk.read() as session:
        if sort not in ("checkworthiness", "newest"):  # (document_id, start) may tie: keep the list's own order
            ids = list(session.scalars(_filtered(select(Claim.id), f).order_by(*SORTS[sort])))
            if claim_id not in ids:
                return (None, ids[0] if ids else None)
            at = ids.index(claim_id)
            return (ids[at - 1] if at > 0 else None, ids[at + 1] if at + 1 < len(ids) else None)
        here = session.execute(_filtered(select(Claim.checkworthiness), f).where(Claim.id == claim_id)).first()
        if here is None:
            return (None, session.scalar(_filtered(select(Claim.id), f).order_by(*SORTS[sort]).limit(1)))
        if sort == "newest":
            before, after = Claim.id > claim_id, Claim.id < claim_id
            backwards = (Claim.id.asc(),)
        else:
            cw = here[0]
            # The redundant bound on checkworthiness alone lets the index seek to the claim's place.
            before = and_(Claim.checkworthiness >= cw, or_(Claim.checkworthiness > cw, Claim.id > claim_id))
            after = and_(Claim.checkworthiness <= cw, or_(Claim.checkworthiness < cw, Claim.id < claim_id))
            backwards = (Claim.checkworthiness.asc(), Claim.id.asc())
        previous = session.scalar(_filtered(select(Claim.id), f).where(before).order_by(*backwards).limit(1))
        following = session.scalar(_filtered(select(Claim.id), f).where(after).order_by(*SORTS[sort]).limit(1))
    return (previous, following)


def counts_by(desk: Desk, column: str) -> dict[str, int]:
    """Claims per status / verdict / kind, for the dashboard."""
    col = {"status": Claim.status, "verdict": Claim.verdict, "kind": Claim.kind}[column]
    with desk.read() as session:
        return {str(k): n for k, n in session.execute(select(col, func.count(Claim.id)).group_by(col))}
