"""Inputs that are not articles get one clear line, never a traceback or an empty result."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import pytest

from annotate.cli import CLIError
from annotate.cli import extract as cli_extract
from annotate.extract import ExtractionError, extract, extract_file
from annotate.extract.decode import MAX_BYTES

CORPUS = Path(__file__).parent / "data" / "corpus"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        ("", "empty"),
        (b"PK\x03\x04\x14\x00\x00\x00rest-of-zip", "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"%PDF-1.7\n", "PDF"),
        (b"some text\x00\x01\x02\x03 and \x00\x00 binary" * 20, "binary"),
        (b"\xff\xfe\x00", "utf-16"),
        (b"Menu\nHome\nShare\nSubscribe\n34.1 C\nMost read\n1\n2\n", "no article text"),
        ("Log in or register\nTop stories\n{{item.group_date}}\n", "no article text"),
    ],
)
def test_rejected_with_clear_message(data: bytes | str, message: str) -> None:
    with pytest.raises(ExtractionError) as exc:
        extract(data, filename="bad.txt")
    text = str(exc.value)
    assert message.lower() in text.lower()
    assert text.startswith("bad.txt:")
    assert "\n" not in text


def test_huge_bytes_refused_before_decoding() -> None:
    with pytest.raises(ExtractionError, match="too large"):
        extract(b"a" * (MAX_BYTES + 1))


def test_huge_file_refused_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # sparse: the size is there, the bytes are not
        fh.truncate(MAX_BYTES + 10)
    with pytest.raises(ExtractionError, match=r"big\.txt: too large"):
        extract_file(big)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="cannot read"):
        extract_file(tmp_path / "nope.txt")


def test_undecodable_bytes() -> None:
    noise = bytes((i * 37 + 11) % 256 for i in range(4000) if (i * 37 + 11) % 256 not in (0, 10, 13))
    with pytest.raises(ExtractionError):
        extract(noise, filename="noise.txt")


# --- the CLI: a bad file is one line on stderr, the rest go on, exit 1 ---


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="annotate")
    cli_extract.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["extract", *argv])
    return args.run(args)


def test_cli_folder_with_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_bytes((CORPUS / "000_20f9aca49d4b52ab.txt").read_bytes())
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.html").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "skip.json").write_text("{}")
    assert _run([str(tmp_path), "--jsonl"]) == 1
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 1 and rows[0]["document"]["outlet"] == "TASS"
    assert "offset_map" not in rows[0]
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert "b.txt: empty" in lines[0] and "c.html: not text but a PNG image" in lines[1]


def test_cli_single_json_with_offset_map(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run([str(CORPUS / "002_da4050e255aaa6b8.txt"), "--include-offset-map"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document"]["dateline"] == "MOSCOW"
    assert data["offset_map"] and all(len(run) == 3 for run in data["offset_map"])


def test_cli_several_files_need_jsonl() -> None:
    with pytest.raises(CLIError, match="--jsonl"):
        _run([str(CORPUS)])


def test_cli_missing_path() -> None:
    with pytest.raises(CLIError, match="no such file"):
        _run([os.path.join(str(CORPUS), "missing.txt")])
