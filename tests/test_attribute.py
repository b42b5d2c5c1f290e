"""Attribute stage: words and quotes, cues, speaker mentions, frames, coreference, relays."""
from pathlib import Path

import pytest

from pipeline.attribute import (
    Attributor,
    Words,
    find_frames,
    find_sources,
    lexicon_for,
    parse_np,
    surface,
)
from pipeline.resources import load_resources
from schemas import RunConfig

ARTICLES = Path(__file__).resolve().parent / "articles"


@pytest.fixture(scope="module")
def lex():
    return lexicon_for(load_resources(RunConfig(speakers_file=ARTICLES / "attrib_speakers.csv")))


def frames_of(text, lex, state=None):
    ws = Words(text)
    state = state or Attributor(lex)
    return ws, find_frames(ws, lex, state), state


def subject_of(text, lex, state=None):
    ws, frames, state = frames_of(text, lex, state)
    assert frames, text
    f = frames[0]
    return (surface(ws, f.subject.start, f.subject.end) if f.subject else None), f, ws, state


# --- words and quotes -------------------------------------------------------------------------


def test_glued_quote_marks_become_words_and_pair_up():
    ws = Words("وأشار إلى أن الجيش”سيبقى على الحياد” اليوم")
    assert ws.raw[3:5] == ["الجيش", "”"]
    inside = [w for w, q in zip(ws.raw, ws.quoted) if q]
    assert inside == ["سيبقى", "على", "الحياد"]
    assert not ws.quoted[ws.raw.index("اليوم")]


def test_mixed_marks_pair_and_a_stray_opener_quotes_nothing():
    # ” may open a quote as well as close it; an opener never closed quotes nothing
    ws = Words("قال «لن نتراجع» ثم ”نحن هنا” و“بقي")
    assert [w for w, q in zip(ws.raw, ws.quoted) if q] == ["لن", "نتراجع", "نحن", "هنا"]
    assert not ws.quoted[-1]


def test_offsets_point_into_the_text():
    text = "وقال تيسكو: “الحوار أولا”."
    ws = Words(text, base=100)
    for k in range(ws.n):
        assert text[ws.starts[k] - 100:ws.ends[k] - 100] == ws.raw[k]


# --- cues -------------------------------------------------------------------------------------


def test_cues_in_both_genders_with_prefixes_and_suffixes(lex):
    assert lex.cue("وقال").lemma == lex.cue("قالت").lemma
    assert lex.cue("قالت").gender == "f"
    assert lex.cue("فأكدت") is not None
    assert lex.cue("يعتبرونها").lemma == lex.cue("يعتبر").lemma
    assert lex.cue("يعتبر").present and not lex.cue("أكد").present
    assert lex.cue("مشيرة").kind == "participle"
    assert lex.cue("الحكومة") is None


# --- speaker mentions -------------------------------------------------------------------------


def test_title_followed_by_an_unknown_name(lex):
    who, f, ws, state = subject_of("وقال مدير المرصد الفالوري لحقوق الإنسان سامي رحال إن المدنيين عادوا", lex)
    assert who == "مدير المرصد الفالوري لحقوق الإنسان سامي رحال"
    resolved = state.resolve(ws, f.subject)
    ent, ar, span = resolved.entity, resolved.ar, resolved.span
    assert ws.text[span[0]:span[1]] == ar
    assert (ent.name, ar, ent.role, ent.type, ent.registered) == (
        "سامي رحال", "سامي رحال", "مدير المرصد الفالوري لحقوق الإنسان", "person", False)


def test_title_alone_is_the_speaker(lex):
    who, f, ws, state = subject_of("وأكد نائب رئيس الوزراء الفالوري أن القاعدة لم تستخدم", lex)
    assert who == "نائب رئيس الوزراء الفالوري"
    ent = state.resolve(ws, f.subject).entity
    assert ent.name == "نائب رئيس الوزراء الفالوري" and ent.type == "person"


def test_words_after_a_role_are_not_taken_for_a_name(lex):
    who, f, _, _ = subject_of("وعزا المسؤول أسباب تراجع الحوادث، إلى العمل الميداني", lex)
    assert who == "المسؤول" and f.subject.name is None


def test_generic_sources_and_bodies(lex):
    assert subject_of("وتقول مصادر مقربة من الحكومة إن الهجوم بدأ", lex)[0] == "مصادر مقربة من الحكومة"
    assert subject_of("وأبدت دول أعضاء في مجلس الأمن مخاوف من التصعيد", lex)[0] == "دول أعضاء في مجلس الأمن"
    assert subject_of("أعلنت وزارة الصحة الفالورية أمس أن الإصابات تراجعت", lex)[0] == "وزارة الصحة الفالورية"


