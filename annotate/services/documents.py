"""Ingest: raw article -> Document + extracted Claims, each write audited, the same content never twice."""

from __future__ import annotations

import hashlib
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from annotate.extract import ExtractionError, extract
from annotate.extract.schema import ExtractionResult
from annotate.schemas import DocumentText, DocumentView
from annotate.services.desk import Desk, Tx
from annotate.services.errors import InvalidInput, NotFound
from annotate.services.permissions import Actor, require
from annotate.services.snapshots import snapshot
from db.models import Claim, Document

MAX_BYTES = 50 * 1024 * 1024
# An "article" with thousands of claims (a whole scraped site glued into one page) is matched on request
# (`annotate match --document ID`), not inside ingest, where it would hold the write lock for a minute.
MATCH_ON_INGEST_MAX_CLAIMS = 1_000
INGESTIBLE = {".txt", ".html", ".htm", ".md", ".markdown"}


@dataclass
class IngestOutcome:
    name: str
    status: str  # "added" | "duplicate" | "failed"
    document_id: int | None = None
    claims: int = 0
    message: str = ""


@dataclass
class IngestReport:
    batch_id: str
    outcomes: list[IngestOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


def shown(message: str) -> str:
    """A message as one line: control characters (a newline or an ESC in a file name) shown escaped, so a
    name cannot forge report lines or send terminal escapes."""
    return _CONTROL_CHARS.sub(lambda m: f"\\x{ord(m.group()):02x}", message)


def content_hash(text: str) -> str:
    # Hash the cleaned text: the same article scraped twice with different page junk is one document.
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def ingest(
    desk: Desk,
    actor: Actor,
    data: bytes | str,
    *,
    name: str | None = None,
    url: str | None = None,
    batch_id: str | None = None,
    match: bool = True,
) -> IngestOutcome:
    """Extract and store one article, then match its claims against the desk's (repeated claims).
    Raises InvalidInput for content that is not an article."""
    require(actor, "document.ingest")
    label = name or "pasted text"
    try:
        result = extract(data, filename=name)
    except ExtractionError as exc:
        message = str(exc) if str(exc).startswith(label) else f"{label}: {exc}"
        raise InvalidInput(shown(message)) from None
    raw = data if isinstance(data, str) else _decoded_raw(data, result)
    digest = content_hash(result.document.text)
    with desk.write(actor, batch_id=batch_id) as tx:
        existing = tx.session.scalar(select(Document.id).where(Document.content_hash == digest))
        if existing is not None:
            return IngestOutcome(label, "duplicate", existing, message="already in the desk")
        document = store(tx, result, raw=raw, name=name, url=url, digest=digest)
    outcome = IngestOutcome(label, "added", document.id, claims=len(result.claims))
    if match and outcome.claims > MATCH_ON_INGEST_MAX_CLAIMS:
        outcome.message = f"{outcome.claims} claims: not matched now; run `annotate match --document {document.id}`"
    elif match:
        # Its own transaction: the article is safely in whatever matching does; a document left unmatched
        # (a crash right here) is caught up by `annotate match --all`.
        from annotate.services import matching

        report = matching.match_document(desk, actor, document.id, batch_id=batch_id)
        if report.links_created:
            outcome.message = f"{len(report.links_created)} match(es) with other articles"
    return outcome


def _decoded_raw(data: bytes, result: ExtractionResult) -> str:
    encoding = result.document.encoding or "utf-8"
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return data.decode("utf-8", errors="replace")


def store(tx: Tx, result: ExtractionResult, *, raw: str, name: str | None, url: str | None, digest: str):
    meta = result.document
    document = Document(
        content_hash=digest,
        raw=raw,
        raw_encoding=meta.encoding,
        source_format=meta.source_format,
        filename=name,
        text=meta.text,
        offset_map=[list(run) for run in result.offset_map],
        title=meta.title,
        outlet=meta.outlet,
        url=url,
        published=meta.published,
        dateline=meta.dateline,
        language=meta.language,
        cites=list(meta.cites),
        ingested_by_id=tx.actor.id,
    )
    tx.session.add(document)
    tx.session.flush()
    tx.record("document.ingest", "document", document.id, after=snapshot(document))
    claims = [
        Claim(
            document_id=document.id,
            start=c.start,
            end=c.end,
            text=c.text,
            speaker=c.speaker,
            speaker_mention=c.speaker_mention,
            cue=c.cue,
            kind=c.kind,
            checkworthiness=round(c.checkworthiness, 4),
            reasons=list(c.reasons),
            entities=[e.model_dump() for e in c.entities],
        )
        for c in result.claims
    ]
    tx.session.add_all(claims)
    tx.session.flush()
    for index, extracted in enumerate(result.claims):
        if extracted.restates is not None and 0 <= extracted.restates < len(claims):
            claims[index].restates_id = claims[extracted.restates].id
    tx.session.flush()
    for claim in claims:
        tx.record("claim.extract", "claim", claim.id, after=snapshot(claim), claim_id=claim.id)
    return document


def iter_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in INGESTIBLE)
        else:
            files.append(path)
    return files


