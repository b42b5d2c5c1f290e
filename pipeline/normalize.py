"""Stage 2, normalize: one reference text per document; every offset in every table points into it.

Only changes that no reader would call a change of wording: Unicode NFC, one kind of line end,
no-break and odd spaces made plain spaces, and invisible format characters (bidi controls,
zero-width joiners, BOM) removed, because they break matching and reach Excel as garbage.
"""
from __future__ import annotations

import re
import unicodedata

# Bidi embedding/override/isolate controls, marks, zero-width characters, soft hyphen, BOM.
_INVISIBLE = dict.fromkeys(
    [0x061C, 0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF]
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A)),
    None,
)
_SPACES = dict.fromkeys([0x00A0, 0x2007, 0x202F, 0x2009, 0x200A, 0x3000, 0x1680], " ")
_SPACES.update({c: " " for c in range(0x2000, 0x2007)})
# C0/C1 control characters other than tab and newline; they cannot be stored in xlsx.
# U+FFFE/U+FFFF are not characters at all (XML forbids them).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
# Lone surrogates only arrive through JSON \ud800 escapes or undecodable file names; no
# UTF-8 writer (CSV, xlsx, Parquet) accepts them, so they become U+FFFD, one for one.
_SURROGATES = re.compile(r"[\ud800-\udfff]")


# The same sets as regexes: str.translate with a dict table goes through the dict for every
# character, ~0.15 µs each (3 ms for a 12,000-character article); a character-class scan is
# ~30x faster, and most texts need no change at all.
_INVISIBLE_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _INVISIBLE) + "]")
_SPACES_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _SPACES) + "]")
# All of them in one class, for one scan of a text. The sets are disjoint and no replacement
# is in any of them, so one pass replacing each character equals the passes one set at a time.
_ODD = re.compile(
    "[" + _INVISIBLE_RE.pattern[1:-1] + _SPACES_RE.pattern[1:-1] + _CONTROLS.pattern[1:-1] + _SURROGATES.pattern[1:-1] + "]"
)
# What normalize_text changes but trailing spaces and NFC: odd characters, line ends but "\n"
# ("\r" is a control character)
_UNUSUAL = re.compile(_ODD.pattern[:-1] + "\u2028\u2029]")
_ODD_REPLACEMENT = {**{chr(c): "" for c in _INVISIBLE}, **{chr(c): " " for c in _SPACES}}
# The characters _UNUSUAL matches, as sets: a caller that has scanned for them already (ingest,
# in one scan with its mojibake hints) passes those it found to normalize_counting.
INVISIBLE_CHARS = frozenset(map(chr, _INVISIBLE))
UNUSUAL_CHARS = frozenset(
    [*INVISIBLE_CHARS, *map(chr, _SPACES), "\u2028", "\u2029", "\ufffe", "\uffff"]
    + [chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000)]]
)
_LINE_ENDS = frozenset("\r\u2028\u2029")
# Up to this many distinct odd characters, one str.replace each (~5 instructions a character)
# beats one regex substitution (~60 a character, whatever the class).
_MAX_REPLACES = 4


def _odd_replacement(ch: str) -> str:
    # an invisible character or odd space as _ODD_REPLACEMENT says; what is left is a control
    # character (removed) or a lone surrogate (U+FFFD)
    return _ODD_REPLACEMENT.get(ch, "\ufffd" if "\ud800" <= ch <= "\udfff" else "")


def _replace_odd(match: re.Match) -> str:
    return _odd_replacement(match.group())


def count_invisible(text: str) -> int:
    return len(_INVISIBLE_RE.findall(text))


def normalize_text(raw: str) -> str:
    """The reference text of a document."""
    return normalize_counting(raw)[0]


def unusual_in(text: str) -> set[str]:
    """The distinct characters of `text` in UNUSUAL_CHARS."""
    # All of them are unprintable ("Other" or "Separator"): printable lines hold none of them,
    # and isprintable costs half a class scan (it stops at the first odd character).
    if text.replace("\n", "").isprintable():
        return set()
    return set(_UNUSUAL.findall(text))


def normalize_counting(raw: str, unusual: set[str] | None = None) -> tuple[str, int]:
    """`normalize_text` and `count_invisible(raw)`, the invisible characters it removed.

    `unusual`: `unusual_in(raw)`, when the caller knows it already (None: found here).
    """
    if unusual is None:
        unusual = unusual_in(raw)
    text, invisible = raw, 0
    if unusual:  # else nothing to replace: for most texts
        if not _LINE_ENDS.isdisjoint(unusual):
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
        odd = [ch for ch in unusual if ch not in _LINE_ENDS]
        if len(odd) > _MAX_REPLACES:
            invisible = count_invisible(text)
            text = _ODD.sub(_replace_odd, text)
        else:
            # each character has one replacement, which is not odd: replacing one character
            # after the other equals the substitution of all of them at once
            for ch in odd:
                if ch in INVISIBLE_CHARS:
                    invisible += text.count(ch)
                text = text.replace(ch, _odd_replacement(ch))
    text = unicodedata.normalize("NFC", text)
    if " \n" in text or "\t\n" in text or text.endswith((" ", "\t")):
        # spaces and tabs at line ends: a strip per line is ~10x faster than a MULTILINE regex
        text = "\n".join([line.rstrip(" \t") for line in text.split("\n")])
    return text.strip("\n"), invisible


def clean_label(value: str) -> str:
    """A doc_id, path or message fit for one table cell and one line of stderr.

    File names may hold anything but "/" (newlines, bidi overrides that reverse how a name is
    displayed, bytes that are not UTF-8); none of it may reach a spreadsheet or a terminal.
    """
    if value.isprintable():  # none of it there (all of it is unprintable): the common case
        return value
    value = _INVISIBLE_RE.sub("", _SURROGATES.sub("\ufffd", value))
    return _CONTROLS.sub("\ufffd", value.replace("\t", " ").replace("\n", " ").replace("\r", " "))
