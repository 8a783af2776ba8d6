"""W3C Web Annotation JSON-LD made by other tools (Hypothesis, Recogito, our own webannotation export) in.

Accepted shapes: one Annotation, a list of them, an AnnotationPage, an AnnotationCollection with embedded
pages, or a Hypothesis API search result ({"rows": [...]}: `text`, `tags`, `user`, `updated`).
Each annotation's target names an article (our urn:uuid or the article's URL) and its quote (TextQuote
and/or TextPosition selectors). The quote is re-anchored on our text of that article; the claim covering
it receives the annotation, or a new claim is made for the span. An annotation that cannot be anchored is
listed as orphaned in the report, not guessed.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from annotate.exports.native import ExportAnnotation
from annotate.imports import invalid, read_json
from annotate.imports.anchor import anchor
from annotate.schemas import RELATIONS, STANCES
from annotate.services.errors import InvalidInput

HYPOTHESIS = "https://hypothes.is/a/"


def _items(path: Path, data: Any) -> list[dict]:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise InvalidInput(f"{path}: expected Web Annotation JSON-LD (an object or a list)")
    if isinstance(data.get("rows"), list):  # Hypothesis API search result
        return data["rows"]
    kinds = _list(data.get("type") or data.get("@type"))
    if "AnnotationCollection" in kinds:
        first = data.get("first")
        if isinstance(first, dict):
            return list(first.get("items") or [])
        return list(data.get("items") or [])
    if "AnnotationPage" in kinds:
        return list(data.get("items") or [])
    if "Annotation" in kinds or "target" in data:
        return [data]
    raise InvalidInput(f"{path}: neither an annotate export (no format_version) nor a Web Annotation (no type)")


def _list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _iri(item: dict) -> str | None:
    value = item.get("id") or item.get("@id")
    if isinstance(value, str) and value and ":" not in value:
        value = HYPOTHESIS + value  # Hypothesis API ids are bare
    return value if isinstance(value, str) and value else None


def uid_for(iri: str) -> str:
    """Our uid for someone's annotation IRI: the uuid itself for urn:uuid, else a stable uuid5 of the IRI."""
    if iri.startswith("urn:uuid:"):
        return iri[9:]
    return str(uuid.uuid5(uuid.NAMESPACE_URL, iri))


def _time(value: Any) -> datetime:
    if isinstance(value, str) and value:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        except ValueError:
            pass
    return datetime.now(UTC)


def _creator(item: dict) -> str | None:
    creator = item.get("creator") or item.get("user")
    if isinstance(creator, list):
        creator = creator[0] if creator else None
    if isinstance(creator, dict):
        return creator.get("nickname") or creator.get("name") or creator.get("id")
    return creator if isinstance(creator, str) else None


def _target(item: dict) -> dict | None:
    for target in _list(item.get("target")):
        if isinstance(target, dict) and (target.get("source") or item.get("uri")):
            return target
    return None


def _selectors(target: dict) -> tuple[dict, dict]:
    quote, position = {}, {}
    for selector in _list(target.get("selector")):
        if not isinstance(selector, dict):
            continue
        if selector.get("type") == "TextQuoteSelector" and isinstance(selector.get("exact"), str):
            quote = selector
        elif selector.get("type") == "TextPositionSelector":
            position = selector
    return quote, position


def _bodies(item: dict) -> list[dict]:
    bodies = [b if isinstance(b, dict) else {"id": b} for b in _list(item.get("body"))]
    if isinstance(item.get("bodyValue"), str):
        bodies.append({"type": "TextualBody", "value": item["bodyValue"]})
    if isinstance(item.get("text"), str) and item["text"].strip():  # Hypothesis API
        bodies.append({"type": "TextualBody", "value": item["text"]})
    for tag in _list(item.get("tags")):
        bodies.append({"type": "TextualBody", "value": tag, "purpose": "tagging"})
    return bodies


def load(path: Path, importer) -> None:
    data = read_json(path)
    for number, item in enumerate(_items(path, data)):
        if not isinstance(item, dict):
            raise InvalidInput(f"{path}: item {number}: an annotation must be an object")
        iri = _iri(item)
        if iri is None:
            raise InvalidInput(f"{path}: item {number}: the annotation has no id")
        if not item.get("target") and not item.get("uri"):
            raise InvalidInput(f"{path}: item {number} ({iri}): the annotation has no target")
        try:
            _one(path, importer, item, iri)
        except ValidationError as exc:
            raise invalid(path, exc, f"item {number}") from None


