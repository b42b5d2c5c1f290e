"""`claimtable diff` / `pipeline.diff`: matching, figures, outputs, CLI, and end-to-end runs.

The unit tests build tables by hand (`pipeline.tables.frame`). The end-to-end tests run dated
articles through `pipeline.run`: tests/articles/diff/ holds two days of a FICTIONAL wire story
(Valdoria, its health minister Samer al-Halwani, army spokesman Nader al-Safi, the Valdorian
Army General Command), with their registry rows in tests/articles/diff/speakers.csv; and the
seed is diffed against a copy of itself with one figure changed, one paragraph removed and one
(fictional) paragraph added. Those two need the attribution and figures stages.
"""
from __future__ import annotations

import csv
import importlib
import random
import re
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from rapidfuzz import fuzz
from typer.testing import CliRunner

import pipeline
from pipeline.api import ClaimTables, LoadError
from pipeline.cli import app
from pipeline.tables import columns, frame
from schemas import ClaimRow, DocumentRow, FigureRow, SpeakerRow
from schemas.diff import ClaimDiffRow, DiffSummaryRow, FigureDiffRow
from tests.conftest import SEED

D = importlib.import_module("pipeline.claim_diff")
DIFF_ARTICLES = Path(__file__).resolve().parent / "articles" / "diff"
SPEAKERS = DIFF_ARTICLES / "speakers.csv"
runner = CliRunner()

HALWANI, SAFI, COMMAND = "Samer al-Halwani", "Nader al-Safi", "Valdorian Army General Command"


# ---------------------------------------------------------------- hand-made tables

def claim(cid, text, speaker=None, date="2024-06-10", doc=None, para=1, speaker_ar=None, **kw) -> dict:
    doc = doc or f"doc-{date}"
    return dict(claim_id=cid, doc_id=doc, doc_date=date, paragraph=para, sentence=para, claim_no=1,
                speaker=speaker, speaker_ar=speaker_ar, claim_text=text, source_sentence=text,
                start=0, end=len(text), sentence_start=0, sentence_end=len(text), **kw)


def fig(fid, cid, value, unit_en, speaker=None, date="2024-06-10", doc=None, qualifier="exact", kind="count",
        text=None, unit=None, **kw) -> dict:
    doc = doc or f"doc-{date}"
    return dict(figure_id=fid, claim_id=cid, doc_id=doc, doc_date=date, speaker=speaker, value=value,
                unit_en=unit_en, unit=unit, qualifier=qualifier, kind=kind, text=text or str(value),
                start=0, end=1, **kw)


def tables(claims, figures=()) -> ClaimTables:
    return ClaimTables(frame(ClaimRow, claims), frame(FigureRow, figures), frame(SpeakerRow, []), frame(DocumentRow, []))


def valdoria_day(day: int) -> ClaimTables:
    """What the pipeline should give for tests/articles/diff/valdoria_2024-06-1{0,1}.txt, by hand."""
    date = f"2024-06-1{day}"
    doc = f"valdoria_{date}"
    if day == 0:
        rows = [
            (HALWANI, "الحكومة ستفتتح 3 مستشفيات ميدانية جديدة في الإقليم الشمالي قبل نهاية الشهر", [(3, "hospitals", "exact")]),
            (HALWANI, "عدد الإصابات المؤكدة بالوباء بلغ 320 إصابة منذ بداية الشهر", [(320, "cases", "exact")]),
            (HALWANI, "الوزارة تعمل على تأمين اللقاحات لكافة المواطنين في أقرب وقت ممكن", []),
            (HALWANI, "المواطنين إلى الالتزام بارتداء الكمامات في الأماكن المغلقة", []),
            (SAFI, "القوات تمكنت من استعادة السيطرة على بلدة كارين بعد معارك عنيفة", []),
            (SAFI, "وحدات الهندسة فككت نحو 40 عبوة ناسفة على الطريق الدولي", [(40, "explosive devices", "approx")]),
            (SAFI, "نحو 300 مسلح سلموا أنفسهم وأسلحتهم إلى الجيش خلال الأسبوع الماضي بينما فر نحو 1000 مسلح آخرين إلى الجبال",
             [(300, "militants", "approx"), (1000, "militants", "approx")]),
            (COMMAND, "الطيران نفذ أكثر من 1200 طلعة جوية منذ بداية العملية العسكرية", [(1200, "sorties", "more_than")]),
            (None, "الوباء ظهر في فالدوريا في مطلع الربيع الماضي وانتشر في المحافظات الشمالية", []),
        ]
    else:
        rows = [
            (COMMAND, "الطيران نفذ أكثر من 1500 طلعة جوية منذ بداية العملية العسكرية", [(1500, "sorties", "more_than")]),
            (HALWANI, "الحكومة ستفتتح 3 مستشفيات ميدانية جديدة في الإقليم الشمالي قبل نهاية الشهر", [(3, "hospitals", "exact")]),
            (HALWANI, "عدد الإصابات المؤكدة بالوباء ارتفع إلى 410 إصابات منذ بداية الشهر", [(410, "cases", "exact")]),
            (HALWANI, "وزارته تعمل على تأمين اللقاحات لجميع المواطنين بأسرع وقت ممكن", []),
            (HALWANI, "الوباء قد يعود إلى الانتشار مع حلول فصل الخريف", []),
            (SAFI, "القوات تمكنت من استعادة السيطرة على بلدة كارين بعد معارك عنيفة", []),
            (SAFI, "نحو 350 مسلحا سلموا أنفسهم وأسلحتهم إلى الجيش خلال الأسبوع الماضي بينما فر نحو 1000 مسلح آخرين إلى الجبال",
             [(350, "militants", "approx"), (1000, "militants", "approx")]),
            (SAFI, "الجيش أسر 25 مسلحا خلال عملية تمشيط في محيط بلدة كارين", [(25, "militants", "exact")]),
            (None, "الوباء ظهر في فالدوريا في مطلع الربيع الماضي وانتشر في المحافظات الشمالية", []),
        ]
    claims, figures = [], []
    for n, (speaker, text, figs) in enumerate(rows, start=1):
        cid = f"{doc}-c{n:03d}"
        claims.append(claim(cid, text, speaker, date, doc, para=n))
        for k, (value, unit_en, qualifier) in enumerate(figs, start=1):
            figures.append(fig(f"{cid}-f{k}", cid, value, unit_en, speaker, date, doc, qualifier,
                               text=f"{value} {unit_en}"))
    return tables(claims, figures)


