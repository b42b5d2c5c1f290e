"""Stage 6, figures: every quantity in a span of text, with value, qualifier, kind and counted noun.

`find_figures(text, start, end, doc_date=..., units=...)` scans `text[start:end]` and returns
FigureMention rows whose offsets point into `text`. The scan works on the matching form of the
text (pipeline.numbers.normalize) and maps spans back, so `text[m.start:m.end] == m.text`.

Rules, in the order they are tried at each token: dates (day/month/year, both month-name series,
Hijri), years, numbers (digits or words, scales, compounds) with their percent sign, currency or
counted noun, vague amounts (عشرات، مئات، عدة آلاف), fractions (نصف قواتها), indefinite duals
(أسبوعين = 2 weeks), a countable noun followed by واحد, definite numerals after a plural noun
(القادة الثلاثة), ordinals after an event or time noun (المؤتمر السادس) and before a superlative
(ثاني أكبر مدن). Then ranges are joined (بين 20 و30 ألفا), and numbers with no noun either take
the noun their sentence gives them (71 منها, و35 في الطريق, عدد المقذوفات ... 66 ألفا) or are
dropped: a bare number is more often a name (مينسك 2) than a quantity.
"""
from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Iterable, Optional

from pipeline.bisection import lower_bound
from pipeline.numbers import (
    ARTICLE_CLITICS, CLITICS, FRACTIONS, GREGORIAN_MONTHS, HIJRI_MONTHS, HUNDREDS, ORDINALS, SCALES, SOME,
    TEEN_HEADS, TENS, UNITS, VAGUE, WEAK_MONTHS, NormText, Quantity, Tok, digit_first, gregorian_to_hijri,
    hijri_to_gregorian, iso, norm, ordinal_value, parse_quantity, parse_vague, strip_clitic, tokenize, valid_date,
)
from pipeline.units import Unit, UnitLexicon, UnitMatch, default_units, strip_article
from schemas.rows import FigureMention

log = logging.getLogger(__name__)
_MENTION: Final = FigureMention.__pydantic_validator__.validate_python


def _n(words: Iterable[str]) -> frozenset[str]:
    return frozenset(norm(w) for w in words)


def _phr(*phrases: str) -> list[tuple[str, ...]]:
    return [tuple(norm(p).split()) for p in phrases]


# ---- qualifiers ----------------------------------------------------------------------------
# Phrases standing right before the number. The first word may carry a clitic (بنحو، لأكثر من)
# unless the phrase says otherwise: ليصل إلى is "reaching" (a result), يصل إلى is "up to".
_QUAL_BEFORE: list[tuple[tuple[str, ...], str, bool]] = []
for _q, _ps, _clit in [
    ("approx", ["نحو", "حوالي", "حوالى", "قرابة", "زهاء", "ما يقارب", "يقارب", "تقارب", "ما يقرب من",
                "يقرب من", "ما يناهز", "يناهز", "تناهز", "ما يقدر ب", "يقدر ب", "تقدر ب", "في حدود",
                "تقريبا"], True),
    ("more_than", ["أكثر من", "ما يزيد على", "ما يزيد عن", "يزيد على", "يزيد عن", "تزيد على", "تزيد عن",
                   "ما يربو على", "ما يربو عن", "يربو على", "يربو عن", "أزيد من", "ما يفوق", "يفوق", "تفوق",
                   "يتجاوز", "تتجاوز", "تجاوز", "تجاوزت", "ما يتجاوز", "تخطى", "تخطت", "يتخطى", "يتخطى",
                   "ما يتخطى", "فاق", "فاقت"], True),
    ("less_than", ["أقل من", "ما يقل عن", "يقل عن", "تقل عن"], True),
    ("at_least", ["على الأقل", "ما لا يقل عن", "لا يقل عن", "لا تقل عن", "ما لا تقل عن"], True),
    ("at_most", ["حتى", "ما يصل إلى", "ما لا يزيد على", "ما لا يزيد عن", "لا يزيد على", "لا يزيد عن",
                 "لا تزيد على", "لا تزيد عن", "لا يتجاوز", "لا تتجاوز", "ما لا يتجاوز", "لم يتجاوز",
                 "لم تتجاوز", "على الأكثر"], True),
    ("at_most", ["يصل إلى", "تصل إلى", "قد يصل إلى", "قد تصل إلى"], False),
    ("less_than", ["دون", "ما دون"], False),  # بدون is "without": no clitic
]:
    for _p in _phr(*_ps):
        _QUAL_BEFORE.append((_p, _q, _clit))
_QUAL_BEFORE.sort(key=lambda e: -len(e[0]))
# Indexed by the phrase's last word (and that word with a clitic, for one-word phrases: بنحو).
_QUAL_BY_LAST: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
for _e in _QUAL_BEFORE:
    _QUAL_BY_LAST.setdefault(_e[0][-1], []).append(_e)
    if len(_e[0]) == 1 and _e[2]:
        for _c in ("و", "ب", "ل", "ف", "وب", "ول", "فب", "ك", "لل"):
            _QUAL_BY_LAST.setdefault(_c + _e[0][-1], []).append(_e)
_QUAL_AFTER_LIST = [(p, q) for q, ps in [
    ("approx", ["تقريبا"]),
    ("at_least", ["على الأقل", "أو أكثر", "فأكثر", "وأكثر", "أو يزيد"]),
    ("at_most", ["على الأكثر", "أو أقل", "فأقل", "كحد أقصى"]),
    ("at_least", ["كحد أدنى"]),
] for p in _phr(*ps)]
_QUAL_AFTER: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _p, _q in _QUAL_AFTER_LIST:
    _QUAL_AFTER.setdefault(_p[0], []).append((_p, _q))
_EXCEED = _n(["تجاوز", "تجاوزت", "يتجاوز", "تتجاوز", "تخطى", "تخطت", "يتخطى", "تتخطى", "فاق", "فاقت", "يفوق", "تفوق"])
_EXCEED_ANY = _EXCEED | frozenset(c + w for c in "وف" for w in _EXCEED)
_NEGATION = _n(["لا", "لم", "لن", "ما"])
_CLAUSE_END = frozenset(".!?؟؛:")
_CLAUSE_STOP = _CLAUSE_END | {"،", ","}

# ---- context words -------------------------------------------------------------------------
_PERCENT_ONE = _n(["بالمئة", "بالمائة", "بالمية", "%", "المئة", "المائة"])
_FI = norm("في")  # في المئة
_QUOTES = frozenset("\"'“”„‟«»‘’`()[]")
_PARTITIVE = norm("من")
_OUT_OF = _phr("من أصل", "من بين", "من مجموع", "من إجمالي")
_OF_THEM = _n(["منها", "منهم", "منهن", "منهما"])
_OTHERS = _n(["آخرين", "آخرون", "أخرى", "آخر", "اخرين", "أخريات"])
_SENTENCE_END = frozenset(".!?؟؛")
_CASUALTY_VERBS = frozenset(c + w for c in ("", "و", "ف") for w in _n([
    "قتل", "توفي", "أصيب", "جرح", "اعتقل", "أسر", "نزح", "فر", "اختطف", "أعدم", "استشهد", "لقي", "هلك", "أوقف",
    "قضى", "غرق", "فقد", "اعتقلت", "أصابت", "قتلت"]))
_VERSUS = _n(["مقابل", "ومقابل", "بمقابل", "مقارنة", "ومقارنة"])
_COUNT_HEADS = _n(["عدد", "لعدد", "بعدد", "وعدد", "أعداد", "إجمالي", "مجموع", "حصيلة"])
_POPULATION = _n(["تعداد", "سكان", "نسمة"])
_YEAR_WORDS = _n(["عام", "العام", "سنة", "السنة", "لعام", "لسنة", "بعام", "بسنة", "وعام", "وسنة", "عامي", "سنتي",
                  "للعام", "للسنة", "والعام", "والسنة", "بالعام"])
_GREG_MARK = norm("م")
_HIJRI_MARK = _n(["ه", "هـ", "هجري", "هجرية", "للهجرة"])
_DATE_MODIFIERS = _n(["موفى", "نهاية", "أواخر", "أوائل", "مطلع", "منتصف", "بداية", "أواسط", "آخر", "غرة",
                      "مستهل", "خواتيم", "أول", "ختام"])
_MONTH_WORD = _n(["شهر", "لشهر", "بشهر", "وشهر", "الشهر", "شهري", "لشهري", "بشهري"])  # شهري: dual construct
_REL_MONTH = {**{w: 0 for w in _n(["الجاري", "الحالي"])},
              **{w: -1 for w in _n(["الماضي", "المنصرم", "الفائت", "المنقضي", "الفارط", "السابق"])},
              **{w: 1 for w in _n(["المقبل", "القادم"])}}
_REL_YEAR = {**{w: 0 for w in _n(["الجاري", "الحالي", "الحالية", "الجارية"])},
             **{w: -1 for w in _n(["الماضي", "الماضية", "المنصرم", "المنصرمة", "الفائت", "الفائتة", "المنقضي",
                                    "المنقضية", "الفارط", "الفارطة", "السابق", "السابقة"])},
             **{w: 1 for w in _n(["المقبل", "المقبلة", "القادم", "القادمة"])}}
_YEAR_NOUNS = _n(["العام", "السنة", "عام", "سنة"])
_SAME_MONTH = _phr("نفس الشهر", "الشهر نفسه", "ذات الشهر", "الشهر ذاته", "الشهر الجاري", "الشهر الحالي",
                   "الشهر ذاتها")
_PREV_MONTH = _phr("الشهر الماضي", "الشهر المنصرم", "الشهر الفائت", "الشهر المنقضي", "الشهر الفارط")
_NEXT_MONTH = _phr("الشهر المقبل", "الشهر القادم")
_MONTH_FIRST_WORDS = _n(["تشرين", "كانون", "ربيع", "جمادى", "جمادي"])
# Identifiers: a number after these words names something (القرار 2254، رقم 2216، اللواء 93).
_ID_WORDS = _n(["رقم", "برقم", "الرقم", "القرار", "قرار", "بالقرار", "للقرار", "المادة", "مادة", "البند", "بند",
                "الفقرة", "الفصل", "القانون", "قانون", "المرسوم", "مرسوم", "الرحلة", "رحلة", "اللواء", "الفرقة",
                "الكتيبة", "الفوج", "الطابق", "الصفحة", "صفحة", "الغرفة", "الطراز", "طراز", "موديل", "النسخة",
                "الإصدار", "الكيلو", "الرمز", "كود", "الهاتف", "هاتف", "الطريق", "طريق", "الحافلة", "المخرج",
                "البوابة", "الجناح", "مبنى", "المبنى", "العنبر", "الزنزانة", "الدائرة", "المربع", "الكود",
                "القاعدة", "الحديث", "الآية", "السورة", "الملف", "التعميم", "القرارين", "القرارات",
                "المادتين", "الاتفاقية", "المعاهدة", "بروتوكول", "البروتوكول", "كأس", "فئة", "الفئة"])
