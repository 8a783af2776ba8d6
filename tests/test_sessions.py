"""Remembered sign-ins: a token survives a reload, and nothing but the right reviewer's live token passes."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from annotate.services import SYSTEM, PermissionDenied, audit, reviewers, sessions
from db.models import AuditEvent, Setting


def test_a_token_signs_its_reviewer_back_in(desk, people):
    token = sessions.issue(desk, "reviewer1")
    view = sessions.resolve(desk, token)
    assert view is not None and view.username == "reviewer1" and view.role == "reviewer"


def test_an_expired_token_is_refused(desk, people):
    token = sessions.issue(desk, "reviewer1", ttl=60, now=time.time() - 120)
    assert sessions.resolve(desk, token) is None


@pytest.mark.parametrize(
    "forge",
    [
        lambda t: t.replace("reviewer1", "admin1", 1),  # someone else's name under my signature
        lambda t: t.rsplit("|", 1)[0] + "|" + "A" * 43,  # a made-up signature
        lambda t: "reviewer1|99999999999|" + t.rsplit("|", 1)[1],  # a later expiry
        lambda t: t + "|extra",
        lambda t: "",
        lambda t: None,
        lambda t: "x" * 10_000,
    ],
)
def test_a_tampered_or_malformed_token_is_refused(desk, people, forge):
    assert sessions.resolve(desk, forge(sessions.issue(desk, "reviewer1"))) is None


def test_a_password_reset_or_a_disabled_account_ends_the_remembered_sign_in(desk, people):
    token = sessions.issue(desk, "reviewer1")
    other = sessions.issue(desk, "reviewer2")
    reviewers.update(desk, SYSTEM, "reviewer1", password="a brand new password")
    assert sessions.resolve(desk, token) is None
    assert sessions.resolve(desk, other) is not None  # only that reviewer's
    reviewers.update(desk, SYSTEM, "reviewer2", active=False)
    assert sessions.resolve(desk, other) is None


def test_signing_out_everyone_is_for_admins_and_audited_without_the_secret(desk, people):
    token = sessions.issue(desk, "editor1")
    with pytest.raises(PermissionDenied):
        sessions.sign_out_everyone(desk, people["editor"])
    assert sessions.resolve(desk, token) is not None
    sessions.sign_out_everyone(desk, people["admin"])
    assert sessions.resolve(desk, token) is None
    assert sessions.resolve(desk, sessions.issue(desk, "editor1")) is not None  # new sign-ins work
    with desk.read() as s:
        rotations = s.scalars(select(AuditEvent).where(AuditEvent.action == "session.secret.rotated")).all()
        secret = s.get(Setting, sessions.SECRET_KEY).value["key"]
    assert [e.actor for e in rotations][-1] == "admin1"
    assert all(secret not in (e.after or "") + (e.before or "") for e in rotations)
    assert audit.verify(desk).ok
