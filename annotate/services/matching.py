"""Repeated claims: find where a claim ran before, link the copies, check once and carry the verdict over.

    report = matching.match_document(desk, actor, document_id)     # the ingest path calls this
    matching.seen_elsewhere(desk, claim_id)                       # the claim workspace shows this
    matching.apply_verdict_from(desk, actor, target_id, source_id)
    matching.unlink(desk, actor, link_id, "different treaty")

Matching is incremental: each claim's rare content words go into `claim_terms` once, and a new article is
compared only with stored claims that share them (annotate.matching.lexical). A link the reviewer unlinked
is never proposed again. Contradictions and narratives live in services.narratives.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from annotate.matching import embedding, lexical
from annotate.matching.views import ApplyResult, ClaimRef, LinkView, MatchReport, SeenElsewhere
from annotate.schemas import AnnotationView, ClaimView
from annotate.services import matching_index as index
from annotate.services.annotations import _apply_verdict
from annotate.services.claims import load_for_update
from annotate.services.desk import Desk, Tx
from annotate.services.errors import InvalidInput, NotFound
from annotate.services.permissions import Actor, require
from annotate.services.snapshots import snapshot
from db.matching_models import ClaimLink
from db.models import Annotation, Claim, Document, utcnow

CLUSTER_LIMIT = 500
# A verdict travels with the evidence behind it; discussion (comments) stays with the claim it was about.
COPIED_TYPES = ("provenance", "context", "counter_source", "tag", "verdict")


# ---- matching a document -----------------------------------------------------------------------------


def match_document(
    desk: Desk, actor: Actor, document_id: int, *, batch_id: str | None = None, paraphrase: bool | None = None
) -> MatchReport:
    """Link the document's claims to claims in other articles that say the same thing.

    Also indexes any claims not yet indexed (databases from before matching existed), so calling this for each
    new article is all the upkeep matching needs. `paraphrase` uses sentence embeddings when the optional
    model package is installed (None: when available).
    """
    require(actor, "annotate")
    use_embeddings = embedding.available() if paraphrase is None else paraphrase and embedding.available()
    with desk.write(actor, batch_id=batch_id) as tx:
        session = tx.session
        if session.get(Document, document_id) is None:
            raise NotFound(f"no document #{document_id}")
        own = {
            cid: (text, status)
            for cid, text, status in session.execute(
                select(Claim.id, Claim.text, Claim.status).where(Claim.document_id == document_id)
            )
        }
        stale = index.unindexed(session)
        prepared = index.index_claims(session, sorted({*[(cid, t) for cid, (t, _) in own.items()], *stale}))
        mine = {cid: prepared[cid] for cid, (_, status) in own.items() if status != "rejected"}
        candidates = index.candidates(session, mine, document_id)
        other_ids = sorted({o for found in candidates.values() for o in found} - set(own))
        others = {}
        for chunk in index.chunks(other_ids):
            query = select(Claim.id, Claim.text).where(Claim.id.in_(chunk), Claim.status != "rejected")
            others.update({cid: text for cid, text in session.execute(query)})
        known = _known_pairs(session, list(own))
        proposals: dict[tuple[int, int], tuple[float, str]] = {}
        for cid, found in candidates.items():
            for other in found:
                if other not in others:
                    continue
                value = lexical.score(mine[cid], prepared.get(other) or lexical.prepare(others[other]))
                if value >= lexical.NEAR_THRESHOLD:
                    proposals[tuple(sorted((cid, other)))] = (round(value, 1), lexical.method_for(value))
        if use_embeddings and mine:
            index.propose_paraphrases(session, own, others, candidates, proposals)
        fresh = [(a, b, value, method) for (a, b), (value, method) in sorted(proposals.items()) if (a, b) not in known]
        created = _create_links(tx, fresh, reason=None)
        tx.record(
            "document.match",
            "document",
            document_id,
            after={"claims_indexed": len(prepared), "links": [link.id for link in created]},
        )
        return MatchReport(
            document_id=document_id,
            claims_indexed=len(prepared),
            links_created=[LinkView.model_validate(link) for link in created],
            batch_id=tx.batch_id,
        )


def match_all(desk: Desk, actor: Actor, *, paraphrase: bool | None = None) -> list[MatchReport]:
    """Match every document (a desk that had articles before matching existed); one unit of work each."""
    with desk.read() as session:
        ids = list(session.scalars(select(Document.id).order_by(Document.id)))
    batch = desk.new_batch_id()
    return [match_document(desk, actor, document_id, batch_id=batch, paraphrase=paraphrase) for document_id in ids]


# ---- links ---------------------------------------------------------------------------------------------


def _known_pairs(session: Session, claim_ids: list[int]) -> set[tuple[int, int]]:
    pairs = set()
    for chunk in index.chunks(claim_ids):
        query = select(ClaimLink.claim_a_id, ClaimLink.claim_b_id).where(
            or_(ClaimLink.claim_a_id.in_(chunk), ClaimLink.claim_b_id.in_(chunk))
        )
        pairs.update((a, b) for a, b in session.execute(query))
    return pairs


def _create_links(tx: Tx, pairs: list[tuple[int, int, float | None, str]], *, reason: str | None) -> list[ClaimLink]:
    links = [
        ClaimLink(
            claim_a_id=min(a, b),
            claim_b_id=max(a, b),
            score=value,
            method=method,
            status="active",
            reason=reason,
            created_by_id=tx.actor.id,
        )
        for a, b, value, method in pairs
    ]
    tx.session.add_all(links)
    tx.session.flush()  # one INSERT round for all of them
    for row in links:
        tx.record("claim_link.create", "claim_link", row.id, after=snapshot(row), claim_id=row.claim_b_id)
    return links


def link(desk: Desk, actor: Actor, claim_a_id: int, claim_b_id: int, *, reason: str) -> LinkView:
    """A reviewer's own link: two claims that say the same thing in words the matcher did not recognise."""
    require(actor, "annotate")
    if claim_a_id == claim_b_id:
        raise InvalidInput("a claim cannot be linked to itself")
    if not (reason or "").strip():
        raise InvalidInput("say why these claims are the same (the reason is kept with the link)")
    with desk.write(actor) as tx:
        for cid in (claim_a_id, claim_b_id):
            if tx.session.get(Claim, cid) is None:
                raise NotFound(f"no claim #{cid}")
        a, b = sorted((claim_a_id, claim_b_id))
        existing = tx.session.scalar(select(ClaimLink).where(ClaimLink.claim_a_id == a, ClaimLink.claim_b_id == b))
        if existing is None:
            return LinkView.model_validate(_create_links(tx, [(a, b, None, "manual")], reason=reason.strip())[0])
        if existing.status == "active":
            raise InvalidInput(f"claims #{a} and #{b} are already linked (link #{existing.id})")
        before = snapshot(existing)
        existing.status, existing.method, existing.reason = "active", "manual", reason.strip()
        existing.unlinked_by_id = existing.unlinked_at = None
        tx.session.flush()
        tx.record(
            "claim_link.relink",
            "claim_link",
            existing.id,
            before=before,
            after=snapshot(existing),
            claim_id=b,
            reason=reason,
        )
        return LinkView.model_validate(existing)


