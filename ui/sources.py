"""Source library: search, create, edit, merge duplicates, and where each source is cited."""

from __future__ import annotations

import streamlit as st

from annotate.schemas import SOURCE_KINDS, SourceForm, SourceView
from annotate.services import sources
from ui import session
from ui.render import md_escape, source_markdown

desk = session.get_desk()
me = session.actor()
st.title("Source library")
session.flash()

query = st.text_input("Search title, publisher or URL", key="src_query")
found = sources.search(desk, query, limit=200)
st.dataframe(
    [
        {
            "#": s.id,
            "title": s.title,
            "publisher": s.publisher or "",
            "date": s.published or "",
            "kind": s.kind,
            "url": s.url if s.url and s.url.lower().startswith(("http://", "https://")) else "",
        }
        for s in found
    ],
    hide_index=True,
    width="stretch",
    column_config={
        "url": st.column_config.LinkColumn("url", width="medium"),
        "title": st.column_config.TextColumn(width="medium"),
    },
    key="src_table",
)
names = {s.id: f"#{s.id} {s.title}"[:100] for s in found}


def fields(prefix: str, base: SourceView | None = None) -> SourceForm:
    c1, c2 = st.columns(2)
    title = c1.text_input("Title", base.title if base else "", key=f"{prefix}_title")
    url = c2.text_input("URL (http/https)", (base.url or "") if base else "", key=f"{prefix}_url")
    publisher = c1.text_input("Publisher", (base.publisher or "") if base else "", key=f"{prefix}_publisher")
    published = c2.text_input("Date", (base.published or "") if base else "", key=f"{prefix}_date")
    kind_default = SOURCE_KINDS.index(base.kind) if base and base.kind in SOURCE_KINDS else 2
    kind = c1.selectbox("Kind", SOURCE_KINDS, index=kind_default, key=f"{prefix}_kind")
    excerpt = st.text_area("Excerpt", (base.excerpt or "") if base else "", key=f"{prefix}_excerpt")
    # Built lazily by the caller inside attempt(), so a bad URL is shown as a message, not a traceback.
    return lambda: SourceForm(
        title=title,
        url=url or None,
        publisher=publisher or None,
        published=published or None,
        kind=kind,
        excerpt=excerpt or None,
    )


if found:
    chosen = st.selectbox("Source", list(names), format_func=names.get, key="src_pick")
    live = sources.get(desk, chosen)
    st.markdown(source_markdown(live.title, live.url, live.publisher, live.published))
    used = sources.usage(desk, chosen)
    st.caption(f"Cited by {len(used)} annotation(s)")
    for a in used:
        if st.button(f"Claim #{a.claim_id} · {a.type} #{a.id} by {a.author or 'system'}", key=f"src_use_{a.id}"):
            session.open_claim(a.claim_id)
    if me.can("source.edit"):
        pinned = session.seen("source", chosen, lambda: live)
        with st.expander("Edit this source"):
            if pinned.version != live.version:
                st.warning(f"Changed since you opened it (v{pinned.version} → v{live.version}).")
            with st.form(f"src_edit_{chosen}"):
                make = fields(f"edit{chosen}", pinned)
                if st.form_submit_button("Save source"):
                    if session.attempt(
                        lambda: sources.edit(desk, me, chosen, make(), expected_version=pinned.version),
                        success="Source saved",
                        refresh=("source", chosen),
                    ):
                        st.rerun()
    if me.can("source.merge") and len(names) > 1:
        with st.expander("Merge a duplicate into this source"):
            with st.form("src_merge"):
                others = [i for i in names if i != chosen]
                duplicate = st.selectbox("Duplicate", others, format_func=names.get, key="src_dup")
                st.caption(f"Its citations move to {md_escape(live.title)}; the duplicate is kept, marked merged.")
                if st.form_submit_button("Merge"):
                    if session.attempt(lambda: sources.merge(desk, me, duplicate, chosen), success="Merged"):
                        st.rerun()

if me.can("source.edit"):
    st.subheader("New source")
    with st.form("src_create", clear_on_submit=True):
        make_new = fields("new")
        if st.form_submit_button("Create source", type="primary"):
            if session.attempt(lambda: sources.create(desk, me, make_new()), success="Source created"):
                st.rerun()
