"""Stage 5, claims: sentences -> claims, one assertion by one speaker each.

A sentence is cut into contiguous pieces, so every word of it lies in exactly one claim and the
first claim keeps the reporting frame (وقال شويغو ... إن). Cuts fall
- before a new reporting frame: وقال إن، وقال “...”، ، وقالت ...، بعد أن قال X، إلا أن التقرير قال;
- at circumstantial cues: مشيرا إلى أن، لافتا، مؤكدا، مبينا أن، محذرا من أن، مضيفا، داعيا ...;
- at chained assertions after a cue: وأن، كما أن، (و)إلى when the cue took إلى، ويجب، من المهم;
- at a second quoted statement (وأنا على ثقة بأن “...”) and at فيما after a closed quote.
Never inside a quotation, except a sentence inside a quote that opens with كما أن, and a
circumstantial cue misplaced inside the marks (… لافتا إلى أن …”).

Sub-headlines that paraphrase a speaker ("X: ..") are X's claims; a sub-headline carrying a
number summarises the statement after it; other section titles are not claims.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Optional

from pipeline.attribute import (
    CHAIN_PREP,
    CHAIN_THAT,
    COMPLEMENTIZERS,
    CONTRAST_BEFORE_AN,
    CONTRAST_CONNECTORS,
    ADVERB_OPENERS,
    BACKGROUND_OPENERS,
    BACKGROUND_SECOND,
    CONTINUATION_OPENERS,
    CUE_PREP,
    F_CHAIN,
    FIRST_PERSON,
    FIYMA,
    KAMA,
    KAMA_NO_SPLIT,
    MODAL_PHRASE_HEAD,
    MODAL_PHRASE_TAIL,
    MODAL_SPLIT,
    NARRATIVE_OPENERS,
    NO_WORDS,
    Attributor,
    DocWords,
    Frame,
    Lexicon,
    Said,
    Source,
    Words,
    cue_span,
    find_frames,
    find_sources,
    has_waw,
    lexicon_for,
    norm_word,
    parse_np,
)
from pipeline.built_models import model_fields, new_model
from pipeline.segment import trim_span
from schemas import Claim, Document, Paragraph, Sentence

MIN_PIECE_WORDS: Final = 2
DIRECT_MIN_WORDS: Final = 3
DIRECT_SHARE: Final = 0.3
DIRECT_OPEN_WORDS: Final = 4  # fewer quoted words than this is a scare quote, even opening the content
DIRECT_MOST: Final = 0.5  # share of the claim's words a quote inside the content must cover to be direct
PREAMBLE_WORDS: Final = 4  # words of narration before a mid-sentence cue that make it a claim of its own
SUBHEAD_SPEAKER_WORDS: Final = 6
_NONE: Final = ""
_ALA: Final = norm_word("على")
_HADD: Final = norm_word("حد")
_QAD: Final = frozenset(norm_word(w) for w in ("قد", "لقد"))
_KAN: Final = frozenset(norm_word(w) for w in ("كان", "كانت"))
_WAKAN: Final = frozenset(norm_word(w) for w in ("وكان", "وكانت", "كان", "كانت"))
_KAMA_QAD: Final = _QAD | {KAMA}
_HIS_WORDS: Final = frozenset(norm_word(w) for w in "قوله قولها تعبيره تعبيرها وصفه وصفها زعمه زعمها".split())
# Words that may stand between the cue and a quote that opens the content (إن، وأن، إلى، على، كما).
_CONTENT_OPENERS: Final = COMPLEMENTIZERS | CHAIN_THAT | frozenset(norm_word(w) for w in "إلى على من عن ب كما وإلى وعلى قائلا".split())
_CLAIM_FIELDS: Final = model_fields(Claim)  # built by new_model: see pipeline/built_models.py
# A claim's values start as a copy of the model's defaults (a narrative claim: no speaker, no cue;
# the required fields are all set): a dict of 21 keys copied costs less than one built key by key.
_CLAIM_DEFAULTS: Final[dict[str, object]] = {
    name: None if f.is_required() else f.default for name, f in Claim.model_fields.items()
}
ADVERBIAL_NOUNS: Final = frozenset(norm_word(w) for w in "ردا تعليقا بالنسبة إضافة فضلا".split())


_Piece = tuple[int, int, Said, int]  # start word, end word, who says it, where its content starts


@dataclass
class Cut:
    at: int  # word index where a piece starts
    kind: str  # start | frame | participle | chain
    frame: Optional[Frame] = None

    def __init__(self, at: int, kind: str, frame: Optional[Frame] = None) -> None:  # a direct call under mypyc
        self.at, self.kind, self.frame = at, kind, frame


def extract_claims(doc: Document, paragraphs: list[Paragraph], resources=None) -> list[Claim]:
    """The stage entry: every claim of the document's body, in text order."""
    if resources is None:
        from pipeline.resources import load_resources

        resources = load_resources()
    lex = lexicon_for(resources)
    state = Attributor(lex, source=doc.source)
    words = DocWords(doc.text, lex)  # marked with the lexicon's flags as it is cut
    claims: list[Claim] = []
    pending: list[int] = []  # sub-headline claims that take the next statement's speaker
    for p in paragraphs:
        if p.is_subheadline and not _reports(p, state, words):  # وتساءل الوزير: "...؟" is no heading
            claims.extend(_subheadline(doc, p, state, pending, len(claims), words))
            continue
        for pos, s in enumerate(p.sentences):
            got = _sentence_claims(doc, p, s, pos == 0, state, words)
            if pending and got:
                _resolve_pending(claims, pending, got[0])
            claims.extend(got)
    for i in pending:  # no statement followed: the outlet's own heading
        claims[i] = claims[i].model_copy(update=_narrative_fields())
    return claims


