"""Writing a diff: DIR/diff.xlsx (Summary, Claims, Figures) and diff_claims.csv, diff_figures.csv.

Same conventions as the run's export (`pipeline.export`): atomic writes (the three files are all
written before any is renamed into place), UTF-8 CSV with BOM
and formula-safe text (`write_csv`), typed cells, frozen header, filters, Arabic columns
right-to-left. In addition each row of Claims and Figures is filled by its status: added green,
removed red, changed amber, unchanged left plain.
"""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Mapping

import pandas as pd

from pipeline.export import RTL_COLUMNS, WIDTHS, WRAP_COLUMNS, _kind, atomic_path, new_workbook, write_csv
from pipeline.row_text import XLSX_MAX_CHARS

SHEETS = {"summary": "Summary", "claims": "Claims", "figures": "Figures"}
CSV_FILES = {"claims": "diff_claims.csv", "figures": "diff_figures.csv"}
FILLS = {"added": "#C6EFCE", "removed": "#FFC7CE", "changed": "#FFEB9C"}  # Excel's good/bad/neutral
DIFF_WIDTHS = {"status": 11, "summary": 46, "similarity": 10, "from_date": 12, "to_date": 12, "old": 30, "new": 30,
               "claim_text": 55, "figures": 30}
DIFF_WRAP = {"summary"}


def _base(column: str) -> str:
    """old_claim_text -> claim_text: a diff column is formatted like the column it compares."""
    for prefix in ("old_", "new_"):
        if column.startswith(prefix):
            return column[len(prefix):]
    return column


def write_diff(tables: Mapping[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """diff.xlsx and both CSVs, all written before any is renamed into place: a failure while
    writing leaves the previous diff in `out_dir` whole."""
    targets = [out_dir / "diff.xlsx", *(out_dir / name for name in CSV_FILES.values())]
    with contextlib.ExitStack() as stack:
        tmps = [stack.enter_context(atomic_path(t)) for t in targets]
        _xlsx_to(tables, tmps[0])
        for key, tmp in zip(CSV_FILES, tmps[1:]):
            write_csv(tables[key], tmp)
    return targets


def write_diff_csv(tables: Mapping[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    written = []
    for key, name in CSV_FILES.items():
        write_csv(tables[key], out_dir / name)
        written.append(out_dir / name)
    return written


def write_diff_xlsx(tables: Mapping[str, pd.DataFrame], target: Path) -> None:
    with atomic_path(target) as tmp:
        _xlsx_to(tables, tmp)


def _xlsx_to(tables: Mapping[str, pd.DataFrame], path: Path) -> None:
    wb, header = new_workbook(path)
    formats = {}
    for status in (None, *FILLS):
        for rtl in (False, True):
            for wrap in (False, True):
                props = {"valign": "top", "text_wrap": wrap}
                if rtl:
                    props.update(reading_order=2, align="right")
                if status:
                    props.update(bg_color=FILLS[status], pattern=1)
                formats[(status, rtl, wrap)] = wb.add_format(props)
    for key, df in tables.items():
        _write_sheet(wb.add_worksheet(SHEETS.get(key, key.title())), df, header, formats)
    wb.close()


def _write_sheet(ws, df: pd.DataFrame, header, formats) -> None:
    cols = list(df.columns)
    styles = []
    for j, name in enumerate(cols):
        base = _base(name)
        style = (base in RTL_COLUMNS, base in WRAP_COLUMNS or name in DIFF_WRAP)
        styles.append(style)
        width = DIFF_WIDTHS.get(name, DIFF_WIDTHS.get(base, WIDTHS.get(base, 12)))
        ws.set_column(j, j, width, formats[(None, *style)])
        ws.write_string(0, j, name, header)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(df), 1), max(len(cols) - 1, 0))
    kinds = [_kind(df[c]) for c in cols]
    statuses = df["status"].tolist() if "status" in df.columns else [None] * len(df)
    for i, (row, status) in enumerate(zip(df.itertuples(index=False, name=None), statuses), start=1):
        fill = status if status in FILLS else None
        for j, value in enumerate(row):
            fmt = formats[(fill, *styles[j])]
            if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                if fill:
                    ws.write_blank(i, j, None, fmt)  # the fill runs across the whole row
                continue
            if kinds[j] == "number":
                ws.write_number(i, j, value, fmt)
            elif kinds[j] == "bool":
                ws.write_boolean(i, j, bool(value), fmt)
            else:
                text = str(value)
                if len(text) > XLSX_MAX_CHARS:  # Excel's cell limit; the CSV keeps the whole text
                    text = text[: XLSX_MAX_CHARS - 40] + f" … [cut: {len(text)} characters in all]"
                ws.write_string(i, j, text, fmt)
