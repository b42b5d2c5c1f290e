"""`claimtable run` end to end: outputs of the contract, determinism, a failing document."""
import csv
import hashlib
import shutil

import openpyxl
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.tables import TABLES, columns
from tests.conftest import ARTICLES, SEED

runner = CliRunner()


def run_cli(*args):
    return runner.invoke(app, ["run", *map(str, args)])


def read_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_seed_run_writes_every_table_of_the_contract(tmp_path):
    out = tmp_path / "out"
    result = run_cli(SEED, "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    for key, model in TABLES.items():
        assert (out / f"{key}.parquet").exists()
        raw = (out / f"{key}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads the Arabic right
        assert next(csv.reader([raw[3:].decode().splitlines()[0]])) == columns(model)
    (doc,) = read_rows(out / "documents.csv")
    assert doc["doc_id"] == "000_83a616a484fc29bf"
    assert (doc["doc_date"], doc["source"], doc["status"]) == ("2017-04-26", "وزارة الإعلام", "ok")
    assert doc["title"].startswith("شويغو ولافروف في مؤتمر موسكو للأمن")
    claims = read_rows(out / "claims.csv")
    text = SEED.read_text(encoding="utf-8")
    assert claims and all(c["claim_text"] != doc["title"] for c in claims)
    assert not any("2017-04-26" in c["claim_text"] for c in claims)
    assert claims[0]["claim_text"].startswith("أكد وزير الدفاع الروسي") or "الإرهاب الدولي" in claims[0]["claim_text"]
    assert int(doc["claims"]) == len(claims)


def test_workbook_is_made_for_reading(tmp_path):
    out = tmp_path / "out"
    assert run_cli(SEED, "--out", out, "--quiet").exit_code == 0
    wb = openpyxl.load_workbook(out / "claims.xlsx")
    assert wb.sheetnames == ["Claims", "Figures", "Speakers", "Documents"]
    ws = wb["Claims"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1")
    assert ws["A1"].font.b
    headers = [c.value for c in ws[1]]
    col = headers.index("claim_text") + 1
    cell = ws.cell(row=2, column=col)
    assert cell.alignment.wrap_text and cell.alignment.horizontal == "right"
    assert cell.alignment.readingOrder == 2  # right-to-left
    assert ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width >= 60


def test_two_runs_give_identical_bytes(tmp_path):
    digests = []
    for name in ("a", "b"):
        out = tmp_path / name
        assert run_cli(SEED, ARTICLES, "--out", out, "--quiet").exit_code == 0
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("*.csv"))})
    assert digests[0] == digests[1] and len(digests[0]) == 4


def test_a_failing_document_is_reported_and_the_rest_written(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED, inputs / SEED.name)
    (inputs / "broken.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    out = tmp_path / "out"
    result = run_cli(inputs, "--out", out)
    assert result.exit_code == 1
    assert "broken" in result.output and "binary" in result.output
    docs = {d["doc_id"]: d for d in read_rows(out / "documents.csv")}
    assert docs["broken"]["status"] == "error" and "binary" in docs["broken"]["error"]
    assert docs["000_83a616a484fc29bf"]["status"] == "ok"
    assert any(c["doc_id"] == "000_83a616a484fc29bf" for c in read_rows(out / "claims.csv"))


def test_python_m_pipeline_is_the_same_command():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "run" in done.stdout
