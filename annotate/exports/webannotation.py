"""W3C Web Annotation JSON-LD: an AnnotationCollection whose first AnnotationPage embeds every annotation.

Each annotation targets the claim's span of its article with two alternative selectors: TextQuoteSelector
(exact + 32 characters of prefix/suffix, what survives edits to the page) and TextPositionSelector (start
inclusive, end exclusive, in Unicode code points of the normalised text: Python string indices; JavaScript
tools count UTF-16 units and differ after an emoji). Withdrawn annotations are history, not part of the set.
"""

from __future__ import annotations

import json
import uuid
from typing import Any, TextIO

from annotate.exports.native import Reader, now_iso

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MOTIVATION = {
    "verdict": "assessing",
    "context": "commenting",
    "counter_source": "linking",
    "provenance": "linking",
    "tag": "tagging",
    "comment": "commenting",
}


def script_safe(text: str) -> str:
    """JSON-LD is pasted into <script type="application/ld+json"> blocks: escape <, > and & as \\u escapes
    (the same JSON) so a reviewer's '</script>' or '<!--' cannot end the block."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def dumps(value) -> str:
    return script_safe(json.dumps(value, ensure_ascii=False))


def stamp(value: str | None) -> str | None:
    """xsd:dateTime in UTC ending in Z, to the second."""
    return value[:19] + "Z" if value else None


def iri(uid: str) -> str:
    return f"urn:uuid:{uid}"


def document_iri(doc: dict) -> str:
    return doc.get("url") or iri(doc["uid"])


def _text(value: str, purpose: str | None = None, fmt: str = "text/markdown") -> dict:
    body = {"type": "TextualBody", "value": value, "format": fmt}
    if purpose:
        body["purpose"] = purpose
    return body


def _bodies(a: dict, reader: Reader) -> list[dict]:
    kind = a["type"]
    bodies: list[dict] = []
    if kind == "verdict":
        bodies.append(_text(a["verdict"] or "", "assessing", "text/plain"))
    elif kind == "tag":
        bodies.append(_text(a["tag"] or "", "tagging", "text/plain"))
    elif kind in ("counter_source", "provenance"):
        source = reader.source_by_uid(a["source"])
        if source is not None:
            resource = {"id": source["url"] or iri(source["uid"]), "type": "Text"}
            if source.get("title"):
                resource["label"] = source["title"]
            bodies.append(resource)
        if a["relation"]:
            bodies.append(_text(a["relation"], "classifying", "text/plain"))
        if a["excerpt"]:
            bodies.append(_text(a["excerpt"], "describing", "text/plain"))
    if a["note"]:
        bodies.append(_text(a["note"], "describing" if kind != "comment" and kind != "context" else "commenting"))
    return bodies


def annotation(a: dict, claim: dict, doc: dict, reader: Reader) -> dict:
    motivation = MOTIVATION[a["type"]]
    if a["type"] == "comment" and a["parent"]:
        motivation = "replying"
    target: dict[str, Any] = {
        "type": "SpecificResource",
        "source": document_iri(doc),
        "selector": [
            {"type": "TextQuoteSelector", "exact": claim["text"], "prefix": claim["prefix"], "suffix": claim["suffix"]},
            {"type": "TextPositionSelector", "start": claim["start"], "end": claim["end"]},
        ],
    }
    targets: list[Any] = [target]
    if motivation == "replying":
        targets.insert(0, iri(a["parent"]))
    item: dict[str, Any] = {
        "id": iri(a["uid"]),
        "type": "Annotation",
        "motivation": motivation,
        "created": stamp(a["created_at"]),
        "modified": stamp(a["updated_at"]),
        "target": targets if len(targets) > 1 else target,
    }
    if a["author"]:
        item["creator"] = {"type": "Person", "name": a["author"], "nickname": a["author"]}
    bodies = _bodies(a, reader)
    if bodies:
        item["body"] = bodies if len(bodies) > 1 else bodies[0]
    return item


def write_collection(reader: Reader, out: TextIO, **_: Any) -> int:
    total = reader.annotation_count(include_withdrawn=False)
    head = {
        "@context": CONTEXT,
        "id": iri(str(uuid.uuid4())),
        "type": "AnnotationCollection",
        "label": "Annotated claims exported by annotate",
        "total": total,
        "generated": stamp(now_iso()),
        "generator": {"type": "Software", "name": "annotate"},
    }
    page = {"id": iri(str(uuid.uuid4())), "type": "AnnotationPage", "startIndex": 0}
    # Stream: write the collection up to the items array, then one annotation at a time.
    out.write(dumps(head)[:-1])
    out.write(', "first": ' + dumps(page)[:-1] + ', "items": [')
    written = 0
    for claim in reader.claims():
        doc = None
        for a in claim["annotations"]:
            if a["withdrawn"]:
                continue
            doc = doc or reader.document(reader.document_id(claim["document"]))
            out.write(",\n" if written else "\n")
            out.write(dumps(annotation(a, claim, doc, reader)))
            written += 1
    out.write("\n]}}\n")
    return reader.claim_count
