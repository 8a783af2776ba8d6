"""Dashboard: where the desk's work stands, counted in the database."""

from __future__ import annotations

import streamlit as st

from annotate.services import queue, views
from ui import session

desk = session.get_desk()
session.actor()
st.title("Dashboard")


# Counts over the whole desk are the same for every reviewer, so a short shared cache is safe and spares the
# database a full scan per click when many people watch the dashboard.
@st.cache_data(ttl=30, show_spinner=False)
def counts(url: str) -> dict[str, dict[str, int]]:
    return {
        "status": queue.counts_by(desk, "status"),
        "verdict": {k: v for k, v in queue.counts_by(desk, "verdict").items() if k != "None"},
        "authors": views.annotations_by_author(desk),
        "outlets": views.claims_by_outlet(desk),
        "days": views.events_per_day(desk),
    }


data = counts(str(desk.engine.url))


def chart(title: str, values: dict[str, int], label: str) -> None:
    st.subheader(title)
    if not values:
        st.caption("Nothing yet.")
        return
    frame = {"name": list(values), label: list(values.values())}
    st.bar_chart(frame, x="name", y=label, horizontal=len(values) > 6, height=260)


status, verdict = data["status"], data["verdict"]
c = st.columns(4)
c[0].metric("Claims", sum(status.values()))
c[1].metric("Approved", status.get("approved", 0))
c[2].metric("Awaiting second review", status.get("needs_second_review", 0))
c[3].metric("With a verdict", sum(verdict.values()))
left, right = st.columns(2)
with left:
    chart("Claims by status", status, "claims")
    chart("Annotations by reviewer", data["authors"], "annotations")
with right:
    chart("Claims by verdict", verdict, "claims")
    chart("Claims by outlet", data["outlets"], "claims")
st.subheader("Activity over time (events per day)")
st.caption("Counts refresh every 30 seconds.")
per_day = data["days"]
if per_day:
    st.line_chart({"day": list(per_day), "events": list(per_day.values())}, x="day", y="events", height=240)
