"""A zip archive whose members may arrive already deflated, in pieces.

The workbook's sheets are deflated while the run streams their rows, so that no long
compression is left for the end of a run (with --jobs N the workers would sit idle through it).
A sheet's member is then its head (known only at the end: it holds the sheet's dimension), the
rows deflated long before, and its tail. Independently deflated pieces, each ended with a sync
flush (a byte-aligned, non-final block), make one valid deflate stream when concatenated; their
CRC-32s combine with `crc32_combine`. Python's zipfile writes only data it compresses itself,
hence this small writer (zip64 where sizes or offsets need it; readable by zipfile, Excel,
LibreOffice and openpyxl).
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Iterable

_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END64 = struct.Struct("<4sQ2H2L4Q")
_LOCATOR64 = struct.Struct("<4sLQL")
_END = struct.Struct("<4s4H2LH")
_LIMIT = 0xFFFFFFFF  # a size or offset this large is written in a zip64 extra field ...
_MARK = 0xFFFFFFFF  # ... and this in its 32-bit field
_DEFLATED = 8


@dataclass
class Deflated:
    """A piece of a member: its deflated bytes (ending in a sync flush unless it is the last),
    and the CRC-32 and length of the bytes it holds uncompressed."""

    chunks: Iterable[bytes]
    crc: int
    size: int
    csize: int  # deflated length


def deflate(data: bytes, level: int, final: bool) -> Deflated:
    """`data` as one raw deflate piece: ended with a sync flush, or finished if `final`."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    body = compressor.compress(data) + compressor.flush(zlib.Z_FINISH if final else zlib.Z_SYNC_FLUSH)
    return Deflated([body], zlib.crc32(data), len(data), len(body))


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """The CRC-32 of A + B from crc(A), crc(B) and len(B) (zlib's crc32_combine, which Python's
    zlib module does not expose): crc(A) is moved past len(B) zero bytes by squaring the
    operator of one zero bit over GF(2), in O(log len(B)) steps."""
    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]  # one zero bit
    even = _square(odd)  # two zero bits
    odd = _square(even)  # four zero bits
    while True:
        even = _square(odd)  # the first pass: one zero byte
        if len2 & 1:
            crc1 = _times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = _square(even)
        if len2 & 1:
            crc1 = _times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def _times(matrix: list[int], vector: int) -> int:
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector >>= 1
        row += 1
    return total


def _square(matrix: list[int]) -> list[int]:
    return [_times(matrix, column) for column in matrix]


@dataclass
class _Entry:
    name: bytes
    dos_time: int
    dos_date: int
    crc: int
    csize: int
    size: int
    offset: int


class DeflatedZip:
    """Members written one after the other to `file`, each from deflated pieces; `close`
    writes the central directory."""

    def __init__(self, file: BinaryIO):
        self.file = file
        self.entries: list[_Entry] = []

    def add(self, name: str, date_time: tuple, pieces: list[Deflated]) -> None:
        """A member made of `pieces` in order (the last one finished, the others sync-flushed)."""
        crc = 0
        for piece in pieces:
            crc = crc32_combine(crc, piece.crc, piece.size)
        year, month, day, hour, minute, second = date_time[:6]
        entry = _Entry(
            name.encode("ascii"), hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day,
            crc, sum(p.csize for p in pieces), sum(p.size for p in pieces), self.file.tell(),
        )
        zip64 = entry.size >= _LIMIT or entry.csize >= _LIMIT
        extra = struct.pack("<2H2Q", 1, 16, entry.size, entry.csize) if zip64 else b""
        self.file.write(_LOCAL.pack(
            b"PK\x03\x04", 45 if zip64 else 20, 0, _DEFLATED, entry.dos_time, entry.dos_date, entry.crc,
            _MARK if zip64 else entry.csize, _MARK if zip64 else entry.size, len(entry.name), len(extra),
        ) + entry.name + extra)
        for piece in pieces:
            for chunk in piece.chunks:
                self.file.write(chunk)
        self.entries.append(entry)

    def close(self) -> None:
        start = self.file.tell()
        for e in self.entries:
            big = [v for v in (e.size, e.csize, e.offset) if v >= _LIMIT]  # in this order, as the spec has it
            extra = struct.pack(f"<2H{len(big)}Q", 1, 8 * len(big), *big) if big else b""
            version = 45 if big else 20
            self.file.write(_CENTRAL.pack(
                b"PK\x01\x02", version, version, 0, _DEFLATED, e.dos_time, e.dos_date, e.crc,
                *(_MARK if v >= _LIMIT else v for v in (e.csize, e.size)), len(e.name), len(extra), 0, 0, 0, 0,
                _MARK if e.offset >= _LIMIT else e.offset,
            ) + e.name + extra)
        end = self.file.tell()
        count, size = len(self.entries), end - start
        zip64 = count >= 0xFFFF or size >= _LIMIT or start >= _LIMIT
        if zip64:
            self.file.write(_END64.pack(b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, size, start))
            self.file.write(_LOCATOR64.pack(b"PK\x06\x07", 0, end, 1))
        self.file.write(_END.pack(
            b"PK\x05\x06", 0, 0, *([0xFFFF] * 2 if zip64 else [count] * 2), *([_MARK] * 2 if zip64 else [size, start]), 0,
        ))
