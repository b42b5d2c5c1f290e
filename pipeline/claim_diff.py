"""Diff claim tables across runs or dates: what is new, what was dropped, which figures changed.

    import pipeline
    d = pipeline.diff("out/2024-06-10", "out/2024-06-11")       # two runs (folders, xlsx, csv)
    d = pipeline.diff("out/", from_date="2024-06-10", to_date="2024-06-11")  # one table, two dates
    d = pipeline.diff("out/", by_date=True)                     # every pair of consecutive dates
    d.claims.query("status != 'unchanged'"); d.figures; d.summary; d.save("diff/")

Claims are matched one-to-one within each speaker (canonical name; no speaker = the outlet's
own narration, which matches only narration):

1. claims whose normalized text is equal (diacritics, tatweel, alef/ya/ta-marbuta and hamza
   seats unified, quote marks and punctuation removed) are paired first: **unchanged**;
2. the rest are scored with rapidfuzz's `token_sort_ratio` on a *match key* (normalized text
   without function words and reporting verbs, light prefix stripping of و/ف، ب/ل/ك، ال, tokens
   sorted), one `process.cdist` matrix per speaker (in blocks of rows, so memory stays bounded),
   and pairs scoring at least `threshold` are taken greedily, best score first: **changed**,
   with the score as `similarity`;
3. what is left is **removed** (OLD only) or **added** (NEW only).

Every tie is broken by the rows' content (each table is first put in a canonical order), so the
order of rows in the inputs never changes the result. Why `token_sort_ratio` and why 68:
rewording in news moves phrases (sort makes word order irrelevant) and swaps or adds a few
words (the ratio falls in proportion), while `token_set_ratio` scores any claim 100 against one
that contains its words, and the character-level `ratio`/`WRatio` are dominated by shared
sentence templates ("... بنحو 20 بالمئة مقارنة بالعام الماضي" scores 86 against a different
claim). On the reference pairs in tests/test_diff.py, typical rewordings score 73-100 and
different claims of the same speaker 29-62; 68 sits in the middle of the gap. The limit of any
string similarity: two claims cast in one template ("قررت رفع الحد الأدنى للأجور اعتبارا من
الشهر المقبل" / "قررت خفض أسعار الوقود اعتبارا من الشهر المقبل") score about 73; while both
versions of each are present the best-first one-to-one matching still pairs them right.

Figures are matched within (speaker, unit_en, kind): figures of matched claims with the same
value and qualifier first, then greedily by (same matched claim, closest relative value, same
qualifier). Matched figures are unchanged when value, range, qualifier and date are equal,
else changed, with delta and percent change.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from pipeline.api import ClaimTables, LoadError, load
from pipeline.arabic import normalize_ar
from pipeline.tables import coerce, frame
from schemas import ClaimRow, DocumentRow, FigureRow, SpeakerRow
from schemas.diff import DEFAULT_THRESHOLD, DIFF_STATUSES, ClaimDiffRow, DiffSummaryRow, FigureDiffRow

SCORER = fuzz.token_sort_ratio
BLOCK_CELLS = 4_000_000  # cdist cells per block (32 MB of float64): bounds memory on huge groups

TableLike = Union[ClaimTables, str, Path, pd.DataFrame]


class DiffError(ValueError):
    """Inputs that cannot be diffed as asked (a date not in the table, one table without dates...)."""


# ---------------------------------------------------------------- Arabic text normalization

# On top of pipeline.arabic.normalize_ar (tashkeel, tatweel, invisible marks, alef/ya/ta-marbuta):
# hamza seats, the rarer alef forms, Arabic-Indic digits and the Arabic decimal separator.
_MORE_FOLDS = str.maketrans(
    {
        "ؤ": "و", "ئ": "ي", "ٲ": "ا", "ٳ": "ا", "ۀ": "ه", "٫": ".",
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)
_THOUSANDS = re.compile(r"(?<=\d)[,٬](?=\d{3}(?!\d))")
_NON_WORD = re.compile(r"[^\w\s.]|_")
_STRAY_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")


def normalize_arabic(text) -> str:
    """Text as compared: NFKC; no diacritics (tashkeel), tatweel, quote marks or punctuation;
    alef (أ إ آ ٱ), ya (ى ی ئ), ta marbuta (ة) and waw-hamza (ؤ) unified; Arabic-Indic digits
    made ASCII and thousands separators dropped (23,000 = 23000 = ٢٣٠٠٠); Latin casefolded;
    spaces collapsed. None/NA gives ""."""
    if text is None or text is pd.NA or (isinstance(text, float) and text != text):
        return ""
    t = normalize_ar(unicodedata.normalize("NFKC", str(text))).translate(_MORE_FOLDS).casefold()
    t = _THOUSANDS.sub("", t)
    t = _STRAY_DOT.sub(" ", _NON_WORD.sub(" ", t))
    return " ".join(t.split())


# Function words and reporting verbs/participles (normalized): they carry no claim content, and
# two different claims of one speaker share many of them ("أكد أن ... في ... إلى ...").
_STOPWORDS = frozenset(
    normalize_arabic(
        """
        أن إن أنه إنه أنها إنها وأن وإن وأنه وإنه فإن بأن لأن كأن أنهم إنهم
        في فى من إلى الى على عن مع بعد قبل خلال منذ حتى عند لدى نحو ضد دون بين حول عبر
        التي الذي الذين اللذين اللتين اللواتي ما ماذا من هذا هذه ذلك تلك هؤلاء هنا هناك
        و أو ثم ف قد لقد لا لم لن ليس إلا لكن بل إذا إذ كما كذلك أيضا حيث
        هو هي هم هن نحن أنا أنت به بها له لها لهم عليه عليها فيه فيها منه منها عنه عنها إليه إليها
        كان كانت يكون تكون كل جميع كافة أي بعض غير
        قال يقول أكد يؤكد أوضح يوضح أشار يشير أضاف يضيف أعلن يعلن بين شدد لفت تابع اعتبر رأى دعا
        أفاد ذكر صرح نقل
        قوله مشيرا لافتا مؤكدا مبينا مضيفا معتبرا داعيا محذرا موضحا مشددا
        """
    ).split()
)
_PREFIX = re.compile(r"^[وف]?(?:لل|[بك]ال|ال|[بلك])?(?=\w{3})")


def match_key(text) -> str:
    """The fuzzy-matching key of a claim: normalized, without stop words, tokens sorted; words of
    five letters or more lose the prefixes و/ف, ب/ل/ك and the article (keeping three letters at
    least). Shorter words keep them: there و/ب/ل/ك are as often root letters (وقت، بلد، لجنة)."""
    norm = normalize_arabic(text)
    stems = []
    for token in norm.split():
        if token in _STOPWORDS:
            continue
        stem = _PREFIX.sub("", token, count=1) if len(token) > 4 else token
        if stem not in _STOPWORDS:
            stems.append(stem)
    return " ".join(sorted(stems)) or " ".join(sorted(norm.split()))


def similarity(a, b) -> float:
    """The score `diff` matches claims by (0-100): token_sort_ratio of the two match keys."""
    return float(SCORER(match_key(a), match_key(b)))


def _each(series: pd.Series, fn) -> np.ndarray:
    """fn of every value (a str array; missing values give "")."""
    return np.array([("" if _missing(v) else fn(v)) for v in series.astype(object)], dtype=object)


def _speaker_key(value) -> str:
    return normalize_arabic(value)  # None/NA -> "": the narration matches only narration


# ---------------------------------------------------------------- result

@dataclass
class DiffTables:
    """The diff of claim tables: `claims`, `figures` (a `status` on every row) and `summary`."""

    claims: pd.DataFrame
    figures: pd.DataFrame
    summary: pd.DataFrame

    @property
    def is_empty(self) -> bool:
        """True when nothing was added, removed or changed (unchanged rows may still be listed)."""
        return int(self.summary["changes"].sum()) == 0 if len(self.summary) else True

    def as_dict(self) -> dict[str, pd.DataFrame]:
        return {"summary": self.summary, "claims": self.claims, "figures": self.figures}

    def to_excel(self, path) -> Path:
        from pipeline.diff_export import write_diff_xlsx

        write_diff_xlsx(self.as_dict(), Path(path))
        return Path(path)

    def to_csv(self, out_dir) -> list[Path]:
        from pipeline.diff_export import write_diff_csv

        return write_diff_csv(self.as_dict(), Path(out_dir))

    def save(self, out_dir) -> list[Path]:
        """DIR/diff.xlsx (Summary, Claims, Figures), DIR/diff_claims.csv, DIR/diff_figures.csv;
        all three are written before any replaces an earlier diff's file."""
        from pipeline.diff_export import write_diff

        return write_diff(self.as_dict(), Path(out_dir))

    def __repr__(self) -> str:
        def counts(df):
            c = df["status"].value_counts()
            return " ".join(f"{s}={int(c.get(s, 0))}" for s in DIFF_STATUSES)

        return f"DiffTables(pairs={len(self.summary)}; claims: {counts(self.claims)}; figures: {counts(self.figures)})"


