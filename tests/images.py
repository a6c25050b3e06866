"""Images for upload tests, made here: real photos, and PNGs of any size that never exist
in memory (a decompression bomb)."""

import io
import struct
import zlib

from PIL import Image


def png_of(width: int, height: int) -> bytes:
    """A real, valid black-and-white PNG of any size, written row by row so that it never
    exists in memory: 20000 × 20000 pixels make a file of about 48 KB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    packer = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then 1 bit a pixel
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def photo(kind="JPEG", size=(640, 480)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, kind)
    return buffer.getvalue()


BOMB = png_of(20000, 20000)
