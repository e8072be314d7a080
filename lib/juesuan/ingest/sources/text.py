"""Read a disclosure text into numbered lines: decode it, refuse what is not text.

UTF-8 (with or without BOM), GB18030/GBK, and UTF-16 with its byte-order mark are read; an
empty or binary file, or one cut inside a multi-byte character, is refused with its line.
"""

from __future__ import annotations

from pathlib import Path

from juesuan.text import DecodeError, Line, decode_bytes, split_lines


class TextError(ValueError):
    """A text that cannot be read (the message names the file and line)."""


def read(path: Path, data: bytes) -> tuple[list[Line], str]:
    """The lines of a text file (bytes already read) and the encoding they were decoded from."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return split_lines(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError as err:
            raise TextError(f"{path}: UTF-16 text that cannot be decoded ({err.reason} at byte "
                            f"{err.start})") from None
    _check_truncated_bytes(path, data)
    try:
        decoded, encoding = decode_bytes(data, str(path))
    except DecodeError as err:
        raise TextError(str(err)) from None
    return split_lines(decoded), encoding


def _check_truncated_bytes(path: Path, data: bytes) -> None:
    """A file cut inside a multi-byte UTF-8 character was truncated in transfer."""
    tail = data[-4:]
    for k in range(1, min(4, len(tail)) + 1):
        byte = tail[-k]
        if byte & 0xC0 == 0xC0:  # a lead byte: does its sequence fit?
            need = 2 if byte & 0xE0 == 0xC0 else 3 if byte & 0xF0 == 0xE0 else 4
            if need > k and _mostly_utf8(data):
                line = data.count(b"\n") + 1
                raise TextError(f"{path}:{line}: truncated: the file ends inside a character")
            return
        if byte & 0xC0 != 0x80:
            return


def _mostly_utf8(data: bytes) -> bool:
    try:
        data[:-4].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