_ID_BRIDGE = _n(["مجلس", "الأمن", "الدولي", "الأممي", "الأمم", "المتحدة", "رقم"])
_NAMED_GROUP_HEADS = _n(["مجموعة", "ومجموعة", "لمجموعة", "بمجموعة", "قمة", "دول", "نادي", "صيغة"])
_NAMED_PROCESSES = _n(["مينسك", "جنيف", "أستانا", "أستانة", "سوتشي", "فيينا", "أوسلو", "دايتون", "الطائف",
                       "كامب", "أبوجا", "الصخيرات", "برلين", "باريس", "لوزان", "كوفيد", "كورونا", "إتش",
                       "فيروس", "بوينغ", "بوينج", "ايرباص", "إيرباص", "جي", "سوخوي", "ميراج", "توبوليف",
                       "يوروفايتر", "طراز", "سي", "ميغ", "ميج", "إف", "اف", "إس", "اس", "سو", "تي", "إيل", "ايل",
                       "بي", "كا", "مي", "إم", "ام", "تو", "ياك", "يو", "كيه", "آر", "ار", "بانتسير", "إسكندر",
                       "اسكندر", "كاليبر", "تور", "بوك", "ستينغر", "هيمارس", "أباتشي", "ريبر", "بريداتور",
                       "قاهر", "فاتح", "زلزال", "شهاب", "سجيل", "قدر", "خرداد", "صياد", "بدر", "بركان", "قاصف",
                       "صماد", "مرصاد", "شاهد", "مهاجر", "أبابيل", "عماد", "خيبر"])
_DIGIT_GLUE_OK = _n(["و", "ب", "ل", "ك", "ف", "من", "في", "ال", "وب", "ول", "وال", "بال", "لل", "نحو", "حوالي",
                     "عام", "سنة", "الى", "إلى", "حتى", "عن", "على", "مع", "منذ", "بنحو", "وفي", "ومن", "فى"])
_CLOCK = _n(["الساعة", "الساعه", "ساعة", "بالساعة", "للساعة"])
_STOP = _n([
    "في", "من", "على", "الى", "إلى", "عن", "مع", "و", "او", "أو", "ثم", "التي", "الذي", "الذين", "اللذين", "اللتين",
    "هذا", "هذه", "ذلك", "تلك", "هؤلاء", "كما", "بعد", "قبل", "خلال", "منذ", "حتى", "لكن", "بل", "أن", "إن",
    "ان", "قد", "لقد", "لم", "لن", "لا", "ما", "هو", "هي", "هم", "هما", "كان", "كانت", "يكون", "تكون", "حيث",
    "بين", "عند", "لدى", "نحو", "حول", "ضد", "عبر", "دون", "غير", "سوى", "أي", "كل", "بعض", "جميع", "كافة",
    "عدد", "أكثر", "أقل", "فقط", "تقريبا", "يوميا", "سنويا", "شهريا", "أسبوعيا", "صباحا", "صباح", "مساء",
    "مساءً", "ظهرا", "ليلا", "فجرا", "أيضا", "مقابل", "وفق", "وفقا", "بحسب", "حسب", "منها", "منهم", "منهن",
    "فيها", "فيه", "عليها", "عليه", "إضافة", "بالإضافة", "أمام", "وراء", "لدي", "إذ", "إذا", "لو", "كي",
    "تم", "يتم", "وقد", "فقد", "وكان", "وهو", "وهي", "وهم", "آخر", "آخرين", "أخرى", "اخرى", "فيما", "بينما",
    "نفسه", "ذاته", "لها", "له", "لهم", "بها", "به", "بهم", "إلا", "الا", "مما", "عما", "كذلك", "حوالي",
    "تلك", "عليهم", "اليوم", "أمس", "غدا", "الآن", "جراء", "بسبب", "نتيجة", "ضمن", "لصالح", "لحساب",
    "بالمئة", "بالمائة", "مليون", "مليار", "ألف", "الف", "وذلك", "وهذا", "وهذه", "أما", "إما", "بأن", "لأن",
    "هناك", "هنا", "ثمة", "لكل", "وكل", "فقط", "ونحو", "وحوالي", "مرة", "وأكثر", "وأقل", "عام", "سنة",
])
_SUPERLATIVES = _n(["أكبر", "أكثر", "أهم", "أعلى", "أطول", "أقوى", "أغنى", "أفقر", "أخطر", "أسوأ", "أفضل", "أبرز",
                    "أقدم", "أضخم", "أوسع", "أصغر", "أكثف", "أشد", "أسرع", "أعمق", "أقرب", "أبعد", "أدنى"])
_IDIOM_ORD_BEFORE = _n(["الساعة", "للساعة", "بالساعة", "ساعة", "أمس", "النائب", "نائب", "الدرجة", "بالدرجة",
                        "المقام", "بالمقام", "الوهلة", "للوهلة",
                        "الصف", "الخط", "الحرب", "السكرتير", "الأمين", "المساعد", "الوكيل", "الطراز",
                        "الملازم", "الرقيب", "العريف", "المستوى", "بالمرتبة", "المرتبة", "المركز"])
_VAHID = _n(["واحد", "واحدة", "واحدا"])
# ordinals that go before an indefinite noun (أول زيارة); feminine ثانية is also "a second"
_ORD_BEFORE_NOUN = _n(["أول", "ثاني", "ثالث", "رابع", "خامس", "سادس", "سابع", "ثامن", "تاسع", "عاشر"])
_VAHID_IDIOMS = _phr("آن", "وقت", "بصوت", "صوت", "يد", "صف", "جسد", "قلب", "رجل", "جانب", "طرف", "اتجاه",
                     "نفس", "مكان", "بآن", "بوقت", "لون", "هدف", "رأي", "موقف", "صعيد")
_VAHID_IDIOM_WORDS = frozenset(p[0] for p in _VAHID_IDIOMS)
_DEF_CARDINALS: dict[str, int] = {}
for _w, _v in UNITS.items():
    if 3 <= _v <= 10:
        for _a in ("ال", "وال", "بال", "لل"):
            _DEF_CARDINALS[_a + _w] = int(_v)
for _w, _v in TENS.items():
    _DEF_CARDINALS["ال" + _w] = int(_v)
_CHANGE_STEMS = tuple(norm(x) for x in ["ارتفع", "ارتفاع", "تراجع", "انخفض", "انخفاض", "زاد", "زياد", "قفز", "هبط",
                                        "تقلص", "صعد", "رفع", "خفض", "تضاعف", "يرتفع", "ترتفع", "ينخفض", "تنخفض",
                                        "يتراجع", "تتراجع", "تقليص", "زيادة", "ارتفعت", "انخفضت", "تراجعت",
                                        "نما", "نمو", "تحول", "انتقل", "قلص"])
_RANGE_TO = _n(["الى", "إلى", "حتى", "-", "–", "—", "ولغاية", "لغاية"])
_BETWEEN = _n(["بين", "وبين", "ما"])
_DEATH_WORDS = _n(["وفاة", "وفيات", "الوفيات", "الوفاة", "وفاه", "قتلى", "القتلى", "مقتل", "الموتى", "ضحايا",
                   "الضحايا", "حصيلة", "وفاتها"])
_CASES = _n(["حالة", "حالات"])
_FIRST = norm("أول")
_HUNDRED_DEF = _n(["المئة", "المائة"])
_STATES = norm("دول")
_SPAN_ENDS = _n(["الأولى", "الأول", "الأخيرة", "الأخير", "الماضية", "الماضي", "المقبلة", "القادمة"])
_BAYN = norm("بين")
_MISSING = object()
# every word after which identifier_before has anything to check (a quick no for the rest)
_ID_BEFORE_ANY = frozenset(c + w for c in ("", "و", "ف", "ب", "ل", "ك")
                           for w in _ID_WORDS | _NAMED_PROCESSES | _CLOCK | _ID_BRIDGE) | {"-", "–"}
_EN_ORDINAL = frozenset({"st", "nd", "rd", "th"})
_CURRENCY_SIGNS = {"$": "dollars", "€": "euros", "£": "pounds sterling"}
_PREP_ARTICLE = tuple(norm(x) for x in ("لل", "بال", "وال", "فال", "كال"))
_FROM = _n(["من", "ومن"])

# Spans that hold no quantity: each pattern runs only when its telltale character is present.
_URL_RE = re.compile(r"(?:https?://|www\.)\S+")
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|@\w+")
_TAG_RE = re.compile(r"#[^\s#]+")
_CLOCK_RE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_PHONE_RE = re.compile(r"(?:\+|\b00)\d[\d \-]{6,}\d")
_LATIN_ID_RE = re.compile(r"\b[a-z]{1,5} ?-? ?\d+[a-z]?\b")  # F-16, S-300, MH17, G20
_HYPHEN_ID_RE = re.compile(r"-\d+")  # اس-300، اس -300، كوفيد-19 (checked for a word before)
_ARABIC_LETTER_RE = re.compile(r"[\u0621-\u064A]")  # a word that starts with an Arabic letter

# Rule families a token can start (bit flags); R_DIGIT marks digit tokens. _R_EXCEED is not a
# rule: a verb of exceeding (never an anchor, see qualifier_before), looked up with the rules.
R_DIGIT, R_NUM, R_DATE, R_YEAR, R_VAGUE, R_FRAC, R_DEFNUM, R_ORD, R_VAHID, R_DUAL, _R_EXCEED = (1 << b for b in range(11))
_STATIC_TRIGGERS: dict[str, int] = {}


def _trigger(words: Iterable[str], flag: int) -> None:
    for w in words:
        _STATIC_TRIGGERS[w] = _STATIC_TRIGGERS.get(w, 0) | flag


for _tab in (UNITS, TENS, HUNDREDS, TEEN_HEADS, SCALES):
    _trigger((c + w for c in CLITICS for w in _tab), R_NUM)
