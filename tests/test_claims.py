"""Claims stage: sentences split into claims, each with its speaker, on articles written for the
tests (fictional people and places) and on the seed."""
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.claims import extract_claims
from pipeline.ingest import read_path
from pipeline.resources import load_resources
from pipeline.segment import segment
from schemas import Document, RunConfig

ARTICLES = Path(__file__).resolve().parent / "articles"
SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_83a616a484fc29bf.txt"


@pytest.fixture(scope="module")
def resources():
    return load_resources(RunConfig(speakers_file=ARTICLES / "attrib_speakers.csv"))


def claims_of(path, resources):
    (doc,) = list(read_path(Path(path)))
    return doc, extract_claims(doc, segment(doc), resources)


def find(claims, start):
    """The claim whose text begins with `start`."""
    hits = [c for c in claims if c.claim_text.startswith(start)]
    assert len(hits) == 1, (start, [c.claim_text[:40] for c in claims])
    return hits[0]


def row(c):
    return (c.speaker, c.speaker_ar, c.via, c.attribution, c.mode)


@pytest.fixture(scope="module")
def border(resources):
    return claims_of(ARTICLES / "attrib_valoria_border.txt", resources)[1]


@pytest.fixture(scope="module")
def quotes(resources):
    return claims_of(ARTICLES / "attrib_mismatched_quotes.txt", resources)[1]


@pytest.fixture(scope="module")
def relay(resources):
    return claims_of(ARTICLES / "attrib_relay_report.txt", resources)[1]


# --- every attribution kind ------------------------------------------------------------------


def test_organisation_speaker_and_chained_that(border):
    first = find(border, "أعلنت وزارة الدفاع الفالورية")
    second = find(border, "وأن المرحلة الثانية")
    assert first.claim_text.endswith("من الحدود الشمالية")
    assert row(first) == ("Valorian Defence Ministry", "وزارة الدفاع الفالورية", None, "explicit", "indirect")
    assert first.speaker_type == "organization" and second.speaker == first.speaker
    assert (first.claim_no, second.claim_no) == (1, 2)


def test_registered_person_direct_quote_then_participle(border):
    quote = find(border, "وقال وزير الدفاع أرمان تيسكو")
    assert quote.claim_text.endswith("مع الجانب الآخر\"")
    assert row(quote) == ("Arman Tesko", "أرمان تيسكو", None, "explicit", "direct")
    assert quote.speaker_role == "Valorian Defence Minister" and quote.cue == "وقال"
    part = find(border, "مشيرا إلى أن مراقبين")
    assert row(part) == ("Arman Tesko", "أرمان تيسكو", None, "explicit", "indirect")


def test_continued_cue_without_subject(border):
    c = find(border, "وأضاف أن الحكومة")
    assert (c.speaker, c.attribution, c.mode, c.cue) == ("Arman Tesko", "continued", "indirect", "وأضاف")
    assert c.speaker_start is None and (c.cue_start, c.cue_end) == (c.start, c.start + len("وأضاف"))


def test_speaker_and_cue_offsets(border):
    c = find(border, "مشيرا إلى أن مراقبين")  # the participle's claim: named earlier in the sentence
    assert c.speaker_start < c.start and c.cue_start == c.start


def test_role_coreference(border):
    c = find(border, "وأكد المسؤول العسكري الفالوري")
    assert row(c) == ("Arman Tesko", "المسؤول العسكري الفالوري", None, "coreference", "direct")


def test_feminine_cue_and_two_speakers_in_one_paragraph(border):
    lina = find(border, "من جانبها أكدت المتحدثة")
    karim = find(border, "فيما قال زعيم المعارضة")
    assert lina.paragraph == karim.paragraph and lina.sentence == karim.sentence
    assert lina.claim_text.endswith("بالحل السلمي للنزاع،")
    assert row(lina) == ("لينا ماروف", "لينا ماروف", None, "explicit", "indirect")
    assert lina.speaker_role == "المتحدثة باسم وزارة الخارجية الفالورية"
    # a two-word scare quote inside a reported sentence stays indirect
    assert row(karim) == ("كريم داوود", "كريم داوود", None, "explicit", "indirect")
    assert karim.speaker_role == "زعيم المعارضة" and karim.speaker_type == "person"


