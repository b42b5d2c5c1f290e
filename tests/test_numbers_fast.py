"""The fast paths of the number parser's text handling against plain reference versions:
NormText (one regex pass for marks, capitals and presentation forms), tokenize (whitespace
first, letters with a trailing mark split without the regex) and the Latin-letter check of the
figures stage's blocked spans. Real articles and random strings of the awkward characters."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from pipeline.figures import _blocked_tokens
from pipeline.numbers import _DELETE_RE, _PRESENTATION, _REPLACE, NormText, Tok, norm, tokenize

ROOT = Path(__file__).resolve().parent.parent
_TEXTS = sorted((ROOT / "tests" / "articles").glob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
_POOL = ("abcXYZ_019²½٠١٩۰۹\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640\u0670\u200f\ufeffﻻﺍﺏ"
         "،,.:;؛()\"“”«»؟!'‘’[]/-–٫٬٪%$@#+ أإآىةر \n\u00a0\t\u2028ثلاثة عام مئات www http f-16 00")


def _reference_norm(text: str) -> tuple[str, list[int]]:
    """Marks deleted by a regex, then every replacement, capitals and presentation forms."""
    deleted = [m.start() for m in _DELETE_RE.finditer(text)]
    text = _DELETE_RE.sub("", text)
    for a, b in _REPLACE:
        text = text.replace(a, b)
    text = re.sub(r"[A-Z]+", lambda m: m.group().lower(), text)
    text = re.sub(r"[\uFB50-\uFDFF\uFE70-\uFEFF]", lambda m: _PRESENTATION.get(m.group(), m.group()), text)
    return text, deleted


def _reference_tokens(ntext: str, start: int, end: int) -> list[tuple[str, int, int, bool]]:
    out = []
    prev = -2
    for m in re.finditer(r"\d+(?:[.,ر]\d+)*|[^\W\d_]+|\S", ntext[start:end]):
        s, e = m.start() + start, m.end() + start
        out.append((m.group(), s, e, s == prev))
        prev = e
    return out


def _samples() -> list[str]:
    rnd = random.Random(7)
    texts = [p.read_text(encoding="utf-8") for p in _TEXTS]
    texts += ["".join(rnd.choice(_POOL) for _ in range(rnd.randint(0, 80))) for _ in range(3000)]
    texts += [t[: len(t) // 2] + " ﺍﻟﻠﻪ BBC ٣٤٥ ًً\u200f " + t[len(t) // 2:] for t in texts[:5]]
    return texts


SAMPLES = _samples()


def test_samples_hold_real_articles():
    assert len(_TEXTS) >= 5


def test_normtext_matches_the_reference():
    for text in SAMPLES:
        nt = NormText(text)
        ntext, deleted = _reference_norm(text)
        assert (nt.ntext, nt.deleted) == (ntext, deleted), text[:80]
        assert nt.ntext == norm(text)


def test_tokenize_matches_the_regex():
    for text in SAMPLES:
        ntext = NormText(text).ntext
        n = len(ntext)
        for s, e in ((0, n), (3, n - 2), (n // 3, n // 2)):
            got = [(t.text, t.start, t.end, t.glued) for t in tokenize(ntext, s, e)]
            if s < e:
                assert got == _reference_tokens(ntext, s, e), ntext[s:e][:80]


@pytest.mark.parametrize("text,blocked", [
    ("أسقطت طائرة f-16 و3 مروحيات", ["f", "-", "16"]),
    ("نظام اس-300 و5 صواريخ", ["-", "300"]),
    ("قتل 5 أشخاص في القصف", []),
])
def test_blocked_tokens_on_latin_designations(text, blocked):
    ntext = norm(text)
    toks = tokenize(ntext)
    got = sorted(_blocked_tokens(ntext, toks, [(0, len(ntext))]))
    assert [toks[k].text for k in got] == blocked


def test_tok_is_plain():
    assert Tok("a", 0, 1, False).glued is False
