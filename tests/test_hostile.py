"""The catalogue of hostile and broken input: each case and the outcome it must have.

Small cases are committed in tests/hostile/ (see its README.md); the rest are generated here
from them: binary bytes, other encodings, mojibake, a 50 MB article, unreadable and vanishing
paths. A bad document costs that document only: it becomes a Documents row with status error
(or ok with a warning when its text is usable), and every other document is processed.
"""
import codecs
import csv
import json
import os
import random
import shutil
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import pipeline.batch as batch
from pipeline.batch import process_document, run_batch
from pipeline.cli import app
from pipeline.ingest import IngestError, parse_text, read_path
from pipeline.normalize import count_invisible
from pipeline.resources import load_resources
from schemas import Document, RunConfig
from tests.conftest import SEED

HOSTILE = Path(__file__).resolve().parent / "hostile"
BASE = HOSTILE / "base_article.txt"
BASE_TEXT = BASE.read_text(encoding="utf-8")
runner = CliRunner()


def rows(*paths, **options):
    """The Documents rows of a batch over `paths`."""
    return [r.document for r in run_batch(list(paths), RunConfig(progress=False), **options)]


def only(path, **options):
    (row,) = rows(path, **options)
    return row


def base_doc() -> Document:
    (doc,) = read_path(BASE)
    return doc


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def sloppy_cp1252(data: bytes) -> str:
    """Bytes read as Windows-1252 the way Windows does: undefined bytes kept as U+0080-U+009F."""
    return "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in data)


# --- the generated cases --------------------------------------------------------------------

ENCODED = {
    "cp1256": lambda t: t.encode("cp1256"),
    "utf16_bom": lambda t: t.encode("utf-16"),  # BOM + native order
    "utf16_be_bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf16_le_nobom": lambda t: t.encode("utf-16-le"),
    "utf16_be_nobom": lambda t: t.encode("utf-16-be"),
}
MOJIBAKE = {
    # UTF-8 Arabic opened with a single-byte code page and saved again as UTF-8
    "mojibake_latin1": lambda t: t.encode("utf-8").decode("latin-1").encode("utf-8"),
    "mojibake_cp1252": lambda t: sloppy_cp1252(t.encode("utf-8")).encode("utf-8"),
    "mojibake_cp1256": lambda t: t.encode("utf-8").decode("cp1256").encode("utf-8"),
}


def binary_bytes() -> bytes:
    rng = random.Random(7)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4000))


def fifty_mb_article(path: Path) -> Path:
    """A 50 MB article of real Arabic text, written in chunks (never held whole in memory)."""
    paragraph = BASE_TEXT.split("\n\n", 2)[2].encode("utf-8")
    with open(path, "wb") as f:
        f.write("عنوان طويل جدا\n\nوكالة أنباء سالمورا\n\n".encode("utf-8"))
        while f.tell() < 50_000_000:
            f.write(paragraph * 100)
        f.truncate(50_000_000)
    return path


# --- one test per case ----------------------------------------------------------------------


def test_empty_file():
    row = only(HOSTILE / "empty.txt")
    assert (row.status, row.error) == ("error", "empty file")


def test_whitespace_only_file():
    row = only(HOSTILE / "whitespace_only.txt")
    assert (row.status, row.error) == ("error", "file holds only whitespace")


def test_invisible_characters_only_file(tmp_path):
    row = only(write(tmp_path / "invisible.txt", "\u200b\u202e\u200f\n\u2066".encode()))
    assert row.status == "error" and "no visible text" in row.error


@pytest.mark.parametrize(
    "data, reason",
    [
        (binary_bytes(), "binary file, not text (contains NUL bytes)"),
        (bytes(range(1, 256)) * 8, "binary file, not text (contains control bytes)"),
        (bytes(b | 0x80 for b in random.Random(3).randbytes(4000)), "cannot detect the text encoding"),
    ],
    ids=["png", "control-bytes", "high-bytes"],
)
def test_binary_file(tmp_path, data, reason):
    row = only(write(tmp_path / "scan.txt", data))
    assert row.status == "error" and row.error.startswith(reason)


