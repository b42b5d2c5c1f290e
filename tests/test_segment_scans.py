"""Segment's scans without regexes or copies equal the plain versions they replaced, on the seed,
the test articles and random text."""
import random
import re
from bisect import bisect_left

import pytest

from pipeline import segment as seg
from pipeline.ingest import read_path
from schemas import Document
from tests.conftest import ARTICLES, SEED

ROOT = SEED.parent.parent


def _texts():
    paths = [SEED, *sorted(ARTICLES.glob("*.txt")), *sorted((ROOT / "tests" / "heldout" / "articles").glob("*.txt"))]
    return [d.text for p in paths for d in read_path(p)]


_ALPHABET = list("ابت مسن.!?؟؛…\n \t\u00a0\u2008\u205f\"“”«»„‟2.5(ب)x") + [
    "ب. م", "م. س", "..", "\n\n", "\n \n", "\n\t \n ", "2.", "كلمة ", "قال "]


def _random_texts(n, seed=11):
    rng = random.Random(seed)
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(1, 80))) for _ in range(n)]


# --- the plain versions ---------------------------------------------------------------------

def _quote_pairs_re(text, start, end):
    pairs, open_at = [], -1
    for m in re.finditer("[" + "".join(sorted(seg.QUOTES)) + "]", text[:end]):
        ch, i = m.group(), m.start()
        if i < start:
            continue
        if open_at < 0:
            if ch in seg.OPENERS or ch in seg.TOGGLES:
                open_at = i
        elif ch in seg.CLOSERS or ch in seg.TOGGLES:
            pairs.append((open_at, i))
            open_at = -1
    return pairs


def _is_subheadline_split(text):
    if "\n" in text:
        return False
    if text.endswith(".."):
        return True
    words = text.split()
    if len(words) > seg.SUBHEADLINE_MAX_WORDS:
        return False
    return text[-1] not in seg.TERMINAL or (text[-1] in "?؟" and len(words) <= 10)


def _paragraphs_re(doc):
    body_end = doc.body_end if doc.body_end is not None else len(doc.text)
    spans, pos = [], doc.body_start
    for m in re.compile(r"\n[ \t]*\n\s*").finditer(doc.text, doc.body_start, body_end):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, body_end))
    out = []
    for s, e in spans:
        chunk = doc.text[s:e]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            out.append((s + lead, s + lead + len(chunk.strip())))
    return out


# --- the comparisons ------------------------------------------------------------------------

@pytest.mark.parametrize("texts", [_texts(), _random_texts(3000)], ids=["articles", "random"])
def test_marks_equal_a_regex_scan(texts):
    for text in texts:
        for marks in (seg._ENDER_MARKS, seg._QUOTE_MARKS):
            expected = [m.start() for m in re.finditer("[" + re.escape(marks) + "]", text)]
            assert seg._marks(text, marks, 0, len(text)) == expected
            assert seg._marks(text, marks, 3, len(text) - 3) == [i for i in expected if 3 <= i < len(text) - 3]


@pytest.mark.parametrize("texts", [_texts(), _random_texts(3000)], ids=["articles", "random"])
def test_quote_pairs_from_one_scan_equal_a_scan_per_window(texts):
    rng = random.Random(5)
    for text in texts:
        index = seg._text_index(text)
        for _ in range(20):
            i = rng.randrange(0, len(text) + 1)
            j = rng.randrange(i, len(text) + 1)
            assert seg.quote_pairs(text, i, j) == _quote_pairs_re(text, i, j)
            q = index.quotes
            assert seg._pair_quotes(text, q[bisect_left(q, i):bisect_left(q, j)]) == _quote_pairs_re(text, i, j)


@pytest.mark.parametrize("texts", [_texts(), _random_texts(3000)], ids=["articles", "random"])
def test_subheadline_counts_words_only_when_it_must(texts):
    seen = 0
    for text in texts:
        for piece in {text, *text.split("\n"), *(w for w in text.split("\n\n"))}:
            piece = piece.strip()
            if piece:
                seen += _is_subheadline_split(piece)
                assert seg.is_subheadline(piece) == _is_subheadline_split(piece), piece
    assert seen  # some are headings


@pytest.mark.parametrize("texts", [_texts(), _random_texts(3000)], ids=["articles", "random"])
def test_paragraphs_without_a_regex(texts):
    rng = random.Random(3)
    for text in texts:
        for _ in range(5):
            start = rng.randrange(0, len(text) + 1)
            end = rng.choice([None, rng.randrange(start, len(text) + 1)])
            doc = Document(doc_id="t", path="t", text=text, body_start=start, body_end=end)
            assert seg.paragraphs_of(doc) == _paragraphs_re(doc), (text, start, end)


def test_space_test_equals_str_isspace_for_every_character():
    text = "".join(map(chr, range(0x110000)))
    assert [i for i in range(len(text)) if seg._space_at(text, i)] == [i for i, c in enumerate(text) if c.isspace()]

