"""Numbers and blocks as the synthetic texts print them, and the error a block of the wrong
height raises (`RenderError`)."""

from __future__ import annotations


class RenderError(RuntimeError):
    """A rendered block does not have the height (or a value not the line) of the model."""


# --- numbers as printed -------------------------------------------------------------------
def amount(cents: int, sep: bool = False) -> str:
    """Cents of 万元 as printed with two decimals ('3951.18', or '3,951.18' with `sep`)."""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(int(cents)), 100)
    return f"{sign}{whole:,}.{frac:02d}" if sep else f"{sign}{whole}.{frac:02d}"


def cell(cents: int | None, sep: bool = False) -> str:
    """A table cell: a zero or missing amount is left blank."""
    return "" if cents is None or cents == 0 else amount(cents, sep)


def pct(value: float) -> str:
    return f"{value:.2f}"


def tenths(value10: int) -> str:
    """A score kept in tenths: '96' or '96.5'."""
    whole, frac = divmod(int(value10), 10)
    return str(whole) if frac == 0 else f"{whole}.{frac}"


def place(height: int, rows: dict[int, str]) -> list[str]:
    """A block of `height` lines with the given lines at their offsets, blank elsewhere."""
    out = [""] * height
    for offset, text in rows.items():
        if not 0 <= offset < height:
            raise RenderError(f"line offset {offset} outside a block of {height} lines")
        out[offset] = text
    return out
