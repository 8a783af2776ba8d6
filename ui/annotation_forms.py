"""The claim workspace's annotation widgets: the list (with edit / withdraw / reply) and the add forms."""

from __future__ import annotations

from functools import partial

import streamlit as st

from annotate.schemas import RELATIONS, SOURCE_KINDS, STANCES, AnnotationForm, AnnotationView, ClaimView, SourceForm
from annotate.services import annotations, scale, sources
from annotate.services.permissions import Actor
from ui import session
from ui.render import md_escape, source_markdown

RESET_KEY = "annotation_forms_reset"  # keys of the form saved in the previous run, to empty in this one
SOURCE_FIELDS = ("source", "new_title", "new_url", "new_publisher", "new_date", "new_kind")
PROV_KEYS = [f"prov_{f}" for f in SOURCE_FIELDS] + ["prov_excerpt", "prov_note"]
COUNTER_KEYS = [f"counter_{f}" for f in SOURCE_FIELDS] + ["counter_excerpt", "counter_note"]
TITLES = {
    "provenance": "Provenance",
    "counter_source": "Counter-sources",
    "context": "Context notes",
    "verdict": "Verdicts",
    "tag": "Tags",
    "comment": "Comments",
}


def _byline(a: AnnotationView) -> str:
    when = a.created_at.strftime("%Y-%m-%d %H:%M UTC")
    edited = f" · edited {a.updated_at:%Y-%m-%d %H:%M}" if a.version > 1 else ""
    return f"#{a.id} · {md_escape(a.author or 'system')} · {when}{edited} · v{a.version}"


def show_one(a: AnnotationView) -> None:
    if a.withdrawn:
        st.caption(f"~~withdrawn~~ — {md_escape(a.withdrawn_reason or 'no reason given')} · {_byline(a)}")
    if a.type == "verdict":
        confidence = f" (confidence {a.confidence:.0%})" if a.confidence is not None else ""
        st.markdown(f"**Verdict: {md_escape(a.verdict)}**{confidence}")
    if a.type == "tag":
        st.markdown(f":material/sell: Tag: **{md_escape(a.tag)}**")
    if a.source is not None:
        relation = f"**{md_escape((a.relation or '').replace('_', ' '))}** · " if a.relation else ""
        st.markdown(relation + source_markdown(a.source.title, a.source.url, a.source.publisher, a.source.published))
    if a.excerpt:
        st.markdown("> " + md_escape(a.excerpt))
    if a.note:
        # Reviewer Markdown, rendered without unsafe_allow_html: Streamlit shows raw HTML as text.
        st.markdown(a.note)
    if not a.withdrawn:
        st.caption(_byline(a))


def show_list(claim: ClaimView, items: list[AnnotationView], me: Actor) -> None:
    by_type: dict[str, list[AnnotationView]] = {}
    for a in items:
        by_type.setdefault(a.type, []).append(a)
    show_withdrawn = st.toggle("Show withdrawn annotations", key="show_withdrawn")
    for kind, title in TITLES.items():
        group = [a for a in by_type.get(kind, []) if show_withdrawn or not a.withdrawn]
        if not group:
            continue
        st.subheader(title)
        roots = [a for a in group if a.parent_id is None or kind != "comment"]
        for a in roots:
            with st.container(border=True):
                show_one(a)
                for reply in [r for r in group if r.parent_id == a.id and kind == "comment"]:
                    with st.container(border=True):
                        st.caption("↳ reply")
                        show_one(reply)
                _controls(claim, a, me)


