"""The native exchange format: its pydantic contract and a streaming reader every export format uses.

The contract (ExportFile, ExportLine) is what `schemas/export.schema.json` is generated from and what the
importer validates against. The reader builds plain dicts in the contract's shape straight from SQL rows in
keyset batches: at a million claims there is no room for ORM objects or for holding the set in memory.
Cross-desk identity is the `uid`; people are named by username, never by a local id.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, TextIO

from pydantic import Field
from sqlalchemy import JSON, DateTime, Select, String, func, select, type_coerce
from sqlalchemy.orm import Session

from annotate.exports import relations
from annotate.exports.relations import Contract, ExportClaimLink, ExportNarrative
from annotate.schemas import AnnotationType, ClaimKind, ClaimStatus
from db.models import Annotation, Claim, Document, Reviewer, Source

FORMAT_VERSION = "1.0"
CONTEXT_CHARS = 32  # prefix/suffix stored with each quote, for re-anchoring when the text changed
BATCH = 5000
TEXT_CACHE = 256

# ---- the contract --------------------------------------------------------------------------------


class ExportDocument(Contract):
    uid: str
    content_hash: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    dateline: str | None = None
    language: str | None = None
    cites: list[str] = Field(default_factory=list)
    filename: str | None = None
    source_format: str = "text"
    raw_encoding: str | None = None
    ingested_by: str | None = None
    ingested_at: datetime | None = None
    version: int = 1
    text: str


class ExportSource(Contract):
    uid: str
    title: str
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    kind: str = "news_report"
    excerpt: str | None = None
    archived_copy: str | None = None
    sha256: str | None = None
    merged_into: str | None = Field(None, description="uid of the source this one was merged into")
    created_by: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int = 1


class ExportAnnotation(Contract):
    uid: str
    type: AnnotationType
    source: str | None = Field(None, description="uid of the cited source")
    relation: str | None = None
    excerpt: str | None = None
    note: str | None = None
    verdict: str | None = None
    confidence: float | None = None
    tag: str | None = None
    parent: str | None = Field(None, description="uid of the annotation this one replies to")
    author: str | None = Field(None, description="username")
    created_at: datetime
    updated_at: datetime
    withdrawn: bool = False
    withdrawn_reason: str | None = None
    version: int = 1


class ExportClaim(Contract):
    uid: str
    document: str = Field(description="uid of the document the claim is quoted from")
    start: int = Field(ge=0, description="code-point offset in the document text, inclusive")
    end: int = Field(gt=0, description="code-point offset, exclusive")
    text: str
    prefix: str = ""
    suffix: str = ""
    speaker: str | None = None
    speaker_mention: str | None = None
    cue: str | None = None
    kind: ClaimKind = "statement"
    checkworthiness: float = 0.0
    reasons: list[str] = Field(default_factory=list)
    entities: list[Any] = Field(default_factory=list)
    status: ClaimStatus = "new"
    assignee: str | None = None
    verdict: str | None = None
    verdict_by: str | None = None
    restates: str | None = Field(None, description="uid of the claim this one restates")
    origin: str = "extracted"
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int = 1
    annotations: list[ExportAnnotation] = Field(default_factory=list)


class ExportFile(Contract):
    """`annotate export --format json`: a complete, versioned claim set."""

    format_version: str
    exported_at: str | None = None
    documents: list[ExportDocument]
    claims: list[ExportClaim]
    sources: list[ExportSource]
    # Optional so that files from before relations were exported still validate.
    claim_links: list[ExportClaimLink] = Field(default_factory=list)
    narratives: list[ExportNarrative] = Field(default_factory=list)


class ExportLine(Contract):
    """One line of `--format jsonl`: a claim with the documents and sources not sent on an earlier line."""

    format_version: str
    claim: ExportClaim
    documents: list[ExportDocument] = Field(default_factory=list)
    sources: list[ExportSource] = Field(default_factory=list)
    claim_links: list[ExportClaimLink] = Field(
        default_factory=list, description="links between this claim and claims on earlier lines"
    )
    narratives: list[ExportNarrative] = Field(default_factory=list, description="narratives this claim is in")


# ---- reading -------------------------------------------------------------------------------------


def iso(moment: datetime | str | None) -> str | None:
    """UTC, fixed width, ending in Z. SQLite hands back naive UTC datetimes, or (read as text, which is much
    faster at a million rows) their stored form '2026-11-23 12:00:00.000000'."""
    if moment is None:
        return None
    if isinstance(moment, str):
        text = moment.replace(" ", "T", 1)
        return (text if len(text) > 19 else text + ".000000")[:26] + "Z"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def now_iso() -> str:
    return iso(datetime.now(UTC))


CLAIM_COLS = (
    Claim.id, Claim.uid, Claim.document_id, Claim.start, Claim.end, Claim.text, Claim.speaker,
    Claim.speaker_mention, Claim.cue, Claim.kind, Claim.checkworthiness, Claim.reasons, Claim.entities,
    Claim.status, Claim.assignee_id, Claim.verdict, Claim.verdict_by_id, Claim.restates_id, Claim.origin,
    Claim.created_at, Claim.updated_at, Claim.version,
)  # fmt: skip
ANN_COLS = (
    Annotation.id, Annotation.uid, Annotation.claim_id, Annotation.type, Annotation.source_id,
    Annotation.relation, Annotation.excerpt, Annotation.note, Annotation.verdict, Annotation.confidence,
    Annotation.tag, Annotation.parent_id, Annotation.author_id, Annotation.created_at, Annotation.updated_at,
    Annotation.withdrawn, Annotation.withdrawn_reason, Annotation.version,
)  # fmt: skip
DOC_COLS = (
    Document.id, Document.uid, Document.content_hash, Document.title, Document.outlet, Document.url,
    Document.published, Document.dateline, Document.language, Document.cites, Document.filename,
    Document.source_format, Document.raw_encoding, Document.ingested_by_id, Document.ingested_at,
    Document.version, Document.text,
)  # fmt: skip
SOURCE_COLS = (
    Source.id, Source.uid, Source.title, Source.url, Source.publisher, Source.published, Source.kind,
    Source.excerpt, Source.archived_copy, Source.sha256, Source.merged_into_id, Source.created_by_id,
    Source.created_at, Source.updated_at, Source.version,
)  # fmt: skip


class Reader:
    """Streams the selected claims as contract dicts, remembering which documents and sources they need.

    `where` applies the selection (a QueueFilter through queue._filtered) to a select of Claim columns.
    """

    def __init__(self, session: Session, where: Callable[[Select], Select], *, batch: int = BATCH):
        self.session = session
        self.where = where
        self.batch = batch
        self._cols: dict[tuple, tuple] = {}
        self._json_cache: dict[str, Any] = {}
        self.sqlite = session.get_bind().dialect.name == "sqlite"
        self.users = {i: name for i, name in session.execute(select(Reviewer.id, Reviewer.username))}
        self.source_ids: set[int] = set()
        self.document_ids: set[int] = set()
        self._docs: dict[int, dict] = {}  # the current batch's documents (id order keeps them clustered)
        self._sources: dict[int, dict] = {}
        self._source_by_uid: dict[str, dict] = {}
        self._doc_ids: dict[str, int] = {}
        self.claim_count = 0

    # -- claims --
    def claims(self) -> Iterator[dict]:
        last = 0
        while True:
            query = self.where(select(*self.cols(CLAIM_COLS))).where(Claim.id > last)
            rows = self._run(query.order_by(Claim.id).limit(self.batch)).all()
            if not rows:
                return
            last = rows[-1][0]
            yield from self._batch(rows)

    def _annotations(self, ids: list[int]) -> dict[int, list[dict]]:
        query = select(*self.cols(ANN_COLS))
        if ids[-1] - ids[0] < 2 * len(ids):
            # A dense batch (the usual case): one index range scan beats thousands of IN lookups.
            query = query.where(Annotation.claim_id.between(ids[0], ids[-1]))
        else:
            query = query.where(Annotation.claim_id.in_(ids))
        rows = self._run(query.order_by(Annotation.created_at, Annotation.id)).all()
        if len(rows) and ids[-1] - ids[0] + 1 != len(ids):
            wanted = set(ids)
            rows = [r for r in rows if r[2] in wanted]
        parents = self._uids(Annotation, {r[11] for r in rows if r[11]}, {r[0]: r[1] for r in rows})
        sources = self._source_uids({r[4] for r in rows if r[4]})
        users = self.users
        out: dict[int, list[dict]] = {}
        for (_, uid, claim_id, kind, source_id, relation, excerpt, note, verdict, confidence, tag, parent_id,
             author_id, created_at, updated_at, withdrawn, withdrawn_reason, version) in rows:  # fmt: skip
            out.setdefault(claim_id, []).append(
                {
                    "uid": uid,
                    "type": kind,
                    "source": sources.get(source_id),
                    "relation": relation,
                    "excerpt": excerpt,
                    "note": note,
                    "verdict": verdict,
                    "confidence": confidence,
                    "tag": tag,
                    "parent": parents.get(parent_id),
                    "author": users.get(author_id),
                    "created_at": iso(created_at),
                    "updated_at": iso(updated_at),
                    "withdrawn": bool(withdrawn),
                    "withdrawn_reason": withdrawn_reason,
                    "version": version,
                }
            )
        return out

    def _batch(self, rows) -> Iterator[dict]:
        # Plain tuple unpacking: attribute access on Row objects costs a third of the time at this scale.
        self._load_docs({r[2] for r in rows})
        anns = self._annotations([r[0] for r in rows])
        restated = self._uids(Claim, {r[17] for r in rows if r[17]}, {r[0]: r[1] for r in rows})
        users, docs, loads = self.users, self._docs, self._json
        for (claim_id, uid, doc_id, start, end, text, speaker, speaker_mention, cue, kind, checkworthiness, reasons,
             entities, status, assignee_id, verdict, verdict_by_id, restates_id, origin, created_at, updated_at,
             version) in rows:  # fmt: skip
            doc = docs[doc_id]
            whole = doc["text"]
            self.document_ids.add(doc_id)
            self.claim_count += 1
            yield {
                "uid": uid,
                "document": doc["uid"],
                "start": start,
                "end": end,
                "text": text,
                "prefix": whole[max(0, start - CONTEXT_CHARS) : start],
                "suffix": whole[end : end + CONTEXT_CHARS],
                "speaker": speaker,
                "speaker_mention": speaker_mention,
                "cue": cue,
                "kind": kind,
                "checkworthiness": checkworthiness,
                "reasons": loads(reasons),
                "entities": loads(entities),
                "status": status,
                "assignee": users.get(assignee_id),
                "verdict": verdict,
                "verdict_by": users.get(verdict_by_id),
                "restates": restated.get(restates_id),
                "origin": origin,
                "created_at": iso(created_at),
                "updated_at": iso(updated_at),
                "version": version,
                "annotations": anns.get(claim_id, []),
            }

    def _json(self, value: Any) -> Any:
        """JSON columns read as text on SQLite; the same few values (reasons) repeat, so decode each once."""
        if value is None:
            return []
        if not isinstance(value, str):
            return value
        found = self._json_cache.get(value)
        if found is None:
            if len(self._json_cache) > 10_000:
                self._json_cache.clear()
            found = self._json_cache[value] = json.loads(value)
        return found

    def _uids(self, model, wanted: set[int], known: dict[int, str]) -> dict[int, str]:
        missing = [i for i in wanted if i not in known]
        if missing:
            known.update(
                (i, uid) for i, uid in self.session.execute(select(model.id, model.uid).where(model.id.in_(missing)))
            )
        return known

    def _source_uids(self, ids: set[int]) -> dict[int, str]:
        self.source_ids |= ids
        missing = [i for i in ids if i not in self._sources]
        if missing:
            for row in self.session.execute(select(*self.cols(SOURCE_COLS)).where(Source.id.in_(missing))):
                self._sources[row.id] = self._source_by_uid[row.uid] = self._source_dict(row)
                if row.merged_into_id:
                    self.source_ids.add(row.merged_into_id)
        return {i: self._sources[i]["uid"] for i in ids if i in self._sources}

    def _load_docs(self, doc_ids: set[int]) -> None:
        missing = [i for i in doc_ids if i not in self._docs]
        if not missing:
            return
        if len(self._docs) + len(missing) > TEXT_CACHE:
            self._docs = {i: d for i, d in self._docs.items() if i in doc_ids}
        query = select(*self.cols(DOC_COLS)).where(Document.id.in_(missing))
        for row in self._run(query):
            self._docs[row.id] = self._document_dict(row)
            self._doc_ids[row.uid] = row.id

    def _run(self, query: Select):
        # Core execution on the session's connection (same transaction): column rows need no ORM loading.
        return self.session.connection().execute(query)

    def cols(self, columns: tuple) -> tuple:
        """On SQLite read timestamps as their stored text: parsing a million datetimes costs more than the
        rest of the export."""
        if not self.sqlite:
            return columns
        if columns not in self._cols:
            self._cols[columns] = tuple(
                type_coerce(c, String).label(c.key) if isinstance(c.type, DateTime | JSON) else c for c in columns
            )
        return self._cols[columns]

    def annotation_count(self, *, include_withdrawn: bool = True) -> int:
        query = select(func.count(Annotation.id)).where(Annotation.claim_id.in_(self.where(select(Claim.id))))
        if not include_withdrawn:
            query = query.where(Annotation.withdrawn.is_(False))
        return self.session.scalar(query) or 0

    # -- documents and sources --
    def document(self, doc_id: int) -> dict:
        """One document as a contract dict (cached: formats that name the article per claim ask often)."""
        if doc_id not in self._docs:
            row = self.session.execute(select(*self.cols(DOC_COLS)).where(Document.id == doc_id)).one()
            self._docs[doc_id] = self._document_dict(row)
        return self._docs[doc_id]

    def document_id(self, uid: str) -> int:
        if uid not in self._doc_ids:
            self._doc_ids[uid] = self.session.scalar(select(Document.id).where(Document.uid == uid))
        return self._doc_ids[uid]

    def documents(self) -> Iterator[dict]:
        """The documents of the whole selection, streamed (read before the claims, for the json layout)."""
        # EXISTS walks each document's claims by index; IN (SELECT DISTINCT ...) would sort all claims first.
        wanted = self.where(select(Claim.id)).where(Claim.document_id == Document.id).exists()
        query = select(*self.cols(DOC_COLS)).where(wanted).order_by(Document.id)
        for row in self.session.execute(query.execution_options(yield_per=100)):
            yield self._document_dict(row)

    def _document_dict(self, r) -> dict:
        return {
            "uid": r.uid,
            "content_hash": r.content_hash,
            "title": r.title,
            "outlet": r.outlet,
            "url": r.url,
            "published": r.published,
            "dateline": r.dateline,
            "language": r.language,
            "cites": list(self._json(r.cites)),
            "filename": r.filename,
            "source_format": r.source_format,
            "raw_encoding": r.raw_encoding,
            "ingested_by": self.users.get(r.ingested_by_id),
            "ingested_at": iso(r.ingested_at),
            "version": r.version,
            "text": r.text,
        }

    def source(self, source_id: int) -> dict | None:
        if source_id not in self._sources:
            self._source_uids({source_id})
        return self._sources.get(source_id)

    def source_by_uid(self, uid: str | None) -> dict | None:
        return None if uid is None else self._source_by_uid.get(uid)

    def sources(self) -> Iterator[dict]:
        """Every source the claims streamed so far cite (and what merged ones point to), by id."""
        self._source_uids(set(self.source_ids))
        for source_id in sorted(self.source_ids):
            if source_id in self._sources:
                yield self._sources[source_id]

    def _source_dict(self, r) -> dict:
        return {
            "uid": r.uid,
            "title": r.title,
            "url": r.url,
            "publisher": r.publisher,
            "published": r.published,
            "kind": r.kind,
            "excerpt": r.excerpt,
            "archived_copy": r.archived_copy,
            "sha256": r.sha256,
            "merged_into": None if r.merged_into_id is None else self._merged_uid(r.merged_into_id),
            "created_by": self.users.get(r.created_by_id),
            "created_at": iso(r.created_at),
            "updated_at": iso(r.updated_at),
            "version": r.version,
        }

    def _merged_uid(self, source_id: int) -> str:
        return self.session.scalar(select(Source.uid).where(Source.id == source_id))


# ---- writers -------------------------------------------------------------------------------------


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_json(reader: Reader, out: TextIO, **_: Any) -> int:
    out.write(f'{{"format_version":{_dump(FORMAT_VERSION)},"exported_at":{_dump(now_iso())},\n"documents":[')
    _write_items(out, reader.documents())
    out.write('],\n"claims":[')
    _write_items(out, reader.claims())
    out.write('],\n"sources":[')
    _write_items(out, reader.sources())
    out.write('],\n"claim_links":[')
    _write_items(out, relations.links(reader))
    out.write('],\n"narratives":[')
    _write_items(out, (narrative for _, narrative in relations.narratives(reader)))
    out.write("]}\n")
    return reader.claim_count


def _write_items(out: TextIO, items: Iterator[dict]) -> None:
    sep = "\n"
    for item in items:
        out.write(sep)
        out.write(_dump(item))
        sep = ",\n"


def write_jsonl(reader: Reader, out: TextIO, **_: Any) -> int:
    sent_docs: set[str] = set()
    sent_sources: set[str] = set()
    for claim, links, narratives in relations.with_relations(reader, reader.claims()):
        docs = []
        if claim["document"] not in sent_docs:
            sent_docs.add(claim["document"])
            docs.append(reader.document(reader.document_id(claim["document"])))
        sources = []
        for ann in claim["annotations"]:
            uid = ann["source"]
            if uid and uid not in sent_sources:
                sent_sources.add(uid)
                sources.extend(_with_merge_targets(reader, uid, sent_sources))
        line = {"format_version": FORMAT_VERSION, "claim": claim, "documents": docs, "sources": sources,
                "claim_links": links, "narratives": narratives}  # fmt: skip
        out.write(_dump(line))
        out.write("\n")
    return reader.claim_count


def _with_merge_targets(reader: Reader, uid: str, sent: set[str]) -> list[dict]:
    source = reader.source_by_uid(uid)
    if source is None:
        return []
    out = [source]
    target = source.get("merged_into")
    if target and target not in sent:
        sent.add(target)
        target_id = reader.session.scalar(select(Source.id).where(Source.uid == target))
        if target_id is not None:
            out.insert(0, reader.source(target_id))
    return out
