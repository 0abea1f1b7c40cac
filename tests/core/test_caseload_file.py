"""Reading a caseload file: the format, the validation report, and privacy refusals.

Identifying columns and values refuse the whole file with the line and column named and the
value never repeated; a row with a value that is not allowed is refused and named in the
report; malformed files (generated) never end in anything but a named refusal.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.caseload import columns as fmt
from sim.caseload.privacy import elfproef, identifying_value
from sim.caseload.reader import MIN_ROWS, CaseloadError, read_caseload

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "caseload"
HEADER = list(fmt.TEMPLATE_COLUMNS)
GOOD = ["14", "male", "30-44", "syria", "single", "A2", "none", "course", "yes"]  # after local_id, partner_id


def rows(n: int = 12) -> list[list[str]]:
    """``n`` valid single-adult rows (local ids 1..n), varied a little."""
    states = list(fmt.STATES)
    out = []
    for i in range(1, n + 1):
        r = [str(i), "", *GOOD]
        r[2] = str(i * 3)
        r[9] = states[i % len(states)]
        out.append(r)
    return out


def csv_bytes(body: list[list[str]], header: list[str] = HEADER, sep: str = ",") -> bytes:
    return ("\n".join(sep.join(r) for r in [header, *body]) + "\n").encode()


def refused_at(column: str, line: int, data: bytes) -> None:
    """The file is refused as a whole with the line and the column named."""
    with pytest.raises(CaseloadError) as exc:
        read_caseload(data)
    msg = str(exc.value)
    assert f"line {line}" in msg and column in msg, msg


def test_template_and_synthetic_files_are_what_the_code_writes() -> None:
    assert (EXAMPLES / "caseload_template.csv").read_text() == fmt.template_csv()
    synthetic = (EXAMPLES / "synthetic_caseload_SYNTHETIC.csv").read_bytes()
    assert synthetic.startswith(b"# SYNTHETIC")
    caseload, report = read_caseload(synthetic)
    data_lines = [ln for ln in synthetic.decode().splitlines() if ln and not ln.startswith("#")]
    assert report.rows_read == report.rows_used == len(data_lines) - 1 == len(caseload)
    assert not report.refused and not report.links
    assert (caseload.partner >= 0).any()  # couples are linked


def test_template_has_too_few_rows_and_says_so() -> None:
    with pytest.raises(CaseloadError, match=f"at least {MIN_ROWS}"):
        read_caseload(fmt.template_csv().encode())


def test_semicolons_bom_comments_and_case_are_read() -> None:
    body = [[c.upper() if k in (3, 5, 8) else c for k, c in enumerate(r)] for r in rows()]
    data = b"\xef\xbb\xbf# a comment line\n" + csv_bytes(body, sep=";")
    caseload, report = read_caseload(data)
    assert len(caseload) == 12 and report.rows_used == 12


@pytest.mark.parametrize(
    "name",
    ["name", "Naam", "BSN", "bsn_nummer", "burgerservicenummer", "adres", "Postcode", "geboortedatum", "Birth date",
     "date_of_birth", "email", "telefoon", "opmerking", "notes", "client nummer", "IBAN"],
)  # fmt: skip
def test_identifying_columns_refuse_the_file(name: str) -> None:
    header = [*HEADER, name]
    body = [[*r, "x"] for r in rows()]
    refused_at(f"'{name}'", 1, csv_bytes(body, header))


@pytest.mark.parametrize(
    ("value", "what"),
    [
        ("111222333", "elfproef"),
        ("111.222.333", "elfproef"),
        ("123456789", "digits"),
        ("12-05-1990", "date"),
        ("1990-05-12", "date"),
        ("1234 AB", "postcode"),
        ("a.b@example.nl", "e-mail"),
        ("lives with her aunt near the station, works nights", "free text"),
    ],
)
def test_identifying_values_refuse_the_file_without_repeating_them(value: str, what: str) -> None:
    body = rows()
    body[4][5] = value  # line 6 (header is line 1), column origin
    with pytest.raises(CaseloadError) as exc:
        read_caseload(csv_bytes(body))
    msg = str(exc.value)
    assert "line 6" in msg and "'origin'" in msg and what in msg, msg
    assert value not in msg


def test_elfproef() -> None:
    assert elfproef("111222333") and not elfproef("111222334") and not elfproef("000000000")
    assert identifying_value("12345") is None and identifying_value("45-64") is None


def test_unknown_columns_are_refused_by_name_and_a_headerless_file_shows_no_values() -> None:
    refused_at("'favourite_colour'", 1, csv_bytes([[*r, "red"] for r in rows()], [*HEADER, "favourite_colour"]))
    headerless = csv_bytes(rows()[1:], rows()[0])
    with pytest.raises(CaseloadError) as exc:
        read_caseload(headerless)
    assert "syria" not in str(exc.value) and "holds values, not the column names" in str(exc.value)
    odd = csv_bytes([[*r, "x"] for r in rows()], [*HEADER, "Jan de Vries"])
    with pytest.raises(CaseloadError) as exc:
        read_caseload(odd)
    assert "Vries" not in str(exc.value) or "'Jan de Vries'" in str(exc.value)


def test_missing_repeated_and_age_columns() -> None:
    with pytest.raises(CaseloadError, match="missing column.*state"):
        read_caseload(csv_bytes([r[:9] + r[10:] for r in rows()], HEADER[:9] + HEADER[10:]))
    with pytest.raises(CaseloadError, match="more than once"):
        read_caseload(csv_bytes([[*r, r[3]] for r in rows()], [*HEADER, "sex"]))
    header = [("birth_year" if c == "age_band" else c) for c in HEADER]
    body = [[("1990" if k == 4 else c) for k, c in enumerate(r)] for r in rows()]
    with pytest.raises(CaseloadError, match="--as-of-year"):
        read_caseload(csv_bytes(body, header))
    caseload, _ = read_caseload(csv_bytes(body, header), as_of_year=2025)
    assert (caseload.age_years == 35).all() and (caseload.age_band == -1).all()


def test_size_limits() -> None:
    with pytest.raises(CaseloadError, match="bytes, at most"):
        read_caseload(b"x" * (fmt.MAX_BYTES + 1))
    many = [[str(1 + i % 9999), "", *GOOD] for i in range(fmt.MAX_ROWS + 1)]
    with pytest.raises(CaseloadError, match="rows, at most"):
        read_caseload(csv_bytes(many))
    refused_at("NUL", 5, _file_with(3, "origin", "\x00"))
    with pytest.raises(CaseloadError, match="UTF-8"):
        read_caseload(b"\xff\xfe" + csv_bytes(rows()))


def test_bad_rows_are_refused_and_named_the_rest_used() -> None:
    body = rows(15)
    body[0][2] = "-3"  # line 2: months_since_permit
    body[3][9] = "working"  # line 5: state
    body[5][3] = ""  # line 7: sex empty
    body[7] = body[7][:5]  # line 9: too few fields
    body[8][0] = "3"  # line 10: local_id of an earlier row
    caseload, report = read_caseload(csv_bytes(body))
    assert report.rows_read == 15 and report.rows_used == len(caseload) == 10
    text = "\n".join(report.lines())
    for column, line in (("months_since_permit", 2), ("state", 5), ("sex", 7), ("-", 9), ("local_id", 10)):
        assert any(k[0] == column and line in v for k, v in report.refused.items()), (column, line, text)
    assert "working" not in text


def test_partner_links_that_do_not_hold_are_reported_rows_kept() -> None:
    body = rows(14)
    for r in body[:8]:
        r[6] = "couple"
    body[0][1], body[1][1] = "2", "1"  # a couple
    body[2][1] = "99"  # no such row
    body[3][1] = "1"  # one-sided
    body[4][1], body[5][1] = "6", "5"
    body[5][6] = "couple_children"  # different household types
    body[12][1] = "13"  # its own partner (a single)
    caseload, report = read_caseload(csv_bytes(body))
    assert len(caseload) == 14
    assert caseload.partner[0] == 1 and caseload.partner[1] == 0
    assert (caseload.partner[2:] == -1).all()
    reasons = " ".join(report.links)
    for word in ("names no row", "does not name this row back", "different household types", "own partner"):
        assert word in reasons, reasons


def _file_with(row: int, column: str, value: str, n: int = 12) -> bytes:
    body = rows(n)
    body[row][HEADER.index(column)] = value
    return csv_bytes(body)


def _allowed(column: str, value: str) -> bool:
    try:
        fmt.COLUMNS[column].parse(value.strip())
    except fmt.BadValue:
        return False
    return True


@settings(max_examples=150, derandomize=True, database=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    row=st.integers(0, 11),
    column=st.sampled_from([c for c in HEADER if c not in ("partner_id", "exam")]),
    value=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=",\n\r\"'#;\t\x00"), max_size=40
    ),
)
def test_generated_bad_cells_are_refused_with_line_and_column(row: int, column: str, value: str) -> None:
    """A cell that is not allowed refuses its row (named) or, if identifying, the whole file (named)."""
    if _allowed(column, value) or (column == "local_id" and value.strip().isdigit()):
        return
    data = _file_with(row, column, value)
    if identifying_value(value.strip()) is not None:
        refused_at(f"'{column}'", row + 2, data)
        return
    caseload, report = read_caseload(data)
    assert len(caseload) == 11
    assert [(c, lines) for (c, _), lines in report.refused.items()] == [(column, [row + 2])]


@settings(max_examples=150, derandomize=True, database=None)
@given(st.binary(max_size=3000) | st.text(max_size=3000).map(str.encode))
def test_arbitrary_bytes_end_in_a_named_refusal_or_a_caseload(data: bytes) -> None:
    try:
        caseload, report = read_caseload(data)
    except CaseloadError as exc:
        assert str(exc).startswith("caseload file")
    else:
        assert len(caseload) >= MIN_ROWS and report.rows_used == len(caseload)


@settings(max_examples=60, derandomize=True, database=None)
@given(
    cut=st.integers(1, 400),
    junk=st.sampled_from(['"', '""', "\x00", ",,,", "\r", "\u2028", ";"]),
)
def test_mangled_good_files_end_in_a_named_refusal_or_a_caseload(cut: int, junk: str) -> None:
    good = csv_bytes(rows(20)).decode()
    data = (good[:cut] + junk + good[cut:]).encode()
    try:
        _, report = read_caseload(data)
    except CaseloadError as exc:
        assert str(exc).startswith("caseload file")
    else:
        assert report.rows_used >= MIN_ROWS
