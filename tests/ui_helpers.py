"""What the AppTest suites share: signing in and finding a button (the `ui_desk` fixture is in conftest)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from annotate.services import Desk, reviewers

APP = "../streamlit_app.py"


def signed_in(desk: Desk, username: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["reviewer"] = reviewers.get(desk, username)  # what current_reviewer() reads
    at.run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r}; have {[b.label for b in at.button]}"
    return found[0]
