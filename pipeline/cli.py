"""The `claimtable` command line (also `python -m pipeline`)."""
from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import List, Optional

import typer

from pipeline.ingest import DEFAULT_MAX_MB
from schemas.diff import DEFAULT_THRESHOLD as DIFF_THRESHOLD

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Structure who-claimed-what, with which numbers, from Arabic news articles.",
)


@app.callback()
def _commands() -> None:
    """claimtable: claims and figures tables from Arabic news articles."""


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"claimtable: error: {message}", err=True)
    raise typer.Exit(code)


def _check_out_dir(out: Path) -> None:
    if out.exists() and not out.is_dir():
        _fail(f"output path {out} exists and is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(f"cannot create output folder {out}: {exc.strerror or exc}")
    probe = out / ".claimtable-write-test"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        _fail(f"cannot write to output folder {out}: {exc.strerror or exc}")


@app.command()
def run(
    inputs: List[Path] = typer.Argument(..., help="Article files (.txt, .jsonl) or folders (recursed)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder."),
    speakers: Optional[Path] = typer.Option(None, "--speakers", help="Extra speakers registry CSV."),
    units: Optional[Path] = typer.Option(None, "--units", help="Extra counted-nouns CSV."),
    cues: Optional[Path] = typer.Option(None, "--cues", help="Extra reporting cues CSV."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Parallel worker processes."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    max_mb: float = typer.Option(
        DEFAULT_MAX_MB, "--max-mb", min=0.001, metavar="MB",
        help="Largest article to process, in MB (a .txt file, or one .jsonl line); larger ones are listed as errors.",
    ),
) -> None:
    """Run the pipeline on INPUTS and write claims.xlsx, CSV and Parquet tables to --out."""
    from concurrent.futures import BrokenExecutor  # BrokenProcessPool's base: no multiprocessing import

    from pipeline.api import run_to
    from pipeline.errors import LexiconError
    from schemas import RunConfig

    missing = [p for p in inputs if not p.exists()]
    if len(missing) == len(inputs):
        _fail("input path not found: " + ", ".join(map(str, missing)))
    for label, path in (("--speakers", speakers), ("--units", units), ("--cues", cues)):
        if path is not None and not path.is_file():
            _fail(f"{label} file not found: {path}")
    _check_out_dir(out)
    config = RunConfig(speakers_file=speakers, units_file=units, cues_file=cues, jobs=jobs, progress=not quiet)
    try:
        # documents are streamed: each table is written as their rows come (see run_to)
        report = run_to(inputs, out, config, max_mb=max_mb)
    except LexiconError as exc:  # a malformed lexicon: its message names file, line and column
        _fail(" ".join(str(exc).split()))
    except BrokenExecutor:  # a worker process died
        _fail(f"a worker process died (out of memory?); earlier outputs in {out} are unchanged")
    except OSError as exc:  # atomic: on failure the previous outputs are left as they were
        _fail(f"cannot write outputs to {out}: {exc.strerror or exc}; earlier outputs there are unchanged")
    if not report.documents:
        typer.echo("claimtable: warning: no .txt or .jsonl files found in " + ", ".join(map(str, inputs)), err=True)
    if not quiet:
        typer.echo(
            f"{report.documents - len(report.failed)} documents, {report.claims} claims, "
            f"{report.figures} figures -> {out}/claims.xlsx",
            err=True,
        )
    for doc_id, error, path in report.failed:
        typer.echo(f"claimtable: {doc_id}: {error} ({path})", err=True)
    if report.failed:
        raise typer.Exit(1)


@app.command("diff")
def diff_command(
    tables: List[Path] = typer.Argument(
        ...,
        metavar="OLD NEW | TABLE",
        help="Two earlier runs, OLD and NEW (output folders, claims.xlsx or claims.csv), "
        "or one TABLE holding several dates with --from/--to or --by-date.",
    ),
    out: Path = typer.Option(Path("diff"), "--out", "-o", metavar="DIR", help="Output folder."),
    from_date: Optional[str] = typer.Option(None, "--from", metavar="DATE", help="With one TABLE: the older doc_date (YYYY-MM-DD)."),
    to_date: Optional[str] = typer.Option(None, "--to", metavar="DATE", help="With one TABLE: the newer doc_date."),
    by_date: bool = typer.Option(False, "--by-date", help="With one TABLE: diff every pair of consecutive dates."),
    threshold: float = typer.Option(
        DIFF_THRESHOLD, "--threshold", "-t", min=0, max=100,
        help="Least similarity (0-100) for a reworded claim of the same speaker to count as changed "
        "rather than removed + added. Typical rewordings score 73-100, different claims of one speaker 62 or less.",
    ),
    changes_only: bool = typer.Option(
        False, "--changes-only", help="Leave unchanged rows out of the Claims and Figures sheets and CSVs."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
) -> None:
    """Diff claim tables: what was added, removed or changed between OLD and NEW (or two dates).

    Writes DIR/diff.xlsx (sheets Summary, Claims, Figures; added rows green, removed red, changed amber) and DIR/diff_claims.csv, DIR/diff_figures.csv, each row with a status: added, removed, changed (matched but reworded, with its similarity) or unchanged.

    Claims are matched within each speaker by normalized Arabic text; figures by speaker, unit and kind, with old and new value, delta and percent change.

    Unchanged rows ARE listed (status unchanged, no fill), so each sheet is a complete alignment; --changes-only leaves them out. The Summary sheet counts every status per compared pair: identical inputs give changes = 0. With --by-date, Summary has one row per pair of dates and every row carries its from_date and to_date.
    """
    from pipeline.api import LoadError
    from pipeline.claim_diff import DiffError, diff

    if len(tables) > 2:
        _fail("give OLD and NEW, or one TABLE: got " + ", ".join(map(str, tables)))
    try:
        result = diff(
            tables[0],
            tables[1] if len(tables) == 2 else None,
            threshold=threshold,
            from_date=from_date,
            to_date=to_date,
            by_date=by_date,
            include_unchanged=not changes_only,
        )
    except (LoadError, DiffError) as exc:
        _fail(" ".join(str(exc).split()))
    _check_out_dir(out)
    try:
        result.save(out)
    except OSError as exc:
        _fail(f"cannot write outputs to {out}: {exc.strerror or exc}")
    if not quiet:
        for row in result.summary.itertuples():
            dates = [d if isinstance(d, str) else "(no date)" for d in (row.from_date, row.to_date)]
            typer.echo(
                f"{dates[0]} -> {dates[1]}: claims {row.claims_added} added, {row.claims_removed} removed, "
                f"{row.claims_changed} changed, {row.claims_unchanged} unchanged; figures {row.figures_added} added, "
                f"{row.figures_removed} removed, {row.figures_changed} changed, {row.figures_unchanged} unchanged",
                err=True,
            )
        typer.echo(f"-> {out}/diff.xlsx", err=True)


# A run allocates millions of short-lived containers and keeps almost none of them: at CPython's
# default gen-0 threshold (700) the cyclic collector ran ~600 times in a 2,000-article run,
# plus full passes over everything imported, ~6% of its time. Rarer passes find the same.
GC_GEN0_THRESHOLD = 10_000


def main() -> None:
    gc.set_threshold(GC_GEN0_THRESHOLD, *gc.get_threshold()[1:])
    app(prog_name="claimtable")


if __name__ == "__main__":
    sys.exit(main())
