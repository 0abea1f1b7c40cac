"""Calibration of Werkpad to the CBS 2014 permit cohort: targets, priors, ABC-SMC fit, posterior, report, sensitivity.

Modules, in the order data flows through them: :mod:`calibration.targets` (observed figures
and how to measure them in a run), :mod:`calibration.priors`, :mod:`calibration.simulate`
(model and distance), :mod:`calibration.fit` (pyABC through ``sim.executor``),
:mod:`calibration.posterior` (the committed artefact and draws for every face),
:mod:`calibration.report` (fit report), :mod:`calibration.sensitivity` (SALib) and
:mod:`calibration.cli`. See ``calibration/README.md``.
"""
