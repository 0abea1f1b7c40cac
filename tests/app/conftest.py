"""Fixtures for the app's AppTest tests.

The runs are cached with ``st.cache_resource`` for the whole test process, so the first test pays
for the simulations and the rest mostly reuse them. Tests use 5 replications and a small
municipality (via URL parameters) unless they test the defaults.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 120

# A quick comparison: baseline vs 'funding ends', 5 replications, 60 arrivals a year.
QUICK = {
    "lang": "nl",
    "reps": "5",
    "seed": "7",
    "m": "context.inflow_per_year:60",
    "s0": "baseline",
    "n0": "Basis",
    "s1": "funding_ends",
    "n1": "Geld stopt",
    "edit": "1",
}


@pytest.fixture
def make_app() -> Callable[..., AppTest]:
    """Start the app with the given URL query parameters (defaults: :data:`QUICK`) and run it once."""

    def make(query: dict[str, str] | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        for key, value in (QUICK if query is None else query).items():
            at.query_params[key] = value
        return at.run()

    return make
