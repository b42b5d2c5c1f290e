"""Stage 1, ingest: paths -> Documents (or one error per document that cannot be read).

Plain text in the seed's layout (headline, outlet line, paragraphs, ISO date as the last line)
and JSON Lines (one article per line). Folders recurse in sorted order so that the order of
the batch never depends on the file system.

Hostile or broken input costs its own document only: every way a file can fail to be read
(missing, vanished, a folder, a broken link, binary, too large, mis-encoded beyond repair)
becomes an IngestError with a reason a person understands, never an exception.
"""
from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Union

from pipeline.normalize import UNUSUAL_CHARS, clean_label, count_invisible, normalize_counting, normalize_text
from schemas import Document

TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | JSONL_SUFFIXES

ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+\-Z]*)?\s*$")
STEM_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_]?(0[1-9]|1[0-2])[-_]?(0[1-9]|[12]\d|3[01])(?!\d)")
SENTENCE_END = re.compile(r"[.!?؟؛:]\s*$")
HEADLINE_NOT = re.compile(r"(?<!\.)[.!؛…]\s*$")  # "..", "?" and ":" end headlines too
MAX_SOURCE_WORDS = 6

MB = 1_000_000
# The size cap of one article (`--max-mb`, `RunConfig.max_mb`). News articles are 2-150 KB; a
# bigger file is a dump, a concatenation or the wrong file, and would stall the batch. 1 MB of
# text is at most 1,000,000 characters, which is exactly what spaCy's tokenizer accepts
# (`max_length`), so any article under the default cap can be processed. The size is checked
# with stat() before reading, so a 50 MB (or endless) file costs no memory.
DEFAULT_MAX_MB = 1.0


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
                # not is_file(): a broken link or a pipe named x.txt is reported, not skipped;
                # a folder named x.txt is recursed into by rglob itself
                if child.suffix.lower() in SUPPORTED and not child.is_dir() and not _hidden(child, path):
                    yield child
        else:
            yield path


