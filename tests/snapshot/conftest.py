"""The hand-worked community of tests/metrics (its figures are worked out in tests/metrics/conftest.py)."""

from tests.metrics.conftest import frames, profile  # noqa: F401  (fixtures shared, not redefined)
