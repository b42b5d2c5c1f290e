"""Stage 4, attribute: who says what, sentence by sentence.

A sentence is read as a list of words cut by one compiled regex over its text, so glued quote
marks (السوري”تمكن، لـ”داعش”) become words of their own. Over these words the stage finds

- quotation spans: “…”, «…», "…" and the mismatched marks real copy uses (” opening a quote);
- reporting cues from the cue lexicon (قال، أكد، أشار، نقل ...), with و/ف prefixes, and their
  subject: after the verb (VSO: وقال المتحدث باسم ...), before it (SVO: وكان ناشطون أفادوا،
  الخبراء يعتبرون، رغم أن التقرير قال) or none (a continued cue: وأضاف أن، وقال إن);
- speaker mentions: the registry, title phrases with a following name (مدير المرصد رامي عبد
  الرحمن), titles alone (نائب رئيس الوزراء التركي), bodies (وزارة ...، المرصد ...), generic
  sources (مصادر مقربة من الحكومة، ناشطون، الخبراء، التقرير);
- relays: نقلت وكالة X عن Y، بحسب ما نقلت وكالة X، a message read by Y (رسالة ... تلاها Y),
  a statement to another outlet (لوكالة فرانس برس), trailing sources (بحسب X، وفقا لـX).

`Attributor` holds one document's memory: the people and bodies named so far, the running
speaker, the relay in force. It turns mentions into speakers, resolves role phrases (المسؤول
العسكري الروسي، الوزير، المنظمة ذاتها) to whoever was last introduced in that role, and decides
whether a sentence without a cue goes on with the running speaker or is the outlet's narration.

Everything is table lookups on normalized words; regexes are compiled once at import and the
lexicon views are built once per loaded `Resources`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final, Optional

from pipeline.arabic import normalize_ar
from pipeline.bisection import lower_bound, upper_bound

# ---------------------------------------------------------------------------------------------
# Words

_MARKS: Final = "\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED"
_WORD: Final = re.compile(rf"[\w{_MARKS}]+|[^\w\s{_MARKS}]")

QUOTE_OPENERS: Final = frozenset("“«„‟")
QUOTE_CLOSERS: Final = frozenset("»")
QUOTE_TOGGLES: Final = frozenset('”"')
QUOTE_MARKS: Final = QUOTE_OPENERS | QUOTE_CLOSERS | QUOTE_TOGGLES


@lru_cache(maxsize=200_000)
def norm_word(word: str) -> str:
    """Matching form of one word (cached: news vocabulary repeats a lot)."""
    return normalize_ar(word).replace("ـ", "")


@lru_cache(maxsize=200_000)
def _bare(n: str) -> str:
    """The word without a leading conjunction و/ف (kept when too little would remain)."""
    if len(n) > 3 and n[0] in "وف":
        return n[1:]
    return n


@lru_cache(maxsize=4096)
def _punct(w: str) -> bool:
    return len(w) == 1 and not w.isalnum()


# The text cut into whitespace runs, words and single punctuation marks: the pieces partition it,
# so offsets are running sums of lengths (no match objects, all in C).
_PARTITION: Final = re.compile(rf"\s+|[\w{_MARKS}]+|[^\w\s{_MARKS}]")


@lru_cache(maxsize=200_000)
def _punct_norm(n: str) -> bool:
    return len(n) == 1 and not n.isalnum()


_MEMO_LIMIT: Final = 300_000

# One piece of a space-free chunk of text: (start, end) within the chunk, raw text, normalized
# form, without و/ف, punctuation?, a quote mark?, its lexicon flags (0 without a lexicon)
_Piece = tuple[int, int, str, str, str, bool, bool, int]
_CHUNK_MEMO: Final[dict[str, tuple[_Piece, ...]]] = {}  # without a lexicon (each has its own)


def _chunk_pieces(chunk: str, lex: Optional["Lexicon"] = None) -> tuple[_Piece, ...]:
    """The words and marks of a chunk without spaces, with everything a word needs: a piece of
    letters and digits only is one word as it stands, the others (glued punctuation, tashkeel,
    other whitespace) go through `_PARTITION`."""
    if chunk.isalnum():
        spans = [(0, len(chunk))]
    else:
        spans = []
        p = 0
        for piece in _PARTITION.findall(chunk):
            q = p + len(piece)
            if not piece.isspace():
                spans.append((p, q))
            p = q
    out = []
    for a, b in spans:
        raw = chunk[a:b]
        n = norm_word(raw)
        out.append((a, b, raw, n, _bare(n), _punct_norm(n), raw in QUOTE_MARKS, 0 if lex is None else lex.flag(n)))
    return tuple(out)


class DocWords:
    """A whole document's words, cut once; each sentence's `Words` is a slice of these. With a
    lexicon, also its flag per word and, per flag, the positions a stage must look at."""

    __slots__ = ("text", "raw", "starts", "ends", "norm", "bare", "punct", "quotes", "flags", "at")

    def __init__(self, text: str, lex: Optional["Lexicon"] = None):
        """Cut at spaces (in C), then each chunk's pieces from a memo by chunk: news vocabulary
        repeats, so most chunks cost one dict lookup. No word or mark spans a space, so the words
        are `_WORD`'s over the whole text. With a lexicon the pieces carry its flags, and the
        words come out marked as `mark` marks them (the lexicon keeps that memo)."""
        self.text = text
        raw: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        norm: list[str] = []
        bare: list[str] = []
        punct: list[bool] = []
        quotes: list[int] = []  # positions of quote marks
        flags: list[int] = []
        frame: list[int] = []
        source: list[int] = []
        chain: list[int] = []
        title: list[int] = []
        memo = _CHUNK_MEMO if lex is None else lex.chunk_memo
        pos = 0
        for chunk in text.split(" "):
            size = len(chunk)
            if size:
                pieces = memo.get(chunk)
                if pieces is None:
                    if len(memo) > _MEMO_LIMIT:
                        memo.clear()
                    pieces = memo[chunk] = _chunk_pieces(chunk, lex)
                for a, b, r, n, nb, pu, qm, f in pieces:
                    if qm:
                        quotes.append(len(raw))
                    if f:  # the few flagged words only
                        k = len(raw)
                        if f & F_FRAME:
                            frame.append(k)
                        if f & F_SOURCE:
                            source.append(k)
                        if f & F_CHAIN:
                            chain.append(k)
                        if f & F_TITLE:
                            title.append(k)
                    raw.append(r)
                    starts.append(pos + a)
                    ends.append(pos + b)
                    norm.append(n)
                    bare.append(nb)
                    punct.append(pu)
                    flags.append(f)
            pos += size + 1
        self.raw, self.starts, self.ends = raw, starts, ends
        self.norm, self.bare, self.punct, self.quotes = norm, bare, punct, quotes
        self.flags: Optional[list[int]] = None
        self.at: Optional[dict[int, list[int]]] = None
        if lex is not None:
            self.flags = flags
            self.at = {F_FRAME: frame, F_SOURCE: source, F_CHAIN: chain, F_TITLE: title}


class Words:
    """A sentence as parallel lists: offsets, raw text, normalized and conjunction-free forms,
    punctuation and quotation flags, and running word counts. Built as a slice of the
    document's `DocWords` when one is given, else by cutting `text` itself."""

    __slots__ = ("text", "base", "starts", "ends", "raw", "norm", "bare", "punct", "quoted", "qmark", "n",
                 "flags", "_at", "_counts", "any_quoted")

    def __init__(self, text: str, base: int = 0, doc: Optional[DocWords] = None):
        self.text, self.base = text, base
        if doc is None:
            doc = DocWords(text)
            a, b, shift = 0, len(doc.raw), base
        else:
            a = lower_bound(doc.starts, base, 0)
            b = upper_bound(doc.ends, base + len(text), a)
            shift = 0
        self.flags: Optional[list[int]] = doc.flags[a:b] if doc.flags is not None else None
        self._at = None if doc.at is None else (doc.at, a, b)
        self.raw = doc.raw[a:b]
        self.starts = [x + shift for x in doc.starts[a:b]] if shift else doc.starts[a:b]
        self.ends = [x + shift for x in doc.ends[a:b]] if shift else doc.ends[a:b]
        self.norm, self.bare, self.punct = doc.norm[a:b], doc.bare[a:b], doc.punct[a:b]
        self.n = b - a
        quotes = doc.quotes
        q = lower_bound(quotes, a, 0)
        if q < len(quotes) and quotes[q] < b:  # a quote mark among the sentence's words
            self.quoted, self.qmark = _quote_flags(self.raw, [k - a for k in quotes[q:lower_bound(quotes, b, q)]])
            self.any_quoted = True in self.quoted  # some word inside a quotation
        else:
            self.quoted, self.qmark = [False] * self.n, [0] * self.n
            self.any_quoted = False
        self._counts: Optional[list[int]] = None

    def is_punct(self, i: int) -> bool:
        return self.punct[i]

    def opens_quote(self, i: int) -> bool:
        return self.qmark[i] == 1

    def closes_quote(self, i: int) -> bool:
        return self.qmark[i] == 2

    def positions(self, flag: int, lex: "Lexicon") -> list[int]:
        """Sentence positions of the words carrying a flag (from the document's index if any)."""
        if self._at is None:
            if self.flags is None:
                self.flags = list(map(lex.flag, self.norm))
            return [k for k, f in enumerate(self.flags) if f & flag]
        at, a, b = self._at
        idx = at[flag]
        lo = lower_bound(idx, a, 0)
        hi = lower_bound(idx, b, lo)
        return [k - a for k in idx[lo:hi]] if a else idx[lo:hi]

    def count(self, a: int, b: int) -> int:
        """Number of words (not punctuation) in a..b-1."""
        counts = self._counts
        if counts is None:  # running sums, by a typed loop (a generator costs a frame per word)
            counts = [0] * (self.n + 1)
            c = 0
            punct = self.punct
            for i in range(self.n):
                if not punct[i]:
                    c += 1
                counts[i + 1] = c
            self._counts = counts
        return counts[b] - counts[a]


def _quote_flags(raw: list[str], marks: Optional[list[int]] = None) -> tuple[list[bool], list[int]]:
    """Per word: inside a quotation? and 1/2 for an opening/closing mark of a matched pair.
    `marks`: the positions of the quote marks, if known.

    Pairs like segment.quoted_mask: an opener (or a toggle ” ") opens, a closer or toggle
    closes; an opener never closed quotes nothing."""
    n = len(raw)
    quoted = [False] * n
    qmark = [0] * n
    open_at = -1
    if marks is None:
        marks = [i for i, w in enumerate(raw) if w in QUOTE_MARKS]
    for i in marks:
        w = raw[i]
        if open_at < 0:
            if w in QUOTE_OPENERS or w in QUOTE_TOGGLES:
                open_at = i
        elif w in QUOTE_CLOSERS or w in QUOTE_TOGGLES:
            qmark[open_at], qmark[i] = 1, 2
            quoted[open_at + 1:i] = [True] * (i - open_at - 1)
            open_at = -1
    return quoted, qmark


# ---------------------------------------------------------------------------------------------
# Closed word classes (written as printed, normalized once here)


def _forms(text: str) -> frozenset[str]:
    return frozenset(norm_word(w) for w in text.split())


def _with_article(text: str) -> frozenset[str]:
    base = _forms(text)
    return base | frozenset("ال" + w for w in base)


COMPLEMENTIZERS: Final = _forms(
    "أن إن أنه إنه أنها إنها أنهم إنهم أنهما إنهما أننا إننا أني إني بأن بأنه بأنها بأنهم بأنهما بأننا"
)
CHAIN_THAT: Final = _forms("وأن وإن وأنه وإنه وأنها وإنها وأنهم وإنهم وأنهما وبأن وبأنه وبأنها وبأنهم وأننا")
TIME_WORDS: Final = _forms(
    "اليوم أمس الأمس غدا السبت الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة صباح مساء فجر "
    "ليل ليلة الليلة ظهر عصر حاليا مؤخرا سابقا لاحقا أيضا كذلك مجددا مجدداً بدوره بدورها بدورهم "
    "يوم الأسبوع الشهر صباحا مساء أول"
)
# Words that open an adverbial after the subject (في كلمته، خلال المؤتمر، أمام الصحفيين ...).
ADVERB_OPENERS: Final = _forms(
    "في خلال أمام عبر عقب إثر بعد قبل منذ ضمن لدى أثناء إبان عند حول بشأن بمناسبة على عن إلى "
    "مع ضد نحو تعليقا ردا وردا بينما فيما حيث"
)
# After a bare unknown name, only these adverbials confirm it is the subject (قال سميث في ...).
NAME_THEN_ADVERB: Final = _forms("في خلال أمام عبر لدى أثناء عقب")
RELATIVES: Final = _forms("الذي التي الذين اللذين اللتين اللواتي اللاتي اللذان اللتان")
PARTICLES: Final = _forms(
    "قد لقد وقد فقد لم لن لا ما ماذا إذا إذ اذ كان كانت كانوا هو هي هم هما نحن أنا هذا هذه ذلك تلك "
    "و أو ثم لكن ولكن بل كما لأن إلا غير سوى ليس أي كل بعض جميع ان عن من إلى على في ب ل مع "
    "أما وأما فإن وإن إنما يا"
)
PREP_OF: Final = _forms("في من لدى")

