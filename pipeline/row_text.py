"""Rows as the text of the files: CSV lines and worksheet XML (compiled with mypyc, see setup.py).

Pure functions from row tuples to text, with the same bytes as the csv module and as
xlsxwriter's constant-memory mode; export.py streams what they return into the files.
Formatting every cell was the largest cost of writing the tables.
"""
from __future__ import annotations

import csv
import io
import math
import re
from typing import Any, Final, Optional

from pipeline.safety import FORMULA_TRIGGERS, escape_formula

# Excel's limit for one cell; xlsxwriter would cut longer text silently.
XLSX_MAX_CHARS: Final = 32767
TRUNCATED = " … [cut at Excel's cell limit: {n} characters in all, the CSV and Parquet files hold the full text]"

# --- CSV --------------------------------------------------------------------------------------

# The triggers are single characters: one `in` on the first character beats startswith(tuple),
# which calls a method per trigger for every cell.
_TRIGGER_CHARS: Final = "".join(FORMULA_TRIGGERS)
assert all(len(t) == 1 for t in FORMULA_TRIGGERS), FORMULA_TRIGGERS


def csv_lines(rows: list[tuple]) -> list[str]:
    """Rows as the csv module writes them (QUOTE_MINIMAL, "\\n" line ends), text formula-escaped.

    The same bytes as csv.writer, ~3x faster: its C loop looks at every character of every
    field, where str methods look for the three that need quoting.
    """
    lines: list[str] = []
    for row in rows:
        if len(row) < 2:  # the csv module quotes a lone empty field: leave such rows to it
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerow([escape_formula(v) if isinstance(v, str) else v for v in row])
            lines.append(buf.getvalue())
            continue
        fields: list[str] = []
        for v in row:
            if v is None:
                fields.append("")
            elif isinstance(v, str):
                text: str = v
                if text and text[0] in _TRIGGER_CHARS:
                    text = "'" + text
                if "," in text or '"' in text or "\n" in text:
                    text = '"' + text.replace('"', '""') + '"'
                fields.append(text)
            else:
                fields.append(str(v))
        lines.append(",".join(fields) + "\n")
    return lines


# --- worksheet XML ------------------------------------------------------------------------------

# xlsxwriter's escapes for cell text: control characters become _xHHHH_, and a literal _xHHHH_
# gets its underscore escaped so that it reads back as itself.
_CTRL_OR_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_LITERAL_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_XML_SPECIAL = re.compile(r"[&<>]")
_PLAIN_MAX: Final = XLSX_MAX_CHARS // 2  # shorter text is within Excel's limit however it is counted
_INT_PLAIN: Final = 10**16  # smaller integers print the same with str() as with xlsxwriter's .16G


def _control_escape(m: re.Match[str]) -> str:
    return f"_x{ord(m.group(1)):04X}_"


def xml_text(value: Any) -> str:
    """A string cell's text as xlsxwriter writes it: cut to Excel's limit, escaped for XML."""
    text = value if type(value) is str else str(value)
    if len(text) > XLSX_MAX_CHARS:
        marker = TRUNCATED.format(n=len(text))
        text = text[: XLSX_MAX_CHARS - len(marker)] + marker
    if len(text) > XLSX_MAX_CHARS // 2:  # the limit counts UTF-16 units: astral characters are two
        text = _utf16_cut(text, XLSX_MAX_CHARS)
    if _CTRL_OR_ESCAPE.search(text):
        text = _LITERAL_ESCAPE.sub(r"_x005F\1", text)
        text = _CONTROL.sub(_control_escape, text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    return text


def _utf16_cut(text: str, limit: int) -> str:
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > limit:
            return text[:i]
    return text


def string_cell(head: str, value: Any) -> str:
    """A string cell as xlsxwriter writes it in constant-memory mode (escapes, limits, spaces)."""
    text = xml_text(value)
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    if _XML_SPECIAL.search(text):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'{head} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def number_cell(head: str, value: Any) -> str:
    if math.isinf(value):  # as xlsxwriter's nan_inf_to_errors: a #DIV/0! error cell
        return f'{head} t="e"><f>{"1/0" if value > 0 else "-1/0"}</f><v>#DIV/0!</v></c>'
    return f"{head}><v>{value:.16G}</v></c>"


def _plain(text: str) -> bool:
    """Printable text (no control character, no noncharacter, no whitespace but " ") with nothing
    to escape and no edge space: the common case, written as it is."""
    return (
        0 < len(text) <= _PLAIN_MAX and text.isprintable() and not text.startswith(" ") and not text.endswith(" ")
        and not ("&" in text or "<" in text or ">" in text or "_x" in text)
    )


# Where a row's number goes in a rendered row (see row_templates). No cell's XML holds a NUL:
# control characters in text are written as _x0000_ escapes.
ROW_MARK: Final = "\x00"
_ROW_MARK_BYTES: Final = b"\x00"


def row_templates(rows: list[tuple], cells: list[tuple[str, str, str]]) -> list[bytes]:
    """Each row's sheet XML, UTF-8, with ROW_MARK where its number goes: the rows can be rendered
    before their place in the sheet is known (in a worker), and numbered by `numbered_rows`. A
    row without cells is b"" (not written, as xlsxwriter does, but it still takes a number).
    `cells` gives each column's (kind, '<c r="COLUMN', '" s="STYLE"')."""
    out: list[bytes] = []
    r = ROW_MARK
    for row in rows:
        parts: list[str] = []
        for (kind, ref, style), value in zip(cells, row):
            if value is None:
                continue
            if kind == "string":
                if type(value) is str and _plain(value):
                    parts.append(f'{ref}{r}{style} t="inlineStr"><is><t>{value}</t></is></c>')
                else:
                    parts.append(string_cell(ref + r + style, value))
            elif kind == "number":
                if type(value) is int and -_INT_PLAIN < value < _INT_PLAIN:  # as .16G writes it
                    parts.append(f"{ref}{r}{style}><v>{value}</v></c>")
                elif value == value:  # NaN: no cell, as a missing value
                    parts.append(number_cell(ref + r + style, value))
            else:
                parts.append(f'{ref}{r}{style} t="b"><v>{1 if value else 0}</v></c>')
        out.append(f'<row r="{r}">{"".join(parts)}</row>'.encode("utf-8") if parts else b"")
    return out


def numbered_rows(templates: list[bytes], written: int) -> tuple[bytes, int, Optional[int]]:
    """Rendered rows numbered after the `written` rows before them: (xml, rows now written,
    number of the last row that holds a cell, None if none does)."""
    out: list[bytes] = []
    last: Optional[int] = None
    for template in templates:
        written += 1
        if template:
            last = written
            out.append(template.replace(_ROW_MARK_BYTES, str(written + 1).encode("ascii")))  # the header is row 1
    return b"".join(out), written, last


def sheet_rows(rows: list[tuple], cells: list[tuple[str, str, str]], written: int) -> tuple[bytes, int, Optional[int]]:
    """Data rows as sheet XML (UTF-8), numbered after the `written` rows before them; see
    `numbered_rows`."""
    return numbered_rows(row_templates(rows, cells), written)