# ---------------------------------------------------------------------------------------------
# Sentences


def _sentence_claims(doc: Document, p: Paragraph, s: Sentence, first_sentence: bool, state: Attributor,
                     words: DocWords) -> list[Claim]:
    ws = Words(s.text, s.start, words)
    if ws.n == 0 or all(ws.is_punct(k) for k in range(ws.n)):
        return []
    frames = find_frames(ws, state.lex, state)
    sources = find_sources(ws, state.lex, state)
    cuts = split_points(ws, frames, state.lex)
    pieces = _attribute_pieces(ws, cuts, sources, p.index, first_sentence, state)
    state.learn_names(ws)
    return [_claim(doc, p, s, ws, a, b, said, content, n) for n, (a, b, said, content) in enumerate(pieces, 1)]


def split_points(ws: Words, frames: list[Frame], lex: Lexicon) -> list[Cut]:
    """Where the sentence's claims start, in order; the first is always word 0."""
    cuts = [Cut(0, "start")]
    main = [f for f in frames if f.kind != "participle"]
    first = main[0] if main else None
    for f in frames:
        if f.kind == "participle":
            cuts.append(Cut(f.cut, "participle", f))
        elif f is first:
            at = _first_frame_cut(ws, f)
            if at == 0:
                cuts[0] = Cut(0, "start", f)
            else:
                cuts.append(Cut(at, "frame", f))
        else:
            cuts.append(Cut(_connector_cut(ws, f.cut), "frame", f))
    cuts.extend(_chain_cuts(ws, frames, lex))
    if len(cuts) > 1:  # most sentences have one cut: spare the sort's key calls
        cuts.sort(key=lambda c: (c.at, c.kind != "frame"))
    return _clean(ws, cuts)


def _first_frame_cut(ws: Words, f: Frame) -> int:
    """The first frame's claim starts at the sentence start, unless narration comes before it:
    'X happened، وقال Y'، or a long clause ending in a comma before the cue."""
    at = f.cut if f.kind == "svo" else f.cue_at
    if at == 0 or f.kind == "according":
        return 0
    if f.kind == "svo":
        return at if _words_before(ws, at) >= PREAMBLE_WORDS else 0
    prefixed = ws.norm[at] != ws.bare[at] and ws.norm[at][:1] in "وف"
    if prefixed and _words_before(ws, at) >= PREAMBLE_WORDS - 1:
        return _connector_cut(ws, at)
    prev = at - 1
    if prev >= 0 and ws.raw[prev] in "،,":
        w = _clause_opener(ws, prev)
        if w is not None and _words_before(ws, w) >= PREAMBLE_WORDS:
            return w
    if _words_before(ws, at) >= PREAMBLE_WORDS and _connector_cut(ws, at) != at:
        return _connector_cut(ws, at)
    return 0