PERSON_TITLES: Final = _with_article(
    "وزير وزيرة رئيس رئيسة مدير مديرة متحدث متحدثة ناطق ناطقة نائب نائبة مستشار مستشارة أمين "
    "أمينة سفير سفيرة مندوب مندوبة ممثل ممثلة مبعوث مبعوثة قائد قائدة زعيم زعيمة جنرال لواء عميد "
    "عقيد مشير أميرال ضابط مسؤول مسؤولة عضو عضوة محافظ محافظة حاكم سيد سيدة دكتور دكتورة شيخ ملك "
    "ملكة أمير أميرة ولي مفوض مفوضة مدعي قاضي قاضية مهندس مهندسة خبير خبيرة باحث باحثة محلل محللة "
    "أستاذ أستاذة بابا كاردينال بطريرك مفتي نقيب رائد مقدم ملازم وكيل مساعد مساعدة منسق منسقة "
    "قنصل ملحق مرشد إمام المستشار رئيس نواب مراسل مراسلة الفريق"
)
BODY_HEADS: Final = _with_article(
    "وزارة مرصد مؤسسة جيش منظمة مجلس تحالف هيئة حكومة رئاسة خارجية داخلية شرطة وكالة وكالات "
    "قيادة لجنة أمم بيت حركة حزب جماعة فصيل فصائل معارضة قوات سلطات سلطة اتحاد برلمان مكتب صندوق "
    "بنك شركة مفوضية ديوان بعثة سفارة محكمة نيابة صحيفة قناة تلفزيون إذاعة شبكة مركز جامعة أركان "
    "مصلحة مديرية إدارة مجموعة ائتلاف جبهة كتلة تنظيم فريق نقابة بلدية منظمات الكرملين البنتاغون "
    "الإليزيه جمهورية مملكة إمارة سلطنة"
)
# Sources that are not one named body: unnamed officials, activists, experts, reports.
_SOURCE_NOUNS_ONE: Final = _with_article(
    "مصادر مصدر ناشطون ناشطين نشطاء ناشط خبراء مسؤولون مسؤولين شهود سكان مراقبون مراقبو مراقبين "
    "محللون محللين دبلوماسيون دبلوماسيين دبلوماسي تقارير تقرير بيان وسائل أوساط دوائر جهات "
    "معارضون متظاهرون أطباء مسعفون أهالي إحدى أحد دول مواطنون حقوقيون قادة زعماء رسالة وثيقة "
    "دراسة مذكرة استطلاع محتجون محتجين"
)
_HUMAN_SOURCES_ONE: Final = _with_article(
    "مصادر مصدر ناشطون ناشطين نشطاء ناشط خبراء مسؤولون مسؤولين شهود سكان مراقبون مراقبو مراقبين محللون محللين "
    "دبلوماسيون دبلوماسيين دبلوماسي معارضون متظاهرون أطباء مسعفون أهالي مواطنون حقوقيون قادة زعماء"
)
# Two parties speaking together (أعلن الوزيران، أكد الجانبان): a speaker like a group of sources.
DUAL_SPEAKERS: Final = _forms(
    "الوزيران الوزيرين الجانبان الجانبين الطرفان الطرفين الرئيسان الرئيسين الزعيمان الزعيمين "
    "المسؤولان المسؤولين الوفدان الوفدين"
)
SOURCE_NOUNS: Final = _SOURCE_NOUNS_ONE | DUAL_SPEAKERS
HUMAN_SOURCES: Final = _HUMAN_SOURCES_ONE | DUAL_SPEAKERS
# Military ranks and their qualifiers: titles before a name (العميد الركن فلان، الفريق أول فلان).
RANK_WORDS: Final = _with_article("عميد لواء عقيد فريق مقدم رائد نقيب جنرال أدميرال أميرال مشير ملازم عريف")
RANK_QUALIFIERS: Final = _forms("الركن ركن أول الأول الطيار البحري المتقاعد")
# Words of a time phrase between commas (، الأسبوع الماضي،) that are no name.
TIME_ADJECTIVES: Final = _forms("الماضي الماضية المقبل المقبلة الجاري الجارية الحالي الحالية القادم القادمة الفائت المنصرم")
# A report named by who issued it or whom its authors belong to (تقرير صادر عن فريق خبراء تابع
# للأمم المتحدة، بيان أصدرته الوزارة): the phrase runs on over the issuer.
ISSUED_BY: Final = _forms("صادر الصادر صادرة الصادرة صدر")
ISSUED_VERBS: Final = _forms("أصدره أصدرته أصدرها أصدرتها أصدروه")
AFFILIATED: Final = _forms("تابع التابع تابعة التابعة")
# "المتحدث باسمه/باسمها": the body is a pronoun, still part of the title.
BISM_FORMS: Final = _forms("باسم باسمه باسمها باسمهم باسمهما")
# Verbs that take "أن" impersonally in the passive (فيما يتوقع أن ...، ينتظر أن ...): no speaker.
IMPERSONAL_LEMMAS: Final = _forms("توقع انتظر رجح قدر خشي")
# A statement or report speaks for whoever issued it (وقال بيان ..., ولفت التقرير ...).
DOCUMENT_NOUNS: Final = _with_article("تقرير بيان رسالة وثيقة دراسة مذكرة")
# Nouns that sit inside a title or a body's name (رئيس مجلس إدارة ...، المرصد السوري لحقوق ...).
TITLE_NOUNS: Final = PERSON_TITLES | BODY_HEADS | _with_article(
    "أعضاء حقوق شؤون أمن دفاع جهاز قسم دائرة مصلحة دولة رئاسة عمليات اركان أركان خارجية أنباء إعلام"
)
ADJ_WORDS: Final = _forms("كبير كبار رفيع رفيعة بارز بارزة مطلع مطلعة مسؤول مسؤولة سابق سابقة")
FEMININE_TITLES: Final = _with_article(
    "وزيرة رئيسة مديرة متحدثة ناطقة نائبة مستشارة أمينة سفيرة مندوبة ممثلة مبعوثة قائدة زعيمة "
    "مسؤولة عضوة ملكة أميرة مفوضة قاضية خبيرة باحثة محللة أستاذة مساعدة منسقة مراسلة سيدة"
)
# Outlets a statement can be made to (لوكالة ...، لقناة ...), and the words of their names that
# tell nothing apart (for "is this the document's own outlet?").
OUTLET_HEADS: Final = _forms("وكالة وكالات شبكة صحيفة قناة موقع تلفزيون إذاعة مجلة")
AGENCY_HEADS: Final = _forms("وكالة وكالات")
OUTLET_GENERIC: Final = OUTLET_HEADS | _forms("أنباء انباء بالعربية عربي عربية نت الإخبارية اخبارية الرسمية")

# Role coreference: a definite role word alone (with adjectives) names someone met before.
ROLE_COREF: Final = _forms(
    "المسؤول المسؤولة الوزير الوزيرة الرئيس المتحدث المتحدثة الناطق الناطقة الجنرال المدير "
    "المديرة السفير المبعوث المندوب الأمين القائد المستشار المستشارة الدبلوماسي الضابط النائب "
    "الممثل المحافظ الحاكم البابا الملك الأمير المفوض الخبير"
)
ORG_COREF: Final = _forms(
    "المنظمة المؤسسة الوزارة المرصد الهيئة المجلس التحالف الوكالة اللجنة الحكومة الرئاسة "
    "الجيش المكتب البعثة الصندوق الشركة الحركة الحزب الجماعة المركز المفوضية القيادة السفارة "
    "الصحيفة القناة الشبكة المصدر"
)
SAME_WORDS: Final = _forms("ذاته ذاتها نفسه نفسها ذاتهم أنفسهم")
GENERIC_PERSON: Final = _forms("المسؤول المسؤولة الدبلوماسي الضابط")

# Verbs that read a message or a speech on someone's behalf: X's message read by Y.
READ_BY: Final = _forms("تلاها تلاه قرأها قرأه ألقاها ألقاه")
# Nominal relay heads: بحسب X، وفق X، وفقا لـX، حسب X، نقلا عن X، طبقا لـX.
ACCORDING: Final = _forms("بحسب حسب وفق وفقا طبقا استنادا نقلا")
ACCORDING_LINK: Final = _forms("ل لـ عن إلى الى")
RELAY_VERBS_AFTER_MA: Final = _forms(
    "نقلت نقل ذكرت ذكر أفادت أفاد أوردت أورد قالت قال أعلنت أعلن صرح صرحت أكدت أكد نشرت نشر "
    "أوضحت أوضح بثت بث جاء ورد نقلته نقله ذكرته ذكره أوردته أورده نشرته نشره بثته بثه"
)
SAYING_NOUNS: Final = _forms("قوله قولها قولهم قولهما تأكيده تأكيدها إعلانه إعلانها تصريحه تصريحها")
NARRATIVE_OPENERS: Final = _forms("يذكر ويذكر يشار ويشار تجدر وتجدر يذكّر")
BACKGROUND_OPENERS: Final = _forms("وكان وكانت كان كانت ويأتي يأتي وجاء جاء وتأتي تأتي")
BACKGROUND_SECOND: Final = _forms("ذلك هذا هذه")
CONTINUATION_OPENERS: Final = _forms("وفي كما أما وأما")
FIRST_PERSON: Final = _forms("نحن إننا أننا لأننا بأننا لدينا علينا بلادنا حكومتنا شعبنا قواتنا")
KAMA: Final = norm_word("كما")
KAMA_NO_SPLIT: Final = _forms("هو هي هم جرى حدث يحدث يجري كان كانت سبق ذكر في لو يجب ينبغي تم")
MODAL_SPLIT: Final = _forms("ويجب وينبغي ويتعين")
MODAL_PHRASE_HEAD: Final = norm_word("من")
MODAL_PHRASE_TAIL: Final = _forms("المهم الضروري الأهمية الواجب اللازم")
CONTRAST_CONNECTORS: Final = _forms("لكن ولكن بينما فيما إذ اذ وإذ حيث")
CONTRAST_BEFORE_AN: Final = _forms("إلا غير رغم ورغم برغم بعد وبعد")
FIYMA: Final = norm_word("فيما")
NO_WORDS: Final[frozenset[str]] = frozenset()
CHAIN_PREP: Final = {norm_word("وإلى"): norm_word("إلى"), norm_word("وعلى"): norm_word("على")}
# Cues whose complement follows a preposition: the preposition marks where the claim starts.
CUE_PREP: Final = {
    norm_word(k): _forms(v)
    for k, v in {
        "أشار": "إلى", "لفت": "إلى", "دعا": "إلى", "نوه": "إلى ب", "أعرب": "عن", "كشف": "عن",
        "شدد": "على", "أكد": "على", "حث": "على", "أصر": "على", "حذر": "من", "أعلن": "عن",
        "تحدث": "عن", "عبر": "عن", "علق": "على", "اعترض": "على", "طالب": "ب", "وصف": "ب",
        "ندد": "ب", "رحب": "ب", "أشاد": "ب", "اتهم": "ب", "عزا": "إلى", "نفى": "أن",
        "أبلغ": "ب", "حمل": "مسؤولية", "ألقى": "باللائمة", "جدد": "", "هدد": "ب", "توعد": "ب",
        "تعهد": "ب", "وعد": "ب", "أفاد": "ب", "أجاب": "ب", "صرح": "ب",
    }.items()
}
# Cues too ambiguous to stand without a subject and a complementizer (بين is also "between").
WEAK_CUES: Final = _forms("بين تحدث")
# Cues with another common sense unless their complement follows (علق على = commented on; علق
# alone = suspended).
MARKED_CUES: Final = _forms("علق")
# Verbs that only report when a particular word follows the subject (ألقى باللائمة، حمّل ... مسؤولية).
PHRASE_CUES: Final = {norm_word("ألقى"): _forms("باللائمة باللوم اللوم"), norm_word("حمل"): _forms("مسؤولية المسؤولية")}
JAA_FI: Final = _forms("جاء ورد")
# Cues whose subject is often a thing (a video, statistics, documents): with such a subject the
# sentence is the outlet's narration, not anyone's claim.
SHOWING_CUES: Final = _forms("أظهر كشف")


# The letters of the article and its clitics, as code points: compiled, ord(n[i]) reads the
# letter in place, where n.startswith("ال") looks up a method and n[:1] makes a string.
_ALEF: Final = 0x627
_LAM: Final = 0x644
_BEH: Final = 0x628
_KAF: Final = 0x643


def is_definite(n: str) -> bool:
    """Longer than three letters and beginning with ال، بال، لل or كال."""
    if len(n) <= 3:
        return False
    c, d = ord(n[0]), ord(n[1])
    if c == _ALEF or c == _LAM:
        return d == _LAM
    return (c == _BEH or c == _KAF) and d == _ALEF and ord(n[2]) == _LAM


def strip_article(n: str) -> str:
    """The word without ال / لل (two letters must remain) or بال / كال (likewise)."""
    size = len(n)
    if size <= 3:
        return n
    c, d = ord(n[0]), ord(n[1])
    if (c == _ALEF or c == _LAM) and d == _LAM:
        return n[2:]
    if (c == _BEH or c == _KAF) and d == _ALEF and ord(n[2]) == _LAM and size > 4:
        return n[3:]
    return n