def test_registered_alias_inside_a_longer_name_is_not_taken(lex):
    # the shipped registry knows a bare "المرصد"; this is another observatory
    who, f, ws, state = subject_of("وأشار المرصد الفالوري لحقوق الإنسان إلى سقوط قذائف", lex)
    assert who == "المرصد الفالوري لحقوق الإنسان"
    assert not state.resolve(ws, f.subject).entity.registered


def test_subject_runs_to_the_complementizer_over_genitives(lex):
    who = subject_of("أعلنت المؤسسة الوطنية لنقل الغاز بفالوريا اليوم الاثنين، عن تعليق الضخ", lex)[0]
    assert who == "المؤسسة الوطنية لنقل الغاز بفالوريا"


def test_a_feminine_place_after_a_masculine_verb_is_its_object(lex):
    ws, frames, _ = frames_of("وعلق الوزير أرمان تيسكو على القرار، وحث ميرادا على التراجع.", lex)
    second = frames[-1]
    assert ws.raw[second.cue_at] == "وحث" and second.subject is None
    ws, frames, _ = frames_of("ونفت فالوريا أن تكون قواتها منعت القوافل.", lex)
    assert surface(ws, frames[0].subject.start, frames[0].subject.end) == "فالوريا"


def test_subject_before_the_verb(lex):
    ws, frames, _ = frames_of("وكان ناشطون أفادوا بأن القافلة تأخرت.", lex)
    assert frames[0].kind == "svo" and surface(ws, frames[0].subject.start, frames[0].subject.end) == "ناشطون"
    ws, frames, _ = frames_of("وعلى الرغم من ذلك، إلا أن الخبراء يعتبرونها خطوة مهمة.", lex)
    f = frames[0]
    assert f.kind == "svo" and ws.raw[f.cut] == "إلا"


def test_a_cue_inside_a_relative_clause_opens_nothing(lex):
    _, frames, _ = frames_of("بحسب التقرير الذي قال إن الأعداد تتزايد.", lex)
    assert frames == []


def test_weak_cue_needs_a_complementizer(lex):
    # بين is also the preposition "between"
    _, frames, _ = frames_of("وأكد ضرورة التعاون بين الحكومة والمعارضة.", lex)
    assert len(frames) == 1
    ws, frames, _ = frames_of("وبين الوزير أن الخطة جاهزة.", lex)
    assert len(frames) == 1 and ws.raw[frames[0].cue_at] == "وبين"
    _, frames, _ = frames_of("وتنتشر القوات على الحدود بين فالوريا وزاندار، إلا أن وجودها محدود.", lex)
    assert frames == []


# --- relays and sources ------------------------------------------------------------------------


def test_relay_speaker_after_an_and_agency_as_via(lex):
    ws, frames, state = frames_of("ونقلت وكالة أنباء ميرادا عن تيسكو قوله إن القوات ستعود.", lex)
    f = frames[0]
    assert f.kind == "relay"
    said = state.explicit(ws, f, 1)
    assert (said.entity.name, said.speaker_ar, said.via, said.attribution) == (
        "Arman Tesko", "تيسكو", "وكالة أنباء ميرادا", "relayed")


def test_message_read_by_someone_else(lex):
    text = "دعا الرئيس الفالوري إلياس نوردان في رسالة إلى المؤتمر تلاها مستشار الرئاسة يوسف قادري إلى الحوار."
    ws, frames, state = frames_of(text, lex)
    said = state.explicit(ws, frames[0], 1)
    assert (said.entity.name, said.via) == ("Elias Nordan", "يوسف قادري")


def test_statement_to_the_documents_own_outlet_has_no_via(lex):
    state = Attributor(lex, source="وكالة أنباء فالوريا")
    text = "وقال الوزير أرمان تيسكو لوكالة أنباء فالوريا إن القوات انسحبت."
    ws, frames, state = frames_of(text, lex, state)
    assert state.explicit(ws, frames[0], 1).via is None
    state = Attributor(lex, source="صحيفة الشرق الفالورية")
    ws, frames, state = frames_of(text, lex, state)
    assert state.explicit(ws, frames[0], 1).via == "وكالة أنباء فالوريا"


def test_trailing_source_after_bihasb(lex):
    ws = Words("ولم تسجل أي وفيات في المخيمات، بحسب ما نقلت وكالة أنباء ميرادا.")
    state = Attributor(lex)
    (src,) = find_sources(ws, lex, state)
    assert surface(src.ws, src.mention.start, src.mention.end) == "وكالة أنباء ميرادا"
    assert find_sources(Words("وتم التوزيع بحسب القانون."), lex, state) == []


# --- the document's memory --------------------------------------------------------------------


