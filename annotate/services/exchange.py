"""Export and import of annotated claim sets: the functions the CLI and the UI both call.

    exchange.export(desk, "json", ExportFilter(verdict="False"), sys.stdout)
    report = exchange.import_file(desk, actor, "set.json")

Export reads one consistent snapshot (one read transaction) and streams it. Import writes a whole file in
ONE unit of work with a batch id: either all of it lands, each entity with its audit event, or nothing.
The writes are done by `Importer` below, inside that unit of work: imports keep the uids, times and
versions of the desk they come from, which the everyday services (new rows, now, for the signed-in reviewer)
do not do. The file readers in annotate/imports/ parse and validate, then call the Importer.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Select, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from annotate import exports
from annotate.exports.native import ExportAnnotation, ExportClaim, ExportDocument, ExportSource, Reader, iso
from annotate.exports.relations import ExportClaimLink, ExportNarrative
from annotate.imports.anchor import anchor
from annotate.schemas import QueueFilter
from annotate.services import scale, settings
from annotate.services.desk import Desk, Tx
from annotate.services.errors import InvalidInput
from annotate.services.permissions import Actor, require
from annotate.services.queue import _filtered
from annotate.services.snapshots import snapshot
from db.matching_models import ClaimLink, Narrative, NarrativeClaim
from db.models import Annotation, Claim, Document, Reviewer, Source, VerdictLabel

MAX_IMPORT_BYTES = 2 * 1024 * 1024 * 1024


class ExportFilter(QueueFilter):
    """The queue's filter plus what only a set export needs: a reviewer who worked on the claims, a document
    named by uid (stable across desks)."""

    reviewer: str | None = None
    document_uid: str | None = None


def _where(f: ExportFilter):
    def apply(query: Select) -> Select:
        query = _filtered(query, f)
        if f.reviewer:
            reviewer_id = select(Reviewer.id).where(Reviewer.username == f.reviewer.strip().lower())
            worked = select(Annotation.claim_id).where(
                Annotation.author_id.in_(reviewer_id), Annotation.withdrawn.is_(False)
            )
            query = query.where(or_(Claim.id.in_(worked), Claim.verdict_by_id.in_(reviewer_id)))
        if f.document_uid:
            query = query.where(Claim.document_id.in_(select(Document.id).where(Document.uid == f.document_uid)))
        return query

    return apply


def export(
    desk: Desk,
    fmt: str,
    f: QueueFilter | None,
    out: TextIO | None,
    *,
    split_dir: str | Path | None = None,
    batch: int | None = None,
) -> int:
    """Write the selected claims to `out` in format `fmt`; returns how many claims were written."""
    write = exports.writer(fmt)
    f = f if isinstance(f, ExportFilter) else ExportFilter(**(f.model_dump() if f else {}))
    options: dict[str, Any] = {"split_dir": split_dir}
    if fmt in ("claimreview", "markdown", "html", "prov"):
        options["organisation"] = settings.organisation(desk)
        options["labels"] = scale.labels(desk, include_inactive=True)
    with desk.read() as session:
        reader = Reader(session, _where(f), **({"batch": batch} if batch else {}))
        return write(reader, out, **options)


# ---- import --------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    path: str
    batch_id: str
    format: str = ""
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    reanchored: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def summary(self) -> str:
        def fmt(counter: Counter) -> str:
            return ", ".join(f"{n} {kind}(s)" for kind, n in sorted(counter.items())) or "nothing"

        return (
            f"{self.path} ({self.format}): created {fmt(self.created)}; updated {fmt(self.updated)}; "
            f"unchanged {fmt(self.unchanged)}; {len(self.reanchored)} re-anchored; {len(self.orphans)} orphaned "
            f"(batch {self.batch_id})"
        )


def import_file(desk: Desk, actor: Actor, path: str | Path, *, batch_id: str | None = None) -> ImportReport:
    """Import a native json/jsonl export or W3C Web Annotation JSON-LD (Hypothesis and others), merging by uid.

    Raises InvalidInput with "FILE: what is wrong" for a malformed file; nothing is written then."""
    from annotate.imports import detect, load

    require(actor, "import")
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror or exc})") from None
    if size > MAX_IMPORT_BYTES:
        raise InvalidInput(f"{path}: file is {size / 1e9:.1f} GB; the limit is 2 GB")
    fmt = detect(path)
    report = ImportReport(path=str(path), batch_id=batch_id or desk.new_batch_id(), format=fmt)
    with desk.write(actor, batch_id=report.batch_id, reason=f"import of {path.name}") as tx:
        load(fmt, path, Importer(tx, report))
    return report


class Importer:
    """Writes imported entities inside one unit of work, merging by uid, one audit event per change.

    Merge rule: an entity already here is left alone when equal, replaced when the incoming copy was
    updated later, and kept (with a warning) when ours is newer. Documents are never rewritten: a document
    whose text differs keeps our text and the incoming quotes are re-anchored on it.

    Native files also carry row versions. An incoming copy that is later in time but whose version is not
    above ours was edited there while ours was edited here: ours is kept and the conflict reported, rather
    than the later clock silently winning. Web Annotations carry no version, so for them time alone decides.
    Claim links and narrative memberships have no edit time: for them the version alone decides.
    """

    def __init__(self, tx: Tx, report: ImportReport):
        self.tx = tx
        self.report = report
        self.session = tx.session
        self._users: dict[str, int | None] = {}
        self._pending_restates: list[tuple[int, str]] = []
        self._pending_parents: list[tuple[int, str]] = []
        self._pending_merges: list[tuple[int, str]] = []
        self.versioned = report.format in ("json", "jsonl")
        self.orphaned_claims: set[str] = set()
        self._narratives: dict[str, int] = {}
        self._joined_by_name: dict[str, str] = {}  # file uid -> name, until the join is reported
        labels = self.session.scalars(select(VerdictLabel.label))
        self.labels = set(labels)

    # -- people --
    def user(self, username: str | None) -> int | None:
        if not username:
            return None
        if username not in self._users:
            name = _username(username)
            reviewer = self.session.scalar(select(Reviewer).where(Reviewer.username == name))
            if reviewer is None:
                # Known by name only: no password, so the account cannot sign in until an admin sets one.
                reviewer = Reviewer(username=name, display_name=username, role="viewer", password_hash=None)
                self.session.add(reviewer)
                self.session.flush()
                self.tx.record("reviewer.create", "reviewer", reviewer.id, after=snapshot(reviewer))
                self.report.created["reviewer"] += 1
            self._users[username] = reviewer.id
        return self._users[username]

    # -- documents --
    def document(self, d: ExportDocument) -> Document:
        doc = self.session.scalar(select(Document).where(Document.uid == d.uid))
        if doc is None:
            doc = self.session.scalar(select(Document).where(Document.content_hash == d.content_hash))
        if doc is not None:
            self.report.unchanged["document"] += 1
            return doc
        doc = Document(
            uid=d.uid, content_hash=d.content_hash, raw=d.text, raw_encoding=d.raw_encoding,
            source_format=d.source_format, filename=d.filename, text=d.text, offset_map=[], title=d.title,
            outlet=d.outlet, url=d.url, published=d.published, dateline=d.dateline, language=d.language,
            cites=list(d.cites), ingested_by_id=self.user(d.ingested_by),
            **_times(ingested_at=d.ingested_at),
        )  # fmt: skip
        self.session.add(doc)
        self.session.flush()
        self._quiet_update(doc, version=d.version)
        self.tx.record("import.document", "document", doc.id, after=snapshot(doc))
        self.report.created["document"] += 1
        return doc

    def document_for_target(self, source: str) -> Document | None:
        """The document a Web Annotation targets: our own urn:uuid, else the article's URL."""
        if source.startswith("urn:uuid:"):
            return self.session.scalar(select(Document).where(Document.uid == source[9:]))
        return self.session.scalar(select(Document).where(Document.url == source).order_by(Document.id))

    # -- sources --
    def source(self, s: ExportSource) -> Source:
        values = {
            "title": s.title, "url": s.url, "publisher": s.publisher, "published": s.published, "kind": s.kind,
            "excerpt": s.excerpt, "archived_copy": s.archived_copy, "sha256": s.sha256,
            "created_by_id": self.user(s.created_by),
        }  # fmt: skip
        row = self._merge(Source, "source", s.uid, values, s.updated_at, created_at=s.created_at, version=s.version)
        if s.merged_into:
            self._pending_merges.append((row.id, s.merged_into))
        return row

    def source_for_url(self, url: str, title: str | None = None) -> Source:
        row = self.session.scalar(select(Source).where(Source.url == url).order_by(Source.id))
        if row is None:
            row = Source(title=(title or url)[:1000], url=url, kind="other", created_by_id=self.tx.actor.id)
            self.session.add(row)
            self.session.flush()
            self.tx.record("import.source", "source", row.id, after=snapshot(row))
            self.report.created["source"] += 1
        return row

    def source_id(self, uid: str | None) -> int | None:
        if uid is None:
            return None
        found = self.session.scalar(select(Source.id).where(Source.uid == uid))
        if found is None:
            self.report.warnings.append(f"source {uid} is cited but not in the file")
        return found

    # -- claims --
    def claim(self, c: ExportClaim, doc: Document, incoming_text: str | None) -> Claim | None:
        """Merge a claim; re-anchor its quote when our copy of the document text differs. None = orphaned."""
        existing = self.session.scalar(select(Claim).where(Claim.uid == c.uid))
        start, end = c.start, c.end
        if existing is None and (incoming_text is None or incoming_text != doc.text):
            found = anchor(doc.text, c.text, prefix=c.prefix, suffix=c.suffix, start=c.start)
            if found is None:
                self.report.orphans.append(f"claim {c.uid}: quote not found in document {doc.uid}: {_short(c.text)}")
                self.orphaned_claims.add(c.uid)
                return None
            if (found.start, found.end) != (c.start, c.end) or found.score < 1:
                self.report.reanchored.append(f"claim {c.uid}: {c.start}-{c.end} -> {found.start}-{found.end} "
                                              f"(score {found.score:.2f})")  # fmt: skip
            start, end = found.start, found.end
        values = {
            "document_id": doc.id, "start": start, "end": end, "text": doc.text[start:end] if existing is None
            else existing.text, "speaker": c.speaker, "speaker_mention": c.speaker_mention, "cue": c.cue,
            "kind": c.kind, "checkworthiness": c.checkworthiness, "reasons": list(c.reasons),
            "entities": list(c.entities), "status": c.status, "assignee_id": self.user(c.assignee),
            "verdict": c.verdict, "verdict_by_id": self.user(c.verdict_by), "origin": c.origin,
        }  # fmt: skip
        if existing is not None:  # the span is ours: only the review fields merge
            values.update(document_id=existing.document_id, start=existing.start, end=existing.end)
        # Links to rows met earlier in the file are set now; forward ones wait for finish().
        restates = self._id(Claim, c.restates)
        if restates is not None:
            values["restates_id"] = restates
        if c.verdict and c.verdict not in self.labels:
            self.report.warnings.append(f"claim {c.uid}: verdict {c.verdict!r} is not on this desk's scale")
        row = self._merge(Claim, "claim", c.uid, values, c.updated_at, created_at=c.created_at, version=c.version)
        if c.restates and restates is None:
            self._pending_restates.append((row.id, c.restates))
        return row

    def claim_at(self, doc: Document, start: int, end: int, uid: str | None = None) -> Claim:
        """The claim a web annotation's quote belongs to: the one covering the span, else a new one."""
        covering = self.session.scalar(
            select(Claim)
            .where(Claim.document_id == doc.id, Claim.start <= start, Claim.end >= end, Claim.status != "rejected")
            .order_by(Claim.end - Claim.start, Claim.id)
        )
        if covering is not None:
            return covering
        claim = Claim(document_id=doc.id, start=start, end=end, text=doc.text[start:end], origin="import")
        if uid:
            claim.uid = uid
        self.session.add(claim)
        self.session.flush()
        self.tx.record("import.claim", "claim", claim.id, after=snapshot(claim), claim_id=claim.id)
        self.report.created["claim"] += 1
        return claim

    # -- annotations --
    def annotation(self, a: ExportAnnotation, claim: Claim) -> Annotation:
        values = {
            "claim_id": claim.id, "type": a.type, "source_id": self.source_id(a.source), "relation": a.relation,
            "excerpt": a.excerpt, "note": a.note, "verdict": a.verdict, "confidence": a.confidence, "tag": a.tag,
            "author_id": self.user(a.author), "withdrawn": a.withdrawn, "withdrawn_reason": a.withdrawn_reason,
        }  # fmt: skip
        parent = self._id(Annotation, a.parent)
        if parent is not None:
            values["parent_id"] = parent
        row = self._merge(
            Annotation, "annotation", a.uid, values, a.updated_at, created_at=a.created_at, version=a.version,
            claim_id=claim.id,
        )  # fmt: skip
        if a.parent and parent is None:
            self._pending_parents.append((row.id, a.parent))
        return row

    def verdict_of(self, claim: Claim, annotation: Annotation) -> None:
        """A verdict that arrived as a web annotation becomes the claim's current verdict, for a second review."""
        if annotation.withdrawn or claim.verdict == annotation.verdict:
            return
        before = snapshot(claim)
        claim.verdict, claim.verdict_by_id = annotation.verdict, annotation.author_id
        if claim.status in ("new", "in_review", "approved"):
            claim.status = "needs_second_review"
        self.session.flush()
        self.tx.record("import.claim.verdict", "claim", claim.id, before=before, after=snapshot(claim),
                       claim_id=claim.id)  # fmt: skip
        self.report.updated["claim"] += 1

    # -- relations between claims: links and narratives (after the claims they name) --
    def claim_link(self, link: ExportClaimLink, where: str = "") -> None:
        ids = self._claim_ids(f"link {link.uid}", (link.claim_a, link.claim_b), where)
        if ids is None:
            return
        a, b = sorted(ids)
        if a == b:
            raise InvalidInput(f"{self.report.path}: {where}link {link.uid} links claim {link.claim_a} to itself")
        row = self.session.scalar(select(ClaimLink).where(ClaimLink.uid == link.uid))
        if row is None:  # the same pair matched independently on both desks is one link, whatever its uid
            row = self.session.scalar(select(ClaimLink).where(ClaimLink.claim_a_id == a, ClaimLink.claim_b_id == b))
        values = {
            "method": link.method, "score": link.score, "status": link.status, "reason": link.reason,
            "unlinked_by_id": self.user(link.unlinked_by), "unlinked_at": _utc(link.unlinked_at),
        }  # fmt: skip
        if row is None:
            row = ClaimLink(uid=link.uid, claim_a_id=a, claim_b_id=b, created_by_id=self.user(link.created_by),
                            **values, **_times(created_at=link.created_at))  # fmt: skip
            self._created(row, "claim_link", link.version, claim_id=b)
        else:
            self._merge_by_version(row, "claim_link", f"link {link.uid}", values, link.version, claim_id=b)

    def narrative(self, n: ExportNarrative, where: str = "") -> None:
        """A narrative and its members in the file; a narrative met again (jsonl repeats it) is merged once."""
        narrative_id = self._narratives.get(n.uid)
        if narrative_id is None:
            same_name = None
            if self._id(Narrative, n.uid) is None:
                same_name = self.session.scalar(select(Narrative).where(Narrative.name == n.name))
            if same_name is not None:
                # Names are unique on a desk: a talking point of the same name is the same one here. Said
                # when the file adds members to it (below), not again on every re-import of the same file.
                self._joined_by_name[n.uid] = n.name
                self.report.unchanged["narrative"] += 1
                narrative_id = same_name.id
            else:
                values = {"name": n.name, "description": n.description, "created_by_id": self.user(n.created_by)}
                narrative_id = self._merge(Narrative, "narrative", n.uid, values, n.updated_at,
                                           created_at=n.created_at, version=n.version).id  # fmt: skip
            self._narratives[n.uid] = narrative_id
        for member in n.claims:
            ids = self._claim_ids(f"narrative {n.uid}", (member.claim,), where)
            if ids is None:
                continue
            (claim_id,) = ids
            row = self.session.scalar(
                select(NarrativeClaim).where(
                    NarrativeClaim.narrative_id == narrative_id, NarrativeClaim.claim_id == claim_id
                )
            )
            values = {"active": member.active, "removed_reason": member.removed_reason}
            if row is None:
                added = {"added_by_id": self.user(member.added_by), **_times(added_at=member.added_at)}
                row = NarrativeClaim(narrative_id=narrative_id, claim_id=claim_id, **values, **added)
                self._created(row, "narrative_claim", member.version, claim_id=claim_id)
                if (name := self._joined_by_name.pop(n.uid, None)) is not None:
                    self.report.warnings.append(f"narrative {n.uid}: joined to this desk's narrative {name!r}")
            else:
                label = f"narrative {n.uid} claim {member.claim}"
                self._merge_by_version(row, "narrative_claim", label, values, member.version, claim_id=claim_id)

    def _claim_ids(self, what: str, uids: tuple[str, ...], where: str) -> list[int] | None:
        """This desk's ids for the claims a relation names; None (reported) when one of them was orphaned."""
        ids = []
        for uid in uids:
            found = self._id(Claim, uid)
            if found is None and uid in self.orphaned_claims:
                self.report.orphans.append(f"{what}: its claim {uid} was orphaned")
                return None
            if found is None:
                raise InvalidInput(f"{self.report.path}: {where}{what} names claim {uid}, which is neither in "
                                   "the file nor on this desk")  # fmt: skip
            ids.append(found)
        return ids

    def _created(self, row, kind: str, version: int, *, claim_id: int) -> None:
        self.session.add(row)
        self.session.flush()
        self._quiet_update(row, version=version)
        self.tx.record(f"import.{kind}", kind, row.id, after=snapshot(row), claim_id=claim_id)
        self.report.created[kind] += 1

    def _merge_by_version(self, row, kind: str, label: str, values: dict, version: int, *, claim_id: int) -> None:
        """Rows with no edit time: the file's copy replaces ours only when it has seen more edits."""
        if all(_same(getattr(row, key), value) for key, value in values.items()):
            self.report.unchanged[kind] += 1
            return
        if version <= row.version:
            self.report.warnings.append(
                f"{label}: this desk's copy (version {row.version}) differs from the file's (version {version}) "
                "and is not older; kept this desk's copy"
            )
            self.report.unchanged[kind] += 1
            return
        before = snapshot(row)
        for key, value in values.items():
            setattr(row, key, value)
        self.session.flush()
        self._quiet_update(row, version=max(version, row.version))
        self.tx.record(f"import.{kind}.update", kind, row.id, before=before, after=snapshot(row), claim_id=claim_id)
        self.report.updated[kind] += 1

    def _quiet_update(self, row, **values) -> None:
        """Set columns the ORM would not let an insert keep (the exporting desk's version) or would stamp
        with now (updated_at): a plain UPDATE, then tell the session what the row now holds."""
        values = {key: value for key, value in values.items() if getattr(row, key) != value}
        if not values:
            return
        model = type(row)
        if hasattr(model, "updated_at"):
            values.setdefault("updated_at", row.updated_at)
        self.session.execute(update(model).where(model.id == row.id).values(**values))
        for key, value in values.items():
            set_committed_value(row, key, value)

    def _id(self, model, uid: str | None) -> int | None:
        return None if uid is None else self.session.scalar(select(model.id).where(model.uid == uid))

    # -- the merge --
    def _merge(self, model, kind: str, uid: str, values: dict, updated_at, *, created_at, version, claim_id=None):
        row = self.session.scalar(select(model).where(model.uid == uid))
        if row is None:
            row = model(uid=uid, **values, **_times(created_at=created_at, updated_at=updated_at))
            self.session.add(row)
            self.session.flush()
            self._quiet_update(row, version=version)
            cid = row.id if model is Claim else claim_id
            self.tx.record(f"import.{kind}", kind, row.id, after=snapshot(row), claim_id=cid)
            self.report.created[kind] += 1
            return row
        if all(getattr(row, key) == value for key, value in values.items()):
            self.report.unchanged[kind] += 1
            return row
        if updated_at is None or iso(updated_at) <= iso(row.updated_at):
            # Same second = the same edit seen through a lossier format (web annotations keep seconds only).
            if updated_at is None or iso(updated_at)[:19] < iso(row.updated_at)[:19]:
                self.report.warnings.append(
                    f"{kind} {uid}: this desk's copy (version {row.version}, {iso(row.updated_at)}) is newer than "
                    f"the file's (version {version}, {iso(updated_at)}); kept this desk's copy"
                )
            self.report.unchanged[kind] += 1
            return row
        if self.versioned and version <= row.version:
            self.report.warnings.append(
                f"{kind} {uid}: edited on both sides: the file's copy (version {version}, {iso(updated_at)}) is "
                f"later but has not seen this desk's version {row.version} ({iso(row.updated_at)}); kept this "
                "desk's copy, reconcile by hand"
            )
            self.report.unchanged[kind] += 1
            return row
        before = snapshot(row)
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = _utc(updated_at)
        self.session.flush()
        if self.versioned:
            self._quiet_update(row, version=max(version, row.version))  # keep in step with the exporting desk
        cid = row.id if model is Claim else claim_id
        self.tx.record(f"import.{kind}.update", kind, row.id, before=before, after=snapshot(row), claim_id=cid)
        self.report.updated[kind] += 1
        return row

    def finish(self) -> None:
        """Links that may point forward in the file: restated claims, replies, merged sources."""
        for model, kind, column, pending in (
            (Claim, "claim", "restates_id", self._pending_restates),
            (Annotation, "annotation", "parent_id", self._pending_parents),
            (Source, "source", "merged_into_id", self._pending_merges),
        ):
            for row_id, target_uid in pending:
                target = self.session.scalar(select(model.id).where(model.uid == target_uid))
                row = self.session.get(model, row_id)
                if target is None:
                    self.report.warnings.append(f"{kind} {row.uid}: linked {kind} {target_uid} is not here")
                elif getattr(row, column) != target:
                    before = snapshot(row)
                    self._quiet_update(row, **{column: target})
                    claim_id = row.id if model is Claim else getattr(row, "claim_id", None)
                    self.tx.record(f"import.{kind}.link", kind, row.id, before=before, after=snapshot(row),
                                   claim_id=claim_id)  # fmt: skip


def _same(ours, theirs) -> bool:
    # SQLite hands datetimes back naive: compare moments in one notation.
    if isinstance(ours, datetime) or isinstance(theirs, datetime):
        return iso(ours) == iso(theirs)
    return ours == theirs


def _utc(moment):
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _times(**moments) -> dict:
    return {key: _utc(value) for key, value in moments.items() if value is not None}


def _username(name: str) -> str:
    # acct:alice@hypothes.is -> alice; anything else folded to what reviewers.USERNAME accepts.
    name = name.strip().lower()
    if name.startswith("acct:"):
        name = name[5:].split("@", 1)[0]
    name = re.sub(r"[^a-z0-9_.-]+", "-", name).strip("-._")[:64]
    return name if len(name) >= 2 else f"user-{name or 'unknown'}"


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"
