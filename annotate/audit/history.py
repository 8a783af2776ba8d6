"""Reading the log: a claim's timeline, the activity feed, and a claim as it was at a moment."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from annotate.audit.chain import format_time
from annotate.schemas import EventView
from db.models import AuditEvent


def claim_timeline(session: Session, claim_id: int) -> list[EventView]:
    rows = session.scalars(select(AuditEvent).where(AuditEvent.claim_id == claim_id).order_by(AuditEvent.seq))
    return [EventView.model_validate(e) for e in rows]


def feed(
    session: Session,
    *,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    claim_id: int | None = None,
    limit: int = 200,
    newest_first: bool = True,
) -> list[EventView]:
    query = select(AuditEvent)
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if since:
        query = query.where(AuditEvent.at >= since)
    if until:
        query = query.where(AuditEvent.at <= until + "\uffff")
    if claim_id is not None:
        query = query.where(AuditEvent.claim_id == claim_id)
    query = query.order_by(AuditEvent.seq.desc() if newest_first else AuditEvent.seq).limit(limit)
    return [EventView.model_validate(e) for e in session.scalars(query)]


@dataclass
class ClaimAsOf:
    at: str
    claim: dict[str, Any] | None
    annotations: list[dict[str, Any]] = field(default_factory=list)


def claim_as_of(session: Session, claim_id: int, moment: datetime | str) -> ClaimAsOf:
    """Replay the claim's events up to `moment`: the last recorded state of the claim and of each of its
    annotations. Uses the (claim_id, seq) index: cost grows with this claim's history, not the log's."""
    at = moment if isinstance(moment, str) else format_time(moment)
    events = session.execute(
        select(AuditEvent.entity_type, AuditEvent.entity_id, AuditEvent.after)
        .where(AuditEvent.claim_id == claim_id, AuditEvent.at <= at)
        .where(or_(AuditEvent.entity_type == "claim", AuditEvent.entity_type == "annotation"))
        .order_by(AuditEvent.seq)
    )
    claim: dict[str, Any] | None = None
    annotations: dict[str, dict[str, Any]] = {}
    for entity_type, entity_id, after in events:
        state = json.loads(after) if after else None
        if entity_type == "claim" and entity_id == str(claim_id):
            claim = state
        elif entity_type == "annotation" and state is not None:
            if state.get("claim_id") == claim_id:
                annotations[entity_id] = state
            else:
                annotations.pop(entity_id, None)  # moved to another claim
    ordered = sorted(annotations.values(), key=lambda a: (a.get("created_at") or "", a.get("id") or 0))
    return ClaimAsOf(at=at, claim=claim, annotations=ordered)


def describe(event: EventView) -> str:
    """One readable line: 'ana changed verdict from False to Mostly false (reason: new evidence)'."""
    before = json.loads(event.before) if event.before else {}
    after = json.loads(event.after) if event.after else {}
    ignore = {"version", "updated_at", "created_at"}
    diffs = [
        f"{key}: {before.get(key)!r} → {after.get(key)!r}"
        for key in sorted(set(before) | set(after))
        if key not in ignore and before.get(key) != after.get(key)
    ]
    what = f"{event.action} {event.entity_type} #{event.entity_id}"
    line = f"#{event.seq} {event.at} {event.actor}: {what}"
    if before and diffs:
        line += " — " + "; ".join(diffs[:6])
    elif not before and after and _created(event, after):
        line += " — " + _created(event, after)
    if event.reason:
        line += f" (reason: {event.reason})"
    return line


def _created(event: EventView, after: dict[str, Any]) -> str:
    """What a new link, narrative or match is about: their snapshots are mostly ids."""
    if event.entity_type == "claim_link":
        how = after.get("method") or "?"
        if after.get("score") is not None:
            how += f", score {after['score']}"
        line = f"claims #{after.get('claim_a_id')} and #{after.get('claim_b_id')} linked ({how})"
        return line + (f": {after['reason']}" if after.get("reason") else "")
    if event.entity_type == "narrative":
        return f"narrative {after.get('name')!r}"
    if event.entity_type == "narrative_claim":
        return f"claim #{after.get('claim_id')} added to narrative #{after.get('narrative_id')}"
    if event.action == "claim_link.apply":
        copied = len(after.get("annotations") or [])
        return f"verdict {after.get('verdict')} from claim #{after.get('from_claim')}, {copied} annotation(s) copied"
    if event.action == "annotation.copy":
        detail = after.get("verdict") or after.get("tag") or after.get("note") or ""
        return f"{after.get('type')} copied" + (f": {str(detail)[:100]}" if detail else "")
    if event.action == "document.match":
        return f"{after.get('claims_indexed')} claim(s) indexed, {len(after.get('links') or [])} link(s) made"
    return ""
