"""Tests of the simulation core (issue #2): rules, invariants, stylised facts, CRN, scenarios, CLI."""
