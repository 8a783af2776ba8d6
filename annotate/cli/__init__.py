"""Command line: `python -m annotate` / `annotate`.

Each subcommand lives in its own module under annotate/cli/ with two functions:
`add_parser(subparsers)` registers its arguments and `run(args) -> int` does the work by calling
the same service functions the UI calls. A user's mistake raises CLIError: one line on stderr, exit 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# Order is the order shown in --help.
COMMANDS = [
    "ingest",
    "extract",
    "checkworthy",
    "match",
    "audit",
    "users",
    "demo",
    "migrate_db",
    "backup",
    "restore",
    "export",
    "import_",
]


class CLIError(Exception):
    """A failure the user can act on; printed as one line, exit code 1."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotate",
        description="Fact-check and provenance desk: ingest articles, extract claims, annotate, export, audit.",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy database URL (default: $ANNOTATE_DB_URL or sqlite:///data/annotate.db)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"annotate.cli.{name}")
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except CLIError as exc:
        print(f"annotate: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("annotate: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
