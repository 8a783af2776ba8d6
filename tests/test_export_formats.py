"""The other export formats: csv (formula injection), ClaimReview rules, W3C Web Annotation (the W3C
conformance suite's MUSTs, selectors), PROV-JSON round trip, markdown/html reports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from prov.model import ProvDocument
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from annotate.exports.csv_ import cell
from annotate.schemas import AnnotationForm, ClaimForm, SourceForm
from annotate.services import SYSTEM, annotations, claims, documents, queue, scale, settings
from annotate.services.errors import PermissionDenied
from annotate.services.exchange import ExportFilter
from tests.test_export_json import export_text, run_cli

SUITE = Path(__file__).resolve().parent / "data" / "conformance" / "web-annotation"

# ---- the W3C conformance runner ------------------------------------------------------------------


def _schemas() -> dict[Path, dict]:
    return {
        path.relative_to(SUITE): json.loads(path.read_text(encoding="utf-8"))
        for path in SUITE.rglob("*.json")
        if "tools" not in path.parts
    }


SCHEMAS = _schemas()
# The suite relies on "uri" and "date-time" formats: without their checkers (rfc3986-validator,
# rfc3339-validator) jsonschema skips them and the incorrect samples would pass.
FORMATS = Draft4Validator.FORMAT_CHECKER
assert {"uri", "date-time"} <= set(FORMATS.checkers), "pip install rfc3986-validator rfc3339-validator"
# $refs name the shared definitions by their `id` (a file name): resolve them by that.
REGISTRY = Registry().with_resources(
    (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4))
    for schema in SCHEMAS.values()
    if "id" in schema
)


def failed_assertions(test: str, item) -> list[str]:
    """Assertions of a .test file (e.g. annotations/annotationMusts.test) that `item` does not meet."""
    spec = json.loads((SUITE / test).read_text(encoding="utf-8"))
    failed = []
    for assertion in spec["assertions"]:
        schema = SCHEMAS[Path(assertion)]
        valid = Draft4Validator(schema, registry=REGISTRY, format_checker=FORMATS).is_valid(item)
        if valid != (schema.get("expectedResult", "valid") == "valid"):
            failed.append(assertion)
    return failed


def _sample(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return None


def test_the_runner_agrees_with_the_suites_samples():
    known_gap = {"anno11.json", "anno12.json", "anno13.json"}  # Composite targets: see the suite's README
    for path in sorted((SUITE / "tools/samples/correct").glob("anno*.json")):
        if path.name not in known_gap:
            assert failed_assertions("annotations/annotationMusts.test", _sample(path)) == [], path.name
    for path in sorted((SUITE / "tools/samples/incorrect").glob("*.json")):
        item = _sample(path)
        assert item is None or failed_assertions("annotations/annotationMusts.test", item), path.name
    collection = _sample(SUITE / "tools/samples/correct/collection1.json")
    assert failed_assertions("collections/collectionMusts.test", collection) == []


# ---- web annotation ------------------------------------------------------------------------------


def webannotation(desk, f=None) -> dict:
    return json.loads(export_text(desk, "webannotation", f))


def test_webannotation_export_passes_every_must(demo_desk):
    collection = webannotation(demo_desk)
    assert failed_assertions("collections/collectionMusts.test", collection) == []
    page = collection["first"]
    assert failed_assertions("collections/pages/pageMusts.test", {"@context": collection["@context"], **page}) == []
    assert collection["total"] == len(page["items"]) == 11
    for item in page["items"]:
        # Items embedded in a collection inherit its @context (JSON-LD): add it before checking them alone.
        assert failed_assertions("annotations/annotationMusts.test", {"@context": collection["@context"], **item}) == []
        assert item["created"].endswith("Z") and item["modified"].endswith("Z")


def test_motivations_by_type(demo_desk):
    items = webannotation(demo_desk)["first"]["items"]
    motivations = sorted(item["motivation"] for item in items)
    assert motivations.count("assessing") == 2 and motivations.count("tagging") == 2
    assert motivations.count("linking") == 4 and motivations.count("commenting") == 3
    linking = next(i for i in items if i["motivation"] == "linking")
    assert linking["body"][0]["id"].startswith("http")  # the source itself is the body


def test_selectors_reproduce_the_text_after_an_emoji(desk, people):
    text = "🎉🎉 Festival report\n\nThe mayor said the festival drew 40,000 visitors this year, a record."
    doc_id = documents.ingest(desk, SYSTEM, text, name="festival.txt", url="https://example.org/fest").document_id
    stored = documents.get(desk, doc_id).text
    quote = "the festival drew 40,000 visitors"
    start = stored.index(quote)
    claim = claims.create(desk, people["reviewer"], doc_id, ClaimForm(start=start, end=start + len(quote)))
    annotations.add(desk, people["reviewer"], claim.id, AnnotationForm(type="context", note="Police said 25,000."))
    (item,) = webannotation(desk, ExportFilter(document_id=doc_id))["first"]["items"]
    assert item["target"]["source"] == "https://example.org/fest"
    quote_sel, position = item["target"]["selector"]
    assert stored[position["start"] : position["end"]] == quote_sel["exact"] == quote
    assert stored[: position["start"]].endswith(quote_sel["prefix"])
    assert stored[position["end"] :].startswith(quote_sel["suffix"])
    assert position["start"] == start  # code points: in UTF-16 units each emoji would count twice
    assert (
        failed_assertions("annotations/annotationMusts.test", {"@context": "http://www.w3.org/ns/anno.jsonld", **item})
        == []
    )


# ---- csv -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tinjected", "'\tinjected"),
        ("\rinjected", "'\rinjected"),
        ('   =HYPERLINK("http://evil")', '\'   =HYPERLINK("http://evil")'),
        ("\n =1", "'\n =1"),
        ("plain text", "plain text"),
        ("a = b", "a = b"),
        ("", ""),
        (3, 3),
        (None, None),
    ],
)
def test_csv_cells_are_safe_against_formula_injection(value, expected):
    assert cell(value) == expected


def test_csv_one_row_per_claim(demo_desk):
    rows = list(csv.DictReader(io.StringIO(export_text(demo_desk, "csv"))))
    assert len(rows) == queue.page(demo_desk).total
    oral = next(r for r in rows if r["verdict"] == "Half true")
    assert (oral["counter_sources"], oral["context"], oral["provenance"], oral["comments"]) == ("2", "1", "0", "1")
    assert oral["outlet"] == "RT" and oral["status"] == "needs_second_review"
    offer = next(r for r in rows if r["verdict"] == "True")
    assert offer["provenance"] == "1" and offer["tags"] == "european security treaty"


def test_csv_rows_name_their_linked_claims_and_narratives(demo_desk):
    rows = {r["claim_uid"]: r for r in csv.DictReader(io.StringIO(export_text(demo_desk, "csv")))}
    linked = {uid: r["linked_claims"] for uid, r in rows.items() if r["linked_claims"]}
    assert len(linked) == 2  # the demo's one manual link, shown on both of its claims
    (a, b_of_a), (b, a_of_b) = linked.items()
    assert (b_of_a, a_of_b) == (b, a)
    story = [r for r in rows.values() if r["narratives"] == "Legally binding security guarantees"]
    assert len(story) == 3 and all(r["narratives"] in ("", story[0]["narratives"]) for r in rows.values())


def test_csv_split_writes_one_file_per_type_and_escapes_notes(demo_desk, demo_url, tmp_path, capsys):
    row = queue.page(demo_desk, ExportFilter(verdict="True")).rows[0]
    ana = annotations.for_claim(demo_desk, row.id)[0].author
    from annotate.services import reviewers

    actor = reviewers.actor_for(reviewers.get(demo_desk, ana))
    annotations.add(demo_desk, actor, row.id, AnnotationForm(type="comment", note="=cmd|' /C calc'!A0"))
    assert run_cli("--db", demo_url, "export", "-f", "csv", "--split", str(tmp_path / "out")) == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(["claims.csv", "provenance.csv", "context.csv", "counter_source.csv", "verdict.csv",
                            "tag.csv", "comment.csv"])  # fmt: skip
    comments = list(csv.DictReader((tmp_path / "out" / "comment.csv").open(encoding="utf-8")))
    assert "'=cmd|' /C calc'!A0" in [c["note"] for c in comments]
    counter = list(csv.DictReader((tmp_path / "out" / "counter_source.csv").open(encoding="utf-8")))
    assert {c["relation"] for c in counter} == {"supports", "refutes"} and all(c["source_url"] for c in counter)


# ---- ClaimReview ---------------------------------------------------------------------------------


def claimreviews(desk) -> list[dict]:
    return json.loads(export_text(desk, "claimreview"))


def test_claimreview_rules(demo_desk):
    reviews = claimreviews(demo_desk)
    assert len(reviews) == 2  # only claims with a verdict
    for review in reviews:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        for key in ("claimReviewed", "reviewRating", "author", "itemReviewed", "datePublished"):
            assert review[key], key
        assert review["itemReviewed"]["@type"] == "Claim" and review["reviewRating"]["@type"] == "Rating"
        assert review["author"]["@type"] == "Organization"
        assert review["datePublished"].endswith("Z") and len(review["datePublished"]) == 20
        appearance = review["itemReviewed"]["appearance"]  # a list when linked repeats add their articles
        for article in appearance if isinstance(appearance, list) else [appearance]:
            assert article["@type"] == "NewsArticle" and article["headline"]
    by_label = {r["reviewRating"]["alternateName"]: r["reviewRating"] for r in reviews}
    labels = {label.label: label.ordinal for label in scale.labels(demo_desk)}
    best = max(v for v in labels.values() if v is not None)
    assert by_label["True"]["ratingValue"] == by_label["True"]["bestRating"] == best  # truest label = best
    assert by_label["True"]["worstRating"] == min(v for v in labels.values() if v is not None)
    assert by_label["Half true"]["ratingValue"] == labels["Half true"]
    assert by_label["True"]["ratingExplanation"].startswith("The draft was published")
    assert "Half true" not in reviews[1]["claimReviewed"]  # the rating stays out of the claim text


def test_off_scale_label_exports_alternate_name_only(demo_desk):
    row = queue.page(demo_desk, ExportFilter(verdict="Half true")).rows[0]
    from annotate.services import reviewers

    ed = reviewers.actor_for(reviewers.get(demo_desk, "demo.editor"))
    annotations.add(demo_desk, ed, row.id, AnnotationForm(type="verdict", verdict="Misleading"))
    rating = next(r for r in claimreviews(demo_desk) if r["identifier"] == row.uid)["reviewRating"]
    assert rating["alternateName"] == "Misleading"
    assert not {"ratingValue", "bestRating", "worstRating"} & set(rating)


def test_a_linked_repeat_is_another_appearance_of_the_reviewed_claim(demo_desk, people_demo):
    from tests.test_export_json import export_json

    data = export_json(demo_desk)
    [link] = data["claim_links"]
    docs = {d["uid"]: d for d in data["documents"]}
    claim_of = {c["uid"]: c for c in data["claims"]}
    a, b = (claim_of[link[k]] for k in ("claim_a", "claim_b"))
    if not a["verdict"]:
        claim_id = queue.page(demo_desk, ExportFilter(text=a["text"][:40])).rows[0].id
        annotations.add(demo_desk, people_demo["editor"], claim_id, AnnotationForm(type="verdict", verdict="True"))
    review = next(r for r in claimreviews(demo_desk) if r["identifier"] == a["uid"])
    seen = review["itemReviewed"]["appearance"]
    assert [x["headline"] for x in seen] == [docs[a["document"]]["title"], docs[b["document"]]["title"]]
    dated = [x for x in seen if x.get("datePublished")]
    assert review["itemReviewed"]["firstAppearance"] == min(dated, key=lambda x: x["datePublished"])


def test_speaker_is_the_claims_author(desk, people):
    doc_id = documents.ingest(
        desk, SYSTEM, "Headline here\n\nThe sky is green, a spokesman said.", name="s.txt"
    ).document_id
    claim = claims.create(desk, people["reviewer"], doc_id, ClaimForm(start=15, end=32, speaker="Jo Bloggs"))
    annotations.add(desk, people["reviewer"], claim.id, AnnotationForm(type="verdict", verdict="False"))
    (review,) = claimreviews(desk)
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Jo Bloggs"}
    assert review["reviewRating"]["ratingValue"] == review["reviewRating"]["worstRating"] == 1


def test_reviewing_organisation_is_a_setting(demo_desk, people_demo):
    with pytest.raises(PermissionDenied):
        settings.set(demo_desk, people_demo["editor"], settings.ORGANISATION, {"name": "X"})
    org = {"name": "Desk Check", "url": "https://check.example.org", "review_url": "https://check.example.org/c/{uid}"}
    settings.set(demo_desk, people_demo["admin"], settings.ORGANISATION, org)
    review = claimreviews(demo_desk)[0]
    assert review["author"] == {"@type": "Organization", "name": "Desk Check", "url": "https://check.example.org"}
    assert review["url"] == f"https://check.example.org/c/{review['identifier']}"
    from annotate.services import audit

    events = audit.feed(demo_desk)
    assert any(e.action == "setting.set" and e.entity_id == settings.ORGANISATION for e in events)


# ---- PROV ----------------------------------------------------------------------------------------


def test_prov_round_trips_and_records_the_chain(demo_desk):
    row = queue.page(demo_desk, ExportFilter(verdict="Half true")).rows[0]
    from annotate.services import reviewers

    ed = reviewers.actor_for(reviewers.get(demo_desk, "demo.editor"))
    annotations.add(demo_desk, ed, row.id, AnnotationForm(type="verdict", verdict="Mostly true"))
    content = export_text(demo_desk, "prov")
    document = ProvDocument.deserialize(content=content, format="json")
    again = ProvDocument.deserialize(content=document.serialize(format="json"), format="json")
    assert document == again
    data = json.loads(content)
    for relation in ("wasAttributedTo", "wasGeneratedBy", "wasAssociatedWith", "wasDerivedFrom", "used"):
        assert data.get(relation), relation
    # PROV-JSON writes wasQuotedFrom / hadPrimarySource / wasRevisionOf as typed derivations.
    kinds = [(d.get("prov:type") or {}).get("$") for d in data["wasDerivedFrom"].values()]
    assert kinds.count("prov:Quotation") >= queue.page(demo_desk).total  # every claim quoted from its article
    assert kinds.count("prov:PrimarySource") >= 1  # the draft treaty behind the 2009 claim
    assert kinds.count("prov:Revision") == 1  # Half true -> Mostly true
    assert "ann:reviewer-demo-editor" in data["agent"]


def test_prov_article_cites_its_agency(desk, people):
    text = "Minister quits\n\nLONDON (Reuters) - The minister resigned on Friday, officials said."
    doc_id = documents.ingest(desk, SYSTEM, text, name="r.txt").document_id
    cites = documents.get(desk, doc_id).cites
    claims.create(desk, people["reviewer"], doc_id, ClaimForm(start=16, end=60))
    data = json.loads(export_text(desk, "prov"))
    assert ("hadPrimarySource" in data) == bool(cites)


# ---- reports -------------------------------------------------------------------------------------


def test_html_report_escapes_everything(demo_desk):
    row = queue.page(demo_desk, ExportFilter(verdict="True")).rows[0]
    from annotate.services import reviewers

    ana = reviewers.actor_for(reviewers.get(demo_desk, "demo.reviewer"))
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    annotations.add(demo_desk, ana, row.id, AnnotationForm(type="comment", note=evil))
    annotations.add(
        demo_desk, ana, row.id,
        AnnotationForm(type="provenance", relation="cites", new_source=SourceForm(title="\"><b>x</b>", url="https://e.org/?a=\"'<")),
    )  # fmt: skip
    page = export_text(demo_desk, "html")
    assert "<script" not in page.lower() and "onerror=alert" not in page.replace("onerror=alert(2)&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;b&gt;x&lt;/b&gt;" in page and 'href="https://e.org/?a=&quot;&#x27;&lt;"' in page
    assert "Content-Security-Policy" in page


def test_markdown_report(demo_desk):
    text = export_text(demo_desk, "markdown", ExportFilter(status=["approved", "needs_second_review"]))
    assert text.startswith("# Claim report") and text.count("\n> ") == 2
    assert "**verdict: True**" in text and "**verdict: Half true**" in text
    assert "[NATO-Russia relations: the facts](https://www.nato.int/cps/en/natohq/115204.htm)" in text


@pytest.mark.parametrize("fmt", ["claimreview", "webannotation"])
def test_json_ld_cannot_close_the_script_block_it_is_embedded_in(demo_desk, fmt):
    row = queue.page(demo_desk, ExportFilter(verdict="Half true")).rows[0]
    from annotate.services import reviewers

    ana = reviewers.actor_for(reviewers.get(demo_desk, "demo.reviewer"))
    hostile = "</script><script>alert(1)</script> <!-- & more"
    annotations.add(demo_desk, ana, row.id, AnnotationForm(type="verdict", verdict="False", note=hostile))
    body = export_text(demo_desk, fmt)
    assert "</script" not in body.lower() and "<!--" not in body
    assert hostile in json.dumps(json.loads(body), ensure_ascii=False)
