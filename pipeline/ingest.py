"""Stage 1, ingest: paths -> Documents (or one error per document that cannot be read).

Plain text in the seed's layout (headline, outlet line, paragraphs, ISO date as the last line)
and JSON Lines (one article per line). Folders recurse in sorted order so that the order of
the batch never depends on the file system.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Union

from charset_normalizer import from_bytes

from pipeline.normalize import count_invisible, normalize_text
from schemas import Document

TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | JSONL_SUFFIXES

ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+\-Z]*)?\s*$")
STEM_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_]?(0[1-9]|1[0-2])[-_]?(0[1-9]|[12]\d|3[01])(?!\d)")
SENTENCE_END = re.compile(r"[.!?؟؛:]\s*$")
MAX_SOURCE_WORDS = 6


@dataclass(frozen=True)
class IngestError:
    """A document that could not be read: it becomes a Documents row with status error."""

    doc_id: str
    path: str
    error: str


Ingested = Union[Document, IngestError]


def iter_input_files(paths: list[Path]) -> Iterator[Path]:
    """Every input file, folders recursed and sorted; a missing path is reported, not skipped."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() in SUPPORTED and child.is_file() and not _hidden(child, path):
                    yield child
        else:
            yield path


def _hidden(child: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in child.relative_to(root).parts)


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding). UTF-8 first (the common case, and exact); else detect."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for enc in ("utf-16-le", "utf-16-be"):
        if _plausible_utf16(data, enc):
            return data.decode(enc), enc
    if b"\x00" in data:
        raise ValueError("binary file, not text (contains NUL bytes)")
    best = from_bytes(data, cp_isolation=["cp1256", "utf_8", "iso8859_6", "cp1252", "latin_1"]).best()
    if best is None:
        raise ValueError("cannot detect the text encoding")
    return str(best), best.encoding


def _plausible_utf16(data: bytes, encoding: str) -> bool:
    """UTF-16 without a BOM: decodes cleanly to mostly Arabic, ASCII and punctuation."""
    if len(data) % 2 or b"\x00" not in data:
        return False
    try:
        sample = data[:4000].decode(encoding)
    except UnicodeDecodeError:
        return False
    common = sum(
        1 for ch in sample if ch.isascii() and (ch.isprintable() or ch in "\n\r\t")
        or "\u0600" <= ch <= "\u06ff" or "\u2000" <= ch <= "\u206f" or ch == "\u00a0"
    )
    return common >= 0.9 * len(sample)


def read_path(path: Path, doc_id: str | None = None) -> Iterator[Ingested]:
    """One file -> its documents (a .jsonl file may hold many)."""
    doc_id = doc_id or path.stem
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        yield IngestError(doc_id, str(path), "file not found (it may have been moved or deleted)")
        return
    except IsADirectoryError:
        yield IngestError(doc_id, str(path), "is a folder, not a file")
        return
    except OSError as exc:
        yield IngestError(doc_id, str(path), f"cannot read file: {exc.strerror or exc}")
        return
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        yield IngestError(doc_id, str(path), f"unsupported file type {suffix or '(none)'}: use .txt or .jsonl")
        return
    try:
        raw, encoding = decode(data)
    except (ValueError, UnicodeDecodeError) as exc:
        yield IngestError(doc_id, str(path), str(exc))
        return
    if suffix in JSONL_SUFFIXES:
        yield from parse_jsonl(raw, path, doc_id)
    else:
        yield parse_text(raw, path, doc_id, encoding)


def parse_text(raw: str, path: Path, doc_id: str, encoding: str = "utf-8") -> Ingested:
    """A plain-text article in the seed's layout."""
    warnings = _encoding_warnings(raw, encoding)
    text = normalize_text(raw)
    if not text.strip():
        return IngestError(doc_id, str(path), "empty file" if not raw else "file holds only whitespace")
    lines = _lines_with_offsets(text)
    nonblank = [(s, e, t) for s, e, t in lines if t.strip()]
    title_span = source_span = None
    title = source = date = None
    body_start, body_end = 0, len(text)

    last_s, _, last_t = nonblank[-1]
    m = ISO_DATE.match(last_t)
    if m and len(nonblank) > 1:
        date = _valid_date(*m.groups())
        body_end = last_s
        nonblank = nonblank[:-1]
    if date is None:
        date = date_from_stem(path.stem)

    if len(nonblank) > 1:
        s, e, t = nonblank[0]
        title, title_span, body_start = t.strip(), (s, e), e
        s2, e2, t2 = nonblank[1]
        if len(nonblank) > 2 and _is_outlet_line(t2):
            source, source_span, body_start = t2.strip(), (s2, e2), e2
    if source is None:
        warnings.append("no outlet line found")
    if date is None:
        warnings.append("no date found (neither a last-line ISO date nor one in the file name)")
    return Document(
        doc_id=doc_id,
        path=str(path),
        title=title,
        source=source,
        date=date,
        text=text,
        title_span=title_span,
        source_span=source_span,
        body_start=body_start,
        body_end=body_end,
        warnings=warnings,
    )


def parse_jsonl(raw: str, path: Path, stem: str) -> Iterator[Ingested]:
    """One article per line: {"text": ..., "id"?, "title"?, "source"?, "date"?}."""
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        fallback_id = f"{stem}-{lineno}"
        where = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(fallback_id, where, f"line {lineno} is not valid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield IngestError(fallback_id, where, f"line {lineno} has no \"text\" string field")
            continue
        doc_id = str(obj.get("id") or fallback_id)
        text = normalize_text(obj["text"])
        if not text.strip():
            yield IngestError(doc_id, where, f"line {lineno} has an empty \"text\"")
            continue
        date = obj.get("date")
        if date is not None:
            m = ISO_DATE.match(str(date))
            date = _valid_date(*m.groups()) if m else None
        warnings = [] if date else ["no date found"]
        yield Document(
            doc_id=doc_id,
            path=where,
            title=_clean_opt(obj.get("title")),
            source=_clean_opt(obj.get("source")),
            date=date,
            text=text,
            body_start=0,
            body_end=len(text),
            warnings=warnings,
        )


def date_from_stem(stem: str) -> str | None:
    m = STEM_DATE.search(stem)
    return _valid_date(*m.groups()) if m else None


def _valid_date(y: str, m: str, d: str) -> str | None:
    import datetime

    try:
        return datetime.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _clean_opt(value) -> str | None:
    if value is None:
        return None
    value = normalize_text(str(value)).strip()
    return value or None


def _is_outlet_line(line: str) -> bool:
    """The outlet line is short and is not a sentence (no final punctuation)."""
    words = line.split()
    return 0 < len(words) <= MAX_SOURCE_WORDS and not SENTENCE_END.search(line)


def _lines_with_offsets(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _encoding_warnings(raw: str, encoding: str) -> list[str]:
    warnings = []
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        warnings.append(f"decoded as {encoding}")
    if _MOJIBAKE.search(raw):
        warnings.append("text looks mis-encoded (mojibake): check the source encoding")
    invisible = count_invisible(raw)
    if invisible > 20:
        warnings.append(f"removed {invisible} invisible bidi/zero-width characters")
    if not _ARABIC.search(raw):
        warnings.append("no Arabic text found")
    return warnings


# UTF-8 Arabic read as Latin-1/cp1252 gives runs like "Ø§Ù„" ; as cp1256 gives "ط§ظ„".
_MOJIBAKE = re.compile(r"(?:[ØÙ][\x80-\xbf\u0152-\u2122]){3,}|(?:[طظ][§„ƒ…†‡ˆ‰Š‹Œ]){3,}")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
