"""Pydantic models: the single definition of every row's fields and of the run configuration."""
from schemas.config import RunConfig
from schemas.document import Document, Paragraph, Sentence
from schemas.rows import ClaimRow, DocumentRow, FigureMention, FigureRow, SpeakerRow

__all__ = [
    "ClaimRow",
    "Document",
    "DocumentRow",
    "FigureMention",
    "FigureRow",
    "Paragraph",
    "RunConfig",
    "Sentence",
    "SpeakerRow",
]