# (status, speaker, anchor in the OLD claim, anchor in the NEW claim): exactly these rows
VALDORIA_CLAIMS = [
    ("unchanged", HALWANI, "3 مستشفيات ميدانية", "3 مستشفيات ميدانية"),
    ("changed", HALWANI, "بلغ 320 إصابة", "ارتفع إلى 410 إصابات"),
    ("changed", HALWANI, "لكافة المواطنين", "لجميع المواطنين"),
    ("removed", HALWANI, "بارتداء الكمامات", None),
    ("added", HALWANI, None, "فصل الخريف"),
    ("unchanged", SAFI, "بلدة كارين بعد معارك عنيفة", "بلدة كارين بعد معارك عنيفة"),
    ("removed", SAFI, "عبوة ناسفة", None),
    ("changed", SAFI, "نحو 300 مسلح", "نحو 350 مسلحا"),
    ("added", SAFI, None, "أسر 25 مسلحا"),
    ("changed", COMMAND, "1200 طلعة", "1500 طلعة"),
    ("unchanged", None, "مطلع الربيع الماضي", "مطلع الربيع الماضي"),
]
# (status, speaker, old value, new value, delta, percent change, old qualifier, new qualifier)
VALDORIA_FIGURES = [
    ("unchanged", HALWANI, 3, 3, 0, 0, "exact", "exact"),
    ("changed", HALWANI, 320, 410, 90, 28.125, "exact", "exact"),
    ("changed", COMMAND, 1200, 1500, 300, 25.0, "more_than", "more_than"),
    ("changed", SAFI, 300, 350, 50, 16.67, "approx", "approx"),
    ("unchanged", SAFI, 1000, 1000, 0, 0, "approx", "approx"),
    ("removed", SAFI, 40, None, None, None, "approx", None),
    ("added", SAFI, None, 25, None, None, None, "exact"),
]


def _na(v):
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def assert_claim_rows(claims: pd.DataFrame, expected) -> None:
    rows = claims.to_dict("records")
    assert len(rows) == len(expected), _show(claims)
    for status, speaker, old_anchor, new_anchor in expected:
        hits = [
            r for r in rows
            if r["status"] == status
            and (r["speaker"] if not _na(r["speaker"]) else None) == speaker
            and (_na(r["old_claim_text"]) if old_anchor is None else old_anchor in (r["old_claim_text"] or ""))
            and (_na(r["new_claim_text"]) if new_anchor is None else new_anchor in (r["new_claim_text"] or ""))
        ]
        assert len(hits) == 1, f"expected one {status} row {speaker} {old_anchor!r} -> {new_anchor!r}\n{_show(claims)}"


def assert_figure_rows(figures: pd.DataFrame, expected) -> None:
    rows = figures.to_dict("records")
    assert len(rows) == len(expected), _show(figures, ["status", "speaker", "old_value", "new_value", "summary"])
    for status, speaker, old, new, delta, pct, oq, nq in expected:
        def same(a, b):
            return _na(a) if b is None else (not _na(a) and a == pytest.approx(b, abs=0.01))

        hits = [
            r for r in rows
            if r["status"] == status and r["speaker"] == speaker and same(r["old_value"], old) and same(r["new_value"], new)
        ]
        assert len(hits) == 1, f"expected one {status} figure {speaker} {old} -> {new}\n{_show(figures, ['status', 'speaker', 'old_value', 'new_value', 'summary'])}"
        r = hits[0]
        assert same(r["delta"], delta) and same(r["pct_change"], pct), r
        assert (None if _na(r["old_qualifier"]) else r["old_qualifier"]) == oq
        assert (None if _na(r["new_qualifier"]) else r["new_qualifier"]) == nq


def _show(df, cols=("status", "speaker", "similarity", "old_claim_text", "new_claim_text")) -> str:
    cols = [c for c in cols if c in df.columns]
    return df[cols].to_string()


# ---------------------------------------------------------------- normalization and scoring

def test_normalize_arabic_unifies_spelling_variants():
    n = D.normalize_arabic
    assert n("إِنَّ الحُكُومَةَ") == n("ان الحكومه")  # tashkeel, alef with hamza below, ta marbuta
    assert n("أكّد") == n("اكد") == n("آكد")
    assert n("مصطفــــى") == n("مصطفي")  # tatweel, alef maqsura
    assert n("مسؤول") == n("مسوول") and n("رئيس") == n("رييس")
    assert n("“الإرهاب” «خطر»، (قال).") == "الارهاب خطر قال"
    assert n("٢٣٠٠٠ طلعة") == n("23,000 طلعة") == "23000 طلعه"
    assert n("2.5 بالمئة") == "2.5 بالميه"
    assert n("  Hello\tWORLD \n") == "hello world"
    assert n(None) == n(pd.NA) == ""


