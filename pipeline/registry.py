"""Speakers registry and reporting-cue lexicon, loaded from analyst-editable CSV files.

Shipped files (UTF-8, a spreadsheet can open and extend them):

- `pipeline/data/speakers.csv`: ``canonical,aliases_ar,role_ar,role_en,organization,country,type``
  with `aliases_ar` separated by ``|`` and `type` one of person / organization / agency.
- `pipeline/data/cues.csv`: ``form,lemma,kind,gender,mode`` with `kind` one of verb /
  participle / nominal / relay / narrative, `gender` m / f / pl or empty, `mode` direct /
  indirect / narrative (empty means indirect).

`load_registry(extra)` / `load_cues(extra)` add a second file in the same layout (``--speakers``,
``--cues``): a row whose canonical (or form) is already known replaces the shipped one, new rows
are added. A malformed file raises `LexiconError` naming the file, line, column and the fault.

Matching is on `pipeline.arabic.normalize_ar` forms, so alef/ya/ta-marbuta spellings and
tashkeel need not be listed as aliases.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Iterable, NamedTuple, Optional

from pipeline.arabic import EDGE_PUNCT, normalize_ar
from pipeline.errors import LexiconError

# via the package, not __file__: a compiled module's __file__ names its shared library
DATA_DIR = Path(str(files("pipeline") / "data"))
SPEAKERS_FILE = DATA_DIR / "speakers.csv"
CUES_FILE = DATA_DIR / "cues.csv"

SPEAKER_COLUMNS = ("canonical", "aliases_ar", "role_ar", "role_en", "organization", "country", "type")
SPEAKER_TYPES = frozenset({"person", "organization", "agency"})
CUE_COLUMNS = ("form", "lemma", "kind", "gender", "mode")
CUE_KINDS = frozenset({"verb", "participle", "nominal", "relay", "narrative"})
CUE_GENDERS = frozenset({"", "m", "f", "pl"})
CUE_MODES = frozenset({"", "direct", "indirect", "narrative"})

# Clitics that may stick to the first word of a name: conjunctions and prepositions.
_PREFIXES = ("و", "ف", "ب", "ل", "وب", "ول", "فب", "فل", "ك")
_TATWEEL = "\u0640"


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Matching form of a word or phrase: normalize_ar, no tatweel, single spaces, no edge punctuation."""
    text = normalize_ar(text).replace(_TATWEEL, "")
    toks = (t.strip(EDGE_PUNCT) for t in text.split())
    return " ".join(t for t in toks if t)


# ---------------------------------------------------------------------------------------------
# CSV reading


def _read_rows(path: Path, columns: tuple[str, ...], text: Optional[str] = None) -> list[tuple[int, dict]]:
    """Rows of a CSV as (line number, {column: stripped value}); structure errors raise LexiconError."""
    if text is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise LexiconError(f"{path}: cannot read lexicon file: {exc.strerror or exc}") from exc
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise LexiconError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header: Optional[list[str]] = None
    rows: list[tuple[int, dict]] = []
    for record in reader:
        line = reader.line_num
        if not record or all(not c.strip() for c in record):
            continue
        if header is None:
            header = [c.strip().lstrip("\ufeff").lower() for c in record]
            missing = [c for c in columns if c not in header]
            if missing:
                raise LexiconError(
                    f"{path}, line {line}: header lacks required column(s) {', '.join(missing)} "
                    f"(expected: {','.join(columns)})"
                )
            dup = sorted({c for c in header if header.count(c) > 1 and c})
            if dup:
                raise LexiconError(f"{path}, line {line}: column(s) {', '.join(dup)} appear twice in the header")
            continue
        if record[0].lstrip().startswith("#"):
            continue  # a comment row
        if len(record) != len(header):
            raise LexiconError(
                f"{path}, line {line}: expected {len(header)} fields, found {len(record)} "
                f"(quote values that contain commas)"
            )
        rows.append((line, {h: v.strip() for h, v in zip(header, record)}))
    if header is None:
        raise LexiconError(f"{path}, line 1: empty file, expected a header {','.join(columns)}")
    return rows


def _fault(path: Path, line: int, column: str, what: str) -> LexiconError:
    return LexiconError(f"{path}, line {line}, column '{column}': {what}")


# ---------------------------------------------------------------------------------------------
# Speakers


@dataclass(frozen=True)
class Entry:
    """One registry row; `aliases` are the Arabic surface forms as written in the file."""

    canonical: str
    aliases_ar: str
    role_ar: str
    role_en: str
    organization: str
    country: str
    type: str
    aliases: tuple[str, ...] = field(default=())


