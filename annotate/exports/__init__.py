"""Export formats: name -> writer. A writer is `write(reader, out, **options) -> claims written`.

Every writer reads through one `native.Reader` (the selected claims streamed in keyset batches), so the
formats differ only in how they print a claim, never in what they select. Modules load on first use:
`annotate export --format csv` should not import the prov package.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

# format -> (module, function, media type)
FORMATS: dict[str, tuple[str, str, str]] = {
    "json": ("native", "write_json", "application/json"),
    "jsonl": ("native", "write_jsonl", "application/x-ndjson"),
    "csv": ("csv_", "write_csv", "text/csv"),
    "claimreview": ("claimreview", "write_claimreview", "application/ld+json"),
    "webannotation": (
        "webannotation",
        "write_collection",
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
    ),
    "prov": ("prov_", "write_prov", "application/json"),
    "markdown": ("report", "write_markdown", "text/markdown"),
    "html": ("report", "write_html", "text/html"),
}


def writer(fmt: str) -> Callable[..., int]:
    try:
        module, function, _ = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}") from None
    return getattr(importlib.import_module(f"annotate.exports.{module}"), function)


def media_type(fmt: str) -> str:
    return FORMATS[fmt][2]