def test_relay_carries_to_a_role_reference_of_the_same_statement(border):
    relayed = find(border, "ونقلت وكالة أنباء ميرادا")
    assert row(relayed) == ("Arman Tesko", "تيسكو", "وكالة أنباء ميرادا", "relayed", "indirect")
    later = find(border, "وتابع الوزير")
    assert (later.speaker, later.speaker_ar, later.via) == ("Arman Tesko", "الوزير", "وكالة أنباء ميرادا")


def test_unregistered_speaker_with_an_outlet_as_via(border):
    c = find(border, "وقال مدير المرصد الفالوري")
    assert (c.speaker, c.speaker_ar, c.attribution) == ("سامي رحال", "سامي رحال", "relayed")
    assert c.speaker_role == "مدير المرصد الفالوري لحقوق الإنسان"
    assert c.via in ("Reuters", "وكالة رويترز")


def test_narrative_background(border):
    c = find(border, "يذكر أن النزاع")
    assert row(c) == (None, None, None, "narrative", "narrative")


def test_headline_and_outlet_are_never_claims(resources):
    doc, claims = claims_of(ARTICLES / "attrib_valoria_border.txt", resources)
    assert all(c.start >= doc.body_start for c in claims)
    assert not any(c.claim_text == doc.title for c in claims)


# --- quotes ----------------------------------------------------------------------------------


def test_mismatched_quote_marks(quotes):
    first = find(quotes, "وقال تيسكو ”إن الحوار")
    assert first.claim_text.endswith("لإنهاء النزاع”")
    assert row(first) == ("Arman Tesko", "تيسكو", None, "explicit", "direct")
    glued = find(quotes, "وأكد أن الجيش”سيبقى")
    assert (glued.speaker, glued.attribution, glued.mode) == ("Arman Tesko", "continued", "direct")


def test_quoted_statement_of_two_sentences_is_one_claim(quotes):
    c = find(quotes, "وقالت المتحدثة باسم الحكومة")
    assert c.claim_text.endswith("مع الشركاء الإقليميين»")
    assert "التزاماتنا. وسنواصل" in c.claim_text
    assert row(c) == ("نادية سلوم", "نادية سلوم", None, "explicit", "direct")
    after = find(quotes, "مضيفة أن الحكومة")
    assert (after.speaker, after.mode, after.cue) == ("نادية سلوم", "indirect", "مضيفة")


def test_subheadlines(quotes):
    said = find(quotes, "تيسكو: لا تراجع")
    assert (said.speaker, said.attribution, said.mode) == ("Arman Tesko", "explicit", "indirect")
    # a heading with a number summarises the statement after it
    figure = find(quotes, "سحب 300 آلية")
    assert (figure.speaker, figure.attribution) == ("هيئة الأركان الفالورية", "continued")
    # a section title without an assertion is not a claim
    assert not any(c.claim_text.startswith("الطريق إلى ميرادا") for c in quotes)
    # after a section break the next cue-less paragraph is the outlet's
    assert find(quotes, "وينفذ الجيش الفالوري").attribution == "narrative"


# --- sources, relays and continuation --------------------------------------------------------


def test_report_then_report_coreference(relay):
    first = find(relay, "ذكر تقرير أصدرته")
    assert (first.speaker, first.attribution) == ("تقرير أصدرته منظمة الإغاثة الإقليمية", "explicit")
    again = find(relay, "وأضاف التقرير")
    assert (again.speaker, again.speaker_ar, again.attribution) == (first.speaker, "التقرير", "coreference")


def test_country_as_speaker_and_subject_before_verb(relay):
    assert row(find(relay, "ونفت فالوريا")) == ("Valoria", "فالوريا", None, "explicit", "indirect")
    c = find(relay, "وكان ناشطون أفادوا")
    assert (c.speaker, c.speaker_type, c.cue) == ("ناشطون", "person", "أفادوا")


def test_statement_to_own_outlet_has_no_via(relay):
    c = find(relay, "وقالت مصادر مقربة")
    assert row(c) == ("مصادر مقربة من الحكومة", "مصادر مقربة من الحكومة", None, "explicit", "indirect")


def test_message_read_by_another_gives_via(relay):
    c = find(relay, "في السياق دعا الرئيس الفالوري")
    assert row(c) == ("Elias Nordan", "إلياس نوردان", "يوسف قادري", "relayed", "indirect")


