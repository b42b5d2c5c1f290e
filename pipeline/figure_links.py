"""Figures of each claim: numbers are read sentence by sentence, then given to the claim that
holds them, so a number in the sentence's attribution frame ("... بمشاركة 85 دولة إن ...")
still belongs to that sentence's claim. Sentences that carry no claim (the headline, section
titles) give no figures: the tables only hold what someone claimed or the outlet narrated.
"""
from __future__ import annotations

from bisect import bisect_right
from itertools import groupby

from pipeline.figures import find_figures, prepare_text
from schemas import Claim, FigureMention


def link_figures(text: str, claims: list[Claim], doc_date: str | None, units) -> list[tuple[int, FigureMention]]:
    """(index of the claim in `claims`, figure) for every figure of every claim sentence, in order."""
    linked: list[tuple[int, FigureMention]] = []
    if not claims:
        return linked
    try:
        prepared = prepare_text(text)  # normalised once for all of its sentences
    except Exception:  # noqa: BLE001 - find_figures then reads each sentence alone (and never raises)
        prepared = None
    indexed = sorted(range(len(claims)), key=lambda i: (claims[i].sentence_start, claims[i].start))
    for (s_start, s_end), group in groupby(indexed, key=lambda i: (claims[i].sentence_start, claims[i].sentence_end)):
        members = list(group)
        starts = [claims[i].start for i in members]
        for figure in find_figures(text, s_start, s_end, doc_date=doc_date, units=units, prepared=prepared):
            linked.append((members[_owner(starts, figure.start)], figure))
    return linked


def _owner(starts: list[int], position: int) -> int:
    """The claim whose text begins at or before `position` (the first claim for the frame before it)."""
    return max(bisect_right(starts, position) - 1, 0)
