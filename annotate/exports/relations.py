"""Relations between exported claims in the native format: claim links and narratives.

Only relations inside the selection travel: a link when both its claims are exported, a narrative with the
members that are. Claims are named by uid and people by username, as everywhere in the native format.
Links carry every status: an `unlinked` row is a reviewer's decision that matching must not propose the
pair again, so it matters on the receiving desk as much as an active one. Detached narrative members
travel for the same reason (active=false, with the reason).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import aliased

from db.matching_models import ClaimLink, Narrative, NarrativeClaim
from db.models import Claim

if TYPE_CHECKING:
    from annotate.exports.native import Reader


class Contract(BaseModel):
    """The base of every model of the native format (native.py uses this one): unknown keys are refused."""

    model_config = ConfigDict(extra="forbid")


class ExportClaimLink(Contract):
    uid: str
    claim_a: str = Field(description="uid of one linked claim")
    claim_b: str = Field(description="uid of the other linked claim (the order carries no meaning)")
    method: str = Field(description="how the link was found: exact, near, paraphrase, manual")
    score: float | None = None
    status: Literal["active", "unlinked"] = "active"
    reason: str | None = Field(None, description="why a reviewer linked or unlinked the pair")
    created_by: str | None = None
    created_at: datetime | None = None
    unlinked_by: str | None = None
    unlinked_at: datetime | None = None
    version: int = 1


class ExportNarrativeMember(Contract):
    claim: str = Field(description="uid of the claim")
    active: bool = True
    added_by: str | None = None
    added_at: datetime | None = None
    removed_reason: str | None = None
    version: int = 1


class ExportNarrative(Contract):
    uid: str
    name: str
    description: str = ""
    created_by: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int = 1
    claims: list[ExportNarrativeMember] = Field(
        default_factory=list, description="its members among the exported claims (in jsonl: the line's claim)"
    )


# ---- reading -------------------------------------------------------------------------------------

_A, _B, _C = aliased(Claim), aliased(Claim), aliased(Claim)
LINK_COLS = (
    ClaimLink.uid, _A.uid, _B.uid, ClaimLink.method, ClaimLink.score, ClaimLink.status, ClaimLink.reason,
    ClaimLink.created_by_id, ClaimLink.created_at, ClaimLink.unlinked_by_id, ClaimLink.unlinked_at,
    ClaimLink.version,
)  # fmt: skip
MEMBER_COLS = (
    Narrative.id, Narrative.uid, Narrative.name, Narrative.description, Narrative.created_by_id,
    Narrative.created_at, Narrative.updated_at, Narrative.version, _C.uid, NarrativeClaim.active,
    NarrativeClaim.added_by_id, NarrativeClaim.added_at, NarrativeClaim.removed_reason, NarrativeClaim.version,
)  # fmt: skip


def links(reader: Reader, claim_uids: list[str] | None = None) -> Iterator[dict]:
    """Links with both claims in the selection; with `claim_uids`, only those whose second claim is one of
    them (claim_a_id < claim_b_id and claims stream by id, so the first claim was sent on an earlier line)."""
    selected = reader.where(select(Claim.id))
    query = (
        select(*reader.cols(LINK_COLS))
        .join(_A, _A.id == ClaimLink.claim_a_id)
        .join(_B, _B.id == ClaimLink.claim_b_id)
        .where(ClaimLink.claim_a_id.in_(selected))
    )
    if claim_uids is None:
        query = query.where(ClaimLink.claim_b_id.in_(selected))
    else:
        query = query.where(_B.uid.in_(claim_uids))
    from annotate.exports.native import iso

    users = reader.users
    for uid, a, b, method, score, status, reason, created_by, created_at, unlinked_by, unlinked_at, version in (
        reader.session.execute(query.order_by(ClaimLink.id).execution_options(yield_per=1000))
    ):  # fmt: skip
        yield {
            "uid": uid,
            "claim_a": a,
            "claim_b": b,
            "method": method,
            "score": score,
            "status": status,
            "reason": reason,
            "created_by": users.get(created_by),
            "created_at": iso(created_at),
            "unlinked_by": users.get(unlinked_by),
            "unlinked_at": iso(unlinked_at),
            "version": version,
        }


def narratives(reader: Reader, claim_uids: list[str] | None = None) -> Iterator[tuple[str | None, dict]]:
    """(claim uid, narrative) pairs: for the whole selection one narrative per pair with all its exported
    members (claim uid None); with `claim_uids`, one pair per membership, holding only that member."""
    query = (
        select(*reader.cols(MEMBER_COLS))
        .join(NarrativeClaim, NarrativeClaim.narrative_id == Narrative.id)
        .join(_C, _C.id == NarrativeClaim.claim_id)
    )
    if claim_uids is None:
        query = query.where(NarrativeClaim.claim_id.in_(reader.where(select(Claim.id))))
    else:
        query = query.where(_C.uid.in_(claim_uids))
    from annotate.exports.native import iso

    users = reader.users
    current: dict | None = None
    current_id = None
    for (narrative_id, uid, name, description, created_by, created_at, updated_at, version, claim_uid, active,
         added_by, added_at, removed_reason, member_version) in reader.session.execute(
        query.order_by(Narrative.id, NarrativeClaim.claim_id).execution_options(yield_per=1000)
    ):  # fmt: skip
        member = {
            "claim": claim_uid,
            "active": bool(active),
            "added_by": users.get(added_by),
            "added_at": iso(added_at),
            "removed_reason": removed_reason,
            "version": member_version,
        }
        if claim_uids is None and narrative_id == current_id:
            current["claims"].append(member)
            continue
        if claim_uids is None and current is not None:
            yield None, current
        current_id = narrative_id
        current = {
            "uid": uid,
            "name": name,
            "description": description,
            "created_by": users.get(created_by),
            "created_at": iso(created_at),
            "updated_at": iso(updated_at),
            "version": version,
            "claims": [member],
        }
        if claim_uids is not None:
            yield claim_uid, current
    if claim_uids is None and current is not None:
        yield None, current


class Groups:
    """Active links and narrative memberships inside the selection, by claim uid, read once per export, for
    the flat formats (CSV columns, ClaimReview appearances) that show them on the claim itself."""

    def __init__(self, reader: Reader):
        self._linked: dict[str, set[str]] = {}
        for link in links(reader):
            if link["status"] == "active":
                self._linked.setdefault(link["claim_a"], set()).add(link["claim_b"])
                self._linked.setdefault(link["claim_b"], set()).add(link["claim_a"])
        self._stories: dict[str, set[str]] = {}
        for _, narrative in narratives(reader):
            for member in narrative["claims"]:
                if member["active"]:
                    self._stories.setdefault(member["claim"], set()).add(narrative["name"])
        self._document_of: dict[str, int] = {}
        if self._linked:
            for uids in _chunks(sorted(self._linked), 500):
                query = select(Claim.uid, Claim.document_id).where(Claim.uid.in_(uids))
                self._document_of.update((uid, doc) for uid, doc in reader.session.execute(query).all())

    def linked_to(self, uid: str) -> list[str]:
        return sorted(self._linked.get(uid, ()))

    def narratives_of(self, uid: str) -> list[str]:
        return sorted(self._stories.get(uid, ()))

    def document_id(self, uid: str) -> int:
        """The document of a claim that has links (only those are looked up)."""
        return self._document_of[uid]


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def with_relations(reader: Reader, claims: Iterable[dict]) -> Iterator[tuple[dict, list[dict], list[dict]]]:
    """For jsonl: each claim with the links and narrative memberships that go on its line, looked up a
    batch of claims at a time (one query per batch, not per claim)."""
    claims = iter(claims)
    while batch := list(islice(claims, reader.batch)):
        uids = [c["uid"] for c in batch]
        by_claim: dict[str, list[dict]] = {}
        for link in links(reader, uids):
            by_claim.setdefault(link["claim_b"], []).append(link)
        stories: dict[str, list[dict]] = {}
        for claim_uid, narrative in narratives(reader, uids):
            stories.setdefault(claim_uid, []).append(narrative)
        for claim in batch:
            yield claim, by_claim.get(claim["uid"], []), stories.get(claim["uid"], [])