# ---------------------------------------------------------------- entry point

def diff(
    a: TableLike,
    b: Optional[TableLike] = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    from_date: Optional[str] = None,
    to_date: Optional[str] = None,
    by_date: bool = False,
    include_unchanged: bool = True,
) -> DiffTables:
    """Diff OLD `a` against NEW `b` (ClaimTables, saved outputs — folder, claims.xlsx, claims.csv —
    or a claims DataFrame); or, with `b` omitted, the claims of `from_date` against those of
    `to_date` in one table, or (`by_date=True`) each pair of consecutive dates of it.

    `threshold` (0-100): the least similarity for a reworded claim to count as changed rather
    than removed + added. Unchanged rows are listed unless `include_unchanged=False`; the
    summary counts them either way. A path that is no claimtable output raises LoadError.
    """
    threshold = _check_threshold(threshold)
    if b is not None and (from_date is not None or to_date is not None or by_date):
        raise DiffError("--from/--to and --by-date compare the dates of one table: give one table, not two")
    if b is None and by_date and (from_date is not None or to_date is not None):
        raise DiffError("--by-date compares every pair of consecutive dates: leave out --from/--to")
    if b is None and not by_date and (from_date is None or to_date is None):
        raise DiffError("give OLD and NEW, or one table with --from DATE --to DATE, or one table with --by-date")
    old, old_label = _as_tables(a)
    if b is not None:
        new, new_label = _as_tables(b)
        parts = [_diff_pair(old, new, threshold, old_label, new_label)]
    else:
        dates = table_dates(old)
        if by_date:
            if len(dates) < 2:
                raise DiffError(f"{old_label}: --by-date needs claims of two dates at least; {_dates_note(dates)}")
            pairs = list(zip(dates, dates[1:]))
        else:
            for d in (from_date, to_date):
                if d not in dates:
                    raise DiffError(f"{old_label}: no claims dated {d}; {_dates_note(dates)}")
            pairs = [(from_date, to_date)]
        parts = [
            _diff_pair(on_date(old, d1), on_date(old, d2), threshold, old_label, old_label, d1, d2)
            for d1, d2 in pairs
        ]
    claims = pd.concat([p[0] for p in parts], ignore_index=True)
    figures = pd.concat([p[1] for p in parts], ignore_index=True)
    if not include_unchanged:
        claims = claims[claims["status"] != "unchanged"]
        figures = figures[figures["status"] != "unchanged"]
    return DiffTables(
        claims=coerce(ClaimDiffRow, claims.reset_index(drop=True)),
        figures=coerce(FigureDiffRow, figures.reset_index(drop=True)),
        summary=frame(DiffSummaryRow, [p[2] for p in parts]),
    )


