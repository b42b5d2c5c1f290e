"""Which compiled stage modules are stale: edits to a source must not silently run old code."""
import importlib.machinery
import os

from pipeline.compiled import compiled_modules, stale_modules

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def _files(folder, times):
    for name, mtime in times.items():
        path = folder / name
        path.write_text("")
        os.utime(path, (mtime, mtime))


def test_a_source_edited_after_the_build_is_stale(tmp_path):
    _files(tmp_path, {"segment.py": 300, f"segment{SUFFIX}": 200, f"_stages__mypyc{SUFFIX}": 200, "plain.py": 300})
    assert compiled_modules(tmp_path) == ["segment"]  # not mypyc's runtime, not a plain module
    assert stale_modules(tmp_path) == ["segment"]


def test_a_rebuild_that_keeps_the_old_shim_is_not_stale(tmp_path):
    # an in-place rebuild writes the shared library anew but may leave the module's shim as it was
    _files(tmp_path, {"segment.py": 300, f"segment{SUFFIX}": 100, f"_stages__mypyc{SUFFIX}": 400})
    assert stale_modules(tmp_path) == []


def test_modules_built_after_their_sources_are_not_stale(tmp_path):
    _files(tmp_path, {"figures.py": 100, f"figures{SUFFIX}": 200})
    assert stale_modules(tmp_path) == []