def unlink(desk: Desk, actor: Actor, link_id: int, reason: str, *, expected_version: int | None = None) -> LinkView:
    """A wrong match: the link is kept as `unlinked`, with who and why, and is not proposed again."""
    require(actor, "annotate")
    if not (reason or "").strip():
        raise InvalidInput("say why these claims are not the same (the reason is kept with the link)")
    with desk.write(actor) as tx:
        row = tx.load(ClaimLink, link_id, expected_version, what="link", view=LinkView)
        if row.status == "unlinked":
            raise InvalidInput(f"link #{link_id} is already unlinked")
        before = snapshot(row)
        row.status, row.unlinked_by_id, row.unlinked_at = "unlinked", actor.id, utcnow()
        row.reason = reason.strip()
        tx.session.flush()
        tx.record(
            "claim_link.unlink",
            "claim_link",
            row.id,
            before=before,
            after=snapshot(row),
            claim_id=row.claim_b_id,
            reason=reason,
        )
        return LinkView.model_validate(row)


def cluster_ids(session: Session, claim_id: int) -> set[int]:
    """The claims reachable from `claim_id` through active links (itself included)."""
    seen, frontier = {claim_id}, {claim_id}
    while frontier and len(seen) < CLUSTER_LIMIT:
        query = select(ClaimLink.claim_a_id, ClaimLink.claim_b_id).where(
            ClaimLink.status == "active",
            or_(ClaimLink.claim_a_id.in_(frontier), ClaimLink.claim_b_id.in_(frontier)),
        )
        found = {x for pair in session.execute(query) for x in pair} - seen
        seen |= found
        frontier = found
    return seen


def claim_refs(session: Session, claim_ids: Iterable[int]) -> dict[int, ClaimRef]:
    out = {}
    ids = sorted(set(claim_ids))
    for chunk in index.chunks(ids):
        query = (
            select(Claim, Document.title, Document.outlet, Document.published)
            .join(Document, Document.id == Claim.document_id)
            .where(Claim.id.in_(chunk))
        )
        for claim, title, outlet, published in session.execute(query):
            out[claim.id] = ClaimRef(
                claim_id=claim.id,
                text=claim.text,
                document_id=claim.document_id,
                document_title=title,
                outlet=outlet,
                published=published,
                speaker=claim.speaker,
                verdict=claim.verdict,
                status=claim.status,
            )
    return out


