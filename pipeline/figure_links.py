"""Figures of each claim: numbers are read sentence by sentence, then given to the claim that
holds them, so a number in the sentence's attribution frame ("... بمشاركة 85 دولة إن ...")
still belongs to that sentence's claim. Sentences that carry no claim (the headline, section
titles) give no figures: the tables only hold what someone claimed or the outlet narrated.
"""
from __future__ import annotations

from pipeline.bisection import upper_bound
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
    # each claim's fields read once (a model's attributes are not cheap); sorted by sentence
    # start, then start, then index (a stable sort on the first two)
    order = sorted([(c.sentence_start, c.start, i, c.sentence_end) for i, c in enumerate(claims)])
    n = len(order)
    k = 0
    while k < n:  # the runs of claims of one sentence (same start and end)
        s_start, _, _, s_end = order[k]
        members: list[int] = []
        starts: list[int] = []
        while k < n and order[k][0] == s_start and order[k][3] == s_end:
            members.append(order[k][2])
            starts.append(order[k][1])
            k += 1
        for figure in find_figures(text, s_start, s_end, doc_date=doc_date, units=units, prepared=prepared):
            linked.append((members[_owner(starts, figure.start)], figure))
    return linked


def _owner(starts: list[int], position: int) -> int:
    """The claim whose text begins at or before `position` (the first claim for the frame before it)."""
    return max(upper_bound(starts, position) - 1, 0)
