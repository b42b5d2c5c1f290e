#!/usr/bin/env python3
"""Throughput and memory of `claimtable run` against the floor of bare spaCy tokenization.

    python bench/run.py --n 100 1000 10000 --jobs 1 --out bench/results.json

For each N it builds a corpus of N articles from seeds/ and tests/articles (each copy with its
own id and date), then times, on that same corpus and each in a fresh process:
  - the pipeline: `claimtable run CORPUS --out TMP --quiet --jobs J` (xlsx, CSV, Parquet written);
  - the floor: read the same files, `spacy.blank("ar")` with a sentencizer over every text.
It prints and writes one JSON object per N: n, jobs, docs_per_s, tokens_per_s, floor_docs_per_s,
ratio (pipeline docs/s over floor docs/s), peak_rss_mb (the pipeline process's peak RSS).
Each command's start-up (its time on a one-article corpus) is measured too, and with it the
docs/s after start-up (marginal_docs_per_s, floor_marginal_docs_per_s, marginal_ratio): the cost
per article, which is what must stay constant as N grows.
"""
from __future__ import annotations

import argparse
import datetime
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "seeds", ROOT / "tests" / "articles"]
ISO_LAST_LINE = "\n\n{date}\n"

FLOOR = r"""
import sys, resource
from pathlib import Path
import spacy
nlp = spacy.blank("ar")
nlp.add_pipe("sentencizer")
files = sorted(p for p in Path(sys.argv[1]).rglob("*.txt"))
texts = (p.read_text(encoding="utf-8") for p in files)
tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
print(tokens)
"""

# Runs a command and reports the peak RSS of that command alone (a fresh parent per measure).
MEASURE = r"""
import resource, subprocess, sys, time, json
t0 = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
seconds = time.perf_counter() - t0
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_kb": peak_kb, "rc": done.returncode,
                  "stdout": done.stdout[-2000:], "stderr": done.stderr[-2000:]}))
"""


def sample_articles() -> list[str]:
    """The seed and the test articles that are in the seed's layout (ISO date last)."""
    texts = []
    for folder in SOURCES:
        for p in sorted(folder.rglob("*.txt")):
            text = p.read_text(encoding="utf-8")
            lines = text.rstrip().splitlines()
            if len(lines) > 3 and _is_iso(lines[-1].strip()):
                texts.append("\n".join(lines[:-1]).rstrip())
    if not texts:
        sys.exit("bench: no sample articles found under seeds/ or tests/articles")
    return texts


def _is_iso(s: str) -> bool:
    try:
        datetime.date.fromisoformat(s)
        return True
    except ValueError:
        return False


def build_corpus(n: int, folder: Path) -> None:
    """N files, cycling through the samples; each has a distinct id (file stem) and date."""
    samples = sample_articles()
    start = datetime.date(2015, 1, 1)
    for i in range(n):
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        date = start + datetime.timedelta(days=i % 3650)
        body = samples[i % len(samples)] + ISO_LAST_LINE.format(date=date.isoformat())
        (sub / f"bench_{i:06d}.txt").write_text(body, encoding="utf-8")


def measure(cmd: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    if result["rc"] != 0:
        sys.exit(f"bench: {' '.join(cmd[:3])} failed (exit {result['rc']}):\n{result['stderr']}")
    return result


def claimtable_command() -> list[str]:
    exe = Path(sys.executable).with_name("claimtable")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "pipeline"]


def floor_command(corpus: Path) -> list[str]:
    return [sys.executable, "-c", FLOOR, str(corpus)]


def pipeline_command(corpus: Path, out: Path, jobs: int) -> list[str]:
    return [*claimtable_command(), "run", str(corpus), "--out", str(out), "--quiet", "--jobs", str(jobs)]


def start_up(jobs: int, workdir: Path) -> tuple[float, float]:
    """Seconds of the pipeline and of the floor on a one-article corpus: their fixed cost."""
    corpus, out = workdir / "corpus_startup", workdir / "out_startup"
    if not corpus.exists():
        build_corpus(1, corpus)
    pipe = measure(pipeline_command(corpus, out, jobs))
    floor = measure(floor_command(corpus))
    shutil.rmtree(out, ignore_errors=True)
    return pipe["seconds"], floor["seconds"]


def bench_one(n: int, jobs: int, workdir: Path, startup: tuple[float, float]) -> dict:
    corpus, out = workdir / f"corpus_{n}", workdir / f"out_{n}"
    build_corpus(n, corpus)
    floor = measure(floor_command(corpus))
    tokens = int(floor["stdout"].strip().splitlines()[-1])
    pipe = measure(pipeline_command(corpus, out, jobs))
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    docs_per_s = n / pipe["seconds"]
    floor_docs_per_s = n / floor["seconds"]
    # after start-up (imports, lexicons; spaCy's import for the floor): the cost per article,
    # where the articles take most of the run (else start-up's own spread swamps it)
    marginal = _after_startup(n, pipe["seconds"], startup[0])
    floor_marginal = _after_startup(n, floor["seconds"], startup[1])
    return {
        "n": n,
        "jobs": jobs,
        "docs_per_s": round(docs_per_s, 2),
        "tokens_per_s": round(tokens / pipe["seconds"], 1),
        "floor_docs_per_s": round(floor_docs_per_s, 2),
        "ratio": round(docs_per_s / floor_docs_per_s, 3),
        "peak_rss_mb": round(pipe["peak_kb"] / 1024, 1),
        "seconds": round(pipe["seconds"], 2),
        "floor_seconds": round(floor["seconds"], 2),
        "tokens": tokens,
        "startup_s": round(startup[0], 2),
        "floor_startup_s": round(startup[1], 2),
        "marginal_docs_per_s": marginal,
        "floor_marginal_docs_per_s": floor_marginal,
        "marginal_ratio": round(marginal / floor_marginal, 3) if marginal and floor_marginal else None,
    }


def _after_startup(n: int, seconds: float, startup: float) -> float | None:
    work = seconds - startup
    return round(n / work, 2) if work > 0.5 * seconds else None


def _shown(value: float | None, fmt: str = ".1f") -> str:
    return "n/a" if value is None else format(value, fmt)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[100, 1000, 10000], help="corpus sizes")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1], help="worker processes (one run per value)")
    parser.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    parser.add_argument("--workdir", type=Path, default=None, help="where to build corpora (default: a temp dir)")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="claimtable-bench-", dir=args.workdir))
    results = []
    try:
        startups = {jobs: start_up(jobs, workdir) for jobs in args.jobs}
        for n in args.n:
            for jobs in args.jobs:
                r = bench_one(n, jobs, workdir, startups[jobs])
                results.append(r)
                print(
                    f"n={r['n']:>6} jobs={r['jobs']} {r['docs_per_s']:>8.1f} docs/s "
                    f"{r['tokens_per_s']:>10.0f} tokens/s  floor {r['floor_docs_per_s']:>8.1f} docs/s  "
                    f"ratio {r['ratio']:.2f}  peak {r['peak_rss_mb']:.0f} MB  | start-up {r['startup_s']:.1f} s "
                    f"(floor {r['floor_startup_s']:.1f} s), after it: {_shown(r['marginal_docs_per_s'])} docs/s "
                    f"(floor {_shown(r['floor_marginal_docs_per_s'])}), ratio {_shown(r['marginal_ratio'], '.2f')}",
                    flush=True,
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