def _controls(claim: ClaimView, live: AnnotationView, me: Actor) -> None:
    may_edit = me.can("annotate") and (live.author_id == me.id or me.can("annotation.edit_others"))
    if not me.can("annotate"):
        return
    if live.type == "comment":
        with st.popover("Reply"), st.form(f"reply_{live.id}", clear_on_submit=True):
            text = st.text_area("Reply", key=f"reply_text_{live.id}")
            if st.form_submit_button("Post reply"):
                form = AnnotationForm(type="comment", note=text, parent_id=live.id)
                if session.attempt(
                    lambda: annotations.add(session.get_desk(), me, claim.id, form), success="Reply posted"
                ):
                    session.forget("claim", claim.id)
                    st.rerun()
    if not may_edit or live.withdrawn:
        return
    pinned: AnnotationView = session.seen("annotation", live.id, lambda: live)
    with st.expander(f"Edit or withdraw #{live.id}"):
        if pinned.version != live.version:
            st.warning(f"Changed since you opened it (v{pinned.version} → v{live.version}).")
            if st.button("Load the latest", key=f"reload_ann_{live.id}"):
                session.forget("annotation", live.id)
                st.rerun()
        with st.form(f"edit_{live.id}"):
            note = st.text_area("Note (Markdown)", pinned.note or "", key=f"edit_note_{live.id}")
            excerpt = pinned.excerpt
            if live.type in ("provenance", "counter_source"):
                excerpt = st.text_area("Excerpt", pinned.excerpt or "", key=f"edit_excerpt_{live.id}")
            tag = st.text_input("Tag", pinned.tag or "", key=f"edit_tag_{live.id}") if live.type == "tag" else None
            confidence = pinned.confidence
            if live.type == "verdict":
                confidence = st.slider("Confidence", 0.0, 1.0, pinned.confidence or 0.5, key=f"edit_conf_{live.id}")
            reason = st.text_input("Reason for the change (optional)", key=f"edit_reason_{live.id}")
            if st.form_submit_button("Save changes"):
                form = AnnotationForm(
                    type=live.type,
                    source_id=pinned.source_id,
                    relation=pinned.relation,
                    excerpt=excerpt or None,
                    note=note or None,
                    verdict=pinned.verdict,
                    confidence=confidence,
                    tag=tag,
                    parent_id=pinned.parent_id,
                )
                done = session.attempt(
                    lambda: annotations.edit(
                        session.get_desk(), me, live.id, form, expected_version=pinned.version, reason=reason or None
                    ),
                    success=f"Annotation #{live.id} saved",
                    refresh=("annotation", live.id),
                )
                if done:
                    session.forget("claim", claim.id)
                    st.rerun()
        with st.form(f"withdraw_{live.id}"):
            reason = st.text_input("Why withdraw it?", key=f"withdraw_reason_{live.id}")
            if st.form_submit_button("Withdraw"):
                done = session.attempt(
                    lambda: annotations.withdraw(
                        session.get_desk(), me, live.id, expected_version=pinned.version, reason=reason or None
                    ),
                    success=f"Annotation #{live.id} withdrawn",
                    refresh=("annotation", live.id),
                )
                if done:
                    session.forget("claim", claim.id)
                    st.rerun()


LIBRARY_PICKS = 200


def _library_names(query: str) -> dict[int, str]:
    """The source library's picker labels, narrowed by the reviewer's search; read once per run for both forms.
    A library of thousands cannot be one dropdown: the first LIBRARY_PICKS matches are offered."""
    library = sources.search(session.get_desk(), query, limit=LIBRARY_PICKS + 1)
    if len(library) > LIBRARY_PICKS:
        st.caption(f"The first {LIBRARY_PICKS} matching sources are offered: search to narrow them.")
    return {s.id: f"{s.title} — {s.publisher or ''}"[:120] for s in library[:LIBRARY_PICKS]}


def _source_fields(prefix: str, names: dict[int, str]) -> tuple[int | None, SourceForm | None]:
    """Pick a library source, or fill the fields of a new one (a new title wins)."""
    picked = st.selectbox(
        "Source from the library",
        [None, *names],
        format_func=lambda i: "— none: create a new one below —" if i is None else names[i],
        key=f"{prefix}_source",
    )
    st.caption("…or a new source:")
    c1, c2 = st.columns(2)
    title = c1.text_input("Title", key=f"{prefix}_new_title")
    url = c2.text_input("URL (http/https)", key=f"{prefix}_new_url")
    publisher = c1.text_input("Publisher", key=f"{prefix}_new_publisher")
    published = c2.text_input("Date (YYYY-MM-DD)", key=f"{prefix}_new_date")
    kind = c1.selectbox("Kind", SOURCE_KINDS, index=SOURCE_KINDS.index("news_report"), key=f"{prefix}_new_kind")
    if title.strip():
        return None, SourceForm(
            title=title, url=url or None, publisher=publisher or None, published=published or None, kind=kind
        )
    return picked, None


