"""The number parser of the figures stage: pure functions over Arabic news text.

Everything here works on a *matching form* of the text (see `normalize`): one spelling per letter
(hamza-alefs -> ا, ى -> ي, ة -> ه), no tashkeel or tatweel, Western digits. `normalize` also
returns the map from matching-form offsets back to the original text, so callers can report spans
of the text as printed. Word lists below are written as printed and normalized at import.
"""
from __future__ import annotations

import bisect
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date as _date
from typing import Final, Iterable, Optional, final

# --------------------------------------------------------------------------------------------
# Normalization
# --------------------------------------------------------------------------------------------

# Marks and tatweel are deleted: they never change which word or number is meant.
_DELETE = set(range(0x064B, 0x0660)) | {0x0670, 0x0640} | set(range(0x0610, 0x061B)) | set(range(0x06D6, 0x06EE))
_MAP: dict[int, Optional[str]] = {c: None for c in _DELETE}
for _c in "أإآٱ":
    _MAP[ord(_c)] = "ا"
_MAP[ord("ى")] = "ي"
_MAP[ord("ة")] = "ه"
_MAP[ord("ی")] = "ي"  # Persian yeh
_MAP[ord("ک")] = "ك"  # Persian kaf
for _i in range(10):
    _MAP[0x0660 + _i] = str(_i)  # Arabic-Indic digits
    _MAP[0x06F0 + _i] = str(_i)  # Persian digits
_MAP[0x066B] = "."  # Arabic decimal separator
_MAP[0x066C] = ","  # Arabic thousands separator
_MAP[0x066A] = "%"  # Arabic percent sign
for _c in "\u00a0\u2007\u202f\u2009\u200a\u3000":
    _MAP[ord(_c)] = " "
for _c in "\u200b\u200c\u200d\u200e\u200f\ufeff\u061c":
    _MAP[ord(_c)] = None
    _DELETE.add(ord(_c))
for _cp in range(ord("A"), ord("Z") + 1):
    _MAP[_cp] = chr(_cp + 32)
# Arabic presentation forms (from PDFs) -> the base letter, where that is one character.
for _cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):
    _nf = unicodedata.normalize("NFKC", chr(_cp))
    if len(_nf) == 1 and _nf != chr(_cp):
        _MAP[_cp] = _MAP.get(ord(_nf), _nf) or _nf
_DELETE_CHARS = frozenset(chr(c) for c in _DELETE)
_DELETE_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_DELETE)) + "]")


# str.translate builds its output one dict lookup per character (slow on long Arabic text); a
# chain of str.replace calls does the same 1:1 mapping at memchr speed. Deletions are done
# apart, so offsets move only at deleted marks.
_REPLACE = [(chr(c), v) for c, v in _MAP.items() if v is not None and chr(c) != v and len(v) == 1
            and not (0xFB50 <= c <= 0xFEFF) and not ("A" <= chr(c) <= "Z")]
_UPPER_RE = re.compile(r"[A-Z]+")
_PRESENTATION_RE = re.compile(r"[\uFB50-\uFDFF\uFE70-\uFEFF]")
_UPPER_OR_PRESENTATION_RE = re.compile(r"[A-Z\uFB50-\uFDFF\uFE70-\uFEFF]")
_PRESENTATION = {chr(c): v for c, v in _MAP.items() if 0xFB50 <= c <= 0xFEFF and v is not None}


def _replace_all(text: str) -> str:
    if _UPPER_OR_PRESENTATION_RE.search(text):  # one pass to rule both out (the usual case)
        return _replace_chars(text, True, True)
    return _replace_chars(text, False, False)


def _replace_chars(text: str, upper: bool, presentation: bool) -> str:
    """The 1:1 replacements; capitals and presentation forms only where the caller found some."""
    for a, b in _REPLACE:
        if a in text:
            text = text.replace(a, b)
    if upper and _UPPER_RE.search(text):
        text = _UPPER_RE.sub(lambda m: m.group().lower(), text)
    if presentation and _PRESENTATION_RE.search(text):
        text = _PRESENTATION_RE.sub(lambda m: _PRESENTATION.get(m.group(), m.group()), text)
    return text


