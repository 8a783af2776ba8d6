"""Who is signed in, the shared Desk, and the small helpers every page uses.

Identity lives in ONE place, `current_reviewer()`, reading st.session_state[REVIEWER_KEY]; tests set that key
to sign in without the form. The role is re-read from the database on every run, so a disabled account or a
changed role takes effect at the reviewer's next click rather than at their next sign-in.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import streamlit as st
import streamlit.components.v1 as components

from annotate import demo
from annotate.schemas import ClaimView, QueueFilter, ReviewerView
from annotate.services import ConflictError, Desk, DeskError, NotFound, claims, documents, reviewers, sessions
from annotate.services.permissions import Actor
from ui.render import md_escape  # noqa: F401 - re-exported for pages

REVIEWER_KEY = "reviewer"
LAST_SEEN_KEY = "last_seen"
FILTER_KEY = "queue_filter"
CLAIM_KEY = "claim_id"
SEEN_KEY = "seen"  # (kind, id) -> the pydantic view the reviewer opened; its version guards the save
COOKIE = "annotate_session"
COOKIE_PENDING_KEY = "cookie_pending"  # a token for the browser to keep, or "" to make it forget
COOKIE_TRIED_KEY = "cookie_tried"  # one restore per browser session: never again after a sign-out
DEFAULT_URL = "sqlite:///data/annotate.db"


def session_seconds() -> float:
    return float(os.environ.get("ANNOTATE_SESSION_HOURS", "8")) * 3600


def get_desk() -> Desk:
    return _open_desk(os.environ.get("ANNOTATE_DB_URL", DEFAULT_URL))


# Keyed by URL: one Desk (engine + pool) per database per process, shared by every browser session.
@st.cache_resource(show_spinner="Opening the desk…")
def _open_desk(url: str) -> Desk:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        os.makedirs(os.path.dirname(url.removeprefix("sqlite:///")) or ".", exist_ok=True)
    desk = Desk.open(url)
    password = reviewers.ensure_admin(desk)
    if password:
        print(f"annotate: created admin account: user admin, password {password}", flush=True)
    if not documents.count(desk):
        demo.load(desk)
    demo_password = os.environ.get("ANNOTATE_DEMO_PASSWORD")
    if demo_password:
        _set_demo_passwords(desk, demo_password)
    return desk


def _set_demo_passwords(desk: Desk, password: str) -> None:
    from annotate.services import SYSTEM

    for username in ("demo.reviewer", "demo.editor"):
        try:
            reviewers.update(desk, SYSTEM, username, password=password)
        except DeskError as exc:
            print(f"annotate: cannot set the demo password for {username}: {exc}", flush=True)


def current_reviewer() -> ReviewerView | None:
    """The signed-in reviewer, or None (never signed in, expired, disabled)."""
    seen: ReviewerView | None = st.session_state.get(REVIEWER_KEY) or _restore_from_cookie()
    if seen is None:
        return None
    now = time.time()
    last = st.session_state.get(LAST_SEEN_KEY, now)
    if now - last > session_seconds():
        sign_out("Your session expired after inactivity: please sign in again.")
        return None
    try:
        fresh = reviewers.get(get_desk(), seen.username)
    except NotFound:
        fresh = None
    if fresh is None or not fresh.active:
        sign_out("Your account is no longer active.")
        return None
    st.session_state[REVIEWER_KEY] = fresh
    st.session_state[LAST_SEEN_KEY] = now
    return fresh


def _restore_from_cookie() -> ReviewerView | None:
    """A reload starts a new Streamlit session: the remembered sign-in of this browser, if still good."""
    if st.session_state.get(COOKIE_TRIED_KEY):
        return None
    st.session_state[COOKIE_TRIED_KEY] = True
    token = unquote(st.context.cookies.get(COOKIE) or "")  # the browser set it URI-encoded
    if not token:
        return None
    view = sessions.resolve(get_desk(), token)
    if view is None:
        st.session_state[COOKIE_PENDING_KEY] = ""  # expired, revoked or forged: the browser drops it
        return None
    st.session_state[REVIEWER_KEY] = view
    st.session_state[LAST_SEEN_KEY] = time.time()
    return view


def write_cookie() -> None:
    """Hand the browser what sign-in or sign-out decided. Streamlit cannot set cookies from Python, so a
    zero-height component sets it on the app's own document (same origin); it is SameSite=Strict."""
    token = st.session_state.pop(COOKIE_PENDING_KEY, None)
    if token is None:
        return
    age = int(session_seconds()) if token else 0
    value = json.dumps(token).replace("<", "\\u003c")  # a JS string literal that cannot close the <script>
    components.html(
        "<script>(function(){var w=window.parent;"
        "var secure=w.location.protocol==='https:'?'; Secure':'';"
        f"w.document.cookie='{COOKIE}='+encodeURIComponent({value})+'; path=/; max-age={age}; SameSite=Strict'"
        "+secure;})();</script>",
        height=0,
    )