def _clause_opener(ws: Words, comma: int) -> Optional[int]:
    """The و-word that opens the adverbial ending at this comma (وبالنسبة إلى ...، أوضح)."""
    for j in range(comma - 1, max(-1, comma - 11), -1):
        if ws.raw[j] in "،,." or ws.quoted[j]:
            return None
        if has_waw(ws, j) and _adverbial_head(ws.bare[j] if ws.bare[j] != ws.norm[j] else ws.norm[j][1:]):
            return j
    return None


def _adverbial_head(b: str) -> bool:
    """وبالنسبة، وفي، وعلى مستوى، وحول ...: a fronted adverbial, not a coordinated noun."""
    return b in ADVERB_OPENERS or b.startswith("بال") or b in ADVERBIAL_NOUNS


def _words_before(ws: Words, at: int) -> int:
    return ws.count(0, at)


def _connector_cut(ws: Words, at: int) -> int:
    """A cue introduced by بعد أن، إلا أن، فيما، إذ، لكن starts its claim at the connector."""
    j = at - 1
    while j >= 0 and ws.norm[j] in _QAD:
        j -= 1
    if j >= 1 and ws.norm[j] in COMPLEMENTIZERS and ws.norm[j - 1] in CONTRAST_BEFORE_AN:
        return j - 1
    if j >= 0 and (ws.norm[j] in CONTRAST_CONNECTORS or ws.norm[j] == KAMA):
        return j
    return at


def _chain_cuts(ws: Words, frames: list[Frame], lex: Lexicon) -> list[Cut]:
    """Chained assertions after a cue: وأن، كما أن، (و)إلى، ويجب، من المهم، a second quote, فيما."""
    out: list[Cut] = []
    preps = NO_WORDS
    seen_that = False
    frame_at = {f.cue_at: f for f in frames}
    chain = ws.positions(F_CHAIN, lex)  # ascending already: merged with the frames' cues only if any
    for k in sorted(set(chain).union(frame_at)) if frame_at else chain:
        f = frame_at.get(k)
        if f is not None and f.cue is not None:
            preps = CUE_PREP.get(f.cue.lemma, NO_WORDS)
            seen_that = False
        n = ws.norm[k]
        if ws.quoted[k]:
            if n == KAMA and k + 1 < ws.n and ws.norm[k + 1] in COMPLEMENTIZERS and k >= 1 and ws.raw[k - 1] == ".":
                out.append(Cut(k, "chain"))
            continue
        if ws.is_punct(k):
            continue
        if n in COMPLEMENTIZERS:
            if seen_that and k + 1 < ws.n and ws.opens_quote(k + 1):
                out.append(Cut(_back_to_waw(ws, k), "chain"))
            seen_that = True
            continue
        if n in CHAIN_THAT and not _concessive(ws, k):
            out.append(Cut(k, "chain"))
            seen_that = True
        elif n == KAMA and _kama_splits(ws, k):
            out.append(Cut(k, "chain"))
        elif n in CHAIN_PREP and CHAIN_PREP[n] in preps:
            out.append(Cut(k, "chain"))
        elif n in MODAL_SPLIT:
            out.append(Cut(k, "chain"))
        elif n == MODAL_PHRASE_HEAD and k + 1 < ws.n and ws.norm[k + 1] in MODAL_PHRASE_TAIL and k > 0:
            if ws.norm[k - 1] not in COMPLEMENTIZERS:
                out.append(Cut(_back_to_waw(ws, k), "chain"))
        elif n == FIYMA and _after_closed_quote(ws, k):
            out.append(Cut(k, "chain"))
    return out


def _concessive(ws: Words, k: int) -> bool:
    """وإن كان ... is 'even if', not a second assertion."""
    return k + 1 < ws.n and ws.norm[k + 1] in _KAN


def _kama_splits(ws: Words, k: int) -> bool:
    nxt = ws.norm[k + 1] if k + 1 < ws.n else _NONE
    if nxt in COMPLEMENTIZERS:
        return True
    if nxt in KAMA_NO_SPLIT or k == 0:
        return False
    prev = k - 1
    return ws.raw[prev] in "،," or ws.closes_quote(prev)