# One regex pass over a whole text finds every character that is not a plain 1:1 str.replace:
# the marks to delete, capitals and presentation forms (a scan costs about the same whatever
# its class holds, and these characters are few; ASCII digits or punctuation would not be).
_SCAN_DELETE, _SCAN_UPPER, _SCAN_PRESENTATION = range(3)
_SCAN_KIND: dict[str, int] = {}
for _cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):
    _SCAN_KIND[chr(_cp)] = _SCAN_PRESENTATION
for _cp in range(ord("A"), ord("Z") + 1):
    _SCAN_KIND[chr(_cp)] = _SCAN_UPPER
for _ch in _DELETE_CHARS:
    _SCAN_KIND[_ch] = _SCAN_DELETE  # U+FEFF is deleted, not a presentation form
_SCAN_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_SCAN_KIND)) + "]")


def norm(text: str) -> str:
    """The matching form of a word or phrase (no offsets)."""
    text = str(text)
    if _DELETE_RE.search(text):
        text = _DELETE_RE.sub("", text)
    return _replace_all(text)


class NormText:
    """A whole text in matching form, normalised once, read window by window.

    Normalisation is per character (marks deleted, letters replaced 1:1), so the matching form
    of any slice text[a:b] is ntext[to_norm(a):to_norm(b)], and `to_orig(n, hi)`, with hi =
    `marks_before(b)` (only the marks before b count), maps the window's offsets back. An end offset maps to the next kept character, so a span takes in the
    marks printed after its last letter (ممثلاً keeps its tanwin), but never the marks after
    the window's end.
    """

    __slots__ = ("text", "ntext", "deleted", "adj")

    def __init__(self, text: str):
        self.text = text
        deleted: list[int] = []
        upper = presentation = False
        kinds = _SCAN_KIND
        for m in _SCAN_RE.finditer(text):
            p = m.start()
            kind = kinds[text[p]]
            if kind == _SCAN_DELETE:
                deleted.append(p)
            elif kind == _SCAN_UPPER:
                upper = True
            else:
                presentation = True
        if deleted:  # the text between the marks (a second regex pass, sub, would cost more)
            pieces = []
            a = 0
            for d in deleted:
                pieces.append(text[a:d])
                a = d + 1
            pieces.append(text[a:])
            text = "".join(pieces)
        self.ntext: str = _replace_chars(text, upper, presentation)
        self.deleted: list[int] = deleted
        self.adj: list[int] = [d - k for k, d in enumerate(deleted)]

    def marks_before(self, orig: int) -> int:
        """How many deleted marks stand before original offset `orig`."""
        return bisect.bisect_left(self.deleted, orig) if self.deleted else 0

    def to_norm(self, orig: int) -> int:
        """The matching-form index of the first kept character at or after original index `orig`."""
        return orig - bisect.bisect_left(self.deleted, orig) if self.deleted else orig

    def to_orig(self, n: int, hi: int) -> int:
        """Original index of matching-form character n, counting only the first `hi` marks."""
        return n + bisect.bisect_right(self.adj, n, 0, hi) if hi else n


def normalize(text: str) -> tuple[str, list[int]]:
    """(matching form, offsets): offsets[i] is the index in `text` of matching-form character i,
    with one extra entry, len(text), so that an exclusive end maps too."""
    nt = NormText(text)
    every = len(nt.deleted)
    return nt.ntext, [nt.to_orig(i, every) for i in range(len(nt.ntext) + 1)]


# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------


@final
class Tok:
    """One token of the matching form. A plain (compiled: native) class rather than a NamedTuple:
    sentences make them by the hundred and the rules read their fields everywhere."""

    __slots__ = ("text", "start", "end", "glued")

    def __init__(self, text: str, start: int, end: int, glued: bool) -> None:
        self.text = text  # matching form
        self.start = start  # offsets into the matching form
        self.end = end
        self.glued = glued  # no space between this token and the one before

    def __repr__(self) -> str:
        return f"Tok(text={self.text!r}, start={self.start}, end={self.end}, glued={self.glued})"


# Digit groups with separators or the Tunisian decimal ر (3ر18), runs of letters, single symbols.
_TOKEN_RE = re.compile(r"\d+(?:[.,ر]\d+)*|[^\W\d_]+|\S")


# str.isalpha/isdecimal called through the method objects: a compiled `chunk.isalpha()` looks
# the method up by name at every call, and tokenize asks once per word.
_ISALPHA: Final = str.isalpha
_ISDECIMAL: Final = str.isdecimal


