"""Segment: paragraphs, sub-headlines and sentences on the seed and on articles we wrote."""
from pipeline.ingest import read_path
from pipeline.segment import is_subheadline, quoted_mask, segment
from tests.conftest import ARTICLES, SEED


def paragraphs_of(path):
    doc = next(read_path(path))
    return doc, segment(doc)


def test_seed_paragraphs_and_sentences_follow_the_article():
    doc, paragraphs = paragraphs_of(SEED)
    assert len(paragraphs) == 51
    sentences = [s for p in paragraphs for s in p.sentences]
    assert sentences[0].text.startswith("أكد وزير الدفاع الروسي سيرغي شويغو")
    assert sentences[0].text.endswith("تنظيم “داعش” الإرهابي.")
    assert sentences[-1].text.endswith("وكل أطياف “المعارضة”.")
    # neither the headline nor the date line is a sentence
    assert not any("2017-04-26" == s.text or s.text == doc.title for s in sentences)
    for s in sentences:
        assert doc.text[s.start:s.end] == s.text
    subheads = [p.text for p in paragraphs if p.is_subheadline]
    assert subheads == [
        "الأركان الروسية: مقتل مئات الإرهابيين في حماة والطيران الروسي يسهم بشكل فعال في دعم الجيش السوري بالحرب على الإرهاب..",
        "غيراسيموف: الغرب يتجاهل مبادرة روسيا لتوحيد جهود مكافحة الإرهاب..",
        "بوتين: توحيد الجهود الدولية في مكافحة الإرهاب..",
        "لافروف: نسعى لتطوير مساري أستانا وجنيف حول الأزمة في سورية بشكل منسق..",
    ]


def test_sentences_split_at_arabic_punctuation_but_not_inside_quotes_or_numbers():
    doc, paragraphs = paragraphs_of(ARTICLES / "foundation_budget.txt")
    texts = [[s.text for s in p.sentences] for p in paragraphs]
    assert texts[0] == [
        "أعلن وزير المالية في جمهورية زاندار كريم الفاروني أن الحكومة أقرت الموازنة الجديدة للعام المقبل.",
        "وقال إن العجز سينخفض إلى 2.5 بالمئة من الناتج المحلي.",
    ]
    # the quoted statement keeps its inner full stop; the semicolon after it ends the sentence
    assert texts[1] == [
        "وأضاف الفاروني “إن الإصلاحات بدأت تؤتي ثمارها. ونحن ماضون فيها حتى النهاية”؛",
        "لافتا إلى أن الإيرادات ارتفعت بنسبة كبيرة.",
    ]
    assert paragraphs[2].is_subheadline and texts[2] == ["الفاروني: لا ضرائب جديدة على المواطنين.."]
    assert texts[3] == ["هل تنجح الحكومة في خفض الدين؟", "يرى خبراء أن الطريق ما زال طويلا!"]
    assert texts[4] == ["يذكر أن زاندار تعاني من أزمة مالية منذ عام 2019"]


def test_mismatched_and_stray_quote_marks():
    text = "قال إن ”الوضع صعب. جدا” وأضاف «نعم. لا» ثم “بلا إغلاق. آخر"
    mask = quoted_mask(text)
    assert mask[text.index("صعب.") + 3]  # inside the ”…” pair
    assert mask[text.index("نعم.") + 3]  # inside «…»
    assert not mask[text.index("إغلاق.") + 5]  # an opener never closed quotes nothing


def test_subheadline_shapes():
    assert is_subheadline("وزير: لا تراجع عن القرار..")
    assert is_subheadline("المواقع المستهدفة")
    assert not is_subheadline("قال الوزير إن القرار نهائي.")