# Reference pairs for the default threshold: the same claim reworded (phrases moved, words swapped
# or added, a number updated) and different claims of one speaker.
REWORDINGS = [
    ("إن الحكومة ستفتتح ثلاثة مستشفيات جديدة في الإقليم الشمالي قبل نهاية العام",
     "إن الحكومة سوف تفتتح ثلاثة مستشفيات جديدة في الإقليم الشمالي قبل نهاية العام الجاري"),
    ("أكد وزير الصحة سامر الحلواني أن الوباء بات تحت السيطرة في معظم المحافظات",
     "وأكد الحلواني أن الوباء أصبح تحت السيطرة في معظم محافظات البلاد"),
    ("أن القوات الفالدورية تمكنت من استعادة السيطرة على بلدة كارين بعد معارك عنيفة",
     "أن القوات الفالدورية استعادت السيطرة على بلدة كارين عقب معارك عنيفة"),
    ("“إن أبواب الحوار ما زالت مفتوحة أمام جميع الأطراف”", "أن أبواب الحوار لا تزال مفتوحة أمام كل الأطراف"),
    ("أن المفاوضات مع الجانب الآخر وصلت إلى طريق مسدود بسبب تعنته",
     "أن المفاوضات وصلت إلى طريق مسدود مع الجانب الآخر بسبب تعنته"),
    ("إن عدد المصابين ارتفع إلى 320 إصابة منذ بداية الشهر", "إن عدد المصابين ارتفع إلى 410 إصابات منذ بداية الشهر"),
    ("أن الطيران نفذ أكثر من 1200 طلعة جوية خلال الأسبوع الماضي",
     "أن الطيران نفذ أكثر من 1500 طلعة جوية خلال الأسبوعين الماضيين"),
    ("أن الوزارة تعمل على تأمين اللقاحات لكافة المواطنين في أقرب وقت ممكن",
     "أن وزارته تعمل على تأمين اللقاحات لجميع المواطنين بأسرع وقت ممكن"),
    ("دعا إلى تشكيل لجنة دولية مستقلة للتحقيق في الحادثة", "دعا الى تشكيل لجنة دولية مستقلة للتحقيق فى الحادثة وكشف ملابساتها"),
    ("إن الاقتصاد الفالدوري سجل نموا بنسبة 3.5 بالمئة خلال العام الماضي",
     "إن اقتصاد فالدوريا حقق نموا بلغ 3.5 بالمئة في العام الماضي"),
    ("شدد على ضرورة فتح ممرات إنسانية آمنة لإيصال المساعدات إلى المدنيين المحاصرين",
     "مشددا على ضرورة فتح ممرات إنسانية آمنة من أجل إيصال المساعدات للمدنيين المحاصرين"),
    ("أن بلاده لن تقبل بأي تدخل خارجي في شؤونها الداخلية",
     "أن بلاده لن تقبل بأي تدخل خارجي في شؤونها الداخلية تحت أي ذريعة كانت ومهما كانت الضغوط"),
    ("أن فرق الإنقاذ انتشلت جثث 14 شخصا من تحت الأنقاض وما زالت تبحث عن مفقودين",
     "أن فرق الإنقاذ انتشلت جثث 14 شخصا من تحت الأنقاض"),
    ("“نحن مستعدون للجلوس إلى طاولة الحوار دون شروط مسبقة”", "“إننا مستعدون للجلوس إلى طاولة الحوار من دون أي شروط مسبقة”"),
    ("أن صادرات البلاد من القمح تراجعت بنحو 20 بالمئة مقارنة بالعام الماضي",
     "أن صادرات القمح تراجعت بنسبة تقارب 25 بالمئة مقارنة مع العام الماضي"),
    ("أن الإرهاب الدولي يبقى الخطر الرئيسي الذي يواجهه العالم", "أن الإرهاب الدولي لا يزال الخطر الرئيسي الذي يواجه العالم"),
    ("أن الجيش تمكن من القضاء على 7 آلاف إرهابي قرب المدينة", "أن الجيش تمكن من القضاء على نحو 8 آلاف إرهابي بالقرب من المدينة"),
    ("أن العلاقات بين البلدين تمر حاليا بأسوأ مرحلة منذ عقود", "أن العلاقات بين البلدين تمر في الوقت الحالي بأسوأ مراحلها منذ عقود"),
    ("أن الحكومة قررت رفع الحد الأدنى للأجور اعتبارا من الشهر المقبل", "أن الحكومة قررت رفع الحد الأدنى للأجور بدءا من الشهر المقبل"),
    ("أن مفاوضات السلام ستستأنف في العاصمة الأسبوع المقبل بمشاركة جميع الأطراف",
     "أن مفاوضات السلام ستستأنف الأسبوع المقبل في العاصمة بمشاركة كل الأطراف المعنية"),
]
DIFFERENT_CLAIMS = [
    ("إن الحكومة ستفتتح ثلاثة مستشفيات جديدة في الإقليم الشمالي قبل نهاية العام",
     "أن الوزارة تعمل على تأمين اللقاحات لكافة المواطنين في أقرب وقت ممكن"),
    ("أن الوباء بات تحت السيطرة في معظم المحافظات", "إن عدد المصابين ارتفع إلى 320 إصابة منذ بداية الشهر"),
    ("أن القوات الفالدورية تمكنت من استعادة السيطرة على بلدة كارين بعد معارك عنيفة",
     "أن القوات الفالدورية تواصل عملياتها في محيط مدينة سالم لتأمين الطريق الدولي"),
    ("أن المفاوضات مع الجانب الآخر وصلت إلى طريق مسدود بسبب تعنته",
     "أن الحكومة مستعدة لاستئناف المفاوضات في أي وقت دون شروط مسبقة"),
    ("أن الطيران نفذ أكثر من 1200 طلعة جوية خلال الأسبوع الماضي",
     "أن الطيران دمر أكثر من 40 مستودعا للأسلحة خلال الأسبوع الماضي"),
    ("دعا إلى تشكيل لجنة دولية مستقلة للتحقيق في الحادثة", "دعا إلى رفع العقوبات المفروضة على البلاد فورا"),
    ("إن الاقتصاد الفالدوري سجل نموا بنسبة 3.5 بالمئة خلال العام الماضي",
     "إن الاقتصاد الفالدوري يواجه تحديات كبيرة بسبب ارتفاع أسعار الطاقة"),
    ("أن الوزارة تعمل على تأمين اللقاحات لكافة المواطنين في أقرب وقت ممكن",
     "أن الوزارة تعمل على تطوير المستشفيات الحكومية في كافة المحافظات"),
    ("إن أبواب الحوار ما زالت مفتوحة أمام جميع الأطراف", "إن الحوار هو السبيل الوحيد لحل الأزمة في البلاد"),
    ("أن الإرهاب الدولي يبقى الخطر الرئيسي الذي يواجهه العالم", "أن الإرهابيين في المنطقة يستغلون غياب التنسيق بين الدول"),
    ("شدد على ضرورة فتح ممرات إنسانية آمنة لإيصال المساعدات إلى المدنيين المحاصرين",
     "شدد على ضرورة محاسبة المسؤولين عن قصف المدنيين في المدينة"),
    ("أن بلاده لن تقبل بأي تدخل خارجي في شؤونها الداخلية", "أن بلاده ستشارك في القمة الإقليمية المقبلة بوفد رفيع المستوى"),
    ("أن فرق الإنقاذ انتشلت جثث 14 شخصا من تحت الأنقاض وما زالت تبحث عن مفقودين",
     "أن فرق الدفاع المدني أخمدت حريقا كبيرا في المنطقة الصناعية دون وقوع إصابات"),
    ("“نحن مستعدون للجلوس إلى طاولة الحوار دون شروط مسبقة”", "“نحن لن نتخلى عن حقوقنا المشروعة مهما طال الزمن”"),
    ("أن صادرات البلاد من القمح تراجعت بنحو 20 بالمئة مقارنة بالعام الماضي",
     "أن واردات البلاد من الوقود ارتفعت بنحو 12 بالمئة مقارنة بالعام الماضي"),
    ("أن الإرهاب الدولي يبقى الخطر الرئيسي الذي يواجهه العالم", "أن بلاده مستعدة لتقديم المساعدة العسكرية للدول التي تحارب الإرهاب"),
    ("أن الجيش تمكن من القضاء على 7 آلاف إرهابي قرب المدينة", "أن الجيش يواصل عملياته لتطهير الريف الشرقي من الألغام"),
    ("أن العلاقات بين البلدين تمر حاليا بأسوأ مرحلة منذ عقود", "أن البلدين وقعا اتفاقية للتعاون الاقتصادي خلال الزيارة"),
    ("أن مفاوضات السلام ستستأنف في العاصمة الأسبوع المقبل بمشاركة جميع الأطراف",
     "أن وفد المعارضة رفض المشاركة في مفاوضات السلام قبل وقف القصف"),
]
# Two claims cast in one sentence template: the limit of any string similarity (documented).
TEMPLATE_TWINS = ("أن الحكومة قررت رفع الحد الأدنى للأجور اعتبارا من الشهر المقبل",
                  "أن الحكومة قررت خفض أسعار الوقود اعتبارا من الشهر المقبل")


