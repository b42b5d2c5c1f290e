"""Row ids from the table of suffixes equal the formatted ones, below and past the table's end."""
import pytest

from pipeline.batch import _CLAIM_SUFFIXES, _FIGURE_SUFFIXES, _row_ids


@pytest.mark.parametrize("count", [0, 1, 7, 998, 999, 1000, 1001, 1234])
def test_row_ids_equal_the_formatted_ids(count):
    for suffixes, tag in ((_CLAIM_SUFFIXES, "c"), (_FIGURE_SUFFIXES, "f")):
        assert _row_ids("doc-7", count, suffixes, tag) == [f"doc-7-{tag}{n:03d}" for n in range(1, count + 1)]
