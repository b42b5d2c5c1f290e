"""Stage 7b, export: the tables as a readable workbook, CSV (UTF-8 with BOM) and Parquet.

Every file is written to a temporary name beside its target and renamed into place, so a failed
or interrupted run never leaves a half-written file and never destroys the previous one.
Text that a spreadsheet would run as a formula is written so it stays text (see `safety`).
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator, Mapping

import pandas as pd
import xlsxwriter

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


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`, renamed onto it only if the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_csv(df: pd.DataFrame, target: Path) -> None:
    safe = df.copy()
    for col in safe.columns:
        if safe[col].dtype == "string":
            safe[col] = safe[col].map(escape_formula, na_action="ignore")
    with atomic_path(target) as tmp:
        safe.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n")


def write_parquet(df: pd.DataFrame, target: Path) -> None:
    with atomic_path(target) as tmp:
        df.to_parquet(tmp, index=False, engine="pyarrow")


def write_xlsx(tables: Mapping[str, pd.DataFrame], target: Path) -> None:
    """One sheet per table, streamed row by row (constant memory), formatted for reading."""
    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(
            str(tmp),
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
        wb.close()


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
                ws.write_string(i, j, str(value), col_formats[j])


def _kind(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series.dtype):
        return "bool"
    if pd.api.types.is_numeric_dtype(series.dtype):
        return "number"
    return "string"


def write_tables(tables: Mapping[str, pd.DataFrame], out_dir: Path, formats=("xlsx", "csv", "parquet")) -> list[Path]:
    """claims.xlsx plus <table>.csv and <table>.parquet; claims.csv is the claims table."""
    out_dir = Path(out_dir)
    written = []
    if "xlsx" in formats:
        write_xlsx(tables, out_dir / "claims.xlsx")
        written.append(out_dir / "claims.xlsx")
    for key, df in tables.items():
        if "csv" in formats:
            write_csv(df, out_dir / f"{key}.csv")
            written.append(out_dir / f"{key}.csv")
        if "parquet" in formats:
            write_parquet(df, out_dir / f"{key}.parquet")
            written.append(out_dir / f"{key}.parquet")
    return written
