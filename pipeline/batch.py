"""The batch: documents in, rows out. One bad document costs that document only."""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pipeline.claims import extract_claims
from pipeline.figure_links import link_figures
from pipeline.figures import summarize_figures
from pipeline.errors import LexiconError
from pipeline.ingest import DEFAULT_MAX_MB, MB, IngestError, iter_input_files, read_path
from pipeline.normalize import clean_label
from pipeline.resources import load_resources
from pipeline.segment import segment, tokenize, tokenizer_nlp
from schemas import ClaimRow, Document, DocumentRow, FigureRow, RunConfig


@dataclass
class DocResult:
    document: DocumentRow
    claims: list[ClaimRow] = field(default_factory=list)
    figures: list[FigureRow] = field(default_factory=list)


def process_document(doc: Document, resources=None, tokens=None) -> DocResult:
    """All stages after ingest for one document; pure apart from the cached spaCy tokenizer."""
    if resources is None:
        from pipeline.resources import load_resources

        resources = load_resources()
    tokens = tokens if tokens is not None else tokenize(doc.text)
    paragraphs = segment(doc, tokens)
    drafts = extract_claims(doc, paragraphs, tokens, resources)
    linked = link_figures(doc.text, drafts, doc.date, resources.units)
    claim_ids = [f"{doc.doc_id}-c{n:03d}" for n in range(1, len(drafts) + 1)]
    figures = [
        FigureRow(
            figure_id=f"{doc.doc_id}-f{n:03d}",
            claim_id=claim_ids[owner],
            doc_id=doc.doc_id,
            doc_date=doc.date,
            speaker=drafts[owner].speaker,
            **mention.model_dump(),
        )
        for n, (owner, mention) in enumerate(linked, start=1)
    ]
    by_claim: dict[int, list] = {}
    for owner, mention in linked:
        by_claim.setdefault(owner, []).append(mention)
    claims = [
        ClaimRow(
            claim_id=claim_ids[i],
            doc_id=doc.doc_id,
            doc_date=doc.date,
            source=doc.source,
            title=doc.title,
            figures=summarize_figures(by_claim[i]) if i in by_claim else None,
            **draft.model_dump(),
        )
        for i, draft in enumerate(drafts)
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
            figures=len(figures),
            warning="; ".join(doc.warnings) or None,
        ),
        claims=claims,
        figures=figures,
    )


def _is_arabic(text: str) -> bool:
    letters = [c for c in text[:5000] if c.isalpha()]
    return bool(letters) and sum("\u0600" <= c <= "\u06ff" for c in letters) >= 0.3 * len(letters)


def error_result(doc_id: str, path: str, error: str, doc: Document | None = None) -> DocResult:
    """A Documents row with status error; what ingest did learn (title, outlet, date) is kept."""
    known = {"title": doc.title, "source": doc.source, "doc_date": doc.date} if doc is not None else {}
    return DocResult(document=DocumentRow(doc_id=doc_id, path=path, status="error", error=_one_line(error), **known))


def _one_line(text: str) -> str:
    return " ".join(clean_label(str(text)).split())[:500]


def safe_process(item: IngestError | Document, resources=None) -> DocResult:
    """Process one ingested item; any failure becomes that document's error row."""
    if isinstance(item, IngestError):
        return error_result(item.doc_id, item.path, item.error)
    try:
        return process_document(item) if resources is None else process_document(item, resources)
    except LexiconError:
        raise  # a malformed --speakers/--units/--cues file is the run's fault: stop with its message
    except Exception as exc:  # one document's failure must not stop the batch
        return error_result(item.doc_id, item.path, f"processing failed: {type(exc).__name__}: {exc}", item)


def iter_documents(
    files: Iterable[Path], max_mb: float | None = DEFAULT_MAX_MB
) -> Iterator[tuple[Path, IngestError | Document]]:
    """(file, ingested item) with unique doc_ids: a repeated stem gets a ~2, ~3 ... suffix.

    Files are read one at a time as the batch reaches them, so a file that vanishes or changes
    after the folder was listed is reported by read_path, not fatal.
    """
    used: set[str] = set()
    for path in files:
        for item in read_path(path, max_mb=max_mb):
            if item.doc_id in used:
                n = 2
                while f"{item.doc_id}~{n}" in used:  # "x~2" may itself be a file's stem
                    n += 1
                new_id = f"{item.doc_id}~{n}"
                note = f"doc_id {item.doc_id!r} is used by another input too; renamed {new_id!r}"
                if isinstance(item, IngestError):
                    item = IngestError(new_id, item.path, f"{item.error} ({note})")
                else:
                    item = item.model_copy(update={"doc_id": new_id, "warnings": [*item.warnings, note]})
            used.add(item.doc_id)
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


def run_batch(paths: Iterable[Path], config: RunConfig | None = None, max_mb: float | None = None) -> list[DocResult]:
    """Every document of every path, in a stable order, each processed or reported.

    The lexicons are loaded first, so a malformed --speakers/--units/--cues file stops the run
    with its LexiconError before any work. `max_mb` (else `config.max_mb`, else
    DEFAULT_MAX_MB) caps the size of one article.
    """
    config = config or RunConfig()
    if max_mb is None:
        max_mb = getattr(config, "max_mb", None) or DEFAULT_MAX_MB
    resources = load_resources(config)
    # spaCy refuses texts over nlp.max_length characters (1,000,000); an article the cap lets
    # through must not then fail in the tokenizer. A blank tokenizer needs no more memory.
    nlp = tokenizer_nlp()
    nlp.max_length = max(nlp.max_length, int(max_mb * MB) + 1)
    files = list(iter_input_files([Path(p) for p in paths]))
    results: list[DocResult] = []
    with progress_bar(len(files), config.progress and len(files) > 1) as advance:
        current = None
        for path, item in iter_documents(files, max_mb):
            if current is not None and path != current:
                advance()
            current = path
            results.append(safe_process(item, resources))
        if current is not None:
            advance()
    return results
