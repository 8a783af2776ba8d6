"""What the subcommands share: opening the desk named by --db, and who the CLI acts as."""

from __future__ import annotations

import os

from annotate.services import SYSTEM, Actor, Desk, reviewers
from annotate.services.errors import DeskError, NotFound


def open_desk(args) -> Desk:
    from annotate.cli import CLIError

    try:
        return Desk.open(getattr(args, "db", None))
    except Exception as exc:  # a bad URL or an unreachable server: one clear line, not a traceback
        raise CLIError(f"cannot open the database: {str(exc).splitlines()[0]}") from None


def acting(desk: Desk, args) -> Actor:
    """--as USER (or $ANNOTATE_USER) attributes CLI writes to a reviewer; otherwise the system account."""
    from annotate.cli import CLIError

    username = getattr(args, "as_user", None) or os.environ.get("ANNOTATE_USER")
    if not username:
        return SYSTEM
    try:
        return reviewers.actor_for(reviewers.get(desk, username))
    except NotFound as exc:
        raise CLIError(str(exc)) from None


def add_actor_option(parser) -> None:
    parser.add_argument("--as", dest="as_user", metavar="USER", help="act as this reviewer (default: system)")


def fail(exc: DeskError):
    from annotate.cli import CLIError

    return CLIError(str(exc))
