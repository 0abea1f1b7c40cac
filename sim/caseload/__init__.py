"""Start from your own caseload: an anonymised client file as the people of month 0.

A municipality's file (one row per adult client, :mod:`sim.caseload.columns`) is read and
checked in memory (:mod:`sim.caseload.reader`; anything that identifies a person refuses the
file, :mod:`sim.caseload.privacy`), its people are placed in the model at month 0 with
histories consistent with what the file says (:mod:`sim.caseload.start`), the future inflow
arrives as usual, and the forecast for the file's people is counted by month from now, groups
under :data:`~sim.caseload.forecast.MIN_GROUP` people suppressed (:mod:`sim.caseload.forecast`).
Nothing of the file is written anywhere: only aggregates leave the run.
"""