@pytest.mark.parametrize("name", sorted(ENCODED))
def test_other_encodings_give_the_same_document(tmp_path, name):
    path = write(tmp_path / f"base_article_{name}.txt", ENCODED[name](BASE_TEXT))
    (doc,) = read_path(path)
    assert doc.text == base_doc().text and doc.title == base_doc().title and doc.date == "2024-05-14"
    assert any(w.startswith("decoded as ") for w in doc.warnings)
    row = only(path)
    assert row.status == "ok" and row.claims == only(BASE).claims > 0
    assert "decoded as" in row.warning


@pytest.mark.parametrize("name", sorted(MOJIBAKE))
def test_mojibake_is_repaired_exactly_with_a_warning(tmp_path, name):
    path = write(tmp_path / f"base_article_{name}.txt", MOJIBAKE[name](BASE_TEXT))
    assert "Ø" in path.read_text(encoding="utf-8") or "ط§" in path.read_text(encoding="utf-8")
    (doc,) = read_path(path)
    assert doc.text == base_doc().text  # every letter back, not a guess
    row = only(path)
    assert row.status == "ok" and row.title == base_doc().title
    assert "repaired mis-encoded text: UTF-8 that had been read as" in row.warning


def test_mojibake_that_lost_characters_is_an_error(tmp_path):
    # decode("cp1252", "replace") turned five byte values (ف, ُ, ...) into U+FFFD: not repairable
    damaged = BASE_TEXT.encode("utf-8").decode("cp1252", "replace").encode("utf-8")
    row = only(write(tmp_path / "lossy.txt", damaged))
    assert row.status == "error"
    assert "mis-encoded" in row.error and "cannot be repaired reliably" in row.error
    assert "characters were lost" in row.error


def test_a_little_mojibake_in_good_text_is_repaired_in_place(tmp_path):
    name = "هشام الزرقاني"
    garbled = BASE_TEXT.replace(name, name.encode("utf-8").decode("latin-1"), 1)
    assert garbled != BASE_TEXT
    (doc,) = read_path(write(tmp_path / "mixed.txt", garbled.encode("utf-8")))
    assert doc.text == base_doc().text
    assert any("repaired mis-encoded text" in w for w in doc.warnings)


def test_truncated_utf8_keeps_what_was_downloaded(tmp_path):
    data = BASE_TEXT.encode("utf-8")
    cut = data.index("الإصلاح".encode()) + 3  # in the middle of a two-byte letter
    (doc,) = read_path(write(tmp_path / "cut.txt", data[:cut]))
    assert doc.text.endswith("الحكومة ماضية في ا")
    assert any("ends in the middle of a character" in w for w in doc.warnings)


def test_no_date_and_no_outlet():
    row = only(HOSTILE / "no_date_no_outlet.txt")
    assert row.status == "ok" and row.doc_date is None and row.source is None and row.title is None
    for what in ("no headline found", "no outlet line found", "no date found"):
        assert what in row.warning
    # the first line is a sentence, not a headline: it stays a claim
    (result,) = run_batch([HOSTILE / "no_date_no_outlet.txt"], RunConfig(progress=False))
    assert result.claims[0].claim_text.startswith("قال المتحدث باسم بلدية نيرفا")


def test_english_only():
    row = only(HOSTILE / "english_only.txt")
    assert row.status == "ok" and row.language == "other" and row.warning == "no Arabic text found"
    assert row.title == "Salmora finance minister expects lower deficit"


def test_fifty_mb_article_is_refused_by_its_size_without_reading_it(tmp_path):
    big = fifty_mb_article(tmp_path / "dump.txt")
    assert big.stat().st_size >= 50_000_000
    tracemalloc.start()
    try:
        (row,) = rows(big, BASE)[:1]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        big.unlink()  # pytest keeps recent tmp folders: do not leave 50 MB behind
    assert row.status == "error"
    assert row.error == "article too large (50.0 MB > 1 MB limit; raise it with --max-mb)"
    assert peak < 10_000_000  # the 50 MB were never read into memory