def _parse_speakers(path: Path, text: Optional[str] = None) -> list[Entry]:
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for line, row in _read_rows(path, SPEAKER_COLUMNS, text):
        canonical = row["canonical"]
        if not canonical:
            raise _fault(path, line, "canonical", "empty canonical name")
        etype = row["type"].lower()
        if etype not in SPEAKER_TYPES:
            raise _fault(path, line, "type", f"{row['type']!r} is not one of {', '.join(sorted(SPEAKER_TYPES))}")
        aliases = tuple(a.strip() for a in row["aliases_ar"].split("|") if a.strip())
        if not aliases:
            raise _fault(path, line, "aliases_ar", "no Arabic alias")
        for a in aliases:
            if not norm(a):
                raise _fault(path, line, "aliases_ar", f"alias {a!r} is only punctuation")
        if canonical in seen:
            raise _fault(path, line, "canonical", f"{canonical!r} already defined on line {seen[canonical]}")
        seen[canonical] = line
        entries.append(Entry(
            canonical=canonical,
            aliases_ar="|".join(aliases),
            role_ar=row["role_ar"],
            role_en=row["role_en"],
            organization=row["organization"],
            country=row["country"],
            type=etype,
            aliases=aliases,
        ))
    return entries


@lru_cache(maxsize=16)
def _speakers_cached(path: Path, mtime: float) -> tuple[Entry, ...]:
    return tuple(_parse_speakers(path))


def _speakers_file(path: Path) -> tuple[Entry, ...]:
    path = Path(path)
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read lexicon file: {exc.strerror or exc}") from exc
    return _speakers_cached(path.resolve(), mtime)