_trigger((c + w for c in CLITICS for w in FRACTIONS), R_NUM | R_FRAC)
_trigger((c + w for c in ("",) + ARTICLE_CLITICS + CLITICS[1:] for w in VAGUE), R_VAGUE)
_trigger((c + w for c in ("", "و", "ب") for w in SOME), R_VAGUE)
_trigger((c + w for c in ("", "و", "ب", "ل", "ك", "وب", "ول", "ف") for w in ORDINALS), R_ORD | R_DATE)
_trigger(_DEF_CARDINALS, R_DEFNUM)
_trigger(("ال", "وال", "بال", "لل"), R_DEFNUM)
_trigger(_VAHID, R_VAHID)
_trigger(_YEAR_WORDS, R_YEAR)
_trigger((c + w for c in ("", "و", "ب", "في") for w in _DATE_MODIFIERS), R_DATE)
_trigger(_MONTH_WORD, R_DATE)
_trigger((k[0] for k in list(GREGORIAN_MONTHS) + list(HIJRI_MONTHS)), R_DATE)
_MONTH_STARTS = frozenset(k[0] for k in list(GREGORIAN_MONTHS) + list(HIJRI_MONTHS))
_trigger(("و" + k[0] for k in GREGORIAN_MONTHS), R_DATE)  # وفيفري: the second of two months
_TRIGGER_CACHE: dict[int, tuple[UnitLexicon, dict[str, int], frozenset[str], dict[str, int]]] = {}
_DUAL_CLITICS = ("", "ب", "ل", "و", "ف", "وب", "ول", "ك")
_DUAL_ARTICLES = ("وبال", "ال", "وال", "بال", "لل", "فال")  # longest that can start a word first
_DUAL_SPAN_ADJ = frozenset(norm("ال" + stem + end) for stem in ("ماضي", "أخير", "مقبل", "قادم", "أول", "منصرم",
                                                              "فائت", "سابق", "تالي", "لاحق")
                           for end in ("ين", "ان", "تين", "تان"))


def _triggers(units: UnitLexicon) -> tuple[dict[str, int], frozenset[str], dict[str, int]]:
    """The static trigger words plus this lexicon's duals, built once per lexicon: the table of
    rule flags, its words, and the flags a token is looked up in (the table, with the verbs of
    exceeding mapped to _R_EXCEED over any rule flags, so each token is looked up once)."""
    hit = _TRIGGER_CACHE.get(id(units))
    if hit is not None and hit[0] is units:
        return hit[1], hit[2], hit[3]
    table = dict(_STATIC_TRIGGERS)
    for form in units.dual_forms():
        for c in _DUAL_CLITICS + _DUAL_ARTICLES:
            table[c + form] = table.get(c + form, 0) | R_DUAL
    for w in _COUNT_HEADS:  # anchors with no rule: they widen the window so عدد الوفيات ... 38 حالة is read
        table.setdefault(w, 0)
    words = frozenset(table)
    flags = dict(table)
    for w in _EXCEED_ANY:
        flags[w] = _R_EXCEED
    if len(_TRIGGER_CACHE) > 32:
        _TRIGGER_CACHE.clear()
    _TRIGGER_CACHE[id(units)] = (units, table, words, flags)
    return table, words, flags


@dataclass(slots=True)
class _Cand:
    kind: str
    i: int  # first token
    j: int  # end token (exclusive)
    s: int  # matching-form span
    e: int
    value: Optional[float] = None
    value_max: Optional[float] = None
    date: Optional[str] = None
    calendar: Optional[str] = None
    qualifier: str = "exact"
    unit: Optional[str] = None
    unit_en: Optional[str] = None
    unit_obj: Optional[Unit] = None
    q: Optional[Quantity] = None
    num_j: int = 0  # token after the number itself
    bare: bool = False  # a number with no noun, percent or scale
    max_scale: float = 1.0
    month: Optional[tuple[int, int]] = None  # (year, month) of a date, for "من نفس الشهر"
    drop: bool = False

    # spelled out: mypyc then builds a candidate with a direct call, not the interpreted
    # __init__ that dataclasses generates
    def __init__(self, kind: str, i: int, j: int, s: int, e: int, value: Optional[float] = None,
                 value_max: Optional[float] = None, date: Optional[str] = None, calendar: Optional[str] = None,
                 unit: Optional[str] = None, unit_en: Optional[str] = None, unit_obj: Optional[Unit] = None,
                 q: Optional[Quantity] = None, num_j: int = 0) -> None:
        self.kind, self.i, self.j, self.s, self.e = kind, i, j, s, e
        self.value, self.value_max, self.date, self.calendar = value, value_max, date, calendar
        self.qualifier = "exact"
        self.unit, self.unit_en, self.unit_obj, self.q, self.num_j = unit, unit_en, unit_obj, q, num_j
        self.bare = False
        self.max_scale = 1.0
        self.month = None
        self.drop = False


