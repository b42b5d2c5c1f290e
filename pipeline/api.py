"""The Python API a notebook calls: run, load, and the ClaimTables they return."""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Union

from pipeline.batch import DocResult, DocRows, iter_rendered, iter_rows
from pipeline.rendered import RenderedBatch
from pipeline.resources import load_resources
from pipeline.export import open_tables, plan, table_specs, write_csv, write_parquet, write_tables, write_xlsx
from pipeline.safety import unescape_formula
from pipeline.tables import SHEETS, TABLES, SpeakerTally, coerce, frame_of_rows, model_rows, speakers_table
from schemas import ClaimRow, DocumentRow, FigureRow, RunConfig, SpeakerRow

if TYPE_CHECKING:
    import pandas as pd  # imported by the functions that make frames: `run_to` needs no pandas

PathLike = Union[str, Path]


class LoadError(ValueError):
    """A saved table that cannot be read back (not a workbook, missing sheets, ...)."""


@dataclass
class ClaimTables:
    """The four tables of a run, as DataFrames with the contract's columns and dtypes."""

    claims: pd.DataFrame
    figures: pd.DataFrame
    speakers: pd.DataFrame
    documents: pd.DataFrame

    @classmethod
    def from_results(cls, results: Iterable[DocResult], registered: set[str] = frozenset()) -> "ClaimTables":
        rows = (
            DocRows(model_rows(DocumentRow, [r.document])[0], model_rows(ClaimRow, r.claims), model_rows(FigureRow, r.figures))
            for r in results
        )
        return cls.from_rows(rows, registered)

    @classmethod
    def from_rows(cls, docs: Iterable[DocRows], registered: set[str] = frozenset()) -> "ClaimTables":
        """The tables of a run's rows (`pipeline.batch.iter_rows`), held in memory."""
        collected = _Collected()
        tally = feed(docs, collected, SpeakerTally(registered))
        collected.write("speakers", tally.rows())
        return cls(*(frame_of_rows(TABLES[key], collected.rows[key]) for key in TABLES))

    def as_dict(self) -> dict[str, pd.DataFrame]:
        return {key: getattr(self, key) for key in TABLES}

    @property
    def failed(self) -> pd.DataFrame:
        return self.documents[self.documents["status"] == "error"]

    def to_excel(self, path: PathLike) -> Path:
        write_xlsx(self.as_dict(), Path(path))
        return Path(path)

    def to_csv(self, out_dir: PathLike) -> list[Path]:
        out = Path(out_dir)
        for key, df in self.as_dict().items():
            write_csv(df, out / f"{key}.csv")
        return [out / f"{key}.csv" for key in TABLES]

    def to_parquet(self, out_dir: PathLike) -> list[Path]:
        out = Path(out_dir)
        for key, df in self.as_dict().items():
            write_parquet(df, out / f"{key}.parquet")
        return [out / f"{key}.parquet" for key in TABLES]

    def save(self, out_dir: PathLike, formats=("xlsx", "csv", "parquet")) -> list[Path]:
        return write_tables(self.as_dict(), Path(out_dir), formats)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={len(v)}" for k, v in self.as_dict().items())
        return f"ClaimTables({sizes})"


class _Collected:
    """Rows kept in memory, per table (what `run` returns; files are streamed instead)."""

    def __init__(self):
        self.rows: dict[str, list] = {key: [] for key in TABLES}

    def write(self, key: str, rows) -> None:
        self.rows[key].extend(rows)


@dataclass
class RunReport:
    """What a run wrote: counts, and the documents that failed as (doc_id, error, path)."""

    documents: int = 0
    claims: int = 0
    figures: int = 0
    failed: list = None

    def __post_init__(self):
        self.failed = [] if self.failed is None else self.failed

    def add(self, batch: RenderedBatch) -> None:
        self.documents += batch.documents
        self.claims += batch.claims
        self.figures += batch.figures
        self.failed.extend(batch.failed)


def feed(docs: Iterable[DocRows], sink, tally: SpeakerTally) -> SpeakerTally:
    """Each document's rows to `sink.write(table, rows)` and to the Speakers tally."""
    for doc in docs:
        sink.write("claims", doc.claims)
        sink.write("figures", doc.figures)
        sink.write("documents", [doc.document])
        tally.add(doc.claims, doc.figures)
    return tally


