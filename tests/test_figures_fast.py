"""The figures stage's anchors (digits and whole trigger words of a blanked text) against the
plain reference: every whole-word occurrence of every trigger word the text holds, found by
str.find from the start. Real articles and random strings with every kind of whitespace."""
from __future__ import annotations

import random
from pathlib import Path

from pipeline.figures import _anchors_det, _blank, _triggers
from pipeline.numbers import NormText
from pipeline.units import default_units

ROOT = Path(__file__).resolve().parent.parent
_TEXTS = sorted((ROOT / "tests" / "articles").glob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
_VOCAB = ["الف", "عام", "العام", "عامي", "ثلاثه", "ال", "وال", "مئات", "12", "x", "الفين", "اثنين", "الالف"]
_SPACE = [" ", " ", " ", "  ", "\n", "\t", "\u2028", "\r\n", "\x1c", ""]


def _reference(det: str, words: frozenset[str]) -> list[int]:
    out = [p for p, ch in enumerate(det) if ch in "0123456789"]
    n = len(det)
    for w in words.intersection(det.split()):
        p = det.find(w)
        while p >= 0:
            e = p + len(w)
            if (p == 0 or det[p - 1].isspace()) and (e == n or det[e].isspace()):
                out.append(p)
            p = det.find(w, e)
    return sorted(out)


def test_anchors_match_the_reference():
    _, words, _ = _triggers(default_units())
    rnd = random.Random(5)
    dets = [_blank(NormText(p.read_text(encoding="utf-8")).ntext) for p in _TEXTS]
    dets += [rnd.choice(["", " ", "\n"]) + "".join(rnd.choice(_VOCAB) + rnd.choice(_SPACE) for _ in range(rnd.randint(0, 12)))
             for _ in range(3000)]
    assert len(_TEXTS) >= 5
    found = 0
    for det in dets:
        for a, b in ((0, len(det)), (3, len(det) - 2), (len(det) // 3, len(det) // 2)):
            got = _anchors_det(det[a:b], words)
            assert got == _reference(det[a:b], words), det[a:b][:80]
            found += len(got)
    assert found > 1000
