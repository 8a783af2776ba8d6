"""annotate export --format FORMAT [--out FILE] [filters]: a claim set as json, jsonl, csv, ClaimReview,
W3C Web Annotation, PROV-JSON or a readable markdown/html report (stdout when no --out)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from pydantic import ValidationError

from annotate.cli.common import fail, open_desk
from annotate.exports import FORMATS
from annotate.schemas import STATUSES
from annotate.services import exchange
from annotate.services.errors import DeskError


def add_parser(sub) -> None:
    p = sub.add_parser("export", help="export a set of claims with their annotations")
    p.add_argument("--format", "-f", required=True, choices=list(FORMATS), metavar="FORMAT",
                   help="one of: " + ", ".join(FORMATS))  # fmt: skip
    p.add_argument("--out", "-o", metavar="FILE", help="write here (default: standard output)")
    p.add_argument("--split", metavar="DIR", help="csv only: one file per annotation type in DIR")
    p.add_argument("--status", action="append", choices=list(STATUSES), help="repeatable")
    p.add_argument("--verdict")
    p.add_argument("--tag")
    p.add_argument("--document", type=int, metavar="ID", help="a document's id")
    p.add_argument("--document-uid", metavar="UID")
    p.add_argument("--outlet")
    p.add_argument("--speaker", help="part of the speaker's name")
    p.add_argument("--reviewer", metavar="USER", help="claims this reviewer annotated or gave a verdict")
    p.add_argument("--from", dest="published_from", metavar="DATE", help="articles published on/after (YYYY-MM-DD)")
    p.add_argument("--to", dest="published_to", metavar="DATE", help="articles published on/before (YYYY-MM-DD)")
    p.set_defaults(run=run)


def _filter(args) -> exchange.ExportFilter:
    from annotate.cli import CLIError

    try:
        return exchange.ExportFilter(
            status=args.status or [],
            verdict=args.verdict,
            tag=args.tag,
            document_id=args.document,
            document_uid=args.document_uid,
            outlet=args.outlet,
            speaker=args.speaker,
            reviewer=args.reviewer,
            published_from=args.published_from,
            published_to=args.published_to,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        raise CLIError(f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None


def run(args) -> int:
    from annotate.cli import CLIError

    if args.split and args.format != "csv":
        raise CLIError("--split works with --format csv only")
    f = _filter(args)
    desk = open_desk(args)
    try:
        if args.split:
            count = exchange.export(desk, "csv", f, None, split_dir=args.split)
            print(f"exported {count} claim(s) to {args.split}/", file=sys.stderr)
            return 0
        if not args.out:
            exchange.export(desk, args.format, f, sys.stdout)
            return 0
        # Write beside the target and rename: an interrupted export never leaves half a file behind.
        target = Path(args.out)
        fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=f".{target.name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                count = exchange.export(desk, args.format, f, out)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        print(f"exported {count} claim(s) to {target}", file=sys.stderr)
        return 0
    except DeskError as exc:
        raise fail(exc) from None
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise CLIError(f"cannot write {args.out or args.split}: {exc.strerror or exc}") from None
