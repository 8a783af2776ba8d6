"""The faster whole-text scans match exactly what the plain patterns they replace match."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.extract import speakers
from annotate.extract.sources import CLAUSE_BOUNDARY, clause_start

# The name-run pattern as written before its first token was factored: the reference.
_PLAIN_RUN = re.compile(r"(?=[A-Z])\b" + speakers._NAME_TOKEN + speakers.RUN.pattern[len(speakers._FIRST_TOKEN) :])
_NAMEISH = st.text(alphabet="MrsSenDGvLtCoapJA. \t-'’éZz9()NATOandofthe,\nKſİ", max_size=40)


def _plain_clause_start(text: str, lo: int, pos: int) -> int:
    b = lo
    for m in CLAUSE_BOUNDARY.finditer(text, max(lo, pos - 200), pos):
        b = m.end()
    while b < pos and text[b].isspace():
        b += 1
    return b


def test_run_examples() -> None:
    text = "Sen. Marco Rubio (R-Fla.) met Mr. King and J.R.R. Tolkien of the Mission to NATO (NATO) on Monday, xJohn"
    assert [m.group() for m in speakers.RUN.finditer(text)] == [m.group() for m in _PLAIN_RUN.finditer(text)]
    assert [m.group() for m in speakers.RUN.finditer(text)][:2] == ["Sen. Marco Rubio", "R-Fla"]


@settings(max_examples=400, deadline=None)
@given(_NAMEISH, st.integers(0, 40), st.integers(0, 40))
def test_run_matches_plain_pattern(text: str, i: int, j: int) -> None:
    assert [m.span() for m in speakers.RUN.finditer(text)] == [m.span() for m in _PLAIN_RUN.finditer(text)]
    i, j = sorted((min(i, len(text)), min(j, len(text))))
    assert [m.span() for m in speakers.RUN.finditer(text, i, j)] == [m.span() for m in _PLAIN_RUN.finditer(text, i, j)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet='aAnNdDbBuUtT ,;:—“"-sSoOiIfFſKİ\nx', max_size=60), st.integers(0, 60), st.integers(0, 60))
def test_clause_start_matches_case_insensitive_scan(text: str, lo: int, pos: int) -> None:
    # Odd letters ('ſ', 'K', 'İ') fold onto ASCII ones only case-insensitively: such texts keep the plain scan.
    lo, pos = sorted((min(lo, len(text)), min(pos, len(text))))
    assert clause_start(text, lo, pos) == _plain_clause_start(text, lo, pos)
