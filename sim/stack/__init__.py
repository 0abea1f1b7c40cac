"""Runs stacked in one array pass per rule (issue #13 part 2): see :mod:`sim.stack.runs`."""

from sim.stack.runs import StackedRuns

__all__ = ["StackedRuns"]