def _hidden(child: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in child.relative_to(root).parts)


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding); raises ValueError for binary or undetectable bytes."""
    decoded = decode_bytes(data)
    return decoded.text, decoded.encoding


def decode_bytes(data: bytes) -> Decoded:
    """Bytes -> text. UTF-8 first (the common case, and exact); else detect with a library."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _lenient_utf8(data[3:], "utf-8-sig", sure=True)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        # an odd length or a broken surrogate pair: a truncated file, still worth reading
        lost = text.count("\ufffd") - data.decode("utf-16", errors="ignore").count("\ufffd")
        return Decoded(text, "utf-16", [f"{lost} undecodable UTF-16 units replaced (truncated file?)"] if lost else [])
    if b"\x00" in data:
        # Text never holds NUL; UTF-16 without a BOM does (and Arabic UTF-16 is even valid
        # UTF-8: every byte of U+06xx is below 0x80), so this comes before trying UTF-8.
        for enc in ("utf-16-le", "utf-16-be"):
            if _plausible_utf16(data, enc):
                if len(data) % 2:  # cut mid-character: keep the rest
                    return Decoded(data[:-1].decode(enc, "replace"), enc, ["odd byte at the end dropped (truncated file?)"])
                return Decoded(data.decode(enc, "replace"), enc)
        raise ValueError("binary file, not text (contains NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    sample = data[:65536]
    if sum(b < 0x20 and b not in b"\t\n\r\f\v\x1a\x1b" for b in sample) > 0.01 * len(sample):
        raise ValueError("binary file, not text (contains control bytes)")
    damaged = _lenient_utf8(data, "utf-8")
    if damaged is not None:
        return damaged
    from charset_normalizer import from_bytes  # only for text that is not UTF-8 (~20 ms to import)

    best = from_bytes(data, cp_isolation=["cp1256", "utf_8", "iso8859_6", "cp1252", "latin_1"]).best()
    if best is None:
        raise ValueError("cannot detect the text encoding: the file looks binary or corrupted")
    return Decoded(str(best), best.encoding)


def _lenient_utf8(data: bytes, encoding: str, sure: bool = False) -> Decoded | None:
    """UTF-8 cut mid-character or holding a few stray bytes (a truncated download), else None.

    When only a handful of bytes are bad and the rest is clearly UTF-8 (plenty of valid
    multi-byte characters), those bytes are replaced: guessing another encoding for the whole
    file would turn every Arabic letter into mojibake. `sure` (a UTF-8 BOM) skips the test.
    """
    try:
        return Decoded(data.decode("utf-8"), encoding)
    except UnicodeDecodeError as exc:
        if exc.end == len(data) and exc.reason == "unexpected end of data":
            note = "file ends in the middle of a character (truncated?); the partial character was dropped"
            return Decoded(data[: exc.start].decode("utf-8"), encoding, [note])
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    multibyte = sum(not ch.isascii() for ch in text) - bad
    if sure or (bad <= max(3, len(text) // 1000) and multibyte >= 10 * bad):
        return Decoded(text, encoding, [f"{bad} bytes that are not valid UTF-8 were replaced by \ufffd"])
    return None


def _plausible_utf16(data: bytes, encoding: str) -> bool:
    """UTF-16 without a BOM: decodes cleanly to mostly Arabic, ASCII and punctuation."""
    if b"\x00" not in data:
        return False
    try:
        sample = data[: min(4000, len(data) // 2 * 2)].decode(encoding, "surrogatepass")
    except UnicodeDecodeError:
        return False
    common = sum(
        1 for ch in sample if ch.isascii() and (ch.isprintable() or ch in "\n\r\t")
        or "\u0600" <= ch <= "\u06ff" or "\u2000" <= ch <= "\u206f" or ch == "\u00a0"
    )
    return common >= 0.9 * len(sample)


def doc_id_of(path: Path) -> str:
    """The doc_id of a text file's article (and of a file's error), from its name."""
    return clean_label(path.stem)


def read_path(path: Path, doc_id: str | None = None, max_mb: float | None = DEFAULT_MAX_MB) -> Iterator[Ingested]:
    """One file -> its documents (a .jsonl file may hold many), or the reason it cannot be read.

    `max_mb` caps one article: a .txt file, or one line of a .jsonl file (None: no cap).
    """
    doc_id = clean_label(doc_id) if doc_id else doc_id_of(path)
    shown = clean_label(str(path))
    data = _read_bytes(path, max_mb)
    if isinstance(data, str):
        yield IngestError(doc_id, shown, data)
        return
    try:
        decoded = decode_bytes(data)
    except ValueError as exc:
        yield IngestError(doc_id, shown, str(exc))
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from parse_jsonl(decoded.text, path, doc_id, max_mb=max_mb, notes=decoded.warnings)
        return
    text = decoded.text
    hints, unusual = _scan(text)
    try:
        raw, repaired = repair_mojibake(text, hints)
    except ValueError as exc:
        yield IngestError(doc_id, shown, str(exc))
        return
    # a repaired text is another text: normalize_counting looks for its odd characters again
    notes = decoded.warnings + repaired
    yield parse_text(raw, path, doc_id, decoded.encoding, notes=notes, repaired=True, unusual=unusual if raw is text else None)


def _read_bytes(path: Path, max_mb: float | None) -> bytes | str:
    """The file's bytes, or the reason (str) it cannot or should not be read."""
    suffix = path.suffix.lower()
    # a .jsonl file holds many articles: its cap applies per line, in parse_jsonl
    limit = None if max_mb is None or suffix in JSONL_SUFFIXES else int(max_mb * MB)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return "is a folder, not a file"
        if not stat.S_ISREG(info.st_mode):
            return "not a regular file (a pipe, socket or device)"
        if suffix not in SUPPORTED:
            return f"unsupported file type {suffix or '(none)'}: use .txt or .jsonl"
        if limit is not None and info.st_size > limit:
            return too_large(info.st_size, max_mb)
        with path.open("rb") as f:
            data = _read_at_most(f, info.st_size, limit)
    except FileNotFoundError:
        if path.is_symlink():
            return f"broken link: its target {clean_label(os.readlink(path))} does not exist"
        return "file not found (it may have been moved or deleted)"
    except IsADirectoryError:
        return "is a folder, not a file"
    except OSError as exc:
        return f"cannot read file: {_os_reason(exc)}"
    if limit is not None and len(data) > limit:
        return too_large(len(data), max_mb)
    return data


def _read_at_most(f, size: int, limit: int | None) -> bytes:
    """The file's bytes, at most limit + 1 of them: a file that grows while it is read cannot
    exhaust memory. Read as stat() sized it first: read(limit + 1) alone would allocate the
    whole limit (1 MB) for every article, which cost more than reading it."""
    data = f.read(size + 1 if limit is None else min(size, limit) + 1)
    if len(data) > size:  # it grew since stat(): the rest, up to the limit
        data += f.read() if limit is None else f.read(limit + 1 - len(data))
    return data


def too_large(size: int, max_mb: float) -> str:
    return f"article too large ({size / MB:.1f} MB > {max_mb:g} MB limit; raise it with --max-mb)"


def _os_reason(exc: OSError) -> str:
    return exc.strerror.lower() if exc.strerror else clean_label(str(exc))


def parse_text(
    raw: str,
    path: Path,
    doc_id: str,
    encoding: str = "utf-8",
    notes: list[str] = (),
    repaired: bool = False,
    unusual: set[str] | None = None,
) -> Ingested:
    """A plain-text article in the seed's layout; `notes` are warnings from decoding it, and from
    `repair_mojibake` if `repaired` (then raw is what it returned); `unusual`: `unusual_in(raw)`
    if known."""
    text, invisible = normalize_counting(raw, unusual)
    if not text.strip():
        return IngestError(doc_id, clean_label(str(path)), _why_empty(raw))
    warnings = [*notes, *_encoding_warnings(raw, encoding, notes, repaired, invisible)]
    # Only the first lines (headline, outlet) and the last (date) matter: not every line is cut
    # out. `nonblank` holds the first nonblank lines, up to 4; `many` is their number (4: 4 or more).
    nonblank = _first_nonblank_lines(text, 4)
    many = len(nonblank)
    title_span = source_span = None
    title = source = date = None
    body_start, body_end = 0, len(text)

    last_s, _, last_t = nonblank[-1] if many < 4 else _last_nonblank_line(text)
    m = ISO_DATE.match(last_t)
    if m and many > 1:
        date = _valid_date(*m.groups())
        body_end = last_s
        many -= 1  # only nonblank[:2] is read below, and only if many > 1: never the date line
    if date is None:
        date = date_from_stem(path.stem)

    if many > 1:
        s, e, t = nonblank[0]
        title, title_span, body_start = t.strip(), _stripped_span(s, e, t), e
        s2, e2, t2 = nonblank[1]
        if many > 2 and _is_outlet_line(t2):
            source, source_span, body_start = t2.strip(), _stripped_span(s2, e2, t2), e2
        if source is None and HEADLINE_NOT.search(t):
            # no outlet line and a first line that ends like a sentence: the article has no
            # headline and starts with its first sentence, which must stay a claim
            title, title_span, body_start = None, None, 0
    if title is None:
        warnings.append("no headline found")
    if source is None:
        warnings.append("no outlet line found")
    if date is None:
        warnings.append("no date found (neither a last-line ISO date nor one in the file name)")
    return Document(
        doc_id=doc_id,
        path=clean_label(str(path)),
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


def parse_jsonl(
    raw: str, path: Path, stem: str, max_mb: float | None = DEFAULT_MAX_MB, notes: list[str] = ()
) -> Iterator[Ingested]:
    """One article per line: {"text": ..., "id"?, "title"?, "source"?, "date"?}.

    A broken line costs that line only. Lines are split at "\n" alone: U+2028 and friends are
    legal inside a JSON string and must not cut a line in two (str.splitlines would).
    """
    limit = None if max_mb is None else int(max_mb * MB)
    shown = clean_label(str(path))
    for lineno, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        fallback_id = f"{stem}-{lineno}"
        where = f"{shown}:{lineno}"
        if limit is not None and len(line) > limit // 4 and len(line.encode("utf-8", "replace")) > limit:
            yield IngestError(fallback_id, where, f"line {lineno}: " + too_large(len(line.encode("utf-8", "replace")), max_mb))
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(fallback_id, where, f"line {lineno} is not valid JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:  # [[[[...]]]] thousands deep
            yield IngestError(fallback_id, where, f"line {lineno} is not valid JSON: nested too deeply")
            continue
        if not isinstance(obj, dict):
            kind = {list: "array", str: "string", int: "number", float: "number", bool: "true/false"}.get(type(obj), "null")
            yield IngestError(fallback_id, where, f"line {lineno} is a JSON {kind}, not an object with a \"text\" field")
            continue
        if not isinstance(obj.get("text"), str):
            yield IngestError(fallback_id, where, f"line {lineno} has no \"text\" string field")
            continue
        doc_id = clean_label(str(obj.get("id") or fallback_id))
        try:
            body, repaired = repair_mojibake(obj["text"])
        except ValueError as exc:
            yield IngestError(doc_id, where, f"line {lineno}: {exc}")
            continue
        text, invisible = normalize_counting(body)
        if not text.strip():
            yield IngestError(doc_id, where, f"line {lineno} has an empty \"text\"")
            continue
        date = obj.get("date")
        if date is not None:
            m = ISO_DATE.match(str(date))
            date = _valid_date(*m.groups()) if m else None
        warnings = [*notes, *repaired, *_text_warnings(body, notes=repaired, repaired=True, invisible=invisible)]
        if not date:
            warnings.append("no date found")
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


def _stripped_span(start: int, end: int, line: str) -> tuple[int, int]:
    """The span of a line's text without its leading spaces, so text[span] == line.strip()."""
    return start + len(line) - len(line.lstrip()), end


def _first_nonblank_lines(text: str, limit: int) -> list[tuple[int, int, str]]:
    """The first `limit` lines of `text` that are not blank, as (start, end, line)."""
    out: list[tuple[int, int, str]] = []
    pos, size = 0, len(text)
    while len(out) < limit:
        end = text.find("\n", pos)
        if end < 0:
            end = size
        line = text[pos:end]
        if line.strip():
            out.append((pos, end, line))
        if end == size:
            break
        pos = end + 1
    return out


def _last_nonblank_line(text: str) -> tuple[int, int, str]:
    """The last line of `text` that is not blank, as (start, end, line); `text` must hold one."""
    end = len(text)
    while True:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip() or start == 0:
            return start, end, line
        end = start - 1


def _why_empty(raw: str) -> str:
    if not raw:
        return "empty file"
    if not raw.strip():
        return "file holds only whitespace"
    return "file holds no visible text (only invisible or control characters)"


def _encoding_warnings(
    raw: str, encoding: str, notes: list[str] = (), repaired: bool = False, invisible: int | None = None
) -> list[str]:
    warnings = []
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        warnings.append(f"decoded as {encoding}")
    return warnings + _text_warnings(raw, notes, repaired, invisible)


def _text_warnings(raw: str, notes: list[str] = (), repaired: bool = False, invisible: int | None = None) -> list[str]:
    """`repaired`: raw is what repair_mojibake returned; `invisible`: count_invisible(raw), if known."""
    warnings = []
    # text that went through repair_mojibake was checked there: its notes say if any is left
    if not repaired and MOJIBAKE_LEFT not in notes and _has_mojibake(raw):
        warnings.append(MOJIBAKE_LEFT)
    if invisible is None:
        invisible = count_invisible(raw)
    if invisible > 20:
        warnings.append(f"removed {invisible} invisible bidi/zero-width characters")
    if not _ARABIC.search(raw):
        warnings.append("no Arabic text found")
    return warnings


# Mojibake: UTF-8 Arabic decoded with a single-byte code page and saved again. Each Arabic
# letter is two UTF-8 bytes, a lead byte D8-DB and a continuation byte 80-BF, so it shows as
# two characters: "Ø§Ù„" after Windows-1252/Latin-1, "ط§ظ„" after Windows-1256. Three such
# pairs in a row never occur in real text. Continuation characters that real Arabic puts after
# ط ظ ع غ (، ؛ ؟, no-break space, quotes, dashes, joiners) are left out of the cp1256 set.
_LATIN_LEAD = "ØÙÚÛ"
_LATIN_CONT = {bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(0x80, 0xC0)} | {
    chr(b) for b in range(0x80, 0xC0)
}
_CP1256_LEAD = bytes(range(0xD8, 0xDC)).decode("cp1256")
_CP1256_CONT = set(bytes(range(0x80, 0xC0)).decode("cp1256")) - set("،؛؟\u00a0\u200c\u200d‘’“”–—")


def _char_class(chars) -> str:
    """A regex character class of `chars`, runs of consecutive code points as ranges."""
    points, parts = sorted(map(ord, chars)), []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        first, last = re.escape(chr(points[i])), re.escape(chr(points[j]))
        parts.append(first if i == j else f"{first}-{last}")
        i = j + 1
    return "[" + "".join(parts) + "]"


_MOJIBAKE = re.compile(
    f"(?:[{_LATIN_LEAD}]{_char_class(_LATIN_CONT)}){{3,}}|(?:[{_CP1256_LEAD}]{_char_class(_CP1256_CONT)}){{3,}}"
)
# Every mojibake match holds a Latin lead or a cp1256 continuation character, both rare in real
# Arabic copy: one class scan finds none in most texts, where _MOJIBAKE (whose branches begin
# with common Arabic letters) costs ~0.1 µs a character. Only a test of presence: no offsets.
_MOJIBAKE_HINT = re.compile(f"[{_LATIN_LEAD}]|{_char_class(_CP1256_CONT)}")


def _has_mojibake(text: str, hints: list[int] | None = None) -> bool:
    """`_MOJIBAKE` matches somewhere in `text`; `hints`: where `_MOJIBAKE_HINT` matches, if known.

    A match of three pairs holding the hint found at i lies within text[i - 5 : i + 6]: only
    there is it looked for, not along the whole text from the first hint on (« and » are hints,
    and common in Arabic copy). After many hints (Persian letters are hints too) one search of
    the rest is cheaper.
    """
    starts = hints if hints is not None else (hint.start() for hint in _MOJIBAKE_HINT.finditer(text))
    for n, at in enumerate(starts):
        start = max(at - 5, 0)
        if n == _MOJIBAKE_WINDOWS:
            return bool(_MOJIBAKE.search(text, start))
        if _MOJIBAKE.search(text, start, at + 6):
            return True
    return False


_MOJIBAKE_WINDOWS = 16
_HINT_CHARS = frozenset(_LATIN_LEAD) | _CP1256_CONT


# The characters ingest looks for one by one in a text: mojibake hints and what normalize_counting
# changes. A class scan costs ~60 instructions a character, whatever the class, and most texts
# hold none of these: one scan for both, not one each.
_MARKS = re.compile(_char_class(_HINT_CHARS | UNUSUAL_CHARS))


def _scan(text: str) -> tuple[list[int], set[str]]:
    """Where `_MOJIBAKE_HINT` matches in `text`, and `unusual_in(text)`."""
    hints: list[int] = []
    unusual: set[str] = set()
    for mark in _MARKS.finditer(text):
        ch = mark.group()
        if ch in _HINT_CHARS:
            hints.append(mark.start())
        if ch in UNUSUAL_CHARS:
            unusual.add(ch)
    return hints, unusual


_ARABIC = re.compile(r"[\u0600-\u06FF]")
# cp1252's printable characters in 0x80-0x9F -> the byte they stand for, as a Latin-1 char,
# so that `.encode("latin-1")` undoes both Windows-1252 and Latin-1 mojibake in one pass.
_CP1252_TO_LATIN1 = {
    ord(ch): chr(b) for b in range(0x80, 0xA0) if (ch := bytes([b]).decode("cp1252", "ignore"))
}
_WORD = re.compile(r"[^ \t\n\r]+")
_LOST = re.compile(f"[{_LATIN_LEAD}{_CP1256_LEAD}][?\ufffd]")
# Characters a repaired word may contain: Arabic (and its presentation forms), Latin-1
# punctuation and general punctuation. Anything else means the bytes only looked like UTF-8.
_REPAIRED_OK = re.compile(r"[\x00-\xff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u2000-\u206f\ufb50-\ufdff\ufe70-\ufeff]*")
MOJIBAKE_LEFT = "some text looks mis-encoded (mojibake): check the source encoding"
# Above this share of mis-encoded characters left after repair, the text is not worth reading.
MOJIBAKE_MAX_SHARE = 0.05
_CODEPAGES = {"latin": "Windows-1252 (or Latin-1)", "cp1256": "Windows-1256"}


def repair_mojibake(text: str, hints: list[int] | None = None) -> tuple[str, list[str]]:
    """Undo UTF-8-read-as-a-code-page damage word by word, where it can be undone exactly.

    A word is re-encoded with the code page and decoded as UTF-8; the repair is kept only if
    that succeeds strictly and gives Arabic or punctuation, so a repair never guesses. Returns
    (text, warnings); raises ValueError when too much mojibake is left (e.g. the damage replaced
    bytes by "?" or U+FFFD, which no decoding can bring back). `hints`: as for `_has_mojibake`.
    """
    if not _has_mojibake(text, hints):
        return text, []
    best, best_n, used = text, 0, None
    for codec in _CODEPAGES:
        fixed, n = _repair_words(text, codec)
        if n > best_n:
            best, best_n, used = fixed, n, codec
    notes = []
    if best_n:
        notes.append(f"repaired mis-encoded text: UTF-8 that had been read as {_CODEPAGES[used]} ({best_n} words)")
    left = _mojibake_share(best)
    if left > MOJIBAKE_MAX_SHARE:
        codec = used or ("latin" if re.search(f"[{_LATIN_LEAD}]", text) else "cp1256")
        lost = ", and characters were lost (replaced by ? or \ufffd)" if _LOST.search(text) else ""
        raise ValueError(
            f"text is mis-encoded: UTF-8 that was read as {_CODEPAGES[codec]} and saved again{lost}; "
            f"{left:.0%} of it cannot be repaired reliably: get a copy saved as UTF-8"
        )
    if _has_mojibake(best):
        notes.append(MOJIBAKE_LEFT)
    return best, notes


def _repair_words(text: str, codec: str) -> tuple[str, int]:
    count = 0

    def fix(m: re.Match) -> str:
        nonlocal count
        word = m.group()
        if word.isascii():
            return word
        try:
            if codec == "latin":
                data = word.translate(_CP1252_TO_LATIN1).encode("latin-1")
            else:
                data = word.encode("cp1256")
            fixed = data.decode("utf-8")
        except UnicodeError:
            return word
        if fixed == word or fixed.isascii() or not _REPAIRED_OK.fullmatch(fixed):
            return word
        count += 1
        return fixed

    return _WORD.sub(fix, text), count


def _mojibake_share(text: str) -> float:
    bad = sum(m.end() - m.start() for m in _MOJIBAKE.finditer(text))
    return bad / max(1, sum(not ch.isspace() for ch in text))
