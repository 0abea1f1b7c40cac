"""Werkpad's composition root: the one place that puts the layers' commands together.

The layers point down only (checked by import-linter, see ``pyproject.toml``)::

    werkpad            the ``sim`` command (werkpad.cli): registers every layer's commands
    app.py -> webapp   the Streamlit app
    optimise | calibration
    sim                the engine: scenarios, runs, comparisons, sweeps, the posterior reader
    bench -> sim       benchmarks

Each layer exposes ``register(subparsers) -> None`` in its own ``cli`` module; nothing below
this package knows which other commands exist.
"""