class _Scan:
    def __init__(self, raw: str, nt: NormText, hi: int, toks: list[Tok], units: UnitLexicon,
                 doc: Optional[tuple[int, int, int]], blocked: set[int]):
        self.raw = raw  # the text nt was made from; token offsets are into nt.ntext
        self.nt = nt
        self.hi = hi  # marks of nt before the window's end (see NormText.to_orig)
        self.toks = toks
        self.n = len(toks)
        self.units = units
        self.doc = doc
        self.blocked = blocked
        self.cands: list[_Cand] = []
        self.covered = [False] * len(toks)
        self._matches: dict[int, Optional[UnitMatch]] = {}
        self.exceeds: set[int] = set()  # tokens that are verbs of exceeding (تجاوزت), set by _find

    # ---- helpers ---------------------------------------------------------------------------
    def w(self, k: int) -> str:
        return self.toks[k].text if 0 <= k < self.n else ""

    def is_digits(self, k: int) -> bool:
        return 0 <= k < self.n and digit_first(self.toks[k].text)

    def skip_quotes(self, k: int) -> int:
        while k < self.n and self.toks[k].text in _QUOTES:
            k += 1
        return k

    def back_quotes(self, k: int) -> int:
        while k >= 0 and self.toks[k].text in _QUOTES:
            k -= 1
        return k

    def phrase_at(self, k: int, phrase: tuple[str, ...]) -> bool:
        if k < 0 or k + len(phrase) > self.n:
            return False
        return all(self.toks[k + m].text == p for m, p in enumerate(phrase))

    def free(self, i: int, j: int) -> bool:
        covered = self.covered
        for k in range(i, min(j, len(covered))):  # i, j: token indices (never negative)
            if covered[k]:
                return False
        return True

    def add(self, c: _Cand) -> _Cand:
        self.cands.append(c)
        for k in range(c.i, c.j):
            self.covered[k] = True
        return c

    def span(self, i: int, j: int, skip: int = 0) -> tuple[int, int]:
        return self.toks[i].start + skip, self.toks[j - 1].end

    def cand(self, kind: str, i: int, j: int, skip: int, value: float, num_j: int,
             q: Optional[Quantity] = None) -> _Cand:
        """A candidate over tokens i..j-1 (span as `span(i, j, skip)`), built by a direct call."""
        return _Cand(kind, i, j, self.toks[i].start + skip, self.toks[j - 1].end, value=value, q=q, num_j=num_j)

    # ---- qualifiers --------------------------------------------------------------------------
    def qualifier_before(self, i: int) -> str:
        k = self.back_quotes(i - 1)
        if k < 0:
            return "exact"
        for phrase, q, clitic_ok in _QUAL_BY_LAST.get(self.toks[k].text, ()):
            m = len(phrase)
            st = k - m + 1
            if st < 0:
                continue
            ok = True
            for idx in range(m):
                tok = self.toks[st + idx].text
                p = phrase[idx]
                if tok == p:
                    continue
                # the first word may carry a clitic: بنحو، لأكثر من، وأكثر من
                if idx == 0 and clitic_ok and len(tok) > len(p) and tok.endswith(p) and tok[: len(tok) - len(p)] in (
                        "و", "ب", "ل", "ف", "وب", "ول", "فب", "ك", "لل"):
                    continue
                ok = False
                break
            if ok:
                return q
        # a verb of exceeding a few words back in the same clause: تجاوزت الحالات ... مليون حالة
        if not self.exceeds:
            return "exact"
        toks = self.toks
        for b in range(i - 1, max(-1, i - 8), -1):
            tok = toks[b].text
            if b in self.exceeds:
                return "at_most" if b > 0 and toks[b - 1].text in _NEGATION else "more_than"
            if tok in _CLAUSE_STOP or digit_first(tok):
                break
        return "exact"

    def qualifier_after(self, k: int) -> Optional[tuple[str, int]]:
        k2 = self.skip_quotes(k)
        for phrase, q in _QUAL_AFTER.get(self.w(k2), ()):
            if self.phrase_at(k2, phrase):
                end = k2 + len(phrase)
                # 27 جسرا وأكثر من 900 كيلومتر: "more than" opens the next figure, not "or more"
                if self.w(end) == _PARTITIVE and self.starts_number(end + 1):
                    return None
                return q, end
        return None

    def starts_number(self, k: int) -> bool:
        w = self.w(k)
        return bool(w) and (digit_first(w) or w in UNITS or w in TENS or w in HUNDREDS or w in SCALES
                            or w in VAGUE or w in TEEN_HEADS)

    # ---- identifiers -------------------------------------------------------------------------
    def identifier_before(self, i: int) -> bool:
        k = self.back_quotes(i - 1)
        if k < 0:
            return False
        tok = self.toks[k]
        if tok.text not in _ID_BEFORE_ANY:
            return False
        base = tok.text[1:] if tok.text[:1] in "وفبلك" and len(tok.text) > 3 else tok.text
        if any(w in _ID_WORDS or w in _NAMED_PROCESSES or w in _CLOCK for w in (tok.text, base)):
            return True  # القرار 2254، واللواء 93، مينسك 2، الساعة 10
        if tok.text in ("-", "–") and self.toks[i].glued and k > 0 and not self.is_digits(k - 1):
            return True  # اس -300: a hyphen glued to the digits after a name
        # قرار مجلس الأمن الدولي رقم 2254
        b = k
        steps = 0
        while b >= 0 and steps < 5 and (self.toks[b].text in _ID_BRIDGE or self.toks[b].text in _QUOTES):
            b -= 1
            steps += 1
        if steps and b >= 0 and self.toks[b].text in _ID_WORDS:
            return True
        return False

    # ---- dates -------------------------------------------------------------------------------
    def month_at(self, k: int, first: Optional[str] = None) -> Optional[tuple[int, int, str]]:
        """(month, end, calendar) of a month name at k; paired names (أبريل/نيسان) included.
        `first` replaces the text of token k (the name without a glued و)."""
        if k >= self.n:
            return None
        found = None
        t0 = self.toks[k].text if first is None else first
        keys: list[tuple[str, ...]] = [(t0, self.toks[k + 1].text), (t0,)] if k + 1 < self.n else [(t0,)]
        for key in keys:  # two words first (ربيع الأول), then one
            length = len(key)
            if key in GREGORIAN_MONTHS:
                found = (GREGORIAN_MONTHS[key], k + length, "g", key)
                break
            if key in HIJRI_MONTHS:
                found = (HIJRI_MONTHS[key], k + length, "h", key)
                break
        if found is None:
            return None
        month, end, cal, key = found
        # a paired name: أكتوبر/تشرين الأول, آب/أغسطس, كانون الثاني (يناير)
        e2 = end
        paired = False
        if e2 < self.n and self.toks[e2].text in ("/", "(", "-") and cal == "g":
            for length in (2, 1):
                key2 = tuple(self.toks[e2 + 1 + m].text for m in range(length) if e2 + 1 + m < self.n)
                if len(key2) == length and GREGORIAN_MONTHS.get(key2) == month:
                    end = e2 + 1 + length
                    if self.toks[e2].text == "(" and end < self.n and self.toks[end].text == ")":
                        end += 1
                    paired = True  # a pair is never the weak reading
                    break
        return month, end, ("weak" if not paired and key in WEAK_MONTHS else cal)

    def year_after(self, k: int) -> Optional[tuple[int, int, bool, Optional[int]]]:
        """(year, end, hijri?, relative offset) of the year after a month: 2015، من عام 2016،
        من العام الفارط (relative: year 0, offset -1)."""
        if self.w(k) == _PARTITIVE:
            k += 1
        if self.w(k) in _YEAR_WORDS:
            if self.w(k) in _YEAR_NOUNS and self.w(k + 1) in _REL_YEAR and self.w(k).startswith("ال"):
                return 0, k + 2, False, _REL_YEAR[self.w(k + 1)]
            k += 1
        tok = self.w(k)
        if len(tok) == 4 and tok.isdigit() and self.is_digits(k):
            y = int(tok)
            end = k + 1
            hijri = False
            if self.w(end) in _HIJRI_MARK:
                hijri = True
                end += 1
            elif self.w(end) == _GREG_MARK:
                end += 1
            if 1300 <= y <= 1500:
                hijri = True  # a year the Gregorian calendar of the news cannot mean
            if 1 <= y <= 2200:
                return y, end, hijri, None
        return None

    def resolve_year(self, month: int, rel: Optional[int]) -> Optional[int]:
        if self.doc is None:
            return None
        dy, dm, _ = self.doc
        if rel is None or rel == 0:
            return dy
        if rel < 0:
            return dy if month < dm else dy - 1
        return dy if month > dm else dy + 1

    def date_at(self, i: int) -> Optional[_Cand]:
        toks = self.toks
        k = i
        start = i
        modifier = False
        word = self.w(k)
        base = word[1:] if word[:1] in "وب" and word[1:] in _DATE_MODIFIERS else word
        if base in _DATE_MODIFIERS and base != _FIRST:
            modifier = True
            k += 1
            if self.w(k) == _PARTITIVE:
                k += 1
        has_month_word = False
        if self.w(k) in _MONTH_WORD:
            has_month_word = True
            k += 1
        day: Optional[int] = None
        skip = 0
        if self.is_digits(k) and self.w(k).isdigit() and len(self.w(k)) <= 2 and 1 <= int(self.w(k)) <= 31:
            if self.month_at(k + 1) is not None:
                day = int(self.w(k))
                k += 1
        elif not has_month_word:
            ov = ordinal_value(toks, k) if self.w(k) else None
            if ov is not None and ov[2] and ov[1] < self.n and self.w(ov[1]) == _PARTITIVE and ov[0] <= 31:
                nxt = ov[1] + 1
                same = next((p for p in _SAME_MONTH + _PREV_MONTH + _NEXT_MONTH if self.phrase_at(nxt, p)), None)
                if same is not None:
                    return self.same_month_date(i, ov, nxt + len(same), same)
                if self.month_at(nxt) is not None:
                    day = ov[0]
                    skip = ov[3]
                    k = nxt
        mm = self.month_at(k)
        and_month = False
        if mm is None and k == i and day is None and self.and_month_at(k):
            # جانفي وفيفري، مارس وأبريل: a month joined by و to the date just before it
            prev = self.cands[-1] if self.cands else None
            if prev is not None and prev.kind == "date" and prev.j == i and prev.calendar is None:
                mm = self.month_at(k, first=self.w(k)[1:])
                and_month, skip = True, 1
        if mm is None:
            return None
        month, end, cal = mm
        rel = None
        if self.w(end) in _REL_MONTH:
            rel = _REL_MONTH[self.w(end)]
            end += 1
        ya = self.year_after(end)
        year: Optional[int] = None
        if ya is not None:
            y, yend, yh, yrel = ya
            if yrel is not None:
                year = self.doc[0] + yrel if self.doc else None
            else:
                year = y
                if yh and cal != "h":
                    return None  # a Gregorian month with a Hijri year is not a date we know
            end = yend
        if cal == "h" and ya is None and day is None:
            return None  # رمضان alone is a season, صفر is zero
        if ya is None and rel is None and cal != "h" and self.and_month_at(end):
            nxt2 = self.month_at(end, first=self.w(end)[1:])
            ya2 = self.year_after(nxt2[1]) if nxt2 is not None else None
            if ya2 is not None and ya2[3] is None and not ya2[2]:
                year = ya2[0]
        if cal == "weak" and not (day or ya or has_month_word or rel is not None or modifier or and_month
                                  or self.and_month_at(end)):
            return None
        if cal == "weak":
            cal = "g"
        if year is None:
            if cal == "h":
                if self.doc is None:
                    return None
                year = gregorian_to_hijri(*self.doc)[0]
            else:
                year = self.resolve_year(month, rel)
        date = None
        calendar = None
        if year is not None:
            if cal == "h":
                calendar = "hijri"
                if not (1 <= year <= 2000):
                    return None
                gy, gm, gd = hijri_to_gregorian(year, month, day or 1)
                date = iso(gy, gm, gd) if day else iso(gy, gm)
            else:
                if day is not None and not valid_date(year, month, day):
                    return None
                date = iso(year, month, day)
        s, e = self.span(start, end, skip if not modifier else 0)
        c = _Cand("date", start, end, s, e, date=date, calendar=calendar)
        if year is not None and cal != "h":
            c.month = (year, month)
        return c

    def and_month_at(self, k: int) -> bool:
        w = self.w(k)
        return len(w) > 3 and w[0] == "و" and w[1:] in _MONTH_STARTS

    def same_month_date(self, i: int, ov, end: int, phrase) -> Optional[_Cand]:
        ref = None
        for c in reversed(self.cands):
            if c.month is not None:
                ref = c.month
                break
        if phrase in _PREV_MONTH or phrase in _NEXT_MONTH or ref is None:
            if self.doc is None:
                return None
            y, m = self.doc[0], self.doc[1]
            if phrase in _PREV_MONTH:
                y, m = (y, m - 1) if m > 1 else (y - 1, 12)
            elif phrase in _NEXT_MONTH:
                y, m = (y, m + 1) if m < 12 else (y + 1, 1)
            ref = (y, m)
        y, m = ref
        if not valid_date(y, m, ov[0]):
            return None
        s, e = self.span(i, end, ov[3])
        c = _Cand("date", i, end, s, e, date=iso(y, m, ov[0]))
        c.month = ref
        return c

    def numeric_date_at(self, i: int) -> Optional[_Cand]:
        """14/06/2018, 2018-06-14, 14-6-2018."""
        if i + 4 >= self.n or not self.toks[i].text.isdigit():
            return None
        a, s1, b, s2, c = (self.toks[i + m].text for m in range(5))
        if s1 != s2 or s1 not in ("/", "-", ".") or not (b.isdigit() and c.isdigit()):
            return None
        if not all(self.toks[i + m].glued for m in range(1, 5)):
            return None
        if len(a) == 4:
            y, mo, d = int(a), int(b), int(c)
        elif len(c) == 4:
            y, mo, d = int(c), int(b), int(a)
        else:
            return None
        if not (1900 <= y <= 2100 and valid_date(y, mo, d)):
            return None
        s, e = self.span(i, i + 5)
        cand = _Cand("date", i, i + 5, s, e, date=iso(y, mo, d))
        cand.month = (y, mo)
        return cand

    def year_at(self, i: int) -> Optional[_Cand]:
        """عام 2015، سنة 2016، العام 2015، عامي 2015 و2016 (first), 1438 هـ."""
        if self.w(i) not in _YEAR_WORDS:
            return None
        k = i + 1
        tok = self.w(k)
        if not (len(tok) == 4 and tok.isdigit()):
            return None
        y = int(tok)
        end = k + 1
        if self.w(end) in _HIJRI_MARK:
            return self.hijri_year(i, y, end + 1)
        if self.w(end) == _GREG_MARK and self.toks[end].glued:
            end += 1
        if not (1000 <= y <= 2200):
            return None
        if 1300 <= y <= 1500 and not (1900 <= y <= 2100) and self.doc and self.doc[0] > 1700:
            return self.hijri_year(i, y, end)
        word = self.w(i)
        skip = 1 if word[:1] in "لبو" and word[1:] in _YEAR_WORDS else 0  # لعام 2015 -> عام 2015
        s, e = self.span(i, end, skip)
        return _Cand("year", i, end, s, e, value=float(y))

    def hijri_year(self, i: int, y: int, end: int) -> _Cand:
        gy = hijri_to_gregorian(y, 7, 1)[0]  # the Gregorian year holding most of that Hijri year
        s, e = self.span(i, end)
        return _Cand("date", i, end, s, e, date=iso(gy), calendar="hijri")

    # ---- numbers -----------------------------------------------------------------------------
    def percent_after(self, k: int) -> Optional[int]:
        """End of %، بالمئة، في المئة after the number ending at k, or None."""
        if k >= self.n:
            return None
        w = self.toks[k].text
        if w in _PERCENT_ONE:
            return None if w in _HUNDRED_DEF else k + 1
        if w == _FI and k + 1 < self.n and self.toks[k + 1].text in _HUNDRED_DEF:
            return k + 2
        return None

    def unknown_noun(self, k: int) -> bool:
        """Could the word at k be a counted noun the lexicon lacks (indefinite, not a particle)?"""
        if k >= self.n:
            return False
        w = self.toks[k].text
        if len(w) < 3 or not _ARABIC_LETTER_RE.match(w) or w in _STOP:
            return False
        if w.startswith(("ال", "وال", "بال", "لل", "فال")) or w[0] == "و" or w in _OTHERS:
            return False
        if w.endswith("يا"):
            return False  # adverbs: داخليا، طوعيا، رسميا (a noun like جنديا is in the lexicon)
        if w in UNITS or w in TENS or w in HUNDREDS or w in SCALES or w in VAGUE or w in ORDINALS:
            return False
        if (w,) in GREGORIAN_MONTHS or w in _MONTH_FIRST_WORDS:
            return False
        if strip_clitic(w, UNITS)[1] or strip_clitic(w, TENS)[1] or strip_clitic(w, SCALES)[1]:
            return False
        return True

    def partitive_noun(self, k: int) -> Optional[int]:
        """Index of the noun in "N من <noun>" when the lexicon does not know it (منها is not one)."""
        k = self.skip_quotes(k)
        if self.w(k) != _PARTITIVE or any(self.phrase_at(k, p) for p in _OUT_OF):
            return None
        w = self.w(k + 1)
        if len(w) < 3 or w in _STOP or digit_first(w) or (w,) in GREGORIAN_MONTHS or w in _MONTH_STARTS:
            return None
        if not _ARABIC_LETTER_RE.match(w) or strip_clitic(w, UNITS)[1] or w in _DEF_CARDINALS:
            return None
        return k + 1

    def noun_after(self, k: int, *, definite_ok: bool = True, possessive: bool = False
                   ) -> tuple[Optional[UnitMatch], int]:
        """The counted noun after a number ending at k: (match, end token) skipping quotes and من."""
        k = self.skip_quotes(k)
        if self.w(k) == _PARTITIVE and not any(self.phrase_at(k, p) for p in _OUT_OF):
            m = self.units.match(self.toks, k + 1, possessive=True) if possessive else self.match(k + 1)
            if m is not None:
                return m, m.j
            return None, k
        m = self.units.match(self.toks, k, possessive=True) if possessive else self.match(k)
        if m is not None and (definite_ok or not m.definite) and not self.toks[k].text.startswith(_PREP_ARTICLE):
            return m, m.j  # a counted noun never carries a preposition: 2018 للمرحلة
        return None, k

    def number_at(self, i: int) -> Optional[_Cand]:
        toks = self.toks
        tok = toks[i]
        digits = digit_first(tok.text)
        if digits and tok.glued and i > 0 and toks[i - 1].text[:1].isalpha() and toks[i - 1].text not in _DIGIT_GLUE_OK:
            if not (toks[i - 1].text.endswith(("من", "نحو")) or len(toks[i - 1].text) <= 2):
                return None  # glued to a word: a code or designation (كلم2، إف16)
        article = digits and tok.glued and i > 0 and toks[i - 1].text in ("ال", "وال", "بال", "لل")
        if article and self.percent_after(i + 1) is None and self.match(i + 1) is None:
            return None  # الدورة الـ18: see definite_numeral_at; الـ10% and الـ24 ساعة stay quantities
        q = parse_quantity(toks, i)
        if q is None:
            return None
        if q.single_word and (UNITS.get(q.single_word) in (1, 2)):
            # واحد/اثنان alone: only "اثنان من الجنود"; واحد after a noun is handled elsewhere
            if UNITS.get(q.single_word) == 1 or self.w(q.j) != _PARTITIVE:
                return None
        if self.identifier_before(i) and q.skip == 0:
            return None
        if digits and self.named_group(i):
            return None
        k = q.j
        if digits and k < self.n and toks[k].glued and toks[k].text in _EN_ORDINAL and q.value.is_integer():
            c = self.cand("ordinal", i, k + 1, 0, q.value, k + 1)  # 6th
            m = self.units.match(toks, k + 1)
            if m is not None:
                c.j = m.j
                c.unit_obj, c.unit, c.unit_en = m.unit, self.surface(m.i, m.j), m.unit.unit_en
                c.s, c.e = self.span(i, c.j)
            return c
        c = self.cand("count", i, k, q.skip, q.value, k, q)
        c.max_scale = max(q.scale, 1.0 if not q.has_and else 1000.0)
        # percent
        pk = self.percent_after(k)
        if pk is not None:
            c.kind = "percent"
            c.j = pk
        else:
            # a currency sign after or (glued) before: 50$، $50 مليون
            if k < self.n and toks[k].text in _CURRENCY_SIGNS:
                c.kind, c.unit = "money", toks[k].text
                c.unit_en = _CURRENCY_SIGNS[c.unit]
                c.j = k + 1
            elif i > 0 and toks[i - 1].text in _CURRENCY_SIGNS and tok.glued:
                c.kind, c.unit = "money", toks[i - 1].text
                c.unit_en = _CURRENCY_SIGNS[c.unit]
            else:
                m, end = self.noun_after(k)
                if m is not None:
                    c.j = end
                    self.set_unit(c, m)
                    self.coordinated_noun(c, m)
                elif self.is_year_like(q, i) and self.qualifier_before(i) == "exact":
                    c.kind = "year"
                elif self.cands and self.cands[-1].unit_en and any(self.phrase_at(i - len(p), p) for p in _OUT_OF):
                    c.bare = True  # 43 طائرة مسيرة من أصل 45 أطلقت: the total of the noun before
                elif (kk := self.partitive_noun(k)) is not None:
                    c.j = kk + 1
                    c.unit = self.surface(kk, kk + 1)  # 2 من شركائهم: a noun the lexicon lacks
                elif self.unknown_noun(kk := self.skip_quotes(k)) and self.w(kk) not in _OF_THEM:
                    if self.is_year_like(q, i):
                        c.kind = "year"  # في 2016 وصل: a year, not 2016 of something
                    else:
                        c.j = kk + 1
                        c.unit = self.surface(kk, kk + 1)
                else:
                    c.bare = True
        if q.fraction:
            c.kind = "fraction"  # ثلاثة أرباع السكان
        c.s, c.e = self.span(i, c.j, q.skip)
        if c.kind not in ("year",):
            c.qualifier = self.qualifier_before(i - 1 if article else i)
            qa = self.qualifier_after(q.j) or self.qualifier_after(c.j)
            if qa is not None and c.qualifier == "exact":
                c.qualifier = qa[0]
        if c.kind == "year":
            if self.w(c.j) in _HIJRI_MARK:
                return self.hijri_year(i, int(q.value), c.j + 1)
            if self.w(c.j) == _GREG_MARK and toks[c.j].glued:
                c.j += 1
                c.s, c.e = self.span(i, c.j, q.skip)
            c.qualifier = "exact"
        return c

    def is_year_like(self, q: Quantity, i: int) -> bool:
        t = self.toks[i].text
        return (len(t) == 4 and t.isdigit() and q.j == i + 1 and 1900 <= q.value <= 2100)

    def named_group(self, i: int) -> bool:
        """مجموعة الـ20، مجموعة 77، مجموعة 5+1، دول 5+1."""
        k = self.back_quotes(i - 1)
        if k >= 0 and self.toks[k].text in ("ال", "+"):
            k -= 1
        return k >= 0 and self.toks[k].text in _NAMED_GROUP_HEADS and (
            self.toks[k].text != _STATES or self.w(i + 1) == "+")

    def set_unit(self, c: _Cand, m: UnitMatch) -> None:
        c.unit_obj = m.unit
        c.unit = self.surface(m.i, m.j)
        c.unit_en = m.unit.unit_en
        if m.unit.money and c.kind == "count":
            c.kind = "money"
        # حالة counts deaths when the sentence speaks of deaths: وفاة أكثر من ألفين و200 حالة
        if self.toks[m.i].text in _CASES and m.j == m.i + 1:
            for b in range(c.i - 1, max(-1, c.i - 12), -1):
                if self.toks[b].text in (".", "؟", "!") or (b < c.i - 1 and self.covered[b]):
                    break
                if self.toks[b].text in _DEATH_WORDS:
                    c.unit_en = "deaths"
                    break

    def coordinated_noun(self, c: _Cand, m: UnitMatch) -> None:
        """203 برامج ومشاريع: two indefinite plural nouns joined by و share the number."""
        if m.definite or m.number not in ("p", "x") or m.i != self.skip_quotes(c.num_j) or m.j != m.i + 1 \
                or c.j >= self.n:
            return
        w = self.toks[c.j].text
        if not w.startswith("و") or len(w) < 4:
            return
        toks2 = [Tok(w[1:], self.toks[c.j].start + 1, self.toks[c.j].end, False)]
        m2 = self.units.match(toks2, 0)
        if m2 is None or m2.definite or m2.number not in ("p", "x") or m2.unit == m.unit:
            return
        if m2.unit.money != m.unit.money:
            return
        c.unit_en = f"{m.unit.unit_en} and {m2.unit.unit_en}"
        c.unit = self.surface(m.i, c.j + 1)
        c.j += 1

    def surface(self, i: int, j: int, skip: int = 0) -> str:
        """Tokens i..j-1 as printed in the original text."""
        nt, hi = self.nt, self.hi
        return self.raw[nt.to_orig(self.toks[i].start + skip, hi):nt.to_orig(self.toks[j - 1].end, hi)]

    # ---- vague, fractions, duals, واحد, definite numerals, ordinals ---------------------------
    def vague_at(self, i: int) -> Optional[_Cand]:
        q = parse_vague(self.toks, i)
        if q is None:
            return None
        c = self.cand("vague", i, q.j, q.skip, q.value, q.j, q)
        m, end = self.noun_after(q.j)
        if m is not None:
            c.j = end
            self.set_unit(c, m)
        c.s, c.e = self.span(i, c.j, q.skip)
        c.qualifier = self.qualifier_before(i)
        return c

    def fraction_at(self, i: int) -> Optional[_Cand]:
        w = self.toks[i].text
        clitic, base = strip_clitic(w, FRACTIONS)
        if not base or clitic not in ("", "ب", "ل", "و", "ك", "وب"):
            return None
        if clitic == "و" and i > 0 and (self.is_digits(i - 1) or self.units.match(self.toks, i - 1) is not None):
            return None  # ساعة ونصف
        k = i + 1
        m = self.units.match(self.toks, k, possessive=True)
        if m is not None:
            end = m.j
        elif self.w(k) == _PARTITIVE and (m := self.units.match(self.toks, k + 1, possessive=True)) is not None:
            end = m.j
        elif k < self.n and _ARABIC_LETTER_RE.match(self.w(k)) and self.w(k) not in _STOP:
            end = k + 1
        else:
            return None
        c = self.cand("fraction", i, end, len(clitic), FRACTIONS[base], k)
        if m is not None:
            c.unit_obj, c.unit, c.unit_en = m.unit, self.surface(m.i, m.j), m.unit.unit_en
        else:
            c.unit = self.surface(k, k + 1)
        c.qualifier = self.qualifier_before(i)
        return c

    def definite_dual_at(self, i: int) -> Optional[_Cand]:
        """السنتين الأخيرتين، اليومين الماضيين: a definite dual before a time-span adjective is two;
        other definite duals mostly name known pairs (الدولتين) and stay out."""
        w = self.toks[i].text
        for a in _DUAL_ARTICLES:
            if w.startswith(a) and len(w) > len(a) + 2:
                break
        else:
            return None
        m = self.units.match_dual([Tok(w[len(a):], 0, 0, False)] + self.toks[i + 1:i + 4], 0)
        if m is None or not m.unit.countable:
            return None
        end = i + m.j
        if self.w(end) not in _DUAL_SPAN_ADJ:
            return None
        skip = len(a) - 2  # بالسنتين -> السنتين
        c = self.cand("count", i, end + 1, skip, 2.0, end)
        c.unit_obj, c.unit, c.unit_en = m.unit, self.surface(i, end, skip), m.unit.unit_en
        return c

    def dual_at(self, i: int) -> Optional[_Cand]:
        if self.toks[i].text.startswith(_DUAL_ARTICLES):
            return self.definite_dual_at(i)
        if i > 0 and (self.is_digits(i - 1) or self.w(i - 1) in UNITS or self.w(i - 1) in TENS):
            return None
        m = self.units.match_dual(self.toks, i)
        if m is None or not m.unit.countable:
            return None
        w = self.toks[i].text
        skip = 0
        for clitic in ("وب", "ول", "ب", "ل", "و", "ف", "ك"):
            if w.startswith(clitic) and w[len(clitic):] in self.units._duals:
                skip = len(clitic)
                break
        c = self.cand("count", i, m.j, skip, 2.0, m.j)
        c.unit_obj, c.unit, c.unit_en = m.unit, self.surface(i, m.j, skip), m.unit.unit_en
        c.qualifier = self.qualifier_before(i)
        qa = self.qualifier_after(m.j)
        if qa is not None and c.qualifier == "exact":  # type: ignore
            c.qualifier = qa[0]  # type: ignore
        return c  # type: ignore

    def vahid_at(self, i: int) -> Optional[_Cand]:
        if self.toks[i].text not in _VAHID:
            return None
        m = self.units.match_ending_at(self.toks, i)
        if m is None:
            # the noun may carry a clitic: لشخص واحد
            w = self.w(i - 1)
            if w[:1] in "لبوفك" and len(w) > 3:
                um = self.units.lookup(w[1:])
                if um is not None and (w[1:2] != "ا" or not w[1:].startswith("ال")):
                    m = UnitMatch(um, "s", i - 1, i, False)
        if m is None or m.definite or not m.unit.countable or not self.free(m.i, i):
            return None
        first = self.toks[m.i].text
        if first in _VAHID_IDIOM_WORDS or (first[:1] in "بفول" and first[1:] in _VAHID_IDIOM_WORDS):
            return None
        if m.number not in ("s", "x"):
            return None
        skip = 0
        if self.match(m.i) is None:
            skip = 1
        c = self.cand("count", m.i, i + 1, skip, 1.0, i + 1)
        c.unit_obj, c.unit, c.unit_en = m.unit, self.surface(m.i, m.j, skip), m.unit.unit_en
        return c

    def definite_numeral_at(self, i: int) -> Optional[_Cand]:
        """القادة الثلاثة، الدول الغربية الثلاث، الأشهر التسعة الأولى، الدورة الـ18."""
        w = self.toks[i].text
        value: Optional[int] = None
        end = i + 1
        if w in _DEF_CARDINALS:
            value = _DEF_CARDINALS[w]
            nxt = self.w(end)
            if value < 10 and nxt.startswith("وال") and nxt[3:] in TENS:
                value += int(TENS[nxt[3:]])  # الساعات الأربع والعشرين = 24
                end += 1
        elif w in ("ال", "وال", "بال", "لل") and self.is_digits(i + 1) and self.toks[i + 1].glued \
                and self.toks[i + 1].text.isdigit():
            value = int(self.toks[i + 1].text)
            end = i + 2
        if value is None or i == 0:
            return None
        # the noun: one to three tokens back, skipping definite adjectives
        for b in range(i - 1, max(-1, i - 4), -1):
            if self.covered[b]:
                return None
            tb = self.toks[b].text
            if tb in _QUOTES or tb in _CLAUSE_END or tb == "،":
                return None
            m = self.match(b)
            if m is None:
                m = self._clitic_match(b)
            if m is None and b == i - 1:
                m = self.units.match(self.toks, b, possessive=True)  # يومها السبعين
            if m is not None and m.j <= i:
                if not (m.definite or tb.startswith(("ال", "لل"))):
                    return None
                if not all(self.toks[x].text.startswith(("ال", "لل")) for x in range(m.j, i)):
                    return None
                if m.number in ("p", "x"):
                    kind = "count"
                elif (w in ("ال", "وال", "بال", "لل") or value >= 20) and m.unit.takes_ordinals:
                    kind = "ordinal"  # a singular noun before a definite tens word: اليوم السبعين = 70th
                else:
                    return None
                # الأشهر التسعة الأولى: the first/last nine months stay one figure
                if self.w(end) in _SPAN_ENDS:
                    end += 1
                skip = 1 if tb.startswith(("لل", "بال", "وال", "كال", "فال")) else 0  # للدول -> الدول
                c = self.cand(kind, b, end, skip, float(value), end)
                c.unit_obj, c.unit, c.unit_en = m.unit, self.surface(m.i, m.j, skip), m.unit.unit_en
                return c
            if not tb.startswith("ال"):
                return None
        return None

    def match(self, k: int) -> Optional[UnitMatch]:
        """The counted noun starting at token k (memoized: several rules ask about one token)."""
        hit = self._matches.get(k, _MISSING)
        if hit is _MISSING:
            hit = self._matches[k] = self.units.match(self.toks, k)
        return hit  # type: ignore

    def _clitic_match(self, b: int) -> Optional[UnitMatch]:
        """The counted noun at b once a one-letter clitic is taken off: كمرحلة، لشخص، والدول."""
        w = self.toks[b].text
        if len(w) > 3 and w[0] in "وبلكف":
            return self.units.match(self.toks, b, first=w[1:])
        return None

    def ordinal_at(self, i: int) -> Optional[_Cand]:
        ov = ordinal_value(self.toks, i)
        if ov is None:
            return None
        n, end, definite, skip = ov
        # ثاني أكبر مدن البلاد: an indefinite ordinal before a superlative and a noun
        if not definite and self.w(end) in _SUPERLATIVES and n >= 2:
            m = self.match(end + 1)
            if m is None and self.unknown_noun(end + 1):
                stop = end + 2
                c = self.cand("ordinal", i, stop, skip, float(n), end)
                c.unit = self.surface(end + 1, stop)
                return c
            if m is not None:
                c = self.cand("ordinal", i, m.j, skip, float(n), end)
                c.unit_obj, c.unit, c.unit_en = m.unit, self.surface(m.i, m.j), m.unit.unit_en
                return c
            return None
        # أول زيارة، ثالث دولة: a bare masculine ordinal before an indefinite countable noun
        if not definite and self.toks[i].text[skip:] in _ORD_BEFORE_NOUN:
            m = self.match(end)
            if m is not None and not m.definite and m.unit.countable and m.number in ("s", "x") \
                    and not self.toks[end].text.startswith(_PREP_ARTICLE):
                c = self.cand("ordinal", i, m.j, skip, float(n), end)
                c.unit_obj, c.unit, c.unit_en = m.unit, self.surface(m.i, m.j), m.unit.unit_en
                return c
        if i == 0 or self.w(i - 1) in _MONTH_FIRST_WORDS or self.w(i - 1) in _IDIOM_ORD_BEFORE:
            return None
        # after its noun: مؤتمر موسكو الدولي السادس، للمرحلة الثانية، كمرحلة أولى
        reach = 4 if definite else 1
        for b in range(i - 1, max(-1, i - 1 - reach), -1):
            tb = self.toks[b].text
            if self.covered[b] or tb in _QUOTES or tb in _CLAUSE_END or tb == "،" or tb in _STOP:
                return None
            if tb in _IDIOM_ORD_BEFORE:
                return None
            m = self.match(b) or self._clitic_match(b)
            possessive = False
            if m is None and b == i - 1 and definite:
                m = self.units.match(self.toks, b, possessive=True)  # دورتها الأولى
                possessive = m is not None
            if m is not None and m.j <= i:
                if not m.unit.takes_ordinals or m.number not in ("s", "x"):
                    return None
                if definite != (tb.startswith(("ال", "لل")) or any(
                        tb[len(c):].startswith("ال") for c in ("و", "ب", "ل", "ك", "ف"))):
                    # an indefinite noun takes an indefinite ordinal, and the other way round;
                    # a definite ordinal may also follow a noun defined by what follows it
                    if not definite:
                        return None
                skip_b = 1 if self.match(b) is None and not tb.startswith("لل") and not possessive else 0
                c = self.cand("ordinal", b, end, skip_b, float(n), end)
                c.unit_obj, c.unit, c.unit_en = m.unit, self.surface(m.i, m.j, skip_b), m.unit.unit_en
                return c
        return None

    # ---- the scan ----------------------------------------------------------------------------
    def run(self, active: list[tuple[int, int]], emit_from: int) -> list[_Cand]:
        """Try the rules at each anchor token (digits or a trigger word), left to right."""
        for k, flags in active:
            if self.covered[k] or k in self.blocked:
                continue
            c = None
            if flags & R_DIGIT:
                nxt = self.toks[k + 1].text if k + 1 < self.n else ""
                if nxt in _MONTH_STARTS:
                    c = self.date_at(k)
                elif nxt in ("/", "-", ".") and self.toks[k + 1].glued:
                    c = self.numeric_date_at(k)
                if c is None:
                    c = self.number_at(k)
            else:
                for flag, rule in _WORD_RULES:
                    if flags & flag:
                        c = rule(self, k)
                        if c is not None:
                            break
            if c is None:
                continue
            if self.blocked and any(x in self.blocked for x in range(c.i, c.num_j or c.j)):
                continue
            if not self.free(c.i, c.j):
                continue
            self.add(c)
        if not self.cands:
            return []
        if len(self.cands) > 1:
            self.cands.sort(key=lambda c: c.i)
            self.merge_ranges()
        self.resolve_bare()
        self.specific_heads()
        out = [c for c in self.cands if not c.drop and c.s >= emit_from]
        if len(out) > 1:
            out.sort(key=lambda c: (c.s, c.e))
        return out

    # ---- ranges ------------------------------------------------------------------------------
    def merge_ranges(self) -> None:
        cands = self.cands  # sorted by first token (run sorts them)
        merged: list[_Cand] = []
        k = 0
        while k < len(cands):
            a = cands[k]
            b = cands[k + 1] if k + 1 < len(cands) else None
            r = self.try_range(a, b) if b is not None else None
            if r is not None:
                merged.append(r)
                k += 2
            else:
                merged.append(a)
                k += 1
        self.cands = merged

    def try_range(self, a: _Cand, b: _Cand) -> Optional[_Cand]:
        numeric = ("count", "percent", "money")
        if a.kind not in numeric or b.kind not in numeric or a.value is None or b.value is None:
            return None
        if a.kind != b.kind and not (a.bare and a.kind == "count"):
            return None
        if not a.bare and a.unit_en and b.unit_en and a.unit_en != b.unit_en:
            return None
        if not a.bare and a.kind == "count" and a.unit_en is None and a.unit is not None:
            return None
        between = [t.text for t in self.toks[a.j:b.i]]
        b_first = self.toks[b.i].text
        conj_and = between == ["و"] or (between == [] and b_first.startswith("و") and b.q is not None
                                         and b.q.skip == 1)
        conj_to = len(between) == 1 and between[0] in _RANGE_TO
        if not (conj_and or conj_to):
            return None
        pre = self.back_quotes(a.i - 1)
        pre_w = self.w(pre)
        if conj_and:
            if pre_w not in _BETWEEN and not (pre_w.endswith(_BAYN) and len(pre_w) <= 5):
                return None
        elif between[0] in ("-", "–", "—"):
            if not (self.toks[b.i].glued or True):
                return None
        else:
            after_from = pre_w in _FROM
            if after_from:
                for x in range(pre - 1, max(-1, pre - 9), -1):
                    if self.toks[x].text.startswith(_CHANGE_STEMS) or strip_article(self.toks[x].text).startswith(
                            _CHANGE_STEMS) or self.toks[x].text[1:].startswith(_CHANGE_STEMS):
                        return None
            elif not (a.bare and (b.max_scale > 1 or b.unit_en or b.kind == "percent")):
                return None
        lo = a.value
        if a.bare and a.q is not None and b.q is not None and a.q.scale == 1 and b.q.scale > 1 \
                and lo < b.q.small + 1e-9 and not a.q.has_and:
            lo = lo * b.q.scale  # بين 20 و30 ألفا، 6 إلى 7 آلاف
        if not lo < b.value:
            return None
        r = _Cand(b.kind, a.i, b.j, a.s, b.e, value=lo, value_max=b.value, unit=b.unit or a.unit,
                  unit_en=b.unit_en or a.unit_en, unit_obj=b.unit_obj or a.unit_obj, q=b.q, num_j=b.num_j)
        r.qualifier = "exact"  # a range states both bounds itself
        r.bare = a.bare and b.bare
        r.max_scale = b.max_scale
        return r

    # ---- numbers with no noun ----------------------------------------------------------------
    def resolve_bare(self) -> None:
        prev: Optional[_Cand] = None
        for idx, c in enumerate(self.cands):
            if c.bare and c.kind == "count":
                nxt = self.cands[idx + 1] if idx + 1 < len(self.cands) else None
                unit = self.context_unit(c, prev, nxt)
                if unit is not None:
                    c.unit, c.unit_en, c.unit_obj = unit
                    if c.unit_obj is not None and c.unit_obj.money:
                        c.kind = "money"
                    c.bare = False
                elif c.max_scale > 1 or (c.q is not None and c.q.scale > 1):
                    c.bare = False  # 27 مليونا: a quantity with no noun
                elif c.value_max is not None:
                    c.bare = False
                else:
                    c.drop = True
                    continue
                if (self.w(c.j) in _OF_THEM or self.w(c.j) in _OTHERS) and c.j < self.n:
                    c.j += 1  # 71 منها: the pronoun stands for the noun
                    c.e = self.toks[c.j - 1].end
            if c.kind in ("count", "money", "percent") and (c.unit_en or c.kind != "count"):
                prev = c

    def specific_heads(self) -> None:
        """43 طائرة مسيرة ... وسقطت طائرتان: a bare head noun (طائرة) after a multi-word unit built on
        it (طائرة مسيرة) in the same sentence means that unit (drones, not aircraft)."""
        seen: dict[str, _Cand] = {}  # first word of a multi-word unit -> its figure
        last = 0
        for c in self.cands:
            if any(self.toks[x].text in _SENTENCE_END for x in range(last, c.i)):
                seen.clear()
            last = max(last, c.j)
            u = c.unit_obj
            if u is None or c.drop:
                continue
            words = self._unit_words(u)
            if len(words) > 1:
                seen.setdefault(words[0], c)
            elif words[0] in seen and c.unit and " " not in c.unit.strip():
                o = seen[words[0]].unit_obj
                if o is not None and o.money == u.money:
                    c.unit_en, c.unit_obj = o.unit_en, o

    @staticmethod
    @lru_cache(maxsize=4096)
    def _unit_words(u: Unit) -> tuple[str, ...]:
        return tuple(norm(u.singular).split())

    def sentence_head(self, c: _Cand) -> Optional[_Cand]:
        """The first counted figure of c's sentence: what آخرون (others) refers back to."""
        head = None
        for o in self.cands:
            if o.i >= c.i:
                break
            if o.drop or o.kind != "count" or not o.unit_en:
                continue
            if any(self.toks[x].text in _SENTENCE_END for x in range(o.j, c.i)):
                head = None
                continue
            if head is None:
                head = o
        return head

    def context_unit(self, c: _Cand, prev: Optional[_Cand], nxt: Optional[_Cand]):
        i = c.i
        pre = self.w(i - 1)
        glued_and = i > 0 and self.toks[i].glued and pre == "و"
        after = self.w(self.skip_quotes(c.j))
        # 12 شخصا بينهم 4 أطفال ...، وأصيب 25 آخرون: others of the sentence's first figure
        if after in _OTHERS:
            head = self.sentence_head(c) or prev
            if head is not None and head.unit_en:
                return head.unit, head.unit_en, head.unit_obj
        # 71 منها، منهم 5 ملايين، من أصل 23: the noun of the figure before
        if prev is not None and (prev.unit_en or prev.kind != "count"):
            if after in _OF_THEM or pre in _OF_THEM or any(self.phrase_at(i - len(p), p) for p in _OUT_OF):
                return prev.unit, prev.unit_en, prev.unit_obj
        # قتل 3 وأصيب 7: after a verb of killing, wounding or arrest the count is of people
        if pre in _CASUALTY_VERBS:
            u = self.units.lookup("شخص")
            if u is not None:
                return "", u.unit_en, u
        # 7 من أصل 10 مستشفيات: the noun of the figure it is a part of
        if nxt is not None and nxt.unit_en and nxt.kind == "count":
            k = self.skip_quotes(c.j)
            for p in _OUT_OF + [(_PARTITIVE,)]:
                if self.phrase_at(k, p) and k + len(p) == nxt.i:
                    return nxt.unit, nxt.unit_en, nxt.unit_obj
        # عدد المقذوفات ... إلى 66 ألفا و259، تعداد الشعب 27 مليونا
        for b in range(i - 1, max(-1, i - 12), -1):
            tb = self.toks[b].text
            if tb in (".", "؟", "!", "؛") or (self.covered[b] and b < i):
                break
            if tb in _POPULATION:
                u = self.units.lookup("شخص")
                return None if u is None else ("", u.unit_en, u)
            if tb in _COUNT_HEADS:
                m = self.match(b + 1)
                if m is not None:
                    return self.surface(m.i, m.j), m.unit.unit_en, m.unit
        # 63 حادثا قاتلا ... و35 في الطريق: a parallel figure takes the noun of the one before
        if prev is not None and (pre == "و" or glued_and or pre in _VERSUS) and prev.unit_en \
                and c.kind == "count" and prev.kind in ("count", "money"):
            gap = c.i - prev.j
            if 0 <= gap <= 12 and not any(self.toks[x].text in (".", "؟", "!", "؛") for x in range(prev.j, c.i)):
                return prev.unit, prev.unit_en, prev.unit_obj
        return None


