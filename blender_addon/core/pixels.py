"""Frames between Blender and the retro pipeline: float pixels <-> RGBA8, and PNG writing.

Blender hands image pixels as floats in 0..1, rows bottom to top; the server's
retro request takes RGBA8 rows top to bottom. Plain Python (Debian's Blender
has no numpy), fast enough for a preview or a frame at a time.
"""

import struct
import zlib

from .resume import write_atomic


def floats_to_rgba8(floats, width, height):
    """Blender ``image.pixels`` (RGBA floats, bottom row first) -> RGBA8 bytes, top row first."""
    if len(floats) != width * height * 4:
        raise ValueError(f"{len(floats)} values do not make a {width}x{height} RGBA image")
    data = bytes(255 if v >= 1.0 else 0 if v <= 0.0 else int(v * 255.0 + 0.5) for v in floats)
    return flip_rows(data, width, height)


def rgba8_to_floats(data, width, height):
    """RGBA8 bytes (top row first) -> floats for ``image.pixels`` (bottom row first)."""
    if len(data) != width * height * 4:
        raise ValueError(f"{len(data)} bytes do not make a {width}x{height} RGBA image")
    scale = 1.0 / 255.0
    return [v * scale for v in flip_rows(data, width, height)]


def flip_rows(data, width, height):
    stride = width * 4
    return b"".join(data[y * stride:(y + 1) * stride] for y in range(height - 1, -1, -1))


def png_bytes(data, width, height):
    """An RGBA8 PNG (no filtering: zlib does the work) of rows top to bottom."""
    if len(data) != width * height * 4:
        raise ValueError(f"{len(data)} bytes do not make a {width}x{height} RGBA image")
    stride = width * 4
    raw = b"".join(b"\x00" + data[y * stride:(y + 1) * stride] for y in range(height))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")


def write_png(path, data, width, height):
    """Write an RGBA8 PNG atomically (temporary file, then rename)."""
    write_atomic(path, png_bytes(data, width, height))


def png_size(path):
    """``(width, height)`` from a PNG's header."""
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise ValueError(f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def fit_size(size, box):
    """The largest ``(width, height)`` with ``size``'s aspect that fits in ``box``."""
    (width, height), (box_width, box_height) = size, box
    scale = min(box_width / width, box_height / height)
    return max(1, round(width * scale)), max(1, round(height * scale))
