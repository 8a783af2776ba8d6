"""The Desk: one engine per process, and units of work that write a change with its audit event.

    desk = Desk.open("sqlite:///data/annotate.db")
    with desk.write(actor, batch_id=...) as tx:
        ...                       # change rows through tx.session
        tx.record("claim.edit", claim, before=..., after=...)

A unit of work is one transaction: the change and its event commit together or not at all.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from annotate.audit import log
from annotate.services.errors import Busy, ConflictError, NotFound
from annotate.services.permissions import Actor
from db.engine import make_engine, session_factory
from db.migrate import upgrade

# PostgreSQL serialization failures and deadlocks are retried; SQLite waits on busy_timeout instead.
RETRYABLE_SQLSTATES = {"40001", "40P01"}


@dataclass
class Tx:
    session: Session
    actor: Actor
    batch_id: str | None = None
    reason: str | None = None
    events: list[int] = field(default_factory=list)
    _head: tuple[int, str] | None = None

    def record(
        self,
        action: str,
        entity_type: str,
        entity_id: Any,
        *,
        before: Any = None,
        after: Any = None,
        claim_id: int | None = None,
        reason: str | None = None,
    ) -> None:
        # Within one transaction the head is ours: no need to read it again for the next event.
        self._head = log.append(
            self.session,
            actor=self.actor.username,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            before=before,
            after=after,
            claim_id=claim_id,
            reason=reason if reason is not None else self.reason,
            batch_id=self.batch_id,
            head=self._head,
        )
        self.events.append(self._head[0])

    def load(self, model, row_id: int, expected_version: int | None, *, what: str, view=None, lock: bool = False):
        """The row `row_id` of `model`, refused with NotFound when missing and ConflictError when it is no longer
        the version the reviewer saw. `lock` takes a row lock on PostgreSQL (SQLite's BEGIN IMMEDIATE already
        serialises writers), so a concurrent writer waits and then sees this transaction's change."""
        row = self.session.get(model, row_id, with_for_update=lock or None, populate_existing=lock)
        if row is None:
            raise NotFound(f"no {what} #{row_id}")
        if expected_version is not None and row.version != expected_version:
            raise ConflictError(
                f"{what} #{row_id} was changed by someone else since you opened it (you saw version "
                f"{expected_version}, it is now {row.version}); nothing was saved",
                current=view.model_validate(row) if view else None,
            )
        return row


class Desk:
    def __init__(self, engine: Engine, *, migrate: bool = True):
        self.engine = engine
        if migrate:
            upgrade(engine)
        self._sessions: sessionmaker[Session] = session_factory(engine)
        # Reads on SQLite must not take the write lock (BEGIN IMMEDIATE); they see a WAL snapshot.
        self._read_sessions: sessionmaker[Session] = session_factory(engine.execution_options(sqlite_begin="DEFERRED"))

    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True) -> Desk:
        return cls(make_engine(url), migrate=migrate)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read_sessions() as session, session.begin():
            yield session

    @contextmanager
    def write(self, actor: Actor, *, batch_id: str | None = None, reason: str | None = None) -> Iterator[Tx]:
        try:
            with self._sessions() as session, session.begin():
                yield Tx(session=session, actor=actor, batch_id=batch_id, reason=reason)
        except (OperationalError, sqlite3.OperationalError) as exc:
            if "database is locked" not in str(exc):
                raise
            raise Busy(
                "the desk is busy with another long write (an import, a backup?); nothing was saved, try again "
                "in a moment"
            ) from exc
        except StaleDataError:
            # Two writers read the same version at the same moment (PostgreSQL READ COMMITTED); the
            # version check in the UPDATE let only one through. Nothing of this unit of work was kept.
            raise ConflictError(
                "someone else saved a change to the same item at the same moment; nothing was saved, "
                "reload and try again"
            ) from None

    def run_write(self, actor: Actor, work, *, batch_id: str | None = None, attempts: int = 5, **kw):
        """Run `work(tx)` in a unit of work, retrying PostgreSQL serialisation failures."""
        for attempt in range(attempts):
            try:
                with self.write(actor, batch_id=batch_id, **kw) as tx:
                    return work(tx)
            except OperationalError as exc:
                sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
                if sqlstate not in RETRYABLE_SQLSTATES or attempt == attempts - 1:
                    raise
                time.sleep(0.01 * (2**attempt))
        raise AssertionError("unreachable")

    @staticmethod
    def new_batch_id() -> str:
        return str(uuid.uuid4())

    def dispose(self) -> None:
        self.engine.dispose()