def _check_threshold(threshold) -> float:
    try:
        value = float(threshold)
    except (TypeError, ValueError):
        raise DiffError(f"threshold must be a number from 0 to 100, not {threshold!r}") from None
    if not 0 <= value <= 100:
        raise DiffError(f"threshold must be from 0 to 100, not {threshold!r}")
    return value


def _as_tables(x: TableLike) -> tuple[ClaimTables, str]:
    if isinstance(x, ClaimTables):
        return x, repr(x)
    if isinstance(x, pd.DataFrame):
        if "claim_text" not in x.columns:
            raise DiffError("a DataFrame to diff must be a claims table (it has no claim_text column)")
        empty = ClaimTables(frame(ClaimRow, []), frame(FigureRow, []), frame(SpeakerRow, []), frame(DocumentRow, []))
        return ClaimTables(coerce(ClaimRow, x), empty.figures, empty.speakers, empty.documents), f"DataFrame ({len(x)} claims)"
    if isinstance(x, (str, Path)):
        try:
            tables = load(x)
        except LoadError:
            raise
        except Exception as exc:  # a damaged CSV or Parquet file: pandas/pyarrow errors of many kinds
            detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
            raise LoadError(f"{x}: cannot be read as a claims table ({detail})") from exc
        if len(tables.claims) and tables.claims["claim_text"].isna().all():
            raise LoadError(f"{x}: not a claims table (no claim_text values)")
        return tables, str(x)
    raise TypeError(f"cannot diff a {type(x).__name__}: give ClaimTables, a path or a claims DataFrame")


