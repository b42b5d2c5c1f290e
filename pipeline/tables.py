"""Stage 7a, tables: rows -> pandas DataFrames whose columns and dtypes come from `schemas`."""
from __future__ import annotations

import operator
import types
import typing
from collections import Counter
from typing import TYPE_CHECKING, Iterable

from pydantic import BaseModel

from schemas import ClaimRow, DocumentRow, FigureRow, SpeakerRow

TABLES: dict[str, type[BaseModel]] = {
    "claims": ClaimRow,
    "figures": FigureRow,
    "speakers": SpeakerRow,
    "documents": DocumentRow,
}
if TYPE_CHECKING:
    import pandas as pd  # imported where a frame is made: a streamed run needs no pandas

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
    import pandas as pd

    records = [r.model_dump() if isinstance(r, BaseModel) else r for r in rows]
    df = pd.DataFrame.from_records(records, columns=columns(model))
    return coerce(model, df)


def coerce(model: type[BaseModel], df: pd.DataFrame) -> pd.DataFrame:
    """Cast (and if need be add) the model's columns; extra columns are kept at the end."""
    import pandas as pd

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
        import pandas as pd

        return pd.NA
    if isinstance(v, str):
        return v.strip().lower() in ("true", "1", "yes")
    return bool(v)


def kinds(model: type[BaseModel]) -> list[str]:
    """How each column is written to a sheet: "string", "number" or "bool", in field order."""
    return [_KINDS[d] for d in dtypes(model).values()]


_KINDS = {"string": "string", "Int64": "number", "Float64": "number", "boolean": "bool"}


def frame_of_rows(model: type[BaseModel], rows: Iterable[tuple]) -> pd.DataFrame:
    """`frame` for rows that are plain tuples in the model's field order (the fast path)."""
    import pandas as pd

    df = pd.DataFrame.from_records(list(rows), columns=columns(model))
    return coerce(model, df)


def model_rows(model: type[BaseModel], rows: Iterable[BaseModel]) -> list[tuple]:
    """Model instances as plain tuples in field order (what the writers and `frame_of_rows` take)."""
    get = operator.attrgetter(*columns(model))
    return [get(r) for r in rows]


class SpeakerTally:
    """The Speakers table, accumulated document by document from Claims and Figures rows.

    One definition for a streamed run (rows arrive a document at a time and only these small
    aggregates are kept) and for `speakers_table` over DataFrames. Each `add` must hold all the
    claims of one document: a speaker's documents are counted one per `add` that names them.
    """

    _CLAIM = {name: i for i, name in enumerate(columns(ClaimRow))}
    _FIGURE_SPEAKER = columns(FigureRow).index("speaker")

    def __init__(self, registered: Iterable[str] = frozenset(), any_order: bool = False):
        self.registered = frozenset(registered)
        # any_order: rows of one document may come in several `add`s (a table given whole):
        # count documents with a set per speaker instead (memory grows with the pairs)
        self._docs: dict[str, set] | None = {} if any_order else None
        # speaker -> [Counter(speaker_ar), Counter(speaker_role), first speaker_type, claims,
        #             documents, first_date, last_date]
        self._by_speaker: dict[str, list] = {}
        self._figures: Counter = Counter()

    def add(self, claims: Iterable[tuple], figures: Iterable[tuple] = ()) -> None:
        c = self._CLAIM
        i_speaker, i_ar, i_role, i_type, i_date, i_doc = (
            c["speaker"], c["speaker_ar"], c["speaker_role"], c["speaker_type"], c["doc_date"], c["doc_id"]
        )
        named_here = set()
        for row in claims:
            speaker = row[i_speaker]
            if speaker is None:
                continue
            agg = self._by_speaker.get(speaker)
            if agg is None:
                agg = self._by_speaker[speaker] = [Counter(), Counter(), row[i_type], 0, 0, None, None]
            if row[i_ar] is not None:
                agg[0][row[i_ar]] += 1
            if row[i_role] is not None:
                agg[1][row[i_role]] += 1
            agg[3] += 1
            if self._docs is not None:
                seen = self._docs.setdefault(speaker, set())
                if row[i_doc] not in seen:
                    seen.add(row[i_doc])
                    agg[4] += 1
            elif speaker not in named_here:
                named_here.add(speaker)
                agg[4] += 1
            date = row[i_date]
            if date is not None:
                if agg[5] is None or date < agg[5]:
                    agg[5] = date
                if agg[6] is None or date > agg[6]:
                    agg[6] = date
        i_fig = self._FIGURE_SPEAKER
        for row in figures:
            if row[i_fig] is not None:
                self._figures[row[i_fig]] += 1

    def merge(self, later: "SpeakerTally") -> None:
        """Add the tally of documents that come after this one's (a worker's batch): the same as
        adding their rows here, document by document."""
        if self._docs is not None or later._docs is not None:
            raise ValueError("an any_order tally counts documents by id: add its rows instead")
        for speaker, (ar, role, kind, n_claims, n_docs, first, last) in later._by_speaker.items():
            agg = self._by_speaker.get(speaker)
            if agg is None:
                self._by_speaker[speaker] = [Counter(ar), Counter(role), kind, n_claims, n_docs, first, last]
                continue
            agg[0].update(ar)
            agg[1].update(role)
            agg[3] += n_claims
            agg[4] += n_docs
            if first is not None and (agg[5] is None or first < agg[5]):
                agg[5] = first
            if last is not None and (agg[6] is None or last > agg[6]):
                agg[6] = last
        self._figures.update(later._figures)

    def rows(self) -> list[tuple]:
        """SpeakerRow tuples, sorted by speaker."""
        out = []
        for speaker in sorted(self._by_speaker):
            ar, role, kind, n_claims, n_docs, first, last = self._by_speaker[speaker]
            out.append((
                speaker, _top(ar), _top(role), kind, speaker in self.registered,
                n_claims, self._figures.get(speaker, 0), n_docs, first, last,
            ))
        return out


def _top(counts: Counter):
    """The most frequent value; ties broken by text, so the output never depends on order."""
    if not counts:
        return None
    best = max(counts.values())
    return min(value for value, n in counts.items() if n == best)


def speakers_table(claims: pd.DataFrame, figures: pd.DataFrame, registered: set[str]) -> pd.DataFrame:
    """One row per speaker: how often they claim, with how many figures, over which dates."""
    tally = SpeakerTally(registered, any_order=True)
    tally.add(_plain_rows(claims, columns(ClaimRow)), _plain_rows(figures, columns(FigureRow)))
    return frame_of_rows(SpeakerRow, tally.rows())


def _plain_rows(df: pd.DataFrame, cols: list[str]) -> list[tuple]:
    """The frame's `cols` as tuples of Python values, missing values as None."""
    if not len(df):
        return []
    data = [df[c].astype(object).where(df[c].notna(), None).tolist() if c in df.columns else [None] * len(df) for c in cols]
    return list(zip(*data))