def arabic_word(n: str) -> bool:
    """Letters of the Arabic block only (hamza to ya), at least one: what the regex
    ^[\u0621-\u064A]+$ matches in a word (no newline), without a regex call."""
    if not n:
        return False
    for i in range(len(n)):
        c = ord(n[i])
        if c < 0x621 or c > 0x64A:
            return False
    return True


F_FRAME: Final = 1
F_SOURCE: Final = 2
F_CHAIN: Final = 4
F_TITLE: Final = 8
# Words where claims.py may cut a chained claim (وأن، كما، وإلى، ويجب، من المهم، فيما، أن + quote).
CHAIN_TRIGGERS: Final = (
    COMPLEMENTIZERS | CHAIN_THAT | MODAL_SPLIT | frozenset(CHAIN_PREP) | {KAMA, MODAL_PHRASE_HEAD, FIYMA}
)

CLOSED: Final = (
    COMPLEMENTIZERS | TIME_WORDS | ADVERB_OPENERS | RELATIVES | PARTICLES | PERSON_TITLES | BODY_HEADS
    | SOURCE_NOUNS | ACCORDING | SAYING_NOUNS | READ_BY | CHAIN_THAT | TITLE_NOUNS
)


# ---------------------------------------------------------------------------------------------
# Lexicon view: registry and cue lexicon behind one small interface


@dataclass(frozen=True)
class Cue:
    form: str
    lemma: str
    kind: str  # verb | participle | nominal | relay | narrative
    gender: Optional[str]
    present: bool


@dataclass(frozen=True)
class RegEntry:
    canonical: str
    type: str  # person | organization | agency
    role_en: Optional[str]
    role_ar: Optional[str]
    country: Optional[str]
    place: bool  # a country or a capital: feminine, and a speaker only as a state


# A registry alias: its normalized words and the registry's entry; per first word, the aliases
# that may start there (see Lexicon._candidates).
_Alias = tuple[tuple[str, ...], Any]
_Candidates = tuple[tuple[_Alias, ...], dict[str, tuple[_Alias, ...]]]


class Lexicon:
    """Registry and cues as the stage needs them; built once per `Resources`."""

    def __init__(self, registry, cues) -> None:
        self.registry = registry
        self.cues = cues
        self._cue_cache: dict[str, Optional[Cue]] = {}
        self._entry_cache: dict[int, RegEntry] = {}
        self._index = _alias_index(registry)
        self.flag = lru_cache(maxsize=200_000)(self._compute_flag)
        self.chunk_memo: dict[str, tuple[_Piece, ...]] = {}  # DocWords' memo, with this lexicon's flags
        self._first_memo: dict[str, _Candidates] = {}  # first word -> _candidates(first word)

    # word flags ------------------------------------------------------------------------------
    def _compute_flag(self, n: str) -> int:
        f = 0
        b = _bare(n)
        if self.cue(n) is not None or b in JAA_FI:
            f |= F_FRAME
        if b in ACCORDING:
            f |= F_SOURCE
        if n in CHAIN_TRIGGERS:
            f |= F_CHAIN
        if strip_article(n) in PERSON_TITLES or strip_article(b) in PERSON_TITLES:
            f |= F_TITLE
        return f

    # cues ---------------------------------------------------------------------------------
    def cue(self, n: str) -> Optional[Cue]:
        """The cue a normalized word is, trying it whole, without و/ف and without a pronoun suffix."""
        hit = self._cue_cache.get(n, False)
        if hit is not False:
            return hit  # type: ignore
        found = None
        for cand in _cue_candidates(n):
            found = self._lookup_cue(cand)
            if found:
                break
        if found is None:
            found = self._imperfect_cue(n)
        self._cue_cache[n] = found
        return found

    def _lookup_cue(self, form: str) -> Optional[Cue]:
        raw = _call(self.cues, "lookup", form)
        if raw is None:
            return None
        lemma = norm_word(str(_attr(raw, "lemma") or form))
        kind = str(_attr(raw, "kind") or "verb")
        gender = _attr(raw, "gender") or None
        stem = form[1:] if len(form) > 3 and form[0] in "وف" else form
        # يقول/تعتبر: an imperfect prefix the lemma lacks (تابع/تحدث begin with ت themselves)
        # (يتوقع: the lemma itself begins with ت, so compare the stem with the lemma, not one letter)
        present = kind == "verb" and stem[:1] in ("ي", "ت") and not stem.startswith(lemma)
        return Cue(form=form, lemma=lemma, kind=kind, gender=gender, present=present)

    def _imperfect_cue(self, n: str) -> Optional[Cue]:
        """(و)يقدر، تشرح: the imperfect of a listed past-tense verb (ي/ت + the past stem) is the same
        cue in the present, even when the lexicon lists only the past."""
        b = n[1:] if len(n) >= 5 and n[0] in "وف" else n
        if len(b) < 4 or b[0] not in "يت":
            return None
        stem, gender = b[1:], ("m" if b[0] == "ي" else "f")
        if stem.endswith("ون") and len(stem) >= 5:
            stem, gender = stem[:-2], "pl"
        past = self._lookup_cue(stem)
        if past is None or past.kind != "verb" or past.lemma != stem or stem in _NO_IMPERFECT:
            return None
        return Cue(form=n, lemma=past.lemma, kind="verb", gender=gender, present=True)

    # registry -------------------------------------------------------------------------------
    def match(self, ws: Words, i: int) -> Optional[tuple[RegEntry, int]]:
        """The longest registry alias starting at word i (a clitic و/ف/ب/ل may stick to it)."""
        if i >= ws.n or ws.punct[i]:
            return None
        if self._index is None:
            hit = _registry_match(self.registry, ws, i)
            return (self._entry(hit[0]), hit[1]) if hit else None
        norm = ws.norm
        first = norm[i]
        got = self._first_memo.get(first)
        if got is None:
            if len(self._first_memo) > _MEMO_LIMIT:
                self._first_memo.clear()
            got = self._first_memo[first] = self._candidates(first)
        singles, by_second = got
        # only the aliases whose second word is the next word can match (and the one-word ones)
        cands = by_second.get(norm[i + 1], singles) if by_second and i + 1 < ws.n else singles
        for toks, entry in cands:
            n = len(toks)
            if n == 1:
                return self._entry(entry), 1
            if i + n <= ws.n and _rest_matches(norm, i, toks):
                return self._entry(entry), n
        return None

    def _candidates(self, first: str) -> _Candidates:
        """Aliases whose first word is this word, or this word without a leading clitic, longest
        first: (the one-word ones, {second word: the longer ones with it and then the one-word ones})."""
        out = list(self._index.get(first, ()))  # type: ignore
        for pre in _CLITICS:
            if first.startswith(pre) and len(first) - len(pre) >= 2:
                rest = ("ال" + first[2:]) if pre == "لل" else first[len(pre):]
                out.extend(self._index.get(rest, ()))  # type: ignore
        out.sort(key=lambda x: -len(x[0]))
        singles = tuple(c for c in out if len(c[0]) == 1)
        by_second: dict[str, tuple[_Alias, ...]] = {}
        for c in out:
            if len(c[0]) > 1 and c[0][1] not in by_second:
                second = c[0][1]
                by_second[second] = tuple(d for d in out if len(d[0]) == 1 or d[0][1] == second)
        return singles, by_second

    def _entry(self, entry) -> RegEntry:
        key = id(entry)
        got = self._entry_cache.get(key)
        if got is None:
            etype = str(_attr(entry, "type") or "organization").lower()
            canonical = str(_attr(entry, "canonical") or "")
            country = _attr(entry, "country") or None
            place = etype in ("country", "place", "state", "city") or bool(country and country == canonical)
            if etype not in ("person", "organization", "agency", "outlet"):
                etype = "organization"
            got = RegEntry(
                canonical=canonical,
                type=etype,
                role_en=_attr(entry, "role_en") or None,
                role_ar=_attr(entry, "role_ar") or None,
                country=country,
                place=place,
            )
            self._entry_cache[key] = got
        return got


def _rest_matches(norm: list[str], i: int, toks: tuple[str, ...]) -> bool:
    """The alias's words after its second one are the words after i + 1 (the caller checked the
    first two and that the sentence is long enough)."""
    for t in range(2, len(toks)):
        if norm[i + t] != toks[t]:
            return False
    return True


def _cue_candidates(n: str) -> list[str]:
    out = [n]
    b = n[1:] if len(n) >= 3 and n[0] in "وف" else n  # وحث، فقال: short verbs keep their prefix too
    if b != n:
        out.append(b)
    for suffix in ("ها", "هم", "هما", "ه"):
        for w in (n, b):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                out.append(w[: -len(suffix)])
    return out


# Past cues whose imperfect is mostly another verb (يحمل "carries", يعلق "hangs", يختم, تبين).
_NO_IMPERFECT: Final = frozenset(norm_word(w) for w in "حمل علق ختم بين غرد".split())

_CLITICS: Final = ("ولل", "فلل", "لل", "وب", "ول", "فب", "فل", "و", "ف", "ب", "ل", "ك")


def _alias_index(registry) -> Optional[dict]:
    """First word -> [(alias words, entry)], from the registry's rows, so a lookup is one dict hit
    on a word already normalized (the registry's own match_at re-normalizes every token)."""
    entries = getattr(registry, "entries", None)
    if entries is None:
        return None
    index: dict[str, list] = {}
    seen: set = set()
    for e in entries:
        for alias in getattr(e, "aliases", ()) or ():
            toks = tuple(t for t in (norm_word(w) for w in _WORD.findall(alias)) if not _punct(t))
            if not toks or toks in seen:
                continue  # the first entry to claim an alias keeps it, as in the registry
            seen.add(toks)
            index.setdefault(toks[0], []).append((toks, e))
    return index


def _attr(obj, name):
    if obj is None:
        return None
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def _call(obj, method, *args):
    fn = getattr(obj, method, None)
    if fn is None:
        return None
    try:
        return fn(*args)
    except (KeyError, IndexError, ValueError, TypeError):
        return None


def _registry_match(registry, ws: Words, i: int):
    fn = getattr(registry, "match_at", None)
    if fn is None:
        return None
    try:
        return fn(ws.raw, i)
    except (KeyError, IndexError, ValueError, TypeError):
        return None


_LEXICONS: Final[dict[int, tuple[object, Lexicon]]] = {}


def lexicon_for(resources) -> Lexicon:
    """The lexicon view of a Resources object, built on first use and kept with it."""
    key = id(resources)
    got = _LEXICONS.get(key)
    if got is None or got[0] is not resources:
        lex = Lexicon(getattr(resources, "registry", None), getattr(resources, "cues", None))
        _LEXICONS[key] = (resources, lex)
        return lex
    return got[1]


# ---------------------------------------------------------------------------------------------
# Mentions: what a noun phrase at a position names


# The dataclasses below spell out their __init__: mypyc then builds them with a direct call
# instead of running the interpreted __init__ that dataclasses generates.


@dataclass
class Mention:
    start: int  # word span of the whole phrase
    end: int
    kind: str  # registry | known | name | title | body | source
    entry: Optional[RegEntry] = None
    name: Optional[tuple[int, int]] = None  # the personal name inside, if any
    title: Optional[tuple[int, int]] = None  # the title words before the name
    known: Optional["Entity"] = None  # a person named earlier in this document
    conj: bool = False  # the first word carries a sentence-initial و/ف that is not the name's

    def __init__(self, start: int, end: int, kind: str, entry: Optional[RegEntry] = None,
                 name: Optional[tuple[int, int]] = None, title: Optional[tuple[int, int]] = None,
                 known: Optional["Entity"] = None, conj: bool = False) -> None:
        self.start, self.end, self.kind, self.entry = start, end, kind, entry
        self.name, self.title, self.known, self.conj = name, title, known, conj

    @property
    def has_name(self) -> bool:
        return self.name is not None or self.known is not None or (
            self.entry is not None and self.entry.type == "person"
        )


def surface_span(ws: Words, start: int, end: int, conj: bool = False) -> tuple[int, int]:
    """Offsets of words start..end-1 as printed; `conj` drops a leading conjunction و/ف."""
    if start >= end:
        return (ws.base, ws.base)
    a, b = ws.starts[start], ws.ends[end - 1]
    text = ws.text
    if conj and text[a - ws.base] in "وف":
        a += 1
    while a < b and text[a - ws.base] in _EDGE:
        a += 1
    while b > a and text[b - 1 - ws.base] in _EDGE:
        b -= 1
    return a, b


def surface(ws: Words, start: int, end: int, conj: bool = False) -> str:
    """Text of words start..end-1 as printed; `conj` drops a leading conjunction و/ف."""
    a, b = surface_span(ws, start, end, conj)
    return ws.text[a - ws.base:b - ws.base]


_EDGE: Final = frozenset(" ،,:")


def has_waw(ws: Words, j: int) -> bool:
    """Word j starts with the conjunction و (وفي، وأن، وبالنسبة ...)."""
    n = ws.norm[j]
    return n[:1] == "و" and (len(n) > 3 or n[1:] in PARTICLES or n[1:] in ADVERB_OPENERS)


