"""annotate match --all | --document ID | --contradictions: link repeated claims, list where copies disagree."""

from __future__ import annotations

from annotate.cli.common import acting, add_actor_option, fail, open_desk
from annotate.matching.views import ClaimRef
from annotate.services import matching
from annotate.services.errors import DeskError


def add_parser(sub) -> None:
    p = sub.add_parser(
        "match",
        help="link claims repeated across articles, or list linked claims that disagree",
        description="Link each claim to the claims in other articles that say the same thing (the ingest path "
        "does this for every new article; --all catches up a desk loaded with --no-match or from before matching), "
        "or print the linked claims whose years, numbers or names differ.",
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--all", action="store_true", help="match every document")
    what.add_argument("--document", type=int, metavar="ID", help="match one document")
    what.add_argument(
        "--contradictions", action="store_true", help="print linked claims that disagree on a year, number or name"
    )
    p.add_argument(
        "--no-paraphrase",
        action="store_true",
        help="words only: skip the optional sentence-embedding model even when it is installed",
    )
    p.add_argument("--limit", type=int, default=200, metavar="N", help="at most N contradictions (default 200)")
    add_actor_option(p)
    p.set_defaults(run=run)


def ref(r: ClaimRef) -> str:
    return f"claim #{r.claim_id} ({r.outlet or 'unknown outlet'}, {r.published or 'undated'})"


def run(args) -> int:
    desk = open_desk(args)
    try:
        if args.contradictions:
            return _contradictions(desk, args.limit)
        actor = acting(desk, args)
        paraphrase = False if args.no_paraphrase else None
        if args.all:
            reports = matching.match_all(desk, actor, paraphrase=paraphrase)
        else:
            reports = [matching.match_document(desk, actor, args.document, paraphrase=paraphrase)]
    except DeskError as exc:
        raise fail(exc) from None
    created = [link for report in reports for link in report.links_created]
    for link in created:
        how = link.method if link.score is None else f"{link.method}, score {link.score:g}"
        print(f"link #{link.id}: claim #{link.claim_a_id} <-> claim #{link.claim_b_id} ({how})")
    print(f"{len(reports)} document(s) matched, {len(created)} new link(s)")
    return 0


def _contradictions(desk, limit: int) -> int:
    found = matching.contradictions(desk, limit=limit)
    for pair in found:
        link = f" [link #{pair.link_id}]" if pair.link_id else ""
        print(f"{ref(pair.a)} vs {ref(pair.b)}{link}")
        for d in pair.differences:
            print(f"  {d.kind}: {', '.join(d.a) or '-'} vs {', '.join(d.b) or '-'}")
        for side in (pair.a, pair.b):
            print(f"    #{side.claim_id}: {side.text[:160]}")
    print(f"{len(found)} pair(s) disagree")
    return 0