def test_the_size_limit_is_configurable(tmp_path):
    assert only(BASE, max_mb=0.0005).error.startswith("article too large (0.0 MB > 0.0005 MB limit")
    assert only(BASE, max_mb=0.01).status == "ok"
    # a .jsonl file is capped per line (per article), not as a whole
    feed = tmp_path / "feed.jsonl"
    small = json.dumps({"id": "small", "text": "قال الوزير إن الاتفاق نهائي."}, ensure_ascii=False)
    large = json.dumps({"id": "large", "text": "قال الوزير إن الاتفاق نهائي. " * 100}, ensure_ascii=False)
    feed.write_text(small + "\n" + large + "\n" + small.replace("small", "small2") + "\n", encoding="utf-8")
    got = {r.doc_id if r.status == "ok" else r.error.split(":")[0]: r.status for r in rows(feed, max_mb=0.001)}
    assert got == {"small": "ok", "line 2": "error", "small2": "ok"}


def test_jsonl_with_broken_lines_among_good_ones():
    got = {r.doc_id: r for r in rows(HOSTILE / "feed_broken_line.jsonl")}
    assert [d for d, r in got.items() if r.status == "ok"] == ["feed-good-1", "feed-good-2", "feed-good-3"]
    assert got["feed_broken_line-2"].error.startswith("line 2 is not valid JSON: Unterminated string")
    assert got["feed_broken_line-4"].error == "line 4 is a JSON array, not an object with a \"text\" field"
    assert got["feed_broken_line-5"].error == 'line 5 has no "text" string field'
    assert got["feed-good-1"].source == "وكالة أنباء سالمورا" and got["feed-good-1"].doc_date == "2024-05-10"
    # U+2028 inside a JSON string is a line break in the article, not the end of the JSON line
    assert got["feed-good-3"].claims >= 1 and got["feed-good-3"].path.endswith("feed_broken_line.jsonl:6")


def test_jsonl_escapes_no_writer_accepts_are_cleaned(tmp_path):
    # JSON may spell lone surrogates and control characters; no UTF-8 file can hold the former
    feed = tmp_path / "odd.jsonl"
    feed.write_text(
        '{"id": "a\\ud800\\n1", "title": "\\u202e\\ud83d", "text": "قال الوزير \\udfff إن الاتفاق\\u0000 نهائي."}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(feed), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    with open(out / "claims.csv", encoding="utf-8-sig", newline="") as f:
        (claim,) = csv.DictReader(f)
    assert claim["doc_id"] == "a\ufffd 1" and claim["title"] == "\ufffd"
    assert claim["claim_text"] == "قال الوزير \ufffd إن الاتفاق نهائي."


def test_two_files_with_the_same_stem(tmp_path):
    a, b = rows(HOSTILE / "same_stem")
    assert (a.doc_id, b.doc_id) == ("report", "report~2") and a.status == b.status == "ok"
    assert "renamed 'report~2'" in b.warning and a.title != b.title
    # a file whose own stem is "report~2" must not collide with the renamed one
    shutil.copytree(HOSTILE / "same_stem", tmp_path / "in")
    write(tmp_path / "in" / "c" / "report~2.txt", BASE.read_bytes())
    ids = [r.doc_id for r in rows(tmp_path / "in")]
    assert len(ids) == len(set(ids)) == 3


def test_a_broken_link_in_a_folder_is_reported_not_skipped(tmp_path):
    shutil.copy(BASE, tmp_path / "good.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere" / "article.txt")
    got = {r.doc_id: r for r in rows(tmp_path)}
    assert got["good"].status == "ok"
    assert got["gone"].status == "error" and got["gone"].error.startswith("broken link: its target")


def test_a_folder_named_like_an_article_is_a_folder(tmp_path):
    inner = tmp_path / "in" / "x.txt"
    inner.mkdir(parents=True)
    shutil.copy(BASE, inner / "article.txt")
    assert [(r.doc_id, r.status) for r in rows(tmp_path / "in")] == [("article", "ok")]
    assert [(r.doc_id, r.status) for r in rows(inner)] == [("article", "ok")]


def test_a_pipe_named_like_an_article_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block forever
    row = only(tmp_path / "pipe.txt")
    assert row.status == "error" and row.error == "not a regular file (a pipe, socket or device)"


def deny(monkeypatch, name: str) -> None:
    """Path.open raises PermissionError for files called `name` (tests run as root: chmod 000
    would not stop them)."""
    real_open = Path.open

    def guarded(self, *args, **kwargs):
        if self.name == name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded)


