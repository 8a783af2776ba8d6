"""The issue's quality bar, measured on the gold corpus (figures are printed with -s)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from annotate.extract import extract_file
from annotate.extract.clean import to_raw
from annotate.extract.decode import decode
from annotate.extract.schema import ExtractionResult

CORPUS = Path(__file__).parent / "data" / "corpus"
GOLD = json.loads((CORPUS / "gold.json").read_text(encoding="utf-8"))
WORD = re.compile(r"\w+")


@cache
def result(name: str) -> ExtractionResult:
    return extract_file(CORPUS / name)


def _find(gold_text: str, text: str) -> tuple[int, int] | None:
    """Where the gold claim sits in the cleaned text (whitespace-insensitive)."""
    pattern = r"\s+".join(re.escape(w) for w in gold_text.split())
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else None


def coverage(gold_text: str, res: ExtractionResult) -> float:
    """Share of the gold claim's words that lie inside some extracted claim."""
    span = _find(gold_text, res.document.text)
    if span is None:
        return 0.0
    words = [(m.start(), m.end()) for m in WORD.finditer(res.document.text, *span)]
    claims = [(c.start, c.end) for c in res.claims]
    covered = sum(1 for s, e in words if any(cs <= s and e <= ce for cs, ce in claims))
    return covered / len(words) if words else 1.0


def best_claim(gold_text: str, res: ExtractionResult):
    span = _find(gold_text, res.document.text)
    if span is None:
        return None
    overlap = [(min(span[1], c.end) - max(span[0], c.start), c) for c in res.claims]
    overlap = [(o, c) for o, c in overlap if o > 0]
    return max(overlap, key=lambda oc: oc[0])[1] if overlap else None


def same_speaker(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    # Transliterations differ (Sergey/Sergei): compare the surname / last word.
    return WORD.findall(a.lower())[-1] == WORD.findall(b.lower())[-1]


def test_quality_bar_summary(figures) -> None:
    found = total = speaker_ok = speaker_total = boiler = heads = 0
    for name, gold in GOLD.items():
        res = result(name)
        heads += res.document.title == gold["headline"]
        for claim in res.claims:
            boiler += any(b in claim.text for b in gold["boilerplate"])
        for g in gold["claims"]:
            total += 1
            found += coverage(g["text"], res) >= 0.9
            c = best_claim(g["text"], res)
            speaker_total += 1
            speaker_ok += c is not None and same_speaker(c.speaker, g["speaker"])
    figures(
        f"corpus: claims found {found}/{total} ({100 * found / total:.0f}%), "
        f"boilerplate claims {boiler}, headlines {heads}/{len(GOLD)}, "
        f"speaker {speaker_ok}/{speaker_total} ({100 * speaker_ok / speaker_total:.0f}%)"
    )
    assert found / total >= 0.95
    assert boiler == 0
    assert heads == len(GOLD)
    assert speaker_ok / speaker_total >= 0.95


@pytest.mark.parametrize("name", sorted(GOLD))
def test_document_metadata(name: str) -> None:
    gold = GOLD[name]
    doc = result(name).document
    assert doc.title == gold["headline"]
    assert doc.outlet == gold["outlet"]
    assert doc.dateline == gold["dateline"]
    assert doc.published == gold["date"]
    assert doc.published not in gold.get("wrong_dates", [])
    assert doc.language == "en"
    assert doc.encoding == "utf-8"


@pytest.mark.parametrize("name", sorted(GOLD))
def test_no_boilerplate_in_text_or_claims(name: str) -> None:
    res = result(name)
    for b in GOLD[name]["boilerplate"]:
        assert b not in res.document.text, b
        assert not any(b in c.text for c in res.claims), b


@pytest.mark.parametrize("name", sorted(GOLD))
def test_claim_offsets_and_offset_map(name: str) -> None:
    res = result(name)
    text = res.document.text
    raw, _ = decode((CORPUS / name).read_bytes())
    for c in res.claims:
        assert text[c.start : c.end] == c.text
        for e in c.entities:
            assert text[e.start : e.end] == e.text
            assert c.start <= e.start <= e.end <= c.end
        # The claim's first word maps back to the same word in the raw file.
        m = WORD.search(text, c.start, c.end)
        r = to_raw(res.offset_map, m.start())
        assert raw[r : r + len(m.group())] == m.group()
    for cs, rs, n in res.offset_map:
        assert text[cs : cs + n] == raw[rs : rs + n].replace("\u00a0", " ")


@pytest.mark.parametrize("name", sorted(GOLD))
def test_every_gold_claim_found(name: str) -> None:
    res = result(name)
    missing = [g["text"] for g in GOLD[name]["claims"] if coverage(g["text"], res) < 0.9]
    assert not missing


def test_headline_restates_body_claim() -> None:
    res = result("000_20f9aca49d4b52ab.txt")
    head = res.claims[0]
    assert head.end <= len(res.document.title)  # the headline (or its content, without "says X")
    assert head.restates is not None
    assert "Declarations about indivisibility" in res.claims[head.restates].text


def test_json_schema_is_current() -> None:
    committed = json.loads((Path(__file__).parents[1] / "schemas" / "extraction.schema.json").read_text())
    assert committed == ExtractionResult.model_json_schema()


POLNEAR_DEV = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "polnear" / "dev" / "text"


def test_no_stage_fails_quietly() -> None:
    """extract() keeps going when attribution or scoring raises (the claims stay, unattributed, with a warning):
    on real articles that warning must never appear, or a bug hides behind lower scores."""
    files = [*sorted(CORPUS.glob("*.txt")), *sorted((CORPUS.parent / "extra").glob("*.*"))]
    files += sorted(POLNEAR_DEV.glob("*.txt")) if POLNEAR_DEV.is_dir() else []
    failed: dict[str, list[str]] = {}
    for path in files:
        if path.suffix in (".txt", ".html", ".htm", ".md"):
            try:
                warnings = extract_file(path).warnings
            except Exception:  # noqa: BLE001 - inputs refused on purpose (the bad-input fixtures) are not this test's
                continue
            bad = [w for w in warnings if "failed" in w or "unavailable" in w]
            if bad:
                failed[path.name] = bad
    assert not failed, failed