def tokenize(ntext: str, start: int = 0, end: Optional[int] = None) -> list[Tok]:
    """Tokens of the matching form: digits and letters split apart (23الف -> 23, الف).

    Tokens never span whitespace, so the text is cut at whitespace first (str.split) and only a
    chunk that is not all letters or all digits goes through _TOKEN_RE: an all-letter chunk is
    one run-of-letters token (a letter is never a decimal digit), an all-digit chunk one digits
    token, and letters with one punctuation mark after them (الحكومة،) those two tokens."""
    n = len(ntext)
    lo = 0 if start < 0 else min(start, n)  # clamped as re clamps pos/endpos
    hi = n if end is None else (0 if end < 0 else min(end, n))
    toks: list[Tok] = []
    if lo >= hi:
        return toks
    seg = ntext if lo == 0 and hi == n else ntext[lo:hi]
    prev_end = -2
    p = 0
    for chunk in seg.split():
        p = seg.find(chunk, p)  # only whitespace lies between p and the chunk
        q = p + len(chunk)
        if _ISALPHA(chunk) or _ISDECIMAL(chunk):
            s = lo + p
            toks.append(Tok(chunk, s, lo + q, s == prev_end))
            prev_end = lo + q
        elif len(chunk) > 1 and _ISALPHA(head := chunk[:-1]) and not chunk[-1].isalnum() and chunk[-1] != "_":
            # a run of letters ends before a non-word character, which _TOKEN_RE's \S takes alone
            s = lo + p
            e = lo + q
            toks.append(Tok(head, s, e - 1, s == prev_end))
            toks.append(Tok(chunk[-1], e - 1, e, True))
            prev_end = e
        else:
            for m in _TOKEN_RE.finditer(seg, p, q):
                s, e = m.span()
                s += lo
                e += lo
                toks.append(Tok(m.group(), s, e, s == prev_end))
                prev_end = e
        p = q
    return toks


def digit_first(w: str) -> bool:
    """w[:1].isdigit() without making the one-character string (costly for a non-ASCII letter):
    ASCII has only 0-9, and no Arabic letter (U+0621-U+064A) is a digit."""
    if not w:
        return False
    c = ord(w[0])
    if c < 128:
        return 48 <= c <= 57
    if 0x621 <= c <= 0x64A:
        return False
    return w[0].isdigit()


# --------------------------------------------------------------------------------------------
# Digits
# --------------------------------------------------------------------------------------------

_TUNISIAN = re.compile(r"(\d+)ر(\d+)")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_DOT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")


_DOT_GROUP = re.compile(r"\d{1,3}\.\d{3}")


def parse_digits(tok: str, dot_thousands: bool = False) -> Optional[float]:
    """Value of one digit token in matching form: 1,294  2.6  67,4  1.500.000  3ر18 (= 18.3).

    `dot_thousands`: read 1.200 as 1200 (no scale word follows; a count of 1.2 cases is no count).
    """
    try:
        m = _TUNISIAN.fullmatch(tok) if "ر" in tok else None
        if m:  # <fraction>ر<integer>: the Tunisian press writes 18.3 as 3ر18
            return float(f"{m.group(2)}.{m.group(1)}")
        if tok.isdigit():
            return float(int(tok))
        if _THOUSANDS.fullmatch(tok):
            return float(tok.replace(",", ""))
        if _DOT_THOUSANDS.fullmatch(tok) or (dot_thousands and _DOT_GROUP.fullmatch(tok)):
            return float(tok.replace(".", ""))
        if tok.count(".") == 1 and "," not in tok:
            return float(tok)
        if tok.count(",") == 1 and "." not in tok:  # comma decimal (67,4 مليون)
            return float(tok.replace(",", "."))
        if tok.count(",") >= 1 and tok.count(".") == 1 and tok.index(",") < tok.index("."):
            return float(tok.replace(",", ""))  # 1,234.5
    except ValueError:
        return None
    return None


# --------------------------------------------------------------------------------------------
# Number words
# --------------------------------------------------------------------------------------------


def _forms(spec: dict[str, float]) -> dict[str, float]:
    return {norm(k): v for k, v in spec.items()}