def run(paths: PathLike | Iterable[PathLike], **options) -> ClaimTables:
    """Run the pipeline on files or folders; options are RunConfig fields (progress, jobs, ...)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    options.setdefault("progress", False)
    config = RunConfig(**options)
    registered = load_resources(config).registry.canonical_names
    return ClaimTables.from_rows(iter_rows([Path(p) for p in paths], config), registered)


def run_to(paths: Iterable[PathLike], out_dir: PathLike, config: RunConfig | None = None, max_mb: float | None = None) -> RunReport:
    """Run the pipeline and stream its tables into `out_dir` (claims.xlsx, CSV, Parquet).

    Documents go through one at a time and each table is written as their rows come, so memory
    does not grow with the number of documents; the Speakers table, a small aggregate, is
    written last. The files replace the previous ones together at the end, or not at all.
    """
    config = config or RunConfig()
    registered = load_resources(config).registry.canonical_names  # a LexiconError stops us before any file
    report = RunReport()
    tally = SpeakerTally(registered)
    with open_tables(plan(Path(out_dir), list(TABLES), config.formats), table_specs()) as sink:
        for batch in iter_rendered([Path(p) for p in paths], sink.renderer(), config, max_mb):
            sink.write_rendered(batch)
            tally.merge(batch.tally)
            report.add(batch)
        sink.write("speakers", tally.rows())
    return report


def load(path: PathLike) -> ClaimTables:
    """Tables saved by a run: an output folder (Parquet, else CSV), a claims.xlsx, or a claims.csv.

    Anything that is not such a table raises LoadError with a one-line reason, never a parser's
    own exception: `diff` and notebooks are fed whatever files an analyst has at hand.
    """
    path = Path(path)
    if not path.exists():
        raise LoadError(f"{path}: no such file or folder")
    if path.is_dir():
        if (path / "claims.parquet").exists():
            return _from_frames({k: _read_parquet(path / f"{k}.parquet") for k in TABLES if (path / f"{k}.parquet").exists()})
        if (path / "claims.csv").exists():
            return _from_frames({k: read_csv_table(path / f"{k}.csv") for k in TABLES if (path / f"{k}.csv").exists()})
        if (path / "claims.xlsx").exists():
            return load(path / "claims.xlsx")
        raise LoadError(f"{path}: holds no claims.parquet, claims.csv or claims.xlsx")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _from_frames(read_workbook(path))
    if suffix == ".csv":
        siblings = {k: path.with_name(f"{k}.csv") for k in TABLES}
        frames = {k: read_csv_table(p) for k, p in siblings.items() if p.exists() and k != "claims"}
        frames["claims"] = read_csv_table(path)
        return _from_frames(frames)
    if suffix == ".parquet":
        return _from_frames({"claims": _read_parquet(path)})
    raise LoadError(f"{path}: not a claimtable output (expected a folder, .xlsx, .csv or .parquet)")


def read_csv_table(path: Path) -> pd.DataFrame:
    """A CSV written by a run: formula escapes (a leading apostrophe) are undone."""
    import pandas as pd

    try:
        # object dtype, as from a workbook, so `coerce` parses "True"/"False" and numbers itself
        df = pd.read_csv(path, encoding="utf-8-sig", dtype=object, keep_default_na=False, na_values=[""])
    except (UnicodeDecodeError, ValueError, OSError) as exc:  # ParserError, EmptyDataError are ValueErrors
        raise LoadError(f"{path}: not a readable claims CSV ({_reason(exc)})") from exc
    for col in df.columns:
        df[col] = df[col].map(unescape_formula, na_action="ignore")
    return df.astype(object)  # map() infers pandas' str dtype, which `coerce` cannot make bool


def _read_parquet(path: Path) -> pd.DataFrame:
    import pandas as pd

    try:
        return pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... for a damaged file
        raise LoadError(f"{path}: not a readable Parquet file ({_reason(exc)})") from exc


def _reason(exc: BaseException) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:300]


# A claims workbook of 100,000 claims unpacks to well under 1 GB; a bigger or absurdly
# compressed member is a zip bomb, refused before openpyxl inflates it into memory.
MAX_UNZIPPED = 1_000_000_000
MAX_RATIO = 200


def read_workbook(path: Path) -> dict[str, pd.DataFrame]:
    """Sheets of a claims workbook, read as values only; anything else raises LoadError.

    openpyxl parses the workbook's XML with defusedxml when it is installed (a dependency), so
    entity declarations (billion laughs, external entities) are refused, not expanded. Cells
    come back as values: a formula is never evaluated, and our own text cells are plain strings.
    """
    import openpyxl
    import pandas as pd
    from defusedxml import DefusedXmlException

    path = Path(path)
    _check_workbook_package(path)
    frames = {}
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            by_title = {title: key for key, title in SHEETS.items()}
            for ws in wb.worksheets:
                key = by_title.get(ws.title)
                if key is None:
                    continue
                # read-only sheets are parsed lazily, here: a damaged sheet fails inside this try
                rows = [[_cell_value(v) for v in row] for row in ws.iter_rows(values_only=True)]
                if not rows:
                    continue
                header = [str(h) for h in rows[0]]
                frames[key] = pd.DataFrame.from_records(rows[1:], columns=header)
        finally:
            wb.close()
    except LoadError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken package
        defused = _in_chain(exc, DefusedXmlException)  # openpyxl may wrap it in a ValueError
        if defused is not None:
            raise LoadError(
                f"{path}: refused: the workbook's XML declares entities (an XML bomb?) ({_reason(defused)})"
            ) from exc
        raise LoadError(f"{path}: not a readable .xlsx workbook ({_reason(exc)})") from exc
    if "claims" not in frames:
        raise LoadError(f"{path}: workbook has no Claims sheet")
    return frames


def _in_chain(exc: BaseException, kind: type) -> BaseException | None:
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _check_workbook_package(path: Path) -> None:
    """Refuse what is not an .xlsx package before openpyxl sees it: clearer, and bomb-safe."""
    try:
        with open(path, "rb") as f:
            magic = f.read(8)
    except OSError as exc:
        raise LoadError(f"{path}: cannot read file: {exc.strerror or exc}") from exc
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise LoadError(f"{path}: an old .xls or password-protected workbook: save it as .xlsx without a password")
    if not zipfile.is_zipfile(path):
        raise LoadError(f"{path}: not an .xlsx workbook (not a zip archive: a text or CSV file renamed .xlsx?)")
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LoadError(f"{path}: not a readable .xlsx workbook ({_reason(exc)})") from exc
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise LoadError(f"{path}: a zip archive, but not an .xlsx workbook (no workbook inside)")
    total = sum(m.file_size for m in members)
    worst = max(members, key=lambda m: m.file_size / max(m.compress_size, 1))
    if total > MAX_UNZIPPED or (worst.file_size > 10_000_000 and worst.file_size > MAX_RATIO * max(worst.compress_size, 1)):
        raise LoadError(f"{path}: refused: it would unpack to {total / 1e6:,.0f} MB (a zip bomb?)")


_XML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _cell_value(value):
    """Undo the _xHHHH_ escapes xlsx uses for characters XML cannot hold (CR, controls).

    openpyxl undoes them for shared strings but not for the inline strings xlsxwriter writes in
    constant-memory mode, so "\r=x" would come back as "_x000D_=x" without this.
    """
    if isinstance(value, str) and "_x" in value:
        return _XML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    return value


def _from_frames(frames: dict[str, pd.DataFrame]) -> ClaimTables:
    try:
        return _tables_of(frames)
    except (TypeError, ValueError) as exc:  # a column that cannot take its dtype
        raise LoadError(f"not a claimtable table: {_reason(exc)}") from exc


def _tables_of(frames: dict[str, pd.DataFrame]) -> ClaimTables:
    import pandas as pd

    claims = coerce(ClaimRow, frames.get("claims", pd.DataFrame()))
    figures = coerce(FigureRow, frames.get("figures", pd.DataFrame()))
    documents = coerce(DocumentRow, frames.get("documents", pd.DataFrame()))
    if "speakers" in frames:
        speakers = coerce(TABLES["speakers"], frames["speakers"])
    else:
        speakers = speakers_table(claims, figures, set())
    return ClaimTables(claims, figures, speakers, documents)
