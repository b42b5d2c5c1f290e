"""Ingest's fast paths equal the plain ones they replaced, on real text and on random text.

One character scan (`_scan`) serves the mojibake check and normalization; odd characters are
replaced with str.replace; only the first and last nonblank lines of an article are cut out.
Each is compared here with the straightforward version (kept in this file as the reference).
"""
import random
import unicodedata
from pathlib import Path

import pytest

from pipeline import ingest, normalize
from pipeline.ingest import _first_nonblank_lines, _last_nonblank_line, _scan, parse_text
from pipeline.normalize import INVISIBLE_CHARS, UNUSUAL_CHARS, normalize_counting, unusual_in


def _lines_with_offsets(text: str) -> list[tuple[int, int, str]]:
    """Every line of `text` as (start, end, line): the reference for the nonblank-line finders."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


ROOT = Path(__file__).resolve().parent.parent
REAL = sorted(
    [*ROOT.glob("seeds/*.txt"), *ROOT.glob("tests/articles/*.txt"), *ROOT.glob("tests/heldout/articles/*.txt")]
    + [p for p in ROOT.glob("tests/hostile/**/*") if p.is_file()]
)
ALL_CHARS = "".join(map(chr, range(0x110000)))


def real_texts() -> list[str]:
    texts = []
    for path in REAL:
        try:
            texts.append(ingest.decode_bytes(path.read_bytes()).text)
        except ValueError:
            pass
    return texts


def odd_texts(seed: int, count: int) -> list[str]:
    """Real text with odd characters, hints, line ends and mojibake put in at random places."""
    rng = random.Random(seed)
    pool = sorted(UNUSUAL_CHARS - {chr(c) for c in range(0xD810, 0xDFF0)} | ingest._HINT_CHARS)
    pool += ["\r\n", "\n", " \n", "\t", "Ø§Ù„", "ط§ظ„", "\u0627\u0653", "\ufffd", "«", "»", "a"]
    base = real_texts()
    texts = []
    for _ in range(count):
        chars = list(rng.choice(base)) if rng.random() < 0.7 else []
        for _ in range(rng.choice([0, 1, 2, 3, 6, 30, 300])):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(pool))
        texts.append("".join(chars))
    return texts


def test_char_sets_are_the_regex_classes():
    assert set(normalize._UNUSUAL.findall(ALL_CHARS)) == UNUSUAL_CHARS
    assert set(normalize._INVISIBLE_RE.findall(ALL_CHARS)) == INVISIBLE_CHARS
    assert set(ingest._MOJIBAKE_HINT.findall(ALL_CHARS)) == ingest._HINT_CHARS
    assert set(ingest._MARKS.findall(ALL_CHARS)) == ingest._HINT_CHARS | UNUSUAL_CHARS
    # the isprintable shortcut of unusual_in holds only if none of them is printable
    assert not any(ch.isprintable() for ch in UNUSUAL_CHARS)


def reference_normalize_counting(raw: str) -> tuple[str, int]:
    """normalize_counting as it was: regex search, count and substitution."""
    text, invisible = raw, 0
    if normalize._UNUSUAL.search(text):
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
        if normalize._ODD.search(text):
            invisible = len(normalize._INVISIBLE_RE.findall(text))
            text = normalize._ODD.sub(normalize._replace_odd, text)
    text = unicodedata.normalize("NFC", text)
    if " \n" in text or "\t\n" in text or text.endswith((" ", "\t")):
        text = "\n".join([line.rstrip(" \t") for line in text.split("\n")])
    return text.strip("\n"), invisible


@pytest.mark.parametrize("seed", [0, 1])
def test_scan_and_normalize_equal_the_regex_versions(seed):
    texts = real_texts() + odd_texts(seed, 300)
    changed = 0
    for text in texts:
        hints, unusual = _scan(text)
        assert hints == [m.start() for m in ingest._MOJIBAKE_HINT.finditer(text)]
        assert unusual == set(normalize._UNUSUAL.findall(text)) == unusual_in(text)
        expected = reference_normalize_counting(text)
        assert normalize_counting(text) == expected
        assert normalize_counting(text, unusual) == expected
        assert ingest._has_mojibake(text, hints) == ingest._has_mojibake(text)
        changed += expected[0] != text
    assert changed > 100  # the random texts do exercise the replacements


def test_many_distinct_odd_characters_take_the_substitution():
    raw = "".join(sorted(UNUSUAL_CHARS)) + "نص\u200f\u200f\xa0"
    assert len(unusual_in(raw)) > normalize._MAX_REPLACES
    assert normalize_counting(raw) == reference_normalize_counting(raw)


def reference_layout(text: str) -> tuple:
    """parse_text's reading of the first and last lines as it was: every line cut out."""
    nonblank = [(s, e, t) for s, e, t in _lines_with_offsets(text) if t.strip()]
    date_line = None
    m = ingest.ISO_DATE.match(nonblank[-1][2])
    if m and len(nonblank) > 1:
        date_line, nonblank = nonblank[-1], nonblank[:-1]
    title = source = None
    if len(nonblank) > 1:
        title = nonblank[0]
        if len(nonblank) > 2 and ingest._is_outlet_line(nonblank[1][2]):
            source = nonblank[1]
        if source is None and ingest.HEADLINE_NOT.search(title[2]):
            title = None
    return title, source, date_line


def layout(doc) -> tuple:
    """The same, read back from a Document."""
    def line(span):
        if span is None:
            return None
        start = doc.text.rfind("\n", 0, span[0]) + 1
        return start, span[1], doc.text[start : span[1]]

    date_line = None
    if doc.body_end < len(doc.text):  # the date line starts there
        end = doc.text.find("\n", doc.body_end)
        end = len(doc.text) if end < 0 else end
        date_line = doc.body_end, end, doc.text[doc.body_end : end]
    return line(doc.title_span), line(doc.source_span), date_line


def random_layouts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    pool = ["", " ", "\t", "\u3000", "عنوان الخبر", "وكالة الأنباء", "هذه جملة.", "هل هذا سؤال؟", "2024-01-02",
            " 2024-01-02 ", "2024-13-45", "a b c d e f g", "عنوان…", "x:", "  مصدر  "]
    return ["\n".join(rng.choice(pool) for _ in range(rng.randrange(1, 9))) for _ in range(count)]


@pytest.mark.parametrize("seed", [0, 1])
def test_first_and_last_lines_equal_all_lines(seed):
    texts = [normalize_counting(t)[0] for t in real_texts()] + random_layouts(seed, 1500)
    layouts = set()
    for text in texts:
        nonblank = [(s, e, t) for s, e, t in _lines_with_offsets(text) if t.strip()]
        if not nonblank:
            continue
        for limit in (1, 2, 4):
            assert _first_nonblank_lines(text, limit) == nonblank[:limit]
        assert _last_nonblank_line(text) == nonblank[-1]
        doc = parse_text(text, Path("x.txt"), "x")
        expected = reference_layout(doc.text)
        assert layout(doc) == expected, text
        layouts.add(tuple(part is None for part in expected))
    assert len(layouts) >= 5  # headline, outlet and date each found and missing
