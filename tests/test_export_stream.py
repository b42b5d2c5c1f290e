"""The streamed writers: the workbook's cells are exactly what xlsxwriter itself writes, CSV keeps
its quoting rules when a bare CR shows up late, and a streamed run equals the in-memory tables."""
import csv
import io
import math
import zipfile

import pandas as pd
import pytest
import xlsxwriter

import pipeline
from pipeline import export, row_text
from pipeline.api import ClaimTables, load
from pipeline.batch import iter_rows
from pipeline.safety import escape_formula
from pipeline.tables import TABLES, frame, speakers_table
from schemas import ClaimRow, FigureRow, RunConfig
from tests.conftest import ARTICLES, SEED

TRICKY = [
    "قال الوزير إن “الاتفاق” نهائي.", "=1+1", "\r=1+1", "a\x01b\x1fc", "_x0041_ stays", " lead", "trail ",
    "a & b < c > d", "", "\t=", "x" * 40000, "😀" * 20000, "\ufffe\uffff", "line\nbreak", "\u00a0nbsp",
]
NUMBERS = [0, -3, 7, 10**17, 2.5, 1e-7, 123456789.123, float("inf"), float("-inf"), float("nan"), None]


def claim_table(texts, numbers) -> pd.DataFrame:
    rows = []
    for i, (t, n) in enumerate(zip(texts, numbers * (len(texts) // len(numbers) + 1)), start=1):
        rows.append(dict(claim_id=f"d-c{i:03d}", doc_id="d", paragraph=i, sentence=i, claim_no=1, claim_text=t,
                         source_sentence=t, title=t, speaker=t if i % 3 else None, start=0, end=len(t),
                         sentence_start=0, sentence_end=len(t), source="وكالة", figures="45,000 people"))
    df = frame(ClaimRow, rows)
    df["extra"] = pd.array([n for n in (numbers * 3)[: len(df)]], dtype="Float64")  # a caller's extra column
    return df


def xlsxwriter_sheet_xml(df: pd.DataFrame, tmp_path) -> bytes:
    """The Claims sheet as xlsxwriter writes it cell by cell (how the export worked before).

    Styles are numbered in order of first use, so the first row of `df` uses each format in
    column order (as the streamed sheets number them).
    """
    path = tmp_path / "reference.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False, "nan_inf_to_errors": True})
    header = wb.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1, "text_wrap": True, "valign": "top"})
    formats = {(r, w): wb.add_format({"valign": "top", "text_wrap": w, **({"reading_order": 2, "align": "right"} if r else {})})
               for r in (False, True) for w in (False, True)}
    ws = wb.add_worksheet("Claims")
    cols = list(df.columns)
    fmts = []
    for j, name in enumerate(cols):
        fmt = formats[(name in export.RTL_COLUMNS, name in export.WRAP_COLUMNS)]
        fmts.append(fmt)
        ws.set_column(j, j, export.WIDTHS.get(name, 12), fmt)
        ws.write_string(0, j, name, header)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(df), 1), len(cols) - 1)
    kinds = [export._kind(df[c]) for c in cols]
    for i, row in enumerate(df.itertuples(index=False, name=None), start=1):
        for j, value in enumerate(row):
            if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                continue
            if kinds[j] == "number":
                ws.write_number(i, j, value, fmts[j])
            elif kinds[j] == "bool":
                ws.write_boolean(i, j, bool(value), fmts[j])
            else:
                text = str(value)
                if len(text) > row_text.XLSX_MAX_CHARS:
                    marker = row_text.TRUNCATED.format(n=len(text))
                    text = text[: row_text.XLSX_MAX_CHARS - len(marker)] + marker
                ws.write_string(i, j, text, fmts[j])
    wb.close()
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml")


