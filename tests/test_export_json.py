"""Native json/jsonl export: the published schema, the content, the selection filters, streaming, the CLI."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from annotate.cli import CLIError
from annotate.cli import export as export_cli
from annotate.cli import import_ as import_cli
from annotate.exports.native import FORMAT_VERSION, ExportFile, ExportLine
from annotate.services import documents, exchange, queue
from annotate.services.exchange import ExportFilter

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schemas" / "export.schema.json").read_text(encoding="utf-8"))
LINE_SCHEMA = json.loads((ROOT / "schemas" / "export-line.schema.json").read_text(encoding="utf-8"))


def export_text(desk, fmt="json", f=None, **kw) -> str:
    out = io.StringIO()
    exchange.export(desk, fmt, f, out, **kw)
    return out.getvalue()


def export_json(desk, f=None, **kw) -> dict:
    return json.loads(export_text(desk, "json", f, **kw))


def run_cli(*argv: str) -> int:
    """The export/import subcommands through their own parser (the CLI conventions: CLIError -> exit 1)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    sub = parser.add_subparsers(dest="command", required=True)
    export_cli.add_parser(sub)
    import_cli.add_parser(sub)
    args = parser.parse_args(list(argv))
    try:
        return args.run(args)
    except CLIError as exc:
        print(f"annotate: error: {exc}")
        return 1


def test_published_schema_is_generated_from_the_models():
    assert SCHEMA == ExportFile.model_json_schema(), "run: python scripts/gen_schemas.py"
    assert LINE_SCHEMA == ExportLine.model_json_schema(), "run: python scripts/gen_schemas.py"


def test_json_export_is_complete_and_valid(demo_desk):
    data = export_json(demo_desk)
    Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(data)
    ExportFile.model_validate(data)
    assert data["format_version"] == FORMAT_VERSION
    assert list(data) == [
        "format_version",
        "exported_at",
        "documents",
        "claims",
        "sources",
        "claim_links",
        "narratives",
    ]
    assert len(data["documents"]) == 3 and len(data["sources"]) == 4
    assert len(data["claims"]) == queue.page(demo_desk).total > 3
    docs = {d["uid"]: d for d in data["documents"]}
    for claim in data["claims"]:
        text = docs[claim["document"]]["text"]
        assert text[claim["start"] : claim["end"]] == claim["text"]
        assert text[: claim["start"]].endswith(claim["prefix"]) and text[claim["end"] :].startswith(claim["suffix"])
    annotations = [a for c in data["claims"] for a in c["annotations"]]
    assert len(annotations) == 11
    assert {a["author"] for a in annotations} == {"demo.reviewer", "demo.editor"}
    assert all(a["created_at"].endswith("Z") and a["version"] >= 1 for a in annotations)
    verdicts = {c["verdict"]: c for c in data["claims"] if c["verdict"]}
    assert set(verdicts) == {"True", "Half true"}
    assert verdicts["True"]["status"] == "approved" and verdicts["True"]["verdict_by"] == "demo.reviewer"
    cited = {a["source"] for a in annotations if a["source"]}
    assert cited == {s["uid"] for s in data["sources"]}


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        (ExportFilter(verdict="Half true"), 1),
        (ExportFilter(status=["approved"]), 1),
        (ExportFilter(tag="european security treaty"), 2),
        (ExportFilter(reviewer="demo.editor"), 1),
        (ExportFilter(reviewer="demo.reviewer"), 3),
        (ExportFilter(outlet="TASS", verdict="True"), 1),
        (ExportFilter(outlet="nobody"), 0),
        (ExportFilter(published_from="2017-07-13", published_to="2017-07-13", verdict="True"), 1),
        (ExportFilter(published_from="2030-01-01"), 0),
    ],
)
def test_filters_select_the_set(demo_desk, f, expected):
    data = export_json(demo_desk, f)
    assert len(data["claims"]) == expected
    used = {c["document"] for c in data["claims"]}
    assert {d["uid"] for d in data["documents"]} == used


def test_document_filters(demo_desk):
    doc = documents.list_documents(demo_desk)[0]
    by_id = export_json(demo_desk, ExportFilter(document_id=doc.id))
    by_uid = export_json(demo_desk, ExportFilter(document_uid=doc.uid))
    assert by_id["claims"] == by_uid["claims"] and by_id["claims"]
    assert {c["document"] for c in by_id["claims"]} == {doc.uid}