def _blocked_tokens(ntext: str, toks: list[Tok], segments: list[tuple[int, int]]) -> set[int]:
    """Tokens inside URLs, e-mails, hashtags, clock times, phone numbers and designations."""
    spans: list[tuple[int, int]] = []
    for s, e in segments:
        seg = ntext[s:e]
        checks = []
        if "www" in seg or "http" in seg:
            checks.append(_URL_RE)
        if "@" in seg:
            checks.append(_EMAIL_RE)
        if "#" in seg:
            checks.append(_TAG_RE)
        if ":" in seg:
            checks.append(_CLOCK_RE)
        if "+" in seg or "00" in seg:
            checks.append(_PHONE_RE)
        # a Latin letter: its ASCII characters hold one (cheaper than a regex pass over the segment)
        asc = seg.encode("ascii", "ignore")
        if asc.upper() != asc:
            checks.append(_LATIN_ID_RE)
        for rx in checks:
            spans.extend((m.start() + s, m.end() + s) for m in rx.finditer(seg))
        if "-" in seg:
            for m in _HYPHEN_ID_RE.finditer(seg):
                p = m.start() - 1
                if p >= 0 and seg[p] == " ":
                    p -= 1
                if p >= 0 and seg[p].isalpha():
                    spans.append((m.start() + s, m.end() + s))
    out: set[int] = set()
    if spans:
        starts = [t.start for t in toks]
        for a, b in spans:
            k = max(0, bisect.bisect_right(starts, a) - 1)
            while k < len(toks) and toks[k].start < b:
                if toks[k].end > a:
                    out.add(k)
                k += 1
    return out