def is_name_word(ws: Words, k: int, lex: Lexicon) -> bool:
    """Could word k begin a personal name: Arabic, not a function word, title, time or cue."""
    n = ws.norm[k]
    if ws.quoted[k] or not arabic_word(n) or len(n) < 2:
        return False
    if is_definite(n) or n in CLOSED or ws.bare[k] in CLOSED or _prefixed_title(n):
        return False
    return lex.cue(n) is None


def _prefixed_title(n: str) -> bool:
    return len(n) > 3 and n[0] in "لب" and n[1:] in TITLE_NOUNS


def is_name_cont(ws: Words, k: int, lex: Lexicon) -> bool:
    n = ws.norm[k]
    if ws.quoted[k] or not arabic_word(n):
        return False
    if n in CLOSED or n in TIME_WORDS or strip_article(n) in TITLE_NOUNS:
        return False
    return lex.cue(n) is None


def parse_np(ws: Words, i: int, end: int, lex: Lexicon, state: "Attributor", first: bool = False) -> Optional[Mention]:
    """The speaker-like noun phrase starting at word i (before `end`), or None.

    `first`: word i may carry a sentence-initial conjunction (وحركة ...، والخبراء ...)."""
    if i >= end or i >= ws.n or ws.is_punct(i) or ws.quoted[i]:
        return None
    known = state.known_at(ws, i, end)
    if known:
        ent, n = known
        return Mention(i, i + n, "known", name=(i, i + n), known=ent)
    reg = lex.match(ws, i)
    if reg and _generic_alias(ws, i, reg[1], end):
        reg = None  # المرصد الفالوري ...: the registry's bare "المرصد" names another observatory
    if reg and reg[0].type == "person":
        entry, n = reg
        return Mention(i, i + n, "registry", entry=entry, name=(i, i + n))
    m = _parse_head(ws, i, end, lex, state, reg)
    if m is None and first and ws.bare[i] != ws.norm[i]:
        m = _parse_head(ws, i, end, lex, state, None, use_bare=True)
        if m is not None:
            m.conj = True
    return m


def _parse_head(ws: Words, i: int, end: int, lex: Lexicon, state: "Attributor",
                reg: Optional[tuple[RegEntry, int]], use_bare: bool = False) -> Optional[Mention]:
    head = ws.bare[i] if use_bare else ws.norm[i]
    if reg:
        entry, n = reg
        m = Mention(i, i + n, "registry", entry=entry)
        if head in PERSON_TITLES:  # المتحدث باسم ... is a person even if the body is registered
            return _extend_phrase(ws, Mention(i, i + 1, "title", title=(i, i + 1)), end, lex, state)
        return _extend_org(ws, m, end, lex, state)
    if head in PERSON_TITLES:
        return _extend_phrase(ws, Mention(i, i + 1, "title", title=(i, i + 1)), end, lex, state)
    if head in BODY_HEADS:
        return _extend_phrase(ws, Mention(i, i + 1, "body"), end, lex, state)
    if head in SOURCE_NOUNS or _human_plural(head):
        return _extend_phrase(ws, Mention(i, i + 1, "source"), end, lex, state)
    if not use_bare and is_name_word(ws, i, lex):
        j = _name_end(ws, i, end, lex)
        return Mention(i, j, "name", name=(i, j))
    return None


def _human_plural(n: str) -> bool:
    """المحتجون، المشاركون، المسؤولون: a definite plural of a participle (الم...ون) names a group
    of people (القانون، الشؤون are not: no participle م)."""
    return len(n) >= 8 and n.startswith("الم") and n.endswith("ون")


def _generic_alias(ws: Words, i: int, n: int, end: int) -> bool:
    """A one-word alias that is a common head (المرصد، المنظمة) followed by words of a longer name."""
    if n != 1 or ws.norm[i] not in ORG_COREF | ROLE_COREF:
        return False
    j = i + 1
    if j >= end or ws.is_punct(j) or ws.quoted[j]:
        return False
    nxt = ws.norm[j]
    return nxt not in SAME_WORDS and (is_definite(nxt) or _prefixed_title(nxt)) and nxt not in TIME_WORDS


def _name_end(ws: Words, i: int, end: int, lex: Lexicon, most: int = 3) -> int:
    j = i + 1
    while j < end and j - i < most and is_name_cont(ws, j, lex) and not _reg_starts_other(ws, j, lex):
        if _outlet_word(ws, j, lex):
            break
        j += 1
    return j


def _name_stops(ws: Words, k: int, lex: Lexicon, state: "Attributor") -> bool:
    """A name ends where the sentence goes on: punctuation, أن، a time word, an adverbial, a cue.
    (عزا المسؤول أسباب تراجع ...: no name, the words after the title are the object.)"""
    if k >= ws.n or ws.is_punct(k) or ws.quoted[k]:
        return True
    n = ws.norm[k]
    if n in COMPLEMENTIZERS or n in TIME_WORDS or n in ADVERB_OPENERS or n in RELATIVES:
        return True
    if _outlet_word(ws, k, lex) or lex.cue(n) is not None:
        return True
    return bool(lex.match(ws, k)) or bool(state.known_at(ws, k, ws.n))


def _reg_starts_other(ws: Words, j: int, lex: Lexicon) -> bool:
    hit = lex.match(ws, j)
    return bool(hit and hit[0].type != "person")


def _extend_org(ws: Words, m: Mention, end: int, lex: Lexicon, state: "Attributor") -> Mention:
    """A registered body may be followed by a parenthesised gloss: وزارة الدفاع (البنتاغون)."""
    j = _skip_gloss(ws, m.end, end)
    m.end = j
    return m


def _skip_gloss(ws: Words, j: int, end: int) -> int:
    if j < end and ws.raw[j] == "(":
        for k in range(j + 1, min(end, j + 5)):
            if ws.raw[k] == ")":
                return k + 1
    return j


def _extend_phrase(ws: Words, m: Mention, end: int, lex: Lexicon, state: "Attributor") -> Mention:
    """Grow a title/body/source head over its genitives and adjectives, and find a name after it."""
    j = m.end
    saw_definite = is_definite(ws.norm[m.start])
    limit = min(end, m.start + 16)
    while j < limit:
        g = _skip_gloss(ws, j, limit)
        if g != j:
            j = g
            continue
        if ws.is_punct(j) or ws.quoted[j]:
            q = _quoted_name(ws, j, limit)
            if q:  # وكالة "الأناضول"، وكالة الأنباء الرسمية "سانا"
                reg = lex.match(ws, j + 1)
                if reg and m.kind == "body" and m.entry is None and reg[0].type != "person":
                    m.entry = reg[0]
                j = q
            break
        n, b = ws.norm[j], ws.bare[j]
        if n in RANK_QUALIFIERS and strip_article(ws.norm[j - 1]) in RANK_WORDS:
            j += 1  # الفريق أول، العميد الركن: still the rank
            continue
        if m.kind in ("source", "body") and not m.has_name:
            k2 = _issuer_end(ws, j, limit)
            if k2 > j:  # تقرير صادر عن ...، بيان أصدرته ...، فريق تابع لـ... (تابع is also a cue)
                j = k2
                saw_definite = True
                continue
        if n in COMPLEMENTIZERS or n in RELATIVES or n in TIME_WORDS or lex.cue(n):
            break
        if _outlet_word(ws, j, lex):
            break
        known = state.known_at(ws, j, limit)
        if known and m.kind == "title":
            m.name, m.known = (j, j + known[1]), known[0]
            j += known[1]
            break
        reg = lex.match(ws, j)
        if reg:
            entry, k = reg
            if entry.type == "person":
                if m.kind == "title":
                    m.name, m.entry, m.kind = (j, j + k), entry, "registry"
                    j += k
                break
            if m.kind == "body" and m.entry is None and not entry.place:  # وكالة سبوتنيك، فصيل جيش الإسلام
                m.entry = entry  # (not وكالة أنباء ميرادا: a place inside names the body, is not it)
            j += k
            saw_definite = True
            continue
        if n in PREP_OF and j + 1 < limit and not m.has_name:
            if _prep_inside(ws, j, lex):
                j += 2
                if j < limit and not is_definite(ws.norm[j - 1]) and is_name_word(ws, j, lex):
                    j += 1  # وزير المالية في جمهورية زاندار ...: the state's own name
                continue
            break
        if n in SAME_WORDS:  # المصدر نفسه، المنظمة ذاتها
            j += 1
            break
        if n in BISM_FORMS or b in BISM_FORMS:
            j += 1  # المتحدث باسم ...، المتحدث باسمها
            continue
        if m.kind in ("source", "body") and not m.has_name:
            if n in SOURCE_NOUNS and ws.norm[j - 1] in BODY_HEADS and not is_definite(ws.norm[j - 1]):
                j += 1  # فريق خبراء، لجنة مراقبين: the body's members
                continue
        if n.startswith("وال") and is_definite(n[1:]) and m.kind == "title" and not m.has_name:
            j += 1  # وزير الأشغال العامة والإسكان: a coordinated part of the title
            continue
        if (m.kind == "title" and strip_article(ws.norm[j - 1]) in STATE_HEADS and not is_definite(ws.norm[j - 1])
                and is_name_word(ws, j, lex) and j + 1 < limit and is_name_word(ws, j + 1, lex)):
            j += 1  # رئيس جمهورية زاندار فلان الفلاني: the state's own name comes before the person's
            saw_definite = True
            continue
        if n in ADVERB_OPENERS or n in PARTICLES:
            break
        if b in TITLE_NOUNS and n != b and j > m.start:  # ورئيس ...: a second title of the same person
            j += 1
            continue
        if is_definite(n) or n in TITLE_NOUNS:
            saw_definite = saw_definite or is_definite(n)
            j += 1
            continue
        if m.kind == "body" and ws.norm[j - 1] in TITLE_NOUNS and not is_definite(ws.norm[j - 1]) and is_name_word(ws, j, lex):
            j += 1  # وكالة أنباء ميرادا، شركة نفط زاندار: the body's own name ends the phrase
            break
        if _outlet_word(ws, j, lex):
            break
        if _prefixed_title(n):  # لرئيس هيئة ...، بوزارة ...
            j += 1
            continue
        if not saw_definite and m.kind in ("source", "title") and (n in ADJ_WORDS or _adjective_like(n)):
            j += 1
            continue
        if n.startswith("ل") and len(n) > 3 and j + 1 < limit and is_definite(ws.norm[j + 1]):
            j += 2  # لنقل النفط، لحقوق الإنسان: a genitive tail of the body's name
            continue
        if m.kind == "title" and is_name_word(ws, j, lex) and not _generic_role(ws, m.start, j):
            k = _name_end(ws, j, limit, lex, most=4)
            if _name_stops(ws, k, lex, state):
                m.name = (j, k)
                m.title = (m.start, j)
                j = k
            break
        break
    m.end = max(j, m.end)
    if m.kind == "title" and m.name is None:
        m.title = (m.start, m.end)
    elif m.kind == "registry" and m.name and m.title is None and m.name[0] > m.start:
        m.title = (m.start, m.name[0])
    return m


def lex_free(n: str) -> bool:
    """Not a word that ends a phrase by itself (a complementizer, a time word, a connector)."""
    return n not in COMPLEMENTIZERS and n not in TIME_WORDS and n not in ADVERB_OPENERS and n not in AFFILIATED \
        and n not in ISSUED_BY


STATE_HEADS: Final = _forms("جمهورية مملكة إمارة سلطنة دولة")


def _issuer_end(ws: Words, j: int, limit: int) -> int:
    """Where 'صادر عن X / أصدرته X / تابع لـX' ends, X being a body (with its genitives); else j."""
    n = ws.norm[j]
    if n in ISSUED_BY and j + 1 < limit and ws.norm[j + 1] == _AN:
        k = j + 2
    elif n in ISSUED_VERBS or n in AFFILIATED:
        k = j + 1
    else:
        return j
    if k >= limit or ws.is_punct(k) or ws.quoted[k]:
        return j
    # the issuer: a body or title head (with ل glued on for تابع لـ), then its genitives
    head = ws.norm[k]
    if strip_article(head) in TITLE_NOUNS or head in TITLE_NOUNS or _prefixed_title(head) or (
            head.startswith("لل") and len(head) > 4):
        k += 1
        if (k < limit and not is_definite(head) and not ws.is_punct(k) and not ws.quoted[k]
                and arabic_word(ws.norm[k]) and ws.norm[k] not in CLOSED and lex_free(ws.norm[k])):
            k += 1  # لجنة تحقيق، فريق خبراء: the head's indefinite genitive
        while k < limit and not ws.is_punct(k) and not ws.quoted[k] and (
                is_definite(ws.norm[k]) or ws.norm[k] in TITLE_NOUNS or ws.norm[k] in SOURCE_NOUNS):
            if ws.norm[k] in COMPLEMENTIZERS or ws.norm[k] in TIME_WORDS or strip_article(ws.norm[k]) in TIME_WORDS:
                break
            k += 1
        return k
    return j


