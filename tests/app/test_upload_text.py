"""A refused upload is said in the page's language: file, key, value and what is allowed (issue: the walk).

A Dutch page used to show the scenario layer's English sentence inside a Dutch one ("Dit bestand is
niet geladen: upload x.toml: 'guidance.dedicated_fte' = 5000 is not allowed; expected ...").
The scenario layer now refuses with a code and fields (:mod:`sim.errors`), the app fills a Dutch
template of the code (:mod:`webapp.scenario_text`). Generated bad uploads (the strategies of
:mod:`tests.app.badinput`, and bad values for every kind of parameter) must give a message with
no English word on a Dutch page, the English message on an English page, and name what they refuse.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.errors import SCENARIO_MESSAGES, ScenarioError
from webapp import scenario_text, urltext
from webapp.controls import handle_upload
from webapp.export import read_upload, safe_name
from webapp.state import default_state

from .badinput import SPECS, bombs, mutated_scenarios, toml_files, uploads

# words of the English messages (and tomllib's) that Dutch does not use
ENGLISH = frozenset(
    re.findall(
        r"\w+",
        """not allowed expected unknown must the given twice valid file value number whole most than larger empty
        nested deeply cannot once lists did you mean arrives gives people raise either that beyond would never apply
        lengthen drop keep integer string quotes instead line column end document invalid character unclosed array
        statement found declare overwrite and with which from table text upload loaded this""",
    )
)
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|\[\[?[a-z]*\]\]?|\b[a-z_]+(?:\.[A-Za-z_0-9]+)+\b")
FAST = settings(
    max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def _refusal(data: bytes, filename: str) -> ScenarioError | None:
    try:
        read_upload(data, filename)
    except ScenarioError as exc:
        return exc
    return None


def _english_words(message: str, exc: ScenarioError) -> set[str]:
    """English words left in a message once the file's own names (file, keys, values, allowed keys) are taken out."""
    text = message
    for name in ("where", "allowed", "known", "hints"):
        if isinstance(exc.fields.get(name), str):
            text = text.replace(exc.fields[name], " ")
    text = _QUOTED.sub(" ", text.replace("true of false", " "))
    return {w for w in re.findall(r"[A-Za-z]+", text.lower()) if w in ENGLISH}


def _check_both_languages(data: bytes, filename: str) -> None:
    exc = _refusal(data, filename)
    if exc is None:
        return
    assert exc.code in scenario_text.SCENARIO_NL, (exc.code, str(exc))  # every refusal of an upload has a code
    nl = handle_upload(default_state(), data, filename, 1)
    en_state = default_state()
    en_state.lang = "en"
    assert handle_upload(en_state, data, filename, 1) == f"This file was not loaded: {exc}"
    assert nl is not None and nl.startswith("Dit bestand is niet geladen: ")
    assert not _english_words(nl, exc), (nl, _english_words(nl, exc))
    if "where" in exc.fields:
        assert f"{safe_name(filename)}.toml" in nl  # the file, as the user knows it
    if "key" in exc.fields and exc.code != "toml_duplicate":
        assert str(exc.fields["key"]) in nl
    if "value" in exc.fields:
        assert scenario_text.value_nl(exc.fields["value"]) in nl


def test_every_code_of_the_scenario_layer_has_a_dutch_template() -> None:
    assert set(SCENARIO_MESSAGES) <= set(scenario_text.SCENARIO_NL)
    assert set(scenario_text.SCENARIO_NL) - set(SCENARIO_MESSAGES) == {
        "upload_too_big",
        "upload_not_utf8",
        "upload_empty",
    }


@FAST
@given(uploads(), st.text(max_size=30))
def test_generated_bad_uploads_are_refused_in_the_pages_language(data: bytes, filename: str) -> None:
    _check_both_languages(data, filename)


@FAST
@given(st.one_of(toml_files(), mutated_scenarios(), bombs()))
def test_generated_scenario_files_are_refused_in_the_pages_language(data: bytes) -> None:
    _check_both_languages(data, "plan.toml")


LEVER_KEYS = sorted(k for k, s in SPECS.items() if s.kind == "lever")
SHARE = st.floats(0.0, 1.0).map(lambda x: round(x, 2))


POPULATION = sorted(k for k in SPECS if k.startswith("population."))


def _pair(a: str, b: str, va: object, vb: object) -> str:
    return f'[set]\n"{a}" = {va}\n"{b}" = {vb}\n'


def _change(month: int, key: str, value: str, times: int = 1) -> str:
    return f'[[change]]\nmonth = {month}\nset = {{ "{key}" = {value} }}\n' * times


