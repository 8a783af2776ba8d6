"""The claim's history: timeline with readable diffs, the claim "as of" a moment, reverting an annotation."""

from __future__ import annotations

import datetime as dt
import json

import streamlit as st

from annotate.schemas import AnnotationView, EventView
from annotate.services import annotations, audit
from annotate.services.permissions import Actor
from ui import session


def change_text(event: EventView) -> str:
    """What changed, in words: the diff for an edit, the content for something new."""
    line = audit.describe(event)
    if " — " in line:  # describe() gives "… — field: old → new; …" for edits
        return line.split(" — ", 1)[1]
    after = json.loads(event.after) if event.after and event.after.startswith("{") else {}
    if not event.before and after:
        what = after.get("type") or event.entity_type
        detail = (
            after.get("verdict") or after.get("tag") or after.get("title") or after.get("note") or after.get("text")
        )
        detail = f": {str(detail)[:140]}" if detail else ""
        return f"new {str(what).replace('_', ' ')}{detail}"
    return line.split(": ", 1)[-1]


def timeline(claim_id: int) -> list[EventView]:
    events = audit.claim_timeline(session.get_desk(), claim_id)
    if not events:
        st.caption("No recorded changes yet.")
        return events
    # A static table (not the canvas grid): the history is read, searched with Ctrl+F and printed.
    st.table(
        [
            {
                "#": e.seq,
                "when (UTC)": e.at[:19].replace("T", " "),
                "who": e.actor,
                "what": f"{e.action} {e.entity_type} #{e.entity_id}",
                "change": change_text(e),
                "reason": e.reason or "",
            }
            for e in events
        ],
    )
    return events


def as_of(claim_id: int) -> None:
    st.markdown("**The claim as it was at a moment**")
    now = dt.datetime.now(dt.UTC)
    c1, c2, c3 = st.columns([2, 2, 1])
    day = c1.date_input("Date (UTC)", value=now.date(), key="asof_date")
    at = c2.time_input("Time (UTC)", value=now.time().replace(microsecond=0), step=60, key="asof_time")
    if c3.button("Show", key="asof_show"):
        # The picker has minute precision; "as of 12:33" means everything up to the end of that minute.
        moment = dt.datetime.combine(day, at, tzinfo=dt.UTC).replace(second=59, microsecond=999999)
        st.session_state["asof_moment"] = moment
    moment = st.session_state.get("asof_moment")
    if moment is None:
        return
    state = audit.claim_as_of(session.get_desk(), claim_id, moment)
    if state.claim is None:
        st.info(f"The claim did not exist yet at {moment:%Y-%m-%d %H:%M} UTC.")
        return
    claim = state.claim
    st.caption(f"As of {moment:%Y-%m-%d %H:%M} UTC")
    st.dataframe(
        [{"field": k, "value": json.dumps(v) if isinstance(v, list | dict) else str(v)} for k, v in claim.items()],
        hide_index=True,
        width="stretch",
        key="asof_claim",
    )
    st.dataframe(
        [
            {
                "#": a.get("id"),
                "type": a.get("type"),
                "verdict / tag / relation": a.get("verdict") or a.get("tag") or a.get("relation") or "",
                "note": a.get("note") or "",
                "withdrawn": bool(a.get("withdrawn")),
            }
            for a in state.annotations
        ],
        hide_index=True,
        width="stretch",
        key="asof_annotations",
    )


def revert(claim_id: int, items: list[AnnotationView], events: list[EventView], me: Actor) -> None:
    if not me.can("annotate"):
        return
    versions = {
        a.id: [e for e in events if e.entity_type == "annotation" and e.entity_id == str(a.id) and e.after]
        for a in items
    }
    candidates = [a for a in items if len(versions[a.id]) > 1]
    if not candidates:
        st.caption("No annotation has an earlier version to revert to yet.")
        return
    st.markdown("**Revert an annotation to an earlier version**")
    with st.container(border=True):
        ann_id = st.selectbox("Annotation", [a.id for a in candidates], format_func=lambda i: f"#{i}", key="rv_ann")
        options = {e.seq: f"event #{e.seq} · {e.at[:19]} · {e.actor} · {e.action}" for e in versions.get(ann_id, [])}
        seq = st.selectbox("Version (the state after this event)", list(options), format_func=options.get, key="rv_seq")
        if st.button("Revert", key="rv_go"):
            live = next(a for a in items if a.id == ann_id)
            pinned = session.seen("annotation", ann_id, lambda: live)
            done = session.attempt(
                lambda: annotations.revert(session.get_desk(), me, ann_id, seq, expected_version=pinned.version),
                success=f"Annotation #{ann_id} reverted to event #{seq}",
                refresh=("annotation", ann_id),
            )
            if done:
                session.forget("claim", claim_id)
                st.rerun()