def test_trailing_sources(relay):
    c = find(relay, "وأكدت وزارة الصحة الفالورية")
    assert row(c) == ("وزارة الصحة الفالورية", "وزارة الصحة الفالورية", "وكالة أنباء ميرادا", "relayed", "indirect")
    c = find(relay, "ولم تسجل أي وفيات")
    assert (c.speaker, c.speaker_ar, c.attribution, c.cue) == ("وزارة الصحة الفالورية", "الوزارة", "coreference", "بحسب")


def test_paragraph_going_on_with_the_speaker_and_narration_after_it(relay):
    c = find(relay, "وفي المخيمات الشمالية")
    assert (c.speaker, c.attribution, c.cue) == ("وزارة الصحة الفالورية", "continued", None)
    assert find(relay, "ويعاني القطاع الصحي").speaker is None


# --- the seed --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(resources):
    return claims_of(SEED, resources)[1]


def test_seed_participles_and_chains_split_one_sentence(seed):
    sentence = find(seed, "وأكد شويغو ضرورة").sentence
    firsts = [c.claim_text.split()[0] for c in seed if c.sentence == sentence]
    assert firsts == ["وأكد", "معيدا", "وأن", "محذرا", "ومؤكدا"]
    assert {c.speaker for c in seed if c.sentence == sentence} == {"Sergei Shoigu"}


def test_seed_misplaced_quote_participle_and_role_reference(seed):
    c = find(seed, "لافتا إلى أن القوات الجوية الروسية")
    assert (c.speaker, c.speaker_ar, c.attribution) == ("Sergei Rudskoy", "المسؤول العسكري الروسي", "coreference")


def test_seed_relays(seed):
    assert row(find(seed, "ونقلت وكالة تاس")) == ("Vladimir Putin", "بوتين", "TASS", "relayed", "direct")
    assert find(seed, "في السياق دعا الرئيس الروسي").via == "Nikolai Patrushev"
    assert find(seed, "وتابع بوتين").via == "TASS"
    assert find(seed, "بدوره أكد باتروشيف").via is None


def test_seed_subheadline_and_narration(seed):
    assert find(seed, "الأركان الروسية:").speaker == "Russian General Staff"
    assert find(seed, "وينفذ الطيران الحربي").speaker is None
    assert find(seed, "يذكر أن السلطات").mode == "narrative"


# --- invariants and odd input ----------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(ARTICLES.glob("*.txt")) + [SEED], ids=lambda p: p.name)
def test_offsets_and_numbering(path, resources):
    doc, claims = claims_of(path, resources)
    last = None
    for c in claims:
        assert doc.text[c.start:c.end] == c.claim_text
        assert doc.text[c.sentence_start:c.sentence_end] == c.source_sentence
        assert c.sentence_start <= c.start < c.end <= c.sentence_end
        assert c.claim_no == (last.claim_no + 1 if last and last.sentence == c.sentence else 1)
        if c.speaker is None:
            assert (c.mode, c.attribution, c.via) == ("narrative", "narrative", None)
        if c.speaker_start is not None:  # where the speaker is named: in this sentence, as reported
            assert c.sentence_start <= c.speaker_start < c.speaker_end <= c.sentence_end
            assert doc.text[c.speaker_start:c.speaker_end] == c.speaker_ar
        if c.cue_start is not None:
            assert doc.text[c.cue_start:c.cue_end] == c.cue
        last = c


def _doc(body: str) -> Document:
    text = "عنوان\n\nوكالة\n\n" + body
    return Document(doc_id="odd", path="odd.txt", text=text, body_start=len("عنوان\n\nوكالة\n\n"))


@pytest.mark.parametrize("body", [
    "", "   ", "...", "،،، ؟؟", "“”«»\"", "Only English here. No Arabic at all.", "12 34 56.",
    "وقال", "وقال:", "وقال إن", "قال “", "مشيرا", "بحسب", "بحسب ما نقلت", "ونقلت وكالة عن",
    "الوزير: ..", "وأن وأن وأن كما أن", "تلاها", "وكان", "“وقال الوزير إن” ” ”",
    "قال الوزير " + "و" * 50, "وقال المتحدث " + "باسم " * 40 + "إن الأمر انتهى.",
])
def test_odd_input_never_raises(body, resources):
    doc = _doc(body)
    claims = extract_claims(doc, segment(doc), resources)
    for c in claims:
        assert doc.text[c.start:c.end] == c.claim_text and c.claim_text.strip()


