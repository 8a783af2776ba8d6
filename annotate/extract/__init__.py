"""Pure text extraction: raw article bytes -> cleaned document + claims (no database, no UI).

Attributes are loaded lazily so that `annotate.extract.segment` can be imported on its own
without pulling in trafilatura.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .decode import ExtractionError
    from .pipeline import extract, extract_file

__all__ = ["ExtractionError", "extract", "extract_file"]


def __getattr__(name: str) -> Any:
    if name == "ExtractionError":
        from .decode import ExtractionError

        return ExtractionError
    if name in ("extract", "extract_file"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
