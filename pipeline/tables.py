"""Stage 7a, tables: rows -> pandas DataFrames whose columns and dtypes come from `schemas`."""
from __future__ import annotations

import types
import typing
from typing import Iterable

import pandas as pd
from pydantic import BaseModel

from schemas import ClaimRow, DocumentRow, FigureRow, SpeakerRow

TABLES: dict[str, type[BaseModel]] = {
    "claims": ClaimRow,
    "figures": FigureRow,
    "speakers": SpeakerRow,
    "documents": DocumentRow,
}
SHEETS = {"claims": "Claims", "figures": "Figures", "speakers": "Speakers", "documents": "Documents"}

_DTYPES = {str: "string", int: "Int64", float: "Float64", bool: "boolean"}


def _base_type(annotation) -> type:
    """Optional[X] -> X; Literal[...] -> str."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _base_type(args[0])
    if origin is typing.Literal:
        return type(typing.get_args(annotation)[0])
    return annotation


def dtypes(model: type[BaseModel]) -> dict[str, str]:
    """Column -> pandas dtype, in the model's field order."""
    return {name: _DTYPES[_base_type(f.annotation)] for name, f in model.model_fields.items()}


def columns(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def frame(model: type[BaseModel], rows: Iterable[BaseModel | dict]) -> pd.DataFrame:
    """A DataFrame with exactly the model's columns and explicit nullable dtypes."""
    records = [r.model_dump() if isinstance(r, BaseModel) else r for r in rows]
    df = pd.DataFrame.from_records(records, columns=columns(model))
    return coerce(model, df)


def coerce(model: type[BaseModel], df: pd.DataFrame) -> pd.DataFrame:
    """Cast (and if need be add) the model's columns; extra columns are kept at the end."""
    df = df.copy()
    for name, dtype in dtypes(model).items():
        if name not in df.columns:
            df[name] = pd.Series([pd.NA] * len(df), dtype=dtype, index=df.index)
        elif dtype == "boolean" and df[name].dtype == object:
            df[name] = df[name].map(_to_bool).astype(dtype)
        elif dtype in ("Int64", "Float64"):
            df[name] = pd.to_numeric(df[name], errors="coerce").astype(dtype)
        else:
            df[name] = df[name].astype(dtype)
    ordered = columns(model)
    return df[ordered + [c for c in df.columns if c not in ordered]]


def _to_bool(v):
    if v is None or (isinstance(v, float) and v != v):
        return pd.NA
    if isinstance(v, str):
        return v.strip().lower() in ("true", "1", "yes")
    return bool(v)


def speakers_table(claims: pd.DataFrame, figures: pd.DataFrame, registered: set[str]) -> pd.DataFrame:
    """One row per speaker: how often they claim, with how many figures, over which dates."""
    rows = []
    named = claims[claims["speaker"].notna()]
    fig_counts = figures.groupby("speaker", dropna=True).size() if len(figures) else pd.Series(dtype="Int64")
    for speaker, group in named.groupby("speaker", sort=True):
        dates = group["doc_date"].dropna()
        first = group.iloc[0]
        rows.append(
            SpeakerRow(
                speaker=speaker,
                speaker_ar=_most_common(group["speaker_ar"]),
                speaker_role=_most_common(group["speaker_role"]),
                speaker_type=first["speaker_type"] if pd.notna(first["speaker_type"]) else None,
                registered=speaker in registered,
                claims=len(group),
                figures=int(fig_counts.get(speaker, 0)),
                documents=group["doc_id"].nunique(),
                first_date=min(dates) if len(dates) else None,
                last_date=max(dates) if len(dates) else None,
            )
        )
    return frame(SpeakerRow, rows)


def _most_common(series: pd.Series):
    values = series.dropna()
    if not len(values):
        return None
    counts = values.value_counts()
    top = counts[counts == counts.max()].index
    return sorted(top)[0]  # ties broken by text, so the output never depends on order
