from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.extract.segment import split_sentences


def sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith went to Washington. He met Gen. Jones on Jan. 5. It was fine.",
            ["Mr. Smith went to Washington.", "He met Gen. Jones on Jan. 5.", "It was fine."],
        ),
        (
            "J. R. R. Tolkien wrote books. The U.S. Army said no. Prices rose 3.5% in the U.S. The rest fell.",
            [
                "J. R. R. Tolkien wrote books.",
                "The U.S. Army said no.",
                "Prices rose 3.5% in the U.S.",
                "The rest fell.",
            ],
        ),
        ("Room No. 5 was empty. Dr. Who? Yes!", ["Room No. 5 was empty.", "Dr. Who?", "Yes!"]),
        (
            '"We will fight. We will win. We never give up," he said. Then he left.',
            ['"We will fight. We will win. We never give up," he said.', "Then he left."],
        ),
        (
            "“It is over. We are done,” Lavrov said. “Next.”",
            ["“It is over. We are done,” Lavrov said.", "“Next.”"],
        ),
        ('"Really?" he asked. It was 2 p.m. when he came.', ['"Really?" he asked.', "It was 2 p.m. when he came."]),
        (
            "The deal is worth $4.5 billion. It closes in 2024.",
            ["The deal is worth $4.5 billion.", "It closes in 2024."],
        ),
        (
            "BERLIN, July 13. /TASS/. Declarations remain slogans.",
            ["BERLIN, July 13. /TASS/.", "Declarations remain slogans."],
        ),
        ("It was founded by Apple Inc. The company grew.", ["It was founded by Apple Inc.", "The company grew."]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sents(text) == expected


def test_paragraphs_and_lines_are_boundaries() -> None:
    text = "Headline without a stop\n\nFirst para. Second sentence\n\nThird para ends here."
    assert sents(text) == ["Headline without a stop", "First para.", "Second sentence", "Third para ends here."]


def test_hard_wrapped_line_is_joined() -> None:
    text = "The minister said the talks\nwould resume next week. Nobody objected."
    assert sents(text) == ["The minister said the talks\nwould resume next week.", "Nobody objected."]


def test_single_block_article() -> None:
    body = " ".join(f"Sentence number {i} says something about the U.S. economy." for i in range(50))
    out = sents(body)
    assert len(out) == 50
    assert out[0] == "Sentence number 0 says something about the U.S. economy."


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab. ?!\n"“”A1J')), max_size=200))
def test_spans_are_ordered_stripped_and_in_bounds(text: str) -> None:
    prev = 0
    for s, e in split_sentences(text):
        assert prev <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        prev = e


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab. ?!:;)\n\t"”’»A1')), max_size=120))
def test_blocks_and_word_before_match_their_regex_definitions(text: str) -> None:
    """The fast block finder and word-before-a-period helper return what the regexes they replace do."""
    from annotate.extract.segment import _BLOCK, _blocks, _word_before

    assert _blocks(text) == [m.span() for m in _BLOCK.finditer(text)]
    for end in range(len(text) + 1):
        m = re.search(r"(\S+)$", text[max(0, end - 40) : end])
        assert _word_before(text, max(0, end - 40), end) == (m.group(1) if m else None)


def test_doubled_apostrophe_quotes_open_and_close_sentences() -> None:
    # The New York Times' house style: ''...'' for quotation marks. A boundary inside one is no sentence end.
    text = (
        "The voter said she found the mayor too slow to act. ''He is not the right man,'' said "
        "Ms. Ortega. ''I am tired of it. We need change.'' She left. The players' union agreed."
    )
    assert sents(text) == [
        "The voter said she found the mayor too slow to act.",
        "''He is not the right man,'' said Ms. Ortega.",
        "''I am tired of it. We need change.''",
        "She left.",
        "The players' union agreed.",
    ]


def test_sentences_glued_by_a_lost_line_break_are_split() -> None:
    text = (
        "Okafor said.Okafor claimed that he learned this.“We win,” he said. See example.com or the U.S.Army, e.g.This."
    )
    assert sents(text) == [
        "Okafor said.",
        "Okafor claimed that he learned this.",
        "“We win,” he said.",
        "See example.com or the U.S.Army, e.g.This.",
    ]
