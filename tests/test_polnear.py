"""PolNeAR dev figures (recall, speaker, attribution precision) must not regress."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

POLNEAR = Path(__file__).resolve().parents[1].parent / "shared/benchmarks/polnear"
SCORER = Path(__file__).resolve().parents[1] / "bench" / "polnear_score.py"

# Reached on dev with the full pipeline (see bench/polnear_score.py); the test allows 0.02 of slack, but never
# below the targets where they are met (recall >= 0.9, precision >= 0.85; speaker's 0.85 is not yet).
# speaker 0.702 -> 0.721 by the extractor (holders past chains, described roles), -> 0.729 by the scorer no
# longer counting a sentence opener's capital as a name ("Polling averages", "Protesters": 44 sources), -> 0.747
# by speech acts and stances as attributions ('X grilled / chastised / admires'), appositive subjects ('X, president
# of Y, which ..., said') and refusals to comment left out of attributions (precision 0.860 -> 0.858), -> 0.751 by
# frames after partial and NYT quotes, any verb after a quote ('Trump shot back'), possessive speech nouns ('Rubio's
# response was that') and qualified roles ('the Ohio governor' is not the New Jersey one; recall 0.932 -> 0.931),
# -> 0.767 by frames an error analysis of train found missing (datelines, 'Name: "...', NYT quotes as sentence
# ends, long subjects, second verbs, subordinate clauses, mixed quote marks; recall 0.931, precision 0.857); train
# moved 0.684 -> 0.709 with them. -> 0.773 (train 0.713; precision 0.857 -> 0.859, train 0.834 -> 0.846) by a
# second round on train's errors: a clause before the source is content, not an intro ('Rents rose this year, X
# said'), short framed replies and long sentence-opening quotes are quotes, a source closing the sentence ('per X',
# 'reported by X', 'in a X poll'), verbs' plurals used as nouns and verbs of seeming frame nothing, and acts
# ('defended his record') frame only what was said; then 0.772 with precision 0.862 (train 0.713 / 0.848) as
# praise, attacks and criticism without what was said became stances too. Dev was tuned on in earlier rounds and
# reads ~0.06 above train: expect the kept-back test nearer the train figure. -> 0.774 (recall 0.937, precision
# 0.864; train 0.713 -> 0.719, recall 0.922 -> 0.925) as participles after a closing quote or 'by' ('..., saying')
# became the subject's speech with the main clause its holder's statement, and 'as X reported' frames.
REACHED = {"recall": 0.937, "speaker": 0.773, "precision": 0.863}
TARGETS = {"recall": 0.9, "speaker": 0.85, "precision": 0.85}


def _floor(key: str) -> float:
    slack = REACHED[key] - 0.02
    return max(slack, TARGETS[key]) if REACHED[key] >= TARGETS[key] else slack


def _scorer():
    spec = importlib.util.spec_from_file_location("polnear_score", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["polnear_score"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_polnear_dev(figures) -> None:
    if not (POLNEAR / "dev" / "text").is_dir():
        pytest.skip(f"PolNeAR not available at {POLNEAR} (benchmark data is not committed)")
    scorer = _scorer()
    got = scorer.score(POLNEAR / "dev")
    naive = scorer.score(POLNEAR / "dev", scorer.naive_claims)
    figures(
        f"PolNeAR dev: recall {got['recall']:.3f} speaker {got['speaker']:.3f} precision {got['precision']:.3f}"
        f" (naive said-regex: {naive['recall']:.3f} / {naive['speaker']:.3f} / {naive['precision']:.3f})"
    )
    for key in REACHED:
        assert got[key] >= _floor(key), (key, got[key])


def test_sentence_openers_are_not_names() -> None:
    scorer = _scorer()
    text = "Protesters marched. The protesters left.\nTrump spoke. He met Trump. Polls show Trump ahead."
    common = scorer.common_words([text])
    assert scorer.source_names(scorer.Gold([], "Protesters", 0), text, common) == set()
    assert scorer.source_names(scorer.Gold([], "Trump", 41), text, common) == {"trump"}
    assert scorer.name_words("Polls") == {"polls"}  # the word alone cannot tell; its place in the text does
