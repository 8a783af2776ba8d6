"""annotate: a fact-check and provenance desk."""

__version__ = "0.1.0"