def test_role_phrase_resolves_to_the_last_person_in_that_role(lex):
    state = Attributor(lex)
    ws, frames, _ = frames_of("وقال وزير الدفاع أرمان تيسكو إن الانسحاب بدأ.", lex, state)
    state.explicit(ws, frames[0], 1)
    ws, frames, _ = frames_of("وأكد المسؤول العسكري الفالوري أن الجيش جاهز.", lex, state)
    said = state.explicit(ws, frames[0], 2)
    assert (said.entity.name, said.speaker_ar, said.attribution) == (
        "Arman Tesko", "المسؤول العسكري الفالوري", "coreference")
    ws, frames, _ = frames_of("وأضاف الوزير أن الجنود سيعودون.", lex, state)
    assert state.explicit(ws, frames[0], 3).entity.name == "Arman Tesko"


def test_surname_of_an_unregistered_person_is_remembered(lex):
    state = Attributor(lex)
    ws, frames, _ = frames_of("وقال زعيم المعارضة كريم داوود إن الاتفاق ناقص.", lex, state)
    state.explicit(ws, frames[0], 1)
    ws, frames, _ = frames_of("وشدد داوود على أن الضمانات غائبة.", lex, state)
    said = state.explicit(ws, frames[0], 2)
    assert (said.entity.name, said.speaker_ar) == ("كريم داوود", "داوود")


def test_body_and_report_coreference(lex):
    state = Attributor(lex)
    ws, frames, _ = frames_of("أعلنت منظمة الإغاثة الإقليمية أن المخيمات أغلقت.", lex, state)
    state.explicit(ws, frames[0], 1)
    for text in ("وقالت المنظمة ذاتها إن العائدين بالآلاف.", "ولفت التقرير إلى أن الأمطار أخرت العودة."):
        ws, frames, _ = frames_of(text, lex, state)
        said = state.explicit(ws, frames[0], 2)
        assert said.entity.name == "منظمة الإغاثة الإقليمية" and said.attribution == "coreference"


def test_continued_cue_takes_the_running_speaker(lex):
    state = Attributor(lex)
    ws, frames, _ = frames_of("وقالت المتحدثة باسم الحكومة نادية سلوم إن المساعدات وصلت.", lex, state)
    state.explicit(ws, frames[0], 1)
    ws, frames, _ = frames_of("وأضافت أن 20 شاحنة عبرت المعبر.", lex, state)
    said = state.explicit(ws, frames[0], 2)
    assert (said.entity.name, said.attribution) == ("نادية سلوم", "continued")


@pytest.mark.parametrize("text", ["", " ", "...", "،،", "“", "Hello world.", "123 456", "”“«»", "و"])
def test_odd_input_never_raises(lex, text):
    state = Attributor(lex)
    ws, frames, _ = frames_of(text, lex, state)
    find_sources(ws, lex, state)
    for k in range(ws.n):
        parse_np(ws, k, ws.n, lex, state)


def test_a_thing_that_shows_is_no_speaker(lex):
    state = Attributor(lex)
    ws, frames, _ = frames_of("وقال الوزير أرمان تيسكو إن الهدنة صامدة.", lex, state)
    state.explicit(ws, frames[0], 1)
    for text in ("ويظهر الفيديو أن الجنود انسحبوا من القرية.", "وأظهرت الإحصائيات تراجع عدد الحوادث."):
        ws, frames, _ = frames_of(text, lex, state)
        assert frames[0].bad_subject and state.explicit(ws, frames[0], 2).entity is None


def test_direct_object_before_the_complement_keeps_the_speaker(lex):
    state = Attributor(lex)
    ws, frames, _ = frames_of("وقال الوزير أرمان تيسكو إن الهدنة صامدة.", lex, state)
    state.explicit(ws, frames[0], 1)
    ws, frames, _ = frames_of("ووصف الوضع في القرى بأنه مستقر.", lex, state)
    said = state.explicit(ws, frames[0], 1)
    assert (said.entity.name, said.attribution) == ("Arman Tesko", "continued")


def test_imperfect_of_a_listed_past_cue_is_a_present_cue(lex):
    cue = lex.cue("ويقدر")
    assert cue is not None and cue.present and cue.lemma == lex.cue("قدر").lemma
    assert lex.cue("يحمل") is None  # "carries", not a reporting verb
    assert lex.cue("يتوقع").present and not lex.cue("توقعت").present


def test_rank_and_definite_name_in_the_comma_slot(lex):
    who, f, ws, _ = subject_of("قال قائد المنطقة الشرقية، الفريق أول المختار البناني، إن الحدود آمنة.", lex)
    assert surface(ws, *f.subject.name) == "المختار البناني"
    who, f, ws, _ = subject_of("قال المتحدث باسم الوزارة، الأسبوع الماضي، إن الحدود آمنة.", lex)
    assert f.subject.name is None  # a time phrase between commas is no name
