"""A survey export (问卷星, 腾讯问卷) read as the KIND asked for: feedback, applicants (sign-up) or interests."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workbook.ingest.base import Canonical, ImportContext
from workbook.ingest.interest_survey import interests
from workbook.ingest.signup import applicants
from workbook.ingest.survey import Layout, feedback

if TYPE_CHECKING:
    from workbook.profile import Profile


def read_survey(kind: str, path: Path, rows: list[list[object]], header_row: int, layout: Layout,
                profile: Profile, context: ImportContext, tool: str) -> Canonical:
    """A survey export read as the KIND asked for: feedback, applicants (sign-up) or interests."""
    if kind == "applicants":
        return applicants(path, rows, header_row, layout, profile, context, tool)
    if kind == "interests":
        return interests(path, rows, header_row, layout, profile, context, tool)
    return feedback(path, rows, header_row, layout, profile, context)
