"""claimtable's build: the rule stages are compiled to C with mypyc, which runs them about
twice as fast. Everything else (metadata, dependencies) is in pyproject.toml.

Without a C compiler the extensions are skipped (they are optional) and the same modules run
as plain Python; CLAIMTABLE_PURE=1 skips them on purpose (to step through them in a debugger).
"""
import os
import sys

from setuptools import setup

# The stages whose per-word rules are the run's hot path, and the formatting of every cell the
# run writes (see bench/).
COMPILED = [
    "pipeline/arabic.py",
    "pipeline/bisection.py",
    "pipeline/built_models.py",
    "pipeline/registry.py",
    "pipeline/units.py",
    "pipeline/numbers.py",
    "pipeline/figures.py",
    "pipeline/figure_links.py",
    "pipeline/attribute.py",
    "pipeline/claims.py",
    "pipeline/segment.py",
    "pipeline/row_text.py",
]


def compiled_extensions() -> list:
    if os.environ.get("CLAIMTABLE_PURE"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("claimtable: mypyc is not installed; the stages stay plain Python", file=sys.stderr)
        return []
    # follow-imports=skip: third-party packages (spaCy, pydantic) are typed Any, so the build
    # does not need them installed and gives the same code whatever versions are.
    # group_name: mypyc's shared runtime library is then pipeline/_stages__mypyc.*, inside the
    # package (a stable name, found by an editable install however often it is rebuilt)
    extensions = mypycify([*COMPILED, "--ignore-missing-imports", "--follow-imports=skip"], opt_level="3",
                          group_name="pipeline._stages")
    for ext in extensions:
        ext.optional = True  # no compiler: a warning, and plain Python
    return extensions


setup(ext_modules=compiled_extensions())