UNITS = _forms({
    "واحد": 1, "واحدة": 1, "واحدا": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2,
    "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6,
    "سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9,
    "عشر": 10, "عشرة": 10,
    # accusative of the bare forms: ثلاثمئة وخمسا وعشرين
    "ثلاثا": 3, "أربعا": 4, "خمسا": 5, "ستا": 6, "سبعا": 7, "ثمانيا": 8, "تسعا": 9, "عشرا": 10,
})
TEEN_HEADS = _forms({"أحد": 1, "إحدى": 1, "احدى": 1})  # only before عشر/عشرة
TEN_WORDS = frozenset(_forms({"عشر": 0, "عشرة": 0}))
TENS = _forms({
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40, "أربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
})
_HUNDRED_PREFIX = {"ثلاث": 3, "أربع": 4, "خمس": 5, "ست": 6, "سبع": 7, "ثمان": 8, "ثماني": 8, "تسع": 9}
_h: dict[str, float] = {"مئة": 100, "مائة": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200,
                        "مئتا": 200, "مئتي": 200, "مائتا": 200, "مائتي": 200}
for _p, _v in _HUNDRED_PREFIX.items():
    _h[_p + "مئة"] = _v * 100
    _h[_p + "مائة"] = _v * 100
HUNDREDS = _forms(_h)
HUNDRED_WORDS = frozenset(_forms({"مئة": 0, "مائة": 0}))  # after a unit word: ثلاث مئة
# Scale words: value, grammatical number (s=singular, d=dual, p=plural).
SCALES = {norm(k): v for k, v in {
    "ألف": (1e3, "s"), "ألفا": (1e3, "s"), "ألفان": (1e3, "d"), "ألفين": (1e3, "d"), "ألفي": (1e3, "d"),
    "آلاف": (1e3, "p"), "مليوني": (1e6, "d"), "ملياري": (1e9, "d"),
    "ألوف": (1e3, "p"),
    "مليون": (1e6, "s"), "مليونا": (1e6, "s"), "مليونان": (1e6, "d"), "مليونين": (1e6, "d"),
    "ملايين": (1e6, "p"),
    "مليار": (1e9, "s"), "مليارا": (1e9, "s"), "ملياران": (1e9, "d"), "مليارين": (1e9, "d"),
    "مليارات": (1e9, "p"),
    "بليون": (1e9, "s"), "بليونا": (1e9, "s"), "بلايين": (1e9, "p"),
    "تريليون": (1e12, "s"), "تريليونا": (1e12, "s"), "تريليونات": (1e12, "p"),
}.items()}
FRACTIONS = _forms({"نصف": 0.5, "ثلث": 1 / 3, "ربع": 0.25, "ثلثي": 2 / 3, "ثلثا": 2 / 3})
THREE_QUARTERS = (norm("أرباع"), 0.25)  # ثلاثة أرباع
# Vague amounts: lower bound. عشرات الآلاف, مئات ملايين multiply by the scale that follows.
VAGUE = _forms({"عشرات": 10, "مئات": 100, "آلاف": 1000, "ألوف": 1000, "ملايين": 1e6, "مليارات": 1e9})
VAGUE_SCALES = _forms({"آلاف": 1e3, "الآلاف": 1e3, "ألوف": 1e3, "الألوف": 1e3, "ملايين": 1e6, "الملايين": 1e6,
                       "مليارات": 1e9, "المليارات": 1e9})
SOME = frozenset(_forms({"عدة": 0, "بضعة": 0, "بضع": 0}))
ZERO = norm("صفر")
AND = "و"

# Ordinals: masculine and feminine, with and without the article (matching form).
_ORD_BASE = {
    1: ["أول", "أولى"], 2: ["ثاني", "ثانية"], 3: ["ثالث", "ثالثة"], 4: ["رابع", "رابعة"],
    5: ["خامس", "خامسة"], 6: ["سادس", "سادسة"], 7: ["سابع", "سابعة"], 8: ["ثامن", "ثامنة"],
    9: ["تاسع", "تاسعة"], 10: ["عاشر", "عاشرة"], 1.1: ["حادي", "حادية"],
}
ORDINALS: dict[str, tuple[int, bool]] = {}  # form -> (n, definite)
for _n, _ws in _ORD_BASE.items():
    for _w in _ws:
        ORDINALS[norm(_w)] = (int(_n), False)  # 1.1 is حادي: one, only in 11 and 21..91
        ORDINALS[norm("ال" + _w)] = (int(_n), True)

