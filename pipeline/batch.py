"""The batch: documents in, rows out. One bad document costs that document only.

Rows are plain tuples in the column order of the models in `schemas` (which define the columns
and their types): building a pydantic object per row and dumping it again cost more than the
analysis. `iter_rows` yields each document's rows (`pipeline.run()` collects them into
DataFrames); `iter_rendered` yields batches of documents already rendered as the files take
them (`pipeline.api.run_to` appends them to the files, see `rendered`).

With `jobs > 1` files are analysed (and rendered) by worker processes and come back in input
order, so the output is the same, byte for byte, as with one job.
"""
from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import re
import sys
import threading
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Optional, Union

import numpy as np

from pipeline.claims import extract_claims
from pipeline.errors import LexiconError
from pipeline.figure_links import link_figures
from pipeline.figures import summarize_figures
from pipeline.ingest import DEFAULT_MAX_MB, JSONL_SUFFIXES, MB, IngestError, doc_id_of, iter_input_files, read_path
from pipeline.normalize import clean_label
from pipeline.resources import load_resources
from pipeline.segment import segment, tokenizer_nlp
from pipeline.tables import columns
from schemas import Claim, ClaimRow, Document, DocumentRow, FigureMention, FigureRow, RunConfig
from schemas.rows import ClaimKeys, FigureKeys

if TYPE_CHECKING:
    from pipeline.rendered import RenderedBatch, Renderer

# --- rows as tuples, in the models' field order ---------------------------------------------

CLAIM_COLUMNS = columns(ClaimRow)
FIGURE_COLUMNS = columns(FigureRow)
DOCUMENT_COLUMNS = columns(DocumentRow)
# The row builders below put the keys first, then the stage's own fields: check the models agree.
assert CLAIM_COLUMNS == [*columns(ClaimKeys), *columns(Claim), "figures"], CLAIM_COLUMNS
assert FIGURE_COLUMNS == [*columns(FigureKeys), *columns(FigureMention)], FIGURE_COLUMNS

# A model's field values, read from its __dict__ (where pydantic keeps them): getattr on a model
# goes through BaseModel.__getattr__'s slot, ~5x dearer per field than a dict lookup.
_claim_fields = itemgetter(*columns(Claim))
_mention_fields = itemgetter(*columns(FigureMention))
_sentences = attrgetter("sentences")
_DOC_DEFAULTS = {name: f.default for name, f in DocumentRow.model_fields.items()}
_DOC = {name: i for i, name in enumerate(DOCUMENT_COLUMNS)}


# "-c001" ... "-c999" and "-f001" ...: made once, as int.__format__ with a width costs ~2,000
# instructions an id
_CLAIM_SUFFIXES = tuple(f"-c{n:03d}" for n in range(1000))
_FIGURE_SUFFIXES = tuple(f"-f{n:03d}" for n in range(1000))


def _row_ids(doc_id: str, count: int, suffixes: tuple[str, ...], tag: str) -> list[str]:
    """doc_id-c001, doc_id-c002, ... (tag "c"), `count` of them."""
    if count < len(suffixes):
        return [doc_id + suffix for suffix in suffixes[1:count + 1]]
    return [f"{doc_id}-{tag}{n:03d}" for n in range(1, count + 1)]


def document_row(**values) -> tuple:
    """A Documents row tuple; unnamed fields take the model's defaults."""
    return tuple(map(values.get, _DOC_DEFAULTS, _DOC_DEFAULTS.values()))


@dataclass
class DocRows:
    """One document's rows: tuples in the column order of DocumentRow, ClaimRow and FigureRow."""

    document: tuple
    claims: list[tuple] = field(default_factory=list)
    figures: list[tuple] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.document[_DOC["doc_id"]]

    @property
    def ok(self) -> bool:
        return self.document[_DOC["status"]] == "ok"

    def renamed(self, new_id: str, note: str) -> "DocRows":
        """The rows of the same document processed under `new_id` with the warning `note`.

        doc_id enters the rows only as ids (the analysis never reads it), so renaming the rows
        equals processing a renamed document; an error row gets no warning, as before.
        """
        old = self.doc_id
        n = len(old)
        document = list(self.document)
        document[_DOC["doc_id"]] = new_id
        if self.ok:
            warning = document[_DOC["warning"]]
            document[_DOC["warning"]] = note if warning is None else f"{warning}; {note}"
        claims = [(new_id + c[0][n:], new_id, *c[2:]) for c in self.claims]
        figures = [(new_id + f[0][n:], new_id + f[1][n:], new_id, *f[3:]) for f in self.figures]
        return DocRows(tuple(document), claims, figures)


