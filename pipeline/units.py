"""The counted-noun lexicon: Arabic nouns a number counts, with their English gloss.

The shipped list is `pipeline/data/units.csv`, a spreadsheet an analyst can open and extend:

    singular,dual,plural,unit_en,category[,forms]

`forms` holds more spellings separated by `|` (multi-word units too: طائرة بدون طيار). Empty
dual or plural cells are filled by rule. `--units FILE` adds rows in the same layout; a row whose
singular is already known replaces it. The category steers a few rules: `currency` makes a figure
money; `event` and `time` nouns take ordinals (المؤتمر السادس, المرحلة الثانية); `abstract`
nouns (مرة، درجة) are never counted from a bare dual or a following واحد.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from pipeline.errors import LexiconError
from pipeline.registry import DATA_DIR
from pipeline.numbers import Tok, norm

DATA = DATA_DIR / "units.csv"
COLUMNS = ("singular", "dual", "plural", "unit_en", "category")
OPTIONAL_COLUMNS = ("forms",)
CATEGORIES = frozenset({
    "military", "security", "humanitarian", "health", "economic", "currency", "political", "event",
    "time", "distance", "measure", "place", "infrastructure", "transport", "general", "legal",
    "media", "education", "abstract",
})
ORDINAL_CATEGORIES = frozenset({"event", "time"})
_ARABIC = re.compile(r"[\u0621-\u064A]")
_POSSESSIVE = tuple(norm(x) for x in ("هما", "ها", "هم", "هن", "نا", "كم"))
_ARTICLES = tuple(norm(x) for x in ("وال", "بال", "لل", "فال", "كال", "ال"))


@dataclass(frozen=True)
class Unit:
    singular: str  # as printed in the lexicon
    unit_en: str
    category: str

    @property
    def money(self) -> bool:
        return self.category == "currency"

    @property
    def countable(self) -> bool:
        return self.category != "abstract"

    @property
    def takes_ordinals(self) -> bool:
        return self.category in ORDINAL_CATEGORIES


@dataclass
class UnitMatch:
    """Read-only by convention (it was a frozen dataclass: a compiled frozen dataclass is built
    through the interpreted __init__ that dataclasses generates, several times the cost)."""

    unit: Unit
    number: str  # s(ingular), d(ual), p(lural) or x (a variant spelling of unknown number)
    i: int  # first token of the noun
    j: int  # end token (exclusive)
    definite: bool

    def __init__(self, unit: Unit, number: str, i: int, j: int, definite: bool) -> None:
        self.unit, self.number, self.i, self.j, self.definite = unit, number, i, j, definite


_STRIPPED: dict[str, str] = {}


def strip_article(w: str) -> str:
    """الدول -> دول، للمرحلة -> مرحلة (memoized: the same words recur in every article)."""
    out = _STRIPPED.get(w)
    if out is None:
        out = w
        if w[:1] in "الوبفك":
            for a in _ARTICLES:
                if w.startswith(a) and len(w) - len(a) >= 2:
                    out = w[len(a):]
                    break
        if len(_STRIPPED) < 200_000:
            _STRIPPED[w] = out
    return out


def _word_variants(w: str, number: str) -> set[str]:
    """Spellings a word of this grammatical number takes in running text (matching form)."""
    out = {w}
    if number == "x" and len(w) <= 3:
        return out  # abbreviations (كم، كلم، سم) take no endings: كما is "as"
    if number in ("s", "x", "p") and not w.endswith(("ه", "ا", "ات", "ين", "ون")):
        out.add(w + "ا")  # accusative tanwin: صاروخًا، جنديا، ممثلاً
    if number in ("p", "x"):
        if w.endswith("ين") and len(w) > 4:
            out |= {w[:-2] + "ون", w[:-1]}  # مقاتلين -> مقاتلون، مقاتلي (construct)
        elif w.endswith("ون") and len(w) > 4:
            out |= {w[:-2] + "ين", w[:-1]}
    return out


def _dual_variants(w: str) -> set[str]:
    if w.endswith("ان"):
        return {w, w[:-2] + "ين"}
    if w.endswith("ين"):
        return {w, w[:-2] + "ان"}
    return {w}


def _case_as(w: str, ending: str) -> str:
    """A dual word put in the case `ending` (ان nominative, ين oblique); other words unchanged."""
    if ending in ("ان", "ين") and w.endswith(("ان", "ين")) and len(w) > 4:
        return w[:-2] + ending
    return w


def _default_dual(singular: str) -> str:
    if len(singular) <= 2:
        return ""  # حي+ان is the name حيان, طن+ين is طنين (buzzing)
    if singular.endswith("ه"):
        return singular[:-1] + "تان"
    if singular.endswith("ا"):
        return ""
    return singular + "ان"


class UnitLexicon:
    """Lookup tables built once: first word -> [(rest words, unit, number)], longest first."""

    def __init__(self, units: list[tuple[Unit, dict[str, list[str]]]]):
        self.units = [u for u, _ in units]
        index: dict[str, list[tuple[tuple[str, ...], Unit, str]]] = {}
        duals: dict[str, list[tuple[tuple[str, ...], Unit]]] = {}
        plain_forms: set[str] = set()  # single-word singular/plural spellings, to keep duals unambiguous
        for unit, forms in units:
            for number, phrases in forms.items():
                for phrase in phrases:
                    words = tuple(strip_article(w) for w in norm(phrase).split())
                    if not words:
                        continue
                    rest = words[1:]
                    if number == "d":
                        for v in _dual_variants(words[0]):
                            # the adjective agrees in case: صاروخان باليستيان / صاروخين باليستيين
                            r = tuple(_case_as(x, v[-2:]) for x in rest)
                            duals.setdefault(v, []).append((r, unit))
                        continue
                    for v in _word_variants(words[0], number):
                        index.setdefault(v, []).append((rest, unit, number))
                        if not rest:
                            plain_forms.add(v)
        for v in list(duals):
            if v in plain_forms:  # مدنيين is a plural before it is a dual
                del duals[v]
        for v in index:
            index[v].sort(key=lambda e: -len(e[0]))
        for v in duals:
            duals[v].sort(key=lambda e: -len(e[0]))
        self._index = index
        self._duals = duals

    def __len__(self) -> int:
        return len(self.units)

    def dual_forms(self) -> list[str]:
        """Every dual spelling (matching form) the lexicon knows: the figures stage's trigger words."""
        return list(self._duals)

    def _rest_ok(self, toks: list[Tok], k: int, rest: tuple[str, ...]) -> bool:
        if k + len(rest) > len(toks):
            return False
        return all(strip_article(toks[k + m].text) == r for m, r in enumerate(rest))

    def _candidates(self, w: str, possessive: bool) -> list[tuple[str, bool]]:
        out = [(w, False)]
        s = strip_article(w)
        if s != w:
            out.append((s, True))
        if possessive:
            for base, definite in list(out):
                stem = ""
                for p in _POSSESSIVE:
                    if base.endswith(p) and len(base) - len(p) >= 3:
                        stem = base[: -len(p)]
                        break
                else:
                    # his: يومه -> يوم; tried after the word as printed, so a noun ending in ة
                    # (ه in matching form) still matches itself first
                    if base.endswith("ه") and len(base) >= 4:
                        stem = base[:-1]
                if stem:
                    out.append((stem, True))
                    if stem.endswith("ت") and len(stem) >= 4:
                        out.append((stem[:-1] + "ه", True))  # دورتها -> دورة: ة is written ت before a suffix
        return out

    def match(self, toks: list[Tok], k: int, *, possessive: bool = False,
              first: Optional[str] = None) -> Optional[UnitMatch]:
        """The counted noun starting at token k (single or multi-word), or None.

        `first` replaces the text of token k (the word without a clitic: لشخص -> شخص)."""
        if k >= len(toks):
            return None
        for cand, definite in self._candidates(toks[k].text if first is None else first, possessive):
            for rest, unit, number in self._index.get(cand, ()):
                if self._rest_ok(toks, k + 1, rest):
                    return UnitMatch(unit, number, k, k + 1 + len(rest), definite)
        return None

    def match_dual(self, toks: list[Tok], k: int) -> Optional[UnitMatch]:
        """An indefinite dual at token k (أسبوعين، غارتين، بغارتين) meaning two of a unit."""
        w = toks[k].text
        for c in ("", "ب", "ل", "و", "ف", "وب", "ول", "ك"):
            if c and not w.startswith(c):
                continue
            for rest, unit in self._duals.get(w[len(c):], ()):
                if self._rest_ok(toks, k + 1, rest):
                    return UnitMatch(unit, "d", k, k + 1 + len(rest), False)
        return None

    def match_ending_at(self, toks: list[Tok], j: int, max_words: int = 3) -> Optional[UnitMatch]:
        """The counted noun whose last token is j-1 (حالة وفاة | واحدة), longest first."""
        for length in range(min(max_words, j), 0, -1):
            m = self.match(toks, j - length)
            if m is not None and m.j == j:
                return m
        return None

    def lookup(self, word: str) -> Optional[Unit]:
        """The unit of one word as printed (any form, article or not)."""
        w = norm(word)
        for cand, _ in self._candidates(w, False):
            for rest, unit, _n in self._index.get(cand, ()):
                if not rest:
                    return unit
        for rest, unit in self._duals.get(w, ()):
            if not rest:
                return unit
        return None


