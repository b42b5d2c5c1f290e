"""Row models of the diff tables (`claimtable diff`): the one definition of their columns.

Field order is column order; `pipeline.tables.frame`/`coerce` derive the DataFrames' columns
and dtypes from these models, exactly as for the run's tables. `old_*` columns describe the row
in the OLD table (or the FROM date), `new_*` the row in the NEW table (or the TO date); an added
row has no `old_*` values and a removed row no `new_*` values.
"""
from __future__ import annotations

from typing import Literal, Optional

from schemas.rows import FigureKind, Qualifier, Row

DiffStatus = Literal["added", "removed", "changed", "unchanged"]
DIFF_STATUSES: tuple[str, ...] = ("added", "removed", "changed", "unchanged")
# Claims of the two tables pair up at this rapidfuzz token_sort_ratio (0-100) or above.
DEFAULT_THRESHOLD = 68.0


class ClaimDiffRow(Row):
    """One claim of either table: matched (changed/unchanged) with its counterpart, or alone."""

    status: DiffStatus
    from_date: Optional[str] = None  # the OLD side's date (ISO interval first/last if several)
    to_date: Optional[str] = None  # the NEW side's date
    speaker: Optional[str] = None  # None: the outlet's own narration
    similarity: Optional[float] = None  # 0-100 fuzzy score of the matched pair; empty if unmatched
    old_claim_text: Optional[str] = None
    new_claim_text: Optional[str] = None
    old_figures: Optional[str] = None
    new_figures: Optional[str] = None
    speaker_ar: Optional[str] = None
    old_date: Optional[str] = None
    new_date: Optional[str] = None
    old_doc_id: Optional[str] = None
    new_doc_id: Optional[str] = None
    old_claim_id: Optional[str] = None
    new_claim_id: Optional[str] = None


class FigureDiffRow(Row):
    """One figure of either table, matched by speaker, unit_en and kind, with the change."""

    status: DiffStatus
    from_date: Optional[str] = None
    to_date: Optional[str] = None
    speaker: Optional[str] = None
    unit_en: Optional[str] = None
    kind: Optional[FigureKind] = None
    summary: str  # "Russian General Staff: sorties more than 23,000 → 28,000"
    old_value: Optional[float] = None
    new_value: Optional[float] = None
    delta: Optional[float] = None  # new_value - old_value
    pct_change: Optional[float] = None  # delta / |old_value| * 100, rounded to 2 places
    old_qualifier: Optional[Qualifier] = None
    new_qualifier: Optional[Qualifier] = None
    old_value_max: Optional[float] = None  # upper bound of a range
    new_value_max: Optional[float] = None
    old_figure_date: Optional[str] = None  # the figure's own ISO date, for kind date
    new_figure_date: Optional[str] = None
    old_text: Optional[str] = None  # the figure as printed
    new_text: Optional[str] = None
    old_claim_text: Optional[str] = None  # the claim the figure is in
    new_claim_text: Optional[str] = None
    unit: Optional[str] = None  # the Arabic counted noun (NEW side's, else OLD's)
    old_date: Optional[str] = None  # the documents' dates
    new_date: Optional[str] = None
    old_doc_id: Optional[str] = None
    new_doc_id: Optional[str] = None
    old_figure_id: Optional[str] = None
    new_figure_id: Optional[str] = None
    old_claim_id: Optional[str] = None
    new_claim_id: Optional[str] = None


class DiffSummaryRow(Row):
    """One compared pair (OLD/NEW, or FROM/TO date): its inputs, dates and counts per status."""

    from_date: Optional[str] = None
    to_date: Optional[str] = None
    old: Optional[str] = None  # the OLD input as given (path), or the table for a date diff
    new: Optional[str] = None
    threshold: float
    changes: int  # added + removed + changed, claims and figures: 0 means nothing changed
    claims_added: int = 0
    claims_removed: int = 0
    claims_changed: int = 0
    claims_unchanged: int = 0
    figures_added: int = 0
    figures_removed: int = 0
    figures_changed: int = 0
    figures_unchanged: int = 0
    claims_in_old: int = 0  # claims compared on each side
    claims_in_new: int = 0
    figures_in_old: int = 0
    figures_in_new: int = 0
