"""claimtable: who claimed what, with which numbers, in Arabic news, as tidy tables.

    import pipeline
    tables = pipeline.run("seeds/")          # ClaimTables: claims, figures, speakers, documents
    tables.claims.query("speaker == 'Sergei Shoigu'")
    tables.to_excel("out/claims.xlsx")
    same = pipeline.load("out/")
    changes = pipeline.diff("out-monday/", "out-tuesday/")   # DiffTables: claims, figures, summary
    doc = pipeline.nlp()(text)               # spaCy Doc with doc._.claims, doc._.figures, spans
"""
import warnings

from pipeline.compiled import stale_modules

_stale = stale_modules()
if _stale:  # before the stages are imported: say why edits do not take effect
    warnings.warn(f"compiled copies of pipeline.{', pipeline.'.join(_stale)} are older than their "
                  "sources and run the old code: rebuild them with `make` (or delete the .so files)",
                  stacklevel=2)

# The API is imported on first use: `claimtable run` then never loads pandas and rapidfuzz,
# which only the tables in memory and the diff need (half a second of start-up).
_EXPORTS = {
    "ClaimTables": "pipeline.api", "LoadError": "pipeline.api", "load": "pipeline.api", "run": "pipeline.api",
    "DiffTables": "pipeline.claim_diff", "diff": "pipeline.claim_diff",
    "DISPLACY_OPTIONS": "pipeline.spacy_components", "nlp": "pipeline.spacy_components",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
