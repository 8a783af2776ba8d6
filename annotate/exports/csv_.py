"""CSV for spreadsheets: one row per claim, or with --split one file per annotation type.

A claim row names the exported claims it is linked to (active links, either direction) and the narratives
it is an active member of, so a spreadsheet can group repeats of one talking point.

Every text cell goes through `cell()`: a value a spreadsheet would read as a formula (= + - @, a leading
tab or carriage return, also after leading spaces) gets a leading apostrophe, so an article quote such as
"=HYPERLINK(...)" stays text (OWASP CSV injection).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, TextIO

from annotate.exports import relations
from annotate.exports.native import Reader
from annotate.schemas import ANNOTATION_TYPES

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CLAIM_HEADER = [
    "claim_uid", "text", "speaker", "kind", "outlet", "published", "document_title", "document_url", "status",
    "verdict", "verdict_by", "provenance", "context", "counter_sources", "tags", "comments", "checkworthiness",
    "document_uid", "start", "end", "linked_claims", "narratives",
]  # fmt: skip
ANNOTATION_HEADER = [
    "annotation_uid", "claim_uid", "claim_text", "type", "author", "created_at", "updated_at", "withdrawn",
    "relation", "source_title", "source_url", "excerpt", "note", "verdict", "confidence", "tag",
]  # fmt: skip


def cell(value: Any) -> Any:
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(FORMULA_START) or value.lstrip().startswith(FORMULA_START):
        return "'" + value
    return value


def _row(values: list[Any]) -> list[Any]:
    return ["" if v is None else cell(v) for v in values]


def _claim_row(reader: Reader, claim: dict, groups: relations.Groups) -> list[Any]:
    doc = reader.document(reader.document_id(claim["document"]))
    live = [a for a in claim["annotations"] if not a["withdrawn"]]
    count = {kind: sum(1 for a in live if a["type"] == kind) for kind in ANNOTATION_TYPES}
    tags = "; ".join(sorted({a["tag"] for a in live if a["type"] == "tag" and a["tag"]}))
    return _row(
        [
            claim["uid"],
            claim["text"],
            claim["speaker"],
            claim["kind"],
            doc["outlet"],
            doc["published"],
            doc["title"],
            doc["url"],
            claim["status"],
            claim["verdict"],
            claim["verdict_by"],
            count["provenance"],
            count["context"],
            count["counter_source"],
            tags,
            count["comment"],
            claim["checkworthiness"],
            claim["document"],
            claim["start"],
            claim["end"],
            "; ".join(groups.linked_to(claim["uid"])),
            "; ".join(groups.narratives_of(claim["uid"])),
        ]  # fmt: skip
    )


def _annotation_row(reader: Reader, claim: dict, a: dict) -> list[Any]:
    source = reader.source_by_uid(a["source"]) or {}
    return _row(
        [
            a["uid"],
            claim["uid"],
            claim["text"],
            a["type"],
            a["author"],
            a["created_at"],
            a["updated_at"],
            "yes" if a["withdrawn"] else "no",
            a["relation"],
            source.get("title"),
            source.get("url"),
            a["excerpt"],
            a["note"],
            a["verdict"],
            a["confidence"],
            a["tag"],
        ]  # fmt: skip
    )


def write_csv(reader: Reader, out: TextIO, *, split_dir: str | Path | None = None, **_: Any) -> int:
    if split_dir is not None:
        return _write_split(reader, Path(split_dir))
    writer = csv.writer(out)
    writer.writerow(CLAIM_HEADER)
    groups = relations.Groups(reader)
    for claim in reader.claims():
        writer.writerow(_claim_row(reader, claim, groups))
    return reader.claim_count


def _write_split(reader: Reader, folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        name: (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") for name in ("claims", *ANNOTATION_TYPES)
    }
    try:
        writers = {name: csv.writer(f) for name, f in files.items()}
        groups = relations.Groups(reader)
        writers["claims"].writerow(CLAIM_HEADER)
        for kind in ANNOTATION_TYPES:
            writers[kind].writerow(ANNOTATION_HEADER)
        for claim in reader.claims():
            writers["claims"].writerow(_claim_row(reader, claim, groups))
            for a in claim["annotations"]:
                writers[a["type"]].writerow(_annotation_row(reader, claim, a))
    finally:
        for f in files.values():
            f.close()
    return reader.claim_count