def _after_closed_quote(ws: Words, k: int) -> bool:
    j = k - 1
    if j >= 0 and ws.raw[j] in "،,":
        j -= 1
    return j >= 0 and ws.closes_quote(j)


def _back_to_waw(ws: Words, k: int) -> int:
    """Start a chained claim at the و that opens its clause (وأنا على ثقة بأن، وفي ضوء ذلك من المهم)."""
    for j in range(k - 1, max(-1, k - 4), -1):
        if ws.is_punct(j) or ws.quoted[j]:
            break
        if has_waw(ws, j):
            return j
    return k


def _clean(ws: Words, cuts: list[Cut]) -> list[Cut]:
    """One cut per position; drop cuts that would leave a piece of fewer than two words."""
    out: list[Cut] = []
    for c in cuts:
        if out and c.at <= out[-1].at:
            if c.at == out[-1].at and c.kind == "frame" and out[-1].kind != "start":
                out[-1] = c
            continue
        if out and _count_words(ws, out[-1].at, c.at) < MIN_PIECE_WORDS:
            continue
        out.append(c)
    while len(out) > 1 and _count_words(ws, out[-1].at, ws.n) < MIN_PIECE_WORDS:
        out.pop()
    return out


def _count_words(ws: Words, a: int, b: int) -> int:
    return ws.count(a, b)


# ---------------------------------------------------------------------------------------------
# Who says each piece


def _attribute_pieces(ws: Words, cuts: list[Cut], sources: list[Source], para: int, first_sentence: bool,
                      state: Attributor) -> list[_Piece]:
    """(start word, end word, Said, content start word) per piece; chained pieces that turn out
    to be narration are merged back into the piece before them."""
    out: list[_Piece] = []
    for idx, cut in enumerate(cuts):
        end = cuts[idx + 1].at if idx + 1 < len(cuts) else ws.n
        srcs = [s for s in sources if cut.at <= s.at < end]
        prev = out[-1][2] if out else None
        said = _said(ws, cut, srcs, prev, para, first_sentence and idx == 0, state, out, end)
        if said is None:  # merge into the previous piece
            a, _, psaid, content = out[-1]
            out[-1] = (a, end, psaid, content)
            continue
        content = cut.frame.content if cut.frame is not None else cut.at
        if cut.frame is not None and cut.frame.kind != "participle" and _postposed(ws, cut.frame):
            content = cut.at
        out.append((cut.at, end, said, content))
    return out


def _said(ws: Words, cut: Cut, srcs: list[Source], prev: Optional[Said], para: int, opens_paragraph: bool,
          state: Attributor, done: list[_Piece], end: int) -> Optional[Said]:
    f = cut.frame
    if cut.kind == "participle":
        span = cue_span(ws, f) if f else None
        if prev is not None and prev.entity is not None:
            return state.inherit(prev, para, f.cue_text if f else None, span)
        if done:
            who = state.person_in(ws, done[-1][0], cut.at)
            if who is not None:
                said = Said(who.entity, who.ar, "explicit", None, f.cue_text if f else None, who.span, span)
                return state.said(said, para)
        # narration or an unknown speaker before it: still a claim of its own (split, not merged)
        return state.narrate()
    if cut.kind == "chain":
        if prev is None or prev.entity is None:
            return None
        return state.inherit(prev, para)
    if f is not None:
        if _empty_content(ws, f, end):  # ختم فلان حديثه، ...: the act of speaking, no assertion
            return state.narrate() if cut.at == 0 else None
        said = state.explicit(ws, f, para)
        for src in srcs:
            said = state.add_source_via(said, src) if said.entity else state.from_source(src, para, ws)
        return said
    # no frame: a trailing source, the running statement, or narration
    if cut.at == 0 and _narration_opener(ws):  # يذكر أن ...، وفق أرقام رسمية: still background
        return state.narrate()
    if srcs:
        return state.from_source(srcs[-1], para, ws)
    first_cue = state.lex.cue(ws.norm[0]) if cut.at == 0 else None
    if first_cue is not None and first_cue.kind == "participle":  # …؛ لافتا إلى أن: the same speaker
        return state.go_on(ws.raw[0], para, (ws.starts[0], ws.ends[0]))
    if cut.at == 0 and _narration_opener(ws):
        return state.narrate()
    if _as_he_put_it(ws, cut.at, end):
        return state.go_on(None, para)
    if cut.at > 0 and prev is not None and prev.entity is not None:
        return state.inherit(prev, para)
    if state.running(para):
        return state.go_on(None, para)
    if opens_paragraph and state.running(para - 1) and _continues(ws):
        return state.go_on(None, para)
    return state.narrate()


