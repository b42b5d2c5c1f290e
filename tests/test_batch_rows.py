"""document_rows' helpers equal their plain definitions: row ids, the language test."""
import random

import pytest

from pipeline.batch import _CLAIM_SUFFIXES, _FIGURE_SUFFIXES, _is_arabic, _row_ids
from pipeline.ingest import read_path
from tests.conftest import ARTICLES, SEED


@pytest.mark.parametrize("count", [0, 1, 7, 998, 999, 1000, 1001, 1234])
def test_row_ids_equal_the_formatted_ids(count):
    for suffixes, tag in ((_CLAIM_SUFFIXES, "c"), (_FIGURE_SUFFIXES, "f")):
        assert _row_ids("doc-7", count, suffixes, tag) == [f"doc-7-{tag}{n:03d}" for n in range(1, count + 1)]


def _is_arabic_plain(text):
    head = text[:5000]
    letters = [c for c in head if c.isalpha()]
    arabic = [c for c in letters if "\u0600" <= c <= "\u06ff"]
    return bool(letters) and len(arabic) >= 0.3 * len(letters)


def test_language_test_equals_counting_letters_one_by_one():
    texts = [d.text for p in [SEED, *sorted(ARTICLES.glob("*.txt"))] for d in read_path(p)]
    rng = random.Random(2)
    # Arabic and other letters, Arabic signs and digits that are no letters, around the 30% line
    pieces = ["ب", "ة", "ـ", "\u064b", "٣", "،", "a", "Z", "é", "ж", "中", " ", "5", ".", "\U0001F600"]
    for _ in range(3000):
        n = rng.randrange(0, 40)
        texts.append("".join(rng.choice(pieces) for _ in range(n)))
    texts += ["ب" * 3 + "a" * 7, "ب" * 3 + "a" * 8, "ب" * 2999 + "a" * 7000, "a" * 6000 + "ب" * 10, "ب" * 5001]
    results = [_is_arabic(t) for t in texts]
    assert results == [_is_arabic_plain(t) for t in texts]
    assert True in results and False in results