def _generic_role(ws: Words, start: int, j: int) -> bool:
    """المسؤول (الروسي) refers back to someone; no name follows it directly."""
    return ws.norm[start] in GENERIC_PERSON and all(is_definite(ws.norm[k]) for k in range(start + 1, j))


def _quoted_name(ws: Words, j: int, limit: int) -> int:
    """End of a short quoted name right here ("الأناضول"), or 0."""
    if not ws.opens_quote(j):
        return 0
    for k in range(j + 1, min(limit, j + 4)):
        if ws.closes_quote(k):
            return k + 1 if k > j + 1 else 0
    return 0


def _adjective_like(n: str) -> bool:
    return len(n) > 3 and (n.endswith("ه") or n.endswith("ي") or n.endswith("ون") or n.endswith("ين"))


def _prep_inside(ws: Words, j: int, lex: Lexicon) -> bool:
    """في/من/لدى inside a phrase: مراقبو العقوبات في الأمم المتحدة، مصادر مقربة من الحكومة."""
    nxt = ws.norm[j + 1]
    if ws.is_punct(j + 1):
        return False
    if ws.norm[j] == _MIN:
        return is_definite(nxt) and strip_article(nxt) not in TIME_WORDS
    return strip_article(nxt) in BODY_HEADS or nxt in BODY_HEADS or bool(lex.match(ws, j + 1))


# ---------------------------------------------------------------------------------------------
# Entities and the document memory


@dataclass(eq=False)  # one object per key (Attributor.entities): identity is equality
class Entity:
    key: str
    name: str  # the speaker column
    role: Optional[str]
    type: str
    registered: bool
    words: frozenset = frozenset()  # normalized words of its titles and names, for coreference
    feminine: bool = False
    place: bool = False
    document: bool = False  # a report or statement (التقرير، بيان)

    def __init__(self, key: str, name: str, role: Optional[str], type: str, registered: bool,
                 words: frozenset = frozenset(), feminine: bool = False, place: bool = False,
                 document: bool = False) -> None:
        self.key, self.name, self.role, self.type, self.registered = key, name, role, type, registered
        self.words, self.feminine, self.place, self.document = words, feminine, place, document


@dataclass(eq=False)
class Resolved:
    entity: Entity
    ar: str  # the Arabic surface that names it here
    coref: bool  # named by a role or a body word that points back
    span: tuple[int, int]  # offsets of `ar` in the document

    def __init__(self, entity: Entity, ar: str, coref: bool, span: tuple[int, int]) -> None:
        self.entity, self.ar, self.coref, self.span = entity, ar, coref, span


@dataclass
class Said:
    """Who a piece of text is attributed to."""

    entity: Optional[Entity]
    speaker_ar: Optional[str]
    attribution: str = "narrative"
    via: Optional[str] = None
    cue: Optional[str] = None
    speaker_span: Optional[tuple[int, int]] = None  # where the speaker is named, in this sentence
    cue_span: Optional[tuple[int, int]] = None  # where the cue stands, in this sentence

    def __init__(self, entity: Optional[Entity], speaker_ar: Optional[str], attribution: str = "narrative",
                 via: Optional[str] = None, cue: Optional[str] = None,
                 speaker_span: Optional[tuple[int, int]] = None, cue_span: Optional[tuple[int, int]] = None) -> None:
        self.entity, self.speaker_ar, self.attribution, self.via = entity, speaker_ar, attribution, via
        self.cue, self.speaker_span, self.cue_span = cue, speaker_span, cue_span


@dataclass
class Attributor:
    """One document's memory of speakers, for coreference, continuation and relays."""

    lex: Lexicon
    source: Optional[str] = None  # the document's own outlet: statements to it get no via
    entities: dict = field(default_factory=dict)
    recent: list = field(default_factory=list)  # entities, most recent last
    names: dict = field(default_factory=dict)  # normalized name or surname -> Entity
    name_first: set = field(default_factory=set)  # first words of those names (a quick miss)
    last: Optional[Said] = None  # the last attributed piece
    current_para: int = -1  # paragraph of the running statement (-1: none running)

    # memory -------------------------------------------------------------------------------
    def known_at(self, ws: Words, i: int, end: int) -> Optional[tuple[Entity, int]]:
        """A person named earlier in the document, by full name or surname, starting at word i."""
        if not self.names or ws.norm[i] not in self.name_first:
            return None
        for n in (3, 2, 1):
            if i + n <= end:
                key = " ".join(ws.norm[i:i + n])
                ent = self.names.get(key)
                if ent is not None:
                    return ent, n
        return None

    def remember(self, ent: Entity) -> None:
        if ent.key in self.entities:
            ent = self.entities[ent.key]
        else:
            self.entities[ent.key] = ent
        if self.recent and self.recent[-1] is ent:
            return
        if ent in self.recent:
            self.recent.remove(ent)
        self.recent.append(ent)

    # resolution -------------------------------------------------------------------------
    def resolve(self, ws: Words, m: Mention) -> "Resolved":
        """Who a mention names, the Arabic surface to report for it and where that stands."""
        ent, coref, by_name = self._identify(ws, m)
        if by_name and m.name is not None:
            a, b, conj = m.name[0], m.name[1], False
        else:
            a, b, conj = m.start, m.end, m.conj
        start, end = surface_span(ws, a, b, conj)
        return Resolved(ent, ws.text[start - ws.base:end - ws.base], coref, (start, end))

    def _identify(self, ws: Words, m: Mention) -> tuple[Entity, bool, bool]:
        """(entity, is_coreference, reported by its personal name) for a mention."""
        if m.kind == "body" and m.entry is not None and ws.norm[m.start] in ORG_COREF:
            coref = self._coreference(ws, m)  # المنظمة التابعة للأمم المتحدة: the body met before
            if coref is not None:
                self.remember(coref)
                return coref, True, False
        ent: Optional[Entity]
        if m.known is not None:
            ent = m.known
            if m.title and not ent.role:
                ent.role = surface(ws, *m.title)
            self.remember(ent)
            return ent, False, True
        if m.entry is not None:
            ent = self._registered(m.entry)
            if m.name and ent.type == "person":
                self._learn_name(ws, m.name, ent)
            # Its Arabic titles and names as printed, so later role phrases can point back to it.
            ent.words = ent.words | _role_words(ws, *(m.title or (m.start, m.end)))
            self.remember(ent)
            return ent, False, True
        if m.kind == "title" and m.name:
            return self._named_person(ws, m), False, True
        if m.kind == "name":
            ent = self.names.get(" ".join(ws.norm[m.name[0]:m.name[1]]))  # type: ignore
            if ent is None:
                ent = self._new_person(ws, surface(ws, *m.name), None, m.name, ())  # type: ignore
            self.remember(ent)
            return ent, False, True
        coref = self._coreference(ws, m)
        if coref is not None:
            self.remember(coref)
            return coref, True, False
        ent = self._unnamed(ws, m, surface(ws, m.start, m.end, m.conj))
        self.remember(ent)
        return ent, False, False

    def _registered(self, entry: RegEntry) -> Entity:
        key = "reg:" + entry.canonical
        ent = self.entities.get(key)
        if ent is None:
            words = frozenset(norm_word(w) for w in (entry.role_ar or "").split())
            ent = Entity(key, entry.canonical, entry.role_en, entry.type, True, words, place=entry.place,
                         feminine=entry.place)
            self.entities[key] = ent
        return ent

    def _named_person(self, ws: Words, m: Mention) -> Entity:
        name = surface(ws, *m.name)  # type: ignore
        key = " ".join(ws.norm[m.name[0]:m.name[1]])  # type: ignore
        ent = self.names.get(key)
        title = surface(ws, *m.title) if m.title else None
        if ent is None:
            ent = self._new_person(ws, name, title, m.name, m.title or ())
        elif title and not ent.role:
            ent.role = title
            ent.words = ent.words | _role_words(ws, *m.title)  # type: ignore
        self.remember(ent)
        return ent

    def _learn_name(self, ws: Words, span: tuple[int, int], ent: Entity) -> None:
        """Remember a person's name as printed, and its last word for later mentions by surname."""
        norms = ws.norm[span[0]:span[1]]
        self._add_name(norms, ent)

    def _add_name(self, norms: list, ent: Entity) -> None:
        self.names.setdefault(" ".join(norms), ent)
        self.name_first.add(norms[0])
        if len(norms) > 1:
            self.names.setdefault(norms[-1], ent)
            self.name_first.add(norms[-1])

    def _new_person(self, ws: Words, name: str, title, span, title_span) -> Entity:
        words = _role_words(ws, *title_span) if title_span else frozenset()
        fem = bool(title_span) and ws.norm[title_span[0]] in FEMININE_TITLES
        ent = Entity("ar:" + name, name, title, "person", False, words, feminine=fem)
        self.entities.setdefault(ent.key, ent)
        ent = self.entities[ent.key]
        norms = ws.norm[span[0]:span[1]]
        self.names[" ".join(norms)] = ent
        self._add_name(norms, ent)  # and a later mention by surname
        return ent

    def _unnamed(self, ws: Words, m: Mention, text: str) -> Entity:
        head = strip_article(ws.bare[m.start])
        if m.kind == "title":
            etype = "person"
        elif m.kind == "source":
            human = ws.bare[m.start] in HUMAN_SOURCES or _human_plural(ws.bare[m.start])
            etype = "person" if human else "organization"
        elif head in AGENCY_HEADS:
            etype = "agency"
        else:
            etype = "outlet" if head in OUTLET_HEADS else "organization"
        key = "ar:" + " ".join(ws.norm[m.start:m.end])
        ent = self.entities.get(key)
        if ent is None:
            fem = ws.norm[m.start] in FEMININE_TITLES or (m.kind != "title" and head.endswith("ه"))
            ent = Entity(key, text, text if m.kind == "title" else None, etype, False,
                         _role_words(ws, m.start, m.end), feminine=fem,
                         document=ws.bare[m.start] in DOCUMENT_NOUNS)
            self.entities[key] = ent
        return ent

    def _coreference(self, ws: Words, m: Mention) -> Optional[Entity]:
        """A definite role or body word (with adjectives only) names the last fitting speaker."""
        head = ws.bare[m.start]
        words = ws.norm[m.start + 1:m.end]
        only_adjectives = all(is_definite(w) or w in SAME_WORDS for w in words)
        if head in DOCUMENT_NOUNS and is_definite(head) or head in _REPORT_WORDS:
            return self._document_owner(ws, m)
        if not is_definite(head) or not only_adjectives:
            if m.kind == "title":
                return self._same_role(ws, m)
            return None
        if head in ROLE_COREF:
            return self._last_role(head)
        if head in ORG_COREF:
            if head == _SOURCE_WORD:
                return self.last.entity if self.last else None
            return self._last_body(head)
        return None

    def _document_owner(self, ws: Words, m: Mention) -> Optional[Entity]:
        """"التقرير"، "تقرير المنظمة"، "بيان": the report met before, else the body whose statement
        is running (its report or statement speaks for it)."""
        for k in range(m.start + 1, m.end):
            if ws.norm[k] in ORG_COREF:
                ent = self._last_body(ws.norm[k])
                if ent:
                    return ent
        if not is_definite(ws.bare[m.start]) and m.end - m.start > 1:
            return None  # تقرير صادر عن لجنة ...: a new report, named by its issuer
        for ent in self.recent[::-1]:
            if ent.document:
                return ent
        if self.last and self.last.entity and self.last.entity.type != "person":
            return self.last.entity
        return None

    def _last_role(self, head: str) -> Optional[Entity]:
        bare_head = strip_article(head)
        generic = head in GENERIC_PERSON
        for ent in self.recent[::-1]:
            if ent.type != "person" or ent.document:
                continue
            if generic or bare_head in {strip_article(w) for w in ent.words}:
                return ent
        return None

    def _same_role(self, ws: Words, m: Mention) -> Optional[Entity]:
        # An unnamed title repeated later (مدير الوقاية ... again) is the person who held it.
        words = _role_words(ws, m.start, m.end)
        if len(words) < 2:
            return None
        for ent in self.recent[::-1]:
            if ent.type == "person" and ent.words and words <= ent.words | words and len(words & ent.words) >= 2:
                if ent.registered or ent.name != surface(ws, m.start, m.end):
                    return ent
        return None

    def _last_body(self, head: str) -> Optional[Entity]:
        bare_head = strip_article(head)
        for ent in self.recent[::-1]:
            if ent.type == "person" or ent.document:
                continue
            names = {strip_article(w) for w in ent.words} | {strip_article(norm_word(w)) for w in ent.name.split()}
            if bare_head in names:
                return ent
        return None

    # outlets ---------------------------------------------------------------------------
    def is_own_outlet(self, text: str) -> bool:
        """A statement to the document's own outlet (قال ... لـCNN in CNN Arabic) has no via: the
        distinctive words of one outlet name (not وكالة، قناة، أنباء ...) are all in the other."""
        if not self.source or not text:
            return False
        own, said = _outlet_words(self.source), _outlet_words(text)
        if not own or not said:
            return False
        return own <= said or said <= own

    # attribution of pieces ---------------------------------------------------------------
    def explicit(self, ws: Words, frame: Frame, para: int) -> Said:
        """A piece opened by a frame: its subject, or the running speaker if it has none."""
        if frame.bad_subject:
            return self.narrate()
        if frame.subject is None:
            return self.go_on(frame.cue_text, para, cue_span(ws, frame))
        who = self.resolve(ws, frame.subject)
        via = self._via_name(frame.via, frame.via_ws)
        inner = _nested_speaker(ws, frame, self.lex, self)
        if inner is not None:  # قال الكرملين إن بوتين أبلغ ... أن: Putin speaks, the Kremlin relays
            via = who.entity.name
            who = self.resolve(ws, inner)
        attribution = "coreference" if who.coref else "explicit"
        if via:
            attribution = "relayed"
        elif self._same_statement(who.entity, frame, who.coref):
            via = self.last.via  # type: ignore
            attribution = "relayed"
        said = Said(who.entity, who.ar, attribution, via, frame.cue_text, who.span, cue_span(ws, frame))
        return self.said(said, para)

    def _same_statement(self, ent: Optional[Entity], frame: Frame, coref: bool) -> bool:
        """A relay carries over to a role reference or a continuing cue (وتابع بوتين) of the same
        speaker, not to a fresh statement."""
        if self.last is None or self.last.entity is not ent or not self.last.via:
            return False
        return coref or (frame.cue is not None and frame.cue.lemma in CONTINUING_LEMMAS)

    def from_source(self, src: "Source", para: int, ws: Words) -> Said:
        who = self.resolve(src.ws, src.mention)
        via = self._via_name(src.via, src.via_ws)
        attribution = "relayed" if via else ("coreference" if who.coref else "explicit")
        span = (ws.starts[src.at], ws.ends[src.at])
        return self.said(Said(who.entity, who.ar, attribution, via, ws.raw[src.at], who.span, span), para)

    def add_source_via(self, said: Said, src: "Source") -> Said:
        """بحسب X after a named speaker: X relayed the statement."""
        if said.entity is None or said.via:
            return said
        if src.via is not None:  # an aside: بحسب ما نقلت وكالة X
            via = self._via_name(src.via, src.via_ws)
            if via:
                said.via, said.attribution = via, "relayed"
            return said
        ent = self.resolve(src.ws, src.mention).entity
        if ent is said.entity:
            return said
        said.via = ent.name
        said.attribution = "relayed"
        return said

    def _via_name(self, m: Optional[Mention], ws: Optional[Words]) -> Optional[str]:
        if m is None or ws is None:
            return None
        if m.entry is not None or m.kind in ("registry", "known", "title", "name"):
            return self.resolve(ws, m).entity.name
        return surface(ws, m.start, m.end) or None

    def go_on(self, cue: Optional[str], para: int, cue_span=None) -> Said:
        """The running speaker goes on (وأضاف، وقال إن، a sentence of the same briefing); the
        speaker is not named in this sentence."""
        if self.last is None or self.last.entity is None:
            return self.narrate()
        said = Said(self.last.entity, self.last.speaker_ar, "continued", self.last.via, cue, None, cue_span)
        return self.said(said, para)

    def inherit(self, prev: Said, para: int, cue: Optional[str] = None, cue_span=None) -> Said:
        """A claim split off the same sentence keeps its speaker (مشيرا إلى أن، وأن، كما أن)."""
        said = Said(prev.entity, prev.speaker_ar, prev.attribution, prev.via, cue or prev.cue,
                    prev.speaker_span, cue_span if cue else prev.cue_span)
        return self.said(said, para)

    def said(self, said: Said, para: int) -> Said:
        if said.entity is None:
            return self.narrate()
        self.last = said
        self.current_para = para
        return said

    def narrate(self) -> Said:
        self.current_para = -1
        return Said(None, None, "narrative", None, None)

    def running(self, para: int) -> bool:
        return self.last is not None and self.last.entity is not None and self.current_para == para

    def section_break(self) -> None:
        self.current_para = -1

    def learn_names(self, ws: Words) -> None:
        """Remember every title + name of the sentence (بحث وزير الخارجية فلان الفلاني مع ...), even
        with no cue, so a later "وأكد الفلاني" resolves. Only the name is learnt: the person does not
        become the most recent speaker."""
        for k in ws.positions(F_TITLE, self.lex):
            if ws.quoted[k] or (k and strip_article(ws.bare[k - 1]) in PERSON_TITLES):
                continue
            m = parse_np(ws, k, ws.n, self.lex, self)
            if m is None or m.kind != "title" or m.name is None or m.known is not None:
                continue
            key = " ".join(ws.norm[m.name[0]:m.name[1]])
            if key not in self.names:
                self._new_person(ws, surface(ws, *m.name), surface(ws, *m.title) if m.title else None,
                                 m.name, m.title or ())

    def person_in(self, ws: Words, start: int, end: int) -> Optional[Resolved]:
        """The last person named in words start..end (تحدثت ... مع الوزير فلان، مبينا ...: the
        minister speaks; ختم فلان حديثه، منوها ...: he speaks)."""
        found = None
        k = start
        while k < end:
            m = None
            if not ws.is_punct(k) and not ws.quoted[k]:
                m = parse_np(ws, k, end, self.lex, self)
                if m is not None and m.kind == "title" and not m.has_name:
                    probe = Frame(k, k, None, None, m)
                    if m.end < end and ws.raw[m.end] in "،,":
                        _apposition(ws, m.end + 1, end, self.lex, self, probe)
            if m is not None and m.has_name and m.kind != "name":
                found = self.resolve(ws, m)
                k = max(m.end, m.name[1] if m.name else m.end)
                continue
            k += 1
        return found