def _empty_content(ws: Words, f: Frame, end: int) -> bool:
    """A frame with no complement and less than two words after it reports nothing
    (ختم فلان حديثه، ...) — unless a quote before it is what it reports ("..."، قال فلان)."""
    if f.kind == "participle" or f.marker is not None or f.subject is None:
        return False
    if ws.count(f.content, end) >= MIN_PIECE_WORDS or _postposed(ws, f):
        return False
    return True


def _postposed(ws: Words, f: Frame) -> bool:
    """"لن نتراجع"، قال الوزير: the quote before the cue is the statement."""
    return any(ws.qmark[k] == 2 for k in range(f.cue_at))


def _narration_opener(ws: Words) -> bool:
    """يذكر أن، يشار إلى أن، وكان ...، ويأتي ذلك ...: the outlet's own background."""
    first = ws.norm[0]
    if first in NARRATIVE_OPENERS or first in _WAKAN:
        return True
    return first in BACKGROUND_OPENERS and ws.n > 1 and ws.norm[1] in BACKGROUND_SECOND


def _as_he_put_it(ws: Words, a: int, b: int) -> bool:
    """على حد قوله / تعبيره: the outlet hands the sentence back to the speaker it quotes."""
    for k in range(a, b - 2):
        if ws.norm[k] == _ALA and ws.norm[k + 1] == _HADD and ws.norm[k + 2] in _HIS_WORDS:
            return True
    return False


def _continues(ws: Words) -> bool:
    """A paragraph that goes on with the previous speaker: وفي صعدة، ...، كما ...، أما ...، or
    first-person words outside quotes (كما استطعنا، لدينا)."""
    if ws.norm[0] in CONTINUATION_OPENERS:
        return True
    for k in range(ws.n):
        if ws.quoted[k]:
            continue
        if ws.norm[k] in FIRST_PERSON:
            return True
        if ws.norm[k] in _KAMA_QAD and k + 1 < ws.n:
            nxt = ws.norm[k + 1]
            if nxt.endswith("نا") and len(nxt) >= 5 and not ws.quoted[k + 1]:
                return True
    return False


# ---------------------------------------------------------------------------------------------
# Sub-headlines


def _subheadline(doc: Document, p: Paragraph, state: Attributor, pending: list[int], offset: int,
                 words: DocWords) -> list[Claim]:
    """'X: ..' is X's claim; a heading with a number summarises the next statement; else none."""
    state.section_break()
    out = []
    for s in p.sentences:
        ws = Words(s.text, s.start, words)
        if ws.n == 0:
            continue
        said = _headline_speaker(ws, state, p.index)
        if said is not None:
            out.append(_claim(doc, p, s, ws, 0, ws.n, said, _colon(ws) + 1, 1))
        elif _has_number(ws) and not s.text.rstrip().endswith(("?", "؟")) and not _only_quote(ws):
            pending.append(offset + len(out))
            out.append(_claim(doc, p, s, ws, 0, ws.n, Said(None, None), 0, 1))
    state.section_break()
    return out


def _reports(p: Paragraph, state: Attributor, words: DocWords) -> bool:
    """Does the heading-like line open with a reporting frame of its own (not "X: ..")?"""
    for s in p.sentences[:1]:
        ws = Words(s.text, s.start, words)
        frames = [f for f in find_frames(ws, state.lex, state) if f.kind != "participle" and not f.bad_subject]
        return bool(frames) and frames[0].cue_at <= 2
    return False


def _colon(ws: Words) -> int:
    for k in range(min(ws.n, SUBHEAD_SPEAKER_WORDS + 1)):
        if ws.raw[k] == ":" and not ws.quoted[k]:
            return k
    return -1


