"""CSV exports (RFC 4180), for spreadsheets: what the fleet's chargers reported goes into
cells an operator opens in Excel or LibreOffice."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any, Final

# A cell starting with one of these is read as a formula by spreadsheet programs
# (OWASP, "CSV injection"): an id tag or a model name a charger sent must stay text.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """One value as a cell: None empty, booleans as JSON writes them, a list of strings
    joined with ``;``, and text that would start a formula quoted with ``'``. Numbers
    are written as they are (a negative number is a number, not a formula)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = ";".join(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows(columns: Sequence[str], items: Iterable[dict[str, Any]]) -> list[list[Any]]:
    """The ``columns`` of each item, as cells."""
    return [[cell(item[column]) for column in columns] for item in items]


def encode(lines: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(lines)
    return out.getvalue().encode()