def _is_code(w: str) -> bool:
    """A digit token that is a phone number, an id or a code with a leading zero."""
    return w.isdigit() and (len(w) >= 9 or (w[0] == "0" and len(w) >= 3))


@lru_cache(maxsize=256)
def _doc_ymd(doc_date: Optional[str]) -> Optional[tuple[int, int, int]]:
    if not doc_date:
        return None
    m = re.match(r"\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", str(doc_date))
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
    return (y, mo, d) if valid_date(y, mo, d) else None


_LOOKBEHIND = 160  # characters of context before `start` read for qualifiers and nouns
_BEFORE, _AFTER = 40, 50  # characters around an anchor that its rules may read
_DETECT_PUNCT = "،,.:;؛()\"“”«»؟!'‘’[]/-–"


def _blank(ntext: str) -> str:
    """ntext with the detection punctuation turned into spaces (1:1, so positions are kept)."""
    det = ntext
    for ch in _DETECT_PUNCT:
        if ch in det:
            det = det.replace(ch, " ")
    return det


def _anchors_det(det: str, words: frozenset[str]) -> list[int]:
    """Positions of digits and of whitespace-delimited trigger words in a blanked text."""
    out = []
    for d in "0123456789":
        p = det.find(d)
        while p >= 0:
            out.append(p)
            p = det.find(d, p + 1)
    # The words in order, each trigger word found from a lower bound of its start (the lengths
    # of the words before it, plus one space each): the first whole-word occurrence from there
    # is that word, since an earlier one would be an earlier trigger word, found already. So
    # each find runs a few characters, and no search runs on to the end of the text.
    n = len(det)
    lb = 0
    for w in det.split():
        if w in words:
            p = det.find(w, lb)
            while p >= 0:
                e = p + len(w)
                if (p == 0 or det[p - 1].isspace()) and (e == n or det[e].isspace()):
                    out.append(p)
                    lb = p
                    break
                p = det.find(w, e)
        lb += len(w) + 1
    out.sort()
    return out


