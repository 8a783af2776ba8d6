"""Our own json and jsonl exports back in: validated against the export contract, then merged by uid.

Claim links and narratives are attached after every claim of the file is in, so a relation can name a claim
anywhere in the file (or one already on this desk). Files from before relations were exported have no such
keys and import as they always did.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from annotate.exports.native import FORMAT_VERSION, ExportClaim, ExportFile, ExportLine
from annotate.imports import invalid, read_json
from annotate.services.errors import InvalidInput

MAJOR = FORMAT_VERSION.split(".")[0]


def _check_version(path: Path, version: object, where: str = "") -> None:
    if not isinstance(version, str) or version.split(".")[0] != MAJOR:
        raise InvalidInput(f"{path}: {where}format_version {version!r} is not supported (this desk reads {MAJOR}.x)")


def load_json(path: Path, importer) -> None:
    data = read_json(path)
    if not isinstance(data, dict):
        raise InvalidInput(f"{path}: expected an object with format_version, documents, claims, sources")
    _check_version(path, data.get("format_version"))
    try:
        parsed = ExportFile.model_validate(data)
    except ValidationError as exc:
        raise invalid(path, exc) from None
    state = _State(importer)
    for source in parsed.sources:
        importer.source(source)
    for document in parsed.documents:
        state.document(document)
    for claim in parsed.claims:
        state.claim(path, claim)
    for number, link in enumerate(parsed.claim_links):
        importer.claim_link(link, f"claim_links.{number}: ")
    for number, narrative in enumerate(parsed.narratives):
        importer.narrative(narrative, f"narratives.{number}: ")


def load_jsonl(path: Path, importer) -> None:
    state = _State(importer)
    links: list[tuple[str, object]] = []
    narratives: list[tuple[str, object]] = []
    try:
        f = path.open("r", encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror or exc})") from None
    with f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InvalidInput(f"{path}: line {number}: invalid JSON at column {exc.colno}: {exc.msg}") from None
            except UnicodeDecodeError as exc:
                raise InvalidInput(f"{path}: line {number}: not UTF-8 text ({exc.reason})") from None
            if not isinstance(data, dict):
                raise InvalidInput(f"{path}: line {number}: expected an object")
            _check_version(path, data.get("format_version"), f"line {number}: ")
            try:
                parsed = ExportLine.model_validate(data)
            except ValidationError as exc:
                raise invalid(path, exc, f"line {number}") from None
            for source in parsed.sources:
                importer.source(source)
            for document in parsed.documents:
                state.document(document)
            state.claim(path, parsed.claim, f"line {number}: ")
            links.extend((f"line {number}: ", link) for link in parsed.claim_links)
            narratives.extend((f"line {number}: ", narrative) for narrative in parsed.narratives)
    for where, link in links:
        importer.claim_link(link, where)
    for where, narrative in narratives:
        importer.narrative(narrative, where)


class _State:
    """Documents seen so far in the file, with the text the exporting desk had (to detect changed text)."""

    def __init__(self, importer):
        self.importer = importer
        self.docs: dict[str, tuple[object, str]] = {}

    def document(self, document) -> None:
        self.docs[document.uid] = (self.importer.document(document), document.text)

    def claim(self, path: Path, claim: ExportClaim, where: str = "") -> None:
        if claim.document not in self.docs:
            raise InvalidInput(f"{path}: {where}claim {claim.uid} names document {claim.document}, not in the file")
        if claim.end <= claim.start:
            raise InvalidInput(f"{path}: {where}claim {claim.uid}: end {claim.end} is not after start {claim.start}")
        doc, incoming_text = self.docs[claim.document]
        row = self.importer.claim(claim, doc, incoming_text)
        if row is None:
            self.importer.report.orphans.extend(
                f"annotation {a.uid} on orphaned claim {claim.uid}" for a in claim.annotations
            )
            return
        for annotation in claim.annotations:
            self.importer.annotation(annotation, row)
