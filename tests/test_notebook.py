"""The notebook runs top to bottom on every `make test`, and shows its charts and displaCy output."""
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore_claims.ipynb"


def test_notebook_executes_and_shows_charts_and_displacy():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "the charts did not render"
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "direction: rtl" in html and "SPEAKER" in html and "FIGURE" in html, "displaCy output missing"
    assert "sorties" in html  # the figures table, with English units
