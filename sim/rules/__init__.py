"""Monthly rules applied to the array-backed status holders, one module per concept.

Order within a month (see ``sim.model.MunicipalityModel.step``): intake (housing, screening,
route), client managers' caseloads, health, learning (courses, dual tracks, education,
language, exams), network, labour market (offers, hiring, job endings), welfare and money.
Every rule reads parameters from ``model.p`` and draws only from ``model.streams``.
"""
