"""The pipeline as spaCy components, for notebooks: `pipeline.nlp()(text)` gives a Doc whose
`doc._.claims` and `doc._.figures` hold the table rows and whose speaker, cue and figure spans
render with displaCy right-to-left:

    nlp = pipeline.nlp()
    doc = nlp(open("seeds/000_83a616a484fc29bf.txt", encoding="utf-8").read())
    displacy.render(doc, style="span", options=pipeline.DISPLACY_OPTIONS)

The components run the same stage functions as `claimtable run`, so the Doc and the tables agree.
"""
from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.batch import process_document
from pipeline.ingest import parse_text
from pipeline.normalize import normalize_text
from pipeline.resources import load_resources
from schemas import RunConfig

SPANS_KEY = "sc"
DISPLACY_OPTIONS = {
    "spans_key": SPANS_KEY,
    "direction": "rtl",
    "colors": {"SPEAKER": "#9ecae1", "CUE": "#fdd0a2", "FIGURE": "#a1d99b"},
}

for _name in ("claims", "figures", "document", "paragraphs"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Span.has_extension("claim_id"):
    Span.set_extension("claim_id", default=None)


class NormalizingTokenizer:
    """spaCy's Arabic tokenizer over the normalized reference text, so Doc offsets = table offsets."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        return self.tokenizer(normalize_text(text))

    # spaCy serializes the tokenizer with the pipeline; delegate to the wrapped one
    def to_bytes(self, **kwargs):
        return self.tokenizer.to_bytes(**kwargs)

    def from_bytes(self, data, **kwargs):
        self.tokenizer.from_bytes(data, **kwargs)
        return self

    def to_disk(self, path, **kwargs):
        self.tokenizer.to_disk(path, **kwargs)

    def from_disk(self, path, **kwargs):
        self.tokenizer.from_disk(path, **kwargs)
        return self


class ClaimsComponent:
    """Runs segment, attribute, claims and figures on the Doc's text; sets extensions and spans."""

    def __init__(self, nlp: Language, name: str, speakers_file: str | None, units_file: str | None, cues_file: str | None):
        self.name = name
        self.config = RunConfig(
            speakers_file=Path(speakers_file) if speakers_file else None,
            units_file=Path(units_file) if units_file else None,
            cues_file=Path(cues_file) if cues_file else None,
        )

    def __call__(self, doc: Doc) -> Doc:
        user = doc.user_data
        document = parse_text(doc.text, Path(user.get("path", "<text>")), user.get("doc_id", "doc"))
        if not hasattr(document, "text"):  # an IngestError: nothing to analyse
            doc._.claims, doc._.figures = [], []
            return doc
        result = process_document(document, load_resources(self.config))
        doc._.document = result.document
        doc._.claims = result.claims
        doc._.figures = result.figures
        spans = []
        for claim in result.claims:
            for label, start, end in (
                ("SPEAKER", claim.speaker_start, claim.speaker_end),
                ("CUE", claim.cue_start, claim.cue_end),
            ):
                span = _span(doc, start, end, label)
                if span is not None:
                    span._.claim_id = claim.claim_id
                    spans.append(span)
        for figure in result.figures:
            span = _span(doc, figure.start, figure.end, "FIGURE")
            if span is not None:
                span._.claim_id = figure.claim_id
                spans.append(span)
        unique = {(s.start, s.end, s.label_): s for s in spans}
        doc.spans[SPANS_KEY] = sorted(unique.values(), key=lambda s: (s.start, s.end, s.label_))
        sentence_starts = {claim.sentence_start for claim in result.claims}
        for token in doc:
            token.is_sent_start = token.i == 0 or token.idx in sentence_starts
        return doc


def _span(doc: Doc, start: int | None, end: int | None, label: str) -> Span | None:
    if start is None or end is None or end <= start:
        return None
    return doc.char_span(start, end, label=label, alignment_mode="expand")


@Language.factory(
    "claimtable_claims",
    default_config={"speakers_file": None, "units_file": None, "cues_file": None},
)
def make_claims_component(nlp: Language, name: str, speakers_file, units_file, cues_file) -> ClaimsComponent:
    return ClaimsComponent(nlp, name, speakers_file, units_file, cues_file)


def nlp(**options) -> Language:
    """spacy.blank("ar") with the normalizing tokenizer and the claimtable component."""
    lang = spacy.blank("ar")
    lang.tokenizer = NormalizingTokenizer(lang.tokenizer)
    lang.add_pipe("claimtable_claims", config={k: str(v) if v else None for k, v in options.items()})
    return lang
