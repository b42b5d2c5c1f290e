"""Spreadsheet safety: text that Excel or LibreOffice would run as a formula stays text.

In CSV the only defence is a leading apostrophe (OWASP's advice); it is added on write and
removed again by `pipeline.load`, so values survive the round trip. A value that itself starts
with an apostrophe gets one more, so unescaping is never ambiguous. Workbooks need no prefix:
their cells are written as typed strings, which no spreadsheet evaluates.
"""
from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")


def escape_formula(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def unescape_formula(value: str) -> str:
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value
