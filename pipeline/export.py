"""Stage 7b, export: the tables as a readable workbook, CSV (UTF-8 with BOM) and Parquet.

Rows are streamed: each file is written as rows arrive (a document at a time in a run), so a run
over any number of articles holds no table in memory. One set of writers serves both a streamed
run (`open_tables` fed row tuples) and DataFrames (`write_tables`, `ClaimTables.save`).

Every file is written to a temporary name beside its target and renamed into place, so a failed
or interrupted run never leaves a half-written file and never destroys the previous one. A run's
files are all written first and only then renamed, so a failure while writing any of them leaves
the previous run's set complete and untouched.
Text that a spreadsheet would run as a formula is written so it stays text (see `safety`).
"""
from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping, Sequence

from pipeline.deflated_zip import Deflated, DeflatedZip, deflate
from pipeline.rendered import STREAMED, RenderedBatch, Renderer, TablePart, csv_text, record_batch, requoted
from pipeline.row_text import numbered_rows, sheet_rows
from pipeline.tables import SHEETS, TABLES, columns, dtypes, kinds

# pandas, pyarrow and xlsxwriter are imported where a file of their kind is written: a run that
# writes no Parquet file, and any import of this module, does without them (they take ~1 s).
if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    import xlsxwriter
    from pydantic import BaseModel

# Columns that hold Arabic prose: right-to-left, right-aligned, wrapped where long.
RTL_COLUMNS = {"title", "source", "speaker_ar", "speaker_role", "cue", "claim_text", "source_sentence", "unit", "text"}
WIDTHS = {
    "claim_text": 70, "source_sentence": 70, "title": 40, "figures": 36, "error": 50, "warning": 40,
    "path": 40, "speaker": 24, "speaker_ar": 22, "speaker_role": 28, "via": 18, "text": 26,
    "claim_id": 24, "figure_id": 24, "doc_id": 22, "source": 16, "unit": 16, "unit_en": 16,
}
WRAP_COLUMNS = {"claim_text", "source_sentence", "title", "figures", "error", "warning"}
# Deflate level of the worksheets: level 1 is ~4x faster than zlib's default 6 on sheet XML and
# the file ~35% larger; compressing was the largest single cost of writing a big workbook.
XLSX_COMPRESSLEVEL = 1
# Rows per Parquet row group (the last one may have fewer): ~50 MB of claims as Python objects
# at most while one is buffered (65,536 rows cost 200 MB), and still few groups for a reader.
PARQUET_ROW_GROUP = 16_384
# The workbook's creation date, fixed so that the same run gives the same bytes (reproducible
# output, and --jobs N identical to one job); SOURCE_DATE_EPOCH overrides it, as for builds.
XLSX_CREATED = (1980, 1, 1)


# --- what is written: a table's columns and how each is typed --------------------------------


@dataclass(frozen=True)
class TableSpec:
    """One table's columns, each one's kind ("string", "number", "bool") and its Arrow schema."""

    key: str
    columns: tuple[str, ...]
    kinds: tuple[str, ...]
    model: type[BaseModel] | None = None  # None: the schema is the DataFrame's (it may hold extra columns)

    @classmethod
    def of_model(cls, key: str, model: type[BaseModel]) -> "TableSpec":
        return cls(key, tuple(columns(model)), tuple(kinds(model)), model)

    @classmethod
    def of_frame(cls, key: str, df: pd.DataFrame) -> "TableSpec":
        return cls(key, tuple(map(str, df.columns)), tuple(_kind(df[c]) for c in df.columns))

    @property
    def schema(self) -> pa.Schema | None:
        return None if self.model is None else _arrow_schema(self.model)


@lru_cache(maxsize=None)
def _arrow_schema(model: type[BaseModel]) -> pa.Schema:
    """The schema pandas gives a frame of the model's dtypes: Parquet metadata identical to a DataFrame's.

    Made when a Parquet file is opened, not with the specs: it needs pandas (~0.5 s to import).
    """
    import pandas as pd
    import pyarrow as pa

    empty = pd.DataFrame({name: pd.array([], dtype=dtype) for name, dtype in dtypes(model).items()})
    return pa.Schema.from_pandas(empty, preserve_index=False)


