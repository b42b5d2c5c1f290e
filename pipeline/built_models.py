"""Pydantic models built from values the stages computed, without validating them again.

pydantic-core spends ~9,000 instructions validating a Sentence and ~27,000 a Claim: a fresh
output dict, a lookup, type check and fields-set entry per field, the scan for extra keys. That
was a quarter of segmentation and claims. The stages hand over values that already have the
fields' types (compiled code checks its annotations at run time; the lexicons' values are
checked when they are loaded), so they build the instance as `model_construct` does, without
its Python loop over the fields: the values' dict becomes the instance's __dict__.
tests/test_built_models.py checks every model built from real text against validation.
"""
from __future__ import annotations

from typing import Any, Final

_new_object: Final = object.__new__


def model_fields(model: Any) -> frozenset[str]:
    """The field names `new_model` fills in; refuses a model with anything construction would
    skip (validators, post-init, private attributes, extra fields)."""
    hooks = model.__pydantic_decorators__
    if (hooks.validators or hooks.field_validators or hooks.root_validators or hooks.model_validators
            or model.__pydantic_post_init__ or model.__private_attributes__ or model.__pydantic_root_model__
            or model.model_config.get("extra") == "allow"):
        raise TypeError(f"{model.__name__} needs its validator: it is not a plain model")
    return frozenset(model.model_fields)


def new_model(model: Any, fields: frozenset[str], values: dict[str, Any]) -> Any:
    """model(**values) for values of the fields' types, every field given, in the model's order."""
    m = _new_object(model)
    # object.__setattr__ spelt out: compiled, it is the C generic setattr (not BaseModel's
    # __setattr__, nor a call through the slot wrapper)
    object.__setattr__(m, "__dict__", values)
    object.__setattr__(m, "__pydantic_fields_set__", set(fields))
    object.__setattr__(m, "__pydantic_extra__", None)
    object.__setattr__(m, "__pydantic_private__", None)
    return m
