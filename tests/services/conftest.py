"""Service tests run on the frozen clock from the start, so every fixture's timestamps are NOW."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _frozen(clock):
    # Autouse fixtures are set up first: owner, person and interview are created at NOW,
    # not at the machine's real time.
    return clock
