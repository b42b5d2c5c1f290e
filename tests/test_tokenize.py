"""numbers.tokenize cuts at whitespace before its regex: the tokens are those of the regex alone."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.numbers import norm, tokenize

_TOKEN_RE = re.compile(r"\d+(?:[.,ر]\d+)*|[^\W\d_]+|\S")


def _reference(ntext: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int, bool]]:
    out, prev_end = [], -2
    for m in _TOKEN_RE.finditer(ntext, start, len(ntext) if end is None else end):
        s, e = m.span()
        out.append((m.group(), s, e, s == prev_end))
        prev_end = e
    return out


def _got(ntext: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int, bool]]:
    return [(t.text, t.start, t.end, t.glued) for t in tokenize(ntext, start, end)]


_ALPHABET = st.sampled_from(list("اب ت1٢3.,ر_²\u00a0\u2028\x1c\t\n-،%$ـaZ") + ["الف", "23", "3ر18", "١٢٣"])


@given(st.lists(_ALPHABET, max_size=40).map("".join), st.integers(-5, 60), st.one_of(st.none(), st.integers(-5, 60)))
@settings(max_examples=500, deadline=None)
def test_tokenize_matches_the_regex(text, start, end):
    assert _got(text, start, end) == _reference(text, start, end)


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_tokenize_matches_the_regex_on_any_text(text):
    assert _got(text) == _reference(text)
    assert _got(text, 3, len(text) - 2) == _reference(text, 3, len(text) - 2)


def test_tokenize_a_sentence():
    text = norm("قال «المرصد» إن 23ألف شخص، و3ر18 بالمئة (نحو 1,294) نزحوا.")
    assert _got(text) == _reference(text)
    assert _got(text, 5, 30) == _reference(text, 5, 30)
