"""Errors a user can cause and fix: bad scenario files, keys, values, arguments.

The CLI prints these as one line and exits with code 2; the app shows them as a message.

A :class:`ScenarioError` made by :func:`refuse` also carries what went wrong as data: a
``code`` (a key of :data:`SCENARIO_MESSAGES`) and the ``fields`` its message names (the file,
the key, the value, what is allowed). The English message is filled from
:data:`SCENARIO_MESSAGES`; the app fills its Dutch text from the same code and fields
(``webapp/scenario_text.py``), so a Dutch page never shows the English sentence.
"""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """A mistake in user input (file, key, value). The message says what is allowed."""


class ScenarioError(UserError):
    """A scenario or design file that cannot be applied; nothing of it was applied.

    Attributes:
        code: What went wrong (a key of :data:`SCENARIO_MESSAGES`, or of the app's own upload
            checks); empty for a message without structure.
        fields: The values the message names, by the placeholders of its template.
    """

    def __init__(self, message: str, code: str = "", fields: dict[str, Any] | None = None) -> None:
        """A refusal with its English message and, optionally, its code and fields."""
        super().__init__(message)
        self.code = code
        self.fields = dict(fields or {})


# code -> English message; {where} is the file (or the place in it, e.g. "x.toml [[change]] #2")
SCENARIO_MESSAGES: dict[str, str] = {
    # reading the text (sim.tomlfile)
    "too_long": "{where}: {chars:,} characters; a scenario or design file has at most {limit:,}",
    "file_too_big": "{where}: {size:,} bytes; a {what} file has at most {limit:,}",
    "file_unreadable": "{where}: cannot read {what}: {reason}",
    "file_not_utf8": "{where}: not UTF-8 text (byte 0x{byte:02x} at position {position}); save it as UTF-8",
    "toml_syntax": "{where}: not valid TOML: {detail}",
    "toml_duplicate": "{where}: not valid TOML: '{key}' is given twice (line {line}); each key may appear once",
    "too_deep": "{where}: nested too deeply; at most {limit} levels of tables and arrays",
    "too_deep_parts": "{where}: nested too deeply; at most {limit} levels of tables, arrays and dotted-key parts",
    # the tables (sim.scenarios)
    "key_twice": "{where}: '{key}' is given twice (as a quoted dotted key and as a table); keep one",
    "unknown_top": "{where}: unknown top-level table '{key}'; allowed: {allowed}",
    "unknown_meta": "{where}: unknown meta key '{key}'; allowed: {allowed}",
    "unknown_key": "{where}: unknown key '{key}'; allowed: {allowed}",
    "meta_not_table": "{where}: 'meta' must be a table",
    "meta_not_string": "{where}: [meta] {key} = {value!r}; expected a string (in quotes)",
    "set_not_table": "{where}: 'set' must be a table of parameter values",
    "change_not_list": "{where}: 'change' must be a list of [[change]] tables",
    "change_not_table": "{where}: must be a table with 'month' and 'set'",
    "change_month": "{where}: 'month' = {value!r}; expected an integer in [0, {limit}]",
    "change_set_empty": "{where}: 'set' must be a non-empty table of parameter values",
    "start_only": "{where}: '{key}' is read once at the start of a run and cannot change at a month; "
    "set it under [set] instead",
    "unknown_scenario": "unknown scenario '{name}': not a shipped name ({known}) nor a file",
    # the values (sim.params)
    "unknown_parameter": "{where}: unknown parameter '{key}' (`sim params` lists all)",
    "unknown_parameter_hint": "{where}: unknown parameter '{key}'; did you mean {hints}? (`sim params` lists all)",
    "bad_value": "{where}: '{key}' = {value!r} is not allowed; expected {allowed}",
    "renamed_parameter": "{where}: '{key}' was replaced by '{new}' ({how}), so that a scenario means the same in a "
    "municipality of any size",
    # the scenario as a whole (sim.scenarios.checks)
    "changed_twice": "{where}: '{key}' is changed twice at month {month} (two [[change]] tables); keep one",
    "age_shares": "{where}: '{first}' + '{second}' = {total:g}; they may add up to at most 1 (the rest is aged 30-44)",
    "education_shares": "{where}: '{first}' + '{second}' = {total:g}; they may add up to at most 1 "
    "(the rest has secondary education)",
    "no_origin": "{where}: every '{prefix}*' is 0; give at least one origin a share above 0",
    "no_arrivals": "{where}: no one arrives: 'context.inflow_per_year' = {per_year:g} over "
    "'context.inflow_months' = {months} months gives 0 people; raise either so that at least one arrives",
    "beyond_horizon": "{where}: the [[change]] at month {month} ({keys}) is beyond the horizon of {horizon} months "
    "('context.horizon_months') and would never apply; lengthen the horizon or drop the change",
}


def refuse(code: str, **fields: Any) -> ScenarioError:
    """A :class:`ScenarioError` with its code, its fields and the English message they fill.

    Args:
        code: A key of :data:`SCENARIO_MESSAGES`.
        **fields: The template's placeholders (``where``, ``key``, ``value``, ...).
    """
    return ScenarioError(SCENARIO_MESSAGES[code].format(**fields), code, fields)
