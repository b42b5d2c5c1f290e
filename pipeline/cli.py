"""The `claimtable` command line (also `python -m pipeline`)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

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
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(f"cannot create output folder {out}: {exc.strerror or exc}")
    if not out.is_dir():
        _fail(f"output path {out} exists and is not a folder")
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
) -> None:
    """Run the pipeline on INPUTS and write claims.xlsx, CSV and Parquet tables to --out."""
    from pipeline.api import ClaimTables
    from pipeline.batch import run_batch
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
        results = run_batch(inputs, config)
    except LexiconError as exc:
        _fail(str(exc))
    tables = ClaimTables.from_results(results)
    try:
        tables.save(out)
    except OSError as exc:
        _fail(f"cannot write outputs to {out}: {exc.strerror or exc}")
    failed = tables.failed
    if not quiet:
        docs = tables.documents
        typer.echo(
            f"{len(docs) - len(failed)} documents, {len(tables.claims)} claims, "
            f"{len(tables.figures)} figures -> {out}/claims.xlsx",
            err=True,
        )
    for row in failed.itertuples():
        typer.echo(f"claimtable: {row.doc_id}: {row.error} ({row.path})", err=True)
    if len(failed):
        raise typer.Exit(1)


def main() -> None:
    app(prog_name="claimtable")


if __name__ == "__main__":
    sys.exit(main())
