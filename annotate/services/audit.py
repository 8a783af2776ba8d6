"""The review history as the UI and CLI read it (the log itself is written by every service)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from annotate.audit import history
from annotate.audit import verify as chain
from annotate.schemas import EventView
from annotate.services.desk import Desk


def claim_timeline(desk: Desk, claim_id: int) -> list[EventView]:
    with desk.read() as session:
        return history.claim_timeline(session, claim_id)


def feed(desk: Desk, **filters) -> list[EventView]:
    with desk.read() as session:
        return history.feed(session, **filters)


def claim_as_of(desk: Desk, claim_id: int, moment: datetime | str) -> history.ClaimAsOf:
    with desk.read() as session:
        return history.claim_as_of(session, claim_id, moment)


def verify(desk: Desk, checkpoint_file: str | Path | None = None) -> chain.VerifyResult:
    point = chain.read_checkpoint(checkpoint_file) if checkpoint_file else None
    return chain.verify(desk.engine, point)


def checkpoint(desk: Desk, path: str | Path) -> dict:
    return chain.write_checkpoint(desk.engine, path)


describe = history.describe