class FigureText:
    """One document prepared for find_figures once: its matching form, the punctuation-blanked
    form the anchors are found in, and the anchors of the whole text (per trigger lexicon).
    Every sentence window reads slices of these instead of normalising its own copy."""

    __slots__ = ("norm", "det", "_words", "_anchors")

    def __init__(self, text: str):
        self.norm = NormText(text)
        self.det: str = _blank(self.norm.ntext)
        self._words: Optional[frozenset[str]] = None
        self._anchors: list[int] = []

    @property
    def text(self) -> str:
        return self.norm.text

    def anchors(self, words: frozenset[str], ns: int, ne: int) -> list[int]:
        """The anchors of the window ntext[ns:ne] (as found in it alone), as positions in ntext."""
        det = self.det
        n = len(det)
        # a word cut by the window's edge reads differently in the window: read the window alone
        if (ns > 0 and not det[ns - 1].isspace() and not det[ns].isspace()) or \
                (ne < n and not det[ne].isspace() and not det[ne - 1].isspace()):
            return [p + ns for p in _anchors_det(det[ns:ne], words)]
        if self._words is not words:
            self._anchors = _anchors_det(det, words)
            self._words = words
        every = self._anchors
        return every[lower_bound(every, ns):lower_bound(every, ne)]


def prepare_text(text: str) -> FigureText:
    """The per-document part of find_figures, to pass as `prepared=` for each of its sentences."""
    return FigureText(text)


