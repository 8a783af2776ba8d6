"""annotate restore FILE: put a backup back as the --db SQLite desk (refusing a non-empty one without --force)."""

from __future__ import annotations

import sys

from annotate.cli.common import fail
from annotate.services import backup as backups
from annotate.services.errors import DeskError
from db.engine import resolve_url


def add_parser(sub) -> None:
    p = sub.add_parser("restore", help="restore a backup FILE into the --db SQLite desk, then verify it")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--force", action="store_true", help="replace a desk that already holds data")
    p.set_defaults(run=run)


def run(args) -> int:
    url = resolve_url(getattr(args, "db", None))
    try:
        check = backups.restore(args.file, url, force=args.force)
    except DeskError as exc:
        raise fail(exc) from None
    ok = check.ok
    print(
        f"restored {args.file} into {check.path}: {check.summary()}",
        file=sys.stdout if ok else sys.stderr,
    )
    return 0 if ok else 1
