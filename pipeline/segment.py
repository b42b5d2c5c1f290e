"""Stage 3, segment: paragraphs, sub-headlines and sentences of a document's body.

Sentences end at Arabic and Latin terminal punctuation (. ! ? ؟ ؛ …) and at line ends, but never
inside a quotation: a quoted statement of several sentences is one statement. Boundaries are
taken at spaCy token ends, so a decimal point inside a number token (2.6) never ends a sentence.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.bisection import lower_bound, upper_bound
from pipeline.built_models import model_fields, new_model
from schemas import Document, Paragraph, Sentence

# Final: compiled code reads them as constants, not from the module's dict at every use
TERMINAL: Final = frozenset(".!?؟؛…")
OPENERS: Final = frozenset("“«„‟")
CLOSERS: Final = frozenset("»")
TOGGLES: Final = frozenset('”"')
QUOTES: Final = OPENERS | CLOSERS | TOGGLES
SUBHEADLINE_MAX_WORDS: Final = 14
# The marks looked for, as strings for _marks.
_QUOTE_MARKS: Final = "".join(sorted(QUOTES))
_ENDER_MARKS: Final = "".join(sorted(TERMINAL)) + "\n"


def _space_at(text: str, i: int) -> bool:
    """text[i].isspace(), without making a one-character string of a letter (compiled, ord(text[i])
    reads the code point in place)."""
    c = ord(text[i])
    if 0x20 < c < 0x85 or 0xA0 < c < 0x1680:  # no whitespace there: ASCII, Latin, Arabic letters
        return False
    return text[i].isspace()


@lru_cache(maxsize=1)
def tokenizer_nlp() -> Language:
    """spaCy's blank Arabic pipeline: its tokenizer is all segmentation needs."""
    return spacy.blank("ar")


def tokenize(text: str) -> Doc:
    return tokenizer_nlp().make_doc(text)


# --- spaCy's tokens where a sentence can end, without tokenizing the whole text ---------------
#
# spaCy cuts the text at whitespace and tokenizes each whitespace-free chunk on its own (then
# merges the few special cases that span a space, such as "ب. م"). Whether a terminal mark ends
# its token therefore depends only on its chunk, so segmentation tokenizes just the chunks
# that hold one: about a tenth of an article, and often the same "word." again.

_CHUNK_CACHE: Final[dict[str, list[tuple[int, int]]]] = {}
_CHUNK_CACHE_LIMIT: Final = 100_000


@lru_cache(maxsize=1)
def _spanning_specials() -> tuple[int, tuple[str, ...]]:
    """The tokenizer's special cases that span whitespace ("ب. م"), and the most chunks one joins."""
    keys = tuple(sorted(k for k in tokenizer_nlp().tokenizer.rules if len(k.split()) > 1))
    return max((len(k.split()) for k in keys), default=1), keys