@dataclass
class DocResult:
    """One document's rows as the pydantic models (the Python API and the spaCy component)."""

    document: DocumentRow
    claims: list[ClaimRow] = field(default_factory=list)
    figures: list[FigureRow] = field(default_factory=list)

    @classmethod
    def of_rows(cls, rows: DocRows) -> "DocResult":
        # built from typed values of validated stages: no second validation
        return cls(
            document=DocumentRow.model_construct(**dict(zip(DOCUMENT_COLUMNS, rows.document))),
            claims=[ClaimRow.model_construct(**dict(zip(CLAIM_COLUMNS, r))) for r in rows.claims],
            figures=[FigureRow.model_construct(**dict(zip(FIGURE_COLUMNS, r))) for r in rows.figures],
        )


def document_rows(doc: Document, resources=None) -> DocRows:
    """All stages after ingest for one document; pure apart from the cached spaCy tokenizer."""
    if resources is None:
        resources = load_resources()
    paragraphs = segment(doc)
    drafts = extract_claims(doc, paragraphs, resources)
    linked = link_figures(doc.text, drafts, doc.date, resources.units)
    doc_id, date = doc.doc_id, doc.date
    claim_ids = _row_ids(doc_id, len(drafts), _CLAIM_SUFFIXES, "c")
    figures = []
    by_claim: dict[int, list] = {}
    for figure_id, (owner, mention) in zip(_row_ids(doc_id, len(linked), _FIGURE_SUFFIXES, "f"), linked):
        # mentions are validated models: their float columns hold floats already (2 is written 2.0)
        figures.append((figure_id, claim_ids[owner], doc_id, date, drafts[owner].speaker,
                        *_mention_fields(mention.__dict__)))
        by_claim.setdefault(owner, []).append(mention)
    keys = (doc_id, date, doc.source, doc.title)
    claims = [
        (claim_ids[i], *keys, *_claim_fields(draft.__dict__), summarize_figures(by_claim[i]) if i in by_claim else None)
        for i, draft in enumerate(drafts)
    ]
    document = document_row(
        doc_id=doc_id,
        path=doc.path,
        title=doc.title,
        source=doc.source,
        doc_date=date,
        language="ar" if _is_arabic(doc.text) else "other",
        paragraphs=len(paragraphs),
        sentences=sum(map(len, map(_sentences, paragraphs))),
        claims=len(claims),
        figures=len(figures),
        warning="; ".join(doc.warnings) or None,
    )
    return DocRows(document, claims, figures)


def process_document(doc: Document, resources=None) -> DocResult:
    """`document_rows` as pydantic models."""
    return DocResult.of_rows(document_rows(doc, resources))


# An Arabic letter weighs this much more than another: one sum of weights then counts both, as
# letters + _ARABIC_WEIGHT * Arabic letters (and letters <= 5,000 < _ARABIC_WEIGHT)
_ARABIC_WEIGHT = 8192


@lru_cache(maxsize=1)
def _letter_classes() -> np.ndarray:
    """Per BMP code point: 0 not a letter (str.isalpha), 1 a letter, 1 + _ARABIC_WEIGHT an Arabic
    letter (U+0600-U+06FF). Floats: numpy sums them in C without a cast, exactly (far below 2**53).

    Built once (~10 ms), so that letters are counted in C, not by a Python test per character.
    """
    weights = np.array([chr(c).isalpha() for c in range(0x10000)], dtype=np.float64)
    weights[0x0600:0x0700] *= 1 + _ARABIC_WEIGHT
    return weights