# Clitics a number word may carry: و/ف (and), ب/ل/ك (prepositions), and their combinations.
CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
ARTICLE_CLITICS = ("ال", "وال", "بال", "لل", "ولل", "فال", "كال", "وبال", "فلل")


_CLITIC_INDEX: dict[int, dict[str, tuple[str, str]]] = {}


def _clitic_index(table) -> dict[str, tuple[str, str]]:
    index = _CLITIC_INDEX.get(id(table))
    if index is None:
        index = {}
        for c in reversed(CLITICS):  # the bare word wins: CLITICS[0] is written last
            for w in table:
                index[c + w] = (c, w)
        _CLITIC_INDEX[id(table)] = index
    return index


def strip_clitic(word: str, table) -> tuple[str, str]:
    """(clitic, base) where base is in `table`, trying the bare word first; ('', '') if none."""
    return _clitic_index(table).get(word, ("", ""))


# --------------------------------------------------------------------------------------------
# Quantity parsing over tokens
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Quantity:
    value: float
    i: int  # first token
    j: int  # end token (exclusive)
    skip: int  # characters of clitic on the first token that are not part of the number (بنحو -> ب)
    scale: float = 1.0  # scale of the last segment (23 ألف -> 1000)
    small: float = 0.0  # the number before that scale (23 ألف -> 23)
    vague: bool = False
    words: bool = False  # written in words (no digits)
    fraction: bool = False
    has_and: bool = False  # built from several segments joined by و
    single_word: str = ""  # the number word when the quantity is one bare word (واحد، ثلاثة)

    # spelled out: mypyc then builds one with a direct call, not the interpreted __init__ that
    # dataclasses generates
    def __init__(self, value: float, i: int, j: int, skip: int, scale: float = 1.0, small: float = 0.0,
                 vague: bool = False, words: bool = False, fraction: bool = False, has_and: bool = False,
                 single_word: str = "") -> None:
        self.value, self.i, self.j, self.skip = value, i, j, skip
        self.scale, self.small, self.vague, self.words = scale, small, vague, words
        self.fraction, self.has_and, self.single_word = fraction, has_and, single_word


def _is_and_token(t: Tok) -> bool:
    return t.text == AND


def _small_words(toks: list[Tok], i: int, w: str) -> Optional[tuple[float, int, bool]]:
    """A number below 1000 written in words starting at token i whose (clitic-free) form is w.

    Returns (value, next index, ended_with_hundreds). Arabic puts units before tens
    (ثلاثة وعشرين), hundreds first (مئة وثلاثة وعشرون).
    """
    n = len(toks)
    hundreds = units = tens = 0.0
    j = i + 1
    if w in HUNDREDS:
        hundreds = HUNDREDS[w]
    elif w in UNITS or w in TEEN_HEADS:
        u = UNITS.get(w, 0) or TEEN_HEADS[w]
        if j < n and toks[j].text in TEN_WORDS and u < 10:  # teens: ثلاثة عشر، أحد عشر
            units = 10 + u
            j += 1
        elif w in TEEN_HEADS:
            return None
        elif j < n and toks[j].text in HUNDRED_WORDS and u < 10 and u >= 3:  # ثلاث مئة
            hundreds = u * 100
            j += 1
        else:
            units = u
    elif w in TENS:
        tens = TENS[w]
    else:
        return None
    # و-continuations inside the same hundred: after hundreds units/teens/tens; after units tens.
    while j < n:
        t = toks[j].text
        if not t.startswith(AND) or len(t) < 3:
            break
        b = t[1:]
        if hundreds and not units and not tens and (b in UNITS or b in TEEN_HEADS):
            u = UNITS.get(b, 0) or TEEN_HEADS[b]
            if j + 1 < n and toks[j + 1].text in TEN_WORDS and u < 10:
                units = 10 + u
                j += 2
                continue
            if b in TEEN_HEADS:
                break
            units = u
            j += 1
        elif not tens and b in TENS and units < 10:
            tens = TENS[b]
            j += 1
        else:
            break
    return hundreds + units + tens, j, bool(hundreds) and not units and not tens


