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

from pipeline.api import ClaimTables, LoadError, load, run
from pipeline.claim_diff import DiffTables, diff
from pipeline.spacy_components import DISPLACY_OPTIONS, nlp

__all__ = ["DISPLACY_OPTIONS", "ClaimTables", "DiffTables", "LoadError", "diff", "load", "nlp", "run"]
