"""Stage 3, segment: paragraphs, sub-headlines and sentences of a document's body.

Sentences end at Arabic and Latin terminal punctuation (. ! ? ؟ ؛ …) and at line ends, but never
inside a quotation: a quoted statement of several sentences is one statement. Boundaries are
taken at spaCy token ends, so a decimal point inside a number token (2.6) never ends a sentence.
"""
from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from schemas import Document, Paragraph, Sentence

TERMINAL = frozenset(".!?؟؛…")
OPENERS = frozenset("“«„‟")
CLOSERS = frozenset("»")
TOGGLES = frozenset('”"')
QUOTES = OPENERS | CLOSERS | TOGGLES
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
SUBHEADLINE_MAX_WORDS = 14


@lru_cache(maxsize=1)
def tokenizer_nlp() -> Language:
    """spaCy's blank Arabic pipeline: its tokenizer is all segmentation needs."""
    return spacy.blank("ar")


def tokenize(text: str) -> Doc:
    return tokenizer_nlp().make_doc(text)


def paragraphs_of(doc: Document) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph of the body, trimmed of whitespace."""
    body_end = doc.body_end if doc.body_end is not None else len(doc.text)
    spans, pos = [], doc.body_start
    for m in PARAGRAPH_BREAK.finditer(doc.text, doc.body_start, body_end):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, body_end))
    out = []
    for s, e in spans:
        chunk = doc.text[s:e]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append((s + lead, s + lead + len(stripped)))
    return out


def quoted_mask(text: str) -> list[bool]:
    """For each character, whether it lies inside a quotation (marks paired, mismatches forgiven)."""
    pairs: list[tuple[int, int]] = []
    open_at = -1
    for i, ch in enumerate(text):
        if ch not in QUOTES:
            continue
        if open_at < 0:
            if ch in OPENERS or ch in TOGGLES:
                open_at = i
        elif ch in CLOSERS or ch in TOGGLES:
            pairs.append((open_at, i))
            open_at = -1
    # An opener never closed is a stray mark: it quotes nothing.
    mask = [False] * len(text)
    for s, e in pairs:
        for j in range(s, e + 1):
            mask[j] = True
    return mask


def is_subheadline(text: str) -> bool:
    """A one-line paragraph that is a heading: ends in '..', or is short and unpunctuated."""
    if "\n" in text:
        return False
    if text.endswith(".."):
        return True
    words = text.split()
    if len(words) > SUBHEADLINE_MAX_WORDS:
        return False
    return text[-1] not in TERMINAL or (text[-1] in "?؟" and len(words) <= 10)


def sentence_spans(text: str, tokens: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets inside text[start:end], using the document's tokens."""
    mask = quoted_mask(text[start:end])
    spans, sent_start = [], start
    for tok in tokens.char_span(start, end, alignment_mode="expand") or []:
        tok_text = tok.text
        t_end = min(tok.idx + len(tok_text), end)
        if tok.is_space and "\n" in tok_text:
            if text[sent_start:tok.idx].strip():
                spans.append((sent_start, tok.idx))
            sent_start = t_end
            continue
        if text[t_end - 1] in TERMINAL and not mask[t_end - 1 - start] and not _number_dot(tok_text):
            spans.append((sent_start, t_end))
            sent_start = t_end
    if text[sent_start:end].strip():
        spans.append((sent_start, end))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _number_dot(token_text: str) -> bool:
    # "2." before a line break is an enumeration marker, not a sentence end.
    return len(token_text) > 1 and token_text[:-1].isdigit()


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def segment(doc: Document, tokens: Doc | None = None) -> list[Paragraph]:
    """The body's paragraphs, each with its sentences; offsets point into doc.text."""
    tokens = tokens if tokens is not None else tokenize(doc.text)
    paragraphs: list[Paragraph] = []
    n_sent = 0
    for p_index, (ps, pe) in enumerate(paragraphs_of(doc), start=1):
        ptext = doc.text[ps:pe]
        sentences = []
        for ss, se in sentence_spans(doc.text, tokens, ps, pe):
            n_sent += 1
            sentences.append(Sentence(index=n_sent, paragraph=p_index, start=ss, end=se, text=doc.text[ss:se]))
        paragraphs.append(
            Paragraph(index=p_index, start=ps, end=pe, text=ptext, is_subheadline=is_subheadline(ptext), sentences=sentences)
        )
    return paragraphs
