"""annotate demo: load the worked example into the database given (an empty one)."""

from __future__ import annotations

from annotate import demo
from annotate.cli.common import open_desk


def add_parser(sub) -> None:
    p = sub.add_parser("demo", help="load the demo articles, claims and worked annotations")
    p.set_defaults(run=run)


def run(args) -> int:
    desk = open_desk(args)
    report = demo.load(desk)
    if not report.loaded:
        print(f"the desk already holds {report.documents} document(s): demo not loaded")
        return 0
    print(f"demo loaded: {report.documents} documents, {report.claims} claims, {report.annotations} annotations")
    return 0
