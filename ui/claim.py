"""Claim workspace: the claim in context, its annotations and forms, workflow, assignment and history."""

from __future__ import annotations

import streamlit as st

from annotate.services import NotFound, annotations, claims, documents, queue, reviewers
from ui import annotation_forms, history, seen_elsewhere, session
from ui.render import claim_in_context, colour_for, facts, md_escape

desk = session.get_desk()
me = session.actor()
claim_id = st.session_state.get(session.CLAIM_KEY)
if claim_id is None:
    st.title("Claim workspace")
    st.info("Open a claim from the review queue or the document reader.")
    st.page_link("ui/queue.py", label="Go to the review queue", icon=":material/list_alt:")
    st.stop()
try:
    live = claims.get(desk, claim_id)
except NotFound:
    st.error(f"There is no claim #{claim_id}.")
    st.stop()
# The URL names the claim so a link (or a reload, after signing in again) comes back here.
st.query_params["claim"] = str(claim_id)
pinned = session.seen_claim(claim_id)
doc = documents.get(desk, live.document_id)

head, nav = st.columns([3, 2])
head.title(f"Claim #{live.id}")
previous, following = queue.neighbours(desk, live.id, session.queue_filter())
p, n, q = nav.columns(3)
if p.button("◀ Previous", disabled=previous is None, key="claim_prev"):
    session.open_claim(previous)
if n.button("Next ▶", disabled=following is None, key="claim_next"):
    session.open_claim(following)
q.page_link("ui/queue.py", label="Queue", icon=":material/list_alt:")
session.flash()

if pinned.version != live.version:
    st.warning(
        f"Someone changed this claim since you opened it (v{pinned.version} → v{live.version}); "
        "your status changes will be refused until you reload."
    )
    if st.button("Reload the latest", key="claim_reload"):
        session.forget("claim", claim_id)
        st.rerun()

st.html(claim_in_context(doc.text, live.id, live.start, live.end, colour_for(live.status, live.verdict)))
people = {r.id: r.username for r in reviewers.list_all(desk)}
st.html(
    facts(
        [
            ("Status", live.status.replace("_", " ")),
            ("Verdict", live.verdict),
            ("Check-worthiness", f"{live.checkworthiness:.2f}"),
            ("Kind", live.kind),
            ("Speaker", live.speaker),
            ("Assignee", people.get(live.assignee_id)),
        ]
    )
)
st.caption(
    f"From **{md_escape(doc.title or doc.filename or doc.uid)}** · {md_escape(doc.outlet or 'unknown outlet')} · "
    f"{md_escape(doc.published or 'undated')} · characters {live.start}–{live.end} · "
    f"why check-worthy: {md_escape(', '.join(live.reasons) or '—')}"
)


def workflow() -> None:
    """Status buttons for the moves the workflow allows from here; the service enforces roles."""
    moves = {
        "new": [("Start review", "in_review", "claim.status"), ("Reject: not a claim", "rejected", "claim.reject")],
        "in_review": [
            ("Ask for second review", "needs_second_review", "claim.status"),
            ("Reject: not a claim", "rejected", "claim.reject"),
        ],
        "needs_second_review": [
            ("Approve", "approved", "claim.approve"),
            ("Send back to review", "in_review", "claim.status"),
            ("Reject: not a claim", "rejected", "claim.reject"),
        ],
        "approved": [("Reopen", "in_review", "claim.reopen")],
        "rejected": [("Reopen", "new", "claim.reopen")],
    }[pinned.status]  # what the reviewer saw: a click on a stale page is refused as a conflict, not rerouted
    allowed = [m for m in moves if me.can(m[2])]
    if not allowed:
        return
    st.markdown("**Workflow**")
    reason = st.text_input("Reason (needed to reopen; recorded in the history)", key="status_reason")
    cols = st.columns(len(allowed))
    for col, (label, target, _) in zip(cols, allowed, strict=True):
        kind = "primary" if label in ("Start review", "Ask for second review", "Approve") else "secondary"
        if col.button(label, key=f"status_{target}", type=kind):
            done = session.attempt(
                lambda target=target: claims.set_status(
                    desk, me, claim_id, target, expected_version=pinned.version, reason=reason or None
                ),
                success=f"Claim #{claim_id} is now {target.replace('_', ' ')}",
                refresh=("claim", claim_id),
            )
            if done:
                st.rerun()


def assignment() -> None:
    if not me.can("claim.assign"):
        return
    options = [None, *people]
    c1, c2 = st.columns([3, 1])
    who = c1.selectbox(
        "Assign to",
        options,
        index=options.index(live.assignee_id) if live.assignee_id in options else 0,
        format_func=lambda i: "nobody" if i is None else people[i],
        key="assign_to",
    )
    if c2.button("Assign", key="assign_go"):
        done = session.attempt(
            lambda: claims.assign(desk, me, claim_id, who, expected_version=pinned.version),
            success="Assignment saved",
            refresh=("claim", claim_id),
        )
        if done:
            st.rerun()


if me.can("claim.status"):
    with st.container(border=True):
        workflow()
        assignment()

items = annotations.for_claim(desk, claim_id)
work, past = st.tabs(["Annotations", "History"])
with work:
    left, right = st.columns([3, 2]) if me.can("annotate") else (st.container(), None)
    with left:
        if not items:
            st.info("No annotations yet.")
        annotation_forms.show_list(live, items, me)
    if right is not None:
        with right:
            st.subheader("Add")
            annotation_forms.add_forms(live, me)
    seen_elsewhere.render(desk, live, me)
with past:
    events = history.timeline(claim_id)
    history.as_of(claim_id)
    history.revert(claim_id, items, events, me)
