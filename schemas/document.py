"""Models of a document as it moves through the stages: ingest -> normalize -> segment."""
from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field


class Document(BaseModel):
    """One article. `text` is the normalized reference text every offset points into."""

    model_config = ConfigDict(extra="forbid")

    doc_id: str
    path: str
    title: Optional[str] = None
    source: Optional[str] = None
    date: Optional[str] = None
    text: str
    # offsets into `text`: the headline and the outlet line, which are never claims
    title_span: Optional[tuple[int, int]] = None
    source_span: Optional[tuple[int, int]] = None
    body_start: int = 0
    body_end: Optional[int] = None
    warnings: list[str] = Field(default_factory=list)


class Sentence(BaseModel):
    model_config = ConfigDict(extra="forbid")

    index: int  # 1-based within the document
    paragraph: int  # 1-based paragraph number
    start: int
    end: int
    text: str


class Paragraph(BaseModel):
    model_config = ConfigDict(extra="forbid")

    index: int  # 1-based within the document body
    start: int
    end: int
    text: str
    is_subheadline: bool = False
    sentences: list[Sentence] = Field(default_factory=list)
