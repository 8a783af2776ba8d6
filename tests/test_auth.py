"""Sign-in throttling, session expiry, and permissions enforced in the service layer for every role.

The permission test is table-driven: each service write function is called by each role and must succeed
exactly when permissions.REQUIRED says the role may do the action, and otherwise raise PermissionDenied
with nothing written. A guard test fails when a new write function or a new permission appears without a row.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select, update

from annotate.schemas import AnnotationForm, ClaimForm, SourceForm
from annotate.services import (
    SYSTEM,
    Desk,
    PermissionDenied,
    annotations,
    audit,
    claims,
    documents,
    reviewers,
    scale,
    sources,
)
from annotate.services import settings as desk_settings
from annotate.services.permissions import RANK, REQUIRED, Actor
from db.models import AuditEvent, Reviewer

ROLES = ["viewer", "reviewer", "editor", "admin"]
_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch):
    """Argon2 at its production cost takes ~0.1-0.3 s a hash; these tests hash dozens of passwords. The
    logic under test (counting, locking, who may do what) does not depend on the cost."""
    monkeypatch.setattr(reviewers, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


# ---- the table -------------------------------------------------------------------------------------------


@dataclass
class Ctx:
    desk: Desk
    people: dict[str, Actor]
    actor: Actor
    doc_id: int
    tmp_path: object
    notes: list[str] = field(default_factory=list)

    @property
    def other(self) -> Actor:
        return self.people["reviewer2"]

    def claim(self, start: int = 0, end: int = 60) -> int:
        return claims.create(self.desk, SYSTEM, self.doc_id, ClaimForm(start=start, end=end)).id

    def version(self, claim_id: int) -> int:
        return claims.get(self.desk, claim_id).version

    def annotation(self, author: Actor, claim_id: int | None = None):
        claim_id = claim_id or self.claim()
        return annotations.add(
            self.desk, author, claim_id, AnnotationForm(type="comment", note=f"by {author.username}")
        )

    def own_author(self) -> Actor:
        # A viewer cannot write an annotation of their own; they are refused before authorship matters.
        return self.actor if self.actor.can("annotate") else self.other

    def source(self) -> int:
        return sources.create(self.desk, SYSTEM, SourceForm(title=f"Source {next(_serial)}")).id


def article(n: int) -> str:
    return (
        f"Permission test article number {n}\n\n"
        f"The minister said on Tuesday that exports rose by {n} percent in the last quarter of the year. "
        "Officials at the ministry of trade confirmed the figures in a statement published on Wednesday.\n\n"
        "Opposition lawmakers said the numbers were misleading and asked for an independent audit of them."
    )


def _annotation_edit_own(c: Ctx) -> Callable[[], object]:
    a = c.annotation(c.own_author())
    return lambda: annotations.edit(
        c.desk, c.actor, a.id, AnnotationForm(type="comment", note="edited"), expected_version=a.version
    )


def _annotation_edit_others(c: Ctx) -> Callable[[], object]:
    a = c.annotation(c.other)
    return lambda: annotations.edit(
        c.desk, c.actor, a.id, AnnotationForm(type="comment", note="edited by someone else"), expected_version=a.version
    )


def _annotation_withdraw(c: Ctx) -> Callable[[], object]:
    a = c.annotation(c.own_author())
    return lambda: annotations.withdraw(c.desk, c.actor, a.id, expected_version=a.version, reason="test")


def _annotation_revert(c: Ctx) -> Callable[[], object]:
    author = c.own_author()
    a = c.annotation(author)
    with c.desk.read() as session:
        seq = session.scalar(
            select(AuditEvent.seq).where(
                AuditEvent.entity_type == "annotation",
                AuditEvent.entity_id == str(a.id),
                AuditEvent.action == "annotation.add",
            )
        )
    edited = annotations.edit(
        c.desk, author, a.id, AnnotationForm(type="comment", note="second"), expected_version=a.version
    )
    return lambda: annotations.revert(c.desk, c.actor, a.id, seq, expected_version=edited.version)


def _claim_split(c: Ctx) -> Callable[[], object]:
    cid = c.claim(0, 60)
    return lambda: claims.split(c.desk, c.actor, cid, 30, expected_version=c.version(cid))


def _claim_merge(c: Ctx) -> Callable[[], object]:
    a, b = c.claim(0, 30), c.claim(31, 60)
    return lambda: claims.merge(c.desk, c.actor, [a, b], versions={a: c.version(a), b: c.version(b)})


def _claim_status(c: Ctx) -> Callable[[], object]:
    cid = c.claim()
    return lambda: claims.set_status(c.desk, c.actor, cid, "in_review", expected_version=c.version(cid))


def _claim_approve(c: Ctx) -> Callable[[], object]:
    cid = c.claim()
    annotations.add(c.desk, c.other, cid, AnnotationForm(type="verdict", verdict="False"))
    assert claims.get(c.desk, cid).status == "needs_second_review"
    return lambda: claims.set_status(c.desk, c.actor, cid, "approved", expected_version=c.version(cid))


def _claim_reject(c: Ctx) -> Callable[[], object]:
    cid = c.claim()
    return lambda: claims.reject(c.desk, c.actor, cid, expected_version=c.version(cid))


def _claim_reopen(c: Ctx) -> Callable[[], object]:
    cid = c.claim()
    claims.reject(c.desk, SYSTEM, cid, expected_version=c.version(cid))
    return lambda: claims.set_status(c.desk, c.actor, cid, "new", expected_version=c.version(cid), reason="reopen")


def _source_merge(c: Ctx) -> Callable[[], object]:
    a, b = c.source(), c.source()
    return lambda: sources.merge(c.desk, c.actor, a, b)


def _source_edit(c: Ctx) -> Callable[[], object]:
    sid = c.source()
    version = sources.get(c.desk, sid).version
    return lambda: sources.edit(c.desk, c.actor, sid, SourceForm(title="Renamed"), expected_version=version)


def _ingest_files(c: Ctx) -> Callable[[], object]:
    path = c.tmp_path / f"article-{next(_serial)}.txt"
    path.write_text(article(next(_serial)), encoding="utf-8")

    def call():
        report = documents.ingest_files(c.desk, c.actor, [path])
        return report

    return call


def _reviewer_update_other(c: Ctx) -> Callable[[], object]:
    name = f"target{next(_serial)}"
    reviewers.create(c.desk, SYSTEM, name, None, role="reviewer")
    return lambda: reviewers.update(c.desk, c.actor, name, role="editor")


def _reviewer_disable_other(c: Ctx) -> Callable[[], object]:
    name = f"target{next(_serial)}"
    reviewers.create(c.desk, SYSTEM, name, None, role="reviewer")
    return lambda: reviewers.update(c.desk, c.actor, name, active=False)


@dataclass(frozen=True)
class Case:
    name: str  # module.function (what) -- the guard test matches on the part before " ("
    action: str | None  # the REQUIRED key; None = allowed for every role (documented exception)
    setup: Callable[[Ctx], Callable[[], object]]


CASES = [
    Case(
        "annotations.add",
        "annotate",
        lambda c: (
            lambda cid: lambda: annotations.add(c.desk, c.actor, cid, AnnotationForm(type="comment", note="hi"))
        )(c.claim()),
    ),
    Case("annotations.edit (own)", "annotate", _annotation_edit_own),
    Case("annotations.edit (someone else's)", "annotation.edit_others", _annotation_edit_others),
    Case("annotations.withdraw", "annotate", _annotation_withdraw),
    Case("annotations.revert", "annotate", _annotation_revert),
    Case(
        "claims.create",
        "claim.create",
        lambda c: lambda: claims.create(c.desk, c.actor, c.doc_id, ClaimForm(start=0, end=20)),
    ),
    Case(
        "claims.edit",
        "claim.edit",
        lambda c: (
            lambda cid: lambda: claims.edit(c.desk, c.actor, cid, ClaimForm(start=0, end=25), expected_version=1)
        )(c.claim()),
    ),
    Case("claims.split", "claim.split_merge", _claim_split),
    Case("claims.merge", "claim.split_merge", _claim_merge),
    Case("claims.set_status (to in_review)", "claim.status", _claim_status),
    Case("claims.set_status (approve)", "claim.approve", _claim_approve),
    Case("claims.set_status (reopen a rejected claim)", "claim.reopen", _claim_reopen),
    Case("claims.reject", "claim.reject", _claim_reject),
    Case(
        "claims.assign",
        "claim.assign",
        lambda c: (
            lambda cid: lambda: claims.assign(c.desk, c.actor, cid, c.other.id, expected_version=c.version(cid))
        )(c.claim()),
    ),
    Case("sources.create", "source.edit", lambda c: lambda: sources.create(c.desk, c.actor, SourceForm(title="New"))),
    Case("sources.edit", "source.edit", _source_edit),
    Case("sources.merge", "source.merge", _source_merge),
    Case(
        "documents.ingest",
        "document.ingest",
        lambda c: lambda: documents.ingest(c.desk, c.actor, article(next(_serial)), name="a.txt"),
    ),
    Case("documents.ingest_files", "document.ingest", _ingest_files),
    Case(
        "reviewers.create",
        "users.manage",
        lambda c: lambda: reviewers.create(c.desk, c.actor, f"new{next(_serial)}", "long enough pw", role="viewer"),
    ),
    Case("reviewers.update (someone's role)", "users.manage", _reviewer_update_other),
    Case("reviewers.update (disable someone)", "users.manage", _reviewer_disable_other),
    Case(
        "reviewers.update (own password)",
        None,  # every signed-in reviewer may change their own password
        lambda c: lambda: reviewers.update(c.desk, c.actor, c.actor.username, password="another long password"),
    ),
    Case(
        "scale.upsert_label",
        "scale.manage",
        lambda c: lambda: scale.upsert_label(c.desk, c.actor, "Satire", definition="Not meant literally", ordinal=None),
    ),
    Case(
        "settings.set",
        "settings.manage",
        lambda c: lambda: desk_settings.set(c.desk, c.actor, desk_settings.ORGANISATION, {"name": "Desk"}),
    ),
]


def allowed(role: str, action: str | None) -> bool:
    return action is None or RANK[role] >= RANK[REQUIRED[action]]


def _head(desk: Desk) -> int:
    with desk.read() as session:
        return session.scalar(select(func.max(AuditEvent.seq))) or 0


@pytest.mark.parametrize("role", ROLES)
def test_every_write_function_enforces_its_permission(role, demo_desk, people_demo, tmp_path):
    actor = people_demo[role]
    doc_id = documents.list_documents(demo_desk)[-1].id
    problems: list[str] = []
    for case in CASES:
        ctx = Ctx(demo_desk, people_demo, actor, doc_id, tmp_path)
        call = case.setup(ctx)
        before = _head(demo_desk)
        expect = allowed(role, case.action)
        try:
            result = call()
        except PermissionDenied as exc:
            if expect:
                problems.append(f"{case.name}: {role} should be allowed but got PermissionDenied({exc})")
            elif _head(demo_desk) != before:
                problems.append(f"{case.name}: refused for {role} but something was written")
            elif "needs the" not in str(exc):
                problems.append(f"{case.name}: refusal does not say which role is needed: {exc}")
            continue
        except Exception as exc:  # noqa: BLE001 - any other failure is a finding, reported with the rest
            problems.append(f"{case.name}: {role} got {type(exc).__name__}: {exc}")
            continue
        if not expect:
            problems.append(f"{case.name}: {role} should be refused ({case.action} needs {REQUIRED[case.action]})")
        elif isinstance(result, documents.IngestReport) and result.count("added") != 1:
            problems.append(f"{case.name}: {role} allowed but the file did not go in: {result.outcomes}")
        elif _head(demo_desk) == before:
            problems.append(f"{case.name}: {role} allowed but no audit event was written")
    assert not problems, "\n".join(problems)


def test_ingest_files_refuses_a_viewer_per_file_not_with_a_crash(demo_desk, people_demo, tmp_path):
    """ingest_files raises PermissionDenied up front (the table checks that) rather than reporting every
    file as failed; either way nothing is written."""
    path = tmp_path / "x.txt"
    path.write_text(article(999), encoding="utf-8")
    before = _head(demo_desk)
    with pytest.raises(PermissionDenied):
        documents.ingest_files(demo_desk, people_demo["viewer"], [path])
    assert _head(demo_desk) == before


def _write_functions() -> set[str]:
    """Public functions of the service modules that act for someone: their first parameters are
    (desk, actor)."""
    found = set()
    modules = {
        "annotations": annotations,
        "claims": claims,
        "sources": sources,
        "documents": documents,
        "reviewers": reviewers,
        "scale": scale,
        "settings": desk_settings,
    }
    for mod_name, module in modules.items():
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            params = list(inspect.signature(fn).parameters)
            if params[:2] == ["desk", "actor"]:
                found.add(f"{mod_name}.{name}")
    return found


# Functions that take an actor but are not reviewer-facing writes guarded by one REQUIRED action.
NOT_IN_TABLE = {
    "scale.ensure_default": "system bootstrap (called with SYSTEM when a desk is created)",
}


def test_the_table_covers_every_write_function_and_every_permission():
    tabled = {case.name.split(" (")[0] for case in CASES}
    missing = _write_functions() - tabled - set(NOT_IN_TABLE)
    assert not missing, f"service write functions without a permission row: {sorted(missing)}"
    covered = {case.action for case in CASES}
    # "read" is every role's; "import" is exercised with the importer's own tests when it exists.
    untested = set(REQUIRED) - covered - {"read", "import"}
    assert not untested, f"permissions no test exercises: {sorted(untested)}"


def test_import_needs_its_role_when_the_importer_exists(demo_desk, people_demo, tmp_path):
    exchange = pytest.importorskip("annotate.services.exchange", reason="annotate.services.exchange not written yet")
    if not hasattr(exchange, "import_file"):
        pytest.skip("exchange.import_file not written yet")
    path = tmp_path / "empty.json"
    path.write_text("{}", encoding="utf-8")
    for role in ROLES:
        if allowed(role, "import"):
            continue
        before = _head(demo_desk)
        with pytest.raises(PermissionDenied):
            exchange.import_file(demo_desk, people_demo[role], path)
        assert _head(demo_desk) == before


def test_unknown_role_is_refused_everything():
    stranger = Actor(username="mallory", role="superuser", id=999)
    assert not any(stranger.can(action) for action in REQUIRED)


# ---- sign-in throttling (service level) ------------------------------------------------------------------


def test_failed_sign_ins_lock_the_account(desk):
    reviewers.create(desk, SYSTEM, "ana", "correct horse battery", role="reviewer")
    for _ in range(reviewers.MAX_FAILURES):
        with pytest.raises(PermissionDenied, match="unknown user or wrong password"):
            reviewers.authenticate(desk, "ana", "wrong password")
    # Locked now: even the right password is refused, with a message that says why.
    with pytest.raises(PermissionDenied, match="too many failed sign-ins"):
        reviewers.authenticate(desk, "ana", "correct horse battery")
    with desk.read() as session:
        locked_until = session.scalar(select(Reviewer.locked_until).where(Reviewer.username == "ana"))
    assert locked_until is not None
    events = {e.action for e in audit.feed(desk, limit=1000)}
    assert "reviewer.locked" in events
    # Time passes (the lock is moved into the past): the right password works again and resets the counter.
    with desk.engine.begin() as conn:
        conn.execute(
            update(Reviewer)
            .where(Reviewer.username == "ana")
            .values(locked_until=datetime.now(UTC) - timedelta(seconds=1), version=Reviewer.version + 1)
        )
    assert reviewers.authenticate(desk, "ana", "correct horse battery").username == "ana"
    with desk.read() as session:
        row = session.scalar(select(Reviewer).where(Reviewer.username == "ana"))
        assert row.failed_logins == 0 and row.locked_until is None


def test_failures_below_the_limit_are_forgotten_after_a_success(desk):
    reviewers.create(desk, SYSTEM, "ben", "correct horse battery", role="reviewer")
    for _ in range(reviewers.MAX_FAILURES - 1):
        with pytest.raises(PermissionDenied):
            reviewers.authenticate(desk, "ben", "nope nope nope")
    reviewers.authenticate(desk, "ben", "correct horse battery")
    for _ in range(reviewers.MAX_FAILURES - 1):
        with pytest.raises(PermissionDenied, match="wrong password"):
            reviewers.authenticate(desk, "ben", "nope nope nope")
    assert reviewers.authenticate(desk, "ben", "correct horse battery").username == "ben"


def test_sign_in_refusals_do_not_tell_which_part_was_wrong(desk):
    reviewers.create(desk, SYSTEM, "cy", "correct horse battery", role="reviewer")
    messages = set()
    for username, password in (("nobody", "whatever pw"), ("cy", "wrong password"), ("", ""), ("' OR 1=1 --", "x")):
        with pytest.raises(PermissionDenied) as exc:
            reviewers.authenticate(desk, username, password)
        messages.add(str(exc.value))
    assert messages == {"unknown user or wrong password"}


def test_disabled_and_passwordless_accounts_cannot_sign_in(desk):
    reviewers.create(desk, SYSTEM, "dee", "correct horse battery", role="editor")
    reviewers.update(desk, SYSTEM, "dee", active=False)
    reviewers.create(desk, SYSTEM, "nopw", None, role="editor")
    with pytest.raises(PermissionDenied):
        reviewers.authenticate(desk, "dee", "correct horse battery")
    with pytest.raises(PermissionDenied):
        reviewers.authenticate(desk, "nopw", "")


def test_the_lock_holds_against_a_burst_of_guesses(desk):
    """Guessing does not get through the lock: after it, no guess (right or wrong) is checked."""
    reviewers.create(desk, SYSTEM, "eve", "correct horse battery", role="reviewer")
    outcomes = []
    for attempt in range(reviewers.MAX_FAILURES + 5):
        password = "correct horse battery" if attempt == reviewers.MAX_FAILURES + 2 else f"guess {attempt}"
        try:
            reviewers.authenticate(desk, "eve", password)
            outcomes.append("in")
        except PermissionDenied as exc:
            outcomes.append(str(exc))
    assert "in" not in outcomes
    assert all("too many" in o for o in outcomes[reviewers.MAX_FAILURES :])


# ---- session expiry (ui/session.py) ----------------------------------------------------------------------


def _ui_session():
    pytest.importorskip("streamlit", reason="streamlit not installed")
    module = pytest.importorskip("ui.session", reason="ui/session.py not written yet")
    if not all(hasattr(module, n) for n in ("current_reviewer", "session_seconds", "REVIEWER_KEY", "LAST_SEEN_KEY")):
        pytest.skip("ui/session.py has no testable expiry (current_reviewer/session_seconds)")
    return module


@pytest.fixture
def ui_state(monkeypatch, desk):
    session = _ui_session()
    state: dict = {}
    monkeypatch.setattr(session, "st", SimpleNamespace(session_state=state, stop=lambda: None))
    monkeypatch.setattr(session, "get_desk", lambda: desk)
    monkeypatch.setenv("ANNOTATE_SESSION_HOURS", "1")
    view = reviewers.create(desk, SYSTEM, "fay", "correct horse battery", role="reviewer")
    return session, state, view


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_session_expires_after_inactivity(ui_state, monkeypatch):
    session, state, view = ui_state
    now = 1_000_000.0
    monkeypatch.setattr(session.time, "time", lambda: now)
    state[session.REVIEWER_KEY] = view
    state[session.LAST_SEEN_KEY] = now - session.session_seconds() + 5
    assert session.current_reviewer() is not None  # still inside the window: renewed
    assert state[session.LAST_SEEN_KEY] == now
    now += session.session_seconds() + 1
    assert session.current_reviewer() is None
    assert session.REVIEWER_KEY not in state
    assert "expired" in state.get("signed_out_message", "")


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_disabled_reviewer_is_signed_out_at_the_next_click(ui_state, desk):
    session, state, view = ui_state
    state[session.REVIEWER_KEY] = view
    assert session.current_reviewer() is not None
    reviewers.update(desk, SYSTEM, "fay", active=False)
    assert session.current_reviewer() is None
    assert session.REVIEWER_KEY not in state