def test_default_threshold_separates_rewordings_from_different_claims():
    reworded = [D.similarity(a, b) for a, b in REWORDINGS]
    different = [D.similarity(a, b) for a, b in DIFFERENT_CLAIMS]
    assert D.DEFAULT_THRESHOLD == 68
    assert min(reworded) >= D.DEFAULT_THRESHOLD + 5, sorted(reworded)
    assert max(different) <= D.DEFAULT_THRESHOLD - 5, sorted(different)
    # the ranges quoted in the module docstring and the --threshold help
    assert min(reworded) >= 73 and max(different) <= 62.5


def test_why_token_sort_ratio_on_the_match_key():
    exports, imports = DIFFERENT_CLAIMS[14]
    n = D.normalize_arabic
    # character-level scores of whole sentences are carried by the shared template ...
    assert fuzz.WRatio(n(exports), n(imports)) >= 80 and fuzz.ratio(n(exports), n(imports)) >= 80
    # ... and token_set_ratio calls a claim and any longer claim containing it identical
    short, longer = REWORDINGS[11]
    assert fuzz.token_set_ratio(n(short), n(longer)) == 100
    assert D.similarity(exports, imports) < D.DEFAULT_THRESHOLD <= D.similarity(short, longer) < 100
    # word order does not matter, function words and spelling variants do not count
    assert D.similarity("أن المفاوضات وصلت إلى طريق مسدود مع الجانب الآخر", "مع الجانب الآخر وصلت المفاوضات لطريق مسدود") >= 90


def test_template_twins_are_still_paired_right_when_both_are_present():
    wage, fuel = TEMPLATE_TWINS
    wage2 = "أن الحكومة قررت رفع الحد الأدنى للأجور بدءا من الشهر المقبل"
    fuel2 = "أن الحكومة قررت خفض أسعار الوقود بدءا من الشهر المقبل"
    assert D.similarity(wage, fuel) > D.DEFAULT_THRESHOLD  # the documented limit
    old = tables([claim("o1", wage, "M"), claim("o2", fuel, "M", para=2)])
    new = tables([claim("n1", fuel2, "M", date="2024-06-11"), claim("n2", wage2, "M", date="2024-06-11", para=2)])
    d = pipeline.diff(old, new)
    pairs = set(zip(d.claims["old_claim_id"], d.claims["new_claim_id"], d.claims["status"]))
    assert pairs == {("o1", "n2", "changed"), ("o2", "n1", "changed")}


# ---------------------------------------------------------------- claims and figures by hand

def test_valdoria_days_by_hand_give_exactly_the_expected_rows():
    d = pipeline.diff(valdoria_day(0), valdoria_day(1))
    assert_claim_rows(d.claims, VALDORIA_CLAIMS)
    assert_figure_rows(d.figures, VALDORIA_FIGURES)
    changed = d.claims[d.claims["status"] == "changed"]
    assert changed["similarity"].between(D.DEFAULT_THRESHOLD, 100).all()
    assert (d.claims.loc[d.claims["status"] == "unchanged", "similarity"] == 100).all()
    assert d.claims.loc[d.claims["status"].isin(["added", "removed"]), "similarity"].isna().all()
    (s,) = d.summary.to_dict("records")
    assert (s["claims_added"], s["claims_removed"], s["claims_changed"], s["claims_unchanged"]) == (2, 2, 4, 3)
    assert (s["figures_added"], s["figures_removed"], s["figures_changed"], s["figures_unchanged"]) == (1, 1, 3, 2)
    assert s["changes"] == 13 and not d.is_empty
    assert (s["from_date"], s["to_date"]) == ("2024-06-10", "2024-06-11")
    assert (d.claims["from_date"] == "2024-06-10").all() and (d.claims["to_date"] == "2024-06-11").all()
    sorties = d.figures[d.figures["unit_en"] == "sorties"].iloc[0]
    assert sorties["summary"] == f"{COMMAND}: sorties more than 1,200 → 1,500"
    assert sorties["old_claim_text"].startswith("الطيران نفذ") and sorties["new_text"] == "1500 sorties"
    assert (sorties["old_date"], sorties["new_date"]) == ("2024-06-10", "2024-06-11")


def test_columns_come_from_the_schemas():
    d = pipeline.diff(valdoria_day(0), valdoria_day(1))
    assert list(d.claims.columns) == columns(ClaimDiffRow)
    assert list(d.figures.columns) == columns(FigureDiffRow)
    assert list(d.summary.columns) == columns(DiffSummaryRow)
    assert d.claims["similarity"].dtype == "Float64" and d.figures["delta"].dtype == "Float64"
    assert d.summary["changes"].dtype == "Int64"


def test_identical_inputs_give_an_empty_diff():
    day = valdoria_day(0)
    d = pipeline.diff(day, day)
    assert d.is_empty
    assert set(d.claims["status"]) == {"unchanged"} and len(d.claims) == len(day.claims)
    assert set(d.figures["status"]) == {"unchanged"} and len(d.figures) == len(day.figures)
    assert (d.figures["delta"] == 0).all()
    (s,) = d.summary.to_dict("records")
    assert s["changes"] == 0 and s["claims_unchanged"] == 9 and s["figures_unchanged"] == 6
    only = pipeline.diff(day, day, include_unchanged=False)
    assert only.is_empty and only.claims.empty and only.figures.empty
    assert only.summary["claims_unchanged"].iloc[0] == 9  # the summary counts them either way


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_row_order_of_the_inputs_does_not_matter(seed):
    old, new = valdoria_day(0), valdoria_day(1)
    # repeats and ties too: a claim said twice, a figure repeated
    extra = claim("valdoria_2024-06-10-c099", "الحكومة ستفتتح 3 مستشفيات ميدانية جديدة في الإقليم الشمالي قبل نهاية الشهر",
                  HALWANI, "2024-06-10", "valdoria_2024-06-10", para=20)
    old = tables([*old.claims.to_dict("records"), extra], old.figures.to_dict("records"))
    expected = pipeline.diff(old, new)
    rng = random.Random(seed)

    def shuffled(t: ClaimTables) -> ClaimTables:
        c = t.claims.sample(frac=1, random_state=rng.randrange(1000))
        f = t.figures.sample(frac=1, random_state=rng.randrange(1000))
        return ClaimTables(c, f, t.speakers, t.documents)

    got = pipeline.diff(shuffled(old), shuffled(new))
    pd.testing.assert_frame_equal(got.claims, expected.claims)
    pd.testing.assert_frame_equal(got.figures, expected.figures)
    pd.testing.assert_frame_equal(got.summary, expected.summary)


def test_narration_matches_only_narration_and_speakers_by_canonical_name():
    text = "الوباء ظهر في مطلع الربيع الماضي"
    old = tables([claim("o1", text, None), claim("o2", "الحكومة ستفتتح مستشفى", "Samer al-Halwani", para=2)])
    new = tables([claim("n1", text, "Nader al-Safi", date="2024-06-11"),
                  claim("n2", "الحكومة ستفتتح مستشفى", "samer  AL-HALWANI", date="2024-06-11", para=2)])
    d = pipeline.diff(old, new)
    rows = {(r["status"], r["old_claim_id"] if not _na(r["old_claim_id"]) else None,
             r["new_claim_id"] if not _na(r["new_claim_id"]) else None) for r in d.claims.to_dict("records")}
    assert rows == {("removed", "o1", None), ("added", None, "n1"), ("unchanged", "o2", "n2")}


