"""Lexicons a run needs, loaded once per process (and once per worker with --jobs)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from schemas import RunConfig


@dataclass(frozen=True)
class Resources:
    registry: object  # pipeline.registry.SpeakerRegistry
    cues: object  # pipeline.registry.CueLexicon
    units: object  # pipeline.units.UnitLexicon


@lru_cache(maxsize=8)
def _load(speakers: Optional[Path], cues: Optional[Path], units: Optional[Path]) -> Resources:
    from pipeline.registry import load_cues, load_registry
    from pipeline.units import load_units

    return Resources(registry=load_registry(speakers), cues=load_cues(cues), units=load_units(units))


def load_resources(config: RunConfig | None = None) -> Resources:
    """The shipped lexicons plus the run's extra files; a malformed file raises LexiconError."""
    config = config or RunConfig()
    return _load(config.speakers_file, config.cues_file, config.units_file)