class SpeakerRegistry:
    """Known speakers, looked up by any normalized Arabic alias."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.canonical_names: set[str] = {e.canonical for e in self.entries}
        self._by_canonical = {e.canonical: e for e in self.entries}
        self._alias: dict[str, Entry] = {}
        # normalized first token -> [(alias tokens, entry)], longest alias first
        self._first: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
        for e in self.entries:
            for a in e.aliases:
                key = norm(a)
                if not key or key in self._alias:
                    continue  # first definition wins (extra-file entries come first when overriding)
                self._alias[key] = e
                toks = tuple(key.split(" "))
                self._first.setdefault(toks[0], []).append((toks, e))
        for lst in self._first.values():
            lst.sort(key=lambda x: -len(x[0]))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries)

    def __contains__(self, name: str) -> bool:
        return name in self.canonical_names or self.lookup(name) is not None

    def get(self, canonical: str) -> Optional[Entry]:
        """The entry with this canonical English name."""
        return self._by_canonical.get(canonical)

    def lookup(self, surface: str) -> Optional[Entry]:
        """The entry an Arabic surface form names (a leading و/ف/ب/ل is dropped only if that yields an alias)."""
        key = norm(surface)
        if not key:
            return None
        hit = self._alias.get(key)
        if hit is not None:
            return hit
        for cand in _unprefixed(key):
            hit = self._alias.get(cand)
            if hit is not None:
                return hit
        return None

    def match_at(self, tokens: list[str], i: int) -> Optional[tuple[Entry, int]]:
        """The longest alias starting at whitespace token `i`: (entry, number of tokens), or None."""
        if i < 0 or i >= len(tokens):
            return None
        first = norm(tokens[i])
        if not first or " " in first:
            return None
        best: Optional[tuple[Entry, int]] = None
        for cand in (first, *_unprefixed(first)):
            for toks, entry in self._first.get(cand, ()):
                n = len(toks)
                if best is not None and n <= best[1]:
                    break  # sorted longest first: nothing longer is left
                if n == 1 or self._rest_matches(tokens, i, toks):
                    best = (entry, n)
                    break
        return best

    @staticmethod
    def _rest_matches(tokens: list[str], i: int, toks: tuple[str, ...]) -> bool:
        if i + len(toks) > len(tokens):
            return False
        for k in range(1, len(toks)):
            if norm(tokens[i + k]) != toks[k]:
                return False
            if _ends_clause(tokens[i + k - 1]):
                return False
        return True


def _ends_clause(raw: str) -> bool:
    """A token ending in a comma, full stop or the like: a name does not run on past it."""
    tail = raw.rstrip()[-1:] if raw.strip() else ""
    return tail in "،,.;؛:!?؟…"


def _unprefixed(key: str) -> list[str]:
    """Forms of a normalized word or phrase without a leading clitic (longest clitic first)."""
    out: list[str] = []
    head = key.split(" ", 1)[0]
    for pre in ("ولل", "فلل", "لل"):  # لل + noun = ل + ال + noun
        if head.startswith(pre) and len(head) > len(pre) + 1:
            out.append("ال" + key[len(pre):])
    for pre in sorted(_PREFIXES, key=len, reverse=True):
        if head.startswith(pre) and len(head) - len(pre) >= 2:
            out.append(key[len(pre):])
    return out


def load_registry(extra: Path | None = None) -> SpeakerRegistry:
    """The shipped registry plus `extra` (same layout): same canonical overrides, new ones are added."""
    return _registry(None if extra is None else Path(extra))


@lru_cache(maxsize=16)
def _registry_cached(extra: Optional[Path], extra_mtime: float, shipped_mtime: float) -> SpeakerRegistry:
    shipped = _speakers_file(SPEAKERS_FILE)
    if extra is None:
        return SpeakerRegistry(shipped)
    added = _speakers_file(extra)
    names = {e.canonical for e in added}
    # Extra entries first: their aliases win over a shipped entry that shares one.
    return SpeakerRegistry(list(added) + [e for e in shipped if e.canonical not in names])


def _registry(extra: Optional[Path]) -> SpeakerRegistry:
    shipped_mtime = _mtime(SPEAKERS_FILE)
    if extra is None:
        return _registry_cached(None, 0.0, shipped_mtime)
    return _registry_cached(extra.resolve() if extra.exists() else extra, _mtime(extra), shipped_mtime)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read lexicon file: {exc.strerror or exc}") from exc


# ---------------------------------------------------------------------------------------------
# Cues


class Cue(NamedTuple):
    """What a cue form is: its lemma, kind (verb/participle/nominal/relay/narrative), gender, mode."""

    lemma: str
    kind: str
    gender: str
    mode: str


@dataclass(frozen=True)
class CueRow:
    form: str
    lemma: str
    kind: str
    gender: str
    mode: str


def _parse_cues(path: Path) -> list[CueRow]:
    out: list[CueRow] = []
    for line, row in _read_rows(path, CUE_COLUMNS):
        form = row["form"]
        if not norm(form):
            raise _fault(path, line, "form", "empty form")
        kind = row["kind"].lower()
        if kind not in CUE_KINDS:
            raise _fault(path, line, "kind", f"{row['kind']!r} is not one of {', '.join(sorted(CUE_KINDS))}")
        gender = row["gender"].lower()
        if gender not in CUE_GENDERS:
            raise _fault(path, line, "gender", f"{row['gender']!r} is not one of m, f, pl or empty")
        mode = row["mode"].lower()
        if mode not in CUE_MODES:
            raise _fault(path, line, "mode", f"{row['mode']!r} is not one of direct, indirect, narrative or empty")
        out.append(CueRow(form, row["lemma"] or form, kind, gender, mode or ("narrative" if kind == "narrative" else "indirect")))
    return out


@lru_cache(maxsize=16)
def _cues_cached(path: Path, mtime: float) -> tuple[CueRow, ...]:
    return tuple(_parse_cues(path))


def _cues_file(path: Path) -> tuple[CueRow, ...]:
    return _cues_cached(Path(path).resolve(), _mtime(Path(path)))


class CueLexicon:
    """Reporting cues by normalized form."""

    def __init__(self, rows: Iterable[CueRow]):
        self.rows: tuple[CueRow, ...] = tuple(rows)
        self._by_form: dict[str, Cue] = {}
        for r in self.rows:
            self._by_form[norm(r.form)] = Cue(norm(r.lemma), r.kind, r.gender, r.mode)  # later rows win

    def __len__(self) -> int:
        return len(self._by_form)

    def __contains__(self, form: str) -> bool:
        return self.lookup(form) is not None

    def lookup(self, form: str) -> Optional[Cue]:
        """(lemma, kind, gender, mode) of a form (any spelling/tashkeel), or None."""
        return self._by_form.get(norm(form))

    def forms_of_kind(self, kind: str) -> frozenset[str]:
        """The normalized forms of one kind (e.g. 'participle')."""
        return frozenset(f for f, c in self._by_form.items() if c.kind == kind)

    @property
    def forms(self) -> frozenset[str]:
        return frozenset(self._by_form)


@lru_cache(maxsize=16)
def _cue_lexicon_cached(extra: Optional[Path], extra_mtime: float, shipped_mtime: float) -> CueLexicon:
    rows = list(_cues_file(CUES_FILE))
    if extra is not None:
        rows += list(_cues_file(extra))  # same form: the extra row wins
    return CueLexicon(rows)


def load_cues(extra: Path | None = None) -> CueLexicon:
    """The shipped cue lexicon plus `extra` (same layout); a form in `extra` overrides the shipped one."""
    shipped_mtime = _mtime(CUES_FILE)
    if extra is None:
        return _cue_lexicon_cached(None, 0.0, shipped_mtime)
    extra = Path(extra)
    return _cue_lexicon_cached(extra.resolve() if extra.exists() else extra, _mtime(extra), shipped_mtime)