@st.composite
def mistakes(draw: st.DrawFn) -> bytes:
    """Scenario files with one mistake of the scenario layer's kinds (meta, changes, shares, arrivals, horizon)."""
    lever, month = draw(st.sampled_from(LEVER_KEYS)), draw(st.integers(-3, 400))
    value = str(SPECS[lever].default).lower()
    texts = [
        f"[meta]\ntitle = {draw(st.sampled_from(['3', 'true', '[1]', '2020-01-01']))}\n",
        draw(st.sampled_from(["meta = 3\n", "set = [1]\n", "change = 3\n", "change = [1]\n"])),
        _change(month, lever, value),
        _change(5, draw(st.sampled_from(POPULATION)), "0.1"),
        _change(5, lever, value, times=2),
        _pair("population.share_young", "population.share_older", draw(SHARE), draw(SHARE)),
        _pair("population.share_low_education", "population.share_high_education", draw(SHARE), draw(SHARE)),
        _pair("context.inflow_per_year", "context.inflow_months", draw(st.integers(1, 30)), draw(st.integers(1, 12))),
        '[set]\n"context.horizon_months" = 24\n' + _change(draw(st.integers(24, 240)), lever, value),
        "[[change]]\nmonth = 3\nset = {}\n",
        '[set]\n"guidance.dedicated_fte_per_100_inflow" = 1\n[set.guidance]\ndedicated_fte_per_100_inflow = 2\n',
    ]
    return draw(st.sampled_from(texts)).encode()


@FAST
@given(mistakes())
def test_scenario_mistakes_are_refused_in_the_pages_language(data: bytes) -> None:
    _check_both_languages(data, "plan.toml")


BAD_VALUES = st.sampled_from(['"veel"', "-1", "1e400", "99999999", "true", "[1, 2]", "{ a = 1 }", "1979-05-27", "0.5"])


@FAST
@given(st.sampled_from(sorted(SPECS)), BAD_VALUES)
def test_a_refused_value_names_label_key_value_and_the_allowed_range_in_dutch(key: str, value: str) -> None:
    data = f'[set]\n"{key}" = {value}\n'.encode()
    exc = _refusal(data, "plan.toml")
    if exc is None or exc.code != "bad_value":
        return  # allowed, or a scenario that does not fit together (checked by the tests above)
    nl = handle_upload(default_state(), data, "plan.toml", 1)
    assert nl is not None
    spec = SPECS[key]
    assert f"'{spec.label('nl')}' ({key})" in nl and "kan niet; toegestaan: " in nl
    assert nl.endswith(urltext.spec_allowed_nl(key)) and not _english_words(nl, exc)


def test_the_example_of_the_walk_in_dutch() -> None:
    msg = handle_upload(default_state(), b'[set]\n"guidance.dedicated_fte_per_100_inflow" = 5000\n', "x.toml", 1)
    assert msg == (
        "Dit bestand is niet geladen: x.toml: 'Speciale klantmanagers (fte per 100 per jaar)' "
        "(guidance.dedicated_fte_per_100_inflow) = 5000 kan niet; toegestaan: een getal van 0 tot en met 100 fte per "
        "100 gehuisveste volwassenen per jaar"
    )


@pytest.mark.parametrize(
    ("text", "dutch"),
    [
        (b"x = = 1", "geen geldige TOML: ongeldige waarde (regel 1, kolom 5)"),
        (b"a = [1, 2", "een lijst [ ... ] wordt niet gesloten (aan het eind van de tekst)"),
        (b"a = 1\na = 2\n", "'a' staat er twee keer (regel 2)"),
    ],
)
def test_toml_syntax_errors_in_dutch_with_line_and_column(text: bytes, dutch: str) -> None:
    msg = handle_upload(default_state(), text, "x.toml", 1)
    assert msg is not None and dutch in msg


ORIGINS = "".join(f'"{k}" = 0\n' for k in SPECS if k.startswith("population.origin_share."))
EACH = {
    "education_shares": b'[set]\n"population.share_low_education" = 0.7\n"population.share_high_education" = 0.7\n',
    "meta_not_table": b"meta = 3\n",
    "set_not_table": b"set = [1]\n",
    "no_origin": ("[set]\n" + ORIGINS).encode(),
    "unknown_parameter": b"[set]\nzzz = 1\n",
    "unknown_meta": b'[meta]\nauthor = "me"\n',
    "change_not_table": b"change = [1]\n",
    "change_not_list": b"change = 3\n",
    "change_set_empty": b"[[change]]\nmonth = 3\nset = {}\n",
    "renamed_parameter": b'[set]\n"guidance.dedicated_fte" = 8.0\n',
    "no_arrivals": b'[set]\n"context.inflow_per_year" = 1\n"context.inflow_months" = 1\n',
}


@pytest.mark.parametrize("code", sorted(EACH))
def test_codes_the_generators_seldom_reach(code: str) -> None:
    exc = _refusal(EACH[code], "plan.toml")
    assert exc is not None and exc.code == code
    _check_both_languages(EACH[code], "plan.toml")


def test_a_problem_tomllib_may_word_differently_still_gets_dutch() -> None:
    assert scenario_text.problem_nl("Some new wording") == "de tekst volgt de TOML-regels niet"
    fields: dict[str, Any] = {
        "where": "x",
        "detail": "Some new wording (at line 2, column 1)",
        "problem": "Some new wording",
        "line": 2,
        "column": 1,
    }
    exc = ScenarioError("x: not valid TOML: Some new wording (at line 2, column 1)", "toml_syntax", fields)
    assert (
        scenario_text.explain(exc, "nl")
        == "x: geen geldige TOML: de tekst volgt de TOML-regels niet (regel 2, kolom 1)"
    )
