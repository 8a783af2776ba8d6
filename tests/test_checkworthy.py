"""Check-worthiness: the scorer's API, the `annotate checkworthy` CLI contract, and its CT24 figures."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from annotate.extract import checkworthy

ROOT = Path(__file__).resolve().parents[1]
CT24 = Path(__file__).parents[1].parent / "shared/benchmarks/ct24"
# F1(Yes) the shipped model reached when trained (scripts/train_checkworthy.py); the test allows 0.02 less.
REACHED = {"dev": 0.8911, "dev-test": 0.7835}
MARGIN = 0.02

NEWS_CLAIM = (
    "Lavrov also recalled Russia offered its partners in NATO ... as far back in 2009 to formalize the "
    "principle of indivisible security."
)


def run_cli(argv: list[str]) -> int:
    """Through annotate.cli.main when every command module exists; otherwise through this module alone."""
    try:
        from annotate.cli import main

        return main(argv)
    except ImportError:  # another engineer's command module is not there yet
        from annotate.cli import CLIError
        from annotate.cli import checkworthy as cmd

        parser = argparse.ArgumentParser(prog="annotate")
        cmd.add_parser(parser.add_subparsers(dest="command", required=True))
        args = parser.parse_args(argv)
        try:
            return args.run(args)
        except CLIError as exc:
            import sys

            print(f"annotate: error: {exc}", file=sys.stderr)
            return 1


def write_tsv(path: Path, rows: list[tuple[str, ...]], header: str = "Sentence_id\tText") -> Path:
    path.write_text(header + "\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


SENTENCES = [
    ("1", NEWS_CLAIM),
    ("2", "Thank you very much."),
    ("3", "Unemployment rose to 10 percent in 2009, the highest level in 26 years."),
    ("4", 'He said, ""I will never do that.""'),
    ("5", "I think we can do better."),
]


# --- the API ---------------------------------------------------------------------------------------------


def test_score_claims_returns_scores_in_range_and_reasons():
    out = checkworthy.score_claims([t for _, t in SENTENCES])
    assert len(out) == len(SENTENCES)
    for value, reasons in out:
        assert 0.0 <= value <= 1.0
        assert isinstance(reasons, list) and all(isinstance(r, str) and r for r in reasons)
    assert checkworthy.score([]) == [] and checkworthy.score_claims([]) == []
    assert checkworthy.score([""])[0] == pytest.approx(checkworthy.score([""])[0])  # empty text is fine


def test_sensible_ordering_on_hand_written_sentences():
    claims = [
        NEWS_CLAIM,
        "Unemployment rose to 10 percent in 2009, the highest level in 26 years.",
        "The Senate voted 52 to 48 to pass the tax bill last March.",
        "Crime in our cities has doubled since 2010.",
    ]
    chatter = [
        "Thank you very much.",
        "I think he is a wonderful man.",
        "What are you going to do about it?",
        "We will build a better future together.",
    ]
    yes, no = checkworthy.score(claims), checkworthy.score(chatter)
    assert min(yes) > max(no), (yes, no)
    assert all(checkworthy.label(s) == "Yes" for s in yes)
    assert all(checkworthy.label(s) == "No" for s in no)


def test_reasons_are_readable():
    (_, reasons), (_, against) = checkworthy.score_claims(
        ["Unemployment rose to 10 percent in 2009.", "I think he is a wonderful man."]
    )
    assert "a quantity or percentage" in reasons
    assert "against: opinion/subjective language" in against


def test_scores_are_deterministic_and_batch_independent():
    texts = [t for _, t in SENTENCES]
    assert checkworthy.score(texts) == checkworthy.score(texts)
    one_by_one = [checkworthy.score([t])[0] for t in texts]
    assert one_by_one == pytest.approx(checkworthy.score(texts))


# --- the CLI ---------------------------------------------------------------------------------------------


def test_cli_prints_one_row_per_sentence(tmp_path, capsys):
    src = write_tsv(
        tmp_path / "in.tsv", [(sid, text, "No") for sid, text in SENTENCES], "Sentence_id\tText\tclass_label"
    )
    assert run_cli(["checkworthy", str(src)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Sentence_id\tscore\tlabel"
    assert len(lines) == 1 + len(SENTENCES)
    for (sid, _), line in zip(SENTENCES, lines[1:], strict=True):
        got_id, value, lab = line.split("\t")
        assert got_id == sid
        assert len(value.split(".")[1]) == 4 and 0.0 <= float(value) <= 1.0
        assert lab in ("Yes", "No")
    rows = {line.split("\t")[0]: line.split("\t")[2] for line in lines[1:]}
    assert rows["1"] == "Yes" and rows["2"] == "No"


def test_cli_writes_out_file(tmp_path, capsys):
    src = write_tsv(tmp_path / "in.tsv", SENTENCES)
    out = tmp_path / "scores.tsv"
    assert run_cli(["checkworthy", str(src), "--out", str(out)]) == 0
    assert capsys.readouterr().out == ""
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Sentence_id\tscore\tlabel" and len(lines) == 1 + len(SENTENCES)


def test_cli_header_only_gives_header_only(tmp_path, capsys):
    src = write_tsv(tmp_path / "in.tsv", [])
    assert run_cli(["checkworthy", str(src)]) == 0
    assert capsys.readouterr().out == "Sentence_id\tscore\tlabel\n"


@pytest.mark.parametrize(
    "content",
    [None, "", "just one column\nno tabs here\n", "Sentence_id\tText\n1\tfine\n2\n", b"\xff\xfe\x00bad"],
    ids=["missing", "empty", "one-column", "short-row", "not-utf8"],
)
def test_cli_bad_file_exits_1_with_a_clear_message(tmp_path, capsys, content):
    path = tmp_path / "bad.tsv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    assert run_cli(["checkworthy", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("annotate: error:") and str(path) in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_cli_directory_is_a_clear_error(tmp_path, capsys):
    assert run_cli(["checkworthy", str(tmp_path)]) == 1
    assert str(tmp_path) in capsys.readouterr().err


# --- the benchmark ---------------------------------------------------------------------------------------


def _load_trainer():
    spec = importlib.util.spec_from_file_location("train_checkworthy", ROOT / "scripts" / "train_checkworthy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ct24_dev_and_dev_test_f1_hold(figures):
    if not CT24.is_dir():
        pytest.skip(f"CT24 benchmark data not found at {CT24}: F1 not measured")
    trainer = _load_trainer()
    for split, reached in REACHED.items():
        _, texts, gold = trainer.load_split(CT24, split)
        pred = [checkworthy.label(s) == "Yes" for s in checkworthy.score(texts)]
        f1 = trainer.f1(gold, np.array(pred))
        figures(f"CheckThat! 2024 {split}: F1(Yes) {f1:.4f} (reached {reached:.4f})")
        assert f1 >= reached - MARGIN, f"{split} F1(Yes) {f1:.4f} fell below {reached - MARGIN:.4f}"
