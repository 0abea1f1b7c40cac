"""The URL reader's messages in Dutch and English: each names the setting, the value and what is allowed.

:mod:`webapp.query` reports what it could not use of a link. A message is a :class:`Said`: the
English text as a plain ``str`` (what logs and tests read) that also carries the Dutch, so the
page shows it in the page's language, also after a language switch. A Dutch page used to show
the English text inside a Dutch sentence.
"""

from __future__ import annotations

from typing import Any

from sim.params import Value, load_specs
from webapp import limits

# key -> (Dutch, English); {where} is the URL part (m, p1, s2, ...)
URL_TEXT: dict[str, tuple[str, str]] = {
    "not_kv": ("{where}: '{item}' is geen sleutel:waarde", "{where}: '{item}' is not key:value"),
    "twice": (
        "{where}: '{key}' staat er twee keer; de eerste waarde wordt gebruikt",
        "{where}: '{key}' is given twice; the first value is used",
    ),
    "empty_change": (
        "{where}: een lege wijziging (twee '~' achter elkaar, of één aan het begin of eind); genegeerd",
        "{where}: an empty change (two '~' in a row, or one at an end); ignored",
    ),
    "bad_month": (
        "{where}: maand '{text}' is geen heel getal van 0 tot en met {top}",
        "{where}: month '{text}' is not a whole number in 0..{top}",
    ),
    "month_empty": ("{where}: maand {month} zet niets; weggelaten", "{where}: month {month} sets nothing; dropped"),
    "no_s0": (
        "s0 (de basis) ontbreekt: {listed} genegeerd; de pagina toont de standaardvergelijking",
        "s0 (the baseline) is missing: {listed} ignored; the page shows the default comparison",
    ),
    "no_slot": ("{part}: er is geen scenario s{i}; genegeerd", "{part}: there is no scenario s{i}; ignored"),
    "unknown_param": (
        "{key}: geen instelling van deze pagina (hoogstens {n} scenario's, s0..s{last})",
        "{key}: not a setting of this page (at most {n} scenarios, s0..s{last})",
    ),
    "not_shared": (
        "m: '{key}' is geen instelling van de gemeente of van 'Geavanceerd' (die zet een scenario, of een bestand)",
        "m: '{key}' is not a municipality or advanced setting (set per scenario, or by a file)",
    ),
    "held": (
        "{where}: {name} = {value} valt buiten {allowed}; {held} wordt gebruikt",
        "{where}: '{key}' = {value} is outside {allowed}; {held} is used",
    ),
    "refused_value": (
        "{where}: {name} = {value} kan niet (toegestaan: {allowed}); niet gebruikt",
        "{message}",
    ),
    "unknown_key": (
        "{where}: '{key}' is geen instelling van het model (sim params noemt ze alle); niet gebruikt",
        "{message}",
    ),
    "unknown_scenario": (
        "s{i}: onbekend scenario '{base}'; toegestaan: {names}; de basis wordt gebruikt",
        "s{i}: unknown scenario '{base}'; allowed: {names}",
    ),
    "name_shown": (
        "n{i}: '{raw}' wordt getoond als '{name}' (hoogstens 40 letters, cijfers, spaties en -.,'&+/)",
        "n{i}: '{raw}' is shown as '{name}' (at most 40 letters, digits, spaces and -.,'&+/)",
    ),
    "desc_shown": (
        "d{i}: de beschrijving wordt getoond als '{text}' "
        "(hoogstens 400 letters, cijfers, spaties en gewone leestekens)",
        "d{i}: the description is shown as '{text}' (at most 400 letters, digits, spaces and plain punctuation)",
    ),
    "desc_upload_only": (
        "d{i}: alleen een geüpload scenario heeft een beschrijving (s{i}=upload)",
        "d{i}: a description belongs to an uploaded scenario only (s{i}=upload)",
    ),
    "not_lever": (
        "p{i}: '{key}' is geen beleidsknop van een scenario (alleen een geüpload bestand zet het)",
        "p{i}: '{key}' is not a lever of a scenario (only an uploaded file sets it)",
    ),
    "changes_upload_only": (
        "c{i}: alleen een geüpload scenario heeft wijzigingen in de tijd (s{i}=upload)",
        "c{i}: dated changes belong to an uploaded scenario only (s{i}=upload)",
    ),
    "name_taken": (
        "n{i}: '{name}' is de naam van een ander scenario; '{new}' wordt gebruikt",
        "n{i}: '{name}' is the name of another scenario; '{new}' is used",
    ),
    "dropped_changes": (
        "{name}: {refused}; de wijzigingen in de tijd zijn weggelaten",
        "{name}: {refused}; its changes are dropped",
    ),
    "dropped_edits": (
        "{name}: {refused}; de aangepaste instellingen zijn weggelaten",
        "{name}: {refused}; its edits are dropped",
    ),
    "bad_post": (
        "post: '{text}' is geen map met een kalibratie onder out/ die de pagina aanbiedt (gemaakt met sim calibrate "
        "--out out/NAAM); de meegeleverde kalibratie wordt gebruikt",
        "post: '{text}' is not a posterior folder under out/ that the page offers "
        "(made by sim calibrate --out out/NAME); the shipped calibration is used",
    ),
    "not_one_of": (
        "{what}: '{text}' is niet een van {allowed}; {used} wordt gebruikt",
        "{what}: '{text}' is not one of {allowed}; {used} is used",
    ),
    "not_whole": (
        "{what}: '{text}' is geen heel getal van {lo} tot en met {hi}; {used} wordt gebruikt",
        "{what}: '{text}' is not a whole number in {lo}..{hi}; {used} is used",
    ),
    "reps": (
        "reps: '{text}' is niet een van {choices}; {near} wordt gebruikt",
        "reps: '{text}' is not one of {choices}; {near} is used",
    ),
}


