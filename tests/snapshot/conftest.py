"""The hand-worked community of tests/metrics (its figures are worked out in tests/metrics/conftest.py)."""

from __future__ import annotations

import pytest

from tests.metrics.conftest import build_frames, build_profile
from workbook.profile import Profile
from workbook.store import Frames


@pytest.fixture
def frames() -> Frames:
    return build_frames()


@pytest.fixture
def profile() -> Profile:
    return build_profile()