def seen_elsewhere(desk: Desk, claim_id: int, *, include_unlinked: bool = False) -> list[SeenElsewhere]:
    """The claims linked to this one: where else it ran, when, and what reviewers found there."""
    with desk.read() as session:
        if session.get(Claim, claim_id) is None:
            raise NotFound(f"no claim #{claim_id}")
        query = select(ClaimLink).where(or_(ClaimLink.claim_a_id == claim_id, ClaimLink.claim_b_id == claim_id))
        if not include_unlinked:
            query = query.where(ClaimLink.status == "active")
        links = list(session.scalars(query))
        other = {link.id: link.claim_b_id if link.claim_a_id == claim_id else link.claim_a_id for link in links}
        refs = claim_refs(session, other.values())
        rows = [
            SeenElsewhere(
                **refs[other[link.id]].model_dump(),
                link_id=link.id,
                score=link.score,
                method=link.method,
                link_version=link.version,
            )
            for link in links
        ]
    # Oldest first; "--07-14" (no year found) sorts with the undated.
    return sorted(rows, key=lambda r: (not (r.published or "")[:4].isdigit(), r.published or "", r.claim_id))


def apply_verdict_from(
    desk: Desk,
    actor: Actor,
    target_claim_id: int,
    source_claim_id: int,
    *,
    reason: str | None = None,
    expected_version: int | None = None,
) -> ApplyResult:
    """Copy a matched claim's verdict and its evidence to this claim: one unit of work, one batch id.

    The verdict goes to second review as any verdict does (the one who applied it cannot approve it).
    """
    require(actor, "annotate")
    batch = desk.new_batch_id()
    with desk.write(actor, batch_id=batch, reason=f"applied from matched claim #{source_claim_id}") as tx:
        session = tx.session
        target = load_for_update(tx, target_claim_id, expected_version)
        source = session.get(Claim, source_claim_id)
        if source is None:
            raise NotFound(f"no claim #{source_claim_id}")
        if source_claim_id not in cluster_ids(session, target_claim_id) or source_claim_id == target_claim_id:
            raise InvalidInput(f"claims #{target_claim_id} and #{source_claim_id} are not linked; link them first")
        if source.verdict is None:
            raise InvalidInput(f"claim #{source_claim_id} has no verdict to apply")
        if target.status == "approved" and not (reason or "").strip():
            raise InvalidInput("this claim is approved: changing its verdict needs a reason")
        have = {_fingerprint(a) for a in target.annotations if not a.withdrawn}
        copied, skipped, verdict_row = [], 0, None
        for original in session.scalars(
            select(Annotation)
            .where(Annotation.claim_id == source.id, Annotation.withdrawn.is_(False), Annotation.type.in_(COPIED_TYPES))
            .order_by(Annotation.created_at, Annotation.id)
        ):
            if _fingerprint(original) in have:
                skipped += 1
                continue
            row = Annotation(
                claim_id=target.id,
                type=original.type,
                source_id=original.source_id,
                relation=original.relation,
                excerpt=original.excerpt,
                note=original.note,
                verdict=original.verdict,
                confidence=original.confidence,
                tag=original.tag,
                author_id=actor.id,
            )
            session.add(row)
            session.flush()
            tx.record(
                "annotation.copy",
                "annotation",
                row.id,
                after=snapshot(row),
                claim_id=target.id,
                reason=f"copied from annotation #{original.id} on claim #{source.id}",
            )
            copied.append(row)
            if row.type == "verdict":
                verdict_row = row
        if verdict_row is not None:
            applied = reason or f"verdict applied from matched claim #{source.id}"
            _apply_verdict(tx, target, verdict_row.id, verdict_row.verdict, applied)
        tx.record(
            "claim_link.apply",
            "claim",
            target.id,
            claim_id=target.id,
            after={"from_claim": source.id, "annotations": [a.id for a in copied], "verdict": target.verdict},
        )
        session.flush()
        for row in copied:
            session.refresh(row)
        return ApplyResult(
            target=ClaimView.model_validate(target),
            copied=[AnnotationView.from_row(a) for a in copied],
            skipped=skipped,
            batch_id=batch,
        )


def _fingerprint(a: Annotation) -> tuple:
    return (a.type, a.source_id, a.relation, a.verdict, a.tag, (a.note or "").strip())


def contradictions(desk: Desk, **scope):
    """See services.narratives.contradictions (kept there with the narratives that also scope it)."""
    from annotate.services import narratives

    return narratives.contradictions(desk, **scope)


def narrative_timeline(desk: Desk, narrative_id: int):
    from annotate.services import narratives

    return narratives.timeline(desk, narrative_id)
