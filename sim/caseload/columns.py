"""The caseload file format: its columns, the values each allows, and how a value is read.

One row per adult client. Values are case-insensitive; spaces around them are ignored. The
template (:func:`template_csv`) has the header and two clearly fake rows.

=====================  ========  ===============================================================
column                 required  values
=====================  ========  ===============================================================
local_id               yes       a row number in this file, 1 .. 10000 (not a person number)
partner_id             no        the local_id of the partner's row, empty if none in the file
months_since_permit    yes       whole months since the residence permit, 0 .. 240
sex                    yes       female, male (also vrouw/v, man/m)
age_band               one of    18-29, 30-44, 45-64 (age at the file date)
birth_year             the two   a year; needs the file's year (``--as-of-year``), age 18 .. 64
origin                 yes       syria, eritrea, afghanistan, iraq, iran, turkey, other
household              yes       single, couple, couple_children, single_parent
dutch_level            yes       none, A1, A2, B1, B2 (B2 or higher)
exam                   no        none, passed, exempt (the integration exam; default none)
state                  yes       course, dual_track, education, job_part_time, job_full_time,
                                 searching, volunteering, health_inactive
bijstand               yes       yes, no (also ja/nee, 1/0)
=====================  ========  ===============================================================
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sim.households import HOUSEHOLD_TYPES
from sim.population import ORIGINS
from sim.states import (
    COURSE,
    DUAL,
    EDUCATION,
    EXAM_EXEMPT,
    EXAM_NONE,
    EXAM_PASSED,
    HEALTH_INACTIVE,
    JOB_FULL,
    JOB_PART,
    SEARCHING,
    VOLUNTEER,
)

MAX_ROWS = 10_000  # rows (adults) a file may hold
MAX_BYTES = 1_000_000  # bytes a file may have (about 10,000 rows of this format)
MAX_MONTHS = 240  # months since permit (20 years; the idle-time table covers as much)
AGE_BANDS = {"18-29": (18.0, 30.0), "30-44": (30.0, 45.0), "45-64": (45.0, 65.0)}  # [lo, hi) years
MIN_AGE, MAX_AGE = 18, 64
STATES = {
    "course": COURSE,
    "dual_track": DUAL,
    "education": EDUCATION,
    "job_part_time": JOB_PART,
    "job_full_time": JOB_FULL,
    "searching": SEARCHING,
    "volunteering": VOLUNTEER,
    "health_inactive": HEALTH_INACTIVE,
}
STATE_NAMES = {v: k for k, v in STATES.items()}
DUTCH_LEVELS = ("none", "a1", "a2", "b1", "b2")  # index = whole CEFR level (A1 = 1), B2 or higher = 4
EXAMS = {"none": EXAM_NONE, "passed": EXAM_PASSED, "exempt": EXAM_EXEMPT}
SEXES = {"female": False, "vrouw": False, "v": False, "f": False, "male": True, "man": True, "m": True}
YES_NO = {"yes": True, "ja": True, "1": True, "true": True, "no": False, "nee": False, "0": False, "false": False}


class BadValue(ValueError):
    """A cell's value is not allowed; the message says what is (never repeats the value)."""


def _choice(options: Mapping[str, object] | tuple[str, ...], shown: str) -> Callable[[str], object]:
    def parse(v: str) -> object:
        key = v.lower()
        if isinstance(options, tuple):
            if key in options:
                return options.index(key)
        elif key in options:
            return options[key]
        raise BadValue(f"allowed: {shown}")

    return parse


def _whole(lo: int, hi: int, what: str) -> Callable[[str], object]:
    def parse(v: str) -> object:
        if not v.isdigit() or not lo <= int(v) <= hi:
            raise BadValue(f"{what}: a whole number {lo} .. {hi}")
        return int(v)

    return parse


def _optional_whole(lo: int, hi: int, what: str) -> Callable[[str], object]:
    whole = _whole(lo, hi, what)
    return lambda v: -1 if v == "" else whole(v)


def _band(v: str) -> object:
    key = v.replace(" ", "")
    if key not in AGE_BANDS:
        raise BadValue(f"allowed: {', '.join(AGE_BANDS)}")
    return list(AGE_BANDS).index(key)


