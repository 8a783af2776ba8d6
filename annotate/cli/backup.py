"""annotate backup FILE: a consistent copy of a SQLite desk, taken while reviewers keep working."""

from __future__ import annotations

from annotate.cli.common import fail
from annotate.services import backup as backups
from annotate.services.errors import DeskError
from db.engine import resolve_url


def add_parser(sub) -> None:
    p = sub.add_parser(
        "backup",
        help="copy a SQLite desk to FILE (online, consistent while others write); PostgreSQL: use pg_dump",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(run=run)


def run(args) -> int:
    url = resolve_url(getattr(args, "db", None))
    try:
        check = backups.backup(url, args.file, force=args.force)
    except DeskError as exc:
        raise fail(exc) from None
    print(f"backup written to {check.path}: {check.summary()}")
    return 0