def add_forms(claim: ClaimView, me: Actor) -> None:
    desk = session.get_desk()

    def submit(form_factory, *keys: str) -> None:
        def work():
            return annotations.add(desk, me, claim.id, form_factory(), reason=st.session_state.get("verdict_reason"))

        saved = session.attempt(work)
        if saved:
            # Name what was saved: two saves in a row must not look alike to the reviewer (or a browser test).
            st.session_state["flash"] = f"Saved {saved.type.replace('_', ' ')} #{saved.id}"
            session.forget("claim", claim.id)
            # Empty the form only once it is saved: a refused save keeps what the reviewer typed.
            st.session_state[RESET_KEY] = list(keys)
            st.rerun()

    # Set (not just drop) the saved form's values before its widgets exist: a dropped key resets the server's
    # value only, and the browser would go on showing, and resubmitting, the text just saved.
    for key in st.session_state.pop(RESET_KEY, []):
        st.session_state[key] = None if key.endswith("_source") else "news_report" if key.endswith("_kind") else ""

    tabs = st.tabs(["Provenance", "Counter-source", "Context note", "Verdict", "Tag", "Comment"])
    # Provenance and counter-sources are the same form: a source, how it relates to the claim, excerpt, note.
    for tab, (kind, prefix, label, choices, button, keys) in zip(
        tabs[:2],
        (
            ("provenance", "prov", "Relation", RELATIONS, "Add provenance", PROV_KEYS),
            ("counter_source", "counter", "Stance", STANCES, "Add counter-source", COUNTER_KEYS),
        ),
        strict=True,
    ):
        with tab:
            # Outside the form so typing narrows the picker at once (inside, it would wait for the submit).
            query = st.text_input("Find a library source", key=f"{prefix}_find", placeholder="title, publisher or URL")
            names = _library_names(query)
        with tab, st.form(f"add_{prefix}"):
            source_id, new_source = _source_fields(prefix, names)
            relation = st.selectbox(label, choices, key=f"{prefix}_{label.lower()}")
            excerpt = st.text_area("Excerpt", key=f"{prefix}_excerpt")
            note = st.text_area("Note (Markdown)", key=f"{prefix}_note")
            if st.form_submit_button(button, type="primary"):
                fields = dict(source_id=source_id, new_source=new_source, relation=relation, excerpt=excerpt)
                submit(partial(AnnotationForm, type=kind, note=note, **fields), *keys)
    with tabs[2], st.form("add_context"):
        note = st.text_area("Context note (Markdown)", key="context_note")
        if st.form_submit_button("Add context note", type="primary"):
            submit(lambda: AnnotationForm(type="context", note=note), "context_note")
    with tabs[3], st.form("add_verdict"):
        labels = scale.labels(desk)
        verdict = st.radio(
            "Verdict", [v.label for v in labels], captions=[v.definition for v in labels], key="verdict_label"
        )
        note = st.text_area("Rationale (Markdown)", key="verdict_note")
        confidence = st.slider("Confidence", 0.0, 1.0, 0.7, 0.05, key="verdict_confidence")
        st.text_input("Reason (needed when changing an approved verdict)", key="verdict_reason")
        if st.form_submit_button("Set verdict", type="primary"):
            submit(
                lambda: AnnotationForm(type="verdict", verdict=verdict, note=note, confidence=confidence),
                "verdict_note",
                "verdict_reason",
            )
    with tabs[4], st.form("add_tag", clear_on_submit=True):
        tag = st.text_input("Tag", key="tag_text")
        if st.form_submit_button("Add tag", type="primary"):
            submit(lambda: AnnotationForm(type="tag", tag=tag))
    with tabs[5], st.form("add_comment", clear_on_submit=True):
        note = st.text_area("Comment (Markdown)", key="comment_note")
        if st.form_submit_button("Post comment", type="primary"):
            submit(lambda: AnnotationForm(type="comment", note=note))
