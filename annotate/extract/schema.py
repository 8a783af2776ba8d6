"""The extraction output: what `annotate extract` prints and what ingest stores.

These pydantic models are the contract between the extractor and everything else (CLI, services,
tests, benchmarks). Their JSON Schema is published as schemas/extraction.schema.json.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ClaimKind = Literal["quote", "reported", "statement"]


class Entity(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    label: Literal["PERSON", "ORG", "PLACE", "DOCUMENT", "EVENT", "DATE", "NUMBER", "OTHER"]
    start: int = Field(description="offset into document.text (code points)")
    end: int


class ExtractedClaim(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="exactly document.text[start:end]")
    start: int
    end: int
    kind: ClaimKind
    speaker: str | None = Field(None, description="full name or organisation the article gives")
    speaker_mention: str | None = Field(None, description="how the text refers to the speaker here: 'he'")
    cue: str | None = Field(None, description="attribution cue: said, noted, according to ...")
    checkworthiness: float = Field(0.0, ge=0.0, le=1.0)
    reasons: list[str] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    dates: list[str] = Field(default_factory=list)
    numbers: list[str] = Field(default_factory=list)
    restates: int | None = Field(
        None, description="index of the body claim this headline/lede claim restates (not counted twice)"
    )


class ExtractedDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    outlet: str | None = None
    published: str | None = Field(
        None, description="ISO date, possibly partial: '2017-07-13', '2017-07', or '--07-13' without a year"
    )
    dateline: str | None = None
    cites: list[str] = Field(default_factory=list, description="agencies the text cites")
    language: str | None = None
    text: str = Field(description="the cleaned article text; claim offsets index into it")
    encoding: str | None = Field(None, description="encoding detected for the raw input")
    source_format: Literal["text", "html", "markdown"] = "text"
    filename: str | None = Field(None, description="the input file, when extracted from one")


class ExtractionResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document: ExtractedDocument
    claims: list[ExtractedClaim]
    warnings: list[str] = Field(default_factory=list)
    # Map cleaned offsets back to the raw input: runs of [clean_start, raw_start, length]
    # (within a run the two advance together). Not printed by the CLI unless asked.
    offset_map: list[tuple[int, int, int]] = Field(default_factory=list, exclude=True)
