"""Remembered sign-ins: a signed token the browser keeps, so a reload does not sign the reviewer out.

A token names the reviewer and when it expires, signed with HMAC-SHA256 under a desk-wide secret (a row of the
settings table, never exported or shown) and bound to the reviewer's password hash. Nothing per token is
stored: a password change ends that reviewer's remembered sign-ins, disabling the account refuses them at the
next click (the role and `active` are re-read on every run), and rotating the secret ends all of them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from annotate.schemas import ReviewerView
from annotate.services.desk import Desk
from annotate.services.permissions import SYSTEM, Actor, require
from db.models import Reviewer, Setting

SECRET_KEY = "session.secret"  # settings key; exports and the settings page never read it
DEFAULT_TTL = 12 * 3600.0


def _secret(desk: Desk) -> bytes:
    with desk.read() as session:
        row = session.get(Setting, SECRET_KEY)
        if row is not None:
            return bytes.fromhex(row.value["key"])
    try:
        return _rotate(desk, SYSTEM, only_if_missing=True)
    except IntegrityError:  # another process created it first (PostgreSQL; SQLite serialises the writes)
        return _secret(desk)


def _rotate(desk: Desk, actor: Actor, *, only_if_missing: bool = False) -> bytes:
    with desk.write(actor) as tx:
        row = tx.session.get(Setting, SECRET_KEY)
        if row is not None and only_if_missing:
            return bytes.fromhex(row.value["key"])
        key = secrets.token_bytes(32)
        if row is None:
            tx.session.add(Setting(key=SECRET_KEY, value={"key": key.hex()}))
        else:
            row.value = {"key": key.hex()}
        tx.session.flush()
        # The event says that the secret changed, never what it is.
        tx.record("session.secret.rotated", "setting", SECRET_KEY)
        return key


def sign_out_everyone(desk: Desk, actor: Actor) -> None:
    """End every remembered sign-in (a lost laptop, a leaked token): admins only, audited."""
    require(actor, "users.manage")
    _rotate(desk, actor)


def _signature(secret: bytes, payload: str, password_hash: str) -> str:
    bound = payload + "|" + hashlib.sha256(password_hash.encode()).hexdigest()
    return base64.urlsafe_b64encode(hmac.new(secret, bound.encode(), hashlib.sha256).digest()).decode().rstrip("=")


def issue(desk: Desk, username: str, *, ttl: float = DEFAULT_TTL, now: float | None = None) -> str:
    """A token for a reviewer who has just signed in with their password."""
    expires = int((now if now is not None else time.time()) + ttl)
    with desk.read() as session:
        reviewer = session.scalar(select(Reviewer).where(Reviewer.username == username))
        if reviewer is None or not reviewer.password_hash:
            raise ValueError(f"no reviewer {username!r} with a password")
        password_hash = reviewer.password_hash
    payload = f"{username}|{expires}"
    return payload + "|" + _signature(_secret(desk), payload, password_hash)


def resolve(desk: Desk, token: str | None, *, now: float | None = None) -> ReviewerView | None:
    """The active reviewer a token signs in, or None for anything expired, forged, malformed or revoked."""
    if not token or len(token) > 400 or token.count("|") != 2:
        return None
    username, expires, signature = token.split("|")
    if not expires.isdigit() or int(expires) < (now if now is not None else time.time()):
        return None
    secret = _secret(desk)
    with desk.read() as session:
        reviewer = session.scalar(select(Reviewer).where(Reviewer.username == username))
        if reviewer is None or not reviewer.active or not reviewer.password_hash:
            return None
        expected = _signature(secret, f"{username}|{expires}", reviewer.password_hash)
        if not hmac.compare_digest(expected, signature):
            return None
        return ReviewerView.model_validate(reviewer)
