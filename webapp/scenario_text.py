"""A refused scenario in the page's language: the scenario layer's refusals, said in Dutch too.

The scenario layer (:mod:`sim.errors`) refuses a file with a :class:`~sim.errors.ScenarioError`
that carries a ``code`` and the ``fields`` its message names (file, key, value, what is allowed);
its English message is the command line's. :func:`explain` gives that message on an English page
and fills the Dutch template of the same code on a Dutch page, naming a parameter by its Dutch
label and key, a value in Dutch number format, what is allowed in Dutch, and ``tomllib``'s syntax
errors by a Dutch description with line and column. A Dutch page used to show the English
sentence inside a Dutch one. ``tests/app/test_upload_text.py`` checks that every code of
:data:`sim.errors.SCENARIO_MESSAGES` has a Dutch template here.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sim.errors import ScenarioError
from sim.params import load_specs
from webapp import urltext

# code -> Dutch message; the fields are the refusal's, plus those :func:`_dutch_fields` derives
SCENARIO_NL: dict[str, str] = {
    "too_long": "{where}: {chars} tekens; een scenario- of ontwerpbestand heeft er hoogstens {limit}",
    "file_too_big": "{where}: {size} bytes; een bestand heeft er hoogstens {limit}",
    "file_unreadable": "{where}: het bestand is niet te lezen ({reason})",
    "file_not_utf8": "{where}: geen UTF-8-tekst (byte 0x{byte:02x} op positie {position}); sla het op als UTF-8",
    "toml_syntax": "{where}: geen geldige TOML: {problem_nl}{place}",
    "toml_duplicate": "{where}: geen geldige TOML: '{key}' staat er twee keer (regel {line}); elke sleutel mag één "
    "keer voorkomen",
    "too_deep": "{where}: te diep genest; hoogstens {limit} niveaus van tabellen en lijsten",
    "too_deep_parts": "{where}: te diep genest; hoogstens {limit} niveaus van tabellen, lijsten en delen van een "
    "sleutel met punten",
    "key_twice": "{where}: '{key}' staat er twee keer (als sleutel met punten tussen aanhalingstekens én als "
    "tabel); laat er één staan",
    "unknown_top": "{where}: onbekende tabel '{key}'; toegestaan: {allowed}",
    "unknown_meta": "{where}: onbekende sleutel '{key}' in [meta]; toegestaan: {allowed}",
    "unknown_key": "{where}: onbekende sleutel '{key}'; toegestaan: {allowed}",
    "meta_not_table": "{where}: 'meta' moet een tabel zijn",
    "meta_not_string": "{where}: [meta] {key} = {value}; verwacht een tekst (tussen aanhalingstekens)",
    "set_not_table": "{where}: 'set' moet een tabel met parameterwaarden zijn",
    "change_not_list": "{where}: 'change' moet een lijst van [[change]]-tabellen zijn",
    "change_not_table": "{where}: moet een tabel met 'month' en 'set' zijn",
    "change_month": "{where}: 'month' = {value}; verwacht een heel getal van 0 tot en met {limit}",
    "change_set_empty": "{where}: 'set' moet een niet-lege tabel met parameterwaarden zijn",
    "start_only": "{where}: {name} wordt één keer gelezen, bij de start van een run, en kan niet in een latere maand "
    "veranderen; zet het onder [set]",
    "unknown_scenario": "onbekend scenario '{name}': geen meegeleverde naam ({known}) en geen bestand",
    "unknown_parameter": "{where}: '{key}' is geen parameter van het model (sim params noemt ze alle)",
    "unknown_parameter_hint": "{where}: '{key}' is geen parameter van het model; bedoelt u {hints}? (sim params "
    "noemt ze alle)",
    "bad_value": "{where}: {name} = {value} kan niet; toegestaan: {allowed_nl}",
    "renamed_parameter": "{where}: '{key}' bestaat niet meer; gebruik '{new}' ({how_nl}), zodat een scenario in een "
    "gemeente van elke omvang hetzelfde betekent",
    "changed_twice": "{where}: {name} verandert twee keer in maand {month} (twee [[change]]-tabellen); laat er één "
    "staan",
    "age_shares": "{where}: '{first}' + '{second}' = {total_nl}; samen hoogstens 1 (de rest is 30 tot en met 44 jaar)",
    "education_shares": "{where}: '{first}' + '{second}' = {total_nl}; samen hoogstens 1 (de rest heeft een "
    "middelbare opleiding)",
    "no_origin": "{where}: elke '{prefix}*' is 0; geef minstens één herkomst een aandeel boven 0",
    "no_arrivals": "{where}: er komt niemand: 'context.inflow_per_year' = {per_year_nl} in "
    "'context.inflow_months' = {months} maanden geeft 0 mensen; verhoog een van beide zodat er minstens één komt",
    "beyond_horizon": "{where}: de [[change]] in maand {month} ({keys}) valt na de looptijd van {horizon} maanden "
    "('context.horizon_months') en zou nooit gelden; verleng de looptijd of laat de wijziging weg",
    # the app's own checks of an upload (webapp.export.read_upload)
    "upload_too_big": "{where}: groter dan {kb} kB",
    "upload_not_utf8": "{where}: geen UTF-8-tekst",
    "upload_empty": "{where}: het bestand is leeg; een scenariobestand heeft een tabel [meta] of [set]",
}

# tomllib's problems (Python 3.11-3.13) -> Dutch; {0} is the part the pattern captures
TOML_PROBLEMS_NL: tuple[tuple[str, str], ...] = (
    (r"Invalid statement", "ongeldige regel"),
    (r"Expected newline or end of document after a statement", "na een waarde hoort een nieuwe regel"),
    (r"Expected '=' after a key in a key/value pair", "na een sleutel hoort '='"),
    (r"Expected '\]' at the end of a table declaration", "een tabelkop eindigt op ']'"),
    (r"Expected '\]\]' at the end of an array declaration", "een [[...]]-kop eindigt op ']]'"),
    (r"Expected (.+)", "verwacht {0}"),
    (r"Found invalid character (.+)", "ongeldig teken {0}"),
    (r"Illegal character (.+)", "ongeldig teken {0}"),
    (r"Cannot declare (.+) twice", "{0} staat er twee keer"),
    (r"Cannot overwrite a value", "een waarde wordt nog eens gegeven"),
    (r"Cannot mutate immutable namespace (.+)", "{0} is al vastgelegd en kan niet worden aangevuld"),
    (r"Cannot redefine namespace (.+)", "{0} wordt opnieuw gedefinieerd"),
    (r"Duplicate inline table key (.+)", "sleutel {0} staat twee keer in een tabel tussen {{ }}"),
    (r"Invalid initial character for a key part", "een sleutel begint met een ongeldig teken"),
    (r"Unclosed array", "een lijst [ ... ] wordt niet gesloten"),
    (r"Unclosed inline table", "een tabel {{ ... }} wordt niet gesloten"),
    (r"Unescaped '\\' in a string", "een losse '\\' in een tekst"),
    (r"Invalid hex value", "ongeldige hexadecimale waarde"),
    (r"Escaped character is not a Unicode scalar value", "een code \\u... is geen geldig teken"),
    (r"Unterminated string", "een tekst zonder afsluitend aanhalingsteken"),
    (r"Invalid date or datetime", "ongeldige datum of tijd"),
    (r"Invalid value", "ongeldige waarde"),
)


def explain(exc: ScenarioError, lang: str) -> str:
    """A refusal in ``lang``: the English message, or the Dutch one filled from its code and fields.

    A refusal without a code (a free message from elsewhere in the scenario layer) is shown as it is.
    """
    if lang == "en" or exc.code not in SCENARIO_NL:
        return str(exc)
    return SCENARIO_NL[exc.code].format_map({**exc.fields, **_dutch_fields(exc.fields)})


def said_with(which: str, refused: ScenarioError, /, **values: Any) -> urltext.Said:
    """The URL message ``which`` naming a refusal, each language with the refusal said in it."""
    nl, en = urltext.URL_TEXT[which]
    return urltext.Said(
        en.format(refused=explain(refused, "en"), **values),
        nl.format(refused=explain(refused, "nl"), **values),
    )


def _dutch_fields(fields: dict[str, Any]) -> dict[str, str]:
    """Fields said the Dutch way: value, parameter name, allowed values, numbers and a syntax problem."""
    out: dict[str, str] = {}
    if "value" in fields:
        out["value"] = value_nl(fields["value"])
    key = fields.get("key")
    if isinstance(key, str) and key in load_specs():
        out["name"] = urltext.label_nl(key)
        out["allowed_nl"] = urltext.spec_allowed_nl(key)
    for name in ("chars", "size", "limit"):
        if isinstance(fields.get(name), int):
            out[name] = f"{fields[name]:,}".replace(",", ".")
    for name in ("total", "per_year"):
        if name in fields:
            out[f"{name}_nl"] = f"{fields[name]:g}".replace(".", ",")
    if "problem" in fields:
        out["problem_nl"] = problem_nl(str(fields["problem"]))
        line, column = fields.get("line"), fields.get("column")
        out["place"] = f" (regel {line}, kolom {column})" if line is not None else " (aan het eind van de tekst)"
    return out


def value_nl(value: Any) -> str:
    """A value from a file as a Dutch message quotes it (text in quotes, numbers with a decimal comma)."""
    if isinstance(value, str):
        return urltext.value_text(value[:60])
    if isinstance(value, bool | int | float):
        return urltext.value_text(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    kind = "een lijst" if isinstance(value, list) else "een tabel" if isinstance(value, dict) else "een waarde"
    shown = repr(value)
    return f"{kind} {shown if len(shown) <= 60 else shown[:57] + '...'}"


def problem_nl(problem: str) -> str:
    """``tomllib``'s description of a syntax error in Dutch (a general one for a problem not listed)."""
    for pattern, dutch in TOML_PROBLEMS_NL:
        found = re.fullmatch(pattern, problem)
        if found:
            return dutch.format(*found.groups())
    return "de tekst volgt de TOML-regels niet"
