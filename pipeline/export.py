"""Stage 7b, export: the tables as a readable workbook, CSV (UTF-8 with BOM) and Parquet.

Every file is written to a temporary name beside its target and renamed into place, so a failed
or interrupted run never leaves a half-written file and never destroys the previous one. A run's
files are all written first and only then renamed, so a failure while writing any of them leaves
the previous run's set complete and untouched.
Text that a spreadsheet would run as a formula is written so it stays text (see `safety`).
"""
from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from functools import partial
from pathlib import Path
from typing import Callable, Iterator, Mapping, Sequence

import pandas as pd
import xlsxwriter
import xlsxwriter.exceptions

from pipeline.safety import escape_formula
from pipeline.tables import SHEETS

# Columns that hold Arabic prose: right-to-left, right-aligned, wrapped where long.
RTL_COLUMNS = {"title", "source", "speaker_ar", "speaker_role", "cue", "claim_text", "source_sentence", "unit", "text"}
WIDTHS = {
    "claim_text": 70, "source_sentence": 70, "title": 40, "figures": 36, "error": 50, "warning": 40,
    "path": 40, "speaker": 24, "speaker_ar": 22, "speaker_role": 28, "via": 18, "text": 26,
    "claim_id": 24, "figure_id": 24, "doc_id": 22, "source": 16, "unit": 16, "unit_en": 16,
}
WRAP_COLUMNS = {"claim_text", "source_sentence", "title", "figures", "error", "warning"}
# Excel's limit for one cell; xlsxwriter would cut longer text silently.
XLSX_MAX_CHARS = 32767
TRUNCATED = " … [cut at Excel's cell limit: {n} characters in all, the CSV and Parquet files hold the full text]"


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


def write_csv(df: pd.DataFrame, target: Path) -> None:
    with atomic_path(target) as tmp:
        _csv_to(df, tmp)


def write_parquet(df: pd.DataFrame, target: Path) -> None:
    with atomic_path(target) as tmp:
        _parquet_to(df, tmp)


def write_xlsx(tables: Mapping[str, pd.DataFrame], target: Path) -> None:
    with atomic_path(target) as tmp:
        _xlsx_to(tables, tmp)


def _csv_to(df: pd.DataFrame, path: Path) -> None:
    """CSV with every text cell formula-escaped (see `safety`): CSV cells have no types."""
    safe = df.copy()
    bare_cr = False
    for col in safe.columns:
        series = safe[col]
        if series.dtype == "string":
            bare_cr = bare_cr or bool(series.str.contains("\r", regex=False).any())
            safe[col] = series.map(escape_formula, na_action="ignore")
        elif series.dtype == object:  # extra columns a caller added
            bare_cr = bare_cr or any(isinstance(v, str) and "\r" in v for v in series)
            safe[col] = series.map(lambda v: escape_formula(v) if isinstance(v, str) else v, na_action="ignore")
    # Python's csv module quotes a field holding "\n" (the line terminator) but not one holding
    # a bare "\r", which every reader takes as a line break: quote all fields in that rare case.
    quoting = csv.QUOTE_ALL if bare_cr else csv.QUOTE_MINIMAL
    safe.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n", quoting=quoting)


def _parquet_to(df: pd.DataFrame, path: Path) -> None:
    df.to_parquet(path, index=False, engine="pyarrow")


def _xlsx_to(tables: Mapping[str, pd.DataFrame], path: Path) -> None:
    """One sheet per table, streamed row by row (constant memory), formatted for reading.

    Text goes in with write_string only: a typed string cell is never evaluated, whatever it
    starts with, so "=1+1" stays "=1+1" in Excel and LibreOffice without any visible prefix.
    """
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": True,
        },
    )
    header = wb.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1, "text_wrap": True, "valign": "top"})
    formats = {
        (rtl, wrap): wb.add_format(
            {"valign": "top", "text_wrap": wrap, **({"reading_order": 2, "align": "right"} if rtl else {})}
        )
        for rtl in (False, True)
        for wrap in (False, True)
    }
    for key, df in tables.items():
        ws = wb.add_worksheet(SHEETS.get(key, key.title()))
        _write_sheet(ws, df, header, formats)
    try:
        wb.close()
    except xlsxwriter.exceptions.FileCreateError as exc:  # wraps the OSError (disk full, ...)
        raise (exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))) from exc


def _write_sheet(ws, df: pd.DataFrame, header, formats) -> None:
    cols = list(df.columns)
    col_formats = []
    for j, name in enumerate(cols):
        fmt = formats[(name in RTL_COLUMNS, name in WRAP_COLUMNS)]
        col_formats.append(fmt)
        ws.set_column(j, j, WIDTHS.get(name, 12), fmt)
        ws.write_string(0, j, name, header)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(df), 1), max(len(cols) - 1, 0))
    kinds = [_kind(df[c]) for c in cols]
    for i, row in enumerate(df.itertuples(index=False, name=None), start=1):
        for j, value in enumerate(row):
            if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                continue
            kind = kinds[j]
            if kind == "number":
                ws.write_number(i, j, value, col_formats[j])
            elif kind == "bool":
                ws.write_boolean(i, j, bool(value), col_formats[j])
            else:
                text = str(value)
                if len(text) > XLSX_MAX_CHARS:
                    marker = TRUNCATED.format(n=len(text))
                    text = text[: XLSX_MAX_CHARS - len(marker)] + marker
                ws.write_string(i, j, text, col_formats[j])


def _kind(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series.dtype):
        return "bool"
    if pd.api.types.is_numeric_dtype(series.dtype):
        return "number"
    return "string"


def write_tables(tables: Mapping[str, pd.DataFrame], out_dir: Path, formats=("xlsx", "csv", "parquet")) -> list[Path]:
    """claims.xlsx plus <table>.csv and <table>.parquet; claims.csv is the claims table.

    All files are staged first and renamed into place together at the end (see module doc).
    """
    out_dir = Path(out_dir)
    jobs: list[tuple[Path, Callable[[Path], None]]] = []
    if "xlsx" in formats:
        jobs.append((out_dir / "claims.xlsx", partial(_xlsx_to, tables)))
    for key, df in tables.items():
        if "csv" in formats:
            jobs.append((out_dir / f"{key}.csv", partial(_csv_to, df)))
        if "parquet" in formats:
            jobs.append((out_dir / f"{key}.parquet", partial(_parquet_to, df)))
    targets = [target for target, _ in jobs]
    with atomic_paths(targets) as tmps:
        for (_, write), tmp in zip(jobs, tmps):
            write(tmp)
    return targets