def table_dates(tables: ClaimTables) -> list[str]:
    """The distinct doc_dates of a table's claims, in order."""
    return sorted(set(tables.claims["doc_date"].dropna()))


def _dates_note(dates: list[str]) -> str:
    if not dates:
        return "its claims have no dates"
    shown = ", ".join(dates[:12]) + (", ..." if len(dates) > 12 else "")
    return f"dates in the table: {shown}"


def on_date(tables: ClaimTables, date: str) -> ClaimTables:
    """The claims and figures of one doc_date (a figure without a date goes with its claim)."""
    claims = tables.claims[(tables.claims["doc_date"] == date).fillna(False)]
    figs = tables.figures
    in_claims = figs["claim_id"].isin(claims["claim_id"])
    dated = (figs["doc_date"] == date).fillna(False)
    figures = figs[dated | (figs["doc_date"].isna() & in_claims)]
    return ClaimTables(claims, figures, tables.speakers, tables.documents)


def _date_span(dates: pd.Series) -> Optional[str]:
    """One date, or the ISO 8601 interval first/last of several."""
    values = sorted(set(dates.dropna()))
    if not values:
        return None
    return values[0] if len(values) == 1 else f"{values[0]}/{values[-1]}"


# ---------------------------------------------------------------- one pair of tables

_CLAIM_ORDER = ["doc_date", "doc_id", "paragraph", "sentence", "claim_no", "start", "end", "claim_id", "speaker", "claim_text"]
_FIGURE_ORDER = ["doc_date", "doc_id", "claim_id", "start", "end", "figure_id", "text", "value", "unit_en", "kind"]


