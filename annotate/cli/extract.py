"""annotate extract PATH...: run the extractor on files or folders and print JSON (no database)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

SUFFIXES = (".txt", ".html", ".htm", ".md")


def add_parser(sub) -> None:
    p = sub.add_parser("extract", help="extract document metadata and claims from article files as JSON")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (.txt .html .htm .md)")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", dest="fmt", action="store_const", const="json", help="one JSON object (default)")
    fmt.add_argument("--jsonl", dest="fmt", action="store_const", const="jsonl", help="one JSON line per file")
    p.add_argument(
        "--include-offset-map",
        action="store_true",
        help="add offset_map: runs of [clean_start, raw_start, length] back into the raw file",
    )
    p.set_defaults(run=run, fmt="json")


def _files(paths: list[str]) -> list[Path]:
    from annotate.cli import CLIError

    out: list[Path] = []
    for arg in paths:
        p = Path(arg)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES))
        elif p.exists():
            out.append(p)
        else:
            raise CLIError(f"no such file or folder: {arg}")
    return out


def _as_dict(result, with_map: bool) -> dict:
    data = result.model_dump(mode="json")
    if with_map:
        data["offset_map"] = [list(run) for run in result.offset_map]
    return data


def run(args) -> int:
    from annotate.cli import CLIError
    from annotate.extract import ExtractionError, extract_file

    files = _files(args.paths)
    if not files:
        raise CLIError("no .txt, .html, .htm or .md files found in the given folders")
    if args.fmt == "json" and len(files) > 1:
        raise CLIError(f"{len(files)} files given: use --jsonl for more than one file")
    failed = 0
    for f in files:
        try:
            result = extract_file(f)
        except ExtractionError as exc:
            failed += 1
            print(f"annotate: {exc}", file=sys.stderr)
            continue
        data = _as_dict(result, args.include_offset_map)
        if args.fmt == "jsonl":
            print(json.dumps(data, ensure_ascii=False))
        else:
            print(json.dumps(data, ensure_ascii=False, indent=2))
        sys.stdout.flush()
    return 1 if failed else 0
