"""W3C PROV-JSON: where each claim came from and how its verdict was reached, built with the `prov` package
so the output is what PROV tools read back (ProvDocument.deserialize(format="json")).

claim  wasQuotedFrom article; claim wasAttributedTo speaker; article wasAttributedTo outlet;
article hadPrimarySource / wasDerivedFrom what it cites (agency, transcript); a claim's provenance
annotations become wasQuotedFrom / hadPrimarySource / wasDerivedFrom its sources; each verdict
wasGeneratedBy a review activity wasAssociatedWith the reviewer and wasDerivedFrom the evidence;
a verdict that replaced another wasRevisionOf it. The set is held in memory: PROV is for audits of a
selection, not for a million claims at once.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, TextIO

from prov.model import PROV, PROV_TYPE, ProvDocument

from annotate.exports.native import Reader

NS = "https://annotate.example/ns#"
CLAIM_PROVENANCE = {
    "quoted_from": "wasQuotedFrom",
    "primary_source": "hadPrimarySource",
    "first_appearance": "wasDerivedFrom",
    "cites": "wasDerivedFrom",
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unnamed"


def _time(stamp: str | None) -> datetime | None:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else None


class _Builder:
    def __init__(self, reader: Reader):
        self.reader = reader
        self.doc = ProvDocument()
        self.doc.add_namespace("ann", NS)
        self.schema = self.doc.add_namespace("schema", "https://schema.org/")
        self.seen: set[str] = set()

    def _once(self, key: str) -> bool:
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def article(self, doc: dict) -> str:
        name = f"ann:article-{doc['uid']}"
        if self._once(name):
            attrs: dict[str, Any] = {PROV_TYPE: self.schema["NewsArticle"]}
            for key in ("title", "url", "published"):
                if doc.get(key):
                    attrs[f"ann:{key}"] = doc[key]
            self.doc.entity(name, attrs)
            if doc.get("outlet"):
                self.doc.wasAttributedTo(
                    name, self.agent(f"ann:org-{_slug(doc['outlet'])}", doc["outlet"], "Organization")
                )
            for cited in doc.get("cites") or []:
                source = f"ann:cited-{_slug(cited)}"
                if self._once(source):
                    self.doc.entity(source, {"prov:label": cited})
                self.doc.hadPrimarySource(name, source)
        return name

    def agent(self, name: str, label: str, kind: str) -> str:
        if self._once(name):
            self.doc.agent(name, {PROV_TYPE: PROV[kind], "prov:label": label})
        return name

    def source(self, uid: str | None) -> str | None:
        source = self.reader.source_by_uid(uid)
        if source is None:
            return None
        name = f"ann:source-{source['uid']}"
        if self._once(name):
            attrs: dict[str, Any] = {"prov:label": source["title"], "ann:kind": source["kind"]}
            if source.get("url"):
                attrs["ann:url"] = source["url"]
            self.doc.entity(name, attrs)
            if source.get("publisher"):
                self.doc.wasAttributedTo(
                    name, self.agent(f"ann:org-{_slug(source['publisher'])}", source["publisher"], "Organization")
                )
        return name

    def claim(self, claim: dict) -> None:
        doc = self.reader.document(self.reader.document_id(claim["document"]))
        article = self.article(doc)
        name = f"ann:claim-{claim['uid']}"
        self.doc.entity(
            name, {PROV_TYPE: self.schema["Claim"], "prov:value": claim["text"], "ann:status": claim["status"]}
        )
        self.doc.wasQuotedFrom(name, article)
        if claim["speaker"]:
            self.doc.wasAttributedTo(
                name, self.agent(f"ann:person-{_slug(claim['speaker'])}", claim["speaker"], "Person")
            )
        live = [a for a in claim["annotations"] if not a["withdrawn"]]
        evidence = [s for s in (self.source(a["source"]) for a in live if a["source"]) if s]
        for a in live:
            if a["type"] == "provenance" and a["source"]:
                relation = getattr(self.doc, CLAIM_PROVENANCE.get(a["relation"], "wasDerivedFrom"))
                relation(name, self.source(a["source"]))
        previous = None
        for a in claim["annotations"]:  # oldest first, superseded (withdrawn) ones included: they are history
            if a["type"] != "verdict":
                continue
            verdict = f"ann:verdict-{a['uid']}"
            review = f"ann:review-{a['uid']}"
            self.doc.entity(verdict, {PROV_TYPE: self.schema["Rating"], "prov:value": a["verdict"] or "",
                                      "ann:withdrawn": bool(a["withdrawn"])})  # fmt: skip
            self.doc.activity(review, _time(a["created_at"]), _time(a["created_at"]), {"prov:label": "review"})
            self.doc.used(review, name)
            self.doc.wasGeneratedBy(verdict, review, _time(a["created_at"]))
            if a["author"]:
                self.doc.wasAssociatedWith(
                    review, self.agent(f"ann:reviewer-{_slug(a['author'])}", a["author"], "Person")
                )
            for source in evidence:
                self.doc.wasDerivedFrom(verdict, source)
            if previous:
                self.doc.wasRevisionOf(verdict, previous)
            previous = verdict


def write_prov(reader: Reader, out: TextIO, **_: Any) -> int:
    builder = _Builder(reader)
    for claim in reader.claims():
        builder.claim(claim)
    out.write(builder.doc.serialize(format="json", indent=1))
    out.write("\n")
    return reader.claim_count