def _segment(toks: list[Tok], i: int, first: bool) -> Optional[Quantity]:
    """One segment: a number below 1000 (digits or words) with an optional scale after it.

    `first` allows clitics on the first word (بنحو ثلاثة is handled by the caller; here بثلاثة);
    continuation segments may start with و.
    """
    n = len(toks)
    if i >= n:
        return None
    t = toks[i]
    skip = 0
    value: Optional[float] = None
    words = False
    j = i + 1
    frac = False
    if digit_first(t.text):
        value = parse_digits(t.text, dot_thousands=not (j < n and toks[j].text in SCALES))
        if value is None:
            return None
    else:
        w = t.text
        clitic, base = "", ""
        for table in (HUNDREDS, UNITS, TENS, TEEN_HEADS, SCALES, FRACTIONS):
            clitic, base = strip_clitic(w, table)
            if base:
                break
        if not base:
            return None
        if not first and clitic not in ("", AND):
            return None
        skip = len(clitic)
        words = True
        if base in SCALES:  # ألف، مليونين: a scale with no number before it
            sv, num = SCALES[base]
            if num == "p":
                return None  # آلاف alone is vague: the caller's business
            mult = 2.0 if num == "d" else 1.0
            q = Quantity(sv * mult, i, j, skip, scale=sv, small=mult, words=True)
            return _half(toks, q)
        if base in FRACTIONS:
            # نصف مليون = 500,000; a fraction on its own is the caller's business.
            if j < n and toks[j].text in SCALES and SCALES[toks[j].text][1] == "s":
                sv = SCALES[toks[j].text][0]
                return Quantity(FRACTIONS[base] * sv, i, j + 1, skip, scale=sv, small=FRACTIONS[base], words=True)
            return None
        small = _small_words(toks, i, base)
        if small is None:
            return None
        value, j, _ = small
        # ثلاثة أرباع
        if j < n and toks[j].text == THREE_QUARTERS[0] and 1 < value < 4:
            value, j, frac = value * THREE_QUARTERS[1], j + 1, True
    q = Quantity(value, i, j, skip, small=value, words=words, fraction=frac)
    if j < n and not frac:
        s = toks[j].text
        if s in SCALES:
            sv, num = SCALES[s]
            if num != "d":  # 3 ألفين is not a number
                q.value = value * sv
                q.scale = sv
                q.j = j + 1
                return _half(toks, q)
    return q


def _half(toks: list[Tok], q: Quantity) -> Quantity:
    """مليون ونصف = 1,500,000."""
    j = q.j
    if j < len(toks) and toks[j].text == AND + "نصف" and q.scale > 1:
        q.value += 0.5 * q.scale
        q.j = j + 1
        # مليون ونصف المليون
        if q.j < len(toks) and toks[q.j].text.startswith("ال") and SCALES.get(toks[q.j].text[2:], (0,))[0] == q.scale:
            q.j += 1
    return q


def _continuation_start(toks: list[Tok], j: int) -> Optional[int]:
    """Index of the number after a و at j (و 9، و9، وعشرين), or None."""
    n = len(toks)
    if j >= n:
        return None
    t = toks[j].text
    if t == AND and j + 1 < n and (digit_first(toks[j + 1].text) or toks[j + 1].text in UNITS
                                   or toks[j + 1].text in HUNDREDS or toks[j + 1].text in TENS):
        return j + 1
    if t.startswith(AND) and len(t) > 2:
        return j
    return None


def parse_quantity(toks: list[Tok], i: int) -> Optional[Quantity]:
    """The number starting at token i: digits or words, scales, and و-compounds.

    6 ملايين و526 ألف = 6,526,000; 66 ألفا و259 = 66,259; ألفين و200 = 2,200; a و-part is taken
    only when it is smaller than the scale before it, so بين 20 و30 stays two numbers.
    """
    q = _segment(toks, i, first=True)
    if q is None:
        return None
    while q.scale > 1:
        k = _continuation_start(toks, q.j)
        if k is None:
            break
        nxt = _segment(toks, k, first=False)
        if nxt is None or nxt.value >= q.scale or nxt.scale >= q.scale:
            break
        q = Quantity(q.value + nxt.value, q.i, nxt.j, q.skip, scale=nxt.scale if nxt.scale > 1 else 1.0,
                     small=nxt.small, words=q.words and nxt.words, has_and=True)
    if q.j == i + 1 and q.words:
        q.single_word = toks[i].text[q.skip:]
    return q


