"""find_figures with a prepared document (the per-document work done once) gives exactly the
figures of the same sentence read alone, whatever the window and whatever marks the text holds."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.figures import find_figures, prepare_text

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_83a616a484fc29bf.txt"

_WORDS = ["قتل", "5", "أشخاص", "نحو", "23ألف", "طلعة", "جوية", "عام", "2015", "ثلاثة", "وعشرين", "ألفا",
          "أكثر", "من", "مليون", "دولار", "بالمئة", "الـ18", "الدورة", "أيلول", "رمضان", "١٢٣", "٫", "بين", "و30",
          "طائرتين", "واحد", "شخص", "القادة", "الثلاثة", "المؤتمر", "السادس", "F-16", "12:30", "www.x.com", "#وسم"]
_MARKS = "\u064b\u064c\u064e\u0650\u0651\u0652\u0640\u0670\u200b\u200f\ufeff"
_GLUE = [" ", " ", " ", "", "\n", "،", ".", "«", "»", "\u00a0"]


def _same(text: str, start: int, end: int | None, doc_date: str | None = "2018-03-05") -> None:
    alone = find_figures(text, start, end, doc_date=doc_date)
    prepared = find_figures(text, start, end, doc_date=doc_date, prepared=prepare_text(text))
    assert [m.model_dump() for m in prepared] == [m.model_dump() for m in alone]


@st.composite
def _marked_text(draw):
    parts = []
    for _ in range(draw(st.integers(min_value=1, max_value=40))):
        w = draw(st.sampled_from(_WORDS))
        if draw(st.booleans()):
            k = draw(st.integers(min_value=0, max_value=len(w)))
            w = w[:k] + draw(st.text(alphabet=_MARKS, min_size=1, max_size=3)) + w[k:]
        parts.append(w + draw(st.sampled_from(_GLUE)))
    return "".join(parts)


@given(text=_marked_text(), data=st.data())
@settings(max_examples=300, deadline=None)
def test_prepared_text_gives_the_figures_of_the_window_alone(text, data):
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.one_of(st.none(), st.integers(min_value=start, max_value=len(text))))
    _same(text, start, end)


def test_prepared_seed_windows_match():
    text = SEED.read_text(encoding="utf-8")
    prepared = prepare_text(text)
    for start in range(0, len(text), 97):
        for end in (start + 40, start + 173, start + 400, None):
            alone = find_figures(text, start, end, doc_date="2017-04-26")
            with_prep = find_figures(text, start, end, doc_date="2017-04-26", prepared=prepared)
            assert [m.model_dump() for m in with_prep] == [m.model_dump() for m in alone]


def test_marks_after_the_window_stay_out():
    # the tanwin after the window's end belongs to the next window: a span ending there stops
    text = "قتل 5 أشخاص\u064c\u064c وجرح 7."
    end = text.index("\u064c")
    _same(text, 0, end)
    assert find_figures(text, 0, end, prepared=prepare_text(text))[0].end == end


def test_window_starting_inside_a_long_word():
    # no space in the 160 characters before the sentence: the window starts inside the word
    text = "ب" * 170 + "مليون دولار أنفقت"
    ms = find_figures(text, 170, None, prepared=prepare_text(text))
    assert [(m.text, m.value) for m in ms] == [("مليون دولار", 1e6)]
    _same(text, 170, None)
    _same(text, 171, None)


def test_window_cutting_a_word():
    text = "سقط 12 قتيلا و30ألف جريح في 2015"
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1, 3):
            _same(text, start, end)


def test_a_prepared_text_of_another_string_is_ignored():
    text = "نفذ الطيران أكثر من 500 غارة."
    other = prepare_text("نص آخر فيه 3 صواريخ.")
    assert find_figures(text, prepared=other) == find_figures(text)