def _headline_speaker(ws: Words, state: Attributor, para: int) -> Optional[Said]:
    colon = _colon(ws)
    if colon <= 0:
        return None
    m = parse_np(ws, 0, colon, state.lex, state, first=True)
    if m is None or m.end != colon:
        return None
    who = state.resolve(ws, m)
    said = Said(who.entity, who.ar, "explicit", None, None, who.span, None)
    state.last = said
    return said


def _has_number(ws: Words) -> bool:
    return any(ch.isdigit() for w in ws.raw for ch in w)


def _only_quote(ws: Words) -> bool:
    return ws.n > 1 and ws.qmark[0] == 1 and ws.qmark[ws.n - 1] == 2


def _resolve_pending(claims: list[Claim], pending: list[int], nxt: Claim) -> None:
    update = {
        "speaker": nxt.speaker,
        "speaker_ar": nxt.speaker_ar,
        "speaker_role": nxt.speaker_role,
        "speaker_type": nxt.speaker_type,
        "via": nxt.via,
        "attribution": "continued" if nxt.speaker else "narrative",
        "mode": "indirect" if nxt.speaker else "narrative",
    }  # the speaker is named in the next paragraph, not here: no speaker/cue offsets
    for i in pending:
        claims[i] = claims[i].model_copy(update=update)
    pending.clear()


def _narrative_fields() -> dict:
    """A claim's speaker fields as the outlet's narration has them (the model's defaults)."""
    return {k: _CLAIM_DEFAULTS[k] for k in ("speaker", "speaker_ar", "speaker_role", "speaker_type", "via", "attribution", "mode")}


# ---------------------------------------------------------------------------------------------
# Rows


def _claim(doc: Document, p: Paragraph, s: Sentence, ws: Words, a: int, b: int, said: Said, content: int,
           claim_no: int) -> Claim:
    text: str = doc.text
    start, end = trim_span(text, ws.starts[a], ws.ends[b - 1])
    values = _CLAIM_DEFAULTS.copy()  # every field, in the model's order
    values["paragraph"] = p.index
    values["sentence"] = s.index
    values["claim_no"] = claim_no
    ent = said.entity
    if ent is not None:  # else the outlet's narration: the defaults
        values["speaker"] = ent.name
        values["speaker_ar"] = said.speaker_ar
        values["speaker_role"] = ent.role
        values["speaker_type"] = ent.type
        values["via"] = said.via
        values["attribution"] = said.attribution
        values["cue"] = said.cue
        values["mode"] = mode_of(ws, max(a, min(content, b)), b, a)
        if said.speaker_span:
            values["speaker_start"], values["speaker_end"] = said.speaker_span
        if said.cue_span:
            values["cue_start"], values["cue_end"] = said.cue_span
    values["claim_text"] = text[start:end]
    values["source_sentence"] = s.text
    values["start"] = start
    values["end"] = end
    values["sentence_start"] = s.start
    values["sentence_end"] = s.end
    return new_model(Claim, _CLAIM_FIELDS, values)


def mode_of(ws: Words, a: int, b: int, start: Optional[int] = None) -> str:
    """Direct when the speaker's words are quoted at clause length: a quote of a few words or more
    that opens the reported content (إن "..."، : "..."، مشيرا إلى أن "...") or that makes up most
    of the claim. A quote that only ends a reported sentence (أن القرار "كان متوقعا في ...") or a
    short scare quote stays indirect. `a`: where the content starts; `start`: the claim's start."""
    if not ws.any_quoted:  # no quoted word: indirect whatever the span
        return "indirect"
    words = [k for k in range(a, b) if not ws.is_punct(k)]
    if not words:
        return "indirect"
    quoted = sum(1 for k in words if ws.quoted[k])
    if quoted < DIRECT_MIN_WORDS or quoted < DIRECT_SHARE * len(words):
        return "indirect"
    for k in words:
        if ws.quoted[k]:
            return "direct" if quoted >= DIRECT_OPEN_WORDS else "indirect"
        if ws.norm[k] not in _CONTENT_OPENERS:
            break
    whole = ws.count(a if start is None else min(start, a), b)
    return "direct" if quoted >= DIRECT_MOST * whole else "indirect"