def test_an_unreadable_file(tmp_path, monkeypatch):
    shutil.copy(BASE, tmp_path / "good.txt")
    shutil.copy(BASE, tmp_path / "locked.txt")
    deny(monkeypatch, "locked.txt")
    got = {r.doc_id: r for r in rows(tmp_path)}
    assert got["good"].status == "ok"
    assert (got["locked"].status, got["locked"].error) == ("error", "cannot read file: permission denied")


def vanish(monkeypatch, name: str) -> None:
    """Delete the file called `name` after the folder was listed, just before it is read."""
    real_read = batch.read_path

    def read_after_delete(path, *args, **kwargs):
        if path.name == name:
            path.unlink()
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(batch, "read_path", read_after_delete)


def test_a_file_that_vanishes_while_the_batch_runs(tmp_path, monkeypatch):
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(BASE, tmp_path / name)
    vanish(monkeypatch, "b.txt")
    got = [(r.doc_id, r.status, r.error) for r in rows(tmp_path)]
    assert got == [
        ("a", "ok", None),
        ("b", "error", "file not found (it may have been moved or deleted)"),
        ("c", "ok", None),
    ]


def test_bidi_controls_and_zero_width_joiners():
    raw = (HOSTILE / "bidi_zero_width.txt").read_text(encoding="utf-8")
    assert count_invisible(raw) > 50
    (doc,) = read_path(HOSTILE / "bidi_zero_width.txt")
    assert doc.text == base_doc().text  # removed, and nothing else changed
    row = only(HOSTILE / "bidi_zero_width.txt")
    assert row.status == "ok" and row.title == base_doc().title
    assert row.warning.startswith("removed ") and "invisible bidi/zero-width characters" in row.warning
    (result,) = run_batch([HOSTILE / "bidi_zero_width.txt"], RunConfig(progress=False))
    assert result.claims and not any(count_invisible(c.claim_text) for c in result.claims)


def test_a_file_name_with_control_and_bidi_characters(tmp_path):
    path = tmp_path / "evil\u202e\nname.txt"
    shutil.copy(BASE, path)
    row = only(path)
    assert row.status == "ok" and row.doc_id == "evil name"  # fit for one cell and one line


# --- the whole catalogue, through the command line ------------------------------------------

# doc_id -> (status, what the error or warning must say)
CATALOGUE = {
    "000_83a616a484fc29bf": ("ok", None),
    "base_article": ("ok", None),
    "bidi_zero_width": ("ok", "invisible bidi/zero-width characters"),
    "binary": ("error", "binary file, not text"),
    "broken_link": ("error", "broken link"),
    "cp1256": ("ok", "decoded as cp1256"),
    "dump_50mb": ("error", "article too large (50.0 MB > 1 MB limit"),
    "empty": ("error", "empty file"),
    "english_only": ("ok", "no Arabic text found"),
    "feed-good-1": ("ok", None),
    "feed-good-2": ("ok", None),
    "feed-good-3": ("ok", None),
    "feed_broken_line-2": ("error", "line 2 is not valid JSON"),
    "feed_broken_line-4": ("error", "line 4 is a JSON array"),
    "feed_broken_line-5": ("error", 'line 5 has no "text"'),
    "formula_article": ("ok", None),
    "inside_folder_named_txt": ("ok", None),
    "locked": ("error", "cannot read file: permission denied"),
    "mojibake_cp1252": ("ok", "repaired mis-encoded text"),
    "mojibake_cp1256": ("ok", "repaired mis-encoded text"),
    "mojibake_latin1": ("ok", "repaired mis-encoded text"),
    "mojibake_lossy": ("error", "cannot be repaired reliably"),
    "no_date_no_outlet": ("ok", "no date found"),
    "report": ("ok", None),
    "report~2": ("ok", "renamed 'report~2'"),
    "utf16_be_bom": ("ok", "decoded as utf-16"),
    "utf16_be_nobom": ("ok", "decoded as utf-16-be"),
    "utf16_bom": ("ok", "decoded as utf-16"),
    "utf16_le_nobom": ("ok", "decoded as utf-16-le"),
    "vanishing": ("error", "file not found (it may have been moved or deleted)"),
    "whitespace_only": ("error", "file holds only whitespace"),
}


