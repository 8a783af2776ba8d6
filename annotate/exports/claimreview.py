"""schema.org ClaimReview JSON-LD, one per claim with a verdict (the fact-checkers' interchange format).

Rating: `alternateName` is the verdict label readers see. Labels on the true-false scale also carry
ratingValue/bestRating/worstRating from the scale's ordinals, higher = truer, so the truest label is
bestRating (some publishers once inverted this). Labels off the scale (ordinal None: Misleading, Missing
context, ...) export alternateName only: a number would place them on a line they are not on.

A claim linked to claims in other exported articles (a repeat of the same talking point) lists those
articles too as the reviewed Claim's `appearance`s; `firstAppearance` is the earliest published of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from annotate.exports.native import Reader
from annotate.exports.relations import Groups
from annotate.exports.webannotation import dumps


def _date(value: str | None) -> str | None:
    return value[:10] if value else None


def _seconds(stamp: str | None) -> str | None:
    return stamp[:19] + "Z" if stamp else None


def scale_bounds(labels) -> tuple[dict[str, int | None], int | None, int | None]:
    ordinals = {label.label: label.ordinal for label in labels}
    values = [o for o in ordinals.values() if o is not None]
    return ordinals, (max(values) if values else None), (min(values) if values else None)


def _article(doc: dict) -> dict[str, Any]:
    article: dict[str, Any] = {"@type": "NewsArticle"}
    if doc.get("url"):
        article["url"] = doc["url"]
    if doc.get("title"):
        article["headline"] = doc["title"]
    if doc.get("published"):
        article["datePublished"] = _date(doc["published"])
    if doc.get("outlet"):
        article["publisher"] = {"@type": "Organization", "name": doc["outlet"]}
    return article


def review(
    claim: dict,
    doc: dict,
    organisation: dict,
    ordinals: dict,
    best: int | None,
    worst: int | None,
    elsewhere: Sequence[dict] = (),
) -> dict:
    """`elsewhere`: the documents of the claims linked to this one (repeats of it)."""
    verdicts = [a for a in claim["annotations"] if a["type"] == "verdict" and not a["withdrawn"]]
    current = verdicts[-1] if verdicts else None
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": claim["verdict"]}
    ordinal = ordinals.get(claim["verdict"])
    if ordinal is not None and best is not None:
        rating.update(ratingValue=ordinal, bestRating=best, worstRating=worst)
    if current and current["note"]:
        rating["ratingExplanation"] = current["note"]
    appearance = _article(doc)
    item: dict[str, Any] = {"@type": "Claim", "appearance": appearance, "firstAppearance": appearance}
    if elsewhere:
        articles = [appearance] + [_article(d) for d in elsewhere if d["uid"] != doc["uid"]]
        if len(articles) > 1:
            # Undated articles sort last: an unknown date cannot be shown to come first.
            dated = sorted(enumerate(articles), key=lambda ia: (ia[1].get("datePublished") or "9999", ia[0]))
            item.update(appearance=articles, firstAppearance=dated[0][1])
    if claim["speaker"]:
        item["author"] = {"@type": "Person", "name": claim["speaker"]}
    if doc.get("published"):
        item["datePublished"] = _date(doc["published"])
    author = {"@type": "Organization", "name": organisation.get("name")}
    if organisation.get("url"):
        author["url"] = organisation["url"]
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": claim["uid"],
        "claimReviewed": claim["text"],
        "itemReviewed": item,
        "reviewRating": rating,
        "author": author,
        # When the verdict was given, in UTC: "2026-11-23T12:00:00Z".
        "datePublished": _seconds(current["updated_at"] if current else claim["updated_at"]),
    }
    template = organisation.get("review_url")
    if template:
        out["url"] = template.replace("{uid}", claim["uid"])
    return out


def write_claimreview(reader: Reader, out: TextIO, *, organisation: dict, labels, **_: Any) -> int:
    """A JSON array of ClaimReview objects, streamed; claims without a verdict are left out."""
    ordinals, best, worst = scale_bounds(labels)
    groups = Groups(reader)
    out.write("[")
    written = 0
    for claim in reader.claims():
        if not claim["verdict"]:
            continue
        doc = reader.document(reader.document_id(claim["document"]))
        out.write(",\n" if written else "\n")
        elsewhere = [reader.document(groups.document_id(uid)) for uid in groups.linked_to(claim["uid"])]
        out.write(dumps(review(claim, doc, organisation, ordinals, best, worst, elsewhere)))
        written += 1
    out.write("\n]\n")
    return written
