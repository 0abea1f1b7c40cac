"""What identifies a person: column names and cell values that refuse a whole caseload file.

A caseload file must be anonymised before it is read. A column whose name says it holds a
name, a citizen service number (BSN), an address, a postcode, a date of birth, contact details
or free text refuses the file, and so does any cell that looks like one of those, in any
column: a number of 7 or more digits (a BSN has 9 and passes the elfproef, :func:`elfproef`),
a date, a Dutch postcode, an e-mail address, or text longer than :data:`MAX_CELL` characters.
Messages name the line and the column, never the value.
"""

from __future__ import annotations

import re

MAX_CELL = 32  # characters: longer cells are free text
# Fragments of column names that identify a person (Dutch and English), after lowercasing and
# removing spaces, underscores and dashes.
IDENTIFYING_NAMES = {
    "name": "a name",
    "naam": "a name",
    "bsn": "a citizen service number (BSN)",
    "burgerservice": "a citizen service number (BSN)",
    "sofi": "a citizen service number (BSN)",
    "persoonsnummer": "a person number",
    "personnumber": "a person number",
    "clientnummer": "a client number",
    "clientnumber": "a client number",
    "vnummer": "a foreign nationals number (V-nummer)",
    "address": "an address",
    "adres": "an address",
    "street": "an address",
    "straat": "an address",
    "huisnummer": "an address",
    "postcode": "a postcode",
    "zip": "a postcode",
    "postal": "a postcode",
    "birthdate": "an exact date of birth",
    "dateofbirth": "an exact date of birth",
    "geboortedatum": "an exact date of birth",
    "dob": "an exact date of birth",
    "email": "contact details",
    "mail": "contact details",
    "phone": "contact details",
    "telefoon": "contact details",
    "mobiel": "contact details",
    "iban": "a bank account",
    "comment": "free text",
    "opmerking": "free text",
    "notitie": "free text",
    "note": "free text",
    "toelichting": "free text",
    "description": "free text",
    "omschrijving": "free text",
}
_DIGITS = re.compile(r"\d[\d .\-]{5,}\d")
_DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
_POSTCODE = re.compile(r"\b\d{4}\s?[a-zA-Z]{2}\b")
_EMAIL = re.compile(r"\S@\S")


def identifying_name(column: str) -> str | None:
    """What a column name says it identifies (e.g. ``"a name"``), or None.

    The name is compared without case, spaces, underscores and dashes, so ``Birth date`` and
    ``geboorte_datum`` are both caught.
    """
    key = re.sub(r"[\s_\-.]", "", column.lower())
    for fragment, what in IDENTIFYING_NAMES.items():
        if fragment in key:
            return what
    return None


def elfproef(digits: str) -> bool:
    """Whether 9 digits pass the BSN eleven test (weights 9..2 and -1, sum divisible by 11)."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0 and digits != "000000000"


def identifying_value(cell: str) -> str | None:
    """What a cell's value looks like if it could identify a person (e.g. ``"a BSN"``), or None."""
    if _DATE.search(cell):
        return "a date (an exact date of birth?)"
    found = _DIGITS.search(cell)
    if found:
        digits = re.sub(r"\D", "", found.group())
        if len(digits) >= 7:
            if len(digits) == 9 and elfproef(digits):
                return "a 9-digit number that passes the elfproef (a BSN)"
            return f"a number of {len(digits)} digits (a person number?)"
    if _POSTCODE.search(cell):
        return "a postcode"
    if _EMAIL.search(cell):
        return "an e-mail address"
    if len(cell) > MAX_CELL:
        return f"free text (over {MAX_CELL} characters)"
    return None


def shown_name(column: str, number: int) -> str:
    """How a column is named in a message: its name if it is a plain short word, else its number.

    A file without a header line would make the first person's values the column names; those
    are never repeated.
    """
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_ \-]{0,31}", column) and identifying_value(column) is None:
        return f"'{column}'"
    return f"number {number} (name not shown)"
