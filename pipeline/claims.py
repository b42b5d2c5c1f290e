"""Stage 5, claims: sentences -> claims (until attribution lands, one narrative claim a sentence)."""
from __future__ import annotations

from schemas import Claim, Paragraph


def sentence_claims(paragraphs: list[Paragraph]) -> list[Claim]:
    return [
        Claim(
            paragraph=p.index,
            sentence=s.index,
            claim_no=1,
            claim_text=s.text,
            source_sentence=s.text,
            start=s.start,
            end=s.end,
            sentence_start=s.start,
            sentence_end=s.end,
        )
        for p in paragraphs
        for s in p.sentences
    ]