def ingest_files(
    desk: Desk,
    actor: Actor,
    paths: Iterable[str | Path],
    *,
    batch_id: str | None = None,
    progress: Callable[[IngestOutcome], None] | None = None,
    match: bool = True,
) -> IngestReport:
    """Ingest many files, one transaction each: a bad file is reported and the batch goes on; an
    interrupted batch resumes by running it again (what is in already is recognised by its hash)."""
    report = IngestReport(batch_id=batch_id or desk.new_batch_id())
    for path in iter_files(paths):
        outcome = _ingest_path(desk, actor, path, report.batch_id, match)
        report.outcomes.append(outcome)
        if progress:
            progress(outcome)
    return report


def _ingest_path(desk: Desk, actor: Actor, path: Path, batch_id: str, match: bool) -> IngestOutcome:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device would block or read without end
            return IngestOutcome(str(path), "failed", message=shown(f"{path}: not a regular file"))
        size = info.st_size
        if size > MAX_BYTES:
            message = f"{path}: file is {size / 2**20:.0f} MB; the limit is {MAX_BYTES // 2**20} MB"
            return IngestOutcome(str(path), "failed", message=shown(message))
        data = path.read_bytes()
        return ingest(desk, actor, data, name=str(path), batch_id=batch_id, match=match)
    except InvalidInput as exc:
        return IngestOutcome(str(path), "failed", message=str(exc))
    except OSError as exc:
        return IngestOutcome(str(path), "failed", message=shown(f"{path}: cannot read ({exc.strerror or exc})"))


def get(desk: Desk, document_id: int) -> DocumentText:
    return _one(desk, document_id, DocumentText)


def summary(desk: Desk, document_id: int) -> DocumentView:
    """A document's title and metadata, without its text (deferred columns stay unread)."""
    return _one(desk, document_id, DocumentView)


def _one(desk: Desk, document_id: int, view: type[DocumentView]) -> DocumentView:
    with desk.read() as session:
        document = session.get(Document, document_id)
        if document is None:
            raise NotFound(f"no document #{document_id}")
        return view.model_validate(document)


def list_documents(desk: Desk, *, limit: int = 500, offset: int = 0) -> list[DocumentView]:
    with desk.read() as session:
        rows = session.scalars(select(Document).order_by(Document.id.desc()).limit(limit).offset(offset))
        return [DocumentView.model_validate(d) for d in rows]


def count(desk: Desk) -> int:
    with desk.read() as session:
        return session.scalar(select(func.count(Document.id))) or 0


def outlets(desk: Desk) -> list[str]:
    with desk.read() as session:
        return [o for o in session.scalars(select(Document.outlet).distinct().order_by(Document.outlet)) if o]