def build_catalogue(root: Path) -> Path:
    """tests/hostile/ plus every generated case, in one folder."""
    shutil.copytree(HOSTILE, root, ignore=shutil.ignore_patterns("*.md"))
    gen = root / "generated"
    for name, encode in {**ENCODED, **MOJIBAKE}.items():
        write(gen / f"{name}.txt", encode(BASE_TEXT))
    write(gen / "mojibake_lossy.txt", BASE_TEXT.encode("utf-8").decode("cp1252", "replace").encode("utf-8"))
    write(gen / "binary.txt", binary_bytes())
    fifty_mb_article(gen / "dump_50mb.txt")
    (gen / "broken_link.txt").symlink_to(gen / "deleted" / "article.txt")
    write(gen / "folder.txt" / "inside_folder_named_txt.txt", BASE.read_bytes())
    write(gen / "locked.txt", BASE.read_bytes())
    write(gen / "vanishing.txt", BASE.read_bytes())
    return root


def test_the_whole_catalogue_plus_the_seed(tmp_path, monkeypatch):
    catalogue = build_catalogue(tmp_path / "catalogue")
    deny(monkeypatch, "locked.txt")
    vanish(monkeypatch, "vanishing.txt")
    out = tmp_path / "out"
    try:
        result = runner.invoke(app, ["run", str(SEED), str(catalogue), "--out", str(out), "--quiet"])
    finally:
        (catalogue / "generated" / "dump_50mb.txt").unlink()  # do not leave 50 MB behind
    assert result.exit_code == 1, result.output  # some documents failed; the run did not
    assert "Traceback" not in result.output

    with open(out / "documents.csv", encoding="utf-8-sig", newline="") as f:
        documents = {d["doc_id"]: d for d in csv.DictReader(f)}
    assert sorted(documents) == sorted(CATALOGUE)
    for doc_id, (status, says) in CATALOGUE.items():
        doc = documents[doc_id]
        assert doc["status"] == status, (doc_id, doc)
        if says:
            assert says in (doc["error"] if status == "error" else doc["warning"]), (doc_id, doc)

    # every good document is written: its claims are in the claims table
    with open(out / "claims.csv", encoding="utf-8-sig", newline="") as f:
        claims = list(csv.DictReader(f))
    for doc_id, doc in documents.items():
        if doc["status"] == "ok":
            assert int(doc["claims"]) > 0, doc_id
            assert sum(c["doc_id"] == doc_id for c in claims) == int(doc["claims"]), doc_id
    # every bad document is listed on stderr, one line each, with its reason and path
    stderr = result.stderr.splitlines()
    for doc_id, doc in documents.items():
        if doc["status"] == "error":
            (line,) = [s for s in stderr if s.startswith(f"claimtable: {doc_id}: ")]
            assert doc["error"] in line and doc["path"] in line
    assert len(stderr) == sum(d["status"] == "error" for d in documents.values())


# --- clear errors from the command line -----------------------------------------------------


def fails_cleanly(result, *expected: str) -> str:
    """A one-line message on stderr, a non-zero exit, no traceback."""
    assert result.exit_code not in (0, None)
    assert isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("claimtable: error: "), result.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def test_missing_input_path(tmp_path):
    result = runner.invoke(app, ["run", str(tmp_path / "nope"), "--out", str(tmp_path / "out")])
    fails_cleanly(result, "input path not found", "nope")


def test_output_folder_under_a_regular_file(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["run", str(BASE), "--out", str(blocker / "out"), "-q"])
    fails_cleanly(result, "cannot create output folder", "file.txt/out")
    result = runner.invoke(app, ["run", str(BASE), "--out", str(blocker), "-q"])
    fails_cleanly(result, "exists and is not a folder")