def _is_arabic(text: str) -> bool:
    """At least 30% of the letters of the first 5,000 characters are Arabic (U+0600-U+06FF)."""
    head = text[:5000]
    units = np.frombuffer(head.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    if len(units) == len(head):  # one UTF-16 unit per character: all in the BMP
        # take and add.reduce: the cheapest numpy calls for it (fancy indexing, bincount and
        # ndarray.sum cost 30,000 instructions more a document)
        arabic, letters = divmod(int(np.add.reduce(_letter_classes().take(units))), _ARABIC_WEIGHT)
    else:  # characters beyond the BMP (emoji): rare, counted one by one
        letters = sum(map(str.isalpha, head))
        arabic = sum(map(str.isalpha, _ARABIC_BLOCK.findall(head)))
    return bool(letters) and arabic >= 0.3 * letters


_ARABIC_BLOCK = re.compile("[\u0600-\u06ff]")


def error_rows(doc_id: str, path: str, error: str, doc: Document | None = None) -> DocRows:
    """A Documents row with status error; what ingest did learn (title, outlet, date) is kept."""
    known = {"title": doc.title, "source": doc.source, "doc_date": doc.date} if doc is not None else {}
    return DocRows(document_row(doc_id=doc_id, path=path, status="error", error=_one_line(error), **known))


def _one_line(text: str) -> str:
    return " ".join(clean_label(str(text)).split())[:500]


def safe_rows(item: IngestError | Document, resources=None) -> DocRows:
    """Process one ingested item; any failure becomes that document's error row."""
    if isinstance(item, IngestError):
        return error_rows(item.doc_id, item.path, item.error)
    try:
        return document_rows(item, resources)
    except LexiconError:
        raise  # a malformed --speakers/--units/--cues file is the run's fault: stop with its message
    except Exception as exc:  # one document's failure must not stop the batch
        return error_rows(item.doc_id, item.path, f"processing failed: {type(exc).__name__}: {exc}", item)


# --- the run: files -> rows, in one process or several ----------------------------------------

# A unit of work: (the file to read or some of its ingested documents, whether it completes
# that file, and the new doc_id of each of its documents whose id an earlier document has, else
# None). A task is a list of units.
Unit = tuple[Union[Path, list], bool, list[Optional[str]]]
TXT_PER_TASK = 32  # files per task sent to a worker: fewer, larger messages and Arrow batches
JSONL_PER_TASK = 32  # documents of a .jsonl file per task
TASKS_AHEAD = 4  # tasks in flight per worker: keeps workers busy, bounds memory

_worker: dict = {}


def _init_worker(config: RunConfig, max_mb: float, renderer: Optional[Renderer] = None) -> None:
    """Load lexicons and tokenizer once per process (inherited already loaded under fork)."""
    _worker["resources"] = load_resources(config)
    _worker["max_mb"] = max_mb
    _worker["renderer"] = renderer
    # spaCy refuses texts over nlp.max_length characters (1,000,000); an article the cap lets
    # through must not then fail in the tokenizer. A blank tokenizer needs no more memory.
    nlp = tokenizer_nlp()
    nlp.max_length = max(nlp.max_length, int(max_mb * MB) + 1)
    _letter_classes()


def _analyse_task(task: list[Unit]) -> tuple[int, list[DocRows]]:
    """A task's documents analysed: (input files it completes, their rows in input order)."""
    resources, max_mb = _worker["resources"], _worker["max_mb"]
    docs = []
    files_done = 0
    for what, last, new_ids in task:
        items = read_path(what, max_mb=max_mb) if isinstance(what, Path) else what
        docs.extend(_rows_of(item, new_id, resources) for item, new_id in zip(items, new_ids, strict=True))
        files_done += last
    return files_done, docs


def _render_task(task: list[Unit]) -> RenderedBatch:
    """A task's documents analysed and rendered for the files (see `rendered`)."""
    files_done, docs = _analyse_task(task)
    return _worker["renderer"].render(docs, files_done)


def _rows_of(item: IngestError | Document, new_id: Optional[str], resources) -> DocRows:
    """An ingested item's rows, under `new_id` if another document has its doc_id."""
    note = None if new_id is None else f"doc_id {item.doc_id!r} is used by another input too; renamed {new_id!r}"
    if isinstance(item, IngestError):
        if note is not None:
            item = IngestError(new_id, item.path, f"{item.error} ({note})")
        return error_rows(item.doc_id, item.path, item.error)
    rows = safe_rows(item, resources)
    return rows if note is None else rows.renamed(new_id, note)


class _UniqueIds:
    """doc_ids made unique in input order: a repeated one becomes id~2, id~3 ..."""

    def __init__(self):
        self.used: set[str] = set()

    def new_id(self, doc_id: str) -> Optional[str]:
        """None if `doc_id` is still free (it is then taken), else the free id to use instead."""
        if doc_id not in self.used:
            self.used.add(doc_id)
            return None
        n = 2
        while f"{doc_id}~{n}" in self.used:  # "x~2" may itself be a file's stem
            n += 1
        new_id = f"{doc_id}~{n}"
        self.used.add(new_id)
        return new_id


def _tasks(files: list[Path], max_mb: float) -> Iterator[list[Unit]]:
    """Text files go to the workers by name; a .jsonl file is split here into its articles.

    doc_ids are made unique here, in input order, before any document is analysed: a text
    file's is known from its name, a .jsonl article's once read.
    """
    ids = _UniqueIds()
    batch: list[Unit] = []
    for path in files:
        if path.suffix.lower() not in JSONL_SUFFIXES:
            batch.append((path, True, [ids.new_id(doc_id_of(path))]))
            if len(batch) >= TXT_PER_TASK:
                yield batch
                batch = []
            continue
        if batch:
            yield batch
            batch = []
        chunk: list = []
        for item in read_path(path, max_mb=max_mb):
            chunk.append(item)
            if len(chunk) >= JSONL_PER_TASK:
                yield [(chunk, False, [ids.new_id(i.doc_id) for i in chunk])]
                chunk = []
        yield [(chunk, True, [ids.new_id(i.doc_id) for i in chunk])]
    if batch:
        yield batch


def _mp_context():
    """fork where it is safe (Linux, no other thread yet): workers start at once with lexicons
    and spaCy loaded. Elsewhere spawn, whose workers load them in `_init_worker`."""
    method = os.environ.get("CLAIMTABLE_START_METHOD")  # tests force "spawn" with it
    if method is None and sys.platform.startswith("linux") and threading.active_count() == 1:
        method = "fork"
    return multiprocessing.get_context(method or "spawn")


@contextlib.contextmanager
def _results(tasks: Iterator[list[Unit]], work: Callable, jobs: int, config: RunConfig, max_mb: float,
             renderer: Optional[Renderer] = None):
    """`work` done on each task, results in task order: in this process, or in `jobs` worker
    processes (whose renderer makes Arrow columns, see `Renderer.in_worker`)."""
    _init_worker(config, max_mb, renderer)  # here too: forked workers inherit it all loaded
    if jobs <= 1:
        yield map(work, tasks)
        return
    from concurrent.futures import ProcessPoolExecutor

    context = _mp_context()
    if context.get_start_method() == "fork":
        # what is loaded now (lexicons, spaCy) stays shared with the forked workers: kept out
        # of the collector, whose passes would otherwise write to, and so copy, every page
        gc.freeze()
    in_worker = renderer and renderer.in_worker()
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(config, max_mb, in_worker))
    pending: deque = deque()
    window = jobs * TASKS_AHEAD

    def submit_next() -> bool:
        task = next(tasks, None)
        if task is not None:
            pending.append(pool.submit(work, task))
        return task is not None

    def ordered():
        while pending:
            result = pending.popleft().result()
            while len(pending) < window and submit_next():
                pass
            yield result

    try:
        # the first submissions start the workers: before any other thread (the progress bar)
        while len(pending) < window and submit_next():
            pass
        gc.unfreeze()  # the workers are forked (all at the first submission): collect as usual here
        yield ordered()
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def _run(paths: Iterable[Path], config: RunConfig | None, max_mb: float | None, work: Callable,
         renderer: Optional[Renderer] = None):
    """The results of `work` on every task of the run, and the function that advances the
    progress bar by a number of completed files.

    The lexicons are loaded first, so a malformed --speakers/--units/--cues file stops the run
    with its LexiconError before any work. `max_mb` (else `config.max_mb`, else
    DEFAULT_MAX_MB) caps the size of one article. Files are read one at a time as the batch
    reaches them, so a file that vanishes or changes after the folder was listed is reported
    by read_path, not fatal.
    """
    config = config or RunConfig()
    if max_mb is None:
        max_mb = getattr(config, "max_mb", None) or DEFAULT_MAX_MB
    load_resources(config)
    files = list(iter_input_files([Path(p) for p in paths]))
    jobs = max(1, config.jobs)
    if len(files) < 2 and not any(p.suffix.lower() in JSONL_SUFFIXES for p in files):
        jobs = 1  # one article: nothing to share out
    # the worker pool is made before the progress bar's thread starts (fork needs one thread)
    with _results(_tasks(files, max_mb), work, jobs, config, max_mb, renderer) as results:
        with progress_bar(len(files), config.progress and len(files) > 1) as advance:
            yield results, advance