def test_spelling_variants_and_punctuation_leave_a_claim_unchanged():
    old = tables([claim("o1", "إنَّ “الإرهاب” يبقى الخطرَ الرئيسيّ، على ما قال.", "S")])
    new = tables([claim("n1", "ان الارهاب يبقي الخطر الرئيسي على ما قال", "S", date="2024-06-11")])
    d = pipeline.diff(old, new)
    assert list(d.claims["status"]) == ["unchanged"] and d.claims["similarity"].iloc[0] == 100


def test_repeated_claims_are_paired_one_to_one():
    text = "الحكومة ستفتتح مستشفى جديدا"
    old = tables([claim("o1", text, "S"), claim("o2", text, "S", para=2)])
    new = tables([claim("n1", text, "S", date="2024-06-11")])
    d = pipeline.diff(old, new)
    assert sorted(d.claims["status"]) == ["removed", "unchanged"]
    assert d.claims.loc[d.claims["status"] == "unchanged", "old_claim_id"].iloc[0] == "o1"


def test_threshold_decides_between_changed_and_removed_plus_added():
    old, new = valdoria_day(0), valdoria_day(1)
    strict = pipeline.diff(old, new, threshold=100)
    assert "changed" not in set(strict.claims["status"])
    assert (strict.claims["status"] == "removed").sum() == 6 and (strict.claims["status"] == "added").sum() == 6
    loose = pipeline.diff(old, new, threshold=0)  # everything of a speaker pairs up while it can
    assert (loose.claims["status"] == "removed").sum() == 0 and (loose.claims["status"] == "added").sum() == 0
    assert loose.summary["threshold"].iloc[0] == 0
    for bad in (-1, 101, "high"):
        with pytest.raises(D.DiffError, match="threshold"):
            pipeline.diff(old, new, threshold=bad)


def test_greedy_matching_takes_the_best_pair_first():
    a = "أن الجيش استعاد السيطرة على بلدة كارين بعد معارك عنيفة استمرت أسبوعا"
    b = "أن الجيش استعاد السيطرة على مدينة سالم بعد حصار دام شهرا"
    a2 = "أن الجيش استعاد السيطرة على بلدة كارين بعد معارك عنيفة استمرت أياما"
    b2 = "أن الجيش استعاد السيطرة على مدينة سالم بعد حصار دام شهرين"
    old = tables([claim("oa", a, "S"), claim("ob", b, "S", para=2)])
    new = tables([claim("nb", b2, "S", date="2024-06-11"), claim("na", a2, "S", date="2024-06-11", para=2)])
    d = pipeline.diff(old, new, threshold=40)
    assert set(zip(d.claims["old_claim_id"], d.claims["new_claim_id"])) == {("oa", "na"), ("ob", "nb")}


def test_several_figures_of_one_unit_pair_by_claim_then_closest_value():
    old = tables(
        [claim("o1", "نحو 30 ألف مسلح غادروا المدينة", "R"), claim("o2", "نحو 6500 مسلح ألقوا سلاحهم طوعيا", "R", para=2)],
        [fig("of1", "o1", 30000, "militants", "R", qualifier="approx"), fig("of2", "o2", 6500, "militants", "R", qualifier="approx")],
    )
    new = tables(
        [claim("n2", "نحو 7000 مسلح ألقوا سلاحهم طوعيا", "R", date="2024-06-11", para=1),
         claim("n1", "نحو 31 ألف مسلح غادروا المدينة", "R", date="2024-06-11", para=2),
         claim("n3", "أسر الجيش 29 ألف مسلح في الشمال", "R", date="2024-06-11", para=3)],
        [fig("nf2", "n2", 7000, "militants", "R", "2024-06-11", qualifier="approx"),
         fig("nf1", "n1", 31000, "militants", "R", "2024-06-11", qualifier="approx"),
         fig("nf3", "n3", 29000, "militants", "R", "2024-06-11")],
    )
    d = pipeline.diff(old, new)
    got = {(r["status"], None if _na(r["old_figure_id"]) else r["old_figure_id"],
            None if _na(r["new_figure_id"]) else r["new_figure_id"]) for r in d.figures.to_dict("records")}
    # 30,000 is closer to 29,000 than to 31,000, but its claim matched the one with 31,000
    assert got == {("changed", "of1", "nf1"), ("changed", "of2", "nf2"), ("added", None, "nf3")}
    row = d.figures[d.figures["old_figure_id"] == "of2"].iloc[0]
    assert (row["delta"], row["pct_change"]) == (500, pytest.approx(7.69, abs=0.005))
    assert row["summary"] == "R: militants about 6,500 → 7,000"


def test_figures_match_only_on_speaker_unit_and_kind():
    old = tables([claim("o1", "نص", "S")], [fig("f1", "o1", 100, "sorties", "S"), fig("f2", "o1", 5, "percent", "S", kind="percent")])
    new = tables([claim("n1", "نص", "S", date="2024-06-11")],
                 [fig("g1", "n1", 120, "strikes", "S", "2024-06-11"), fig("g2", "n1", 7, "percent", "S", "2024-06-11", kind="count")])
    d = pipeline.diff(old, new)
    assert sorted(d.figures["status"]) == ["added", "added", "removed", "removed"]


def test_figure_speaker_falls_back_to_its_claim_and_unit_to_the_arabic_noun():
    old = tables([claim("o1", "نفذ الطيران 200 غارة", "Russian General Staff")],
                 [fig("f1", "o1", 200, None, None, unit="غارة")])
    new = tables([claim("n1", "نفذ الطيران 260 غارة", "Russian General Staff", date="2024-06-11")],
                 [fig("g1", "n1", 260, None, None, "2024-06-11", unit="غارةً")])
    (row,) = pipeline.diff(old, new).figures.to_dict("records")
    assert row["status"] == "changed" and row["speaker"] == "Russian General Staff"
    assert row["summary"] == "Russian General Staff: غارةً 200 → 260"


