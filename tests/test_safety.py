"""Spreadsheet safety: no cell runs as a formula, values survive a round trip, outputs are atomic,
and reading a workbook refuses what is not one (defusedxml, zip bombs, renamed files).

The LibreOffice checks convert real files with `soffice --headless`; they skip when LibreOffice
is not installed (`apt-get install -y libreoffice-calc-nogui`).
"""
import csv
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import pipeline.export as export
import pipeline.row_text as row_text
from pipeline.api import ClaimTables, LoadError, load, read_workbook
from pipeline.cli import app
from pipeline.safety import FORMULA_TRIGGERS, escape_formula, unescape_formula
from pipeline.tables import TABLES, frame
from schemas import ClaimRow
from tests.conftest import SEED

HOSTILE = Path(__file__).resolve().parent / "hostile"
FORMULA_ARTICLE = HOSTILE / "formula_article.txt"
SOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed: apt-get update && apt-get install -y libreoffice-calc-nogui",
)
runner = CliRunner()

# Every way a cell can start that a spreadsheet would run, plus the classic payloads.
DANGEROUS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://evil.example/x","انقر هنا")',
    "=cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "'=1+1",  # already apostrophed: must come back with its apostrophe
    "=1+1 قال المتحدث إن الوضع مستقر.",
]


def claim_rows(texts):
    """A claims table whose text columns (claim_text, title, source, speaker) hold `texts`."""
    return frame(
        ClaimRow,
        [
            dict(claim_id=f"d-c{i:03d}", doc_id="d", paragraph=1, sentence=i, claim_no=1, claim_text=t,
                 source_sentence=t, title=t, source=t, speaker=t, start=0, end=len(t), sentence_start=0,
                 sentence_end=len(t))
            for i, t in enumerate(texts, start=1)
        ],
    )


def tables_of(texts) -> ClaimTables:
    empty = {key: frame(model, []) for key, model in TABLES.items()}
    return ClaimTables(claim_rows(texts), empty["figures"], empty["speakers"], empty["documents"])


def run_cli(*args):
    return runner.invoke(app, [*map(str, args)])


# --- the escaping itself ------------------------------------------------------------------


@pytest.mark.parametrize("value", DANGEROUS)
def test_csv_escape_prefixes_an_apostrophe_and_unescape_undoes_it(value):
    escaped = escape_formula(value)
    assert escaped == "'" + value
    assert unescape_formula(escaped) == value


def test_every_trigger_of_owasp_is_covered():
    for ch in ("=", "+", "-", "@", "\t", "\r"):
        assert ch in FORMULA_TRIGGERS
    assert escape_formula("قال الوزير") == "قال الوزير"  # ordinary text is left alone


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_escape_then_unescape_is_the_identity(value):
    assert unescape_formula(escape_formula(value)) == value
    assert not escape_formula(value).startswith(("=", "+", "-", "@", "\t", "\r"))


# --- xlsx and CSV as written --------------------------------------------------------------


def test_openpyxl_reads_xml_through_defusedxml():
    # openpyxl switches to defusedxml only when it is importable: it is a declared dependency
    assert openpyxl.xml.DEFUSEDXML is True


def test_workbook_cells_are_typed_strings_and_csv_cells_are_escaped(tmp_path):
    tables_of(DANGEROUS).save(tmp_path, formats=("xlsx", "csv"))
    ws = openpyxl.load_workbook(tmp_path / "claims.xlsx")["Claims"]
    header = [c.value for c in ws[1]]
    col = header.index("claim_text") + 1
    for row, value in enumerate(DANGEROUS, start=2):
        cell = ws.cell(row=row, column=col)
        assert cell.data_type == "s", value  # a string cell: never evaluated
        # XML cannot hold a bare CR: xlsx stores it as _x000D_ (undone by pipeline.load)
        assert cell.value == value.replace("\r", "_x000D_")
    with open(tmp_path / "claims.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["claim_text"] for r in rows] == ["'" + v for v in DANGEROUS]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_dangerous_values_survive_a_round_trip_through_load(tmp_path, fmt):
    tables_of(DANGEROUS).save(tmp_path, formats=(fmt,))
    back = load(tmp_path / f"claims.{fmt}")
    for col in ("claim_text", "title", "source", "speaker", "source_sentence"):
        assert back.claims[col].tolist() == DANGEROUS, col


# 30 examples: each writes and reads two files (~0.2 s); 1,500 passed when this was written
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=5))
def test_any_text_survives_xlsx_and_csv(tmp_path_factory, texts):
    out = tmp_path_factory.mktemp("rt")
    tables_of(texts).save(out, formats=("xlsx", "csv"))
    for name in ("claims.xlsx", "claims.csv"):
        assert load(out / name).claims["claim_text"].tolist() == texts, name


