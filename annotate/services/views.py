"""Read-only aggregates for the UI's dashboard (the write services have no use for them)."""

from __future__ import annotations

from sqlalchemy import func, select

from annotate.services.desk import Desk
from db.models import Annotation, AuditEvent, Claim, Document, Reviewer


def annotations_by_author(desk: Desk) -> dict[str, int]:
    """Live (not withdrawn) annotations per reviewer."""
    with desk.read() as session:
        rows = session.execute(
            select(func.coalesce(Reviewer.username, "system"), func.count(Annotation.id))
            .select_from(Annotation)
            .outerjoin(Reviewer, Reviewer.id == Annotation.author_id)
            .where(Annotation.withdrawn.is_(False))
            .group_by(Reviewer.username)
        )
        return {str(name): n for name, n in rows}


def claims_by_outlet(desk: Desk) -> dict[str, int]:
    with desk.read() as session:
        rows = session.execute(
            select(func.coalesce(Document.outlet, "unknown"), func.count(Claim.id))
            .join(Document, Document.id == Claim.document_id)
            .group_by(Document.outlet)
        )
        return {str(name): n for name, n in rows}


def events_per_day(desk: Desk, *, days: int = 90) -> dict[str, int]:
    """Audit events per UTC day (the log's `at` is fixed-width ISO text, so its first 10 chars are the day)."""
    with desk.read() as session:
        day = func.substr(AuditEvent.at, 1, 10)
        rows = session.execute(select(day, func.count(AuditEvent.seq)).group_by(day).order_by(day.desc()).limit(days))
        return dict(sorted((str(d), n) for d, n in rows))


def actors(desk: Desk) -> list[str]:
    """Everyone who appears in the log (reviewers, and `system` for the CLI)."""
    with desk.read() as session:
        return list(session.scalars(select(AuditEvent.actor).distinct().order_by(AuditEvent.actor)))