def test_figure_summaries_read_like_the_issue():
    s = D.figure_summary
    base = {"speaker": "Russian General Staff", "unit_en": "sorties", "kind": "count"}
    assert s({**base, "status": "changed", "old_value": 23000.0, "new_value": 28000.0,
              "old_qualifier": "more_than", "new_qualifier": "more_than"}) == "Russian General Staff: sorties more than 23,000 → 28,000"
    assert s({**base, "status": "changed", "old_value": 23000.0, "new_value": 28000.0,
              "old_qualifier": "approx", "new_qualifier": "exact"}) == "Russian General Staff: sorties about 23,000 → 28,000"
    assert s({**base, "status": "changed", "old_value": 23000.0, "new_value": 28000.0,
              "old_qualifier": "exact", "new_qualifier": "at_least"}) == "Russian General Staff: sorties 23,000 → at least 28,000"
    assert s({**base, "status": "added", "new_value": 77000.0, "new_qualifier": "approx"}) == "Russian General Staff: sorties about 77,000 (added)"
    assert s({**base, "speaker": None, "status": "removed", "old_value": 12.0, "old_value_max": 15.0,
              "old_qualifier": "exact"}) == "(narration): sorties 12–15 (removed)"
    assert s({"speaker": "X", "unit_en": None, "kind": "percent", "status": "changed", "old_value": 2.5, "new_value": 3.0,
              "old_qualifier": "exact", "new_qualifier": "exact"}) == "X: 2.5% → 3%"
    assert s({"speaker": "X", "unit_en": None, "kind": "date", "status": "changed", "old_figure_date": "2014-04",
              "new_figure_date": "2015-02", "old_qualifier": "exact", "new_qualifier": "exact"}) == "X: date 2014-04 → 2015-02"


def test_date_figures_compare_by_their_dates():
    old = tables([claim("o1", "بدأت العملية في نيسان 2014", None)],
                 [dict(fig("f1", "o1", None, None, None, kind="date"), date="2014-04")])  # date: the figure's own
    new = tables([claim("n1", "بدأت العملية في نيسان 2014", None, date="2024-06-11")],
                 [dict(fig("g1", "n1", None, None, None, "2024-06-11", kind="date"), date="2014-04")])
    d = pipeline.diff(old, new)
    assert list(d.figures["status"]) == ["unchanged"] and d.figures["old_figure_date"].iloc[0] == "2014-04"


# ---------------------------------------------------------------- one table, several dates

def three_days() -> ClaimTables:
    d0, d1 = valdoria_day(0), valdoria_day(1)
    d2_claims = d1.claims.assign(doc_date="2024-06-12", doc_id="valdoria_2024-06-12",
                                 claim_id=d1.claims["claim_id"].str.replace("06-11", "06-12"))
    d2_figures = d1.figures.assign(doc_date="2024-06-12", doc_id="valdoria_2024-06-12",
                                   claim_id=d1.figures["claim_id"].str.replace("06-11", "06-12"),
                                   figure_id=d1.figures["figure_id"].str.replace("06-11", "06-12"))
    d2_figures.loc[d2_figures["unit_en"] == "sorties", "value"] = 1800.0
    return ClaimTables(pd.concat([d0.claims, d1.claims, d2_claims], ignore_index=True),
                       pd.concat([d0.figures, d1.figures, d2_figures], ignore_index=True),
                       frame(SpeakerRow, []), frame(DocumentRow, []))


def test_from_and_to_dates_of_one_table():
    d = pipeline.diff(three_days(), from_date="2024-06-10", to_date="2024-06-11")
    assert_claim_rows(d.claims, VALDORIA_CLAIMS)
    assert_figure_rows(d.figures, VALDORIA_FIGURES)
    assert list(d.summary[["from_date", "to_date"]].itertuples(index=False, name=None)) == [("2024-06-10", "2024-06-11")]


def test_by_date_diffs_each_pair_of_consecutive_dates():
    d = pipeline.diff(three_days(), by_date=True)
    pairs = list(d.summary[["from_date", "to_date"]].itertuples(index=False, name=None))
    assert pairs == [("2024-06-10", "2024-06-11"), ("2024-06-11", "2024-06-12")]
    assert list(d.summary["changes"]) == [13, 1]
    assert set(zip(d.claims["from_date"], d.claims["to_date"])) == set(pairs)
    assert set(zip(d.figures["from_date"], d.figures["to_date"])) == set(pairs)
    second = d.figures[(d.figures["from_date"] == "2024-06-11") & (d.figures["status"] != "unchanged")]
    assert list(second["summary"]) == [f"{COMMAND}: sorties more than 1,500 → 1,800"]


def test_date_mode_errors_are_clear():
    t = three_days()
    with pytest.raises(D.DiffError, match=r"no claims dated 2024-07-01; dates in the table: 2024-06-10, 2024-06-11, 2024-06-12"):
        pipeline.diff(t, from_date="2024-07-01", to_date="2024-06-11")
    with pytest.raises(D.DiffError, match="two dates at least"):
        pipeline.diff(valdoria_day(0), by_date=True)
    with pytest.raises(D.DiffError, match="give OLD and NEW"):
        pipeline.diff(t, from_date="2024-06-10")
    with pytest.raises(D.DiffError, match="one table, not two"):
        pipeline.diff(t, t, by_date=True)


# ---------------------------------------------------------------- inputs: paths and DataFrames

def test_saved_runs_diff_the_same_from_folders_workbooks_and_csv(tmp_path):
    valdoria_day(0).save(tmp_path / "old")
    valdoria_day(1).save(tmp_path / "new", formats=("xlsx", "csv"))
    by_tables = pipeline.diff(valdoria_day(0), valdoria_day(1))
    for a, b in [(tmp_path / "old", tmp_path / "new"),
                 (tmp_path / "old" / "claims.xlsx", tmp_path / "new" / "claims.xlsx"),
                 (str(tmp_path / "old" / "claims.csv"), tmp_path / "new" / "claims.csv")]:
        d = pipeline.diff(a, b)
        pd.testing.assert_frame_equal(d.claims, by_tables.claims)
        pd.testing.assert_frame_equal(d.figures, by_tables.figures)
        assert d.summary["old"].iloc[0] == str(a)


def test_claims_dataframes_can_be_diffed():
    d = pipeline.diff(valdoria_day(0).claims, valdoria_day(1).claims)
    assert_claim_rows(d.claims, VALDORIA_CLAIMS)
    assert d.figures.empty and list(d.figures.columns) == columns(FigureDiffRow)
    with pytest.raises(D.DiffError, match="claims table"):
        pipeline.diff(valdoria_day(0).figures, valdoria_day(1).claims)


def test_bad_paths_raise_load_error(tmp_path):
    note = tmp_path / "notes.txt"
    note.write_text("not a table", encoding="utf-8")
    fake = tmp_path / "claims.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    binary = tmp_path / "claims.csv"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    for path, message in ((note, "not a claimtable output"), (fake, "not an .xlsx workbook"),
                          (tmp_path / "missing", "no such file"), (other, "not a claims table"),
                          (binary, "cannot be read as a claims table|not a readable")):
        with pytest.raises(LoadError, match=message):
            pipeline.diff(path, valdoria_day(0))


# ---------------------------------------------------------------- outputs

