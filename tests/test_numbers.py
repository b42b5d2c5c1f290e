"""The number parser: digits in three scripts, number words, scales, calendars."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.numbers import (
    gregorian_to_hijri, hijri_to_gregorian, normalize, norm, ordinal_value, parse_digits, parse_number,
    tabular_gregorian_to_hijri, tabular_hijri_to_gregorian, tokenize,
)

# ---- a small renderer of numbers in Arabic words, to check that words parse back ---------------

_ONES = ["", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"]
_TEENS = {10: "عشرة", 11: "أحد عشر", 12: "اثنا عشر", 13: "ثلاثة عشر", 14: "أربعة عشر", 15: "خمسة عشر",
          16: "ستة عشر", 17: "سبعة عشر", 18: "ثمانية عشر", 19: "تسعة عشر"}
_TENS = {20: "عشرون", 30: "ثلاثون", 40: "أربعون", 50: "خمسون", 60: "ستون", 70: "سبعون", 80: "ثمانون", 90: "تسعون"}
_HUNDREDS = {1: "مئة", 2: "مئتان", 3: "ثلاثمئة", 4: "أربعمئة", 5: "خمسمئة", 6: "ستمئة", 7: "سبعمئة", 8: "ثمانمئة",
             9: "تسعمئة"}
_SCALES = [(10**9, "مليار", "ملياران", "مليارات"), (10**6, "مليون", "مليونان", "ملايين"),
           (10**3, "ألف", "ألفان", "آلاف")]


def _below_1000(n: int, hundred_spelling: str = "مئة") -> str:
    parts = []
    h, r = divmod(n, 100)
    if h:
        parts.append(_HUNDREDS[h].replace("مئة", hundred_spelling).replace("مئتان", "مئتان"))
    if r:
        if r < 10:
            parts.append(_ONES[r])
        elif r < 20:
            parts.append(_TEENS[r])
        else:
            u, t = r % 10, r - r % 10
            parts.append(f"{_ONES[u]} و{_TENS[t]}" if u else _TENS[t])
    return " و".join(parts)


def to_words(n: int, hundred_spelling: str = "مئة") -> str:
    """Standard MSA cardinal: units before tens, scales with their singular, dual and plural."""
    assert 0 < n < 10**12
    parts = []
    for value, sing, dual, plural in _SCALES:
        c, n = divmod(n, value)
        if not c:
            continue
        if c == 1:
            parts.append(sing)
        elif c == 2:
            parts.append(dual)
        elif c <= 10:
            parts.append(f"{_below_1000(c, hundred_spelling)} {plural}")
        else:
            parts.append(f"{_below_1000(c, hundred_spelling)} {sing}")
    if n:
        parts.append(_below_1000(n, hundred_spelling))
    return " و".join(parts)


def arabic_indic(s: str) -> str:
    return s.translate(str.maketrans("0123456789,.", "٠١٢٣٤٥٦٧٨٩٬٫"))


def persian(s: str) -> str:
    return s.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


# ---- examples ------------------------------------------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("23ألف", 23000), ("850ألف", 850000), ("٢٣٠٠٠", 23000), ("۲۳۰۰۰", 23000), ("١٬٢٩٤", 1294), ("٣٫٥", 3.5),
    ("1,294", 1294), ("2.6 مليون", 2_600_000), ("1.5 مليار", 1_500_000_000), ("67,4 مليون", 67_400_000),
    ("67,4مليون", 67_400_000), ("3ر18", 18.3), ("5ر1 مليون", 1_500_000), ("4ر0", 0.4),
    ("ثلاثة وعشرين ألفا", 23000), ("ثلاثة وعشرون ألفاً", 23000), ("مليون ونصف", 1_500_000),
    ("مليون ونصف المليون", 1_500_000), ("6 ملايين و526 ألف", 6_526_000), ("66 ألفا و259", 66259),
    ("ألفين و200", 2200), ("ألفي", 2000), ("مئة", 100), ("مائة", 100), ("مئتين", 200), ("مائتي", 200),
    ("ثلاثمئة", 300), ("ثلاثمائة", 300), ("ثلاث مئة", 300), ("ثلاثمئة وخمسا وعشرين", 325),
    ("أحد عشر", 11), ("إحدى عشرة", 11), ("اثنا عشر", 12), ("اثنتي عشرة", 12), ("ستة عشر", 16),
    ("عشرون", 20), ("تسعين", 90), ("ثلاثة آلاف", 3000), ("عشرة آلاف", 10000), ("أحد عشر ألفا", 11000),
    ("نصف مليون", 500_000), ("ربع مليون", 250_000), ("مليونين", 2_000_000), ("ثلاثة ملايين", 3_000_000),
    ("مئة ألف", 100_000), ("مليار", 1e9), ("1.200.000", 1_200_000),
])
def test_parse_number_examples(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "   ", "مرحبا", "بين 20 و30", "20 و30", "ثلاثة وأربعة", "أحد", "ألف ليلة"])
def test_parse_number_rejects_what_is_not_one_number(text):
    assert parse_number(text) is None


def test_parse_digits_separators_and_tunisian_decimals():
    assert parse_digits("1,294") == 1294
    assert parse_digits("2.6") == 2.6
    assert parse_digits("67,4") == 67.4
    assert parse_digits("1.500.000") == 1_500_000
    assert parse_digits("1.200") == 1.2
    assert parse_digits("1.200", dot_thousands=True) == 1200  # a count of 1.2 cases is no count
    assert parse_digits("3ر18") == 18.3
    assert parse_digits("25ر0") == 0.25


def test_normalize_keeps_offsets_back_to_the_printed_text():
    text = "ممثلاً أكثر من ٢٣ ألفاً، بِنحو ٣٫٥"
    ntext, offs = normalize(text)
    assert ntext == "ممثلا اكثر من 23 الفا، بنحو 3.5"
    assert len(offs) == len(ntext) + 1 and offs[-1] == len(text)
    for i, ch in enumerate(ntext):
        assert norm(text[offs[i]]) == ch


def test_tokenize_splits_digits_from_glued_words():
    toks = tokenize(norm("أكثر من 23ألف طلعة ومن650 و3ر18"))
    assert [t.text for t in toks] == ["اكثر", "من", "23", "الف", "طلعه", "ومن", "650", "و", "3ر18"]
    assert toks[3].glued and not toks[2].glued


@pytest.mark.parametrize("text,n", [("السادس", 6), ("السادس عشر", 16), ("الحادي عشر", 11), ("الحادية عشرة", 11),
                                    ("الأول", 1), ("الأولى", 1), ("ثاني", 2), ("الحادي والعشرين", 21),
                                    ("الثالث والثلاثين", 33)])
def test_ordinals(text, n):
    toks = tokenize(norm(text))
    value = ordinal_value(toks, 0)
    assert value is not None and value[0] == n and value[1] == len(toks)


def test_hijri_conversion_known_dates():
    assert hijri_to_gregorian(1440, 9, 1) == (2019, 5, 6)  # 1 Ramadan 1440
    assert hijri_to_gregorian(1438, 9, 1) == (2017, 5, 27)
    assert hijri_to_gregorian(1441, 1, 1) == (2019, 8, 31)  # Umm al-Qura; the tabular calendar says 1 Sep
    assert gregorian_to_hijri(2019, 5, 20) == (1440, 9, 15)
    # outside the Umm al-Qura tables, the arithmetic calendar
    assert hijri_to_gregorian(1, 1, 1) == (622, 7, 19)  # proleptic Gregorian of 16 July 622 (Julian)
    assert tabular_hijri_to_gregorian(1441, 1, 1) == (2019, 9, 1)


# ---- properties ----------------------------------------------------------------------------

numbers = st.integers(min_value=1, max_value=999_999_999_999)


@given(numbers)
def test_western_digits_parse_back(n):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@given(numbers)
def test_arabic_indic_and_persian_digits_parse_back(n):
    assert parse_number(arabic_indic(str(n))) == n
    assert parse_number(arabic_indic(f"{n:,}")) == n
    assert parse_number(persian(str(n))) == n


@given(numbers, st.sampled_from(["مئة", "مائة"]))
@settings(max_examples=300)
def test_words_parse_back(n, hundred):
    assert parse_number(to_words(n, hundred)) == n


@given(st.integers(min_value=1, max_value=999), st.sampled_from([(10**3, "ألف"), (10**6, "مليون"), (10**9, "مليار")]))
def test_digits_with_a_scale_word_parse_back(n, scale):
    value, word = scale
    assert parse_number(f"{n} {word}") == n * value
    assert parse_number(f"{n}{word}") == n * value  # glued: 23ألف


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=9))
def test_decimals_with_scale_parse_back(whole, tenth):
    assert parse_number(f"{whole}.{tenth} مليون") == pytest.approx((whole + tenth / 10) * 1e6)
    assert parse_number(f"{tenth}ر{whole}") == pytest.approx(whole + tenth / 10)  # Tunisian


@given(st.text())
@settings(max_examples=500)
def test_parser_never_raises(text):
    parse_number(text)
    ntext, offs = normalize(text)
    assert len(offs) == len(ntext) + 1
    tokenize(ntext)


@given(st.integers(min_value=1300, max_value=1500), st.integers(min_value=1, max_value=12),
       st.integers(min_value=1, max_value=29))
def test_hijri_round_trip(y, m, d):
    assert tabular_gregorian_to_hijri(*tabular_hijri_to_gregorian(y, m, d)) == (y, m, d)
    g = hijri_to_gregorian(y, m, d)
    back = gregorian_to_hijri(*g)
    assert back == (y, m, d) or (d == 29 or d == 30)  # Umm al-Qura months of 29 days roll over
