"""The zip writer for members deflated in pieces: zipfile reads back exactly what went in, CRCs
combine as zlib's do, and large archives get their zip64 records."""
import io
import random
import zipfile
import zlib

import pytest

from pipeline import deflated_zip
from pipeline.deflated_zip import DeflatedZip, crc32_combine, deflate

ARABIC = "قال المتحدث باسم الوزارة إن أكثر من 400 شاحنة عبرت المنفذ. ".encode("utf-8")


def test_crc32_combine_is_the_crc_of_the_concatenation():
    rng = random.Random(5)
    for size_a, size_b in [(0, 0), (0, 7), (7, 0), (1, 1), (3, 1 << 20), *((rng.randrange(500), rng.randrange(5000)) for _ in range(100))]:
        a, b = rng.randbytes(size_a), rng.randbytes(size_b)
        assert crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def archive(members: dict[str, list[bytes]]) -> bytes:
    buf = io.BytesIO()
    out = DeflatedZip(buf)
    for name, parts in members.items():
        pieces = [deflate(part, 1, final=i == len(parts) - 1) for i, part in enumerate(parts)]
        out.add(name, (2024, 2, 29, 13, 45, 58), pieces)
    out.close()
    return buf.getvalue()


MEMBERS = {
    "[Content_Types].xml": [b"<Types/>"],
    "xl/worksheets/sheet1.xml": [b"<worksheet><sheetData>", ARABIC * 3000, b"", ARABIC[:5], b"</sheetData></worksheet>"],
    "empty.xml": [b""],
}


def read_back(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None  # every member's CRC checks
        assert all(info.date_time == (2024, 2, 29, 13, 45, 58) for info in z.infolist())
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in z.infolist())
        return {name: z.read(name) for name in z.namelist()}


def test_pieces_deflated_apart_read_back_as_one_member():
    data = archive(MEMBERS)
    assert read_back(data) == {name: b"".join(parts) for name, parts in MEMBERS.items()}
    assert len(data) < len(ARABIC) * 3000 / 5  # it is compressed


@pytest.mark.parametrize("limit", [0, 40])
def test_sizes_and_offsets_past_the_limit_go_in_zip64_records(monkeypatch, limit):
    # 4 GiB of test data is too much: lower the limit, so the zip64 fields are written and read
    monkeypatch.setattr(deflated_zip, "_LIMIT", limit)
    data = archive(MEMBERS)
    assert b"PK\x06\x06" in data and b"PK\x06\x07" in data
    assert read_back(data) == {name: b"".join(parts) for name, parts in MEMBERS.items()}
