"""The pages' shared frame and formats: Bahasa Indonesia, times on the road map's clock, sizes with a decimal comma."""

from __future__ import annotations

from html import escape

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 64rem; padding: 0 1rem; color: #1a1a1a; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: .35rem .5rem; text-align: left; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
tr:target { background: #fff3b0; }
.gagal { color: #a40000; font-weight: 600; }
.lulus { color: #176b00; }
.catatan { color: #555; font-size: .9rem; }
"""


def page(title: str, body: str) -> str:
    """A whole HTML page around ``body`` (already escaped)."""
    return (
        '<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<h1>{escape(title)}</h1>\n{body}\n</body>\n</html>\n"
    )


def table(headers: list[str], rows: str) -> str:
    """A table with escaped ``headers`` around ``rows`` (already HTML)."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def size(n: int) -> str:
    """``812 B``, ``26,0 KB``, ``3,4 MB``."""
    if n < 1024:
        return f"{n} B"
    value, unit = n / 1024, "KB"
    if value >= 1024:
        value, unit = value / 1024, "MB"
    return f"{value:.1f} {unit}".replace(".", ",")