def cue_span(ws: Words, frame: "Frame") -> Optional[tuple[int, int]]:
    """Offsets of the frame's cue word (جاء في: the pair), if the frame has one."""
    if frame.cue_text is None:
        return None
    return ws.starts[frame.cue_at], ws.ends[frame.cue_at]


def _role_words(ws: Words, start: int, end: int) -> frozenset:
    return frozenset(ws.norm[k] for k in range(start, end) if not ws.is_punct(k))


# ---------------------------------------------------------------------------------------------
# Frames: a cue with its subject, relay and the place its content starts


@dataclass
class Frame:
    cut: int  # word where the claim this frame introduces starts
    cue_at: int
    cue: Optional[Cue]
    cue_text: Optional[str]
    subject: Optional[Mention]  # who speaks (for a relay: the one relayed)
    via: Optional[Mention] = None  # relaying agency or reader (a Mention in `via_ws`)
    via_ws: Optional[Words] = None
    content: int = 0  # first word of what is reported
    marker: Optional[int] = None  # the word that opens the content (أن، :، a quote, إلى ...)
    kind: str = "verb"  # verb | svo | relay | participle | according
    bad_subject: bool = False  # a cue whose subject is no speaker (أظهرت الإحصائيات): narration

    def __init__(self, cut: int, cue_at: int, cue: Optional[Cue], cue_text: Optional[str],
                 subject: Optional[Mention], via: Optional[Mention] = None, via_ws: Optional[Words] = None,
                 content: int = 0, marker: Optional[int] = None, kind: str = "verb",
                 bad_subject: bool = False) -> None:
        self.cut, self.cue_at, self.cue, self.cue_text, self.subject = cut, cue_at, cue, cue_text, subject
        self.via, self.via_ws, self.content, self.marker = via, via_ws, content, marker
        self.kind, self.bad_subject = kind, bad_subject


# Small closed sets used inside the frame functions (built here, once).
_REPORT_WORDS: Final = _forms("تقرير بيان")
_TO_ON: Final = _forms("إلى على")
_MA: Final = _forms("ما لما مما")
_QAD: Final = _forms("قد لقد")
_HAYA: Final = _forms("الهيئة")
_BIHI: Final = _forms("به بها عنه عنها")
_ACCORDING_TO: Final = _forms("وفقا طبقا استنادا")
_NIYABA: Final = norm_word("نيابة")
_BISM: Final = norm_word("باسم")
_MIN: Final = norm_word("من")
_AN: Final = norm_word("عن")
_FI: Final = norm_word("في")
_MA_WORD: Final = norm_word("ما")
_SOURCE_WORD: Final = norm_word("المصدر")
_NAQAL: Final = norm_word("نقل")
_BAYN: Final = norm_word("بين")
_BA: Final = "ب"
AFTER_CUE_SKIP: Final = _forms("أيضا كذلك مجددا بدوره بدورها قد")
START_CONNECTORS: Final = _forms(
    "كما بدوره بدورها بدورهم جانبه جانبها جهته جهتها كانت كان قد لقد ثم فقد وقد ولقد وكان وكانت"
)
SVO_OPENERS: Final = _forms("وكان وكانت كان كانت أما وأما")
# Cues that go on with the same statement: a relay in force carries over to them.
CONTINUING_LEMMAS: Final = _forms("تابع أضاف استطرد واصل استدرك")


def find_frames(ws: Words, lex: Lexicon, state: Attributor) -> list[Frame]:
    """Every reporting frame of the sentence in order: verbs (with subject, relay and content
    start), SVO subjects, جاء في X، and circumstantial participles (also misplaced inside quotes)."""
    frames: list[Frame] = []
    skip_to = 0
    for k in ws.positions(F_FRAME, lex):
        if ws.punct[k]:
            continue
        if ws.quoted[k]:
            if _participle_in_quote(ws, k, lex):
                frames.append(Frame(k, k, lex.cue(ws.norm[k]), ws.raw[k], None, content=k + 1, kind="participle"))
            continue
        if k < skip_to:
            continue
        f = _frame_at(ws, k, lex, state, frames)
        if f is None:
            continue
        frames.append(f)
        if f.kind != "participle":
            skip_to = max(f.content, k + 1)
    return frames


def _participle_in_quote(ws: Words, k: int, lex: Lexicon) -> bool:
    """A circumstantial cue inside quote marks that are misplaced (… لافتا إلى أن …”)."""
    if k == 0 or not ws.quoted[k]:
        return False
    cue = lex.cue(ws.norm[k])
    if cue is None or cue.kind != "participle":
        return False
    nxt = ws.norm[k + 1] if k + 1 < ws.n else ""
    nxt2 = ws.norm[k + 2] if k + 2 < ws.n else ""
    return nxt in COMPLEMENTIZERS or (nxt in _TO_ON and nxt2 in COMPLEMENTIZERS)


def _frame_at(ws: Words, k: int, lex: Lexicon, state: Attributor, frames: list[Frame]) -> Optional[Frame]:
    n = ws.norm[k]
    cue = lex.cue(n)
    if cue is None:
        if ws.bare[k] in JAA_FI:
            return _jaa_fi_frame(ws, k, lex, state, frames)
        return None
    if cue.kind == "participle":
        return Frame(k, k, cue, ws.raw[k], None, content=k + 1, kind="participle") if k > 0 else None
    if cue.kind not in ("verb", "relay"):
        return None
    return _verb_frame(ws, k, cue, lex, state, frames)


def _verb_frame(ws: Words, k: int, cue: Cue, lex: Lexicon, state: Attributor, frames: list[Frame]) -> Optional[Frame]:
    if (cue.present and cue.lemma in IMPERSONAL_LEMMAS and k > 0 and k + 1 < ws.n
            and ws.norm[k + 1] in COMPLEMENTIZERS):
        return None  # ...، فيما يتوقع أن ...: "it is expected that", nobody speaks
    prev = _prev_word(ws, k)
    if prev is not None and (ws.norm[prev] in RELATIVES or ws.norm[prev] in _MA):
        return None  # a cue inside a relative clause reports nothing new (الذي قال، ما زعمت)
    svo = _svo_subject(ws, k, lex, state)
    subject: Optional[Mention]
    if svo is not None:
        subject, cut = svo
        after = k + 1
    else:
        subject, after = _vso_subject(ws, k, cue, lex, state)
        cut = k
    if cue.lemma in PHRASE_CUES and not _phrase_follows(ws, after, PHRASE_CUES[cue.lemma]):
        return None
    frame = Frame(cut, k, cue, ws.raw[k], subject, kind="svo" if svo else "verb")
    marker = _find_marker(ws, after, cue, lex, state, frame)
    if cue.lemma in WEAK_CUES and not _weak_cue_ok(ws, k, marker):
        return None
    if cue.lemma in MARKED_CUES and marker is None:
        return None
    if cue.kind == "relay" or cue.lemma == _NAQAL:
        _relay(ws, after, marker, frame, lex, state)
    if subject is None and marker is None and frame.subject is None:
        if not (_non_speaker_subject(ws, after, frames) or _chained_verb(ws, k, cue, frames)):
            return None
    if not _position_ok(ws, k, frame, frames):
        return None
    if marker is not None and frame.subject is not None and not frame.subject.has_name:
        _extend_to_marker(ws, frame.subject, marker, lex)
    frame.marker = marker
    frame.content = (marker + 1) if marker is not None else (frame.subject.end if frame.subject else k + 1)
    if subject is None and frame.subject is None and _non_speaker_subject(ws, after, frames):
        # أظهرت الإحصائيات ...، يظهر الفيديو أن ...: a thing, not a speaker, shows it (narration)
        frame.bad_subject = marker is None or cue.lemma in SHOWING_CUES
    if frame.kind == "verb" and frame.subject is not None and frame.subject.kind == "name" and cue.present:
        return None  # يعتبر/تعد + a bare noun is "is considered", not a speaker
    return frame


