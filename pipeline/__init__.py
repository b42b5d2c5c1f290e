"""claimtable: who claimed what, with which numbers, in Arabic news, as tidy tables.

    import pipeline
    tables = pipeline.run("seeds/")          # ClaimTables: claims, figures, speakers, documents
    tables.claims.query("speaker == 'Sergei Shoigu'")
    tables.to_excel("out/claims.xlsx")
    same = pipeline.load("out/")
    changes = pipeline.diff("out-monday/", "out-tuesday/")   # DiffTables: claims, figures, summary
    doc = pipeline.nlp()(text)               # spaCy Doc with doc._.claims, doc._.figures, spans
"""
from pipeline.api import ClaimTables, LoadError, load, run
from pipeline.claim_diff import DiffTables, diff
from pipeline.spacy_components import DISPLACY_OPTIONS, nlp

__all__ = ["DISPLACY_OPTIONS", "ClaimTables", "DiffTables", "LoadError", "diff", "load", "nlp", "run"]
