"""Pydantic models: the single definition of every row's fields and of the run configuration."""
from schemas.config import RunConfig
from schemas.document import Document, Paragraph, Sentence
from schemas.rows import (
    Claim,
    ClaimRow,
    DocumentRow,
    FigureMention,
    FigureRow,
    Speaker,
    SpeakerRow,
)

Figure = FigureMention

__all__ = [
    "Claim",
    "ClaimRow",
    "Document",
    "DocumentRow",
    "Figure",
    "FigureMention",
    "FigureRow",
    "Paragraph",
    "RunConfig",
    "Sentence",
    "Speaker",
    "SpeakerRow",
]
