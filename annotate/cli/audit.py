"""annotate audit verify|checkpoint|log|export: check and read the review history."""

from __future__ import annotations

import json
import sys

from annotate.cli.common import open_desk
from annotate.services import audit


def add_parser(sub) -> None:
    p = sub.add_parser("audit", help="verify, checkpoint and read the review history")
    audit_sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = audit_sub.add_parser("verify", help="check the hash chain (exit 1 and the first bad seq if broken)")
    v.add_argument("--checkpoint", metavar="FILE", help="also check against a checkpoint written earlier")
    c = audit_sub.add_parser("checkpoint", help="write the chain head (seq, hash, time) to FILE")
    c.add_argument("file", metavar="FILE")
    for name, text in (("log", "print readable history"), ("export", "write history as JSON Lines")):
        sp = audit_sub.add_parser(name, help=text)
        sp.add_argument("--claim", type=int, metavar="ID")
        sp.add_argument("--actor", metavar="NAME")
        sp.add_argument("--since", metavar="DATE", help="ISO date or time (UTC)")
        sp.add_argument("--limit", type=int, default=None)
    p.set_defaults(run=run)


def run(args) -> int:
    from annotate.cli import CLIError

    desk = open_desk(args)
    if args.audit_command == "verify":
        try:
            result = audit.verify(desk, args.checkpoint)
        except (OSError, ValueError, KeyError) as exc:
            raise CLIError(f"cannot read checkpoint {args.checkpoint}: {exc}") from None
        print(result.summary(), file=sys.stdout if result.ok else sys.stderr)
        return 0 if result.ok else 1
    if args.audit_command == "checkpoint":
        point = audit.checkpoint(desk, args.file)
        print(f"checkpoint written to {args.file}: seq {point['seq']} {point['hash'][:16]}")
        return 0
    events = audit.feed(
        desk, actor=args.actor, since=args.since, claim_id=args.claim, limit=args.limit or 10**9, newest_first=False
    )
    for event in events:
        if args.audit_command == "log":
            print(audit.describe(event))
        else:
            print(json.dumps(event.model_dump(), ensure_ascii=False))
    return 0
