"""The faster pieces of the figures stage against the code they replaced:
digit_first, iso, _Scan.free, the one-lookup token flags, the mentions built through the model's
validator, and link_figures' grouping of claims by sentence (on real articles)."""
from __future__ import annotations

from bisect import bisect_right
from itertools import groupby
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.figure_links import link_figures
from pipeline.figures import (
    _EXCEED_ANY, _R_EXCEED, _Scan, _triggers, find_figures, prepare_text,
)
from pipeline.numbers import NormText, digit_first, iso, tokenize
from pipeline.units import default_units
from schemas import FigureMention

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "tests" / "articles").glob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))


def test_digit_first_is_first_char_isdigit_for_every_bmp_char():
    assert digit_first("") is False
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        w = chr(cp) + "x"
        assert digit_first(w) == w[:1].isdigit(), hex(cp)


@given(st.text(min_size=0, max_size=4))
@settings(max_examples=500, deadline=None)
def test_digit_first_random(w):
    assert digit_first(w) == w[:1].isdigit()


@pytest.mark.parametrize("y", [-12, 0, 7, 99, 999, 1438, 2024, 12345])
def test_iso_matches_format_spec(y):
    assert iso(y) == f"{y:04d}"
    for m in (1, 9, 12):
        assert iso(y, m) == f"{y:04d}-{m:02d}"
        for d in (1, 9, 31):
            assert iso(y, m, d) == f"{y:04d}-{m:02d}-{d:02d}"


def test_free_matches_slice_any():
    text = "قتل 5 أشخاص وجرح 7 آخرون في 3 غارات على مدينة حلب"
    nt = NormText(text)
    toks = tokenize(nt.ntext)
    scan = _Scan(text, nt, 0, toks, default_units(), None, set())
    n = len(toks)
    for pattern in range(1 << min(n, 10)):
        scan.covered = [bool(pattern >> k & 1) for k in range(n)]
        for i in range(n + 1):
            for j in range(i, n + 2):
                assert scan.free(i, j) == (not any(scan.covered[i:j])), (pattern, i, j)


def test_token_flags_mark_exceed_words_over_the_triggers():
    table, _, flags = _triggers(default_units())
    assert flags is _triggers(default_units())[2]  # built once per lexicon
    for w in _EXCEED_ANY:
        assert flags[w] == _R_EXCEED
    for w, f in table.items():
        if w not in _EXCEED_ANY:
            assert flags[w] == f
    assert set(flags) == set(table) | _EXCEED_ANY


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_mentions_are_the_models_own(path):
    """The validator-built mentions equal FigureMention(**fields), field set included."""
    text = path.read_text(encoding="utf-8")
    mentions = find_figures(text, 0, None, doc_date="2017-04-26", prepared=prepare_text(text))
    assert mentions or path.name.startswith("attrib")
    for m in mentions:
        assert type(m) is FigureMention
        again = FigureMention(**m.model_dump())
        assert again == m
        assert m.model_fields_set == again.model_fields_set
        assert [type(v) for v in m.__dict__.values()] == [type(v) for v in again.__dict__.values()]


def _link_reference(text, claims, doc_date, units):
    """link_figures as it was (sorted + groupby + bisect)."""
    linked = []
    if not claims:
        return linked
    prepared = prepare_text(text)
    indexed = sorted(range(len(claims)), key=lambda i: (claims[i].sentence_start, claims[i].start))
    for (s_start, s_end), group in groupby(indexed, key=lambda i: (claims[i].sentence_start, claims[i].sentence_end)):
        members = list(group)
        starts = [claims[i].start for i in members]
        for figure in find_figures(text, s_start, s_end, doc_date=doc_date, units=units, prepared=prepared):
            linked.append((members[max(bisect_right(starts, figure.start) - 1, 0)], figure))
    return linked


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_link_figures_matches_reference(path):
    from pipeline.claims import extract_claims
    from pipeline.ingest import read_path
    from pipeline.resources import load_resources
    from pipeline.segment import segment

    res = load_resources()
    for doc in read_path(path, max_mb=1.0):
        claims = extract_claims(doc, segment(doc), res)
        got = link_figures(doc.text, claims, doc.date, res.units)
        want = _link_reference(doc.text, claims, doc.date, res.units)
        assert [(i, m.model_dump()) for i, m in got] == [(i, m.model_dump()) for i, m in want]
        # shuffled claims: the owners are still found by position, not by list order
        order = list(reversed(range(len(claims))))
        shuffled = [claims[i] for i in order]
        got = link_figures(doc.text, shuffled, doc.date, res.units)
        want = _link_reference(doc.text, shuffled, doc.date, res.units)
        assert [(i, m.model_dump()) for i, m in got] == [(i, m.model_dump()) for i, m in want]