class Said(str):
    """A message: the English text (this ``str``) and the Dutch one (:attr:`nl`)."""

    nl: str

    def __new__(cls, en: str, nl: str) -> Said:
        """A message from its English and Dutch texts."""
        said = super().__new__(cls, en)
        said.nl = nl
        return said

    def text(self, lang: str) -> str:
        """The message in ``lang``."""
        return self.nl if lang == "nl" else str(self)


def say(which: str, /, **values: Any) -> Said:
    """The message ``which`` of :data:`URL_TEXT` with its values filled in, in both languages."""
    nl, en = URL_TEXT[which]
    return Said(en.format(**values), nl.format(**values))


def in_lang(message: str, lang: str) -> str:
    """A message in ``lang`` (a plain string, say from the scenario layer, as it is)."""
    return message.text(lang) if isinstance(message, Said) else message


def label_nl(key: str) -> str:
    """``'Instroom per jaar' (context.inflow_per_year)``: the Dutch label and the key the link holds."""
    spec = load_specs().get(key)
    return f"'{spec.label('nl')}' ({key})" if spec is not None else f"'{key}'"


def allowed_nl(key: str) -> str:
    """What a control allows, in Dutch (``24 tot en met 180``, ``0 tot en met 240 of 999 (nooit)``)."""
    rng = limits.control_range(key)
    if rng is None:
        return load_specs()[key].allowed()
    text = f"{_num(rng[0])} tot en met {_num(rng[1])}"
    return text + f" of {limits.NEVER} (nooit)" if key == "funding.end_month" else text


def spec_allowed_nl(key: str) -> str:
    """What the model allows for a parameter, in Dutch (``een getal van 0 tot en met 0,5 fte``)."""
    spec = load_specs()[key]
    if isinstance(spec.default, bool):
        return "true of false"
    if spec.choices is not None:
        return "een van " + ", ".join(str(c) for c in spec.choices)
    assert spec.range is not None
    kind = "een heel getal" if isinstance(spec.default, int) else "een getal"
    lo, hi = (_num(x).replace(".", ",") for x in spec.range)
    return f"{kind} van {lo} tot en met {hi} {spec.unit_in('nl')}".rstrip()


def value_text(value: Value | str) -> str:
    """A value as a message quotes it (text in quotes, a number with a decimal comma)."""
    if isinstance(value, str):
        return repr(value)
    return _num(float(value)).replace(".", ",") if not isinstance(value, bool) else str(value).lower()


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else str(x)
