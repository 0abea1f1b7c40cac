"""Real browser: the caseload upload in both languages, twice, a refused file, and what leaves the page.

The synthetic example is uploaded in the tab "Eigen bestand" / "Own caseload"; the forecast
table appears with the file check; a second upload (another file) replaces it; a file with a
BSN column is refused with the column named and the value not shown; the URL never holds
anything of the file; the download holds totals only.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from sim.caseload.columns import template_csv

from .conftest import ROOT
from .test_browser import QUICK, no_errors, open_app

pytestmark = pytest.mark.browser
EXAMPLE = ROOT / "examples" / "caseload" / "synthetic_caseload_SYNTHETIC.csv"
QUICK_EN = QUICK.replace("lang=nl", "lang=en").replace("n0=Basis", "n0=Baseline")
TEXTS = {
    "nl": ("Eigen bestand", "regels gelezen", "Dit bestand is geweigerd", "Download de prognose (alleen totalen, CSV)"),
    "en": ("Own caseload", "rows read", "This file is refused", "Download the forecast (totals only, CSV)"),
}


def _upload(page: Any, name: str, data: bytes) -> None:
    box = page.locator(".st-key-caseload_upload, [data-testid='stFileUploader']").last
    box.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )


def _table_text(page: Any) -> str:
    table = page.locator(".st-key-caseload_table")
    table.wait_for()
    return str(table.inner_text())


def _wait_idle(page: Any) -> None:
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')")
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
    page.wait_for_timeout(500)
    no_errors(page)


def _second_file() -> bytes:
    """The example with its rows reordered and the first 100 left out: another file."""
    lines = EXAMPLE.read_text().splitlines()
    head = [ln for ln in lines if ln.startswith("#")] + [lines[2]]
    return ("\n".join(head + lines[103:][::-1]) + "\n").encode()


@pytest.mark.parametrize(("lang", "start"), [("nl", QUICK), ("en", QUICK_EN)])
def test_caseload_upload_twice_refusal_and_download(page: Any, app_url: str, lang: str, start: str) -> None:
    tab, read, refused, download = TEXTS[lang]
    open_app(page, app_url + "/" + start)
    page.get_by_role("tab", name=tab, exact=True).click()
    _wait_idle(page)
    _upload(page, "gemeente_caseload.csv", EXAMPLE.read_bytes())
    page.locator(".st-key-caseload_report").get_by_text(read, exact=False).wait_for()
    first = _table_text(page)
    assert "+12" in first and "%" in first
    report = page.locator(".st-key-caseload_report").inner_text()
    people = len([ln for ln in EXAMPLE.read_text().splitlines() if ln and not ln.startswith("#")]) - 1
    assert f"{people} " in report
    _wait_idle(page)
    _upload(page, "tweede.csv", _second_file())
    page.locator(".st-key-caseload_report").get_by_text(f"{people - 100} ", exact=False).wait_for()
    page.wait_for_function(
        "old => { const e = document.querySelector('.st-key-caseload_table'); return e && e.innerText !== old; }",
        arg=first,
    )
    _wait_idle(page)
    second = _table_text(page)
    assert second != first and "+24" in second
    with page.expect_download() as info:
        page.get_by_role("button", name=download, exact=True).click()
    got = pd.read_csv(info.value.path())
    assert list(got.columns) == ["month", "metric", "mean", "p05", "p95", "people", "scenario"]
    assert (got["people"] >= 10).all()
    bsn = template_csv().replace("bijstand", "bijstand,bsn").replace("yes\n", "yes,111222333\n")
    _upload(page, "fout.csv", bsn.encode())
    msg = page.get_by_text(refused, exact=False).first
    msg.wait_for()
    assert "'bsn'" in msg.inner_text() and "111222333" not in msg.inner_text()
    for text in ("gemeente_caseload", "tweede", "111222333", "syria", "local_id"):
        assert text not in page.url
    no_errors(page)
