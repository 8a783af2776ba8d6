"""annotate users add|passwd|list|disable|enable|role: reviewer accounts."""

from __future__ import annotations

import getpass
import os
import sys

from annotate.cli.common import acting, add_actor_option, fail, open_desk
from annotate.services import reviewers
from annotate.services.errors import DeskError
from annotate.services.permissions import RANK


def add_parser(sub) -> None:
    p = sub.add_parser("users", help="manage reviewer accounts")
    add_actor_option(p)
    users = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = users.add_parser("add", help="create a reviewer")
    add.add_argument("username")
    add.add_argument("--role", choices=list(RANK), default="reviewer")
    add.add_argument("--name", default="", help="display name")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    pw = users.add_parser("passwd", help="set a reviewer's password")
    pw.add_argument("username")
    pw.add_argument("--password-stdin", action="store_true")
    users.add_parser("list", help="list reviewers")
    for action, text in (("disable", "stop a reviewer signing in"), ("enable", "let a reviewer sign in again")):
        sp = users.add_parser(action, help=text)
        sp.add_argument("username")
    role = users.add_parser("role", help="change a reviewer's role")
    role.add_argument("username")
    role.add_argument("role", choices=list(RANK))
    p.set_defaults(run=run)


def _password(args) -> str:
    if args.password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    if os.environ.get("ANNOTATE_PASSWORD"):
        return os.environ["ANNOTATE_PASSWORD"]
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        from annotate.cli import CLIError

        raise CLIError("the two passwords differ")
    return first


def run(args) -> int:
    desk = open_desk(args)
    actor = acting(desk, args)
    try:
        match args.users_command:
            case "list":
                for r in reviewers.list_all(desk):
                    state = "" if r.active else "  (disabled)"
                    print(f"{r.username:<24} {r.role:<9} {r.display_name}{state}")
            case "add":
                r = reviewers.create(
                    desk, actor, args.username, _password(args), role=args.role, display_name=args.name
                )
                print(f"added {r.username} ({r.role})")
            case "passwd":
                reviewers.update(desk, actor, args.username, password=_password(args))
                print(f"password changed for {args.username}")
            case "disable" | "enable":
                reviewers.update(desk, actor, args.username, active=args.users_command == "enable")
                print(f"{args.username} {args.users_command}d")
            case "role":
                reviewers.update(desk, actor, args.username, role=args.role)
                print(f"{args.username} is now {args.role}")
    except DeskError as exc:
        raise fail(exc) from None
    return 0