def _occurrences(text: str, keys: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of every key, overlapping ones too, ascending."""
    found = []
    for key in keys:
        i = text.find(key)
        while i >= 0:
            found.append((i, i + len(key)))
            i = text.find(key, i + 1)
    return sorted(found)


def _spans_of(text: str) -> list[tuple[int, int]]:
    """(start, end) of spaCy's tokens of `text`, whitespace tokens included."""
    return [(t.idx, t.idx + len(t.text)) for t in tokenizer_nlp().tokenizer(text)]


class _ChunkTokens:
    """spaCy's tokens of a text, chunk by chunk, as the whole text's Doc has them."""

    def __init__(self, text: str):
        self.text = text
        width, keys = _spanning_specials()
        self.width = width
        # where a special case spanning whitespace occurs; a chunk elsewhere is tokenized alone
        self.joins = _occurrences(text, keys)

    def chunk(self, cs: int, ce: int) -> list[tuple[int, int]]:
        """The tokens of the whitespace-free chunk text[cs:ce]."""
        text = self.text
        if self.joins and any(s < ce and cs < e for s, e in self.joins):
            # a special case may join it to its neighbours: tokenize it with them, as the Doc does
            ws, we = cs, ce
            for _ in range(self.width - 1):
                ws = _chunk_start(text, ws)
                we = _chunk_end(text, we)
            return [(s + ws, e + ws) for s, e in _spans_of(text[ws:we]) if s + ws < ce and e + ws > cs]
        return [(s + cs, e + cs) for s, e in _chunk_spans(text[cs:ce])]

    def token_in_chunk(self, cs: int, ce: int, pos: int) -> tuple[int, int] | None:
        """The token of the chunk text[cs:ce] that holds `pos`: `chunk` without its list."""
        if self.joins and any(s < ce and cs < e for s, e in self.joins):
            for span in self.chunk(cs, ce):
                if span[0] <= pos < span[1]:
                    return span
            return None
        at = pos - cs
        for s, e in _chunk_spans(self.text[cs:ce]):
            if s <= at < e:
                return s + cs, e + cs
        return None

    def at(self, pos: int) -> tuple[int, int] | None:
        """The token holding character `pos`; None for a single space after a token (spaCy
        keeps that as the token's trailing whitespace, not as a token)."""
        text = self.text
        if _space_at(text, pos):
            for s, e in self.joins:
                if s <= pos < e:  # the space inside a special case: part of its token if it is one
                    return self.token_in_chunk(_chunk_start(text, s + 1), _chunk_end(text, s), pos)
            rs, re_ = pos, pos + 1
            while rs > 0 and _space_at(text, rs - 1):
                rs -= 1
            n = len(text)
            while re_ < n and _space_at(text, re_):
                re_ += 1
            ts = rs + 1 if rs > 0 and text[rs] == " " else rs
            return (ts, re_) if ts <= pos else None
        return self.token_in_chunk(_chunk_start(text, pos + 1), _chunk_end(text, pos), pos)

    def crossing(self, end: int) -> tuple[int, int] | None:
        """The token that starts before `end` and ends after it, if one does."""
        text = self.text
        if end <= 0 or end >= len(text):
            return None
        if _space_at(text, end) and not _space_at(text, end - 1) and not any(s < end < e for s, e in self.joins):
            return None  # a chunk ends there, and no special case joins it to the next
        token = self.at(end - 1)
        return token if token is not None and token[1] > end else None

    def enders(self) -> list[tuple[int, int]]:
        """The tokens that can end a sentence, ascending: those whose last character is a
        terminal mark, and the whitespace tokens that hold a line break."""
        text = self.text
        out: list[tuple[int, int]] = []
        for pos in _marks(text, _ENDER_MARKS, 0, len(text)):
            if out and out[-1][0] <= pos < out[-1][1]:
                continue
            token = self.at(pos)
            if token is not None and (token[1] - 1 == pos or text[pos] == "\n"):
                out.append(token)
        return out


def _chunk_spans(chunk: str) -> list[tuple[int, int]]:
    """spaCy's tokens of one whitespace-free chunk, relative to it (cached by chunk)."""
    spans = _CHUNK_CACHE.get(chunk)
    if spans is None:
        if len(_CHUNK_CACHE) > _CHUNK_CACHE_LIMIT:
            _CHUNK_CACHE.clear()
        spans = _CHUNK_CACHE[chunk] = _spans_of(chunk)
    return spans


def _chunk_start(text: str, pos: int) -> int:
    """Start of the chunk before the whitespace before `pos` (pos itself at the text's start)."""
    i = pos
    while i > 0 and _space_at(text, i - 1):
        i -= 1
    while i > 0 and not _space_at(text, i - 1):
        i -= 1
    return i


def _chunk_end(text: str, pos: int) -> int:
    """End of the chunk after the whitespace at `pos`."""
    n = len(text)
    i = pos
    while i < n and _space_at(text, i):
        i += 1
    while i < n and not _space_at(text, i):
        i += 1
    return i


def paragraphs_of(doc: Document) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph of the body, trimmed of whitespace.

    A break is a line end, spaces or tabs, a line end, then any whitespace (as the regex
    "\\n[ \\t]*\\n\\s*"), found from the line ends by str.find: a regex search costs a call and a
    match object per line end.
    """
    text: str = doc.text  # typed: a model's attributes are Any to the compiler
    body_end: int = doc.body_end if doc.body_end is not None else len(text)
    pos: int = doc.body_start
    spans: list[tuple[int, int]] = []
    i = text.find("\n", pos, body_end)
    while i >= 0:
        j = i + 1
        while j < body_end and (text[j] == " " or text[j] == "\t"):
            j += 1
        if j < body_end and text[j] == "\n":  # a blank line: the break runs on over all whitespace
            spans.append((pos, i))
            pos = j + 1
            while pos < body_end and _space_at(text, pos):
                pos += 1
            i = text.find("\n", pos, body_end)
        else:
            i = text.find("\n", i + 1, body_end)
    spans.append((pos, body_end))
    return _trimmed(text, spans)


def _trimmed(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans trimmed of whitespace; the blank ones dropped."""
    out = []
    for s, e in spans:
        s, e = trim_span(text, s, e)
        if s < e:
            out.append((s, e))
    return out


def _marks(text: str, marks: str, start: int, end: int) -> list[int]:
    """Offsets of the characters of `marks` in text[start:end], ascending.

    One str.find scan per mark: these are a few, mostly absent, characters, and find runs in
    C at memchr speed, while a regex character class costs ~50 instructions per character.
    """
    found: list[int] = []
    for ch in marks:
        i = text.find(ch, start, end)
        while i >= 0:
            found.append(i)
            i = text.find(ch, i + 1, end)
    found.sort()
    return found


def quote_pairs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(opening, closing) offsets of the quotations in text[start:end] (marks paired, mismatches forgiven)."""
    return _pair_quotes(text, _marks(text, _QUOTE_MARKS, start, len(text) if end is None else end))


def _pair_quotes(text: str, marks: list[int]) -> list[tuple[int, int]]:
    """quote_pairs of the quote marks at the offsets `marks`, ascending."""
    pairs: list[tuple[int, int]] = []
    open_at = -1
    for i in marks:
        ch = text[i]
        if open_at < 0:
            if ch in OPENERS or ch in TOGGLES:
                open_at = i
        elif ch in CLOSERS or ch in TOGGLES:
            pairs.append((open_at, i))
            open_at = -1
    # An opener never closed is a stray mark: it quotes nothing.
    return pairs


def quoted_mask(text: str) -> list[bool]:
    """For each character, whether it lies inside a quotation (marks paired, mismatches forgiven)."""
    mask = [False] * len(text)
    for s, e in quote_pairs(text):
        mask[s:e + 1] = [True] * (e + 1 - s)
    return mask


def is_subheadline(text: str) -> bool:
    """A one-line paragraph that is a heading: ends in '..', or is short and unpunctuated."""
    if "\n" in text:
        return False
    if text.endswith(".."):
        return True
    last = text[-1]
    if last in TERMINAL and last not in "?؟":
        return False  # a full stop: a sentence, however short (most paragraphs stop here)
    # the words, up to one more than the limit (the rest is left in one piece, not split)
    words = len(text.split(maxsplit=SUBHEADLINE_MAX_WORDS))
    if words > SUBHEADLINE_MAX_WORDS:
        return False
    return last not in TERMINAL or words <= 10


@dataclass(frozen=True)
class _TextEnders:
    """The tokens that can end a sentence, and the text's tokens to look up others (the one cut
    by a paragraph's end)."""

    tokens: _ChunkTokens
    spans: list[tuple[int, int]]
    starts: list[int]
    quotes: list[int]  # offsets of the text's quote marks (one scan for all paragraphs)


def _text_index(text: str) -> _TextEnders:
    tokens = _ChunkTokens(text)
    spans = tokens.enders()
    return _TextEnders(tokens, spans, [s for s, _ in spans], _marks(text, _QUOTE_MARKS, 0, len(text)))


def sentence_spans(text: str, start: int, end: int, index: _TextEnders | None = None) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets inside text[start:end], at the ends of spaCy's tokens."""
    if index is None:
        index = _text_index(text)
    quotes = index.quotes
    pairs = _pair_quotes(text, quotes[lower_bound(quotes, start):lower_bound(quotes, end)])
    pair_starts = [a for a, _ in pairs]
    spans, sent_start = [], start
    for idx, tok_end in _enders(text, index, start, end):
        t_end = min(tok_end, end)
        if _space_at(text, idx):  # else no whitespace token: spare the slice
            tok_text = text[idx:tok_end]
            if tok_text.isspace() and "\n" in tok_text:
                spans.append((sent_start, idx))  # a blank one is dropped below
                sent_start = t_end
                continue
        if text[t_end - 1] not in TERMINAL:
            continue
        q = upper_bound(pair_starts, t_end - 1) - 1
        if q >= 0 and t_end - 1 <= pairs[q][1]:
            continue  # quoted
        if not _number_dot(text[idx:tok_end]):
            spans.append((sent_start, t_end))
            sent_start = t_end
    spans.append((sent_start, end))
    return _trimmed(text, spans)


def _enders(text: str, index: _TextEnders, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the tokens overlapping text[start:end] that can end a sentence there; a
    last token cut by `end` is always looked at (its cut end counts)."""
    spans = index.spans
    first = lower_bound(index.starts, start)
    if first > 0 and spans[first - 1][1] > start:
        first -= 1  # begins before `start` but reaches into it
    chosen = spans[first:lower_bound(index.starts, end)]
    cut = index.tokens.crossing(end)
    if cut is not None and (not chosen or chosen[-1] != cut):
        chosen.append(cut)
    return chosen


def _number_dot(token_text: str) -> bool:
    # "2." before a line break is an enumeration marker, not a sentence end.
    return len(token_text) > 1 and token_text[:-1].isdigit()


def trim_span(text: str, s: int, e: int) -> tuple[int, int]:
    """text[s:e] without its leading and trailing whitespace, as (start, end)."""
    while s < e and _space_at(text, s):
        s += 1
    while e > s and _space_at(text, e - 1):
        e -= 1
    return s, e


_SENTENCE_FIELDS: Final = model_fields(Sentence)
_PARAGRAPH_FIELDS: Final = model_fields(Paragraph)


def segment(doc: Document) -> list[Paragraph]:
    """The body's paragraphs, each with its sentences; offsets point into doc.text."""
    text: str = doc.text  # typed: a model's attributes are Any to the compiler
    index = _text_index(text)
    paragraphs: list[Paragraph] = []
    n_sent = 0
    for p_index, (ps, pe) in enumerate(paragraphs_of(doc), start=1):
        ptext = text[ps:pe]
        sentences = []
        for ss, se in sentence_spans(text, ps, pe, index):
            n_sent += 1
            sentences.append(new_model(Sentence, _SENTENCE_FIELDS, {
                "index": n_sent, "paragraph": p_index, "start": ss, "end": se, "text": text[ss:se]}))
        paragraphs.append(new_model(Paragraph, _PARAGRAPH_FIELDS, {
            "index": p_index, "start": ps, "end": pe, "text": ptext, "is_subheadline": is_subheadline(ptext),
            "sentences": sentences}))
    return paragraphs
