"""The Streamlit app under AppTest (no browser): sign-in, queue, claim workspace, conflicts, roles, escaping;
and unit tests of ui/render.py."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from ui_helpers import button, signed_in

from annotate.schemas import AnnotationForm, QueueFilter
from annotate.services import Desk, annotations, audit, claims, documents, queue, reviewers
from ui import render

XSS = "Careful: <script>alert(1)</script> and <img src=x onerror=alert(1)> stay text"


def app() -> AppTest:
    at = AppTest.from_file("../streamlit_app.py", default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def open_claim(at: AppTest, claim_id: int) -> AppTest:
    at.session_state["claim_id"] = claim_id
    at.switch_page("ui/claim.py").run()
    assert not at.exception, at.exception
    return at


def top_claim(desk: Desk) -> int:
    """The most check-worthy claim nobody has started on (the demo approves some)."""
    return queue.page(desk, QueueFilter(status=["new"]), page_size=1).rows[0].id


def test_sign_in_refuses_a_wrong_password_and_accepts_the_right_one(ui_desk):
    at = app()
    assert at.title[0].value.endswith("sign in")
    at.text_input(key="sign_in_user").input("alice")
    at.text_input(key="sign_in_password").input("not the password")
    button(at, "Sign in").click().run()
    assert any("Sign-in refused" in e.value for e in at.error)
    assert "reviewer" not in at.session_state
    at.text_input(key="sign_in_password").input("alice password")
    button(at, "Sign in").click().run()
    assert not at.exception
    assert at.title[0].value == "Review queue"


def test_no_page_without_sign_in(ui_desk):
    at = app()
    for page in ("ui/admin.py", "ui/claim.py", "ui/queue.py"):
        at.switch_page(page).run()
        assert [t.value for t in at.title] == ["annotate — sign in"], page
        assert not at.dataframe and not at.get("html")


def test_session_expires_after_inactivity(ui_desk, monkeypatch):
    monkeypatch.setenv("ANNOTATE_SESSION_HOURS", "1")
    at = signed_in(ui_desk, "alice")
    assert at.title[0].value == "Review queue"
    at.session_state["last_seen"] = at.session_state["last_seen"] - 2 * 3600
    at.run()
    assert at.title[0].value.endswith("sign in")
    assert any("expired" in i.value for i in at.info)


def test_queue_renders_rows_sorted_by_checkworthiness(ui_desk):
    at = signed_in(ui_desk, "alice")
    table = at.dataframe[0].value
    assert len(table) > 0
    scores = list(table["check-worthiness"])
    assert scores == sorted(scores, reverse=True)


def test_workspace_adds_a_context_note_and_a_verdict(ui_desk):
    claim_id = top_claim(ui_desk)
    at = open_claim(signed_in(ui_desk, "alice"), claim_id)
    at.text_area(key="context_note").input("Context from **the archive**.")
    button(at, "Add context note").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    at.radio(key="verdict_label").set_value("Mostly false")
    at.text_area(key="verdict_note").input("The numbers do not add up.")
    button(at, "Set verdict").click().run()
    assert not at.error, [e.value for e in at.error]
    saved = annotations.for_claim(ui_desk, claim_id)
    assert any(a.type == "context" and a.note == "Context from **the archive**." for a in saved)
    assert claims.get(ui_desk, claim_id).verdict == "Mostly false"
    assert any("Verdict: Mostly false" in m.value for m in at.markdown)


def test_saves_are_confirmed_by_name_and_the_library_picker_searches(ui_desk):
    from annotate.schemas import SourceForm
    from annotate.services import SYSTEM, sources

    for n in range(3):
        sources.create(ui_desk, SYSTEM, SourceForm(title=f"Zebra census {n}", publisher="Wildlife office"))
    claim_id = top_claim(ui_desk)
    at = open_claim(signed_in(ui_desk, "alice"), claim_id)
    at.text_input(key="prov_find").input("zebra census").run()
    offered = [o for o in at.selectbox(key="prov_source").options if "Zebra census" in o]
    assert len(offered) == 3 and len(at.selectbox(key="prov_source").options) == 4  # plus "create a new one"
    at.selectbox(key="prov_source").set_value(sources.search(ui_desk, "Zebra census 1")[0].id)
    button(at, "Add provenance").click().run()
    assert not at.error, [e.value for e in at.error]
    saved = [a for a in annotations.for_claim(ui_desk, claim_id) if a.type == "provenance"]
    assert [a.source_id for a in saved] == [sources.search(ui_desk, "Zebra census 1")[0].id]
    assert any(m.value == f"Saved provenance #{saved[0].id}" for m in at.success)


def test_a_stale_edit_shows_the_conflict_and_the_other_version(ui_desk):
    claim_id = top_claim(ui_desk)
    at = open_claim(signed_in(ui_desk, "bob"), claim_id)
    seen = claims.get(ui_desk, claim_id)
    # Someone else moves the claim on while bob's page is open.
    other = reviewers.actor_for(reviewers.get(ui_desk, "alice"))
    claims.set_status(ui_desk, other, claim_id, "in_review", expected_version=seen.version)
    button(at, "Start review").click().run() if seen.status == "new" else button(at, "Assign").click().run()
    assert any("Conflict" in e.value and "nothing was saved" in e.value for e in at.error)
    assert at.json and "in_review" in at.json[0].value


def test_a_stale_annotation_edit_is_refused(ui_desk):
    claim_id = top_claim(ui_desk)
    alice = reviewers.actor_for(reviewers.get(ui_desk, "alice"))
    note = annotations.add(ui_desk, alice, claim_id, AnnotationForm(type="context", note="first words"))
    at = open_claim(signed_in(ui_desk, "alice"), claim_id)
    annotations.edit(
        ui_desk, alice, note.id, AnnotationForm(type="context", note="changed elsewhere"), expected_version=note.version
    )
    at.text_area(key=f"edit_note_{note.id}").input("my stale change")
    button(at, "Save changes").click().run()
    assert any("Conflict" in e.value for e in at.error)
    assert "changed elsewhere" in at.json[0].value
    assert annotations.for_claim(ui_desk, claim_id)[-1].note == "changed elsewhere"


def test_a_viewer_sees_no_write_forms(ui_desk):
    at = signed_in(ui_desk, "vera")
    at = open_claim(at, top_claim(ui_desk))
    labels = {b.label for b in at.button}
    assert not labels & {"Add context note", "Set verdict", "Start review", "Approve", "Add provenance"}
    assert not [t for t in at.text_area if t.key and t.key.startswith(("context_", "verdict_"))]
    at.switch_page("ui/reader.py").run()
    assert "Create claim" not in {b.label for b in at.button}
    at.switch_page("ui/sources.py").run()
    assert "Create source" not in {b.label for b in at.button}


def test_notes_with_html_are_shown_as_text(ui_desk):
    claim_id = top_claim(ui_desk)
    alice = reviewers.actor_for(reviewers.get(ui_desk, "alice"))
    annotations.add(ui_desk, alice, claim_id, AnnotationForm(type="context", note=XSS))
    at = open_claim(signed_in(ui_desk, "bob"), claim_id)
    shown = [m for m in at.markdown if "onerror" in m.value]
    assert shown and all(not m.allow_html for m in shown)
    for block in at.get("html"):
        assert "<script" not in block.value and "<img" not in block.value


def test_first_start_creates_admin_loads_demo_and_sets_demo_passwords(templates, tmp_path, monkeypatch, capsys):
    path = tmp_path / "first.db"
    monkeypatch.setenv("ANNOTATE_DB_URL", f"sqlite:///{path}")
    monkeypatch.setenv("ANNOTATE_DEMO_PASSWORD", "demo password for tests")
    app()
    printed = capsys.readouterr().out
    assert "annotate: created admin account: user admin, password " in printed
    password = printed.split("password ", 1)[1].split()[0]
    desk = Desk.open(f"sqlite:///{path}")
    try:
        assert reviewers.authenticate(desk, "admin", password).role == "admin"
        assert reviewers.authenticate(desk, "demo.editor", "demo password for tests").role == "editor"
        assert queue.page(desk).total > 0
    finally:
        desk.dispose()
    app()  # a second session of the same process prints nothing again
    assert "created admin account" not in capsys.readouterr().out


def test_history_shows_as_of_and_reverts_an_annotation(ui_desk):
    claim_id = top_claim(ui_desk)
    alice = reviewers.actor_for(reviewers.get(ui_desk, "alice"))
    note = annotations.add(ui_desk, alice, claim_id, AnnotationForm(type="context", note="the first wording"))
    annotations.edit(
        ui_desk, alice, note.id, AnnotationForm(type="context", note="a worse wording"), expected_version=note.version
    )
    at = open_claim(signed_in(ui_desk, "alice"), claim_id)
    changes = list(at.table[0].value["change"])
    assert "new context: the first wording" in changes
    assert "note: 'the first wording' → 'a worse wording'" in changes
    button(at, "Show").click().run()
    assert any(c.value.startswith("As of ") for c in at.caption)
    at.selectbox(key="rv_ann").set_value(note.id).run()
    assert at.selectbox(key="rv_seq").value == min(
        e.seq
        for e in audit.claim_timeline(ui_desk, claim_id)
        if e.entity_id == str(note.id) and e.entity_type == "annotation"
    )
    button(at, "Revert").click().run()
    assert not at.error, [e.value for e in at.error]
    assert [a.note for a in annotations.for_claim(ui_desk, claim_id) if a.id == note.id] == ["the first wording"]


def test_reader_makes_a_claim_from_found_words(ui_desk):
    at = signed_in(ui_desk, "bob")
    at.switch_page("ui/reader.py").run()
    doc_id = at.selectbox[0].value
    before = len(claims.for_document(ui_desk, doc_id))
    text = documents.get(ui_desk, doc_id).text
    words = text[10:40]
    at.text_input(key="reader_find").input(words).run()
    button(at, "Create claim").click().run()
    assert not at.error, [e.value for e in at.error]
    made = claims.for_document(ui_desk, doc_id)
    assert len(made) == before + 1 and any(c.text == words for c in made)


PAGES = ["ui/queue.py", "ui/claim.py", "ui/reader.py", "ui/sources.py", "ui/dashboard.py", "ui/activity.py"]


@pytest.mark.parametrize("username", ["vera", "alice", "bob", "root"])
def test_every_page_renders_for_every_role(ui_desk, username):
    at = signed_in(ui_desk, username)
    at.session_state["claim_id"] = top_claim(ui_desk)
    for page in PAGES + (["ui/admin.py"] if username == "root" else []):
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert not at.error, (page, [e.value for e in at.error])


def test_admin_page_only_for_admins(ui_desk):
    at = signed_in(ui_desk, "bob")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("ui/admin.py")
    at = signed_in(ui_desk, "root")
    at.switch_page("ui/admin.py").run()
    assert at.title[0].value == "Reviewers & verdict scale"
    at.text_input(key="new_username").input("carol")
    at.text_input(key="new_password").input("carol password")
    button(at, "Create").click().run()
    assert reviewers.get(ui_desk, "carol").role == "reviewer"


def test_verify_chain_button(ui_desk):
    at = signed_in(ui_desk, "vera")
    at.switch_page("ui/activity.py").run()
    assert len(at.dataframe[0].value) > 0
    button(at, "Verify the audit chain").click().run()
    assert any("audit chain intact" in s.value for s in at.success)


def test_export_from_the_queue_filter(ui_desk):
    at = signed_in(ui_desk, "bob")
    at.switch_page("ui/exchange.py").run()
    assert not at.exception, at.exception
    at.selectbox(key="export_format").set_value("json")
    button(at, "Prepare the export").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.get("download_button")


# ---- ui/render.py ---------------------------------------------------------------------------------


def test_highlight_escapes_text_and_marks_the_span():
    text = 'He said <b>"ten"</b> & left.'
    html = render.highlight(text, [render.Span(8, 20, 7, "#fff")])
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert 'data-claim="7"' in html
    marked = html.split("<mark", 1)[1].split("</mark>")[0]
    assert "&lt;b&gt;&quot;ten&quot;&lt;/b&gt;" in marked


def test_highlight_uses_document_offsets_and_trims_overlaps():
    text = "0123456789"
    html = render.highlight(text[4:], [render.Span(5, 7, 1, "#fff"), render.Span(6, 9, 2, "#eee")], offset=4)
    assert ">56<sup>#1</sup></mark>" in html
    assert ">78<sup>#2</sup></mark>" in html
    assert html.count("<mark") == 2


def test_highlight_title_and_colour_cannot_break_out():
    html = render.highlight("abc", [render.Span(0, 3, 1, '"><script>x</script>', title='" onmouseover="x')])
    assert "<script>" not in html and 'onmouseover="x' not in html


def test_context_shows_sentences_around_the_claim():
    text = "One. Two. Three is the claim. Four. Five. Six."
    start = text.index("Three")
    end = start + len("Three is the claim.")
    lo, hi = render.context_bounds(text, start, end, sentences=1)
    assert text[lo:hi].strip() == "Two. Three is the claim. Four."


def test_links_only_for_http_urls_and_markdown_escaped():
    assert render.safe_url("javascript:alert(1)") is None
    assert render.source_markdown("x", "javascript:alert(1)") == "x"
    line = render.source_markdown("A [title](y)", "https://ex.org/a b", "P*ub")
    assert line.startswith("[A \\[title\\]\\(y\\)](https://ex.org/a%20b)")
    assert "P\\*ub" in line


def test_find_all_is_case_insensitive():
    assert render.find_all("Tax up. TAX down.", "tax") == [0, 8]
    assert render.find_all("abc", "") == []