def canonical(df: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Rows sorted by content, index 0..n-1: the order every later tie-break relies on."""
    return df.sort_values(order, na_position="last", kind="mergesort").reset_index(drop=True)


def _diff_pair(old: ClaimTables, new: ClaimTables, threshold: float, old_label: str, new_label: str,
               from_date: Optional[str] = None, to_date: Optional[str] = None):
    oc = canonical(coerce(ClaimRow, old.claims), _CLAIM_ORDER)
    nc = canonical(coerce(ClaimRow, new.claims), _CLAIM_ORDER)
    from_date = from_date if from_date is not None else _date_span(oc["doc_date"])
    to_date = to_date if to_date is not None else _date_span(nc["doc_date"])

    pairs = match_claims(oc, nc, threshold)
    claims = _claim_rows(oc, nc, pairs, from_date, to_date)
    matched = pairs.dropna(subset=["old", "new"])
    claim_map = dict(zip(oc["claim_id"].iloc[matched["old"].astype(int)], nc["claim_id"].iloc[matched["new"].astype(int)]))

    of = _figure_frame(old.figures, oc)
    nf = _figure_frame(new.figures, nc)
    fig_pairs = match_figures(of, nf, claim_map)
    figures = _figure_rows(of, nf, fig_pairs, from_date, to_date)

    counts = {
        f"{table}_{status}": int((df["status"] == status).sum())
        for table, df in (("claims", claims), ("figures", figures))
        for status in DIFF_STATUSES
    }
    summary = DiffSummaryRow(
        from_date=from_date,
        to_date=to_date,
        old=old_label,
        new=new_label,
        threshold=threshold,
        changes=sum(v for k, v in counts.items() if not k.endswith("unchanged")),
        claims_in_old=len(oc),
        claims_in_new=len(nc),
        figures_in_old=len(of),
        figures_in_new=len(nf),
        **counts,
    )
    return claims, figures, summary


# ---------------------------------------------------------------- claims

def match_claims(old: pd.DataFrame, new: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """One-to-one pairs of claims (positions in `old` and `new`, NA when alone) with status and
    similarity. Inputs should be in canonical order (see `canonical`) for order independence."""
    o = pd.DataFrame({"skey": _each(old["speaker"], _speaker_key), "norm": _each(old["claim_text"], normalize_arabic)})
    n = pd.DataFrame({"skey": _each(new["speaker"], _speaker_key), "norm": _each(new["claim_text"], normalize_arabic)})
    o["pos"], n["pos"] = np.arange(len(o)), np.arange(len(n))
    # 1. equal normalized text, same speaker: unchanged (repeats paired in order)
    o["dup"] = o.groupby(["skey", "norm"], sort=False).cumcount()
    n["dup"] = n.groupby(["skey", "norm"], sort=False).cumcount()
    exact = o.merge(n, on=["skey", "norm", "dup"], suffixes=("_old", "_new"))
    parts = [pd.DataFrame({"old": exact["pos_old"], "new": exact["pos_new"], "similarity": 100.0, "status": "unchanged"})]
    # 2. the rest, fuzzily, per speaker
    o_left = o[~o["pos"].isin(exact["pos_old"])]
    n_left = n[~n["pos"].isin(exact["pos_new"])]
    matched_old: list[int] = []
    matched_new: list[int] = []
    scores: list[float] = []
    if len(o_left) and len(n_left):
        n_groups = {k: g for k, g in n_left.groupby("skey", sort=True)}
        for skey, og in o_left.groupby("skey", sort=True):
            ng = n_groups.get(skey)
            if ng is None:
                continue
            o_keys = [match_key(t) for t in old["claim_text"].iloc[og["pos"]].fillna("")]
            n_keys = [match_key(t) for t in new["claim_text"].iloc[ng["pos"]].fillna("")]
            for i, j, score in greedy_pairs(o_keys, n_keys, threshold):
                matched_old.append(int(og["pos"].iat[i]))
                matched_new.append(int(ng["pos"].iat[j]))
                scores.append(round(score, 1))
    parts.append(pd.DataFrame({"old": matched_old, "new": matched_new, "similarity": scores, "status": "changed"}))
    # 3. alone: removed / added
    removed = o_left["pos"][~o_left["pos"].isin(matched_old)]
    added = n_left["pos"][~n_left["pos"].isin(matched_new)]
    parts.append(pd.DataFrame({"old": removed.to_numpy(), "new": pd.NA, "similarity": np.nan, "status": "removed"}))
    parts.append(pd.DataFrame({"old": pd.NA, "new": added.to_numpy(), "similarity": np.nan, "status": "added"}))
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({"old": pd.array([], "Int64"), "new": pd.array([], "Int64"),
                             "similarity": pd.array([], "Float64"), "status": pd.array([], "string")})
    out = pd.concat(parts, ignore_index=True)
    return out.astype({"old": "Int64", "new": "Int64", "similarity": "Float64", "status": "string"})


def greedy_pairs(old_keys: list[str], new_keys: list[str], threshold: float) -> list[tuple[int, int, float]]:
    """One-to-one (i, j, score) with score >= threshold, best score first (ties: lower i, then j).

    Scores come from `process.cdist` (C++, all cores for large blocks), one block of old rows at
    a time; only the candidate pairs at or above the threshold reach Python.
    """
    if not old_keys or not new_keys:
        return []
    rows = max(1, BLOCK_CELLS // len(new_keys))
    workers = -1 if len(old_keys) * len(new_keys) > 50_000 else 1
    cand_i, cand_j, cand_s = [], [], []
    for start in range(0, len(old_keys), rows):
        block = process.cdist(old_keys[start:start + rows], new_keys, scorer=SCORER,
                              score_cutoff=threshold, dtype=np.float64, workers=workers)
        ii, jj = np.nonzero(block >= threshold)
        cand_i.append(ii + start)
        cand_j.append(jj)
        cand_s.append(block[ii, jj])
    ii, jj, ss = np.concatenate(cand_i), np.concatenate(cand_j), np.concatenate(cand_s)
    order = np.lexsort((jj, ii, -ss))
    used_old = np.zeros(len(old_keys), dtype=bool)
    used_new = np.zeros(len(new_keys), dtype=bool)
    limit = min(len(old_keys), len(new_keys))
    out = []
    for k in order:
        i, j = ii[k], jj[k]
        if used_old[i] or used_new[j]:
            continue
        used_old[i] = used_new[j] = True
        out.append((int(i), int(j), float(ss[k])))
        if len(out) == limit:
            break
    return out


def _side(df: pd.DataFrame, pos: pd.Series, prefix: str) -> pd.DataFrame:
    """Columns of `df` at positions `pos` (NA -> empty row), prefixed."""
    idx = pos.fillna(-1).astype("int64").to_numpy()
    padded = df.reset_index(drop=True).reindex(range(len(df) + 1))  # last row: all NA
    taken = padded.iloc[np.where(idx >= 0, idx, len(df))].reset_index(drop=True)
    return taken.add_prefix(prefix)


_STATUS_RANK = {s: i for i, s in enumerate(("changed", "added", "removed", "unchanged"))}


def _claim_rows(oc: pd.DataFrame, nc: pd.DataFrame, pairs: pd.DataFrame, from_date, to_date) -> pd.DataFrame:
    o = _side(oc, pairs["old"], "o_")
    n = _side(nc, pairs["new"], "n_")
    df = pd.DataFrame(
        {
            "status": pairs["status"].to_numpy(),
            "from_date": from_date,
            "to_date": to_date,
            "speaker": n["n_speaker"].fillna(o["o_speaker"]),
            "similarity": pairs["similarity"].to_numpy(),
            "old_claim_text": o["o_claim_text"],
            "new_claim_text": n["n_claim_text"],
            "old_figures": o["o_figures"],
            "new_figures": n["n_figures"],
            "speaker_ar": n["n_speaker_ar"].fillna(o["o_speaker_ar"]),
            "old_date": o["o_doc_date"],
            "new_date": n["n_doc_date"],
            "old_doc_id": o["o_doc_id"],
            "new_doc_id": n["n_doc_id"],
            "old_claim_id": o["o_claim_id"],
            "new_claim_id": n["n_claim_id"],
        }
    )
    df = coerce(ClaimDiffRow, df)
    # reading order: by speaker (narration last), then where the claim is (NEW side, else OLD)
    pos = {k: n[f"n_{k}"].fillna(o[f"o_{k}"]) for k in ("doc_date", "doc_id", "paragraph", "sentence", "claim_no")}
    keys = pd.DataFrame({"_spk": df["speaker"], **{f"_{k}": v for k, v in pos.items()},
                         "_rank": df["status"].map(_STATUS_RANK).astype("int64"),
                         "_oid": df["old_claim_id"], "_nid": df["new_claim_id"]})
    order = keys.sort_values(list(keys.columns), na_position="last", kind="mergesort").index
    return df.loc[order].reset_index(drop=True)


# ---------------------------------------------------------------- figures

QUALIFIER_WORDS = {"approx": "about", "more_than": "more than", "less_than": "less than",
                   "at_least": "at least", "at_most": "at most"}


def _figure_frame(figures: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Figures with their claim's text (and speaker/date where the figure lacks them), canonical."""
    f = coerce(FigureRow, figures).copy()
    by_id = claims.drop_duplicates("claim_id").set_index("claim_id")
    f["claim_text"] = f["claim_id"].map(by_id["claim_text"])
    f["speaker"] = f["speaker"].fillna(f["claim_id"].map(by_id["speaker"]))
    f["doc_date"] = f["doc_date"].fillna(f["claim_id"].map(by_id["doc_date"]))
    f = canonical(f, _FIGURE_ORDER)
    unit_en = _each(f["unit_en"], lambda u: " ".join(str(u).casefold().split()))
    unit_ar = _each(f["unit"], lambda u: "ar:" + normalize_arabic(u))
    unit = np.where(unit_en != "", unit_en, unit_ar)
    f["_group"] = _each(f["speaker"], _speaker_key) + "\x1f" + unit + "\x1f" + _each(f["kind"], str)
    f["_same"] = (_each(f["value"], lambda v: repr(float(v))) + "|" + _each(f["value_max"], lambda v: repr(float(v)))
                  + "|" + _each(f["qualifier"], str) + "|" + _each(f["date"], str))
    return f


def match_figures(of: pd.DataFrame, nf: pd.DataFrame, claim_map: dict) -> pd.DataFrame:
    """One-to-one pairs of figures (positions, NA when alone) within (speaker, unit_en, kind)."""
    o_claim = [None if _missing(c) else claim_map.get(c) for c in of["claim_id"].astype(object)]
    n_claim = [None if _missing(c) else c for c in nf["claim_id"].astype(object)]
    o = pd.DataFrame({"g": of["_group"].to_numpy(dtype=object), "same": of["_same"].to_numpy(dtype=object),
                      "pos": np.arange(len(of)), "claim": pd.Series(o_claim, dtype=object)})
    n = pd.DataFrame({"g": nf["_group"].to_numpy(dtype=object), "same": nf["_same"].to_numpy(dtype=object),
                      "pos": np.arange(len(nf)), "claim": pd.Series(n_claim, dtype=object)})
    # 1. same value and qualifier, in claims matched to each other
    oe, ne = o[o["claim"].notna()].copy(), n[n["claim"].notna()].copy()
    oe["dup"] = oe.groupby(["g", "claim", "same"], sort=False).cumcount()
    ne["dup"] = ne.groupby(["g", "claim", "same"], sort=False).cumcount()
    exact = oe.merge(ne, on=["g", "claim", "same", "dup"], suffixes=("_old", "_new"))
    pairs_old, pairs_new = list(exact["pos_old"]), list(exact["pos_new"])
    # 2. the rest, greedily within each group
    o_left = o[~o["pos"].isin(pairs_old)]
    n_left = n[~n["pos"].isin(pairs_new)]
    n_groups = {k: g for k, g in n_left.groupby("g", sort=True)}
    for g, og in o_left.groupby("g", sort=True):
        ng = n_groups.get(g)
        if ng is None:
            continue
        for i, j in _greedy_figures(of.iloc[og["pos"]], nf.iloc[ng["pos"]], og["claim"], ng["claim"]):
            pairs_old.append(int(og["pos"].iat[i]))
            pairs_new.append(int(ng["pos"].iat[j]))
    removed = sorted(set(range(len(of))) - set(pairs_old))
    added = sorted(set(range(len(nf))) - set(pairs_new))
    return pd.DataFrame(
        {
            "old": pd.array(pairs_old + removed + [None] * len(added), dtype="Int64"),
            "new": pd.array(pairs_new + [None] * len(removed) + added, dtype="Int64"),
        }
    )


def _greedy_figures(o: pd.DataFrame, n: pd.DataFrame, o_claim: pd.Series, n_claim: pd.Series) -> list[tuple[int, int]]:
    """Pairs by (same matched claim, closest relative value, same qualifier), best first."""
    codes, _ = pd.factorize(pd.concat([o_claim, n_claim], ignore_index=True), use_na_sentinel=True)
    oc, nc = codes[: len(o)], codes[len(o):]
    same_claim = (oc[:, None] == nc[None, :]) & (oc[:, None] >= 0)
    a = o["value"].astype("float64").to_numpy()[:, None]
    b = n["value"].astype("float64").to_numpy()[None, :]
    both = ~np.isnan(a) & ~np.isnan(b)
    denom = np.maximum(np.abs(a), np.abs(b))
    with np.errstate(invalid="ignore", divide="ignore"):
        rel = np.where(denom > 0, np.abs(a - b) / denom, 0.0)
    dcodes, _ = pd.factorize(pd.concat([o["date"], n["date"]], ignore_index=True), use_na_sentinel=True)
    same_date = dcodes[: len(o)][:, None] == dcodes[len(o):][None, :]
    neither = np.isnan(a) & np.isnan(b)
    dist = np.where(both, rel, np.where(neither & same_date, 0.0, 1.0))
    qcodes, _ = pd.factorize(pd.concat([o["qualifier"], n["qualifier"]], ignore_index=True))
    same_q = qcodes[: len(o)][:, None] == qcodes[len(o):][None, :]
    ii, jj = np.indices(dist.shape)
    ii, jj = ii.ravel(), jj.ravel()
    order = np.lexsort((jj, ii, ~same_q.ravel(), dist.ravel(), ~same_claim.ravel()))
    used_o = np.zeros(len(o), dtype=bool)
    used_n = np.zeros(len(n), dtype=bool)
    limit, out = min(len(o), len(n)), []
    for k in order:
        i, j = ii[k], jj[k]
        if used_o[i] or used_n[j]:
            continue
        used_o[i] = used_n[j] = True
        out.append((int(i), int(j)))
        if len(out) == limit:
            break
    return out


def _figure_rows(of: pd.DataFrame, nf: pd.DataFrame, pairs: pd.DataFrame, from_date, to_date) -> pd.DataFrame:
    o = _side(of, pairs["old"], "o_")
    n = _side(nf, pairs["new"], "n_")
    has_o, has_n = pairs["old"].notna().to_numpy(), pairs["new"].notna().to_numpy()
    same = (o["o__same"] == n["n__same"]).fillna(False).to_numpy()
    status = np.select([has_o & has_n & same, has_o & has_n, has_o], ["unchanged", "changed", "removed"], "added")
    old_value = o["o_value"].astype("Float64")
    new_value = n["n_value"].astype("Float64")
    delta = (new_value - old_value).round(6)
    pct = (delta / old_value.abs() * 100).round(2)
    pct = pct.mask(old_value == 0)
    df = pd.DataFrame(
        {
            "status": status,
            "from_date": from_date,
            "to_date": to_date,
            "speaker": n["n_speaker"].fillna(o["o_speaker"]),
            "unit_en": n["n_unit_en"].fillna(o["o_unit_en"]),
            "kind": n["n_kind"].fillna(o["o_kind"]),
            "summary": "",
            "old_value": old_value,
            "new_value": new_value,
            "delta": delta,
            "pct_change": pct,
            "old_qualifier": o["o_qualifier"],
            "new_qualifier": n["n_qualifier"],
            "old_value_max": o["o_value_max"],
            "new_value_max": n["n_value_max"],
            "old_figure_date": o["o_date"],
            "new_figure_date": n["n_date"],
            "old_text": o["o_text"],
            "new_text": n["n_text"],
            "old_claim_text": o["o_claim_text"],
            "new_claim_text": n["n_claim_text"],
            "unit": n["n_unit"].fillna(o["o_unit"]),
            "old_date": o["o_doc_date"],
            "new_date": n["n_doc_date"],
            "old_doc_id": o["o_doc_id"],
            "new_doc_id": n["n_doc_id"],
            "old_figure_id": o["o_figure_id"],
            "new_figure_id": n["n_figure_id"],
            "old_claim_id": o["o_claim_id"],
            "new_claim_id": n["n_claim_id"],
        }
    )
    df = coerce(FigureDiffRow, df)
    df["summary"] = pd.array([figure_summary(r) for r in df.to_dict("records")], dtype="string")
    pos = {k: n[f"n_{k}"].fillna(o[f"o_{k}"]) for k in ("doc_date", "doc_id", "start", "figure_id")}
    keys = pd.DataFrame({"_spk": df["speaker"], "_unit": df["unit_en"], "_kind": df["kind"],
                         **{f"_{k}": v for k, v in pos.items()},
                         "_rank": df["status"].map(_STATUS_RANK).astype("int64"), "_oid": df["old_figure_id"]})
    order = keys.sort_values(list(keys.columns), na_position="last", kind="mergesort").index
    return df.loc[order].reset_index(drop=True)


def format_value(value, value_max=None, date=None, kind=None, qualifier=None) -> str:
    """23000 -> '23,000'; 2.5 percent -> '2.5%'; a range -> '10–20'; a date -> its ISO text."""
    if _missing(value):
        return "" if _missing(date) else str(date)

    def num(v: float) -> str:
        v = float(v)
        return f"{int(v):,}" if v.is_integer() else f"{v:,.3f}".rstrip("0").rstrip(".")

    text = num(value) + ("" if _missing(value_max) else "–" + num(value_max))
    if kind == "percent":
        text += "%"
    word = QUALIFIER_WORDS.get(qualifier) if not _missing(qualifier) else None
    return f"{word} {text}" if word else text


def figure_summary(row: dict) -> str:
    """'Russian General Staff: sorties more than 23,000 → 28,000' (one qualifier if both share it)."""
    who = row.get("speaker")
    who = "(narration)" if _missing(who) else who
    unit = row.get("unit_en")
    if _missing(unit):
        unit = None if row.get("kind") == "percent" else (row.get("unit") if not _missing(row.get("unit")) else row.get("kind"))
    head = f"{who}: {unit} " if not _missing(unit) else f"{who}: "

    def side(prefix: str, qualified: bool = True) -> str:
        return format_value(row.get(f"{prefix}_value"), row.get(f"{prefix}_value_max"),
                            row.get(f"{prefix}_figure_date"), row.get("kind"),
                            row.get(f"{prefix}_qualifier") if qualified else None)

    status = row["status"]
    if status == "changed":
        if row.get("old_qualifier") == row.get("new_qualifier"):
            return head + f"{side('old')} → {side('new', qualified=False)}"
        return head + f"{side('old')} → {side('new')}"
    if status == "added":
        return head + f"{side('new')} (added)"
    if status == "removed":
        return head + f"{side('old')} (removed)"
    return head + f"{side('new')} (unchanged)"


def _missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)
