"""Rows rendered where they are made (see pipeline.rendered): the files they give are the files
the rows give when written directly, whatever the batches, the row groups or the number of jobs."""
import hashlib

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import pipeline
from pipeline import batch, export, row_text
from pipeline.batch import iter_rows
from pipeline.rendered import record_batch
from pipeline.tables import TABLES, SpeakerTally, columns
from schemas import ClaimRow, RunConfig
from tests.conftest import ARTICLES, SEED
from tests.test_export_stream import NUMBERS, TRICKY, claim_table


@pytest.fixture(scope="module")
def docs():
    return list(iter_rows([SEED, ARTICLES], RunConfig(progress=False)))


def test_rendered_rows_numbered_later_are_the_rows_numbered_at_once():
    df = claim_table(TRICKY + ["a\x00b"], NUMBERS)
    rows = export.frame_rows(df)
    spec = export.TableSpec.of_frame("claims", df)
    cells = [(kind, f'<c r="{chr(65 + j % 26)}', f'" s="{2 + j % 3}"') for j, kind in enumerate(spec.kinds)]
    templates = row_text.row_templates(rows, cells)
    # one mark per cell and one for the row: a NUL in the text itself is escaped, never a mark
    for template, row in zip(templates, rows):
        cells_written = template.count(b"<c r=")
        assert template.count(row_text.ROW_MARK.encode()) == cells_written + 1
    assert b"_x0000_" in templates[-1]
    whole = row_text.numbered_rows(templates, 41)
    first = row_text.numbered_rows(templates[:5], 41)
    rest = row_text.numbered_rows(templates[5:], first[1])
    assert first[0] + rest[0] == whole[0] and rest[1:] == whole[1:] == (41 + len(rows), whole[2])
    assert b'<row r="43">' in whole[0] and whole[2] is not None


def test_lines_after_a_bare_cr_are_quoted_like_the_rest(tmp_path):
    df = claim_table(["plain", "a,b", "\r=1+1", "after", "x,\"y\"", ""], [1, 2.5, None, 4, 1e16, True])
    spec = export.TableSpec.of_frame("claims", df)
    rows = export.frame_rows(df)
    streamed = export.CsvTable(tmp_path / "streamed.csv", spec)
    for chunk in (rows[:2], rows[2:3], rows[3:]):  # minimal quoting, the CR, then plain rows again
        streamed.write(chunk)
    streamed.close()
    at_once = export.CsvTable(tmp_path / "at_once.csv", spec)
    at_once.write(rows)
    at_once.close()
    assert (tmp_path / "streamed.csv").read_bytes() == (tmp_path / "at_once.csv").read_bytes()
    lines = (tmp_path / "at_once.csv").read_text(encoding="utf-8-sig").split("\n")
    assert lines[-2].startswith('"') and lines[-2].endswith('"')  # the last row is fully quoted too


def claim_rows(docs):
    return [row for d in docs for row in d.claims]


def test_parquet_row_groups_hold_the_same_rows_however_they_come(tmp_path, docs, monkeypatch):
    monkeypatch.setattr(export, "PARQUET_ROW_GROUP", 7)
    spec = export.table_specs()["claims"]
    rows = claim_rows(docs)
    assert len(rows) > 30
    direct = export.ParquetTable(tmp_path / "direct.parquet", spec)
    for d in docs:  # a document at a time, as an in-process run writes them
        direct.write(d.claims)
    direct.finish()
    batched = export.ParquetTable(tmp_path / "batched.parquet", spec)
    sizes = [1, 9, 3, 14, 2]
    start = 0
    while start < len(rows):  # Arrow batches of uneven sizes, as workers send them
        size = sizes[start % len(sizes)]
        batched.write_batch(record_batch(rows[start:start + size], spec.schema))
        start += size
    batched.finish()
    data = (tmp_path / "direct.parquet").read_bytes()
    assert (tmp_path / "batched.parquet").read_bytes() == data
    meta = pq.ParquetFile(tmp_path / "direct.parquet").metadata
    groups = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    assert groups == [7] * (len(rows) // 7) + ([len(rows) % 7] if len(rows) % 7 else [])
    back = pq.read_table(tmp_path / "direct.parquet")
    assert back.column_names == columns(ClaimRow)
    assert back.to_pylist() == pa.Table.from_batches([record_batch(rows, spec.schema)]).to_pylist()


def test_tallies_of_batches_merged_are_the_tally_of_all(docs):
    whole = SpeakerTally({"registered name"})
    for d in docs:
        whole.add(d.claims, d.figures)
    merged = SpeakerTally({"registered name"})
    for start in range(0, len(docs), 3):
        part = SpeakerTally()
        for d in docs[start:start + 3]:
            part.add(d.claims, d.figures)
        merged.merge(part)
    assert merged.rows() == whole.rows() and len(whole.rows()) > 5
    with pytest.raises(ValueError):
        merged.merge(SpeakerTally(any_order=True))


def digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_two_jobs_write_the_bytes_of_one_across_many_row_groups(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "PARQUET_ROW_GROUP", 5)  # the writer is in this process
    monkeypatch.setattr(batch, "TXT_PER_TASK", 3)  # tasks are made here too: many, out of step with the row groups
    for jobs in (1, 2):
        pipeline.api.run_to([SEED, ARTICLES], tmp_path / f"jobs{jobs}", RunConfig(progress=False, jobs=jobs))
    assert digests(tmp_path / "jobs1") == digests(tmp_path / "jobs2")
    meta = pq.ParquetFile(tmp_path / "jobs2" / "claims.parquet").metadata
    assert meta.num_row_groups > 5 and meta.row_group(0).num_rows == 5
    tables = pipeline.api.load(tmp_path / "jobs2")
    assert set(TABLES) == set(tables.as_dict()) and len(tables.claims) == meta.num_rows
    assert isinstance(tables.claims, pd.DataFrame)
