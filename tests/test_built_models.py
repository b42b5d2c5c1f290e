"""segment and claims build their Sentence, Paragraph and Claim models without pydantic's
validation (`pipeline.built_models.new_model`): on real text every model built must be exactly what
validating the same values gives, field by field and type by type."""
from pathlib import Path

import pytest
from pydantic import BaseModel, field_validator

from pipeline.claims import extract_claims
from pipeline.ingest import IngestError, read_path
from pipeline.resources import load_resources
from pipeline.built_models import model_fields, new_model
from pipeline.segment import segment
from schemas import Claim, Paragraph, Sentence

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    [*ROOT.glob("seeds/*.txt"), *ROOT.glob("tests/articles/*.txt"), *ROOT.glob("tests/heldout/articles/*.txt"),
     *ROOT.glob("tests/hostile/**/*.txt")]
)


def _documents():
    for f in FILES:
        for doc in read_path(f, max_mb=1.0):
            if not isinstance(doc, IngestError):  # an unreadable file: no models
                yield doc


def _same_as_validated(m: BaseModel) -> None:
    model = type(m)
    validated = model.model_validate(dict(m.__dict__))
    assert list(m.__dict__) == list(model.model_fields)  # every field, in the model's order
    assert m.__dict__ == validated.__dict__
    for name, value in m.__dict__.items():
        assert type(value) is type(validated.__dict__[name]), name
    assert m.model_fields_set == validated.model_fields_set
    assert m.__pydantic_extra__ is None and m.__pydantic_private__ is None
    assert m == validated and m.model_dump() == validated.model_dump()


@pytest.fixture(scope="module")
def built():
    res = load_resources()
    out = []
    for doc in _documents():
        paragraphs = segment(doc)
        out.append((paragraphs, extract_claims(doc, paragraphs, res)))
    return out


def test_there_is_real_text(built):
    assert len(built) >= 20
    assert sum(len(claims) for _, claims in built) > 200


def test_models_built_without_validation_equal_validated_ones(built):
    for paragraphs, claims in built:
        for p in paragraphs:
            assert type(p) is Paragraph
            _same_as_validated(p)
            for s in p.sentences:
                assert type(s) is Sentence
                _same_as_validated(s)
        for c in claims:
            assert type(c) is Claim
            _same_as_validated(c)


def test_built_models_copy_like_validated_ones(built):
    claim = next(c for _, claims in built for c in claims)
    before = dict(claim.__dict__)
    copied = claim.model_copy(update={"speaker": "X", "mode": "narrative"})
    assert copied.speaker == "X" and copied.mode == "narrative"
    assert claim.__dict__ == before  # the copy has its own __dict__
    assert copied.model_fields_set == set(Claim.model_fields)
    assert claim.model_fields_set is not copied.model_fields_set


def test_new_model_gives_each_instance_its_own_fields_set():
    values = {"index": 1, "paragraph": 1, "start": 0, "end": 3, "text": "abc"}
    a = new_model(Sentence, model_fields(Sentence), dict(values))
    b = new_model(Sentence, model_fields(Sentence), dict(values))
    assert a == Sentence(**values) == b
    assert a.model_fields_set is not b.model_fields_set


def test_a_model_with_a_validator_is_refused():
    class Checked(BaseModel):
        text: str

        @field_validator("text")
        @classmethod
        def _strip(cls, v: str) -> str:
            return v.strip()

    with pytest.raises(TypeError):
        model_fields(Checked)
    assert model_fields(Claim) == frozenset(Claim.model_fields)
