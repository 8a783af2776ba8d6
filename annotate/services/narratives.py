"""Narratives (talking points followed across outlets and years) and contradictions between copies of a claim.

n = narratives.create(desk, actor, "Promises broken", "NATO promised not to expand")
narratives.attach(desk, actor, n.id, [claim_id])        # with every claim linked to it
narratives.timeline(desk, n.id)                          # appearances by outlet and date, with verdicts
narratives.contradictions(desk, narrative_id=n.id)       # pairs that disagree on a year, number or name
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from annotate.matching import contradictions as contra
from annotate.matching import lexical
from annotate.matching.views import (
    Appearance,
    ContradictionView,
    DifferenceView,
    NarrativeTimeline,
    NarrativeView,
)
from annotate.services.desk import Desk
from annotate.services.errors import InvalidInput, NotFound
from annotate.services.matching import claim_refs, cluster_ids
from annotate.services.permissions import Actor, require
from annotate.services.snapshots import snapshot
from db.matching_models import ClaimLink, Narrative, NarrativeClaim
from db.models import Claim, utcnow

MAX_GROUP = 60  # claims compared pairwise in one cluster or narrative (1,770 pairs)


def _view(session: Session, row: Narrative) -> NarrativeView:
    count = session.scalar(
        select(func.count()).where(NarrativeClaim.narrative_id == row.id, NarrativeClaim.active.is_(True))
    )
    return NarrativeView.model_validate(row).model_copy(update={"claims": count or 0})


def create(desk: Desk, actor: Actor, name: str, description: str = "") -> NarrativeView:
    require(actor, "annotate")
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput("a narrative needs a name")
    try:
        with desk.write(actor) as tx:
            row = Narrative(name=name, description=(description or "").strip(), created_by_id=actor.id)
            tx.session.add(row)
            tx.session.flush()
            tx.record("narrative.create", "narrative", row.id, after=snapshot(row))
            return _view(tx.session, row)
    except IntegrityError:
        raise InvalidInput(f"there is already a narrative called {name!r}") from None


def list_all(desk: Desk) -> list[NarrativeView]:
    with desk.read() as session:
        return [_view(session, row) for row in session.scalars(select(Narrative).order_by(Narrative.name))]


def for_claim(desk: Desk, claim_id: int) -> list[NarrativeView]:
    with desk.read() as session:
        query = (
            select(Narrative)
            .join(NarrativeClaim, NarrativeClaim.narrative_id == Narrative.id)
            .where(NarrativeClaim.claim_id == claim_id, NarrativeClaim.active.is_(True))
            .order_by(Narrative.name)
        )
        return [_view(session, row) for row in session.scalars(query)]


def attach(
    desk: Desk, actor: Actor, narrative_id: int, claim_ids: list[int], *, with_cluster: bool = True
) -> NarrativeView:
    """Attach claims (and, by default, every claim linked to them) to a narrative; attaching twice is a no-op."""
    require(actor, "annotate")
    with desk.write(actor) as tx:
        session = tx.session
        narrative = session.get(Narrative, narrative_id)
        if narrative is None:
            raise NotFound(f"no narrative #{narrative_id}")
        wanted: set[int] = set()
        for cid in claim_ids:
            if session.get(Claim, cid) is None:
                raise NotFound(f"no claim #{cid}")
            wanted |= cluster_ids(session, cid) if with_cluster else {cid}
        existing = {
            row.claim_id: row
            for row in session.scalars(select(NarrativeClaim).where(NarrativeClaim.narrative_id == narrative_id))
        }
        for cid in sorted(wanted):
            row = existing.get(cid)
            if row is not None and row.active:
                continue
            if row is None:
                row = NarrativeClaim(narrative_id=narrative_id, claim_id=cid, added_by_id=actor.id)
                session.add(row)
                before = None
            else:
                before = snapshot(row)
                row.active, row.removed_reason, row.added_by_id, row.added_at = True, None, actor.id, utcnow()
            session.flush()
            tx.record("narrative.attach", "narrative_claim", row.id, before=before, after=snapshot(row), claim_id=cid)
        return _view(session, narrative)


def detach(desk: Desk, actor: Actor, narrative_id: int, claim_id: int, *, reason: str) -> NarrativeView:
    require(actor, "annotate")
    if not (reason or "").strip():
        raise InvalidInput("say why this claim is not part of the narrative")
    with desk.write(actor) as tx:
        row = tx.session.scalar(
            select(NarrativeClaim).where(
                NarrativeClaim.narrative_id == narrative_id, NarrativeClaim.claim_id == claim_id
            )
        )
        if row is None or not row.active:
            raise NotFound(f"claim #{claim_id} is not in narrative #{narrative_id}")
        before = snapshot(row)
        row.active, row.removed_reason = False, reason.strip()
        tx.session.flush()
        tx.record(
            "narrative.detach",
            "narrative_claim",
            row.id,
            before=before,
            after=snapshot(row),
            claim_id=claim_id,
            reason=reason,
        )
        return _view(tx.session, tx.session.get(Narrative, narrative_id))


def _members(session: Session, narrative_id: int) -> list[int]:
    query = select(NarrativeClaim.claim_id).where(
        NarrativeClaim.narrative_id == narrative_id, NarrativeClaim.active.is_(True)
    )
    return list(session.scalars(query))


def timeline(desk: Desk, narrative_id: int) -> NarrativeTimeline:
    """Every appearance of the narrative, oldest first (undated last), with counts per outlet and verdict."""
    with desk.read() as session:
        narrative = session.get(Narrative, narrative_id)
        if narrative is None:
            raise NotFound(f"no narrative #{narrative_id}")
        refs = claim_refs(session, _members(session, narrative_id))
        appearances = sorted(
            (Appearance(**ref.model_dump()) for ref in refs.values()),
            key=lambda a: (dated(a.published) is None, dated(a.published) or "", a.outlet or "", a.claim_id),
        )
        dates = [dated(a.published) for a in appearances if dated(a.published)]
        return NarrativeTimeline(
            narrative=_view(session, narrative),
            appearances=appearances,
            outlets=dict(Counter(a.outlet or "unknown outlet" for a in appearances)),
            verdicts=dict(Counter(a.verdict or "unreviewed" for a in appearances)),
            first_seen=min(dates) if dates else None,
            last_seen=max(dates) if dates else None,
        )


def dated(published: str | None) -> str | None:
    """A date a timeline can place: "--07-14" (the metadata found no year) cannot be."""
    return published if published and published[:4].isdigit() else None


# The name the claim workspace was promised: narrative_timeline(desk, narrative_id).
narrative_timeline = timeline


# ---- contradictions ------------------------------------------------------------------------------------


def _groups(session: Session, claim_id: int | None, document_id: int | None) -> list[set[int]]:
    """Clusters of linked claims to compare: around one claim, one document's claims, or all of them."""
    if claim_id is not None:
        return [cluster_ids(session, claim_id)]
    query = select(ClaimLink.claim_a_id, ClaimLink.claim_b_id).where(ClaimLink.status == "active")
    if document_id is not None:
        own = select(Claim.id).where(Claim.document_id == document_id)
        query = query.where(or_(ClaimLink.claim_a_id.in_(own), ClaimLink.claim_b_id.in_(own)))
        starts = {x for pair in session.execute(query) for x in pair}
        groups, seen = [], set()
        for cid in sorted(starts):
            if cid not in seen:
                group = cluster_ids(session, cid)
                seen |= group
                groups.append(group)
        return groups
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in session.execute(query):
        parent[find(a)] = find(b)
    groups_by_root: dict[int, set[int]] = {}
    for x in list(parent):
        groups_by_root.setdefault(find(x), set()).add(x)
    return list(groups_by_root.values())


