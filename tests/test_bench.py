"""The throughput benchmark runs (not timed here: it is a script), and --jobs N gives the bytes
of one job."""
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ARTICLES, SEED

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "hostile"
KEYS = {"n", "jobs", "docs_per_s", "tokens_per_s", "floor_docs_per_s", "ratio", "peak_rss_mb"}


def test_the_benchmark_runs_at_n_10(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--n", "10", "--out", str(out), "--workdir", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (result,) = json.loads(out.read_text(encoding="utf-8"))
    assert KEYS <= set(result)
    assert result["n"] == 10 and result["jobs"] == 1
    assert result["docs_per_s"] > 0 and result["floor_docs_per_s"] > 0 and result["peak_rss_mb"] > 0
    assert result["ratio"] == pytest.approx(result["docs_per_s"] / result["floor_docs_per_s"], rel=0.01)
    # start-up is measured; at N = 10 the articles are too little of the run to time them apart
    assert result["startup_s"] > 0 and result["floor_startup_s"] > 0
    assert result["marginal_docs_per_s"] is None and result["marginal_ratio"] is None


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def run(out: Path, jobs: int, **env) -> subprocess.CompletedProcess:
    # the seed, the test articles and the hostile catalogue: .txt and .jsonl, errors, a repeated stem
    cmd = [sys.executable, "-m", "pipeline", "run", str(SEED), str(ARTICLES), str(HOSTILE), "--out", str(out), "--quiet", "--jobs", str(jobs)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, env={**os.environ, **env}, cwd=ROOT)


@pytest.fixture(scope="module")
def one_job(tmp_path_factory):
    out = tmp_path_factory.mktemp("jobs1") / "out"
    done = run(out, 1)
    assert done.returncode == 1, done.stderr  # the hostile catalogue has failing documents
    return out, done.stderr


@pytest.mark.parametrize("start_method", ["default", "spawn"])
def test_jobs_2_writes_the_same_bytes_as_one_job(tmp_path, one_job, start_method):
    out1, stderr1 = one_job
    env = {} if start_method == "default" else {"CLAIMTABLE_START_METHOD": start_method}
    done = run(tmp_path / "out", 2, **env)
    assert done.returncode == 1, done.stderr
    assert done.stderr == stderr1  # the same failures, reported in the same order
    same = digests(out1)
    assert len(same) == 9  # claims.xlsx and four tables as CSV and Parquet
    assert digests(tmp_path / "out") == same
