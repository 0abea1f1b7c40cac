"""The labour-market region: its vacancies and the competition of its status holders.

A municipality's status holders search for work in its labour-market region (one of the 35
arbeidsmarktregio's), where they are a small share of the applicants. The region is given by
its own parameters, never by the municipality's inflow: its vacancies a month in the sectors
open to status holders (``region.vacancies_per_month``, times ``context.labour_tightness``)
and the adult status holders it houses a year (``region.status_holders_per_year``). The
model's sector employers post the region's vacancies (``sim.rules.labour.post_vacancies``);
this module gives the chance that a vacancy a qualified candidate goes for has not been taken
by another of the region's status holders.
"""

from __future__ import annotations

import math

from sim.params import Value

# Job offers a month among the region's status holders per adult housed there a year: the
# contenders for the region's vacancies. Measured in the baseline at steady state (months
# 96-119 of a baseline run, 10 posterior draws: 0.28-0.42, mean 0.34); assumes the region's
# other status holders search as the municipality's own do.
CONTENDERS_PER_HOUSED = 0.34


def regional_competition(p: dict[str, Value]) -> float:
    """Contenders from the region's status holders per vacancy a month (``x`` of :func:`fill_chance`).

    The region's status holders (``region.status_holders_per_year``, at least this
    municipality's own inflow, which it includes) times :data:`CONTENDERS_PER_HOUSED`, over
    the region's vacancies this month (``region.vacancies_per_month`` x tightness).
    """
    holders = max(float(p["region.status_holders_per_year"]), float(p["context.inflow_per_year"]))
    vacancies = float(p["region.vacancies_per_month"]) * float(p["context.labour_tightness"])
    return holders * CONTENDERS_PER_HOUSED / vacancies


def fill_chance(p: dict[str, Value]) -> float:
    """Chance that a region's vacancy a qualified candidate goes for is not taken by another status holder.

    The urn-ball matching of ``A`` contenders over ``V`` vacancies (each picks one at random):
    a contender is hired with chance ``(1 - exp(-x)) / x``, ``x = A / V``
    (:func:`regional_competition`). It depends on the region only, so the municipality's
    size does not change anyone's chances; 1 when nobody competes.
    """
    x = regional_competition(p)
    return 1.0 if x <= 0.0 else -math.expm1(-x) / x
