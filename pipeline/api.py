"""The Python API a notebook calls: run, load, and the ClaimTables they return."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Union

import pandas as pd

from pipeline.batch import DocResult, run_batch
from pipeline.export import write_csv, write_parquet, write_tables, write_xlsx
from pipeline.safety import unescape_formula
from pipeline.tables import SHEETS, TABLES, coerce, frame, speakers_table
from schemas import ClaimRow, DocumentRow, FigureRow, RunConfig

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
        results = list(results)
        claims = frame(ClaimRow, (c for r in results for c in r.claims))
        figures = frame(FigureRow, (f for r in results for f in r.figures))
        documents = frame(DocumentRow, (r.document for r in results))
        return cls(claims, figures, speakers_table(claims, figures, registered), documents)

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


def run(paths: PathLike | Iterable[PathLike], **options) -> ClaimTables:
    """Run the pipeline on files or folders; options are RunConfig fields (progress, jobs, ...)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    options.setdefault("progress", False)
    config = RunConfig(**options)
    return ClaimTables.from_results(run_batch([Path(p) for p in paths], config))


def load(path: PathLike) -> ClaimTables:
    """Tables saved by a run: an output folder (Parquet, else CSV), a claims.xlsx, or a claims.csv."""
    path = Path(path)
    if not path.exists():
        raise LoadError(f"{path}: no such file or folder")
    if path.is_dir():
        if (path / "claims.parquet").exists():
            return _from_frames({k: pd.read_parquet(path / f"{k}.parquet") for k in TABLES if (path / f"{k}.parquet").exists()})
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
        return _from_frames({"claims": pd.read_parquet(path)})
    raise LoadError(f"{path}: not a claimtable output (expected a folder, .xlsx, .csv or .parquet)")


def read_csv_table(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False, na_values=[""])
    for col in df.columns:
        df[col] = df[col].map(unescape_formula, na_action="ignore")
    return df


def read_workbook(path: Path) -> dict[str, pd.DataFrame]:
    """Sheets of a claims workbook, read as values only (openpyxl parses XML with defusedxml)."""
    import openpyxl

    if not zipfile.is_zipfile(path):
        raise LoadError(f"{path}: not an .xlsx workbook (not a zip archive)")
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken package
        raise LoadError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from exc
    frames = {}
    try:
        by_title = {title: key for key, title in SHEETS.items()}
        for ws in wb.worksheets:
            key = by_title.get(ws.title)
            if key is None:
                continue
            rows = list(ws.iter_rows(values_only=True))
            if not rows:
                continue
            header = [str(h) for h in rows[0]]
            frames[key] = pd.DataFrame.from_records(rows[1:], columns=header)
    finally:
        wb.close()
    if "claims" not in frames:
        raise LoadError(f"{path}: workbook has no Claims sheet")
    return frames


def _from_frames(frames: dict[str, pd.DataFrame]) -> ClaimTables:
    claims = coerce(ClaimRow, frames.get("claims", pd.DataFrame()))
    figures = coerce(FigureRow, frames.get("figures", pd.DataFrame()))
    documents = coerce(DocumentRow, frames.get("documents", pd.DataFrame()))
    if "speakers" in frames:
        speakers = coerce(TABLES["speakers"], frames["speakers"])
    else:
        speakers = speakers_table(claims, figures, set())
    return ClaimTables(claims, figures, speakers, documents)