def _fail(path: Path | str, line: int, column: int, what: str) -> LexiconError:
    err = LexiconError(f"{path}:{line}:{column}: {what}")
    err.path, err.line, err.column = str(path), line, column  # type: ignore[attr-defined]
    return err


def read_units_csv(path: Path) -> list[tuple[Unit, dict[str, list[str]], int]]:
    """Rows of one units file, validated; a malformed file raises LexiconError (file:line:col)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise _fail(path, 0, 0, f"cannot read units file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(path, line, col, "not UTF-8 text (save the file as CSV UTF-8)") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise _fail(path, 1, 1, "empty file: expected a header " + ",".join(COLUMNS)) from None
    except csv.Error as exc:
        raise _fail(path, 1, 1, f"CSV error: {exc}") from None
    header = [h.strip().lower() for h in header]
    for c, name in enumerate(header, start=1):
        if name not in COLUMNS + OPTIONAL_COLUMNS:
            raise _fail(path, 1, c, f"unknown column {name!r}; expected {', '.join(COLUMNS + OPTIONAL_COLUMNS)}")
    for name in COLUMNS:
        if name not in header:
            raise _fail(path, 1, len(header) + 1, f"missing column {name!r}")
    pos = {name: header.index(name) for name in header}
    rows = []
    seen: dict[str, int] = {}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _fail(path, reader.line_num, 1, f"CSV error: {exc}") from None
        line = reader.line_num
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) > len(header):
            raise _fail(path, line, len(header) + 1, f"{len(row)} fields, the header has {len(header)}")
        row = row + [""] * (len(header) - len(row))
        get = {name: row[pos[name]].strip() for name in header}
        cols = {name: pos[name] + 1 for name in header}
        sing = get["singular"]
        if not sing:
            raise _fail(path, line, cols["singular"], "empty singular")
        for name in ("singular", "dual", "plural"):
            if get[name] and not _ARABIC.search(get[name]):
                raise _fail(path, line, cols[name], f"{name} {get[name]!r} has no Arabic letters")
        if not get["unit_en"]:
            raise _fail(path, line, cols["unit_en"], f"empty unit_en for {sing!r}")
        if get["category"] not in CATEGORIES:
            raise _fail(path, line, cols["category"],
                        f"unknown category {get['category']!r}; expected one of {', '.join(sorted(CATEGORIES))}")
        key = norm(sing)
        if key in seen:
            raise _fail(path, line, cols["singular"], f"{sing!r} repeats line {seen[key]}")
        seen[key] = line
        extra = [f.strip() for f in get.get("forms", "").split("|") if f.strip()]
        for f in extra:
            if not _ARABIC.search(f):
                raise _fail(path, line, cols["forms"], f"form {f!r} has no Arabic letters")
        words0 = norm(sing).split()
        dual = get["dual"] or (_default_dual(words0[0]) + (" " + " ".join(words0[1:]) if words0[1:] else "")
                               if _default_dual(words0[0]) else "")
        forms = {"s": [sing], "d": [dual] if dual.strip() else [], "p": [get["plural"]] if get["plural"] else [],
                 "x": extra}
        rows.append((Unit(sing, get["unit_en"], get["category"]), forms, line))
    return rows


@lru_cache(maxsize=16)
def _load(extra: Optional[Path], mtime: float) -> UnitLexicon:
    rows = {norm(u.singular): (u, forms) for u, forms, _ in read_units_csv(DATA)}
    if extra is not None:
        for u, forms, _ in read_units_csv(extra):
            rows[norm(u.singular)] = (u, forms)
    return UnitLexicon(list(rows.values()))


def load_units(extra: Path | None = None) -> UnitLexicon:
    """The shipped counted nouns plus those of `extra` (same CSV layout); LexiconError if malformed."""
    if extra is None:
        return _load(None, 0.0)
    extra = Path(extra)
    try:
        mtime = extra.stat().st_mtime
    except OSError:
        mtime = -1.0
    return _load(extra, mtime)


def default_units() -> UnitLexicon:
    return load_units(None)
