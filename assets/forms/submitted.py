"""A submitted xlsx read once: cell values with python-calamine, and for one
column the number format, formula and error of each cell from the sheet's XML.

calamine is the fastest reader at hand but drops what some rules need: a
percent typed in Excel is stored as 0.75 with a ``%`` format, a formula without
a cached value reads as empty, and a cached Excel error (``#DIV/0!``) reads as
empty too. :meth:`SubmittedWorkbook.column_cells` reads exactly those facts for
the one column whose values are parsed, by streaming the sheet's XML; every
other cell comes from calamine.

Values are as openpyxl would give them with ``data_only=True``, except that
numbers are floats and empty cells are None.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from xml.etree import ElementTree

from openpyxl.styles.numbers import BUILTIN_FORMATS
from python_calamine import CalamineWorkbook

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_REFERENCE = re.compile(r"([A-Z]+)(\d+)")


@dataclass(frozen=True)
class CellFacts:
    """What calamine does not say about a cell."""

    number_format: str = "General"
    formula: str | None = None  # "=..." as typed; "=" alone for a shared formula's followers
    error: str | None = None  # the cached Excel error ("#DIV/0!"), when the cell holds one


class SubmittedWorkbook:
    """One xlsx, opened once; raises on a file that is not a readable workbook."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._book = CalamineWorkbook.from_path(str(path))
        self._rows: dict[str, list[list[object]]] = {}
        self._archive: zipfile.ZipFile | None = None

    def __enter__(self) -> SubmittedWorkbook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = None

    def _part(self, name: str) -> bytes | None:
        """One part of the zip (opened once for all the parts read), or None when absent."""
        if self._archive is None:
            self._archive = zipfile.ZipFile(self.path)
        try:
            return self._archive.read(name)
        except KeyError:
            return None

    @property
    def sheet_names(self) -> list[str]:
        return list(self._book.sheet_names)

    def rows(self, sheet: str) -> list[list[object]]:
        """Every row of ``sheet`` from A1 (row 1 is index 0), empty cells as None."""
        if sheet not in self._rows:
            values = self._book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            self._rows[sheet] = [[None if v == "" else v for v in row] for row in values]
        return self._rows[sheet]

    def custom_properties(self) -> dict[str, str]:
        """The workbook's custom document properties (docProps/custom.xml) as text."""
        xml = self._part("docProps/custom.xml")
        if xml is None:
            return {}
        return {p.get("name", ""): "".join(p.itertext()) for p in ElementTree.fromstring(xml).iter(f"{CUSTOM}property")}

    def column_cells(self, sheet: str, column: int) -> dict[int, CellFacts]:
        """Facts of the cells of ``column`` (0-based) of ``sheet`` that have any, by sheet row (1-based)."""
        return _column_facts(ElementTree.fromstring(self._part(self._sheet_parts[sheet])), column, self._number_formats)

    def hyperlinks(self, sheet: str) -> dict[tuple[int, int], str]:
        """The hyperlink of each cell of ``sheet`` that has one: (sheet row 1-based, column 0-based) -> target
        (an address, or ``#Sheet!A1`` for a place in the workbook)."""
        part = self._sheet_parts[sheet]
        found = ElementTree.fromstring(self._part(part)).find(f"{MAIN}hyperlinks")
        if found is None:
            return {}
        folder, name = part.rsplit("/", 1)
        rels_xml = self._part(f"{folder}/_rels/{name}.rels")
        rels = ElementTree.fromstring(rels_xml) if rels_xml is not None else None
        targets = {r.get("Id"): r.get("Target", "") for r in (rels.iter(f"{RELS}Relationship") if rels else [])}
        links = {}
        for link in found.iter(f"{MAIN}hyperlink"):
            target = targets.get(link.get(f"{DOC_REL}id")) or (
                f"#{link.get('location')}" if link.get("location") else ""
            )
            match = _REFERENCE.match((link.get("ref") or "").split(":")[0])
            if target and match:
                links[(int(match.group(2)), _column_index(match.group(1)))] = target
        return links

    @cached_property
    def _sheet_parts(self) -> dict[str, str]:
        book = ElementTree.fromstring(self._part("xl/workbook.xml"))
        rels = ElementTree.fromstring(self._part("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{RELS}Relationship")}
        parts = {}
        for sheet in book.iter(f"{MAIN}sheet"):
            target = targets.get(sheet.get(f"{DOC_REL}id"), "")
            parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        return parts

    @cached_property
    def _number_formats(self) -> list[str]:
        """The number format of each cell style (``s`` attribute), by index."""
        xml = self._part("xl/styles.xml")
        if xml is None:
            return []
        styles = ElementTree.fromstring(xml)
        custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iter(f"{MAIN}numFmt")}
        xfs = styles.find(f"{MAIN}cellXfs")
        ids = [int(xf.get("numFmtId", 0)) for xf in (xfs if xfs is not None else [])]
        return [custom.get(i) or BUILTIN_FORMATS.get(i, "General") for i in ids]


def _column_facts(worksheet, column: int, formats: list[str]) -> dict[int, CellFacts]:
    facts: dict[int, CellFacts] = {}
    data = worksheet.find(f"{MAIN}sheetData")
    row = 0
    for row_element in data if data is not None else []:
        row = int(row_element.get("r") or row + 1)
        position = -1
        for cell in row_element:
            match = _REFERENCE.match(cell.get("r") or "")
            position = _column_index(match.group(1)) if match else position + 1
            if position == column:
                found = _cell_facts(cell, formats)
                if found != CellFacts():
                    facts[row] = found
            if position >= column:  # cells come in column order
                break
    return facts


def _cell_facts(cell, formats: list[str]) -> CellFacts:
    style = int(cell.get("s") or 0)
    number_format = formats[style] if style < len(formats) else "General"
    formula = cell.find(f"{MAIN}f")
    cached = cell.find(f"{MAIN}v")
    error = cached.text if cell.get("t") == "e" and cached is not None else None
    return CellFacts(number_format, None if formula is None else "=" + (formula.text or ""), error)


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1
