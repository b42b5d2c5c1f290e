"""The speakers registry and the reporting-cue lexicon: loading, lookup, overrides, errors."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.arabic import normalize_ar
from pipeline.errors import LexiconError
from pipeline.registry import (
    CUES_FILE,
    SPEAKER_COLUMNS,
    SPEAKERS_FILE,
    Entry,
    load_cues,
    load_registry,
    norm,
)

HEADER = ",".join(SPEAKER_COLUMNS)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# ---------------------------------------------------------------------------------- shipped data


def test_shipped_registry_loads_with_enough_entries():
    reg = load_registry()
    assert len(reg.entries) >= 150
    assert {"Sergei Shoigu", "Sergei Lavrov", "Vladimir Putin", "Antonio Guterres"} <= reg.canonical_names
    assert all(isinstance(e, Entry) and e.aliases for e in reg.entries)
    assert {e.type for e in reg.entries} == {"person", "organization", "agency"}


def test_shipped_header_is_exact():
    with SPEAKERS_FILE.open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh)) == list(SPEAKER_COLUMNS)
    with CUES_FILE.open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh)) == ["form", "lemma", "kind", "gender", "mode"]


def test_no_alias_under_two_canonicals():
    owner: dict[str, str] = {}
    clashes = []
    for e in load_registry().entries:
        for a in e.aliases:
            key = norm(a)
            if key in owner and owner[key] != e.canonical:
                clashes.append((a, owner[key], e.canonical))
            owner.setdefault(key, e.canonical)
    assert not clashes, clashes


def test_no_duplicate_canonicals_in_shipped_file():
    names = [e.canonical for e in load_registry().entries]
    assert len(names) == len(set(names))


def test_loading_is_cached():
    assert load_registry() is load_registry()
    assert load_cues() is load_cues()


# ---------------------------------------------------------------------------------- lookup


@pytest.mark.parametrize(
    "surface, canonical",
    [
        ("شويغو", "Sergei Shoigu"),
        ("شويجو", "Sergei Shoigu"),
        ("سيرغي شويغو", "Sergei Shoigu"),
        ("سيرجى شويجو", "Sergei Shoigu"),  # ى folded to ي
        ("وشويغو", "Sergei Shoigu"),  # conjunction dropped
        ("غيراسيموف", "Valery Gerasimov"),
        ("جيراسيموف", "Valery Gerasimov"),
        ("لافروف", "Sergei Lavrov"),
        ("لافروفُ", "Sergei Lavrov"),  # tashkeel
        ("«بوتين»", "Vladimir Putin"),  # edge punctuation
        ("وزارة الدفاع الروسية", "Russian Defence Ministry"),
        ("وزاره الدفاع الروسيه", "Russian Defence Ministry"),  # ة written ه
        ("الأركان الروسية", "Russian General Staff"),
        ("هيئة الأركان العامة الروسية", "Russian General Staff"),
        ("البنتاجون", "Pentagon"),
        ("البنتاغون", "Pentagon"),
        ("الإليزيه", "French Presidency"),
        ("تاس", "TASS"),
        ("وكالة تاس", "TASS"),
        ("سانا", "SANA"),
        ("موسكو", "Russia"),
        ("المرصد السوري لحقوق الإنسان", "Syrian Observatory for Human Rights"),
    ],
)
def test_lookup_variants(surface, canonical):
    entry = load_registry().lookup(surface)
    assert entry is not None, surface
    assert entry.canonical == canonical


def test_lookup_unknown_and_prefix_only_when_known():
    reg = load_registry()
    assert reg.lookup("زيد عمرو الفالدوري") is None
    assert reg.lookup("") is None
    assert reg.lookup("وزير") is None


def test_entry_fields():
    e = load_registry().lookup("شويغو")
    assert e.role_en == "Russian Defence Minister"
    assert e.role_ar == "وزير الدفاع الروسي"
    assert e.type == "person" and e.country == "Russia"
    assert "شويجو" in e.aliases


def test_match_at_longest_match():
    reg = load_registry()
    toks = "وأعلنت هيئة الأركان العامة الروسية ، أن".split()
    entry, n = reg.match_at(toks, 1)
    assert entry.canonical == "Russian General Staff" and n == 4
    toks = "قال وزير الخارجية الروسي سيرغي لافروف إن".split()
    entry, n = reg.match_at(toks, 4)
    assert entry.canonical == "Sergei Lavrov" and n == 2
    assert reg.match_at(toks, 5) == (entry, 1)
    assert reg.match_at(toks, 0) is None
    assert reg.match_at(toks, 99) is None


def test_match_at_strips_clitics_and_punctuation():
    reg = load_registry()
    entry, n = reg.match_at("وقال “شويغو” إن".split(), 1)
    assert entry.canonical == "Sergei Shoigu" and n == 1
    entry, n = reg.match_at("بحسب وزارة الدفاع الروسية.".split(), 1)
    assert entry.canonical == "Russian Defence Ministry" and n == 3
    entry, n = reg.match_at("ونقلت وكالة تاس عن".split(), 1)
    assert entry.canonical == "TASS" and n == 2
    entry, n = reg.match_at("دعا للأمم المتحدة".split(), 1)  # لل = ل + ال
    assert entry.canonical == "United Nations" and n == 2


def test_match_at_does_not_cross_a_comma():
    reg = load_registry()
    hit = reg.match_at("وزارة الدفاع، الروسية".split(), 0)
    assert hit is None or hit[1] < 3


# ---------------------------------------------------------------------------------- extra file


def test_extra_file_overrides_and_adds(tmp_path):
    extra = _write(
        tmp_path,
        "extra.csv",
        HEADER + "\n"
        "Sergei Shoigu,شويغو|سيرغي شويغو,أمين مجلس الأمن الروسي,Secretary of the Russian Security Council,Russian Security Council,Russia,person\n"
        'Samer al-Halwani,سامر الحلواني|الحلواني,"وزير الصحة، الفالدوري",Valdorian Minister of Health,Valdorian Government,Valdoria,person\n',
    )
    reg = load_registry(extra)
    e = reg.lookup("شويغو")
    assert e.role_en == "Secretary of the Russian Security Council"
    assert reg.lookup("شويجو") is None  # the override replaces the whole row, aliases included
    assert reg.lookup("الحلواني").canonical == "Samer al-Halwani"
    assert reg.lookup("الحلواني").role_ar == "وزير الصحة، الفالدوري"
    assert len(reg.entries) == len(load_registry().entries) + 1
    assert [e.canonical for e in reg.entries].count("Sergei Shoigu") == 1
    # the shipped registry is not changed by loading an extra file
    assert load_registry().lookup("شويغو").role_en == "Russian Defence Minister"


def test_extra_file_with_bom(tmp_path):
    p = tmp_path / "bom.csv"
    p.write_text(HEADER + "\nZaid Amr,زيد عمرو,,,,,person\n", encoding="utf-8-sig")
    assert load_registry(p).lookup("زيد عمرو").canonical == "Zaid Amr"


@pytest.mark.parametrize(
    "body, line, needle",
    [
        ("canonical,aliases_ar,role_ar\nX,س,\n", 1, "type"),
        (HEADER + "\n,زيد,,,,,person\n", 2, "canonical"),
        (HEADER + "\nZaid,زيد,,,,,person\nAmr,عمرو,,,,,robot\n", 3, "type"),
        (HEADER + "\nZaid,زيد,,,,,person\nAmr,عمرو,وزير, الخارجية,,,,person\n", 3, "fields"),
        (HEADER + "\nZaid,,,,,,person\n", 2, "aliases_ar"),
    ],
)
def test_malformed_speakers_file(tmp_path, body, line, needle):
    p = _write(tmp_path, "bad.csv", body)
    with pytest.raises(LexiconError) as info:
        load_registry(p)
    msg = str(info.value)
    assert "bad.csv" in msg and f"line {line}" in msg and needle in msg


def test_missing_extra_file(tmp_path):
    with pytest.raises(LexiconError):
        load_registry(tmp_path / "nope.csv")


# ---------------------------------------------------------------------------------- cues


@pytest.mark.parametrize(
    "form, lemma, kind, gender",
    [
        ("قال", "قال", "verb", "m"),
        ("قالت", "قال", "verb", "f"),
        ("وقال", "قال", "verb", "m"),
        ("وقالت", "قال", "verb", "f"),
        ("فقال", "قال", "verb", "m"),
        ("قالوا", "قال", "verb", "pl"),
        ("يقول", "قال", "verb", "m"),
        ("تقول", "قال", "verb", "f"),
        ("أكدت", "أكد", "verb", "f"),
        ("وأكدت", "أكد", "verb", "f"),
        ("يؤكد", "أكد", "verb", "m"),
        ("وأوضح", "أوضح", "verb", "m"),
        ("وبين", "بين", "verb", "m"),
        ("وأشارت", "أشار", "verb", "f"),
        ("وشدد", "شدد", "verb", "m"),
        ("أعلنت", "أعلن", "verb", "f"),
        ("وأضاف", "أضاف", "verb", "m"),
        ("وتابعت", "تابع", "verb", "f"),
        ("مشيرا", "أشار", "participle", "m"),
        ("مشيراً", "أشار", "participle", "m"),
        ("مشيرة", "أشار", "participle", "f"),
        ("لافتا", "لفت", "participle", "m"),
        ("لافتة", "لفت", "participle", "f"),
        ("مؤكدا", "أكد", "participle", "m"),
        ("داعيا", "دعا", "participle", "m"),
        ("محذرة", "حذر", "participle", "f"),
        ("نقلت", "نقل", "relay", "f"),
        ("ونقل", "نقل", "relay", "m"),
    ],
)
def test_cue_forms(form, lemma, kind, gender):
    cue = load_cues().lookup(form)
    assert cue is not None, form
    assert (cue.lemma, cue.kind, cue.gender, cue.mode) == (normalize_ar(lemma), kind, gender, "indirect")
    assert cue == (normalize_ar(lemma), kind, gender, "indirect")  # also a plain tuple


def test_cue_kinds():
    cues = load_cues()
    assert cues.lookup("قوله").kind == "nominal"
    assert cues.lookup("بحسب").kind == "nominal"
    assert cues.lookup("وفقا لـ").kind == "nominal"
    assert cues.lookup("نقلا عن").kind == "nominal"
    assert cues.lookup("يذكر أن") == ("ذكر", "narrative", "", "narrative")
    assert cues.lookup("وتجدر الإشارة إلى أن").kind == "narrative"
    assert cues.lookup("الوزير") is None
    parts = cues.forms_of_kind("participle")
    assert {"مشيرا", "لافتا", "مبينا", "محذرا", "مضيفا", "معتبرا", "داعيا", "موضحا"} <= parts
    assert normalize_ar("مؤكدا") in parts and "مشيره" in parts
    assert len(cues) >= 300


def test_cue_extra_and_errors(tmp_path):
    extra = _write(tmp_path, "cues.csv", "form,lemma,kind,gender,mode\nاستفاض,استفاض,verb,m,indirect\nقال,قال,verb,m,direct\n")
    cues = load_cues(extra)
    assert cues.lookup("استفاض").kind == "verb"
    assert cues.lookup("قال").mode == "direct"
    assert load_cues().lookup("قال").mode == "indirect"
    bad = _write(tmp_path, "badcues.csv", "form,lemma,kind,gender,mode\nقال,قال,verb,m,\nزعم,زعم,guess,m,\n")
    with pytest.raises(LexiconError, match=r"badcues\.csv, line 3, column 'kind'"):
        load_cues(bad)
    bad2 = _write(tmp_path, "badcues2.csv", "form,lemma,kind\nقال,قال,verb\n")
    with pytest.raises(LexiconError, match=r"line 1.*gender"):
        load_cues(bad2)
