"""annotate migrate-db --to URL: copy the whole desk (the --db one) to another database, audit chain included."""

from __future__ import annotations

import sys

from annotate.services import transfer
from annotate.services.errors import DeskError


def add_parser(sub) -> None:
    p = sub.add_parser(
        "migrate-db",
        help="copy the whole desk to another (empty) database, e.g. SQLite -> PostgreSQL, and verify the copy",
    )
    p.add_argument("--to", required=True, metavar="URL", help="target database URL; migrated first, must be empty")
    p.add_argument("--batch", type=int, default=transfer.BATCH, help="rows per insert batch (default %(default)s)")
    p.add_argument("--no-content-check", action="store_true", help="compare row counts only, not table digests")
    p.set_defaults(run=run)


def run(args) -> int:
    from annotate.cli import CLIError
    from db.engine import resolve_url

    shown: dict[str, int] = {}

    def progress(table: str, copied: int) -> None:
        # One line per 50k rows: enough to see a large copy move, quiet for a small desk.
        if copied - shown.get(table, 0) >= 50_000:
            shown[table] = copied
            print(f"  {table}: {copied:,} rows", file=sys.stderr, flush=True)

    try:
        report = transfer.copy_desk(
            resolve_url(args.db),
            args.to,
            batch=max(1, args.batch),
            compare_content=not args.no_content_check,
            progress=progress,
        )
    except DeskError as exc:
        raise CLIError(str(exc)) from None
    except Exception as exc:  # an unreachable server or a bad URL: one clear line, not a traceback
        raise CLIError(f"copy failed, the target was left unchanged: {str(exc).splitlines()[0]}") from None
    for table, count in report.counts.items():
        print(f"{table:<16} {count:>10,}")
    print(report.verify.summary(), file=sys.stdout if report.verify.ok else sys.stderr)
    for problem in report.mismatches:
        print(f"mismatch: {problem}", file=sys.stderr)
    if not report.ok:
        return 1
    print(f"copied and verified in {report.seconds:.1f} s")
    return 0
