"""The worked example a newcomer sees: three scraped articles, their claims, and annotations showing what
provenance, context, counter-sources and verdicts look like (two reviewers, one approval)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotate.schemas import AnnotationForm, ClaimForm, SourceForm
from annotate.services import annotations, claims, documents, matching, narratives, reviewers, scale, sources
from annotate.services.desk import Desk
from annotate.services.errors import InvalidInput
from annotate.services.permissions import SYSTEM, Actor

DEMO_DIR = Path(__file__).resolve().parent / "demo_data"

TREATY = SourceForm(
    title="Draft European Security Treaty",
    url="http://en.kremlin.ru/events/president/news/6152",
    publisher="President of Russia (Kremlin)",
    published="2009-11-29",
    kind="primary_document",
    excerpt="The Parties shall cooperate with each other on the basis of the principles of indivisible, equal "
    "and undiminished security.",
)
BERLIN_SPEECH = SourceForm(
    title="Speech at Meeting with German Political, Parliamentary and Civic Leaders (Berlin)",
    url="http://en.kremlin.ru/events/president/transcripts/320",
    publisher="President of Russia (Kremlin)",
    published="2008-06-05",
    kind="transcript",
    excerpt="Medvedev proposed drafting a legally binding treaty on European security.",
)
NSARCHIVE = SourceForm(
    title="NATO Expansion: What Gorbachev Heard",
    url="https://nsarchive.gwu.edu/briefing-book/russia-programs/2017-12-12/"
    "nato-expansion-what-gorbachev-heard-western-leaders-early",
    publisher="National Security Archive",
    published="2017-12-12",
    kind="primary_document",
    excerpt="Declassified documents show security assurances against NATO expansion to Soviet leaders from "
    "Baker, Bush, Genscher, Kohl, Gates, Mitterrand, Thatcher, Hurd, Major, and Woerner.",
)
NATO_FACTS = SourceForm(
    title="NATO-Russia relations: the facts",
    url="https://www.nato.int/cps/en/natohq/115204.htm",
    publisher="NATO",
    published="2022-03-01",
    kind="fact_check",
    excerpt="No such promise was ever made, and Russia has never produced any evidence to back up its claim.",
)
NARRATIVE = "Legally binding security guarantees"
NARRATIVE_DESCRIPTION = (
    "The talking point that the West refused Russia's proposals for legally binding, indivisible security: "
    "the draft European Security Treaty of 2008-2009 and the oral assurances about NATO's expansion."
)


@dataclass
class DemoReport:
    documents: int
    claims: int
    annotations: int
    loaded: bool


def _demo_actor(desk: Desk, username: str, role: str, name: str) -> Actor:
    try:
        view = reviewers.create(desk, SYSTEM, username, None, role=role, display_name=name)
    except InvalidInput:
        view = reviewers.get(desk, username)
    return reviewers.actor_for(view)


def _claim_with(desk: Desk, document_id: int, words: str, speaker: str, kind: str) -> int:
    """The extracted claim covering `words`, or a reviewer-made one when the extractor split it differently."""
    for claim in claims.for_document(desk, document_id):
        if words in claim.text:
            return claim.id
    text = documents.get(desk, document_id).text
    start = text.index(words)
    made = claims.create(
        desk, SYSTEM, document_id, ClaimForm(start=start, end=start + len(words), speaker=speaker, kind=kind)
    )
    return made.id


def load(desk: Desk) -> DemoReport:
    """Load the demo into `desk` unless it already holds documents. Safe to run twice."""
    if documents.count(desk):
        return DemoReport(documents.count(desk), 0, 0, loaded=False)
    scale.ensure_default(desk, SYSTEM)
    ana = _demo_actor(desk, "demo.reviewer", "reviewer", "Ana (demo reviewer)")
    ed = _demo_actor(desk, "demo.editor", "editor", "Ed (demo editor)")
    report = documents.ingest_files(desk, SYSTEM, sorted(DEMO_DIR.glob("*.txt")))
    ids = {Path(o.name).name[:3]: o.document_id for o in report.outcomes if o.document_id}
    added = 0

    def annotate(actor: Actor, claim_id: int, **form) -> None:
        nonlocal added
        annotations.add(desk, actor, claim_id, AnnotationForm(**form))
        added += 1

    treaty = sources.create(desk, ana, TREATY)
    speech = sources.create(desk, ana, BERLIN_SPEECH)

    # TASS: "Russia offered ... as far back in 2009 to formalize the principle of indivisible security."
    offer = _claim_with(desk, ids["000"], "as far back in 2009", "Sergey Lavrov", "reported")
    annotate(
        ana,
        offer,
        type="provenance",
        source_id=treaty.id,
        relation="primary_source",
        excerpt=TREATY.excerpt,
        note="The draft treaty the Kremlin published on 29 November 2009.",
    )
    annotate(
        ana,
        offer,
        type="context",
        note=(
            "The articles date the initiative **2008** (Sputnik) and **2009** (TASS). Both are right for "
            "different steps: President Medvedev *proposed* a legally binding European security treaty in Berlin "
            "in June 2008; the Kremlin *published the draft* on 29 November 2009."
        ),
    )
    annotate(ana, offer, type="tag", tag="european security treaty")
    annotate(
        ana,
        offer,
        type="verdict",
        verdict="True",
        confidence=0.9,
        note="The draft was published and sent to OSCE and NATO states in November 2009.",
    )
    claims.set_status(desk, ed, offer, "approved", expected_version=claims.get(desk, offer).version)

    renewed = _claim_with(desk, ids["002"], "in 2008, I believe, we renewed our initiative", "Sergey Lavrov", "quote")
    annotate(
        ana,
        renewed,
        type="provenance",
        source_id=speech.id,
        relation="first_appearance",
        note="Medvedev's Berlin speech of 5 June 2008 is the first public proposal.",
    )
    annotate(ana, renewed, type="tag", tag="european security treaty")

    # RT: NATO's expansion "despite oral guarantees given in the late Soviet era".
    oral = _claim_with(desk, ids["003"], "oral guarantees given in the late Soviet era", "Sergey Lavrov", "reported")
    annotate(
        ed,
        oral,
        type="counter_source",
        new_source=NSARCHIVE,
        relation="supports",
        excerpt=NSARCHIVE.excerpt,
        note="Western leaders gave Gorbachev verbal assurances in 1990-91.",
    )
    annotate(
        ed,
        oral,
        type="counter_source",
        new_source=NATO_FACTS,
        relation="refutes",
        excerpt=NATO_FACTS.excerpt,
        note="NATO: no legally binding promise was ever made.",
    )
    annotate(
        ed,
        oral,
        type="context",
        note=(
            "Assurances were spoken, in talks about German reunification, and never written into a treaty. "
            "Whether they amounted to a *promise* is disputed by historians."
        ),
    )
    annotate(
        ed,
        oral,
        type="verdict",
        verdict="Half true",
        confidence=0.7,
        note="Oral assurances were given; no binding guarantee on NATO's expansion exists.",
    )
    annotate(ana, oral, type="comment", note="Agree with the verdict; the NSA briefing book is the key source.")

    # The same initiative, dated 2009 by TASS and 2008 by Lavrov on Sputnik: too differently worded for the
    # matcher, so the reviewer links them, and the claim workspace flags the two years as a contradiction.
    matching.link(desk, ana, offer, renewed, reason="same initiative, dated differently")
    story = narratives.create(desk, ana, NARRATIVE, NARRATIVE_DESCRIPTION)
    narratives.attach(desk, ana, story.id, [offer, renewed, oral])
    return DemoReport(
        documents.count(desk), report.outcomes and sum(o.claims for o in report.outcomes) or 0, added, loaded=True
    )
