"""annotate ingest PATH...: files and folders into the desk, one transaction per file, with progress."""

from __future__ import annotations

import os
import sys

from tqdm import tqdm

from annotate.cli.common import acting, add_actor_option, open_desk
from annotate.services import documents


def add_parser(sub) -> None:
    p = sub.add_parser("ingest", help="ingest article files or folders (.txt .html .htm .md)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--batch", metavar="ID", help="batch id to record (default: a new one)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--no-match",
        action="store_true",
        help="skip matching against existing claims (bulk loads; run `annotate match --all` afterwards)",
    )
    add_actor_option(p)
    p.set_defaults(run=run)


def run(args) -> int:
    desk = open_desk(args)
    actor = acting(desk, args)
    files = documents.iter_files(args.paths)
    # lexists: a broken or looping link is reported per file below rather than aborting the batch
    missing = [str(f) for f in files if not os.path.lexists(f)]
    if missing:
        from annotate.cli import CLIError

        raise CLIError(f"no such file: {missing[0]}")
    bar = tqdm(total=len(files), unit="file", disable=args.quiet or not sys.stderr.isatty(), file=sys.stderr)

    def progress(outcome: documents.IngestOutcome) -> None:
        bar.update(1)
        if outcome.status == "failed":
            bar.write(f"annotate: {outcome.message}", file=sys.stderr)

    report = documents.ingest_files(desk, actor, files, batch_id=args.batch, progress=progress, match=not args.no_match)
    bar.close()
    added, dup, failed = report.count("added"), report.count("duplicate"), report.count("failed")
    claims = sum(o.claims for o in report.outcomes)
    print(
        f"ingested {added} document(s) with {claims} claim(s); {dup} already present; {failed} failed "
        f"(batch {report.batch_id})"
    )
    return 1 if failed else 0