def iter_rows(paths: Iterable[Path], config: RunConfig | None = None, max_mb: float | None = None) -> Iterator[DocRows]:
    """Every document of every path, in a stable order, each processed or reported (see `_run`)."""
    with _run(paths, config, max_mb, _analyse_task) as (results, advance):
        for files_done, docs in results:
            yield from docs
            advance(files_done)


def iter_rendered(paths: Iterable[Path], renderer: Renderer, config: RunConfig | None = None,
                  max_mb: float | None = None) -> Iterator[RenderedBatch]:
    """`iter_rows`' documents, in batches rendered by `renderer` for a run's files."""
    with _run(paths, config, max_mb, _render_task, renderer) as (results, advance):
        for batch in results:
            yield batch
            advance(batch.files_done)


@contextlib.contextmanager
def progress_bar(total: int, enabled: bool) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr; yields the function that advances it by a number of files."""
    if not enabled:
        yield lambda files: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("claimtable"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("files", total=total)
        yield lambda files: progress.advance(task, files)


def run_batch(paths: Iterable[Path], config: RunConfig | None = None, max_mb: float | None = None) -> list[DocResult]:
    """`iter_rows` as a list of DocResult (pydantic rows): for tests and small batches."""
    return [DocResult.of_rows(rows) for rows in iter_rows(paths, config, max_mb)]