def _segments(ntext: str, anchors: list[int], lo: int = 0, hi: int = -1) -> list[tuple[int, int]]:
    """Windows around the anchors, widened to whitespace and merged when they touch
    (within ntext[lo:hi]; hi -1 is the end)."""
    n = len(ntext) if hi < 0 else hi
    segs: list[list[int]] = []
    for a in anchors:
        if segs and a - _BEFORE <= segs[-1][1]:
            if a + _AFTER > segs[-1][1]:
                e = ntext.find(" ", min(n, a + _AFTER), n)
                segs[-1][1] = n if e < 0 else e
            continue
        b = ntext.rfind(" ", lo, max(lo, a - _BEFORE))
        e = ntext.find(" ", min(n, a + _AFTER), n)
        segs.append([lo if b < 0 else b + 1, n if e < 0 else e])
    return [(s, e) for s, e in segs]


def _find(text: str, start: int, end: Optional[int], doc_date: Optional[str],
          units: Optional[UnitLexicon], prepared: Optional[FigureText]) -> list[FigureMention]:
    if not isinstance(text, str):
        return []
    n = len(text)
    end = n if end is None else max(0, min(int(end), n))
    start = max(0, min(int(start), end))
    if start >= end:
        return []
    ctx = max(0, start - _LOOKBEHIND)
    if ctx < start:
        nl = text.rfind("\n", ctx, start)
        ctx = nl + 1 if nl >= 0 else ctx
        while 0 < ctx < start and not text[ctx - 1].isspace():
            ctx += 1
    # Offsets below are into `src` (the prepared text, or the window alone) plus `shift`.
    if prepared is not None and prepared.norm.text is text:
        doc = prepared
        shift = 0
    else:
        doc = FigureText(text[ctx:end])
        shift = ctx
        ctx, start, end = 0, start - ctx, end - ctx
    nt = doc.norm
    src = nt.text
    ntext = nt.ntext
    hi = nt.marks_before(end)  # the window's own marks: none after `end` is read
    ns, ne = nt.to_norm(ctx), end - hi
    if ns >= ne:
        return []
    lexicon = units or default_units()
    _, words, token_flags = _triggers(lexicon)
    anchors = doc.anchors(words, ns, ne)
    if not anchors:
        return []
    segments = _segments(ntext, anchors, ns, ne)
    toks: list[Tok] = []
    for s, e in segments:
        toks.extend(tokenize(ntext, s, e))
        toks.append(Tok(".", e, e, False))  # a gap between windows reads as a sentence end
    active = []
    exceeds = set()
    for k, t in enumerate(toks):
        w = t.text
        if digit_first(w):
            if not _is_code(w):
                active.append((k, R_DIGIT))
        else:
            flags = token_flags.get(w, 0)
            if flags == _R_EXCEED:
                exceeds.add(k)
            elif flags:
                active.append((k, flags))
    emit_from = nt.to_norm(start)
    scan = _Scan(src, nt, hi, toks, lexicon, _doc_ymd(doc_date), _blocked_tokens(ntext, toks, segments))
    scan.exceeds = exceeds
    out = []
    for c in scan.run(active, emit_from):
        s, e = nt.to_orig(c.s, hi), nt.to_orig(c.e, hi)
        if s < start or e > end or s >= e:
            continue
        out.append(_MENTION({  # the model's validator itself: FigureMention(**fields) without BaseModel.__init__
            "text": src[s:e], "value": None if c.kind == "date" else c.value, "value_max": c.value_max,
            "date": c.date, "calendar": c.calendar, "qualifier": c.qualifier, "unit": c.unit or None,
            "unit_en": c.unit_en, "kind": c.kind, "start": s + shift, "end": e + shift,
        }))
    return out


# Rules tried at a trigger word, in order of precedence: the first that reads a figure wins.
_WORD_RULES = (
    (R_DATE, _Scan.date_at),
    (R_YEAR, _Scan.year_at),
    (R_NUM, _Scan.number_at),
    (R_VAGUE, _Scan.vague_at),
    (R_FRAC, _Scan.fraction_at),
    (R_DEFNUM, _Scan.definite_numeral_at),
    (R_ORD, _Scan.ordinal_at),
    (R_VAHID, _Scan.vahid_at),
    (R_DUAL, _Scan.dual_at),
)


def find_figures(text: str, start: int = 0, end: int | None = None, *, doc_date: str | None = None,
                 units: UnitLexicon | None = None, prepared: FigureText | None = None) -> list[FigureMention]:
    """Figures in text[start:end], in text order; offsets are absolute into `text`. Never raises.

    `prepared` (prepare_text(text)) saves the per-document work when a text is read sentence by
    sentence; the figures are the same with or without it."""
    try:
        return _find(text, start, end, doc_date, units, prepared)
    except Exception:  # noqa: BLE001 - one odd sentence must not cost the document its figures
        log.exception("find_figures failed on %r", (text or "")[start:start + 80] if isinstance(text, str) else text)
        return []


# --------------------------------------------------------------------------------------------
# Summary for the Claims table
# --------------------------------------------------------------------------------------------

_QUAL_EN = {"approx": "about ", "more_than": "more than ", "less_than": "less than ", "at_least": "at least ",
            "at_most": "up to ", "exact": ""}
_VAGUE_EN = {10: "dozens", 100: "hundreds", 1e3: "thousands", 1e4: "tens of thousands", 1e5: "hundreds of thousands",
             1e6: "millions", 1e7: "tens of millions", 1e8: "hundreds of millions", 1e9: "billions"}
_FRACTION_EN = {0.5: "half", 0.25: "a quarter", round(1 / 3, 6): "a third", round(2 / 3, 6): "two thirds",
                0.75: "three quarters"}


def _num(v: float) -> str:
    if v == int(v):
        return f"{int(v):,}"
    return f"{v:,.6f}".rstrip("0").rstrip(".")


def _ordinal_en(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_IRREGULAR_EN = {"people": "person", "children": "child", "men": "man", "women": "woman", "feet": "foot",
                 "dead": "dead", "injured": "injured", "police officers": "police officer",
                 "pieces of equipment": "piece of equipment",
                 "memoranda of understanding": "memorandum of understanding",
                 "displaced people": "displaced person", "missing people": "missing person",
                 "people in need": "person in need", "security personnel": "member of security personnel",
                 "headquarters": "headquarters", "series": "series", "lira": "lira", "yen": "yen", "yuan": "yuan",
                 "degrees Celsius": "degree Celsius", "IEDs": "IED"}


def _singular_en(unit: str) -> str:
    if unit in _IRREGULAR_EN:
        return _IRREGULAR_EN[unit]
    head, sep, tail = unit.partition(" and ")
    if sep:
        return unit
    if " " in unit and not unit.endswith("s"):
        return unit
    if " " in unit:
        first, rest = unit.rsplit(" ", 1)
        return f"{first} {_singular_en(rest)}"
    if unit.endswith("ies"):
        return unit[:-3] + "y"
    if unit.endswith(("ches", "shes", "sses", "xes")):
        return unit[:-2]
    if unit.endswith("s") and not unit.endswith("ss"):
        return unit[:-1]
    return unit


def summarize_figure(m: FigureMention) -> str:
    # each field read once into a typed local: attribute reads on a model are not cheap
    kind: str = m.kind
    if kind == "date":
        return m.date or m.text
    value: Optional[float] = m.value
    if kind == "year":
        return str(int(value)) if value is not None else m.text
    if value is None:
        return m.text
    unit: str = m.unit_en or ""
    if kind == "ordinal":
        return f"{_ordinal_en(int(value))} {_singular_en(unit)}".strip() if unit else _ordinal_en(int(value))
    qual = _QUAL_EN[m.qualifier]
    if kind == "fraction":
        frac = _FRACTION_EN.get(round(value, 6), _num(value))
        return f"{qual}{frac} of {unit}".strip() if unit else f"{qual}{frac}"
    if kind == "vague":
        words = _VAGUE_EN.get(value, f"{_num(value)}+")
        return f"{qual}{words} of {unit}".strip() if unit else f"{qual}{words}"
    value_max: Optional[float] = m.value_max
    if value_max is not None:
        number = f"{_num(value)}–{_num(value_max)}"
    else:
        number = qual + _num(value)
        if value == 1 and unit:
            unit = _singular_en(unit)
    if kind == "percent":
        return f"{number} percent"
    return f"{number} {unit}".strip()


def summarize_figures(mentions: Iterable[FigureMention]) -> str:
    """'more than 23,000 sorties; about 77,000 strikes; 85 states; 2015-09; 18.3 percent'."""
    return "; ".join(summarize_figure(m) for m in mentions)
