"""The word index behind matching: claim_terms (content word -> claims), fingerprints, optional vectors.

Derived from claim text and rebuilt at will; the service that writes it (services.matching) records one audit
event per run rather than one per row. Candidate lookup runs in SQL (GROUP BY ... HAVING) so a query reads a
few dozen rows, not the postings of every word it looks up.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.orm import Session

from annotate.matching import embedding, lexical
from db.matching_models import ClaimFingerprint, ClaimTerm, ClaimVector
from db.models import Claim, utcnow

CHUNK = 500  # ids per IN (...) list: well inside every backend's parameter limit


def chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# ---- the word index ------------------------------------------------------------------------------------


def index_claims(session: Session, claims: Sequence[tuple[int, str]]) -> dict[int, lexical.Prepared]:
    """(Re)write the index rows of `claims`; derived data, so the caller's one audit event covers it."""
    prepared = {cid: lexical.prepare(text) for cid, text in claims}
    ids = list(prepared)
    for chunk in chunks(ids):
        session.execute(delete(ClaimTerm).where(ClaimTerm.claim_id.in_(chunk)))
        session.execute(delete(ClaimFingerprint).where(ClaimFingerprint.claim_id.in_(chunk)))
    texts = dict(claims)
    terms = [{"term": t, "claim_id": cid} for cid, p in prepared.items() for t in {t[:64] for t in p.terms}]
    prints = [
        {
            "claim_id": cid,
            "norm_hash": digest(p.norm),
            "text_hash": digest(texts[cid]),
            "n_terms": len(p.terms),
            "indexed_at": utcnow(),
        }
        for cid, p in prepared.items()
    ]
    for chunk in chunks(terms, 5000):
        session.execute(insert(ClaimTerm), list(chunk))
    for chunk in chunks(prints, 5000):
        session.execute(insert(ClaimFingerprint), list(chunk))
    return prepared


def unindexed(session: Session) -> list[tuple[int, str]]:
    query = (
        select(Claim.id, Claim.text)
        .outerjoin(ClaimFingerprint, ClaimFingerprint.claim_id == Claim.id)
        .where(ClaimFingerprint.claim_id.is_(None))
    )
    return [(cid, text) for cid, text in session.execute(query)]


def candidates(session: Session, prepared: dict[int, lexical.Prepared], document_id: int) -> dict[int, list[int]]:
    """claim id -> stored claims sharing its rarest words or its exact normal form, best first.

    The database counts and ranks the shared words (GROUP BY ... HAVING), so a query reads a few dozen rows,
    not the postings of every word it looks up.
    """
    total = session.scalar(select(func.count()).select_from(ClaimFingerprint)) or 0
    all_terms = sorted({t[:64] for p in prepared.values() for t in p.terms})
    # Counting stops at the point where a word is too common to be looked up: a common word's count would
    # otherwise cost a scan of its whole posting list, on every article.
    cap = lexical.common_limit(total) + 1
    df: dict[str, int] = {}
    for term in all_terms:
        bounded = select(ClaimTerm.claim_id).where(ClaimTerm.term == term).limit(cap).subquery()
        count = session.scalar(select(func.count()).select_from(bounded)) or 0
        if count:
            df[term] = count
    # The article's own claims, as a subquery: a literal NOT IN list of them made every query grow with the
    # article, and a long article quadratic.
    excluded = select(Claim.id).where(Claim.document_id == document_id).scalar_subquery()
    out: dict[int, list[int]] = {}
    by_norm: dict[str, list[int]] = {}
    for cid, p in prepared.items():
        # Claims that normalise alike have the same candidates: look them up once (a page that repeats one
        # sentence ten thousand times costs one pair of queries, not twenty thousand).
        if p.norm in by_norm:
            out[cid] = by_norm[p.norm]
            continue
        terms = lexical.query_terms({t[:64] for t in p.terms}, df, total)
        found = list(
            session.scalars(
                select(ClaimFingerprint.claim_id)
                .where(ClaimFingerprint.norm_hash == digest(p.norm), ClaimFingerprint.claim_id.not_in(excluded))
                .order_by(ClaimFingerprint.claim_id)
                .limit(lexical.MAX_CANDIDATES)
            )
        )
        if terms:
            weight = case(*[(ClaimTerm.term == t, math.log((total + 1) / df[t])) for t in terms], else_=0.0)
            query = (
                select(ClaimTerm.claim_id)
                .where(ClaimTerm.term.in_(terms), ClaimTerm.claim_id.not_in(excluded))
                .group_by(ClaimTerm.claim_id)
                .having(func.count() >= lexical.needed_overlap(len(terms)))
                .order_by(func.sum(weight).desc(), ClaimTerm.claim_id)
                .limit(lexical.MAX_CANDIDATES)
            )
            found.extend(session.scalars(query))
        out[cid] = by_norm[p.norm] = list(dict.fromkeys(found))
    return out


def vectors(session: Session, claims: dict[int, str]) -> dict[int, object]:
    """Stored embeddings of `claims`, computing (and storing) the missing or stale ones."""
    stored = {}
    for chunk in chunks(sorted(claims)):
        for row in session.scalars(select(ClaimVector).where(ClaimVector.claim_id.in_(chunk))):
            if row.model == embedding.MODEL_NAME and row.text_hash == digest(claims[row.claim_id]):
                stored[row.claim_id] = embedding.from_bytes(row.vector)
    missing = [cid for cid in claims if cid not in stored]
    if missing:
        session.execute(delete(ClaimVector).where(ClaimVector.claim_id.in_(missing)))
        for cid, vector in zip(missing, embedding.encode([claims[c] for c in missing]), strict=True):
            session.add(
                ClaimVector(
                    claim_id=cid,
                    model=embedding.MODEL_NAME,
                    text_hash=digest(claims[cid]),
                    vector=embedding.to_bytes(vector),
                )
            )
            stored[cid] = vector
    return stored


def negated(text: str) -> bool:
    return lexical.prepare(text).negations > 0


def propose_paraphrases(session, own, others, found, proposals) -> None:
    """Add embedding matches among the lexical candidates (`found`) to `proposals`."""
    texts = {cid: text for cid, (text, status) in own.items() if status != "rejected"}
    pool = {o: others[o] for hits in found.values() for o in hits if o in others}
    stored = vectors(session, {**texts, **pool})
    for cid, hits in found.items():
        for other in hits:
            if other not in pool or tuple(sorted((cid, other))) in proposals:
                continue
            similarity = float(stored[cid] @ stored[other])
            # Embeddings hardly see "not": a negated copy is a different claim, never a paraphrase.
            if similarity >= embedding.PARAPHRASE_THRESHOLD and negated(texts[cid]) == negated(pool[other]):
                proposals[tuple(sorted((cid, other)))] = (round(similarity * 100, 1), "paraphrase")