def test_small_batches_give_the_same_export(demo_desk):
    whole = export_json(demo_desk)
    batched = export_json(demo_desk, batch=7)
    whole.pop("exported_at"), batched.pop("exported_at")
    assert whole == batched


def test_jsonl_one_claim_per_line_with_what_it_needs(demo_desk):
    lines = [json.loads(line) for line in export_text(demo_desk, "jsonl").splitlines()]
    assert len(lines) == queue.page(demo_desk).total
    validator = Draft202012Validator(LINE_SCHEMA)
    seen_docs, seen_sources = set(), set()
    for line in lines:
        validator.validate(line)
        seen_docs |= {d["uid"] for d in line["documents"]}
        seen_sources |= {s["uid"] for s in line["sources"]}
        assert line["claim"]["document"] in seen_docs  # sent on this line or an earlier one
        for a in line["claim"]["annotations"]:
            assert a["source"] is None or a["source"] in seen_sources
    assert sum(len(line["documents"]) for line in lines) == 3  # each document once
    whole = export_json(demo_desk)
    assert [line["claim"] for line in lines] == whole["claims"]


def test_links_and_narratives_travel_with_their_claims(demo_desk):
    data = export_json(demo_desk)
    claims = {c["uid"]: c for c in data["claims"]}
    [link] = data["claim_links"]  # the demo reviewer's manual link between two datings of one initiative
    assert link["method"] == "manual" and link["status"] == "active" and link["created_by"] == "demo.reviewer"
    assert claims[link["claim_a"]]["document"] != claims[link["claim_b"]]["document"]
    [story] = data["narratives"]
    assert story["name"] == "Legally binding security guarantees" and len(story["claims"]) == 3
    assert {m["claim"] for m in story["claims"]} <= set(claims) and all(m["active"] for m in story["claims"])

    # Only what lies inside the selection: one article's claims carry no link to another article's claim.
    one_doc = export_json(demo_desk, ExportFilter(document_uid=claims[link["claim_a"]]["document"]))
    inside = {c["uid"] for c in one_doc["claims"]}
    assert one_doc["claim_links"] == []
    assert [m["claim"] for n in one_doc["narratives"] for m in n["claims"]] == [
        m["claim"] for m in story["claims"] if m["claim"] in inside
    ]


def test_jsonl_carries_each_relation_once_on_the_line_of_its_later_claim(demo_desk):
    whole = export_json(demo_desk)
    lines = [json.loads(line) for line in export_text(demo_desk, "jsonl", batch=7).splitlines()]
    order = [line["claim"]["uid"] for line in lines]
    links = [(n, link) for n, line in enumerate(lines) for link in line["claim_links"]]
    assert [link for _, link in links] == whole["claim_links"]
    for n, link in links:  # both claims sent by the time the link is
        assert link["claim_b"] == order[n] and order.index(link["claim_a"]) < n
    members = [(line["claim"]["uid"], n) for line in lines for n in line["narratives"]]
    assert all([m["claim"] for m in n["claims"]] == [uid] for uid, n in members)
    assert [m for _, n in members for m in n["claims"]] == whole["narratives"][0]["claims"]


def test_cli_export_to_stdout_and_file(demo_url, tmp_path, capsys):
    assert run_cli("--db", demo_url, "export", "--format", "json", "--verdict", "True") == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["verdict"] for c in data["claims"]] == ["True"]
    out = tmp_path / "set.jsonl"
    assert run_cli("--db", demo_url, "export", "-f", "jsonl", "--out", str(out), "--status", "approved") == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left behind


def test_cli_export_mistakes_are_one_line(demo_url, tmp_path, capsys):
    assert run_cli("--db", demo_url, "export", "-f", "json", "--split", str(tmp_path)) == 1
    assert capsys.readouterr().out.strip() == "annotate: error: --split works with --format csv only"
    assert run_cli("--db", demo_url, "export", "-f", "json", "--status", "approved", "--out", "/nonexistent/x") == 1
    assert capsys.readouterr().out.count("\n") == 1
    with pytest.raises(SystemExit):
        run_cli("--db", demo_url, "export", "-f", "yaml")
