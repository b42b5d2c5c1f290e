"""Ingest: the seed's layout, JSON Lines, folders, encodings, and the error rows."""
import json
from pathlib import Path

import pytest

from pipeline.ingest import IngestError, date_from_stem, iter_input_files, read_path
from tests.conftest import ARTICLES, SEED


def only(path: Path):
    items = list(read_path(path))
    assert len(items) == 1
    return items[0]


def test_seed_metadata():
    doc = only(SEED)
    assert doc.doc_id == "000_83a616a484fc29bf"
    assert doc.date == "2017-04-26"
    assert doc.source == "وزارة الإعلام"
    assert doc.title == "شويغو ولافروف في مؤتمر موسكو للأمن: سورية في مقدمة الدول التي تواجه الإرهاب"
    assert doc.text[slice(*doc.title_span)] == doc.title
    # the body starts after the outlet line and stops before the date line
    assert doc.text[doc.body_start:].lstrip().startswith("أكد وزير الدفاع الروسي")
    assert doc.text[doc.body_end:].strip() == "2017-04-26"
    assert "\u00a0" not in doc.text and doc.warnings == []


def test_own_article_with_no_break_space_separators():
    doc = only(ARTICLES / "foundation_budget.txt")
    assert (doc.source, doc.date) == ("وكالة أنباء زاندار", "2024-03-05")
    assert doc.title.startswith("وزير مالية زاندار")


def test_date_falls_back_to_file_name(tmp_path):
    p = tmp_path / "wire-2021-07-09.txt"
    p.write_text("عنوان الخبر\n\nالوكالة\n\nقال الوزير إن الوضع مستقر.\n", encoding="utf-8")
    doc = only(p)
    assert doc.date == "2021-07-09"
    assert date_from_stem("report_20190131") == "2019-01-31"
    assert date_from_stem("report_20191331") is None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1256"])
def test_encodings_decode_to_the_same_text(tmp_path, encoding):
    original = SEED.read_text(encoding="utf-8")
    # cp1256 cannot hold curly quotes' neighbours like the no-break space: keep the text it can
    text = original if encoding != "cp1256" else original.encode("cp1256", "ignore").decode("cp1256")
    p = tmp_path / f"seed_{encoding}.txt"
    p.write_bytes(text.encode(encoding))
    doc = only(p)
    assert doc.title.startswith("شويغو ولافروف")
    assert doc.date == "2017-04-26"
    assert "أكد وزير الدفاع الروسي سيرغي شويغو" in doc.text


def test_jsonl_articles_and_a_broken_line(tmp_path):
    p = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "عنوان", "source": "وكالة", "date": "2020-01-02", "text": "قال الوزير إن الاتفاق نهائي."}, ensure_ascii=False),
        "{not json",
        json.dumps({"text": "أعلنت الوزارة تعليق الرحلات."}, ensure_ascii=False),
        json.dumps({"title": "بلا نص"}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_path(p))
    assert [type(i).__name__ for i in items] == ["Document", "IngestError", "Document", "IngestError"]
    first, broken, third, no_text = items
    assert (first.doc_id, first.date, first.source, first.title) == ("a1", "2020-01-02", "وكالة", "عنوان")
    assert first.text == "قال الوزير إن الاتفاق نهائي."
    assert broken.doc_id == "feed-2" and "line 2 is not valid JSON" in broken.error
    assert third.doc_id == "feed-3" and third.date is None
    assert "no \"text\"" in no_text.error


def test_folders_recurse_sorted_and_skip_hidden(tmp_path):
    for rel in ["b/2.txt", "a/1.txt", "a/z.jsonl", ".hidden/x.txt", "a/notes.md"]:
        f = tmp_path / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_input_files([tmp_path])]
    assert found == ["a/1.txt", "a/z.jsonl", "b/2.txt"]


def test_unreadable_inputs_become_errors(tmp_path):
    missing = only(tmp_path / "gone.txt")
    assert isinstance(missing, IngestError) and "not found" in missing.error
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert only(empty).error == "empty file"
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    assert "binary" in only(binary).error
