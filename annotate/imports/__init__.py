"""Import readers: detect what a file is, parse and validate it, hand its entities to the Importer.

Readers never write themselves: annotate.services.exchange.import_file opens the unit of work and passes an
`Importer` (services) that does. A malformed file raises InvalidInput("FILE: what is wrong").
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import ValidationError

from annotate.services.errors import InvalidInput

FORMATS = ("json", "jsonl", "webannotation")
JSONL_KEY = re.compile(r'"claim"\s*:\s*\{')


def detect(path: Path) -> str:
    """By content, not only by name: a .json file may hold our export or someone's Web Annotations."""
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        return "jsonl"
    head = _head(path)
    if not head.lstrip().startswith(("{", "[")):
        raise InvalidInput(f"{path}: not JSON (it starts with {head.strip()[:20]!r})")
    # A jsonl line holds one "claim" object; in the json file "claim" only names a narrative member's uid.
    if '"format_version"' in head and JSONL_KEY.search(head):
        return "jsonl"
    if '"format_version"' in head:
        return "json"
    return "webannotation"


def _head(path: Path, size: int = 4096) -> str:
    try:
        with path.open("rb") as f:
            data = f.read(size)
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror or exc})") from None
    return data.decode("utf-8", errors="replace").lstrip("\ufeff")


def load(fmt: str, path: Path, importer) -> None:
    from annotate.imports import native, webannotation

    {"json": native.load_json, "jsonl": native.load_jsonl, "webannotation": webannotation.load}[fmt](path, importer)
    importer.finish()


def read_json(path: Path):
    try:
        with path.open("r", encoding="utf-8-sig") as f:
            return json.load(f)
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None


def invalid(path: Path, exc: ValidationError, where: str = "") -> InvalidInput:
    """The first problem pydantic found, as one line: 'FILE: line 3: claim.annotations.0.type: Input should be ...'."""
    first = exc.errors()[0]
    parts = [str(path)] + ([where] if where else [])
    loc = ".".join(str(part) for part in first["loc"])
    if loc:
        parts.append(loc)
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return InvalidInput(": ".join(parts) + f": {first['msg']}{more}")
