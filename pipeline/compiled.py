"""Which stage modules run compiled (see setup.py), and whether any compiled copy is stale.

An editable install builds the compiled modules beside their sources, and Python imports a
module's compiled copy before its .py: after an edit to the source, that copy runs the old
code until it is rebuilt (`make` does it). `stale_modules` names such modules.
"""
from __future__ import annotations

import importlib.machinery
from pathlib import Path

HERE = Path(__file__).resolve().parent


def compiled_modules(folder: Path = HERE) -> list[str]:
    """Names of the pipeline modules that have a compiled copy beside their source."""
    names = {p.name.split(".")[0] for suffix in importlib.machinery.EXTENSION_SUFFIXES for p in folder.glob(f"*{suffix}")}
    return sorted(n for n in names if not n.endswith("__mypyc"))  # not mypyc's shared runtime


def _built_at(folder: Path, name: str) -> float:
    """When `name` was last built: its own extension is a small shim that a rebuild may leave as
    it was (with its old time), the code itself is in mypyc's shared library beside it."""
    return max(
        (p.stat().st_mtime for s in importlib.machinery.EXTENSION_SUFFIXES
         for pattern in (f"{name}{s}", f"*__mypyc{s}") for p in folder.glob(pattern)),
        default=0.0,
    )


def stale_modules(folder: Path = HERE) -> list[str]:
    """Compiled modules whose source was changed after they were built."""
    stale = []
    for name in compiled_modules(folder):
        source = folder / f"{name}.py"
        if source.exists() and _built_at(folder, name) < source.stat().st_mtime:
            stale.append(name)
    return stale
