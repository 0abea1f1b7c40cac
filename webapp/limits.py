"""What one page may ask of the server: the controls' ranges, the work per page, the upload size.

A link may only produce a state the page's controls can produce, and no state may tie the
server up:

- **Control ranges.** A number a link sets for the municipality, the advanced settings or a
  scenario's levers is held to its control's range: the slider's range of
  :func:`webapp.paramtext.ui_range` (for example a horizon of 24..180 months), the parameter's
  own range for the numbers typed in (:data:`webapp.paramtext.NUMBER_INPUTS`: the yearly inflow,
  1..60,000), the funding month 0..240 or never (999); replications are one of
  :data:`webapp.state.REPS_CHOICES`. The URL reader (:mod:`webapp.query`) says so for each
  value it holds. An uploaded file is the one control that may set any value the scenario
  layer allows (its sliders widen to show it), so a link to an uploaded scenario keeps them.
- **Work per page.** A page simulates at most :data:`WORK_CEILING` person-months: arrivals x the
  months each is followed x replications x scenarios (``sim.runner`` measures work the same
  way). A larger comparison is refused with a message naming the numbers, before anything runs.
- **Upload size.** :data:`webapp.export.MAX_UPLOAD_BYTES` (100 kB); the server refuses anything
  over 1 MB (``server.maxUploadSize`` in ``.streamlit/config.toml``) before it reaches the app.
"""

from __future__ import annotations

from collections.abc import Sequence

from sim.params import Value, load_specs
from sim.scenarios import Scenario
from webapp import paramtext as pt
from webapp.i18n import tr
from webapp.runs import person_months
from webapp.tables import number

NEVER = 999  # funding.end_month: the extra national money never stops
FUNDING_MONTHS = (0, 240)  # the month picker's slider
# About 20 s on one core of a 2-core laptop (docs/app_performance.md); the default page is 3.6 M.
WORK_CEILING = 150_000_000


def control_range(key: str) -> tuple[float, float] | None:
    """The (min, max) a control of the page allows for a parameter; None for toggles and choices."""
    spec = load_specs()[key]
    if isinstance(spec.default, bool) or spec.choices is not None:
        return None
    if key == "funding.end_month":
        return FUNDING_MONTHS
    if key in pt.NUMBER_INPUTS and spec.range is not None:  # typed in: any whole number in the spec's range
        return float(spec.range[0]), float(spec.range[1])
    lo, hi, _ = pt.ui_range(spec, float(spec.default))
    return float(lo), float(hi)


def clamp(key: str, value: Value) -> Value:
    """``value`` held to its control's range (unchanged when inside it, or for toggles and choices)."""
    rng = control_range(key)
    if rng is None or isinstance(value, bool) or (key == "funding.end_month" and value == NEVER):
        return value
    lo, hi = rng
    held = min(max(float(value), lo), hi)
    return int(held) if isinstance(load_specs()[key].default, int) else held


def allowed_text(key: str) -> str:
    """What the control allows, in words (for messages): ``10..1000`` or ``0..240 or 999 (never)``."""
    rng = control_range(key)
    if rng is None:
        return load_specs()[key].allowed()
    text = f"{_num(rng[0])}..{_num(rng[1])}"
    return text + f" or {NEVER} (never)" if key == "funding.end_month" else text


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def work(scenarios: Sequence[Scenario], reps: int) -> int:
    """Person-months the page would simulate: each scenario's person-months x replications."""
    return reps * sum(person_months(s) for s in scenarios)


def refusal(scenarios: Sequence[Scenario], reps: int, lang: str) -> str | None:
    """The message refusing a comparison over :data:`WORK_CEILING`, or None when it may run."""
    total = work(scenarios, reps)
    if total <= WORK_CEILING:
        return None
    millions = {"total": number(total / 1e6, 0, lang), "ceiling": number(WORK_CEILING / 1e6, 0, lang)}
    return tr("limit_work", lang, n=len(scenarios), reps=reps, **millions)