def _weak_cue_ok(ws: Words, k: int, marker: Optional[int]) -> bool:
    """بين reports only as وبين/فبين or at the sentence start, with أن after its subject."""
    if marker is None or ws.norm[marker] not in COMPLEMENTIZERS:
        return False
    if ws.norm[marker - 1] in CONTRAST_BEFORE_AN:
        return False  # ... إلا أن: a connector, not the complement
    return k == 0 or (ws.norm[k] != ws.bare[k] and ws.norm[k][:1] in "وف") or ws.norm[k] != _BAYN


def _extend_to_marker(ws: Words, m: Mention, marker: int, lex: Lexicon) -> None:
    """An unnamed body runs on over its genitives up to the first adverbial: المؤسسة الوطنية لنقل
    النفط بليبيا اليوم ..."""
    if m.kind not in ("body", "source", "title"):
        return
    j = m.end
    while j < marker:
        n = ws.norm[j]
        if ws.is_punct(j) or ws.quoted[j] or n in TIME_WORDS or n in ADVERB_OPENERS or n in CLOSED:
            break
        if lex.cue(n) is not None or _outlet_word(ws, j, lex):
            break
        if not (is_definite(n) or (len(n) > 3 and n[0] in "لب")):
            break
        j += 1
    m.end = j


def _non_speaker_subject(ws: Words, j: int, frames: list[Frame]) -> bool:
    """A sentence-opening cue whose subject is no speaker (وأظهرت الإحصائيات ...): narration."""
    if frames or j >= ws.n or ws.is_punct(j):
        return False
    n = ws.norm[j]
    return is_definite(n) and n not in TIME_WORDS


def _chained_verb(ws: Words, k: int, cue: Cue, frames: list[Frame]) -> bool:
    """A past-tense cue of the running speaker with a direct object: وأكد ضرورة ... at the start,
    or ، فيما استعرضت ... / ، وحث ... after a first claim."""
    if cue.present:
        return False
    prefixed = ws.norm[k] != ws.bare[k] and ws.norm[k][:1] in "وف"
    if not frames:
        return all(ws.norm[j] in START_CONNECTORS or ws.is_punct(j) for j in range(k))
    prev = k - 1
    if prefixed and ws.raw[prev] in "،,":
        return True
    return ws.norm[prev] in (FIYMA, KAMA)


def _prev_word(ws: Words, k: int) -> Optional[int]:
    j = k - 1
    while j >= 0 and ws.norm[j] in _QAD:
        j -= 1
    return j if j >= 0 else None


def _phrase_follows(ws: Words, j: int, words: frozenset) -> bool:
    return any(ws.norm[x] in words for x in range(j, min(ws.n, j + 3)))


def _position_ok(ws: Words, k: int, frame: Frame, frames: list[Frame]) -> bool:
    """A cue opens a claim at the start of the sentence or after a clause break, not inside one."""
    if frame.kind == "svo":
        return True
    first = not any(f.kind != "participle" for f in frames)
    prefixed = ws.norm[k] != ws.bare[k] and ws.norm[k][:1] in "وف"
    prev = _prev_word(ws, k)
    prev_n = ws.norm[prev] if prev is not None else ""
    after_break = prev is None or ws.raw[prev] in "،,:؛;" or ws.closes_quote(prev) or prev_n in START_CONNECTORS
    after_break = after_break or prev_n in CONTRAST_CONNECTORS or _after_an_connector(ws, prev)  # type: ignore
    if frame.subject is None:
        return prefixed or after_break or (first and k <= 1)
    return first or prefixed or after_break


def _after_an_connector(ws: Words, prev: int) -> bool:
    """بعد أن / رغم أن / إلا أن right before the cue."""
    return prev >= 1 and ws.norm[prev] in COMPLEMENTIZERS and ws.norm[prev - 1] in CONTRAST_BEFORE_AN


def _svo_subject(ws: Words, k: int, lex: Lexicon, state: Attributor) -> Optional[tuple[Mention, int]]:
    """A subject right before the cue: وكان ناشطون أفادوا، الخبراء يعتبرون، رغم أن التقرير قال."""
    end = _prev_word(ws, k)
    if end is None:
        return None
    end += 1
    for s in range(end - 1, max(-1, end - 9), -1):
        if ws.is_punct(s) or ws.quoted[s]:
            return None
        if not _svo_start_ok(ws, s):
            continue
        m = parse_np(ws, s, end, lex, state, first=True)
        if m is None or m.end != end or m.kind == "name":
            continue
        if _is_person_or_body(m):
            return m, _svo_cut(ws, s)
    return None


def _svo_start_ok(ws: Words, s: int) -> bool:
    if s == 0:
        return True
    p = ws.norm[s - 1]
    if ws.is_punct(s - 1) or p in SVO_OPENERS or p in CONTRAST_CONNECTORS:
        return True
    return p in COMPLEMENTIZERS and s >= 2 and ws.norm[s - 2] in CONTRAST_BEFORE_AN


def _svo_cut(ws: Words, s: int) -> int:
    """Where an SVO claim starts: before its connector (إلا أن، رغم أن، لكن، وكان)."""
    if s >= 2 and ws.norm[s - 1] in COMPLEMENTIZERS and ws.norm[s - 2] in CONTRAST_BEFORE_AN:
        return s - 2
    if s >= 1 and (ws.norm[s - 1] in CONTRAST_CONNECTORS or ws.norm[s - 1] in SVO_OPENERS):
        return s - 1
    return s


def _is_person_or_body(m: Mention) -> bool:
    return m.kind in ("registry", "known", "title", "body", "source")


def _vso_subject(ws: Words, k: int, cue: Cue, lex: Lexicon, state: Attributor) -> tuple[Optional[Mention], int]:
    """The subject after the verb, and where the words after it start."""
    j = k + 1
    while j < ws.n and ws.norm[j] in AFTER_CUE_SKIP:
        j += 1
    q = _quoted_subject(ws, j, lex)
    if q:  # زعمت "جبهة كذا" أن ...: a quoted name right after the cue is who speaks
        return Mention(j + 1, q - 1, "body"), q
    if j >= ws.n or ws.is_punct(j) or ws.quoted[j]:
        return None, j
    m = parse_np(ws, j, ws.n, lex, state)
    if m is None:
        return None, j
    _trim_at_cue_prep(ws, m, cue)
    if m.kind == "name" and not _name_then_marker(ws, m, cue, lex):
        return None, j
    if not _agrees(cue, m, ws):
        return None, m.end  # حث موسكو: a feminine place after a masculine verb is its object
    return m, m.end


def _quoted_subject(ws: Words, j: int, lex: Lexicon) -> int:
    """End (after the closing mark) of a short quoted name at j that the frame goes on after
    (أن، في، a comma, a time word), or 0. A quote with a verb or أن inside is a statement."""
    if j >= ws.n or not ws.opens_quote(j):
        return 0
    for c in range(j + 1, min(ws.n, j + 6)):
        if ws.closes_quote(c):
            break
        n = ws.norm[c]
        if ws.punct[c] or not arabic_word(n) or n in COMPLEMENTIZERS or n in PARTICLES or lex.cue(n):
            return 0
    else:
        return 0
    if c == j + 1 or c + 1 >= ws.n:
        return 0
    nxt = ws.norm[c + 1]
    ok = nxt in COMPLEMENTIZERS or ws.raw[c + 1] in "،," or nxt in TIME_WORDS or nxt in NAME_THEN_ADVERB
    return c + 1 if ok else 0


def _trim_at_cue_prep(ws: Words, m: Mention, cue: Cue) -> None:
    """هدد الاتحاد العام للشغل بالإضراب: a ب- word after the head is the cue's complement when the
    cue takes ب, not part of the subject."""
    if _BA not in CUE_PREP.get(cue.lemma, ()) or m.has_name:
        return
    for k in range(m.start + 1, m.end):
        if ws.norm[k].startswith("ب") and not _prefixed_title(ws.norm[k]):
            if m.kind == "title" and k + 1 == m.end and k + 1 < ws.n and ws.raw[k + 1] in "،,":
                return  # رئيس الاتحاد بالواحة، فلان،: a place ending the title before its holder
            m.end = k
            return


def _name_then_marker(ws: Words, m: Mention, cue: Cue, lex: Lexicon) -> bool:
    """An unknown bare name is a subject only if the frame goes on right after it."""
    j = m.end
    if j >= ws.n:
        return False
    n = ws.norm[j]
    return (n in COMPLEMENTIZERS or ws.raw[j] in ":،," or ws.opens_quote(j) or n in TIME_WORDS
            or n in NAME_THEN_ADVERB or n in CUE_PREP.get(cue.lemma, ()) or _outlet_word(ws, j, lex))


def _agrees(cue: Cue, m: Mention, ws: Words) -> bool:
    if cue.gender not in ("m", "masc", "masculine", "M"):
        return True
    if m.entry is not None and m.entry.place:
        return False
    head = ws.norm[m.start]
    if m.kind in ("body",) and strip_article(head).endswith("ه") and head not in _HAYA:
        return False
    return head not in FEMININE_TITLES


def _find_marker(ws: Words, j: int, cue: Cue, lex: Lexicon, state: Attributor, frame: Frame) -> Optional[int]:
    """Index of what opens the reported content (أن/إن، :، a quote, the cue's preposition),
    skipping adverbials, appositions, a reader (تلاها ...) and an outlet (لوكالة ...)."""
    preps = CUE_PREP.get(cue.lemma, NO_WORDS)
    limit = min(ws.n, j + 30)
    steps = 0
    while j < limit and steps < 12:
        steps += 1
        n = ws.norm[j]
        if ws.raw[j] in ":" or ws.opens_quote(j) or n in COMPLEMENTIZERS:
            return j
        if n in preps:
            r = _reader_ahead(ws, j + 1, limit)
            if r is None:
                return j
            j = _reader(ws, r + 1, limit, lex, state, frame)
            continue
        if "ب" in preps and n.startswith("ب") and len(n) > 3 and j == _first_after_subject(frame, j):
            return j
        if ws.raw[j] in "،,":
            j = _apposition(ws, j + 1, limit, lex, state, frame)
            continue
        if ws.raw[j] == "(":
            j = _skip_gloss(ws, j, limit)
            continue
        if n in TIME_WORDS or n in AFTER_CUE_SKIP:
            j += 1
            continue
        if n in READ_BY and j + 1 < limit:
            j = _reader(ws, j + 1, limit, lex, state, frame)
            continue
        if n in ADVERB_OPENERS or n in RELATIVES or ws.bare[j] in ADVERB_OPENERS:
            j = _skip_adverbial(ws, j + 1, limit, preps, lex, state, frame)
            continue
        if _outlet_word(ws, j, lex):
            j = _outlet_via(ws, j, limit, lex, state, frame)
            continue
        if frame.subject is not None and frame.subject.kind == "title" and not frame.subject.has_name:
            break
        return _after_object(ws, j, limit, preps)
    return None


def _after_object(ws: Words, j: int, limit: int, preps: frozenset[str]) -> Optional[int]:
    """A short direct object before the complement (ووصف الوضع فيها بأنه ...): the marker after it
    (not past a comma, and not the أن of a connector such as إلا أن)."""
    for k in range(j, min(limit, j + 4)):
        if ws.punct[k] and not ws.qmark[k]:
            return None
        n = ws.norm[k]
        if n in CONTRAST_BEFORE_AN or n in CONTRAST_CONNECTORS:
            return None
        if n in COMPLEMENTIZERS or n in preps:
            return k
    return None


def _reader_ahead(ws: Words, j: int, limit: int) -> Optional[int]:
    """A reader (تلاها ...) a few words after a preposition that was then only an adverbial's."""
    for k in range(j, min(limit, j + 6)):
        if ws.is_punct(k) or ws.quoted[k] or ws.norm[k] in COMPLEMENTIZERS:
            return None
        if ws.norm[k] in READ_BY:
            return k
    return None


def _first_after_subject(frame: Frame, j: int) -> int:
    return frame.subject.end if frame.subject is not None else frame.cue_at + 1


def _skip_adverbial(ws: Words, j: int, limit: int, preps: frozenset[str], lex: Lexicon, state: Attributor,
                    frame: Frame) -> int:
    """Skip an adverbial (في كلمته أمام المؤتمر ...) up to what ends it; note a reader or outlet inside."""
    start = j
    while j < limit and j - start < 14:
        n = ws.norm[j]
        if ws.raw[j] in ":،," or ws.opens_quote(j) or n in COMPLEMENTIZERS or n in preps:
            return j
        if n in READ_BY:
            return j
        if _outlet_word(ws, j, lex) and j > start:
            return j
        j += 1
    return j


