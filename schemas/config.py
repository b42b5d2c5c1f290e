"""Run configuration: what the CLI flags and the Python API's keyword options map onto."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict


class RunConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    speakers_file: Optional[Path] = None  # extra or overriding registry entries (CSV)
    units_file: Optional[Path] = None  # extra counted nouns (CSV)
    cues_file: Optional[Path] = None  # extra reporting cues (CSV)
    jobs: int = 1
    max_mb: float = 1.0  # larger articles are refused with an error row (see ingest)
    progress: bool = True
    formats: tuple[str, ...] = ("xlsx", "csv", "parquet")