@dataclass(frozen=True)
class Column:
    """One column of the format: whether it is required and how a cell is read."""

    name: str
    required: bool
    parse: Callable[[str], object]
    help_en: str
    help_nl: str


COLUMNS: dict[str, Column] = {
    c.name: c
    for c in (
        Column(
            "local_id",
            True,
            _whole(1, MAX_ROWS, "a row number in this file"),
            f"a row number in this file, 1 .. {MAX_ROWS} (not a person number)",
            f"een regelnummer in dit bestand, 1 .. {MAX_ROWS} (geen persoonsnummer)",
        ),
        Column(
            "partner_id",
            False,
            _optional_whole(1, MAX_ROWS, "the local_id of the partner's row"),
            "the local_id of the partner's row in this file; empty if the partner has no row",
            "het local_id van de regel van de partner; leeg als de partner geen regel heeft",
        ),
        Column(
            "months_since_permit",
            True,
            _whole(0, MAX_MONTHS, "months since the permit"),
            f"whole months since the residence permit, 0 .. {MAX_MONTHS}",
            f"hele maanden sinds de verblijfsvergunning, 0 .. {MAX_MONTHS}",
        ),
        Column("sex", True, _choice(SEXES, "female, male"), "female or male", "female (vrouw) of male (man)"),
        Column(
            "age_band",
            False,
            _band,
            "age at the file date: 18-29, 30-44 or 45-64 (or give birth_year)",
            "leeftijd op de datum van het bestand: 18-29, 30-44 of 45-64 (of geef birth_year)",
        ),
        Column(
            "birth_year",
            False,
            _whole(1900, 2100, "a year"),
            "year of birth (needs the file's year); age 18 .. 64",
            "geboortejaar (vraagt het jaar van het bestand); leeftijd 18 .. 64",
        ),
        Column(
            "origin",
            True,
            _choice(ORIGINS, ", ".join(ORIGINS)),
            ", ".join(ORIGINS),
            ", ".join(ORIGINS) + " (Engelse namen)",
        ),
        Column(
            "household",
            True,
            _choice(HOUSEHOLD_TYPES, ", ".join(HOUSEHOLD_TYPES)),
            ", ".join(HOUSEHOLD_TYPES),
            ", ".join(HOUSEHOLD_TYPES) + " (alleenstaand, stel, stel met kinderen, eenoudergezin)",
        ),
        Column(
            "dutch_level",
            True,
            _choice(DUTCH_LEVELS, "none, A1, A2, B1, B2"),
            "none, A1, A2, B1, B2 (B2 or higher): the level reached (last exam or test)",
            "none, A1, A2, B1, B2 (B2 of hoger): het bereikte niveau (laatste examen of toets)",
        ),
        Column(
            "exam",
            False,
            _choice(EXAMS, ", ".join(EXAMS)),
            "none, passed, exempt: the integration exam (default none)",
            "none, passed, exempt: het inburgeringsexamen (standaard none)",
        ),
        Column(
            "state",
            True,
            _choice(STATES, ", ".join(STATES)),
            ", ".join(STATES),
            ", ".join(STATES) + " (taalcursus, duaal traject, onderwijs, deeltijd-/voltijdbaan, zoekend, "
            "vrijwilligerswerk, inactief om gezondheid)",
        ),
        Column("bijstand", True, _choice(YES_NO, "yes, no"), "yes or no: on bijstand now", "yes (ja) of no (nee)"),
    )
}
AGE_COLUMNS = ("age_band", "birth_year")  # exactly one of them

TEMPLATE_ROWS = (  # clearly fake: two example rows, a couple
    ("1", "2", "14", "male", "30-44", "syria", "couple_children", "A2", "none", "course", "yes"),
    ("2", "1", "6", "female", "30-44", "syria", "couple_children", "A1", "none", "searching", "yes"),
)
TEMPLATE_COLUMNS = tuple(c for c in COLUMNS if c != "birth_year")


def template_csv() -> str:
    """The template: the header and two clearly fake example rows (a couple), as CSV text."""
    lines = ["# Werkpad caseload template: one row per adult; these two rows are FAKE examples, replace them"]
    lines.append(",".join(TEMPLATE_COLUMNS))
    lines += [",".join(r) for r in TEMPLATE_ROWS]
    return "\n".join(lines) + "\n"
