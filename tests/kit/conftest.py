"""The forms' pilot client fixtures (tests/forms) for the community kit's page tests."""

from tests.forms.conftest import ctx, db_url, other

__all__ = ["ctx", "db_url", "other"]
