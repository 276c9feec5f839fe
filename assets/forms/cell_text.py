"""Text as every workbook the pipeline writes holds it: XML-safe, and never a formula.

Every writer puts text into a cell through :func:`set_text` (the form sheets,
the report tables, the Identitas sheet, the PMPRB worksheet), and comments and
document properties through :func:`xml_safe`, so a unit's text can never stop
a workbook from being written or opened.

XML 1.0 allows of the C0 control characters only tab, line feed and carriage
return; openpyxl refuses the others (``IllegalCharacterError``) and writes lone
surrogates and U+FFFE/U+FFFF into files no reader can parse. Here:

- a vertical tab becomes a line break: Excel keeps a line break pasted from
  Word as a vertical tab (stored as ``_x000B_``), and the clerk meant one;
- every other control character is removed;
- a lone surrogate, U+FFFE and U+FFFF become U+FFFD (the replacement character).

Excel stores a control character as the escape ``_xHHHH_`` (and a literal
``_x`` sequence with its underscore escaped as ``_x005F_``). python-calamine
decodes those escapes and returns the character itself; openpyxl returns the
escape as typed. Both reach the same text here: the escapes of C0 controls
and of the underscore are decoded first, then the characters are made safe.
"""

from __future__ import annotations

import re

from openpyxl.cell.cell import Cell

_ESCAPE = re.compile(r"_x(00[01][0-9A-Fa-f]|005[Ff])_")
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LINE_BREAK = "\x0b"  # what Word's pasted line break becomes in an Excel cell
REPLACEMENT = "\ufffd"


def xml_safe(text: str) -> str:
    """``text`` with a vertical tab as a line break, other control characters removed, lone surrogates replaced."""
    if "_x" in text:
        text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_safe_character, text)


def _safe_character(match: re.Match) -> str:
    character = match.group()
    if character == LINE_BREAK:
        return "\n"
    return "" if character < " " else REPLACEMENT


def set_text(cell: Cell, value: object) -> None:
    """Write a value; text is written XML-safe and as text: a value starting with '=' never becomes a formula."""
    if value is None or (isinstance(value, float) and value != value):
        cell.value = None
        return
    if isinstance(value, str):
        cell.value = xml_safe(value)
        cell.data_type = "s"
    else:
        cell.value = value