def table_specs() -> dict[str, TableSpec]:
    """The run's four tables, from the row models in `schemas`."""
    return {key: TableSpec.of_model(key, model) for key, model in TABLES.items()}


def _kind(series: pd.Series) -> str:
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    if is_bool_dtype(series.dtype):
        return "bool"
    if is_numeric_dtype(series.dtype):
        return "number"
    return "string"


def frame_rows(df: pd.DataFrame) -> list[tuple]:
    """A DataFrame's rows as tuples of plain Python values, missing values as None."""
    if not len(df):
        return []
    cols = []
    for c in df.columns:
        s = df[c].astype(object)
        cols.append(s.where(df[c].notna(), None).tolist())
    return list(zip(*cols))


# --- atomic multi-file commit -----------------------------------------------------------------


@contextlib.contextmanager
def atomic_paths(targets: Sequence[Path]) -> Iterator[list[Path]]:
    """Temporary paths beside `targets`, all renamed onto them only if the block succeeds.

    The temporary files are hidden (.claims.xlsx.XXXX.part) and removed on any failure, so
    neither a half-written file nor a leftover part is ever found in the output folder.
    """
    tmps: list[Path] = []
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
            os.close(fd)
            tmps.append(Path(tmp))
        yield tmps
        mode = 0o666 & ~_umask()  # mkstemp makes 0600 files: give outputs the usual permissions
        for tmp, target in zip(tmps, targets):
            os.chmod(tmp, mode)
            os.replace(tmp, target)
    finally:
        for tmp in tmps:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`, renamed onto it only if the block succeeds."""
    with atomic_paths([target]) as (tmp,):
        yield tmp


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- CSV --------------------------------------------------------------------------------------


class CsvTable:
    """One CSV file (UTF-8 with BOM), rows appended as they come; every text cell formula-escaped
    (see `safety`)."""

    def __init__(self, path: Path, spec: TableSpec):
        self.path = path
        self._f = open(path, "wb")
        self._quote_all = False
        header = io.StringIO()
        csv.writer(header, lineterminator="\n").writerow(spec.columns)  # names as they are: not formula-escaped
        self._f.write(("\ufeff" + header.getvalue()).encode("utf-8"))

    def write(self, rows: Sequence[tuple]) -> None:
        text, quoted = csv_text(rows)
        self.write_text(text.encode("utf-8"), quoted)

    def write_text(self, data: bytes, quoted: bool) -> None:
        """CSV lines as `rendered.csv_text` made them (UTF-8), fully `quoted` or not.

        Once some lines had to be fully quoted (a field with a bare "\r"), the whole file is:
        the lines already written are rewritten once, and later ones are requoted as they come.
        """
        if quoted and not self._quote_all:
            self._requote()
        elif self._quote_all and not quoted:
            data = requoted(data.decode("utf-8")).encode("utf-8")
        self._f.write(data)

    def _requote(self) -> None:
        self._f.close()
        with open(self.path, encoding="utf-8-sig", newline="") as f:
            written = f.read()  # holds no bare "\r": reads back exactly
        self._f = open(self.path, "wb")
        self._quote_all = True
        self._f.write(("\ufeff" + requoted(written)).encode("utf-8"))

    def close(self) -> None:
        self._f.close()


# --- Parquet ----------------------------------------------------------------------------------


class ParquetTable:
    """One Parquet file, written in row groups of PARQUET_ROW_GROUP rows, whether the rows come
    as tuples (made into columns once per row group) or as Arrow batches (from the workers)."""

    def __init__(self, path: Path, spec: TableSpec):
        self.path = path
        self.schema = spec.schema
        self._writer = None if self.schema is None else _parquet_writer(path, self.schema)
        self._rows: list[tuple] = []
        self._batches: list[pa.RecordBatch] = []
        self._pending = 0  # rows in self._batches
        self._groups = 0

    def write(self, rows: Sequence[tuple]) -> None:
        self._rows.extend(rows)
        while len(self._rows) >= PARQUET_ROW_GROUP:
            group, self._rows = self._rows[:PARQUET_ROW_GROUP], self._rows[PARQUET_ROW_GROUP:]
            self._write_group(record_batch(group, self.schema))

    def write_batch(self, batch: pa.RecordBatch) -> None:
        import pyarrow as pa

        self._batches.append(batch)
        self._pending += batch.num_rows
        while self._pending >= PARQUET_ROW_GROUP:
            table = pa.Table.from_batches(self._batches, schema=self.schema)
            self._write_group(table.slice(0, PARQUET_ROW_GROUP).combine_chunks())
            self._batches = table.slice(PARQUET_ROW_GROUP).to_batches()
            self._pending -= PARQUET_ROW_GROUP

    def write_frame(self, df: pd.DataFrame) -> None:
        """A whole DataFrame, typed by pandas (a caller's frame may hold extra columns)."""
        import pyarrow as pa

        table = pa.Table.from_pandas(df, preserve_index=False)
        if self._writer is None:
            self.schema = table.schema
            self._writer = _parquet_writer(self.path, table.schema)
        self._writer.write_table(table)
        self._groups += 1

    def _write_group(self, data: pa.RecordBatch | pa.Table) -> None:
        import pyarrow as pa

        # one chunk per column, however the rows came: the same bytes for the same rows
        table = data if isinstance(data, pa.Table) else pa.Table.from_batches([data], schema=self.schema)
        self._writer.write_table(table)
        self._groups += 1

    def finish(self) -> None:
        if self._writer is None:  # a frame's table that never got a frame: an empty file
            import pandas as pd

            self.write_frame(pd.DataFrame())
        elif self._pending:
            import pyarrow as pa

            self._write_group(pa.Table.from_batches(self._batches, schema=self.schema).combine_chunks())
        elif self._rows or not self._groups:  # an empty table still gets its (empty) row group
            self._write_group(record_batch(self._rows, self.schema))
        self.close()

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


def _parquet_writer(path: Path, schema: pa.Schema):
    import pyarrow.parquet as pq

    return pq.ParquetWriter(str(path), schema)


# --- xlsx -------------------------------------------------------------------------------------
#
# A workbook is a zip of XML parts. xlsxwriter writes everything but the cells of data rows: the
# styles, the sheets' columns, header row, frozen pane and autofilter (the "frame"). Data rows are
# streamed as sheet XML, exactly as xlsxwriter's constant-memory mode writes them (inline strings,
# one style per column), at a fraction of its per-cell cost (~10 µs a cell in xlsxwriter, which
# was most of a run's time). They are deflated as they come, into a temporary file per sheet. On
# close the frame is written, and the package is zipped with each sheet's deflated rows between
# the head and the tail of its <sheetData> (see `deflated_zip`).

class _Sheet:
    """The data rows of one sheet, streamed as deflated XML to a temporary file."""

    def __init__(self, spec: TableSpec, styles: list[int], folder: Path):
        from xlsxwriter.utility import xl_col_to_name

        self.spec = spec
        self.rows = 0  # data rows written (the header is row 1)
        self.last_row = 0  # 0-based index of the last row that holds a cell (0: the header)
        # beside the output (on its disk, not a RAM-backed /tmp); nameless, so never left behind
        self.file = tempfile.TemporaryFile("w+b", dir=folder)
        self._deflate = zlib.compressobj(XLSX_COMPRESSLEVEL, zlib.DEFLATED, -15)
        self._crc = 0
        self._size = 0
        self.cells = [
            (kind, f'<c r="{xl_col_to_name(j)}', f'" s="{style}"') for j, (kind, style) in enumerate(zip(spec.kinds, styles))
        ]

    def write(self, rows: Iterable[tuple]) -> None:
        self._append(*sheet_rows(list(rows), self.cells, self.rows))

    def write_rendered(self, templates: list[bytes]) -> None:
        """Rows as `row_text.row_templates` rendered them, numbered here."""
        self._append(*numbered_rows(templates, self.rows))

    def _append(self, xml: bytes, rows: int, last: int | None) -> None:
        self.rows = rows
        if last is not None:
            self.last_row = last
        self._crc = zlib.crc32(xml, self._crc)
        self._size += len(xml)
        self.file.write(self._deflate.compress(xml))

    def deflated(self) -> Deflated:
        """The rows written, as one deflate piece ended with a sync flush."""
        self.file.write(self._deflate.flush(zlib.Z_SYNC_FLUSH))
        self.file.flush()
        csize = self.file.tell()
        self.file.seek(0)
        return Deflated(iter(lambda: self.file.read(1 << 20), b""), self._crc, self._size, csize)

    def close(self) -> None:
        self.file.close()


class XlsxBook:
    """claims.xlsx: one sheet per table, formatted for reading, rows streamed (see above).

    Text goes in as typed inline strings only: a string cell is never evaluated, whatever it
    starts with, so "=1+1" stays "=1+1" in Excel and LibreOffice without any visible prefix.
    """

    def __init__(self, path: Path, specs: Sequence[TableSpec]):
        self.path = path
        self.specs = list(specs)
        # Cell styles are numbered as xlsxwriter numbers formats: in order of first use, the
        # header's first (1), then each column format as the sheets use it. `_frame` checks it.
        self.styles: dict[tuple[bool, bool], int] = {}
        sheet_styles = []
        for spec in self.specs:
            keys = [(name in RTL_COLUMNS, name in WRAP_COLUMNS) for name in spec.columns]
            for key in keys:
                self.styles.setdefault(key, len(self.styles) + 2)
            sheet_styles.append([self.styles[k] for k in keys])
        self.sheets = {spec.key: _Sheet(spec, styles, Path(path).parent) for spec, styles in zip(self.specs, sheet_styles)}

    def write(self, key: str, rows: Iterable[tuple]) -> None:
        self.sheets[key].write(rows)

    def write_rendered(self, key: str, templates: list[bytes]) -> None:
        self.sheets[key].write_rendered(templates)

    def finish(self) -> None:
        """Write the frame with xlsxwriter, then zip it with the streamed rows into `path`."""
        with tempfile.TemporaryDirectory(prefix="claimtable-xlsx-") as tmp:
            frame_path = Path(tmp) / "frame.xlsx"
            self._frame(frame_path)
            with zipfile.ZipFile(frame_path) as src, open(self.path, "wb") as f:
                out = DeflatedZip(f)
                names = {f"xl/worksheets/sheet{i}.xml": sheet for i, sheet in enumerate(self.sheets.values(), start=1)}
                for info in src.infolist():
                    xml = src.read(info.filename)
                    sheet = names.get(info.filename)
                    if sheet is None:
                        pieces = [deflate(xml, XLSX_COMPRESSLEVEL, final=True)]
                    else:
                        pieces = _spliced(info.filename, xml.decode("utf-8"), sheet)
                    out.add(info.filename, info.date_time, pieces)
                out.close()
        self.close()

    def _frame(self, path: Path) -> None:
        wb, header = new_workbook(path)
        wb.set_properties({"created": _created()})
        formats = {
            (rtl, wrap): wb.add_format(
                {"valign": "top", "text_wrap": wrap, **({"reading_order": 2, "align": "right"} if rtl else {})}
            )
            for rtl, wrap in self.styles
        }
        # number the styles as the streamed rows do (see __init__); xlsxwriter numbers on first use
        numbered = [header._get_xf_index()] + [formats[k]._get_xf_index() for k in self.styles]
        if numbered != list(range(1, len(self.styles) + 2)):
            raise RuntimeError(f"xlsxwriter numbered the cell styles {numbered}: the streamed rows would be misstyled")
        for spec in self.specs:
            ws = wb.add_worksheet(SHEETS.get(spec.key, spec.key.title()))
            for j, name in enumerate(spec.columns):
                ws.set_column(j, j, WIDTHS.get(name, 12), formats[(name in RTL_COLUMNS, name in WRAP_COLUMNS)])
                ws.write_string(0, j, name, header)
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, max(self.sheets[spec.key].rows, 1), max(len(spec.columns) - 1, 0))
        from xlsxwriter.exceptions import FileCreateError

        try:
            wb.close()
        except FileCreateError as exc:  # wraps the OSError (disk full, ...)
            raise (exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))) from exc

    def close(self) -> None:
        for sheet in self.sheets.values():
            sheet.close()


def new_workbook(path: Path) -> tuple[xlsxwriter.Workbook, object]:
    """A streaming workbook that never turns text into formulas, URLs or numbers, and its header format."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,  # inline strings, rows written in order
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": True,
            "tmpdir": str(path.parent),
        },
    )
    header = wb.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1, "text_wrap": True, "valign": "top"})
    return wb, header


def _created():
    import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    return datetime.datetime(*XLSX_CREATED, tzinfo=datetime.timezone.utc)


_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')


def _spliced(name: str, xml: str, sheet: _Sheet) -> list[Deflated]:
    """The frame's sheet XML with the streamed rows inserted before </sheetData>, as three
    deflate pieces: the head (with the sheet's dimension, known now), the rows, the tail."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    head, sep, tail = xml.partition("</sheetData>")
    if not sep:
        raise RuntimeError(f"{name}: the frame workbook has no <sheetData>")
    ncols = len(sheet.spec.columns)
    first, last = xl_rowcol_to_cell(0, 0), xl_rowcol_to_cell(sheet.last_row, max(ncols - 1, 0))
    head = _DIMENSION.sub(f'<dimension ref="{first if first == last else f"{first}:{last}"}"/>', head, count=1)
    return [
        deflate(head.encode("utf-8"), XLSX_COMPRESSLEVEL, final=False),
        sheet.deflated(),
        deflate((sep + tail).encode("utf-8"), XLSX_COMPRESSLEVEL, final=True),
    ]


# --- a set of files, written together -----------------------------------------------------------
#
# The last step of each file, after its rows were streamed: complete it at `path`. They are module
# functions so that a test can make one fail midway and check the commit stays all-or-nothing.


def _xlsx_to(book: XlsxBook, path: Path) -> None:
    book.finish()


def _csv_to(table: CsvTable, path: Path) -> None:
    table.close()


def _parquet_to(table: ParquetTable, path: Path) -> None:
    table.finish()


_FINISH = {"xlsx": "_xlsx_to", "csv": "_csv_to", "parquet": "_parquet_to"}


def plan(out_dir: Path, keys: Sequence[str], formats=("xlsx", "csv", "parquet")) -> list[tuple[Path, str, tuple[str, ...]]]:
    """(target, format, tables) of a run's files: claims.xlsx plus <table>.csv and <table>.parquet."""
    out_dir = Path(out_dir)
    files = []
    if "xlsx" in formats:
        files.append((out_dir / "claims.xlsx", "xlsx", tuple(keys)))
    for key in keys:
        if "csv" in formats:
            files.append((out_dir / f"{key}.csv", "csv", (key,)))
        if "parquet" in formats:
            files.append((out_dir / f"{key}.parquet", "parquet", (key,)))
    return files


class TablesWriter:
    """Rows in, every file of the plan written as they come (see `open_tables`)."""

    def __init__(self, files: list):
        self._files = files  # (format, writer, tables)
        self._by_table: dict[str, list] = {}
        for fmt, writer, keys in files:
            for key in keys:
                self._by_table.setdefault(key, []).append((fmt, writer))

    def write(self, key: str, rows: Sequence[tuple]) -> None:
        """Rows (tuples in the table's column order) appended to the table `key` in every file."""
        for fmt, writer in self._by_table.get(key, ()):
            if fmt == "xlsx":
                writer.write(key, rows)
            else:
                writer.write(rows)

    def renderer(self) -> Renderer:
        """How these files take rows, for whatever renders them (see `rendered`)."""
        cells, schemas = {}, {}
        for fmt, writer, keys in self._files:
            if fmt == "xlsx":
                cells.update({key: writer.sheets[key].cells for key in keys})
            elif fmt == "parquet":
                schemas[keys[0]] = writer.schema
        return Renderer(tuple(sorted({fmt for fmt, _, _ in self._files})), cells, schemas)

    def write_rendered(self, batch: RenderedBatch) -> None:
        """A rendered batch's tables appended to every file of the plan that holds them."""
        for key in STREAMED:
            part: TablePart = batch.tables[key]
            if not part.count:
                continue
            for fmt, writer in self._by_table.get(key, ()):
                if fmt == "xlsx":
                    writer.write_rendered(key, part.sheet)
                elif fmt == "csv":
                    writer.write_text(part.csv, part.csv_quoted)
                elif part.arrow is not None:
                    writer.write_batch(part.arrow)
                else:
                    writer.write(part.rows)

    def write_frame(self, key: str, df: pd.DataFrame) -> None:
        rows = None
        for fmt, writer in self._by_table.get(key, ()):
            if fmt == "parquet":
                writer.write_frame(df)
                continue
            rows = frame_rows(df) if rows is None else rows
            if fmt == "xlsx":
                writer.write(key, rows)
            else:
                writer.write(rows)


@contextlib.contextmanager
def open_tables(files: Sequence[tuple[Path, str, tuple[str, ...]]], specs: Mapping[str, TableSpec]) -> Iterator[TablesWriter]:
    """Writers for `files` (see `plan`); on leaving the block all are completed and committed
    together (atomic_paths), or, on any error, none is and the previous files stay as they were."""
    with atomic_paths([target for target, _, _ in files]) as tmps:
        opened = []
        try:
            for (_, fmt, keys), tmp in zip(files, tmps):
                if fmt == "xlsx":
                    writer = XlsxBook(tmp, [specs[k] for k in keys])
                elif fmt == "csv":
                    writer = CsvTable(tmp, specs[keys[0]])
                else:
                    writer = ParquetTable(tmp, specs[keys[0]])
                opened.append((fmt, writer, keys, tmp))
            yield TablesWriter([(fmt, writer, keys) for fmt, writer, keys, _ in opened])
            for fmt, writer, _, tmp in opened:
                globals()[_FINISH[fmt]](writer, tmp)
        finally:
            for _, writer, _, _ in opened:
                with contextlib.suppress(Exception):
                    writer.close()


def write_tables(tables: Mapping[str, pd.DataFrame], out_dir: Path, formats=("xlsx", "csv", "parquet")) -> list[Path]:
    """claims.xlsx plus <table>.csv and <table>.parquet; claims.csv is the claims table.

    All files are staged first and renamed into place together at the end (see module doc).
    """
    files = plan(Path(out_dir), list(tables), formats)
    specs = {key: TableSpec.of_frame(key, df) for key, df in tables.items()}
    with open_tables(files, specs) as sink:
        for key, df in tables.items():
            sink.write_frame(key, df)
    return [target for target, _, _ in files]


def write_csv(df: pd.DataFrame, target: Path) -> None:
    with open_tables([(Path(target), "csv", ("table",))], {"table": TableSpec.of_frame("table", df)}) as sink:
        sink.write_frame("table", df)


def write_parquet(df: pd.DataFrame, target: Path) -> None:
    with open_tables([(Path(target), "parquet", ("table",))], {"table": TableSpec.of_frame("table", df)}) as sink:
        sink.write_frame("table", df)


def write_xlsx(tables: Mapping[str, pd.DataFrame], target: Path) -> None:
    specs = {key: TableSpec.of_frame(key, df) for key, df in tables.items()}
    with open_tables([(Path(target), "xlsx", tuple(tables))], specs) as sink:
        for key, df in tables.items():
            sink.write_frame(key, df)
