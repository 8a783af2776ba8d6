"""Narratives: talking points followed across outlets and years, each with a timeline of its appearances."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from annotate.services import DeskError, narratives
from ui import session
from ui.render import md_escape

desk = session.get_desk()
me = session.actor()
st.title("Narratives")
st.caption(
    "A narrative gathers the claims that carry one talking point, in any outlet and year. Add a claim to one from "
    "its workspace (Seen elsewhere); the claims linked to it come along."
)
session.flash()

try:
    items = narratives.list_all(desk)
except DeskError as exc:
    st.error(str(exc))
    st.stop()

if me.can("annotate"):
    with st.expander("New narrative", expanded=not items):
        with st.form("new_narrative", clear_on_submit=True):
            name = st.text_input("Name", key="narrative_name")
            description = st.text_area("Description (the talking point, in a sentence or two)", key="narrative_desc")
            submitted = st.form_submit_button("Create narrative", type="primary")
        if submitted:
            made = session.attempt(
                lambda: narratives.create(desk, me, name, description),
                success=f"Narrative {' '.join(name.split())!r} created",
            )
            if made:
                st.session_state["narrative_pick"] = made.id  # show the new one (the selectbox is not drawn yet)
                st.rerun()

if not items:
    st.info("No narratives yet.")
    st.stop()

st.dataframe(
    [{"narrative": n.name, "claims": n.claims, "description": n.description} for n in items],
    hide_index=True,
    width="stretch",
)
names = {n.id: n.name for n in items}
if st.session_state.get("narrative_pick") not in names:
    st.session_state.pop("narrative_pick", None)
choice = st.selectbox("Narrative", list(names), format_func=names.get, key="narrative_pick")
try:
    line = narratives.timeline(desk, choice)
    disagreements = narratives.contradictions(desk, narrative_id=choice)
except DeskError as exc:
    st.error(str(exc))
    st.stop()

st.subheader(md_escape(line.narrative.name))
if line.narrative.description:
    st.markdown(md_escape(line.narrative.description))
c = st.columns(4)
c[0].metric("Appearances", len(line.appearances))
c[1].metric("Outlets", len(line.outlets))
c[2].metric("First seen", line.first_seen or "—")
c[3].metric("Last seen", line.last_seen or "—")

rows = [
    {
        "date": narratives.dated(a.published),
        "outlet": a.outlet or "unknown outlet",
        "claim": a.claim_id,
        "verdict": a.verdict or "unreviewed",
        "status": a.status.replace("_", " "),
        "claim text": a.text,
        "article": a.document_title or f"document #{a.document_id}",
    }
    for a in line.appearances
]
frame = pd.DataFrame(rows, columns=["date", "outlet", "claim", "verdict", "status", "claim text", "article"])
frame["when"] = pd.to_datetime(frame["date"], errors="coerce")
placed = frame.dropna(subset=["when"])
st.markdown("**Appearances by outlet over time**")
if placed.empty:
    st.caption("None of these appearances has a date to place on a timeline.")
else:
    chart = (
        alt.Chart(placed)
        .mark_circle(size=160, opacity=0.85)
        .encode(
            x=alt.X("when:T", title="date", axis=alt.Axis(format="%Y-%m-%d"), scale=alt.Scale(padding=30)),
            y=alt.Y("outlet:N", title=None),
            color=alt.Color("outlet:N", title="outlet"),
            tooltip=["date", "outlet", "claim", "verdict", "claim text"],
        )
        .properties(height=max(120, 50 * placed["outlet"].nunique()))
    )
    st.altair_chart(chart, width="stretch")
undated = len(frame) - len(placed)
if undated:
    st.caption(f"{undated} appearance(s) without a date (the article's metadata gave none) are in the table only.")
st.caption(
    "Verdicts: " + ", ".join(f"{md_escape(k)} {v}" for k, v in sorted(line.verdicts.items(), key=lambda kv: -kv[1]))
)
st.dataframe(frame.drop(columns=["when"]).fillna({"date": "undated"}), hide_index=True, width="stretch")

if disagreements:
    st.markdown("**Where the appearances disagree**")
    for pair in disagreements:
        values = "; ".join(
            f"{md_escape(d.kind)}: {md_escape(', '.join(d.a))} vs {md_escape(', '.join(d.b))}" for d in pair.differences
        )
        st.warning(
            f"Claim \\#{pair.a.claim_id} ({md_escape(pair.a.outlet or 'unknown outlet')}) and claim "
            f"\\#{pair.b.claim_id} ({md_escape(pair.b.outlet or 'unknown outlet')}) — {values}",
            icon=":material/warning:",
        )

if line.appearances:
    c1, c2 = st.columns([3, 1])
    texts = {a.claim_id: a.text for a in line.appearances}
    target = c1.selectbox(
        "Open a claim", list(texts), format_func=lambda i: f"#{i}: {texts[i][:90]}", key="narrative_open"
    )
    if c2.button("Open in the workspace", key="narrative_open_go"):
        session.open_claim(target)
