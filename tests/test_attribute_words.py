"""DocWords/Words: the memoised, one-pass cut gives what the plain definitions give, on real text
(the seeds and the test articles) and on text made to be awkward."""
from pathlib import Path

import pytest

from pipeline.attribute import (
    F_CHAIN,
    F_FRAME,
    F_SOURCE,
    F_TITLE,
    QUOTE_MARKS,
    _WORD,
    DocWords,
    Words,
    _bare,
    _punct_norm,
    _quote_flags,
    lexicon_for,
    norm_word,
)
from pipeline.resources import load_resources

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted(
    [*ROOT.glob("seeds/*.txt"), *ROOT.glob("tests/articles/*.txt"), *ROOT.glob("tests/heldout/articles/*.txt"),
     *ROOT.glob("tests/hostile/**/*.txt")]
)
AWKWARD = (
    "  وقال  الوزير:\t«لن نتراجع»،\nوأضاف أن\u00a0الجيش”سيبقى على الحياد” اليوم... (البنتاغون) "
    "لـ”داعش” مُحمّد ـــ 2024م 15% و\"قال\" x  \u200f؛ ”” ‟…„ end "
)


def _texts():
    out = [AWKWARD, "", " ", "كلمة", "«»"]
    for f in TEXTS:
        out.append(f.read_text(encoding="utf-8", errors="replace"))
    return out


@pytest.fixture(scope="module")
def lex():
    return lexicon_for(load_resources())


def test_there_is_real_text_to_check():
    assert len(TEXTS) >= 5


@pytest.mark.parametrize("text", _texts())
def test_doc_words_match_the_plain_definitions(text, lex):
    words = DocWords(text, lex)
    matches = list(_WORD.finditer(text))
    assert words.raw == [m.group() for m in matches]
    assert words.starts == [m.start() for m in matches]
    assert words.ends == [m.end() for m in matches]
    assert words.norm == [norm_word(r) for r in words.raw]
    assert words.bare == [_bare(n) for n in words.norm]
    assert words.punct == [_punct_norm(n) for n in words.norm]
    assert words.quotes == [k for k, r in enumerate(words.raw) if r in QUOTE_MARKS]
    assert words.flags == [lex.flag(n) for n in words.norm]
    for flag in (F_FRAME, F_SOURCE, F_CHAIN, F_TITLE):
        assert words.at[flag] == [k for k, f in enumerate(words.flags) if f & flag]


@pytest.mark.parametrize("text", _texts())
def test_sentence_slices_find_their_quotes(text, lex):
    """Each line (and each half line) as a sentence: the quote flags of its own words."""
    words = DocWords(text, lex)
    pos = 0
    for line in text.split("\n"):
        for a, b in ((0, len(line)), (0, len(line) // 2), (len(line) // 2, len(line))):
            part = line[a:b]
            ws = Words(part, pos + a, words)
            if any(r in QUOTE_MARKS for r in ws.raw):
                quoted, qmark = _quote_flags(ws.raw)
            else:
                quoted, qmark = [False] * ws.n, [0] * ws.n
            assert (ws.quoted, ws.qmark, ws.any_quoted) == (quoted, qmark, True in quoted)
            if a == 0 and b == len(line):  # cut on its own: the same words
                alone = Words(part, pos)
                assert (alone.raw, alone.starts, alone.quoted) == (ws.raw, ws.starts, ws.quoted)
        pos += len(line) + 1


def test_compiled_bisection_matches_the_bisect_module():
    import bisect
    import random

    from pipeline.bisection import lower_bound, upper_bound

    rng = random.Random(7)
    for _ in range(300):
        xs = sorted(rng.randrange(40) for _ in range(rng.randrange(12)))
        for x in range(-2, 43):
            for lo in range(len(xs) + 1):
                assert lower_bound(xs, x, lo) == bisect.bisect_left(xs, x, lo)
                assert lower_bound(xs, x) == bisect.bisect_left(xs, x)
                assert upper_bound(xs, x, lo) == bisect.bisect_right(xs, x, lo)
                assert upper_bound(xs, x) == bisect.bisect_right(xs, x)


def test_alias_tail_comparison_matches_the_slice_comparison():
    import itertools

    from pipeline.attribute import _rest_matches

    norm = ["أ", "ب", "ج", "د", "ب", "ج"]
    for n in range(1, 5):
        for toks in itertools.product("أبجد", repeat=n):
            for i in range(len(norm) - n + 1):
                assert _rest_matches(norm, i, toks) == (n <= 2 or tuple(norm[i + 2:i + n]) == toks[2:])