def test_streamed_cells_are_what_xlsxwriter_writes(tmp_path):
    df = claim_table(TRICKY, NUMBERS)
    export.write_xlsx({"claims": df}, tmp_path / "claims.xlsx")
    with zipfile.ZipFile(tmp_path / "claims.xlsx") as z:
        ours = z.read("xl/worksheets/sheet1.xml")
    assert ours == xlsxwriter_sheet_xml(df, tmp_path)


def test_text_that_looks_like_rich_markup_is_escaped(tmp_path):
    # xlsxwriter passes "<r>...</r>" through unescaped in constant-memory mode; ours is text
    df = claim_table(["<r><t>x</t></r>"], [1])
    export.write_xlsx({"claims": df}, tmp_path / "claims.xlsx")
    assert load(tmp_path / "claims.xlsx").claims["claim_text"].tolist() == ["<r><t>x</t></r>"]


def test_a_bare_cr_late_in_a_stream_quotes_the_whole_csv(tmp_path):
    df = claim_table(["plain", "a,b", "\r=1+1", "after"], [1, 2.5, None, 4])
    spec = export.TableSpec.of_frame("claims", df)
    rows = export.frame_rows(df)
    table = export.CsvTable(tmp_path / "streamed.csv", spec)
    table.write(rows[:2])  # no CR yet: minimal quoting
    table.write(rows[2:])  # a CR: everything so far is rewritten fully quoted
    table.close()
    safe = df.copy()
    for col in safe.columns:
        if safe[col].dtype == "string":
            safe[col] = safe[col].map(escape_formula, na_action="ignore")
    expected = safe.to_csv(index=False, lineterminator="\n", quoting=csv.QUOTE_ALL)
    assert (tmp_path / "streamed.csv").read_bytes() == ("\ufeff" + expected).encode("utf-8")


def test_csv_lines_are_the_csv_modules():
    values = ["", "a", ",", '"', "\n", "x,y", '"q"', "=1", "-2", "'=3", "قال، الوزير", None, 0, -5, 1.5, 1e16, True, 10**20]
    rows = [tuple(values[(i * k) % len(values)] for k in range(1, 7)) for i in range(200)] + [("",), ("=x",)]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([[escape_formula(v) if isinstance(v, str) else v for v in r] for r in rows])
    assert "".join(row_text.csv_lines(rows)) == buf.getvalue()


def test_a_streamed_run_gives_the_in_memory_tables(tmp_path):
    paths = [SEED, ARTICLES]
    in_memory = pipeline.run(paths)
    pipeline.api.run_to(paths, tmp_path, RunConfig(progress=False))
    streamed = load(tmp_path)
    for key in TABLES:
        pd.testing.assert_frame_equal(getattr(streamed, key), getattr(in_memory, key), check_dtype=True)
    # the Speakers tally of a stream is the speakers_table of the whole frames
    pd.testing.assert_frame_equal(
        speakers_table(in_memory.claims, in_memory.figures, set(in_memory.speakers.query("registered")["speaker"])),
        in_memory.speakers,
    )


def test_rows_from_results_and_from_the_stream_agree():
    config = RunConfig(progress=False)
    docs = list(iter_rows([SEED, ARTICLES], config))
    from pipeline.batch import DocResult

    a = ClaimTables.from_rows(docs)
    b = ClaimTables.from_results([DocResult.of_rows(d) for d in docs])
    for key in TABLES:
        pd.testing.assert_frame_equal(getattr(a, key), getattr(b, key))
    assert a.figures["value"].map(lambda v: v is pd.NA or isinstance(v, float)).all()


def test_figure_values_are_floats_in_csv(tmp_path):
    pipeline.api.run_to([SEED], tmp_path, RunConfig(progress=False))
    with open(tmp_path / "figures.csv", encoding="utf-8-sig", newline="") as f:
        values = [r["value"] for r in csv.DictReader(f) if r["value"]]
    assert values and all("." in v or "e" in v for v in values)  # 23000.0, as pandas writes a Float64 column
    assert all(math.isfinite(float(v)) for v in values)
    assert FigureRow.model_fields["value"].annotation is not None