def test_text_beyond_excels_cell_limit_is_cut_with_a_note_in_xlsx_only(tmp_path):
    long = "قال الوزير " * 5000  # 55,000 characters: more than an xlsx cell can hold
    tables_of([long]).save(tmp_path, formats=("xlsx", "csv"))
    cell = read_workbook(tmp_path / "claims.xlsx")["claims"]["claim_text"][0]
    assert len(cell) == row_text.XLSX_MAX_CHARS
    assert cell.startswith("قال الوزير") and "55000 characters in all" in cell
    assert load(tmp_path / "claims.csv").claims["claim_text"][0] == long


def test_a_file_named_like_a_formula_gives_escaped_ids(tmp_path):
    src = tmp_path / "=1+1.txt"
    shutil.copy(HOSTILE / "base_article.txt", src)
    out = tmp_path / "out"
    assert run_cli("run", src, "--out", out, "--quiet").exit_code == 0
    with open(out / "documents.csv", encoding="utf-8-sig", newline="") as f:
        (doc,) = csv.DictReader(f)
    assert doc["doc_id"] == "'=1+1"
    assert load(out / "claims.csv").documents["doc_id"].tolist() == ["=1+1"]
    assert load(out / "claims.xlsx").claims["claim_id"].str.startswith("=1+1-c").all()


# --- the formula-laden article, end to end ------------------------------------------------


