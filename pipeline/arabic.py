"""Arabic text helpers shared by the stages: tashkeel stripping and matching normalization.

`normalize_ar` is for *matching* (registry aliases, cue forms, units), never for the reference
text that offsets point into. It removes diacritics (tashkeel), tatweel and invisible format
characters and folds the letters news copy spells inconsistently:

    أ إ آ ٱ -> ا     ى -> ي     ة -> ه     ک -> ك     ی -> ي     ھ -> ه

Everything is done with `str.translate` tables, so it is fast enough to run on every token.
`normalize_with_offsets` gives the same result plus, for each kept character, its index in the
input, for stages that must map a match in normalized text back to exact offsets.
"""
from __future__ import annotations

import re

# Diacritics: Quranic annotation signs, harakat/tanwin/shadda/sukun and extended marks,
# superscript alef, small high/low Quranic marks.
_TASHKEEL_CODES = (
    list(range(0x0610, 0x061B))
    + list(range(0x064B, 0x0660))
    + [0x0670]
    + list(range(0x06D6, 0x06DD))
    + list(range(0x06DF, 0x06E5))
    + [0x06E7, 0x06E8]
    + list(range(0x06EA, 0x06EE))
    + list(range(0x08D3, 0x08E2))
    + list(range(0x08E3, 0x0900))
)
TATWEEL = "\u0640"
# Invisible format characters that break matching (also removed by the normalize stage).
_INVISIBLE_CODES = [0x061C, 0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF]
_INVISIBLE_CODES += list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A))

_LETTER_FOLDS = {
    "\u0623": "\u0627",  # أ
    "\u0625": "\u0627",  # إ
    "\u0622": "\u0627",  # آ
    "\u0671": "\u0627",  # ٱ
    "\u0649": "\u064A",  # ى
    "\u0629": "\u0647",  # ة
    "\u06A9": "\u0643",  # ک Persian kaf
    "\u06CC": "\u064A",  # ی Persian yeh
    "\u06BE": "\u0647",  # ھ heh doachashmee
}

_STRIP_TASHKEEL = dict.fromkeys(_TASHKEEL_CODES, None)
_NORMALIZE = dict.fromkeys(_TASHKEEL_CODES + [ord(TATWEEL)] + _INVISIBLE_CODES, None)
_NORMALIZE.update({ord(k): v for k, v in _LETTER_FOLDS.items()})

_WS = re.compile(r"\s+")

# Characters that may stick to a token's edges without being part of a name:
# Western and Arabic punctuation, quotation marks of every shape, brackets.
EDGE_PUNCT = (
    "\"'`«»“”„‟‘’‚‛‹›〝〞＂()[]{}<>،,.:;؛!?؟…-–—/\\|*•·"
)


def strip_tashkeel(text: str) -> str:
    """Remove Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alef, Quranic marks)."""
    return text.translate(_STRIP_TASHKEEL)


def normalize_ar(text: str) -> str:
    """Matching form of Arabic text: no tashkeel, tatweel or invisible marks; alef/ya/ta-marbuta folded.

    Length may shrink (removed marks); whitespace is left as it is (see `normalize_key`).
    """
    return text.translate(_NORMALIZE)


def normalize_key(text: str) -> str:
    """`normalize_ar` plus single spaces, no edge punctuation and ASCII case folding: a lookup key."""
    text = _WS.sub(" ", normalize_ar(text)).strip()
    return " ".join(tok.strip(EDGE_PUNCT) for tok in text.split(" ") if tok.strip(EDGE_PUNCT)).casefold()


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """`normalize_ar(text)` and, for each of its characters, the index of its source in `text`."""
    out: list[str] = []
    index: list[int] = []
    table = _NORMALIZE
    for i, ch in enumerate(text):
        mapped = table.get(ord(ch), ch)
        if mapped is None:
            continue
        out.append(mapped)
        index.append(i)
    return "".join(out), index
