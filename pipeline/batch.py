"""The batch: documents in, rows out. One bad document costs that document only."""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pipeline.claims import sentence_claims
from pipeline.ingest import IngestError, iter_input_files, read_path
from pipeline.segment import segment, tokenize
from schemas import ClaimRow, Document, DocumentRow, FigureRow, RunConfig


@dataclass
class DocResult:
    document: DocumentRow
    claims: list[ClaimRow] = field(default_factory=list)
    figures: list[FigureRow] = field(default_factory=list)


def process_document(doc: Document) -> DocResult:
    """All stages after ingest for one document; pure apart from the cached spaCy tokenizer."""
    tokens = tokenize(doc.text)
    paragraphs = segment(doc, tokens)
    drafts = sentence_claims(paragraphs)
    claims = [
        ClaimRow(
            claim_id=f"{doc.doc_id}-c{n:03d}",
            doc_id=doc.doc_id,
            doc_date=doc.date,
            source=doc.source,
            title=doc.title,
            **draft.model_dump(),
        )
        for n, draft in enumerate(drafts, start=1)
    ]
    return DocResult(
        document=DocumentRow(
            doc_id=doc.doc_id,
            path=doc.path,
            title=doc.title,
            source=doc.source,
            doc_date=doc.date,
            language="ar" if _is_arabic(doc.text) else "other",
            paragraphs=len(paragraphs),
            sentences=sum(len(p.sentences) for p in paragraphs),
            claims=len(claims),
            figures=0,
            warning="; ".join(doc.warnings) or None,
        ),
        claims=claims,
    )


def _is_arabic(text: str) -> bool:
    letters = [c for c in text[:5000] if c.isalpha()]
    return bool(letters) and sum("\u0600" <= c <= "\u06ff" for c in letters) >= 0.3 * len(letters)


def error_result(doc_id: str, path: str, error: str) -> DocResult:
    return DocResult(document=DocumentRow(doc_id=doc_id, path=path, status="error", error=_one_line(error)))


def _one_line(text: str) -> str:
    return " ".join(str(text).split())[:500]


def safe_process(item) -> DocResult:
    """Process one ingested item; any failure becomes that document's error row."""
    if isinstance(item, IngestError):
        return error_result(item.doc_id, item.path, item.error)
    try:
        return process_document(item)
    except Exception as exc:  # one document's failure must not stop the batch
        return error_result(item.doc_id, item.path, f"processing failed: {type(exc).__name__}: {exc}")


def iter_documents(files: Iterable[Path]) -> Iterator[tuple[Path, IngestError | Document]]:
    """(file, ingested item) with unique doc_ids: a repeated stem gets a ~2, ~3 ... suffix."""
    seen: dict[str, int] = {}
    for path in files:
        for item in read_path(path):
            n = seen.get(item.doc_id, 0) + 1
            seen[item.doc_id] = n
            if n > 1:
                new_id = f"{item.doc_id}~{n}"
                note = f"doc_id {item.doc_id!r} is used by another input too; renamed {new_id!r}"
                if isinstance(item, IngestError):
                    item = IngestError(new_id, item.path, f"{item.error} ({note})")
                else:
                    item = item.model_copy(update={"doc_id": new_id, "warnings": [*item.warnings, note]})
            yield path, item


@contextlib.contextmanager
def progress_bar(total: int, enabled: bool) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr; yields the function that advances it by one file."""
    if not enabled:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("claimtable"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("files", total=total)
        yield lambda: progress.advance(task)


def run_batch(paths: Iterable[Path], config: RunConfig | None = None) -> list[DocResult]:
    """Every document of every path, in a stable order, each processed or reported."""
    config = config or RunConfig()
    files = list(iter_input_files([Path(p) for p in paths]))
    results: list[DocResult] = []
    with progress_bar(len(files), config.progress and len(files) > 1) as advance:
        current = None
        for path, item in iter_documents(files):
            if current is not None and path != current:
                advance()
            current = path
            results.append(safe_process(item))
        if current is not None:
            advance()
    return results
