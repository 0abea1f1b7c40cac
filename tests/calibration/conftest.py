"""Shared settings for the calibration tests: a small cohort keeps them fast.

(No ``__init__.py`` here: a test package named ``calibration`` would shadow the real one.)
"""

from __future__ import annotations

import pytest

SMALL_COHORT = 600  # persons in the era_2014 cohort for tests (the real fit uses 3,000)


@pytest.fixture
def small_cohort() -> int:
    """Cohort size of the test runs."""
    return SMALL_COHORT