def test_malformed_speakers_file(tmp_path):
    bad = tmp_path / "speakers_bad.csv"
    bad.write_text(
        "canonical,aliases_ar,role_ar,role_en,organization,country,type\n"
        "Hisham Zarqani,هشام الزرقاني,وزير المالية,Finance Minister,Salmora Government,Salmora,person\n"
        "Sami Attar,سامي العطار,المتحدث,Spokesman,Nerva Municipality,Salmora,robot\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["run", str(BASE), "--out", str(tmp_path / "out"), "--speakers", str(bad), "-q"])
    line = fails_cleanly(result, "speakers_bad.csv", "robot")
    assert "line 3" in line or ":3:" in line  # which line
    assert "type" in line  # which column
    assert not (tmp_path / "out" / "claims.xlsx").exists()


def test_malformed_units_file(tmp_path):
    bad = tmp_path / "units_bad.csv"
    bad.write_text(
        "singular,dual,plural,unit_en,category,forms\n"
        "سفينة,سفينتان,سفن,ships,transport,\n"
        "موظف,موظفان,موظفون,employees,nonsense-category,\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["run", str(BASE), "--out", str(tmp_path / "out"), "--units", str(bad), "-q"])
    line = fails_cleanly(result, "units_bad.csv", "nonsense-category")
    assert "line 3" in line or ":3:" in line  # which line
    assert "category" in line or ":3:5:" in line  # which column


def test_a_folder_without_articles_warns(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.md").write_text("not an article", encoding="utf-8")
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0
    assert result.stderr.strip() == f"claimtable: warning: no .txt or .jsonl files found in {tmp_path / 'in'}"


def test_missing_lexicon_file(tmp_path):
    result = runner.invoke(app, ["run", str(BASE), "--out", str(tmp_path / "out"), "--units", str(tmp_path / "none.csv")])
    fails_cleanly(result, "--units file not found")


# --- property-based: arbitrary text through the whole pipeline -------------------------------

def check_offsets(raw: str) -> None:
    """No exception escapes, and every claim and figure points at exactly its own text."""
    doc = parse_text(raw, Path("hypothesis.txt"), "hypothesis")
    if isinstance(doc, IngestError):
        assert doc.error
        return
    result = process_document(doc, load_resources())  # cached after the first call
    text = doc.text
    if doc.title_span:
        assert text[slice(*doc.title_span)] == doc.title
    for claim in result.claims:
        assert text[claim.start:claim.end] == claim.claim_text
    for figure in result.figures:
        assert text[figure.start:figure.end] == figure.text
    assert result.document.claims == len(result.claims)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_text(raw):
    check_offsets(raw)


ARABIC_WORDS = [
    "قال", "وقال", "أكد", "أعلن", "أضاف", "وأضاف", "مشيرا", "إلى", "أن", "إن", "الوزير", "وزير", "الدفاع",
    "سالمورا", "نيرفا", "هشام", "الزرقاني", "نحو", "أكثر", "من", "ألف", "آلاف", "مليون", "مليار", "طلعة",
    "غارة", "مسلح", "في", "المئة", "%", "دولار", "عام", "نيسان/أبريل", "القرار", "كما", "وأن", "بدوره",
    "يذكر", "نقلت", "وكالة", "عن", "23ألف", "٧٧", "٢٠١٧", "3.5", "1,200", "ربع", "نصف",
]
PIECES = st.one_of(
    st.sampled_from(ARABIC_WORDS),
    st.integers(0, 10**9).map(str),
    st.sampled_from(["“", "”", "«", "»", '"', "'", "(", ")"]),
    st.sampled_from([".", "،", "؛", "؟", "!", ":", "..", "…", "-", "/"]),
    st.sampled_from(["\n", "\n\n", " \u00a0\n", "\r\n", "\u200f", "\u202b", "\t"]),
    st.text(max_size=3),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(PIECES, max_size=80).map(" ".join))
def test_arabic_like_text(raw):
    check_offsets(raw)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from([".txt", ".jsonl"]))
def test_any_bytes_are_read_or_reported(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"blob{suffix}"
        path.write_bytes(data)
        for item in read_path(path):
            assert isinstance(item, (Document, IngestError))
            if isinstance(item, IngestError):
                assert item.error and "\n" not in item.error
            else:
                check_offsets(item.text)
