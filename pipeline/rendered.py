"""A batch of documents' rows rendered as the output files take them, where the rows were made.

With --jobs N each worker process renders its own rows: CSV text, sheet XML with a mark where
the row number goes, Arrow columns for Parquet, and its share of the Speakers tally. The main
process then only numbers the sheet rows and appends bytes to the files: when it formatted
every cell itself, it was what limited a parallel run. A run renders the same way whatever the
number of jobs, so the files are the same, byte for byte.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from pipeline.row_text import csv_lines, row_templates
from pipeline.safety import escape_formula
from pipeline.tables import SpeakerTally, columns
from schemas import DocumentRow

if TYPE_CHECKING:
    import pyarrow as pa

    from pipeline.batch import DocRows

# The three tables a run streams; Speakers is tallied and written at the end.
STREAMED = ("claims", "figures", "documents")
_FAILED = tuple(columns(DocumentRow).index(name) for name in ("doc_id", "error", "path"))


def csv_text(rows: Sequence[tuple]) -> tuple[str, bool]:
    """Rows as CSV lines, and whether they are fully quoted.

    Python's csv module quotes a field holding "\\n" (the line terminator) but not one holding
    a bare "\\r", which every reader takes as a line break: rows with one are quoted in full,
    and so is the rest of their file from then on (see `export.CsvTable`).
    """
    text = "".join(csv_lines(list(rows)))
    if "\r" in text:
        return quoted_all([[escape_formula(v) if isinstance(v, str) else v for v in row] for row in rows]), True
    return text, False


def quoted_all(rows: Iterable[Sequence[Any]]) -> str:
    """Rows written with every field quoted (text already formula-escaped)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    return buf.getvalue()


def requoted(text: str) -> str:
    """CSV lines without a bare "\\r", fully quoted: read back exactly, then written again."""
    return quoted_all(csv.reader(io.StringIO(text, newline="")))


@dataclass
class TablePart:
    """One table's rows of a batch, in the form each file takes them."""

    count: int
    csv: bytes | None = None  # UTF-8 CSV lines
    csv_quoted: bool = False  # fully quoted (see csv_text)
    sheet: list[bytes] | None = None  # each row's XML (row_text.row_templates)
    arrow: pa.RecordBatch | None = None  # Parquet columns, made in a worker
    rows: list[tuple] | None = None  # or the rows themselves, for a writer in the same process


@dataclass
class RenderedBatch:
    """A batch of documents rendered: its tables, what the run reports, its Speakers tally."""

    tables: dict[str, TablePart]
    files_done: int  # input files this batch completes (for the progress bar)
    failed: list[tuple] = field(default_factory=list)  # (doc_id, error, path)
    tally: SpeakerTally = field(default_factory=SpeakerTally)

    @property
    def documents(self) -> int:
        return self.tables["documents"].count

    @property
    def claims(self) -> int:
        return self.tables["claims"].count

    @property
    def figures(self) -> int:
        return self.tables["figures"].count


@dataclass(frozen=True)
class Renderer:
    """How a run's files take rows: which formats, the sheets' cells, the Parquet schemas.

    `arrow`: Parquet columns are made by the renderer (in a worker process, so that only Arrow
    buffers travel to the main process); else the rows go to the Parquet writer as they are,
    which makes the columns once per row group.
    """

    formats: tuple[str, ...]
    cells: dict[str, list[tuple[str, str, str]]]  # per table: (kind, '<c r="COLUMN', '" s="STYLE"')
    schemas: dict[str, Any]  # per table: its pyarrow Schema (when Parquet is written)
    arrow: bool = False

    def in_worker(self) -> "Renderer":
        return replace(self, arrow="parquet" in self.formats)

    def render(self, docs: Sequence[DocRows], files_done: int) -> RenderedBatch:
        claims = [row for doc in docs for row in doc.claims]
        figures = [row for doc in docs for row in doc.figures]
        documents = [doc.document for doc in docs]
        tally = SpeakerTally()
        for doc in docs:
            tally.add(doc.claims, doc.figures)
        failed = [tuple(doc.document[i] for i in _FAILED) for doc in docs if not doc.ok]
        tables = {key: self.part(key, rows) for key, rows in zip(STREAMED, (claims, figures, documents))}
        return RenderedBatch(tables, files_done, failed, tally)

    def part(self, key: str, rows: list[tuple]) -> TablePart:
        part = TablePart(len(rows))
        if not rows:
            return part
        if "csv" in self.formats:
            text, part.csv_quoted = csv_text(rows)
            part.csv = text.encode("utf-8")
        if "xlsx" in self.formats:
            part.sheet = row_templates(rows, self.cells[key])
        if "parquet" in self.formats:
            if self.arrow:
                part.arrow = record_batch(rows, self.schemas[key])
            else:
                part.rows = rows
        return part


def record_batch(rows: Sequence[tuple], schema: pa.Schema) -> pa.RecordBatch:
    """Rows (tuples in the schema's column order) as Arrow columns of the schema's types."""
    import pyarrow as pa

    columns = list(zip(*rows)) or [()] * len(schema)
    return pa.RecordBatch.from_arrays([pa.array(col, type=f.type) for col, f in zip(columns, schema)], schema=schema)
