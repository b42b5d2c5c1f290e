"""Row models of the four output tables: the one definition of their columns and dtypes.

Field order is column order. `pipeline.tables` derives every DataFrame's columns and dtypes
from these models, so a column is added here and nowhere else.
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict

SpeakerType = Literal["person", "organization", "outlet", "agency"]
Attribution = Literal["explicit", "continued", "coreference", "relayed", "narrative"]
Mode = Literal["direct", "indirect", "narrative"]
Qualifier = Literal["exact", "approx", "more_than", "less_than", "at_least", "at_most"]
FigureKind = Literal["count", "year", "date", "percent", "money", "ordinal", "fraction", "vague"]
Status = Literal["ok", "error"]


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Claim(Row):
    """One assertion by one speaker, as the attribute and claims stages produce it."""

    paragraph: int
    sentence: int
    claim_no: int  # 1-based within its sentence
    speaker: Optional[str] = None  # canonical English where the registry knows it, else Arabic
    speaker_ar: Optional[str] = None  # the Arabic surface form naming the speaker nearest the claim
    speaker_role: Optional[str] = None
    speaker_type: Optional[SpeakerType] = None
    via: Optional[str] = None  # relaying agency or person
    attribution: Attribution = "narrative"
    cue: Optional[str] = None
    mode: Mode = "narrative"
    claim_text: str
    source_sentence: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    # where the speaker is named and where the cue stands (None when not in the sentence)
    speaker_start: Optional[int] = None
    speaker_end: Optional[int] = None
    cue_start: Optional[int] = None
    cue_end: Optional[int] = None


class ClaimKeys(Row):
    claim_id: str
    doc_id: str
    doc_date: Optional[str] = None
    source: Optional[str] = None
    title: Optional[str] = None


class ClaimRow(Claim, ClaimKeys):
    """A Claims table row: keys, the claim, then a readable summary of its figures."""

    figures: Optional[str] = None


class FigureMention(Row):
    """A number found in the text, as the figures stage returns it."""

    text: str
    value: Optional[float] = None
    value_max: Optional[float] = None  # upper bound of a range; value is the lower bound
    date: Optional[str] = None  # ISO YYYY, YYYY-MM or YYYY-MM-DD for kind date
    calendar: Optional[str] = None  # "hijri" when the text gave a Hijri date
    qualifier: Qualifier = "exact"
    unit: Optional[str] = None  # the Arabic counted noun as printed
    unit_en: Optional[str] = None
    kind: FigureKind
    start: int
    end: int


class FigureKeys(Row):
    figure_id: str
    claim_id: str
    doc_id: str
    doc_date: Optional[str] = None
    speaker: Optional[str] = None


class FigureRow(FigureMention, FigureKeys):
    """A Figures table row: the keys first, then the mention (pydantic orders fields by MRO)."""


class Speaker(Row):
    speaker: str
    speaker_ar: Optional[str] = None
    speaker_role: Optional[str] = None
    speaker_type: Optional[SpeakerType] = None
    registered: bool


class SpeakerRow(Speaker):
    claims: int
    figures: int
    documents: int
    first_date: Optional[str] = None
    last_date: Optional[str] = None


class DocumentRow(Row):
    doc_id: str
    path: str
    title: Optional[str] = None
    source: Optional[str] = None
    doc_date: Optional[str] = None
    language: Optional[str] = None
    paragraphs: int = 0
    sentences: int = 0
    claims: int = 0
    figures: int = 0
    status: Status = "ok"
    error: Optional[str] = None
    warning: Optional[str] = None