def test_outputs_workbook_and_csv(tmp_path):
    old = valdoria_day(0)
    risky = claim("valdoria_2024-06-10-c050", "=HYPERLINK(\"http://example.invalid\") خطر", HALWANI,
                  "2024-06-10", "valdoria_2024-06-10", para=50)
    old = tables([*old.claims.to_dict("records"), risky], old.figures.to_dict("records"))
    d = pipeline.diff(old, valdoria_day(1))
    written = d.save(tmp_path / "out")
    assert [p.name for p in written] == ["diff.xlsx", "diff_claims.csv", "diff_figures.csv"]
    assert not list((tmp_path / "out").glob(".*part"))  # atomic writes leave no temporaries

    wb = openpyxl.load_workbook(tmp_path / "out" / "diff.xlsx")
    assert wb.sheetnames == ["Summary", "Claims", "Figures"]
    for name in ("Claims", "Figures"):
        ws = wb[name]
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1") and ws["A1"].font.b
        headers = [c.value for c in ws[1]]
        assert headers[0] == "status"
        fills = {}
        for row in ws.iter_rows(min_row=2):
            fills.setdefault(row[0].value, set()).update(
                (c.fill.fgColor.rgb if c.fill.fill_type == "solid" else None) for c in row)
        assert fills["added"] == {"FFC6EFCE"}  # whole row green, empty cells too
        assert fills["removed"] == {"FFFFC7CE"}
        assert fills["changed"] == {"FFFFEB9C"}
        assert fills["unchanged"] == {None}
        text_col = headers.index("old_claim_text") + 1
        cell = next(ws.iter_rows(min_row=2, min_col=text_col, max_col=text_col)).__getitem__(0)
        assert cell.alignment.readingOrder == 2 and cell.alignment.horizontal == "right"
        assert ws.column_dimensions[openpyxl.utils.get_column_letter(text_col)].width >= 40
    summary = wb["Summary"]
    header = [c.value for c in summary[1]]
    values = dict(zip(header, [c.value for c in summary[2]]))
    assert values["claims_removed"] == 3 and values["figures_changed"] == 3 and values["threshold"] == 68

    for name, model in (("diff_claims.csv", ClaimDiffRow), ("diff_figures.csv", FigureDiffRow)):
        raw = (tmp_path / "out" / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        with open(tmp_path / "out" / name, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        assert list(rows[0]) == columns(model)
        assert {r["status"] for r in rows} == {"added", "removed", "changed", "unchanged"}
    with open(tmp_path / "out" / "diff_claims.csv", encoding="utf-8-sig", newline="") as f:
        texts = [r["old_claim_text"] for r in csv.DictReader(f)]
    assert "'=HYPERLINK(\"http://example.invalid\") خطر" in texts  # formula-safe, as the run's CSVs


def test_a_failed_save_leaves_the_previous_diff_whole(tmp_path, monkeypatch):
    out = tmp_path / "out"
    pipeline.diff(valdoria_day(0), valdoria_day(0)).save(out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    export = importlib.import_module("pipeline.diff_export")
    real, calls = export.write_csv, []

    def failing(df, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(df, target)

    monkeypatch.setattr(export, "write_csv", failing)
    with pytest.raises(OSError):
        pipeline.diff(valdoria_day(0), valdoria_day(1)).save(out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no new file, no leftover part


# ---------------------------------------------------------------- CLI

def cli(*args):
    return runner.invoke(app, ["diff", *map(str, args)])


def test_cli_diff_old_new(tmp_path):
    valdoria_day(0).save(tmp_path / "old")
    valdoria_day(1).save(tmp_path / "new")
    result = cli(tmp_path / "old", tmp_path / "new", "--out", tmp_path / "d")
    assert result.exit_code == 0, result.output
    assert "claims 2 added, 2 removed, 4 changed, 3 unchanged" in result.output
    for name in ("diff.xlsx", "diff_claims.csv", "diff_figures.csv"):
        assert (tmp_path / "d" / name).exists()
    result = cli(tmp_path / "old" / "claims.xlsx", tmp_path / "new" / "claims.csv", "-o", tmp_path / "e",
                 "--changes-only", "--quiet", "--threshold", "100")
    assert result.exit_code == 0 and result.output == ""
    with open(tmp_path / "e" / "diff_claims.csv", encoding="utf-8-sig", newline="") as f:
        statuses = sorted(r["status"] for r in csv.DictReader(f))
    assert statuses == ["added"] * 6 + ["removed"] * 6


def test_cli_one_table_by_dates(tmp_path):
    three_days().save(tmp_path / "all")
    result = cli(tmp_path / "all", "--from", "2024-06-10", "--to", "2024-06-11", "--out", tmp_path / "d1")
    assert result.exit_code == 0, result.output
    result = cli(tmp_path / "all" / "claims.csv", "--by-date", "--out", tmp_path / "d2", "-q")
    assert result.exit_code == 0, result.output
    summary = pd.read_excel(tmp_path / "d2" / "diff.xlsx", sheet_name="Summary")
    assert list(summary["to_date"]) == ["2024-06-11", "2024-06-12"]


@pytest.mark.parametrize(
    "make_args, message",
    [
        (lambda p: [p / "notes.txt", p / "notes.txt"], "not a claimtable output"),
        (lambda p: [p / "claims.xlsx", p / "claims.xlsx"], "not an .xlsx workbook"),
        (lambda p: [p / "missing", p / "notes.txt"], "no such file"),
        (lambda p: [p / "bin" / "claims.csv", p / "all"], "cannot be read as a claims table|not a readable"),
        (lambda p: [p / "notes.txt"], "give OLD and NEW"),
        (lambda p: [p / "a", p / "b", p / "c"], "give OLD and NEW, or one TABLE"),
        (lambda p: [p / "all", "--from", "2024-06-10"], "give OLD and NEW"),
        (lambda p: [p / "all", "--from", "2030-01-01", "--to", "2024-06-11"], "no claims dated 2030-01-01"),
    ],
)
def test_cli_bad_inputs_fail_with_one_line(tmp_path, make_args, message):
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    (tmp_path / "claims.xlsx").write_text("not a workbook", encoding="utf-8")
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "claims.csv").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    three_days().save(tmp_path / "all", formats=("csv",))
    result = cli(*make_args(tmp_path), "--out", tmp_path / "d")
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("claimtable: error:") and re.search(message, lines[0]), result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "d" / "diff.xlsx").exists()


def test_cli_threshold_out_of_range(tmp_path):
    result = cli(tmp_path, tmp_path, "--threshold", "150")
    assert result.exit_code == 2


# ---------------------------------------------------------------- performance

def test_matching_is_vectorized_per_speaker(monkeypatch):
    rng = random.Random(7)
    vocab = ["الحكومة", "الجيش", "الوزارة", "المدينة", "البلاد", "الأمن", "الاقتصاد", "المفاوضات", "القوات", "اللقاحات",
             "تعمل", "أعلنت", "قررت", "تواصل", "ارتفع", "تراجع", "استعادة", "تأمين", "تطوير", "مكافحة", "الإرهاب",
             "الحدود", "الشمال", "الجنوب", "الأسعار", "المستشفيات", "المدارس", "الطرق", "المياه", "الكهرباء"] + \
            [f"كلمة{i}" for i in range(400)]
    speakers = [f"Speaker {k}" for k in range(5)]
    old_rows, new_rows = [], []
    for n in range(2500):
        words = rng.sample(vocab, 12)
        speaker = speakers[n % 5]
        old_rows.append(claim(f"o{n}", " ".join(words), speaker, para=n))
        r = rng.random()
        if r < 0.1:  # reworded: two words swapped for others
            words = words[:10] + rng.sample(vocab, 2)
        if r < 0.95:
            new_rows.append(claim(f"n{n}", " ".join(words), speaker, date="2024-06-11", para=n))
        if r > 0.93:
            new_rows.append(claim(f"x{n}", " ".join(rng.sample(vocab, 12)), speaker, date="2024-06-11", para=5000 + n))
    calls = []
    real = D.process.cdist
    monkeypatch.setattr(D.process, "cdist", lambda *a, **k: calls.append(len(a[0])) or real(*a, **k))
    started = time.perf_counter()
    d = pipeline.diff(tables(old_rows), tables(new_rows))
    elapsed = time.perf_counter() - started
    assert len(calls) == 5  # one matrix per speaker, not one call per claim
    counts = d.claims["status"].value_counts()
    assert counts["unchanged"] > 2000 and counts["changed"] > 150
    assert elapsed < 30, elapsed


# ---------------------------------------------------------------- end to end (needs attribution + figures)

def test_valdoria_articles_end_to_end():
    old = pipeline.run(DIFF_ARTICLES / "valdoria_2024-06-10.txt", speakers_file=SPEAKERS)
    new = pipeline.run(DIFF_ARTICLES / "valdoria_2024-06-11.txt", speakers_file=SPEAKERS)
    assert set(old.documents["status"]) == {"ok"} and set(new.documents["status"]) == {"ok"}
    d = pipeline.diff(old, new)
    assert_claim_rows(d.claims, VALDORIA_CLAIMS)
    assert_figure_rows(d.figures, VALDORIA_FIGURES)
    (s,) = d.summary.to_dict("records")
    assert (s["from_date"], s["to_date"]) == ("2024-06-10", "2024-06-11")
    sorties = d.figures[d.figures["speaker"] == COMMAND].iloc[0]
    assert sorties["summary"] == f"{COMMAND}: {sorties['unit_en']} more than 1,200 → 1,500"
    assert "1200" in sorties["old_text"] and "1500" in sorties["new_text"]


SEED_REMOVED = ("ودعا لافروف إلى إقامة العلاقات الدولية على أساس المساواة في الحقوق واحترام السيادة "
                "واستقلال كل الدول واستئناف الثقة المتبادلة.")
SEED_ADDED = ("وقال الباحث في مركز فالدوريا للدراسات رامي البستاني إن المؤتمر شكل منصة مهمة لتبادل الآراء "
              "بين الخبراء العسكريين من مختلف القارات.")
SEED_ADDED_BEFORE = "الأركان الروسية: مقتل مئات الإرهابيين"


def modified_seed(folder: Path) -> Path:
    """The seed with 23ألف sorties made 28ألف, one paragraph removed, one (fictional) added."""
    text = SEED.read_text(encoding="utf-8")
    for part in ("أكثر من 23ألف طلعة", SEED_REMOVED, SEED_ADDED_BEFORE):
        assert text.count(part) == 1, part
    text = text.replace("أكثر من 23ألف طلعة", "أكثر من 28ألف طلعة")
    text = text.replace(SEED_REMOVED + "\n", "")
    text = text.replace(SEED_ADDED_BEFORE, SEED_ADDED + "\n\n" + SEED_ADDED_BEFORE)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SEED.name
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_against_a_copy_with_three_changes(tmp_path):
    copy = modified_seed(tmp_path / "copy")
    for name, path in (("old", SEED), ("new", copy)):
        result = runner.invoke(app, ["run", str(path), "--out", str(tmp_path / name), "--quiet",
                                     "--speakers", str(SPEAKERS)])
        assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["diff", str(tmp_path / "old"), str(tmp_path / "new"), "--out", str(tmp_path / "d"), "-q"])
    assert result.exit_code == 0, result.output
    old, new = pipeline.load(tmp_path / "old"), pipeline.load(tmp_path / "new")
    d = pipeline.diff(tmp_path / "old", tmp_path / "new")
    c = d.claims

    def squash(s):
        return " ".join(str(s).split())

    # 1. the changed figure: its claim is changed, nothing else
    changed = c[c["status"] == "changed"]
    assert len(changed) == 1, _show(changed)
    assert "23ألف" in changed["old_claim_text"].iloc[0] and "28ألف" in changed["new_claim_text"].iloc[0]
    # 2. the removed paragraph: exactly its claims are removed
    removed = c[c["status"] == "removed"]
    in_removed = old.claims["claim_text"].map(lambda t: squash(t) in squash(SEED_REMOVED))
    assert len(removed) == in_removed.sum() >= 1, _show(removed)
    assert removed["old_claim_text"].map(lambda t: squash(t) in squash(SEED_REMOVED)).all()
    # 3. the added paragraph: exactly its claims are added
    added = c[c["status"] == "added"]
    in_added = new.claims["claim_text"].map(lambda t: squash(t) in squash(SEED_ADDED))
    assert len(added) == in_added.sum() >= 1, _show(added)
    assert added["new_claim_text"].map(lambda t: squash(t) in squash(SEED_ADDED)).all()
    assert (c["status"] == "unchanged").sum() == len(old.claims) - len(removed) - 1
    # figures: the one changed, no other change
    f = d.figures
    assert len(old.figures) > 0, "the figures stage gave no figures for the seed"
    moved = f[f["status"] != "unchanged"]
    assert list(moved["status"]) == ["changed"], moved[["status", "summary"]].to_string()
    row = moved.iloc[0]
    assert (row["old_value"], row["new_value"], row["delta"]) == (23000, 28000, 5000)
    assert row["pct_change"] == pytest.approx(21.74, abs=0.01)
    assert row["old_qualifier"] == row["new_qualifier"] == "more_than"
    assert row["summary"] == "Russian General Staff: sorties more than 23,000 → 28,000"
    (s,) = d.summary.to_dict("records")
    assert s["figures_changed"] == 1 and s["figures_added"] == s["figures_removed"] == 0
    assert s["claims_changed"] == 1 and s["changes"] == 2 + len(removed) + len(added)
    with open(tmp_path / "d" / "diff_figures.csv", encoding="utf-8-sig", newline="") as fh:
        summaries = [r["summary"] for r in csv.DictReader(fh) if r["status"] == "changed"]
    assert summaries == ["Russian General Staff: sorties more than 23,000 → 28,000"]