@pytest.fixture(scope="module")
def formula_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("formula") / "out"
    result = run_cli("run", FORMULA_ARTICLE, "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    return out


def test_formula_article_cells_read_back_as_unchanged_strings(formula_run):
    text = FORMULA_ARTICLE.read_text(encoding="utf-8")
    wb = openpyxl.load_workbook(formula_run / "claims.xlsx")
    ws = wb["Claims"]
    header = [c.value for c in ws[1]]
    seen = set()
    for row in ws.iter_rows(min_row=2):
        cells = dict(zip(header, row))
        for name in ("title", "source", "claim_text", "source_sentence"):
            cell = cells[name]
            if cell.value is None:
                continue
            assert cell.data_type == "s", (name, cell.value)
            assert cell.value in text  # exactly the article's text, nothing evaluated
            seen.add(cell.value[:1])
    assert {"=", "+", "-", "@"} <= seen
    assert cells["title"].value == "=1+1" and cells["source"].value == "@SUM(1,1)"
    assert not any(c.data_type == "f" for sheet in wb for row in sheet.iter_rows() for c in row)


def lo_convert(src: Path, target: str, outdir: Path, infilter: str | None = None) -> Path:
    """Convert with LibreOffice headless (its own profile, so parallel runs do not collide)."""
    profile = outdir / ".lo-profile"
    cmd = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    if infilter:
        cmd.append(f"--infilter={infilter}")
    cmd += ["--convert-to", target, "--outdir", str(outdir), str(src)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    produced = outdir / (src.stem + "." + target.split(":")[0])
    assert produced.exists(), done.stdout + done.stderr
    return produced


UTF8_CSV = "Text - txt - csv (StarCalc):44,34,76,1"  # comma, double quote, UTF-8, from line 1


@needs_libreoffice
def test_libreoffice_shows_the_workbooks_formulas_as_text(formula_run, tmp_path):
    # control: LibreOffice does compute a real formula cell when converting
    control = tmp_path / "control.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "=1+1"
    wb.save(control)
    with open(lo_convert(control, f"csv:{UTF8_CSV}", tmp_path), encoding="utf-8") as f:
        assert next(csv.reader(f)) == ["2"]

    converted = lo_convert(formula_run / "claims.xlsx", f"csv:{UTF8_CSV}", tmp_path)
    with open(converted, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and {r["title"] for r in rows} == {"=1+1"}  # not "2"
    assert {r["source"] for r in rows} == {"@SUM(1,1)"}
    texts = [r["claim_text"] for r in rows]
    assert any(t.startswith('=HYPERLINK("http://evil.example/steal","انقر هنا")') for t in texts)
    assert any(t.startswith("+1+1 ") for t in texts)
    assert any(t.startswith("-2+3+cmd|' /C calc'!A0") for t in texts)
    assert any(t.startswith("@SUM(1+1)*cmd|' /C calc'!A0") for t in texts)


@needs_libreoffice
def test_libreoffice_imports_the_csv_without_formulas(formula_run, tmp_path):
    # control: an unescaped "=1+1" in a CSV does become a formula in LibreOffice
    raw = tmp_path / "raw.csv"
    raw.write_text("a\n=1+1\n", encoding="utf-8")
    ws = openpyxl.load_workbook(lo_convert(raw, "xlsx", tmp_path, UTF8_CSV)).active
    assert ws["A2"].data_type == "f"

    src = tmp_path / "claims_in.csv"
    shutil.copy(formula_run / "claims.csv", src)
    ws = openpyxl.load_workbook(lo_convert(src, "xlsx", tmp_path, UTF8_CSV)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "'=1+1" in {c.value for c in cells}  # shown as text, apostrophe and all


# --- atomic writes --------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("stage", ["_xlsx_to", "_csv_to", "_parquet_to"])
def test_a_write_failing_midway_leaves_the_previous_outputs_intact(tmp_path, monkeypatch, stage):
    out = tmp_path / "out"
    assert run_cli("run", HOSTILE / "base_article.txt", "--out", out, "--quiet").exit_code == 0
    before = snapshot(out)
    real = getattr(export, stage)

    def half_then_fail(*args):
        real(*args)
        path = args[-1]
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # half a file...
        raise OSError(28, "No space left on device")  # ...and then the disk is full

    monkeypatch.setattr(export, stage, half_then_fail)
    result = run_cli("run", SEED, "--out", out, "--quiet")
    assert result.exit_code == 2
    assert "No space left on device" in result.output and "earlier outputs there are unchanged" in result.output
    assert "Traceback" not in result.output
    assert snapshot(out) == before  # every file, byte for byte: no half-written workbook
    assert not list(out.glob("*.part")) and not list(out.glob(".*.part"))
    assert load(out / "claims.xlsx").claims["doc_id"].unique().tolist() == ["base_article"]


def test_an_interrupted_write_leaves_no_part_files(tmp_path, monkeypatch):
    tables_of(["قال الوزير إن الاتفاق نهائي."]).save(tmp_path)
    before = snapshot(tmp_path)

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "_csv_to", interrupted)
    with pytest.raises(KeyboardInterrupt):
        tables_of(["=1+1"]).save(tmp_path)
    assert snapshot(tmp_path) == before


def test_outputs_get_ordinary_permissions(tmp_path):
    # the temporary files are created 0600; what is renamed into place must not stay so
    tables_of(["x"]).save(tmp_path, formats=("csv",))
    mode = (tmp_path / "claims.csv").stat().st_mode & 0o777
    assert mode & 0o044  # readable by group/others under the usual umask


# --- reading workbooks: refuse what is not one ----------------------------------------------


def good_workbook(tmp_path: Path) -> Path:
    tables_of(["قال الوزير إن الاتفاق نهائي."]).save(tmp_path / "good", formats=("xlsx",))
    return tmp_path / "good" / "claims.xlsx"


def rezip(src: Path, target: Path, replace: dict[str, bytes]) -> Path:
    """A copy of the workbook `src` with some members replaced or added."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        names = zin.namelist()
        for name in names:
            zout.writestr(name, replace.get(name, zin.read(name)))
        for name, data in replace.items():
            if name not in names:
                zout.writestr(name, data)
    return target


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""


def test_a_text_file_named_xlsx_is_refused(tmp_path):
    fake = tmp_path / "claims.xlsx"
    fake.write_text("claim_id,claim_text\nx,=1+1\n", encoding="utf-8")
    with pytest.raises(LoadError, match="not a zip archive"):
        load(fake)


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    fake = tmp_path / "claims.xlsx"
    with zipfile.ZipFile(fake, "w") as zf:
        zf.writestr("notes.txt", "hello")
    with pytest.raises(LoadError, match="not an .xlsx workbook"):
        load(fake)


def test_a_workbook_with_a_broken_sheet_is_refused(tmp_path):
    broken = rezip(good_workbook(tmp_path), tmp_path / "broken.xlsx", {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"})
    with pytest.raises(LoadError, match="not a readable .xlsx workbook"):
        load(broken)


def test_an_xml_bomb_inside_a_workbook_is_refused(tmp_path):
    bomb = rezip(good_workbook(tmp_path), tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": BILLION_LAUGHS})
    with pytest.raises(LoadError, match="XML bomb"):
        load(bomb)


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    zeros = b"\0" * 30_000_000  # 30 MB of zeros compress to ~30 KB
    bomb = rezip(good_workbook(tmp_path), tmp_path / "zipbomb.xlsx", {"xl/sharedStrings.xml": zeros})
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(LoadError, match="zip bomb"):
        load(bomb)


def test_an_old_xls_or_encrypted_workbook_is_named_as_such(tmp_path):
    ole = tmp_path / "claims.xlsx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(LoadError, match="password-protected"):
        load(ole)


def test_damaged_csv_and_parquet_raise_load_error(tmp_path):
    (tmp_path / "claims.csv").write_bytes(b"\xff\xfe\x00garbage\x00")
    with pytest.raises(LoadError):
        load(tmp_path / "claims.csv")
    (tmp_path / "claims.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(LoadError, match="Parquet"):
        load(tmp_path / "claims.parquet")


def test_diff_refuses_a_bomb_with_one_line_and_no_traceback(tmp_path):
    good = good_workbook(tmp_path)
    bomb = rezip(good, tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": BILLION_LAUGHS})
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    for bad in (bomb, fake):
        result = run_cli("diff", good, bad, "--out", tmp_path / "diff", "--quiet")
        assert result.exit_code != 0
        assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and str(bad.name) in lines[0]
    assert "XML bomb" in run_cli("diff", good, bomb, "--out", tmp_path / "diff").output
