"""What the matching services return: pydantic views the claim workspace and the narrative pages show."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from annotate.schemas import AnnotationView, ClaimView


class View(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class LinkView(View):
    id: int
    uid: str
    claim_a_id: int
    claim_b_id: int
    score: float | None
    method: str
    status: str
    reason: str | None
    created_at: datetime
    version: int


class ClaimRef(View):
    """A claim as another article carries it: enough to show it beside the one under review."""

    claim_id: int
    text: str
    document_id: int
    document_title: str | None = None
    outlet: str | None = None
    published: str | None = None
    speaker: str | None = None
    verdict: str | None = None
    status: str


class SeenElsewhere(ClaimRef):
    link_id: int
    score: float | None
    method: str
    link_version: int


class MatchReport(View):
    document_id: int
    claims_indexed: int
    links_created: list[LinkView] = Field(default_factory=list)
    batch_id: str | None = None


class ApplyResult(View):
    target: ClaimView
    copied: list[AnnotationView]
    skipped: int
    batch_id: str


class DifferenceView(View):
    kind: str  # year | number | entity
    a: list[str]
    b: list[str]


class ContradictionView(View):
    a: ClaimRef
    b: ClaimRef
    differences: list[DifferenceView]
    link_id: int | None = None  # the direct link, when the pair is linked directly
    narrative_id: int | None = None


class NarrativeView(View):
    id: int
    uid: str
    name: str
    description: str
    created_at: datetime
    version: int
    claims: int = 0


class Appearance(ClaimRef):
    """One appearance of a narrative: a claim, where and when it ran, and what reviewers found."""


class NarrativeTimeline(View):
    narrative: NarrativeView
    appearances: list[Appearance]
    outlets: dict[str, int]  # appearances per outlet
    verdicts: dict[str, int]  # appearances per verdict ("unreviewed" when none yet)
    first_seen: str | None
    last_seen: str | None