def parse_vague(toks: list[Tok], i: int) -> Optional[Quantity]:
    """عشرات، مئات، آلاف، عدة آلاف، عشرات الآلاف، مئات ملايين: value is the lower bound."""
    n = len(toks)
    w = toks[i].text
    skip = 0
    j = i + 1
    if w in SOME or (w[:1] in "وب" and w[1:] in SOME):
        skip = 0 if w in SOME else 1
        if j < n and toks[j].text in VAGUE_SCALES:
            return Quantity(float(VAGUE_SCALES[toks[j].text]), i, j + 1, skip, vague=True, words=True)
        return None
    base = w
    for art in ("",) + ARTICLE_CLITICS + CLITICS[1:]:
        if w.startswith(art) and w[len(art):] in VAGUE:
            skip, base = len(art), w[len(art):]
            break
    else:
        return None
    value = float(VAGUE[base])
    if j < n and value < 1000 and toks[j].text in VAGUE_SCALES:
        value *= VAGUE_SCALES[toks[j].text]
        j += 1
    return Quantity(value, i, j, skip, vague=True, words=True)


def parse_number(text: str) -> Optional[float]:
    """The value of a whole string that is one number: '23ألف', '٢٣٠٠٠', 'ثلاثة وعشرين ألفا'."""
    try:
        ntext, _ = normalize(str(text).strip())
        toks = tokenize(ntext)
        if not toks:
            return None
        if len(toks) == 1 and toks[0].text == ZERO:
            return 0.0
        q = parse_quantity(toks, 0)
        if q is None or q.j != len(toks) or q.skip:
            return None
        return q.value
    except Exception:  # a parser of free text never raises
        return None


# --------------------------------------------------------------------------------------------
# Months and calendars
# --------------------------------------------------------------------------------------------

GREGORIAN_MONTHS: dict[tuple[str, ...], int] = {}
for _names, _m in [
    (["يناير", "كانون الثاني", "جانفي", "جانفييه"], 1),
    (["فبراير", "شباط", "فيفري", "فبرير"], 2),
    (["مارس", "آذار"], 3),
    (["أبريل", "إبريل", "ابريل", "نيسان", "أفريل"], 4),
    (["مايو", "أيار", "ماي", "مايس"], 5),
    (["يونيو", "يونيه", "حزيران", "جوان"], 6),
    (["يوليو", "يوليه", "تموز", "جويلية", "جويلة"], 7),
    (["أغسطس", "آب", "أوت", "اغسطس"], 8),
    (["سبتمبر", "أيلول", "سبتمبير"], 9),
    (["أكتوبر", "تشرين الأول", "اكتوبر"], 10),
    (["نوفمبر", "تشرين الثاني", "نونبر"], 11),
    (["ديسمبر", "كانون الأول", "دجنبر"], 12),
]:
    for _nm in _names:
        GREGORIAN_MONTHS[tuple(norm(_nm).split())] = _m
# Month names that are also ordinary words (أب father, مارس practised, ماي, جوان, نيسان a car
# maker) count only with a day, a year, شهر before them or a paired name.
WEAK_MONTHS = frozenset(tuple(norm(x).split()) for x in ["آب", "مارس", "ماي", "جوان", "نيسان", "أيار", "تموز", "مايس"])

HIJRI_MONTHS: dict[tuple[str, ...], int] = {}
for _names, _m in [
    (["محرم"], 1), (["صفر"], 2), (["ربيع الأول"], 3), (["ربيع الثاني", "ربيع الآخر"], 4),
    (["جمادى الأولى", "جمادى الأول"], 5), (["جمادى الثانية", "جمادى الآخرة", "جمادى الآخر", "جمادى الثاني"], 6),
    (["رجب"], 7), (["شعبان"], 8), (["رمضان"], 9), (["شوال"], 10),
    (["ذو القعدة", "ذي القعدة"], 11), (["ذو الحجة", "ذي الحجة"], 12),
]:
    for _nm in _names:
        HIJRI_MONTHS[tuple(norm(_nm).split())] = _m


def _greg_to_jd(y: int, m: int, d: int) -> int:
    a = (14 - m) // 12
    yy = y + 4800 - a
    mm = m + 12 * a - 3
    return d + (153 * mm + 2) // 5 + 365 * yy + yy // 4 - yy // 100 + yy // 400 - 32045


def _jd_to_greg(jd: int) -> tuple[int, int, int]:
    a = jd + 32044
    b = (4 * a + 3) // 146097
    c = a - 146097 * b // 4
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = 100 * b + d - 4800 + m // 10
    return year, month, day