def actor() -> Actor:
    reviewer = current_reviewer()
    if reviewer is None:
        st.stop()
    return reviewers.actor_for(reviewer)


def sign_in(username: str, password: str) -> str | None:
    """Returns an error message, or None when signed in."""
    try:
        view = reviewers.authenticate(get_desk(), username, password)
    except DeskError as exc:
        return str(exc)
    st.session_state[REVIEWER_KEY] = view
    st.session_state[LAST_SEEN_KEY] = time.time()
    st.session_state[COOKIE_PENDING_KEY] = sessions.issue(get_desk(), view.username, ttl=session_seconds())
    return None


def sign_out(message: str | None = None) -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[COOKIE_TRIED_KEY] = True
    st.session_state[COOKIE_PENDING_KEY] = ""
    if message:
        st.session_state["signed_out_message"] = message


# ---- state shared between pages (non-widget keys: they survive page switches) --------------------------


def queue_filter() -> QueueFilter:
    return st.session_state.get(FILTER_KEY) or QueueFilter()


def open_claim(claim_id: int) -> None:
    st.session_state[CLAIM_KEY] = claim_id
    st.session_state.get(SEEN_KEY, {}).pop(("claim", claim_id), None)
    st.switch_page("ui/claim.py")


def seen(kind: str, ident: int, load: Callable[[], Any]) -> Any:
    """The view of (kind, id) as the reviewer first saw it; its `version` goes back with the save."""
    store = st.session_state.setdefault(SEEN_KEY, {})
    if (kind, ident) not in store:
        store[(kind, ident)] = load()
    return store[(kind, ident)]


def forget(kind: str, ident: int) -> None:
    st.session_state.setdefault(SEEN_KEY, {}).pop((kind, ident), None)


def seen_claim(claim_id: int) -> ClaimView:
    return seen("claim", claim_id, lambda: claims.get(get_desk(), claim_id))


def attempt(work: Callable[[], Any], *, success: str | None = None, refresh: tuple[str, int] | None = None) -> Any:
    """Run a service call; show its refusal (and, on a conflict, the other reviewer's version) instead of
    raising. On success the reviewer's pinned view of `refresh` is dropped so they see the saved state."""
    try:
        result = work()
    except ConflictError as exc:
        st.error(f"Conflict: {exc}")
        if exc.current is not None:
            st.warning("Their current version is below. Reload to see it in the form, then redo your change.")
            current = exc.current.model_dump(mode="json") if hasattr(exc.current, "model_dump") else exc.current
            st.json(current, expanded=True)
        return None
    except DeskError as exc:
        st.error(str(exc))
        return None
    except ValueError as exc:  # pydantic validation of a form
        st.error(_flatten(exc))
        return None
    if refresh:
        forget(*refresh)
    if success:
        st.session_state["flash"] = success
    return result if result is not None else True


def _flatten(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'form'}: {e['msg']}" for e in errors())
    return str(exc)


def flash() -> None:
    """Show (once) the confirmation a previous run left before it reran."""
    message = st.session_state.pop("flash", None)
    if message:
        st.success(message)
        st.toast(message)  # the form the reviewer used may be far down the page
