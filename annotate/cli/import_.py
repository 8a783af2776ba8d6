"""annotate import FILE...: native json/jsonl exports and W3C Web Annotation JSON-LD (Hypothesis, ...).

Each file is one transaction: it lands whole or not at all. Importing the same file again changes nothing.
"""

from __future__ import annotations

import sys

from annotate.cli.common import acting, add_actor_option, fail, open_desk
from annotate.services import exchange
from annotate.services.errors import DeskError


def add_parser(sub) -> None:
    p = sub.add_parser("import", help="import claim sets (json, jsonl) or W3C Web Annotations")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--batch", metavar="ID", help="batch id to record (default: a new one per file)")
    p.add_argument("--quiet", action="store_true", help="no list of orphaned quotes")
    add_actor_option(p)
    p.set_defaults(run=run)


def run(args) -> int:
    desk = open_desk(args)
    actor = acting(desk, args)
    for path in args.files:
        try:
            report = exchange.import_file(desk, actor, path, batch_id=args.batch)
        except DeskError as exc:
            raise fail(exc) from None
        print(report.summary())
        if not args.quiet:
            for line in report.orphans:
                print(f"  orphaned: {line}", file=sys.stderr)
            for line in report.warnings:
                print(f"  warning: {line}", file=sys.stderr)
    return 0
