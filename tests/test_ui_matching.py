"""Repeated claims in the browser (AppTest): the claim workspace's "Seen elsewhere" and the Narratives page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from ui_helpers import button, signed_in

from annotate.services import Desk, claims, documents, matching, narratives, reviewers

XSS = "<script>alert(1)</script> and <img src=x onerror=alert(1)>"


def claim_with(desk: Desk, words: str) -> int:
    for document in documents.list_documents(desk):
        for claim in claims.for_document(desk, document.id):
            if words in claim.text:
                return claim.id
    raise AssertionError(f"no claim contains {words!r}")


def workspace(desk: Desk, username: str, claim_id: int) -> AppTest:
    at = signed_in(desk, username)
    at.session_state["claim_id"] = claim_id
    at.switch_page("ui/claim.py").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.warning, *at.caption, *at.subheader])


@pytest.fixture
def demo_claims(ui_desk):
    return {
        "offer": claim_with(ui_desk, "as far back in 2009"),
        "renewed": claim_with(ui_desk, "in 2008, I believe, we renewed our initiative"),
        "oral": claim_with(ui_desk, "oral guarantees given in the late Soviet era"),
    }


def test_the_demo_claim_is_seen_elsewhere_with_the_2008_2009_contradiction(ui_desk, demo_claims):
    at = workspace(ui_desk, "alice", demo_claims["offer"])
    shown = texts(at)
    assert "Seen elsewhere" in shown
    assert f"claim \\#{demo_claims['renewed']} · Sputnik" in shown and "linked by a reviewer" in shown
    warning = [w.value for w in at.warning if "Contradiction" in w.value]
    assert warning and "**2009** here" in warning[0] and "2008" in warning[0] and "Sputnik" in warning[0]
    assert "Legally binding security guarantees" in shown
    assert {"Apply this verdict and annotations here", "Unlink"} <= {b.label for b in at.button}
    assert all(not m.allow_html for m in at.markdown)


def test_a_matched_verdict_is_applied_from_the_workspace(ui_desk, demo_claims):
    at = workspace(ui_desk, "alice", demo_claims["renewed"])
    button(at, "Apply this verdict and annotations here").click().run()
    assert not at.error, [e.value for e in at.error]
    after = claims.get(ui_desk, demo_claims["renewed"])
    assert after.verdict == "True" and after.status == "needs_second_review"
    assert any("Applied the verdict" in s.value for s in at.success)


def test_unlink_needs_a_reason_and_link_by_number_works(ui_desk, demo_claims):
    offer, renewed, oral = demo_claims["offer"], demo_claims["renewed"], demo_claims["oral"]
    at = workspace(ui_desk, "alice", offer)
    button(at, "Unlink").click().run()
    assert any("say why" in e.value for e in at.error)
    link_id = matching.seen_elsewhere(ui_desk, offer)[0].link_id
    at.text_input(key=f"se_reason_{link_id}").input("different steps of the initiative")
    button(at, "Unlink").click().run()
    assert not at.error, [e.value for e in at.error]
    assert matching.seen_elsewhere(ui_desk, offer) == []
    assert "No other article carries this claim yet" in texts(at)
    at.number_input(key="se_link_id").set_value(oral)
    at.text_input(key="se_link_reason").input("both about promises the West did not write down")
    button(at, "Link to claim").click().run()
    assert not at.error, [e.value for e in at.error]
    assert [s.claim_id for s in matching.seen_elsewhere(ui_desk, offer)] == [oral]
    assert renewed not in {s.claim_id for s in matching.seen_elsewhere(ui_desk, offer)}


def test_a_viewer_sees_matches_but_no_buttons_to_change_them(ui_desk, demo_claims):
    at = workspace(ui_desk, "vera", demo_claims["offer"])
    assert "Seen elsewhere" in texts(at) and any("Contradiction" in w.value for w in at.warning)
    labels = {b.label for b in at.button}
    assert not labels & {"Apply this verdict and annotations here", "Unlink", "Link to claim", "Add"}
    assert not [t for t in at.text_input if t.key and t.key.startswith("se_")]


def test_a_claim_is_added_to_a_narrative_from_the_workspace(ui_desk, demo_claims):
    reviewer = reviewers.actor_for(reviewers.get(ui_desk, "alice"))
    other = narratives.create(ui_desk, reviewer, "Promises broken", "The West broke its word")
    at = workspace(ui_desk, "alice", demo_claims["oral"])
    at.selectbox(key="se_narrative").set_value(other.id)
    button(at, "Add").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "Promises broken" in [n.name for n in narratives.for_claim(ui_desk, demo_claims["oral"])]


def test_the_narratives_page_charts_the_demo_narrative(ui_desk, demo_claims):
    at = signed_in(ui_desk, "vera")
    at.switch_page("ui/narratives.py").run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert at.title[0].value == "Narratives"
    assert at.subheader[0].value == "Legally binding security guarantees"
    assert at.get("vega_lite_chart"), "no timeline chart"
    table = at.dataframe[1].value
    assert set(table["claim"]) == set(demo_claims.values())
    assert set(table["outlet"]) == {"TASS", "Sputnik", "RT"} and "True" in set(table["verdict"])
    assert any("2009" in w.value and "2008" in w.value for w in at.warning)
    assert "Create narrative" not in {b.label for b in at.button}  # viewers read, reviewers create


def test_a_reviewer_creates_a_narrative_and_its_text_stays_text(ui_desk):
    at = signed_in(ui_desk, "alice")
    at.switch_page("ui/narratives.py").run()
    at.text_input(key="narrative_name").input("Escaped " + XSS)
    at.text_area(key="narrative_desc").input(XSS)
    button(at, "Create narrative").click().run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    made = [n for n in narratives.list_all(ui_desk) if n.name.startswith("Escaped")]
    assert made and made[0].description == XSS
    assert at.subheader[0].value.startswith("Escaped")  # the new narrative is selected
    shown = [m for m in at.markdown if "onerror" in m.value]
    assert shown and all(not m.allow_html for m in shown)
