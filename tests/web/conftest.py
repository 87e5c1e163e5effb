"""Web tests read every page on the same Monday morning (tests/conftest.py NOW)."""

import pytest


@pytest.fixture(autouse=True)
def _frozen_clock(clock):
    # Autouse, so even the fixtures' rows are stamped at NOW and dates in the text are fixed.
    return clock