_PIECES = ["وقال", "قالت", "إن", "أن", "وأن", "كما", "مشيرا", "إلى", "بحسب", "ما", "نقلت", "وكالة", "عن",
           "الوزير", "المتحدث", "باسم", "وزارة", "الدفاع", "تيسكو", "فالوريا", "المسؤول", "“", "”", "«", "»",
           "\"", "،", ".", ":", "..", "\n\n", "يذكر", "وكان", "ناشطون", "أفادوا", "تلاها", "لوكالة", "2024"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_any_sequence_of_wire_words_gives_valid_claims(words):
    doc = _doc(" ".join(words))
    resources = load_resources(RunConfig(speakers_file=ARTICLES / "attrib_speakers.csv"))
    for c in extract_claims(doc, segment(doc), resources):
        assert doc.text[c.start:c.end] == c.claim_text
        assert doc.text[c.sentence_start:c.sentence_end] == c.source_sentence


def test_sentence_opening_with_a_participle_goes_on_with_the_speaker(resources):
    doc = _doc("وأكدت الوزيرة سارة نعيم أن المدارس ستفتح الأحد؛ مشيرة إلى أن الحافلات جاهزة.")
    claims = extract_claims(doc, segment(doc), resources)
    assert [c.sentence for c in claims] == [1, 2]  # the semicolon ends a sentence
    assert (claims[1].speaker, claims[1].attribution, claims[1].cue) == ("سارة نعيم", "continued", "مشيرة")


def test_a_short_reporting_line_is_not_taken_for_a_heading(resources):
    doc = _doc("قال الوزير أرمان تيسكو إن الهدنة صامدة.\n\nوتساءل الوزير: \"من يدفع ثمن الحرب؟\"\n\nالمرحلة المقبلة")
    paragraphs = segment(doc)
    assert paragraphs[1].is_subheadline  # segment sees a short line without a full stop
    claims = extract_claims(doc, paragraphs, resources)
    asked = find(claims, "وتساءل الوزير")
    assert (asked.speaker, asked.attribution, asked.mode) == ("Arman Tesko", "coreference", "direct")
    assert not any(c.claim_text == "المرحلة المقبلة" for c in claims)


# --- generalisation rules (fictional article written for these tests) --------------------------

GENERAL_ARTICLE = """عنوان تجريبي عن زيفار

وكالة أنباء زيفار

قال وزير النقل، الهادي الزغلامي، إن الحكومة ستفتح ثلاثة موانئ جديدة.

وأضاف الزغلامي أن الأشغال ستبدأ قريبا.

وقال الناطق باسم الجيش، العقيد الركن سامر الدباغ، في مؤتمر صحفي إن القوات صدت الهجوم.

وأكد الدباغ أن الوضع مستقر.

ونقلت وكالة أنباء الشمال عن وزيرة التعليم، سلمى الحداد، قولها إن المدارس ستفتح الأحد.

رفضت نقابة المعلمين الاتهامات، وقال المتحدث باسمها، نبيل الشامي، إن النقابة لم تشارك في الإضراب.

استقبل وزير الداخلية الزيفاري رياض العنتري في العاصمة وفدا من البرلمان.

وشدد العنتري على أن الأمن أولوية.

ويقدر المحللون أن الأسعار سترتفع.

ادعت "حركة الفجر" أن مقاتليها سيطروا على التلة.

ذكر تقرير صادر عن لجنة تحقيق تابعة للاتحاد القاري أن مئات المدنيين قتلوا.

رفعت الشركة الوطنية للكهرباء أسعار الطاقة بنسبة عشرة بالمئة، بحسب بيان صدر عنها أمس.

كما اتفق الجانبان، بحسب ما نقلت صحيفة "الصباح"، على استئناف الرحلات الجوية.

يذكر أن البلاد شهدت موجة جفاف قاسية عام 2010، وفق إحصاءات رسمية.

انهار الجسر القديم في المدينة، محذرا السكان من مخاطر أخرى.

وبلغ منسوب النهر مستوى قياسيا، فيما يتوقع أن يتراجع خلال الأيام المقبلة.

أكد رئيس جمهورية زيفار حمدان الساعدي في رسالة إلى القمة تلاها نيابة عنه وزير الخارجية ماهر السعيد أن السلام خيار استراتيجي.

وأعلن وزير الصناعة والتجارة عادل المنصوري أن المصانع عادت للعمل.

وقال الوزير إن الصادرات ستزيد "بشكل ملحوظ".

وقال المنصوري إن "المصانع الجديدة ستوفر آلاف فرص العمل للشباب".
"""


@pytest.fixture(scope="module")
def general(resources, tmp_path_factory):
    path = tmp_path_factory.mktemp("general") / "general.txt"
    path.write_text(GENERAL_ARTICLE, encoding="utf-8")
    return claims_of(path, resources)[1]


def test_definite_given_name_between_commas_after_title(general):
    c = find(general, "قال وزير النقل")
    assert (c.speaker, c.speaker_ar, c.attribution) == ("الهادي الزغلامي", "الهادي الزغلامي", "explicit")
    assert find(general, "وأضاف الزغلامي").speaker == "الهادي الزغلامي"


def test_military_rank_in_comma_slot_and_surname_later(general):
    assert find(general, "وقال الناطق باسم الجيش").speaker == "سامر الدباغ"
    c = find(general, "وأكد الدباغ")
    assert (c.speaker, c.speaker_ar) == ("سامر الدباغ", "الدباغ")


def test_title_comma_name_inside_a_relay(general):
    c = find(general, "ونقلت وكالة أنباء الشمال")
    assert (c.speaker, c.via, c.attribution) == ("سلمى الحداد", "وكالة أنباء الشمال", "relayed")


def test_title_with_pronoun_body(general):
    assert find(general, "وقال المتحدث باسمها").speaker == "نبيل الشامي"


def test_title_and_name_learnt_from_a_sentence_without_cue(general):
    assert find(general, "استقبل وزير الداخلية").attribution == "narrative"
    c = find(general, "وشدد العنتري")
    assert (c.speaker, c.speaker_ar, c.attribution) == ("رياض العنتري", "العنتري", "explicit")


def test_present_tense_cue_with_waw(general):
    c = find(general, "ويقدر المحللون")
    assert (c.speaker, c.attribution) == ("المحللون", "explicit")


def test_quoted_name_after_cue_is_the_speaker(general):
    c = find(general, "ادعت")
    assert (c.speaker, c.speaker_ar, c.mode) == ("حركة الفجر", "حركة الفجر", "indirect")


def test_report_speaker_runs_over_its_issuer(general):
    c = find(general, "ذكر تقرير")
    assert c.speaker_ar == "تقرير صادر عن لجنة تحقيق تابعة للاتحاد القاري"
    assert c.attribution == "explicit"


def test_statement_issued_by_pronoun_is_the_main_subject(general):
    c = find(general, "رفعت الشركة")
    assert c.speaker == "الشركة الوطنية للكهرباء"


def test_according_aside_relays_the_main_subject(general):
    c = find(general, "كما اتفق الجانبان")
    assert (c.speaker, c.via, c.attribution) == ("الجانبان", 'صحيفة "الصباح"', "relayed")


def test_background_opener_stays_narrative_despite_trailing_source(general):
    c = find(general, "يذكر أن البلاد")
    assert (c.speaker, c.mode) == (None, "narrative")


def test_participle_splits_a_narrative_sentence(general):
    first, second = find(general, "انهار الجسر"), find(general, "محذرا السكان")
    assert first.claim_text.endswith("المدينة،") and second.speaker is None


def test_impersonal_expectation_is_no_cue(general):
    c = find(general, "وبلغ منسوب النهر")
    assert c.claim_text.endswith("المقبلة.") and c.speaker is None


def test_reader_after_niyaba_is_the_via_and_state_name_is_not_the_person(general):
    c = find(general, "أكد رئيس جمهورية زيفار")
    assert (c.speaker, c.via, c.attribution) == ("حمدان الساعدي", "ماهر السعيد", "relayed")


def test_coordinated_title_word_is_no_name(general):
    assert find(general, "وأعلن وزير الصناعة").speaker == "عادل المنصوري"
    c = find(general, "وقال الوزير")
    assert (c.speaker, c.attribution, c.mode) == ("عادل المنصوري", "coreference", "indirect")  # scare quote
    assert find(general, "وقال المنصوري").mode == "direct"  # the quote opens the content