_HIJRI_EPOCH = 1948440  # JD of 1 Muharram 1 AH (civil epoch, 16 July 622 Julian)


def _hijri_to_jd(y: int, m: int, d: int) -> int:
    return d + math.ceil(29.5 * (m - 1)) + (y - 1) * 354 + (3 + 11 * y) // 30 + _HIJRI_EPOCH - 1


try:  # Umm al-Qura month lengths (1343-1500 AH), the calendar the Arab press prints
    from hijridate import Gregorian as _UQGregorian
    from hijridate import Hijri as _UQHijri
except ImportError:  # pragma: no cover - the arithmetic calendar below is then used everywhere
    _UQHijri = _UQGregorian = None  # type: ignore


def tabular_hijri_to_gregorian(y: int, m: int = 1, d: int = 1) -> tuple[int, int, int]:
    """The arithmetic (tabular) Islamic calendar; within a day or two of the sighted calendars."""
    return _jd_to_greg(_hijri_to_jd(y, m, d))


def tabular_gregorian_to_hijri(y: int, m: int, d: int) -> tuple[int, int, int]:
    jd = _greg_to_jd(y, m, d)
    hy = (30 * (jd - _HIJRI_EPOCH) + 10646) // 10631
    hm = max(1, min(12, math.ceil((jd - (29 + _hijri_to_jd(hy, 1, 1))) / 29.5) + 1))
    return hy, hm, jd - _hijri_to_jd(hy, hm, 1) + 1


def hijri_to_gregorian(y: int, m: int = 1, d: int = 1) -> tuple[int, int, int]:
    """Umm al-Qura where hijridate knows the year, else the arithmetic calendar."""
    if _UQHijri is not None:
        try:
            g = _UQHijri(y, m, d).to_gregorian()
            return g.year, g.month, g.day
        except (ValueError, OverflowError):
            pass
    return tabular_hijri_to_gregorian(y, m, d)


def gregorian_to_hijri(y: int, m: int, d: int) -> tuple[int, int, int]:
    if _UQGregorian is not None:
        try:
            h = _UQGregorian(y, m, d).to_hijri()
            return h.year, h.month, h.day
        except (ValueError, OverflowError):
            pass
    return tabular_gregorian_to_hijri(y, m, d)


def valid_date(y: int, m: int, d: int) -> bool:
    try:
        _date(y, m, d)
        return True
    except ValueError:
        return False


def _zero_pad(v: int, width: int) -> str:
    """f"{v:0{width}d}" (a compiled f-string with a format spec goes through format())."""
    if v < 0:
        return format(v, f"0{width}d")
    t = str(v)
    return t if len(t) >= width else "0" * (width - len(t)) + t


def iso(y: int, m: Optional[int] = None, d: Optional[int] = None) -> str:
    if m is None:
        return _zero_pad(y, 4)
    if d is None:
        return _zero_pad(y, 4) + "-" + _zero_pad(m, 2)
    return _zero_pad(y, 4) + "-" + _zero_pad(m, 2) + "-" + _zero_pad(d, 2)


_TEN_ORD = frozenset(norm(x) for x in ["عشر", "عشرة"])
_HADI = frozenset(norm(x) for x in ["حادي", "حادية", "الحادي", "الحادية"])


def ordinal_value(toks: list[Tok], i: int) -> Optional[tuple[int, int, bool, int]]:
    """An ordinal at token i (السادس، السادس عشر، الحادي والعشرين): (n, end, definite, clitic length)."""
    n = len(toks)
    w = toks[i].text
    for c in ("", "و", "ب", "ل", "ك", "وب", "ول", "ف"):
        if w.startswith(c) and w[len(c):] in ORDINALS:
            base, skip = w[len(c):], len(c)
            break
    else:
        return None
    k, definite = ORDINALS[base]
    j = i + 1
    if j < n and (k >= 2 or base in _HADI):
        t = toks[j].text
        if t in _TEN_ORD and k < 10:  # the ten of a definite ordinal stays bare: السادس عشر
            return 10 + k, j + 1, definite, skip
        pre = "وال" if definite else "و"
        if t.startswith(pre) and t[len(pre):] in TENS:
            return int(k + TENS[t[len(pre):]]), j + 1, definite, skip
    if base in _HADI:  # الحادي alone is not an ordinal
        return None
    return k, j, definite, skip

