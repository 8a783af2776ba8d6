"""Document reader: the cleaned article with every claim highlighted in place, and the span tools."""

from __future__ import annotations

import streamlit as st

from annotate.schemas import ClaimForm
from annotate.services import claims, documents
from ui import session
from ui.render import STATUS_COLOURS, VERDICT_COLOURS, Span, colour_for, find_all, highlight, legend, md_escape

DOC_KEY = "reader_document"
desk = session.get_desk()
me = session.actor()
st.title("Document reader")
session.flash()

docs = documents.list_documents(desk)
if not docs:
    st.info("No documents yet: ingest some with `annotate ingest FILES`.")
    st.stop()
names = {d.id: f"#{d.id} {d.title or d.filename or d.uid}"[:110] for d in docs}
ids = list(names)
remembered = st.session_state.get(DOC_KEY)
doc_id = st.selectbox("Document", ids, index=ids.index(remembered) if remembered in ids else 0, format_func=names.get)
st.session_state[DOC_KEY] = doc_id
doc = documents.get(desk, doc_id)
found = claims.for_document(desk, doc_id)
st.caption(
    f"{md_escape(doc.outlet or 'unknown outlet')} · {md_escape(doc.published or 'undated')} · "
    f"{len(found)} claims · {len(doc.text)} characters"
)
c1, c2 = st.columns([1, 3])
raw = c1.toggle("Show the raw input", key="reader_raw")
by = c2.radio("Colour by", ["status", "verdict"], horizontal=True, key="reader_colour")
if raw:
    st.code(doc.raw, language=None, wrap_lines=True)
else:
    st.html(legend(STATUS_COLOURS if by == "status" else VERDICT_COLOURS))
    spans = [
        Span(c.start, c.end, c.id, colour_for(c.status, c.verdict, by), f"{c.status} · {c.verdict or 'no verdict'}")
        for c in found
        if c.status != "rejected"
    ]
    with st.container(height=520, border=True):
        st.html(highlight(doc.text, spans))

labels = {c.id: f"#{c.id} [{c.status}] {c.text[:90]}" for c in found}
if labels:
    a, b = st.columns([4, 1])
    pick = a.selectbox("Claim", list(labels), format_func=labels.get, key="reader_claim")
    if b.button("Open in workspace", key="reader_open"):
        session.open_claim(pick)
if not me.can("claim.create"):
    st.stop()

st.subheader("Claim tools")
make, edit, split, merge = st.tabs(["New claim", "Edit span / speaker / kind", "Split · not a claim", "Merge"])
with make:
    words = st.text_input("Find the words", key="reader_find")
    hits = find_all(doc.text, words)
    if words and not hits:
        st.caption("Not found in the cleaned text.")
    start_default = hits[0] if hits else 0
    with st.form("claim_new"):
        c1, c2, c3, c4 = st.columns(4)
        start = c1.number_input("Start", 0, len(doc.text), start_default, key=f"new_start_{start_default}")
        end = c2.number_input(
            "End",
            1,
            len(doc.text),
            min(len(doc.text), start_default + max(len(words), 1)),
            key=f"new_end_{start_default}",
        )
        speaker = c3.text_input("Speaker", key="new_speaker")
        kind = c4.selectbox("Kind", ["statement", "quote", "reported"], key="new_kind")
        if st.form_submit_button("Create claim", type="primary"):
            made = session.attempt(
                lambda: claims.create(desk, me, doc_id, ClaimForm(start=start, end=end, speaker=speaker, kind=kind)),
                success="Claim created",
            )
            if made:
                st.rerun()
if not labels:
    st.stop()
chosen = st.session_state.get("reader_claim") or next(iter(labels))
live = next(c for c in found if c.id == chosen)
pinned = session.seen("claim", chosen, lambda: live)
with edit, st.form(f"claim_edit_{chosen}"):
    st.caption(f"Editing claim #{chosen} (v{pinned.version})")
    c1, c2, c3, c4 = st.columns(4)
    start = c1.number_input("Start", 0, len(doc.text), pinned.start, key=f"ed_start_{chosen}")
    end = c2.number_input("End", 1, len(doc.text), pinned.end, key=f"ed_end_{chosen}")
    speaker = c3.text_input("Speaker", pinned.speaker or "", key=f"ed_speaker_{chosen}")
    kinds = ["statement", "quote", "reported"]
    kind = c4.selectbox("Kind", kinds, index=kinds.index(pinned.kind), key=f"ed_kind_{chosen}")
    if st.form_submit_button("Save claim"):
        if session.attempt(
            lambda: claims.edit(
                desk,
                me,
                chosen,
                ClaimForm(start=start, end=end, speaker=speaker, kind=kind),
                expected_version=pinned.version,
            ),
            success=f"Claim #{chosen} saved",
            refresh=("claim", chosen),
        ):
            st.rerun()
with split:
    if me.can("claim.split_merge"):
        at = st.number_input(
            "Split at (document offset)",
            pinned.start + 1,
            max(pinned.end - 1, pinned.start + 1),
            (pinned.start + pinned.end) // 2,
            key=f"split_at_{chosen}",
        )
        st.caption(f"First part: “{md_escape(doc.text[pinned.start : at])}”")
        if st.button("Split the claim", key="split_go"):
            if session.attempt(
                lambda: claims.split(desk, me, chosen, at, expected_version=pinned.version),
                success="Claim split",
                refresh=("claim", chosen),
            ):
                st.rerun()
    if me.can("claim.reject") and st.button("Mark as not a claim", key="reject_go"):
        if session.attempt(
            lambda: claims.reject(desk, me, chosen, expected_version=pinned.version),
            success=f"Claim #{chosen} marked not a claim",
            refresh=("claim", chosen),
        ):
            st.rerun()
with merge:
    if me.can("claim.split_merge"):
        together = st.multiselect(
            "Claims to merge (same document)", list(labels), format_func=labels.get, key="merge_ids"
        )
        if st.button("Merge the claims", key="merge_go", disabled=len(together) < 2):
            versions = {c.id: session.seen("claim", c.id, lambda c=c: c).version for c in found if c.id in together}
            if session.attempt(lambda: claims.merge(desk, me, together, versions=versions), success="Claims merged"):
                for cid in together:
                    session.forget("claim", cid)
                st.rerun()
