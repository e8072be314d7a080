"""The fonts every page and chart asks for: CJK-capable families first (Linux, macOS,
Windows), a generic sans-serif last. One list; charts, tables and report pages render it."""

from __future__ import annotations

CJK_FONTS: tuple[str, ...] = ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
                              "Microsoft YaHei", "WenQuanYi Micro Hei")


def css_font_family(quote: str = '"') -> str:
    """The list as a CSS font-family value (quoted family names, then sans-serif)."""
    return ", ".join(f"{quote}{f}{quote}" for f in CJK_FONTS) + ", sans-serif"


def vega_font() -> str:
    """The list as a Vega font value (unquoted, comma-separated)."""
    return ", ".join((*CJK_FONTS, "sans-serif"))
