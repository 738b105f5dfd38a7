"""Cells that a spreadsheet would run as formulas, made inert for any file a facilitator opens in Excel/WPS.

OWASP CSV injection: a cell starting with = + - @ tab or carriage return is prefixed with a single quote.
"""

from __future__ import annotations

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """The value, with a leading `'` when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