def contradictions(
    desk: Desk,
    *,
    claim_id: int | None = None,
    document_id: int | None = None,
    narrative_id: int | None = None,
    limit: int = 200,
) -> list[ContradictionView]:
    """Pairs of claims, in different articles, that say the same thing but disagree on a year, a number or a name.

    Pairs come from clusters of linked claims, or from a narrative's claims when `narrative_id` is given.
    Names are compared only between near-identical wordings: paraphrases name things differently anyway.
    """
    with desk.read() as session:
        if narrative_id is not None:
            if session.get(Narrative, narrative_id) is None:
                raise NotFound(f"no narrative #{narrative_id}")
            groups = [set(_members(session, narrative_id))]
        else:
            groups = _groups(session, claim_id, document_id)
        ids = {cid for group in groups for cid in group}
        claims = {c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_(ids)))} if ids else {}
        links = _direct_links(session, ids)
        refs = claim_refs(session, ids)
        values = {
            cid: contra.values(c.text, entities=c.entities or None, speaker=c.speaker) for cid, c in claims.items()
        }
        out: list[ContradictionView] = []
        for group in groups:
            members = sorted(cid for cid in group if cid in claims and claims[cid].status != "rejected")[:MAX_GROUP]
            for a, b in combinations(members, 2):
                ca, cb = claims[a], claims[b]
                if ca.document_id == cb.document_id:
                    continue
                alike = lexical.score(lexical.prepare(ca.text), lexical.prepare(cb.text)) >= lexical.NEAR_THRESHOLD
                found = contra.differences(values[a], values[b], compare_entities=alike)
                # Between paraphrases names are not compared, but who said it still must agree.
                if not alike and ca.speaker and cb.speaker and _who(ca.speaker) != _who(cb.speaker):
                    found.append(contra.Difference("speaker", (ca.speaker,), (cb.speaker,)))
                if found:
                    out.append(
                        ContradictionView(
                            a=refs[a],
                            b=refs[b],
                            differences=[DifferenceView(kind=d.kind, a=list(d.a), b=list(d.b)) for d in found],
                            link_id=links.get((a, b)),
                            narrative_id=narrative_id,
                        )
                    )
                if len(out) >= limit:
                    return out
        return out


def _who(speaker: str) -> set[str]:
    return contra.entities_in(speaker)


def _direct_links(session: Session, ids: set[int]) -> dict[tuple[int, int], int]:
    if not ids:
        return {}
    query = select(ClaimLink.id, ClaimLink.claim_a_id, ClaimLink.claim_b_id).where(
        ClaimLink.status == "active", ClaimLink.claim_a_id.in_(ids)
    )
    return {(a, b): link_id for link_id, a, b in session.execute(query)}