def _one(path: Path, importer, item: dict, iri: str) -> None:
    report = importer.report
    target = _target(item)
    if target is None:
        report.orphans.append(f"annotation {iri}: its target is not a passage of an article")
        return
    source = target.get("source") or item.get("uri")
    doc = importer.document_for_target(source)
    if doc is None:
        report.orphans.append(f"annotation {iri}: no document here for {source}")
        return
    quote, position = _selectors(target)
    start = position.get("start") if isinstance(position.get("start"), int) else None
    exact = quote.get("exact")
    if exact is None and start is not None and isinstance(position.get("end"), int):
        exact = doc.text[start : position["end"]]  # position only: trust it if it is inside the text
    if not exact:
        report.orphans.append(f"annotation {iri}: no quote or position to anchor on")
        return
    found = anchor(doc.text, exact, prefix=quote.get("prefix", ""), suffix=quote.get("suffix", ""), start=start)
    if found is None:
        report.orphans.append(f"annotation {iri}: quote not found in document {doc.uid}: “{exact[:80]}”")
        return
    if found.score < 1 or (start is not None and found.start != start):
        report.reanchored.append(f"annotation {iri}: {start}-{position.get('end')} -> {found.start}-{found.end} "
                                 f"(score {found.score:.2f})")  # fmt: skip
    claim = importer.claim_at(doc, found.start, found.end)
    for annotation in _annotations(importer, item, iri):
        row = importer.annotation(annotation, claim)
        if annotation.type == "verdict":
            importer.verdict_of(claim, row)


def _annotations(importer, item: dict, iri: str) -> list[ExportAnnotation]:
    motivations = [m for m in _list(item.get("motivation")) if isinstance(m, str)]
    bodies = _bodies(item)
    common = {
        "author": _creator(item),
        "created_at": _time(item.get("created")),
        "updated_at": _time(item.get("modified") or item.get("updated") or item.get("created")),
    }
    out: list[ExportAnnotation] = []
    texts: dict[str, list[str]] = {}
    resources = []
    for body in bodies:
        purpose = body.get("purpose")
        if body.get("type") == "TextualBody" or "value" in body:
            value = str(body.get("value") or "").strip()
            if purpose == "tagging" or (not purpose and "tagging" in motivations):
                if value:
                    tag = value.lower()[:100]
                    # A tagging annotation is one tag (our export): keep its id. Tags riding on a note get their own.
                    tag_uid = uid_for(iri) if "tagging" in motivations and not out else uid_for(f"{iri}#tag:{tag}")
                    out.append(ExportAnnotation(uid=tag_uid, type="tag", tag=tag, **common))
                continue
            texts.setdefault(purpose or "", []).append(value)
        elif isinstance(body.get("id"), str):
            resources.append(body)
    note = "\n\n".join(
        v for key in ("", "commenting", "describing", "replying", "questioning") for v in texts.get(key, [])
    )
    note = note.strip() or None
    uid = uid_for(iri)
    labels = [v for v in texts.get("assessing", []) + texts.get("", []) if v in importer.labels]
    if "assessing" in motivations and labels:
        rest = "\n\n".join(v for v in texts.get("describing", []) + texts.get("commenting", [])).strip() or None
        out.append(ExportAnnotation(uid=uid, type="verdict", verdict=labels[0], note=rest, **common))
    elif resources:
        classes = texts.get("classifying", [])
        relation = next((c for c in classes if c in RELATIONS or c in STANCES), "adds_context")
        kind = "provenance" if relation in RELATIONS else "counter_source"
        excerpt = "\n".join(texts.get("describing", [])[:1]) or None
        for n, resource in enumerate(resources):
            source = importer.source_for_url(resource["id"], resource.get("label") or resource.get("title"))
            out.append(ExportAnnotation(uid=uid if n == 0 else uid_for(f"{iri}#body:{n}"), type=kind,
                                        source=source.uid, relation=relation, excerpt=excerpt, note=note,
                                        **common))  # fmt: skip
    elif note:
        kind = "comment" if {"replying", "questioning"} & set(motivations) else "context"
        out.append(ExportAnnotation(uid=uid, type=kind, note=note, **common))
    return out
