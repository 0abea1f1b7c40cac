"""Shared fixtures for the simulation-core tests.

Most tests run small settings (fewer people, shorter horizon) through ``with_overrides`` so the
whole folder stays fast; a test that needs the default size says so.
"""

from __future__ import annotations

import pytest

from sim.scenarios import Scenario, load_scenario

from .helpers import SMALL


@pytest.fixture(scope="session")
def baseline() -> Scenario:
    """The shipped baseline (the empty overlay)."""
    return load_scenario("baseline")


@pytest.fixture(scope="session")
def small(baseline: Scenario) -> Scenario:
    """A small baseline: 240 arrivals a year for 2 years, followed 48 months."""
    return baseline.with_overrides(SMALL, name="small")
