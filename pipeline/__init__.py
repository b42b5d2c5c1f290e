"""claimtable: who claimed what, with which numbers, in Arabic news, as tidy tables.

    import pipeline
    tables = pipeline.run("seeds/")          # ClaimTables: claims, figures, speakers, documents
    tables.claims.query("speaker == 'Sergei Shoigu'")
    tables.to_excel("out/claims.xlsx")
    same = pipeline.load("out/")
"""
from pipeline.api import ClaimTables, LoadError, load, run

__all__ = ["ClaimTables", "LoadError", "load", "run"]
