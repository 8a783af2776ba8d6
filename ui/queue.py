"""Review queue: filter, sort by check-worthiness, page through in the database, open a claim."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from annotate.schemas import STATUSES, QueueFilter
from annotate.services import NotFound, documents, queue, reviewers, scale
from ui import session

PAGE_KEY = "queue_page"
PAGE_SIZE = 25

desk = session.get_desk()
session.actor()
st.title("Review queue")
session.flash()

current = session.queue_filter()
docs = documents.list_documents(desk)


def _label(d) -> str:
    return f"#{d.id} {d.title or d.filename or d.uid}"[:90]


doc_names = {d.id: _label(d) for d in docs}
if current.document_id is not None and current.document_id not in doc_names:
    # The picker lists recent documents only; a filter set from the reader on an older one must survive it.
    try:
        doc_names[current.document_id] = _label(documents.summary(desk, current.document_id))
    except NotFound:
        pass
people = {r.id: r.username for r in reviewers.list_all(desk)}
labels = [v.label for v in scale.labels(desk)]


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


with st.expander("Filters", expanded=False), st.form("queue_filters"):
    c1, c2, c3 = st.columns(3)
    status = c1.multiselect("Status", STATUSES, default=current.status)
    kind = c1.multiselect("Kind", ["quote", "reported", "statement"], default=current.kind)
    min_cw = c1.slider("Minimum check-worthiness", 0.0, 1.0, current.min_checkworthiness, 0.05)
    doc_ids = [None, *doc_names]
    document_id = c2.selectbox(
        "Document",
        doc_ids,
        index=doc_ids.index(current.document_id) if current.document_id in doc_ids else 0,
        format_func=lambda i: "any" if i is None else doc_names[i],
    )
    outlets = ["", *documents.outlets(desk)]
    outlet = c2.selectbox(
        "Outlet", outlets, index=outlets.index(current.outlet or "") if current.outlet in outlets else 0
    )
    speaker = c2.text_input("Speaker contains", current.speaker or "")
    verdicts = ["", *labels]
    verdict = c3.selectbox(
        "Verdict", verdicts, index=verdicts.index(current.verdict or "") if current.verdict in verdicts else 0
    )
    tag = c3.text_input("Tag", current.tag or "")
    assignees = [None, *people]
    assignee_id = c3.selectbox(
        "Assignee",
        assignees,
        index=assignees.index(current.assignee_id) if current.assignee_id in assignees else 0,
        format_func=lambda i: "anyone" if i is None else people[i],
    )
    text = c1.text_input("Claim text contains", current.text or "")
    d1, d2 = c2.columns(2)
    published_from = d1.date_input("Published from", value=_date(current.published_from))
    published_to = d2.date_input("Published to", value=_date(current.published_to))
    applied = st.form_submit_button("Apply filters", type="primary")
if applied:
    st.session_state[session.FILTER_KEY] = QueueFilter(
        status=status,
        kind=kind,
        min_checkworthiness=min_cw,
        document_id=document_id,
        outlet=outlet or None,
        speaker=speaker or None,
        verdict=verdict or None,
        tag=tag or None,
        assignee_id=assignee_id,
        text=text or None,
        published_from=published_from.isoformat() if published_from else None,
        published_to=published_to.isoformat() if published_to else None,
    )
    st.session_state[PAGE_KEY] = 1
    st.rerun()
if current != QueueFilter() and st.button("Clear filters"):
    st.session_state[session.FILTER_KEY] = QueueFilter()
    st.session_state[PAGE_KEY] = 1
    st.rerun()


@st.fragment
def table() -> None:
    # A fragment: paging and picking a row rerun only this part, not the filter form.
    f = session.queue_filter()
    result = queue.page(desk, f, page=st.session_state.get(PAGE_KEY, 1), page_size=PAGE_SIZE)
    if result.page > result.pages:  # the list shrank under us (others' work, a narrower filter)
        st.session_state[PAGE_KEY] = result.pages
        result = queue.page(desk, f, page=result.pages, page_size=PAGE_SIZE)
    st.caption(f"{result.total_label} claims match · page {result.page} of {result.pages} · most check-worthy first")
    rows = [
        {
            "id": r.id,
            "check-worthiness": r.checkworthiness,
            "claim": r.text,
            "status": r.status.replace("_", " "),
            "verdict": r.verdict or "",
            "speaker": r.speaker or "",
            "kind": r.kind,
            "outlet": r.outlet or "",
            "published": r.published or "",
            "document": r.document_title or "",
            "assignee": r.assignee or "",
        }
        for r in result.rows
    ]
    event = st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="queue_table",
        column_config={
            "id": st.column_config.NumberColumn("#", width="small"),
            "check-worthiness": st.column_config.ProgressColumn(
                "Check-worthy", min_value=0.0, max_value=1.0, format="%.2f", width="small"
            ),
            "claim": st.column_config.TextColumn("Claim", width="large"),
            "status": st.column_config.TextColumn("Status", width="small"),
        },
    )
    picked = event.selection.rows if event and event.selection else []
    if picked:
        session.open_claim(rows[picked[0]]["id"])
    left, mid, right = st.columns([1, 3, 1])
    if left.button("◀ Previous page", disabled=result.page <= 1, key="queue_prev"):
        st.session_state[PAGE_KEY] = result.page - 1
        st.rerun(scope="fragment")
    if right.button("Next page ▶", disabled=result.page >= result.pages, key="queue_next"):
        st.session_state[PAGE_KEY] = result.page + 1
        st.rerun(scope="fragment")
    if rows:
        with mid:
            a, b = st.columns([3, 1])
            choice = a.selectbox(
                "Claim to open",
                [r["id"] for r in rows],
                format_func=lambda i: next(f"#{r['id']} {r['claim'][:80]}" for r in rows if r["id"] == i),
                key="queue_pick",
                label_visibility="collapsed",
            )
            if b.button("Open claim", key="queue_open", type="primary"):
                session.open_claim(choice)


table()
