"""Pydantic models at the service boundary: what the UI and CLI get back and what their forms send in.

The UI keeps these (never ORM instances) in st.session_state; `version` is the version the reviewer saw
and travels back with an edit so a stale save can be refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Role = Literal["viewer", "reviewer", "editor", "admin"]
ClaimStatus = Literal["new", "in_review", "needs_second_review", "approved", "rejected"]
ClaimKind = Literal["quote", "reported", "statement"]
AnnotationType = Literal["provenance", "context", "counter_source", "verdict", "tag", "comment"]
ProvenanceRelation = Literal["quoted_from", "first_appearance", "primary_source", "cites"]
Stance = Literal["refutes", "supports", "adds_context", "not_enough_info"]
SourceKind = Literal["primary_document", "transcript", "news_report", "fact_check", "dataset", "press_release", "other"]

STATUSES: tuple[str, ...] = ("new", "in_review", "needs_second_review", "approved", "rejected")
ANNOTATION_TYPES: tuple[str, ...] = ("provenance", "context", "counter_source", "verdict", "tag", "comment")
RELATIONS: tuple[str, ...] = ("quoted_from", "first_appearance", "primary_source", "cites")
STANCES: tuple[str, ...] = ("refutes", "supports", "adds_context", "not_enough_info")
SOURCE_KINDS: tuple[str, ...] = (
    "primary_document",
    "transcript",
    "news_report",
    "fact_check",
    "dataset",
    "press_release",
    "other",
)


class View(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ReviewerView(View):
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    version: int


class DocumentView(View):
    id: int
    uid: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    dateline: str | None
    language: str | None
    cites: list[str]
    filename: str | None
    content_hash: str
    ingested_at: datetime
    version: int


class DocumentText(DocumentView):
    text: str
    raw: str
    raw_encoding: str | None
    source_format: str


class ClaimView(View):
    id: int
    uid: str
    document_id: int
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_mention: str | None = None
    cue: str | None
    kind: ClaimKind
    checkworthiness: float
    reasons: list[str]
    status: ClaimStatus
    assignee_id: int | None
    verdict: str | None
    verdict_by_id: int | None = None
    restates_id: int | None = None
    version: int
    updated_at: datetime


class QueueRow(ClaimView):
    document_title: str | None = None
    outlet: str | None = None
    published: str | None = None
    assignee: str | None = None


class SourceView(View):
    id: int
    uid: str
    title: str
    url: str | None
    publisher: str | None
    published: str | None
    kind: str
    excerpt: str | None
    sha256: str | None
    merged_into_id: int | None
    version: int


class AnnotationView(View):
    id: int
    uid: str
    claim_id: int
    type: AnnotationType
    source_id: int | None
    source: SourceView | None = None
    relation: str | None
    excerpt: str | None
    note: str | None
    verdict: str | None
    confidence: float | None
    tag: str | None
    parent_id: int | None
    author: str | None = None
    author_id: int | None
    created_at: datetime
    updated_at: datetime
    withdrawn: bool
    withdrawn_reason: str | None
    version: int

    @field_validator("author", mode="before")
    @classmethod
    def _username(cls, value):
        # Read from the ORM row, `author` is the Reviewer relationship: keep its username.
        return getattr(value, "username", value)

    @classmethod
    def from_row(cls, row) -> AnnotationView:
        return cls.model_validate(row)


class VerdictLabelView(View):
    id: int
    label: str
    definition: str
    ordinal: int | None
    position: int
    active: bool


class EventView(View):
    seq: int
    at: str
    actor: str
    action: str
    entity_type: str
    entity_id: str
    claim_id: int | None
    batch_id: str | None
    reason: str | None
    before: str | None
    after: str | None
    hash: str


# ---- forms ---------------------------------------------------------------------------------------


class Form(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SourceForm(Form):
    title: str = Field(min_length=1, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    publisher: str | None = Field(None, max_length=300)
    published: str | None = Field(None, max_length=32)
    kind: SourceKind = "news_report"
    excerpt: str | None = None
    archived_copy: str | None = None

    @field_validator("url")
    @classmethod
    def _http_only(cls, value: str | None) -> str | None:
        # A javascript: or data: URL typed into the library must never become a clickable link.
        if value and not value.lower().startswith(("http://", "https://")):
            raise ValueError("URL must start with http:// or https://")
        return value or None


class AnnotationForm(Form):
    type: AnnotationType
    source_id: int | None = None
    new_source: SourceForm | None = None
    relation: str | None = None
    excerpt: str | None = None
    note: str | None = None
    verdict: str | None = None
    confidence: float | None = Field(None, ge=0.0, le=1.0)
    tag: str | None = Field(None, max_length=100)
    parent_id: int | None = None


class ClaimForm(Form):
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    speaker: str | None = Field(None, max_length=300)
    kind: ClaimKind = "statement"


class QueueFilter(Form):
    status: list[ClaimStatus] = Field(default_factory=list)
    document_id: int | None = None
    outlet: str | None = None
    speaker: str | None = None
    kind: list[ClaimKind] = Field(default_factory=list)
    min_checkworthiness: float = 0.0
    verdict: str | None = None
    tag: str | None = None
    assignee_id: int | None = None
    published_from: str | None = None
    published_to: str | None = None
    text: str | None = None
