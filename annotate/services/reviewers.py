"""Reviewer accounts: create, sign in (argon2, throttled), change role/password, disable."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from annotate.schemas import ReviewerView
from annotate.services.desk import Desk
from annotate.services.errors import InvalidInput, NotFound, PermissionDenied
from annotate.services.permissions import RANK, SYSTEM, Actor, require
from annotate.services.snapshots import snapshot
from db.models import Reviewer

_hasher = PasswordHasher()
USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,63}$")
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=5)
MIN_PASSWORD = 8


def actor_for(view: ReviewerView) -> Actor:
    return Actor(username=view.username, role=view.role, id=view.id)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"password must have at least {MIN_PASSWORD} characters")


def create(
    desk: Desk, actor: Actor, username: str, password: str | None, *, role: str = "reviewer", display_name=""
) -> ReviewerView:
    require(actor, "users.manage")
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise InvalidInput("username: 2-64 lowercase letters, digits, '.', '_' or '-'")
    if role not in RANK:
        raise InvalidInput(f"role must be one of {', '.join(RANK)}")
    if password is not None:
        _check_password(password)
    with desk.write(actor) as tx:
        if tx.session.scalar(select(Reviewer.id).where(Reviewer.username == username)):
            raise InvalidInput(f"a reviewer named {username!r} already exists")
        reviewer = Reviewer(
            username=username,
            display_name=display_name or username,
            role=role,
            password_hash=_hasher.hash(password) if password else None,
        )
        tx.session.add(reviewer)
        tx.session.flush()
        tx.record("reviewer.create", "reviewer", reviewer.id, after=snapshot(reviewer))
        return ReviewerView.model_validate(reviewer)


def _get(session, username: str) -> Reviewer:
    reviewer = session.scalar(select(Reviewer).where(Reviewer.username == username.strip().lower()))
    if reviewer is None:
        raise NotFound(f"no reviewer named {username!r}")
    return reviewer


def update(
    desk: Desk,
    actor: Actor,
    username: str,
    *,
    role: str | None = None,
    active: bool | None = None,
    password: str | None = None,
    display_name: str | None = None,
) -> ReviewerView:
    changing_own_password = password is not None and role is None and active is None and username == actor.username
    if not changing_own_password:
        require(actor, "users.manage")
    if role is not None and role not in RANK:
        raise InvalidInput(f"role must be one of {', '.join(RANK)}")
    if password is not None:
        _check_password(password)
    with desk.write(actor) as tx:
        reviewer = _get(tx.session, username)
        before = snapshot(reviewer)
        if role is not None:
            reviewer.role = role
        if active is not None:
            reviewer.active = active
        if display_name is not None:
            reviewer.display_name = display_name
        if password is not None:
            reviewer.password_hash = _hasher.hash(password)
            reviewer.failed_logins = 0
            reviewer.locked_until = None
        tx.session.flush()
        action = "reviewer.password" if password is not None and role is None else "reviewer.update"
        tx.record(action, "reviewer", reviewer.id, before=before, after=snapshot(reviewer))
        return ReviewerView.model_validate(reviewer)


def authenticate(desk: Desk, username: str, password: str) -> ReviewerView:
    """Check a sign-in. Five failures lock the account for five minutes; the message never says which
    part was wrong. A failure is committed (the counter must survive) and then raised."""
    refused = "unknown user or wrong password"
    now = datetime.now(UTC)
    with desk.write(SYSTEM) as tx:
        reviewer = tx.session.scalar(select(Reviewer).where(Reviewer.username == username.strip().lower()))
        if reviewer is None or not reviewer.active or not reviewer.password_hash:
            _hasher.hash(password)  # same cost whether or not the user exists
            failure = refused
        elif reviewer.locked_until is not None and _aware(reviewer.locked_until) > now:
            failure = "too many failed sign-ins: try again in a few minutes"
        else:
            try:
                _hasher.verify(reviewer.password_hash, password)
                failure = None
            except (VerificationError, InvalidHashError):
                failure = refused
                reviewer.failed_logins += 1
                if reviewer.failed_logins >= MAX_FAILURES:
                    reviewer.locked_until = now + LOCKOUT
                    reviewer.failed_logins = 0
                    tx.record("reviewer.locked", "reviewer", reviewer.id, after={"until": now + LOCKOUT})
            if failure is None and (reviewer.failed_logins or reviewer.locked_until):
                reviewer.failed_logins = 0
                reviewer.locked_until = None
        view = ReviewerView.model_validate(reviewer) if failure is None else None
    if view is None:
        raise PermissionDenied(failure)
    return view


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes even for timezone=True columns.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def list_all(desk: Desk) -> list[ReviewerView]:
    with desk.read() as session:
        return [ReviewerView.model_validate(r) for r in session.scalars(select(Reviewer).order_by(Reviewer.username))]


def get(desk: Desk, username: str) -> ReviewerView:
    with desk.read() as session:
        return ReviewerView.model_validate(_get(session, username))


def count(desk: Desk) -> int:
    with desk.read() as session:
        return session.scalar(select(func.count(Reviewer.id))) or 0


def ensure_admin(desk: Desk) -> str | None:
    """On first start, when no active admin can sign in (a new desk, or one holding only the demo's
    password-less reviewers), create `admin` with a random password and return it (once)."""
    with desk.read() as session:
        signable_admin = session.scalar(
            select(Reviewer.id).where(
                Reviewer.role == "admin", Reviewer.active.is_(True), Reviewer.password_hash.is_not(None)
            )
        )
    if signable_admin is not None:
        return None
    password = secrets.token_urlsafe(12)
    try:
        create(desk, SYSTEM, "admin", password, role="admin", display_name="Administrator")
    except InvalidInput:
        return None  # another process got there first
    return password
