"""Monthly rules applied to the array-backed status holders, one module per concept.

Order within a month (see ``sim.model.MunicipalityModel.step``): intake (housing, screening,
route), client managers' caseloads, health, learning (courses, dual tracks, education,
language, exams), network, labour market (offers, hiring, job endings), welfare and money.
Every rule reads parameters from ``p`` (``p.now(key)`` for a lever the extra national money
pays for) and draws only from ``streams``. A rule takes a narrow context that lists what it
uses (a ``typing.Protocol`` built from ``sim.rules.context``), its compiled kernels take named
packs of person columns and of levers (``typing.NamedTuple``), and the named state sets and
predicates of ``sim.states`` (``SEEKING``, ``is_learning``, ...) instead of state lists.
Not yet converted: ``welfare`` (households are being added there), ``hiring.choice_kernel`` and
``hiring_kernel``; ``labour.job_offers`` and ``offer_chance`` still take the model for the
client managers' guidance ratios (``sim.agents.client_managers.ratio_table``).
"""
