"""Styling many cells alike, fast.

openpyxl finds every style object assigned to a cell (font, fill, border,
alignment, protection, number format) in the workbook's style tables by
hashing it: on a styled sheet of thousands of cells that lookup is most of the
time spent building it. A :class:`CellStyles` styles the first cell of each
kind the ordinary way, keeps the resulting style array (indices into those
tables) and gives every later cell of the same kind a copy of it. The cells
end up exactly as if each had been styled one by one.

One instance per workbook: the stored indices point into that workbook's tables.
"""

from __future__ import annotations

from collections.abc import Hashable
from copy import copy

from openpyxl.cell.cell import Cell


class CellStyles:
    def __init__(self) -> None:
        self._arrays: dict[Hashable, object] = {}

    def apply(self, cell: Cell, kind: Hashable, **styles: object) -> None:
        """Style ``cell`` with ``styles`` (font=, fill=, border=, alignment=, protection=,
        number_format=); ``kind`` names the combination and must differ whenever they do."""
        stored = self._arrays.get(kind)
        if stored is not None:
            cell._style = copy(stored)
            return
        for name, value in styles.items():
            setattr(cell, name, value)
        self._arrays[kind] = copy(cell._style)


def fill_key(fill: object) -> Hashable:
    """A pattern fill by value (its type and colours), cheap to compute, for a ``kind``."""
    if fill is None:
        return None
    colours = (getattr(getattr(fill, side, None), "rgb", None) for side in ("fgColor", "bgColor"))
    return (getattr(fill, "fill_type", None), *colours)
