"""Activity feed (who did what, when) and the audit chain's integrity check."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from annotate.services import audit, views
from ui import session
from ui.history import change_text

desk = session.get_desk()
session.actor()
st.title("Activity & audit")

c1, c2, c3, c4 = st.columns([2, 2, 2, 1])
who = c1.selectbox("Reviewer", ["", *views.actors(desk)], format_func=lambda a: a or "everyone", key="feed_actor")
since = c2.date_input("From", value=None, key="feed_since")
until = c3.date_input("To", value=None, key="feed_until")
limit = c4.number_input("Rows", 10, 2000, 200, 50, key="feed_limit")
events = audit.feed(
    desk,
    actor=who or None,
    since=since.isoformat() if isinstance(since, dt.date) else None,
    until=until.isoformat() if isinstance(until, dt.date) else None,
    limit=int(limit),
)
st.dataframe(
    [
        {
            "#": e.seq,
            "when (UTC)": e.at[:19].replace("T", " "),
            "who": e.actor,
            "action": e.action,
            "on": f"{e.entity_type} #{e.entity_id}",
            "claim": e.claim_id,
            "summary": change_text(e),
            "reason": e.reason or "",
        }
        for e in events
    ],
    hide_index=True,
    width="stretch",
    column_config={"summary": st.column_config.TextColumn("summary", width="large")},
    key="feed_table",
)
st.caption(f"{len(events)} events, newest first")

st.subheader("Integrity")
st.caption("Every event carries the hash of the one before; verifying recomputes the whole chain.")
if st.button("Verify the audit chain", key="verify_chain", type="primary"):
    with st.spinner("Verifying…"):
        result = audit.verify(desk)
    (st.success if result.ok else st.error)(result.summary())