def _apposition(ws: Words, j: int, limit: int, lex: Lexicon, state: Attributor, frame: Frame) -> int:
    """After a comma: a title's holder (المتحدث باسم ...، تركي المالكي،) completes the subject."""
    m = frame.subject
    if m is None or m.has_name or m.kind != "title" or j >= limit:
        return j
    k = j
    if strip_article(ws.norm[k]) in PERSON_TITLES:
        k += 1
    # a rank with its qualifiers (، العميد الركن فلان،)
    while k < limit and k - j < 4 and (ws.norm[k] in RANK_QUALIFIERS or strip_article(ws.norm[k]) in RANK_WORDS):
        k += 1
    if k >= limit:
        return j
    known = state.known_at(ws, k, limit)
    reg = lex.match(ws, k)
    if known:
        end = k + known[1]
        m.name, m.known = (k, end), known[0]
    elif reg and reg[0].type == "person":
        end = k + reg[1]
        m.name, m.entry = (k, end), reg[0]
    elif k < limit and is_name_word(ws, k, lex):
        end = _name_end(ws, k, limit, lex)
        if not (end < ws.n and (ws.raw[end] in "،,:" or ws.norm[end] in COMPLEMENTIZERS)):
            return j
        m.name = (k, end)
    elif _definite_name(ws, k, limit, lex):
        end = _definite_name(ws, k, limit, lex)
        m.name = (k, end)  # ، المنجي الفلاني،: a given name with the article, held by commas
    else:
        return j
    if m.kind == "registry" and m.entry is not None and m.entry.type != "person":
        m.kind = "title"
    if m.title is None:
        m.title = (m.start, frame.subject.end)  # type: ignore
    if m.kind == "title" and m.entry is None:
        m.kind = "title"
    elif m.entry is not None and m.entry.type == "person":
        m.kind = "registry"
    return end


def _definite_name(ws: Words, k: int, limit: int, lex: Lexicon) -> int:
    """End of a 2-3 word name opening with ال (الطاهر الفلاني) that closes an apposition (a comma or
    أن follows), or 0. Time phrases, titles, bodies and adjectives of place are no names."""
    end = k
    while end < limit and end - k < 3:
        n = ws.norm[end]
        if ws.punct[end] or ws.quoted[end] or not arabic_word(n) or not is_definite(n):
            break
        bare = strip_article(n)
        if (n in CLOSED or n in TIME_WORDS or bare in TIME_WORDS or n in TIME_ADJECTIVES or bare in TITLE_NOUNS
                or n in SOURCE_NOUNS or n in ROLE_COREF or n in ORG_COREF or lex.cue(n) is not None
                or lex.match(ws, end)):
            return 0
        end += 1
    if end - k < 2 or end >= ws.n:
        return 0
    return end if (ws.raw[end] in "،," or ws.norm[end] in COMPLEMENTIZERS) else 0


def _reader(ws: Words, j: int, limit: int, lex: Lexicon, state: Attributor, frame: Frame) -> int:
    """رسالة ... تلاها Y: Y read the speaker's words, Y is the via."""
    if j + 1 < limit and ws.norm[j] == _NIYABA and ws.norm[j + 1] in _BIHI:
        j += 2  # تلاها نيابة عنه Y
    m = parse_np(ws, j, limit, lex, state)
    if m is not None and m.kind in ("registry", "known", "title", "name"):
        frame.via, frame.via_ws = m, ws
        return m.end
    return j


def _outlet_word(ws: Words, j: int, lex: Lexicon) -> bool:
    """لـCNN، لوكالة فرانس برس، لشبكة ...: a statement made to an outlet."""
    n = ws.norm[j]
    if not n.startswith("ل") or len(n) < 3 or ws.quoted[j]:
        return False
    rest = n[2:] if n.startswith("لـ") else n[1:]
    rest = rest.lstrip("ـ")
    if rest in OUTLET_HEADS or strip_article(rest) in OUTLET_HEADS:
        return True
    if rest[:1].isascii() and rest[:1].isalpha():
        return True
    return False


def _outlet_via(ws: Words, j: int, limit: int, lex: Lexicon, state: Attributor, frame: Frame) -> int:
    """The outlet a statement was made to (لوكالة فرانس برس، لشبكة CNN): a via, unless it is the
    document's own outlet. Its name runs to the next punctuation or complementizer."""
    p = _prefix_len(ws.raw[j])
    sub = Words(ws.text[ws.starts[j] - ws.base + p:], ws.starts[j] + p)
    end = 0
    while end < min(sub.n, 6) and sub.norm[end] not in COMPLEMENTIZERS:
        if sub.punct[end] and not sub.qmark[end]:
            break  # a quoted name (لقناة "الأفق") runs on over its marks
        if end and (sub.norm[end] in TIME_WORDS or sub.norm[end] in ADVERB_OPENERS or lex.cue(sub.norm[end])):
            break
        end += 1
    m = parse_np(sub, 0, max(end, 1), lex, state) or Mention(0, max(end, 1), "body")
    if m.entry is None:
        m = Mention(0, max(end, 1), "body", entry=m.entry)
    if not state.is_own_outlet(surface(sub, m.start, m.end)):
        frame.via, frame.via_ws = m, sub
    stop = sub.ends[m.end - 1] if sub.n else ws.ends[j]
    k = j + 1
    while k < limit and ws.starts[k] < stop:
        k += 1
    return k


def _outlet_words(text: str) -> frozenset:
    words = (strip_article(w) for w in re.findall(r"\w+", norm_word(text).casefold()))
    return frozenset(w for w in words if w not in OUTLET_GENERIC and len(w) > 1)


def _prefix_len(raw: str) -> int:
    return 2 if raw.startswith("لـ") else 1


def _relay(ws: Words, after: int, marker: Optional[int], frame: Frame, lex: Lexicon, state: Attributor) -> None:
    """نقلت وكالة X عن Y (قوله) ...: Y speaks, X is the via."""
    stop = marker if marker is not None else min(ws.n, after + 12)
    for j in range(after, stop):
        if ws.norm[j] == _AN and j + 1 < ws.n:
            m = parse_np(ws, j + 1, ws.n, lex, state)
            if m is None:
                return
            if m.kind == "title" and not m.has_name and m.end < ws.n and ws.raw[m.end] in "،,":
                _apposition(ws, m.end + 1, ws.n, lex, state, Frame(j, j, None, None, m))  # عن الوزير، فلان، قوله
            relayer = frame.subject
            frame.subject, frame.kind = m, "relay"
            if relayer is not None and ws.bare[relayer.start] not in DOCUMENT_NOUNS:
                frame.via, frame.via_ws = relayer, ws
            return


def _nested_speaker(ws: Words, frame: Frame, lex: Lexicon, state: Attributor) -> Optional[Mention]:
    """قال الكرملين إن بوتين أبلغ نتنياهو أن ...: the reported content opens with another speaker's
    own reporting frame, so that speaker speaks and the outer one relays."""
    j = frame.content
    if frame.kind not in ("verb", "svo") or j >= ws.n or ws.quoted[j] or j == 0:
        return None
    if ws.norm[j - 1] not in COMPLEMENTIZERS:
        return None
    frames_at = ws.positions(F_FRAME, lex)
    if not frames_at or frames_at[-1] <= j:
        return None  # no cue word after j, so none after the inner speaker's phrase either
    m = parse_np(ws, j, ws.n, lex, state)
    if m is None or not m.has_name or m.end >= ws.n:
        return None
    cue = lex.cue(ws.norm[m.end])
    if cue is None or cue.kind != "verb" or cue.present:
        return None
    inner = Frame(m.end, m.end, cue, ws.raw[m.end], m)
    marker = _find_marker(ws, m.end + 1, cue, lex, state, inner)
    if marker is None:
        # أبلغ X ... أن: the person told comes first
        for k in range(m.end + 1, min(ws.n, m.end + 10)):
            if ws.norm[k] in COMPLEMENTIZERS:
                marker = k
                break
    return m if marker is not None else None


def _jaa_fi_frame(ws: Words, k: int, lex: Lexicon, state: Attributor, frames: list[Frame]) -> Optional[Frame]:
    """جاء في التقرير أن ...: the document named after في speaks."""
    if k + 1 >= ws.n or ws.norm[k + 1] != _FI or (frames and k > 2):
        return None
    m = parse_np(ws, k + 2, ws.n, lex, state)
    if m is None or m.kind not in ("registry", "body", "source", "known"):
        return None
    j = m.end
    while j < ws.n and ws.norm[j] in AFTER_CUE_SKIP:
        j += 1
    if j >= ws.n or ws.norm[j] not in COMPLEMENTIZERS:
        return None
    return Frame(k, k, None, ws.raw[k], m, content=j + 1, kind="verb")


# ---------------------------------------------------------------------------------------------
# Sources named by a preposition: بحسب X، وفقا لـX، حسب ما نقلت وكالة X


@dataclass
class Source:
    at: int
    mention: Mention
    ws: Words  # the words the mention indexes (a sub-view after a glued ل)
    via: Optional[Mention] = None
    via_ws: Optional[Words] = None

    def __init__(self, at: int, mention: Mention, ws: Words, via: Optional[Mention] = None,
                 via_ws: Optional[Words] = None) -> None:
        self.at, self.mention, self.ws, self.via, self.via_ws = at, mention, ws, via, via_ws


def find_sources(ws: Words, lex: Lexicon, state: Attributor) -> list[Source]:
    out = []
    for k in ws.positions(F_SOURCE, lex):
        if ws.quoted[k] or ws.bare[k] not in ACCORDING:
            continue
        src = _source_at(ws, k, lex, state)
        if src is not None:
            out.append(src)
    return out


def _source_at(ws: Words, k: int, lex: Lexicon, state: Attributor) -> Optional[Source]:
    j = k + 1
    if j >= ws.n:
        return None
    if ws.norm[j] in ACCORDING_LINK:
        j += 1
    relayed = False
    if j < ws.n and ws.norm[j] == _MA_WORD:
        j += 1
        if j < ws.n and (ws.norm[j] in RELAY_VERBS_AFTER_MA or ws.bare[j] in RELAY_VERBS_AFTER_MA):
            j += 1
            relayed = True
            if j < ws.n and ws.norm[j] in _BIHI:
                j += 1
    if j >= ws.n:
        return None
    if _issued_by_pronoun(ws, j):
        # بحسب بيان صدر عنه: the statement is the main clause subject's own
        main = _main_subject(ws, k, lex, state)
        return Source(k, main, ws) if main is not None else None
    sub, i = ws, j
    n = ws.norm[j]
    if n.startswith("ل") and len(n) > 3 and ws.norm[j - 1] in _ACCORDING_TO:
        p = _prefix_len(ws.raw[j])
        sub, i = Words(ws.text[ws.starts[j] - ws.base + p:], ws.starts[j] + p), 0
    m = parse_np(sub, i, sub.n, lex, state)
    if m is None or m.kind == "name" and not _ends_clause(sub, m.end):
        return None
    m.end = _extend_to_clause_end(sub, m, lex)
    src = Source(k, m, sub)
    if relayed and k > 0 and ws.raw[k - 1] in "،,":
        # X فعل كذا، بحسب ما نقلت وكالة Y، ...: an aside; the main clause's subject speaks, Y relays
        main = _main_subject(ws, k, lex, state)
        if main is not None:
            return Source(k, main, ws, via=m, via_ws=sub)
    end = m.end
    if end < sub.n and _outlet_word(sub, end, lex):
        f = Frame(0, 0, None, None, m)
        _outlet_via(sub, end, sub.n, lex, state, f)
        src.via, src.via_ws = f.via, f.via_ws
    return src


_ISSUED_PRONOUN: Final = _forms("عنه عنها عنهم عنهما")


def _issued_by_pronoun(ws: Words, j: int) -> bool:
    """بيان صدر عنه / البيان الصادر عنها: a document issued by 'him/her/them'."""
    return (j + 2 < ws.n and ws.bare[j] in DOCUMENT_NOUNS and ws.norm[j + 1] in ISSUED_BY
            and ws.norm[j + 2] in _ISSUED_PRONOUN)


_MAIN_SUBJECT_KINDS: Final = ("registry", "known", "title", "body", "source")


def _main_subject(ws: Words, k: int, lex: Lexicon, state: Attributor) -> Optional[Mention]:
    """The subject of the clause before word k: right at its start (SVO) or after its first word,
    the verb (VSO: أبقى البنك المركزي ...، كما اتفق الجانبان ...)."""
    i = 0
    while i < k and (ws.norm[i] in START_CONNECTORS or ws.is_punct(i)):
        i += 1
    for s in (i, i + 1):
        if s >= k:
            return None
        m = parse_np(ws, s, k, lex, state, first=True)
        if m is not None and m.kind in _MAIN_SUBJECT_KINDS and m.end <= k:
            if m.kind == "source" and ws.bare[m.start] in DOCUMENT_NOUNS:
                return None
            return m
    return None


def _ends_clause(ws: Words, j: int) -> bool:
    return j >= ws.n or ws.is_punct(j)


def _extend_to_clause_end(ws: Words, m: Mention, lex: Lexicon) -> int:
    """A trailing source runs to the clause end: وفق تقارير سابقة للصحة العالمية."""
    if m.kind not in ("source", "body") or m.has_name:
        return m.end
    j = m.end
    while j < ws.n and j - m.start < 8 and not ws.is_punct(j) and not ws.quoted[j]:
        n = ws.norm[j]
        if n in COMPLEMENTIZERS or n in RELATIVES or n in PARTICLES or lex.cue(n):
            return m.end
        j += 1
    return j if _ends_clause(ws, j) else m.end
