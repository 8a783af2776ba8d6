"""Claim workspace, "Seen elsewhere": where else this claim ran, what reviewers found there, where the copies
disagree, and the narratives it belongs to. Reviewers and up can apply a matched verdict, unlink a wrong match,
link a claim the matcher missed and add the claim to a narrative; the services refuse anyone else anyway.
"""

from __future__ import annotations

import streamlit as st

from annotate.matching.views import ClaimRef, ContradictionView, SeenElsewhere
from annotate.schemas import ClaimView
from annotate.services import Desk, DeskError, matching, narratives
from annotate.services.permissions import Actor
from ui import session
from ui.render import md_escape


def where(ref: ClaimRef) -> str:
    """'claim #13 · Sputnik · 2008-06-05' (Markdown-escaped)."""
    return " · ".join(
        [f"claim \\#{ref.claim_id}", md_escape(ref.outlet or "unknown outlet"), md_escape(ref.published or "undated")]
    )


def score_text(row: SeenElsewhere) -> str:
    if row.method == "manual" or row.score is None:
        return "linked by a reviewer"
    return f"{row.method} match, score {row.score:g}"


def render(desk: Desk, claim: ClaimView, actor: Actor) -> None:
    st.subheader("Seen elsewhere")
    try:
        rows = matching.seen_elsewhere(desk, claim.id)
        found = [
            c for c in matching.contradictions(desk, claim_id=claim.id) if claim.id in (c.a.claim_id, c.b.claim_id)
        ]
        belongs = narratives.for_claim(desk, claim.id)
    except DeskError as exc:
        st.error(str(exc))
        return
    if not rows:
        st.caption("No other article carries this claim yet (as far as matching and reviewers' links know).")
    for row in rows:
        _match(desk, claim, actor, row)
    for pair in found:
        _contradiction(claim, pair)
    if actor.can("annotate"):
        _link_form(desk, claim, actor)
    _narratives(desk, claim, actor, belongs)


def _match(desk: Desk, claim: ClaimView, actor: Actor, row: SeenElsewhere) -> None:
    with st.container(border=True):
        st.markdown(
            f"**{where(row)}** · {md_escape(score_text(row))} · verdict: **{md_escape(row.verdict or 'none yet')}**"
        )
        st.markdown(f"> {md_escape(row.text)}")
        article = md_escape(row.document_title or f"document #{row.document_id}")
        st.caption(f"In {article} · {row.status.replace('_', ' ')}")
        if st.button(f"Open claim #{row.claim_id}", key=f"se_open_{row.link_id}"):
            session.open_claim(row.claim_id)
        if not actor.can("annotate"):
            return
        reason = st.text_input(
            "Reason (needed to unlink; and to apply to an approved claim)", key=f"se_reason_{row.link_id}"
        )
        apply_col, unlink_col = st.columns(2)
        if apply_col.button(
            "Apply this verdict and annotations here",
            key=f"se_apply_{row.link_id}",
            disabled=row.verdict is None,
            help=None if row.verdict else "That claim has no verdict yet.",
        ):
            done = session.attempt(
                lambda: matching.apply_verdict_from(
                    desk, actor, claim.id, row.claim_id, reason=reason or None, expected_version=claim.version
                ),
                refresh=("claim", claim.id),
            )
            if done:
                copied = len(done.copied)
                st.session_state["flash"] = (
                    f"Applied the verdict of claim #{row.claim_id}: {copied} annotation(s) copied, "
                    f"{done.skipped} already here; the verdict now goes to second review"
                )
                st.rerun()
        if unlink_col.button("Unlink", key=f"se_unlink_{row.link_id}"):
            done = session.attempt(
                lambda: matching.unlink(desk, actor, row.link_id, reason, expected_version=row.link_version),
                success=f"Claim #{row.claim_id} unlinked; matching will not propose it again",
            )
            if done:
                st.rerun()


def _contradiction(claim: ClaimView, pair: ContradictionView) -> None:
    here_is_a = pair.a.claim_id == claim.id
    other = pair.b if here_is_a else pair.a
    lines = []
    for diff in pair.differences:
        mine, theirs = (diff.a, diff.b) if here_is_a else (diff.b, diff.a)
        lines.append(
            f"- {md_escape(diff.kind)}: **{md_escape(', '.join(mine) or '—')}** here, "
            f"**{md_escape(', '.join(theirs) or '—')}** in {where(other)}"
        )
    st.warning("**Contradiction:** the copies disagree\n\n" + "\n".join(lines), icon=":material/warning:")


def _link_form(desk: Desk, claim: ClaimView, actor: Actor) -> None:
    with st.expander("Link to claim #… (the same claim, worded too differently for the matcher)"):
        c1, c2 = st.columns([1, 3])
        other = c1.number_input("Claim #", min_value=1, step=1, value=None, key="se_link_id")
        reason = c2.text_input("Why they are the same (kept with the link)", key="se_link_reason")
        if st.button("Link to claim", key="se_link_go"):
            if other is None:
                st.error("Give the number of the claim to link.")
                return
            done = session.attempt(
                lambda: matching.link(desk, actor, claim.id, int(other), reason=reason),
                success=f"Claim #{claim.id} linked to claim #{int(other)}",
            )
            if done:
                st.rerun()


def _narratives(desk: Desk, claim: ClaimView, actor: Actor, belongs: list) -> None:
    st.markdown("**Narratives**")
    if belongs:
        for n in belongs:
            st.markdown(f"- **{md_escape(n.name)}** ({n.claims} claims) — {md_escape(n.description)}")
        st.page_link("ui/narratives.py", label="Narrative timelines", icon=":material/timeline:")
    else:
        st.caption("Not part of a narrative yet.")
    if not actor.can("annotate"):
        return
    mine = {n.id for n in belongs}
    try:
        others = [n for n in narratives.list_all(desk) if n.id not in mine]
    except DeskError as exc:
        st.error(str(exc))
        return
    if not others:
        return
    names = {n.id: n.name for n in others}
    c1, c2 = st.columns([3, 1])
    choice = c1.selectbox("Add to narrative", list(names), format_func=names.get, key="se_narrative")
    if c2.button("Add", key="se_narrative_go"):
        done = session.attempt(
            lambda: narratives.attach(desk, actor, choice, [claim.id]),
            success=f"Claim #{claim.id} (and the claims linked to it) added to {names[choice]!r}",
        )
        if done:
            st.rerun()
