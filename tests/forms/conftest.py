"""Each form test gets the pilot client in its own temp data folder and SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.forms.client import CLIENT, PERIOD, write_client
from workbook.forms.context import FormContext


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/w.sqlite"


@pytest.fixture
def ctx(db_url: str) -> FormContext:
    write_client(CLIENT, db_url)
    return FormContext(CLIENT, PERIOD, "en", db_url, who="alice")


@pytest.fixture
def other(ctx: FormContext) -> FormContext:
    """A second facilitator on the same client and store."""
    return FormContext(ctx.client, ctx.period_label, "zh-CN", ctx.db_url, who="bob")
