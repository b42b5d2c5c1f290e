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


# --- segmentation without a Doc tokenizes only the chunks that can end a sentence ------------

EDGE_TEXTS = [
    # a sentence end, a decimal point, an enumeration "2." before a line break, a quoted stop
    "قال الوزير إن النمو بلغ 2.5 بالمئة. وأضاف أن الخطة تشمل:\n2.\nإصلاح الضرائب؛ “هذا مهم. جدا” انتهى.",
    # spaCy's special case "ب. م" spans a space: its full stop is inside one token
    "ولد الشاعر عام 320 ب. م في مدينة نائية. ثم رحل (ب. م) شرقا.",
    # "ب." alone is a token of its own, and ends the sentence
    "انتهى الفصل ب. وبدأ فصل جديد.",
    # whitespace runs, leading space, line breaks inside a paragraph, a mark glued to a quote
    " أعلن المتحدث  أن الاجتماع انتهى…  \n وقال: «لا تعليق.»\tثم غادر!؟ نعم..",
]


def _as_document(text):
    from schemas import Document

    return Document(doc_id="t", path="t.txt", text=text, body_start=0)


def _doc_enders(tokens, text, start, end):
    """From the whole text's spaCy Doc: the tokens overlapping text[start:end] whose last character
    is a terminal mark or that hold a line break, then the token cut by `end`, if any."""
    from pipeline.segment import TERMINAL

    spans = [(t.idx, t.idx + len(t.text)) for t in tokens]
    chosen = [(s, e) for s, e in spans if e > start and s < end and (text[e - 1] in TERMINAL or "\n" in text[s:e])]
    before = [(s, e) for s, e in spans if s < end]
    if before and before[-1][1] > end and (not chosen or chosen[-1] != before[-1]):
        chosen.append(before[-1])
    return chosen


def test_sentences_end_where_the_whole_texts_tokens_end():
    from pipeline.segment import tokenize

    docs = [next(read_path(SEED)), *(next(read_path(p)) for p in sorted(ARTICLES.glob("*.txt")))]
    docs += [_as_document(t) for t in EDGE_TEXTS]
    for doc in docs:
        token_ends = {t.idx + len(t.text) for t in tokenize(doc.text)}
        for p in segment(doc):
            assert p.sentences, doc.doc_id
            for s in p.sentences:
                assert s.end in token_ends, (doc.doc_id, s.text)


def test_the_special_case_across_a_space_does_not_end_a_sentence():
    doc = _as_document(EDGE_TEXTS[1])
    texts = [s.text for p in segment(doc) for s in p.sentences]
    assert texts == ["ولد الشاعر عام 320 ب. م في مدينة نائية.", "ثم رحل (ب. م) شرقا."]
    doc = _as_document(EDGE_TEXTS[2])
    assert [s.text for p in segment(doc) for s in p.sentences] == ["انتهى الفصل ب.", "وبدأ فصل جديد."]


def test_ender_tokens_without_a_doc_match_the_docs_on_random_text():
    """Random runs of marks, digits, quotes, whitespace and the special cases that span a space:
    the tokens that can end a sentence, in any window, are those of the whole text's Doc."""
    import random

    from pipeline import segment as seg

    pieces = list("ابت مسن.!?؟؛…\n \t\u00a0\"“”«»2.5(ب)x")
    pieces += ["ب. م", "م. س", "م. ن", "ب.", " م", "..", "\n\n", "2.", "U.S.", "ب.م"]
    rng = random.Random(7)
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 50)))
        tokens = seg.tokenize(text)
        index = seg._text_index(text)
        for _ in range(40):
            i = rng.randrange(0, len(text) + 1)
            j = rng.randrange(i, len(text) + 1)
            assert seg._enders(text, index, i, j) == _doc_enders(tokens, text, i, j), (text, i, j)
