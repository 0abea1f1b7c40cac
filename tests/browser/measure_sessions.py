"""Measure the app in a real browser: slider redraw time and 10 concurrent sessions.

Not a test (it takes a minute or two); run it by hand and copy the figures into
``docs/app_performance.md``::

    .venv/bin/python -m tests.browser.measure_sessions [--sessions 10] [--url http://127.0.0.1:8501]

Without ``--url`` it starts ``streamlit run app.py`` on a free local port. Every session is
its own browser context (its own Streamlit session) on the default page: the default
municipality (150 a year, 120 months), baseline plus one scenario, 20 replications. Each
concurrent session moves the slider by a different amount (its own new scenario to simulate);
with ``--own-seeds`` each also opens with its own seed (worst case: nothing shared in the cache).
It also reports the CPU seconds the app server (with its worker processes) and the browser
used during the concurrent phase: both run on this machine's CPUs.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from typing import Any

import psutil

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, _free_port, _wait_healthy

SUMMARY = ".st-key-summary"


async def _ready(page: Any) -> None:
    await page.locator(SUMMARY).wait_for(timeout=600_000)
    await page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=600_000)


async def _summary(page: Any) -> str:
    return str(await page.locator(SUMMARY).inner_text())


async def _move(page: Any, presses: int = 1) -> tuple[float, float]:
    """Press ArrowRight on the dedicated-FTE slider.

    Returns:
        Seconds until the summary first changed (quick view), and until all replications are in.
    """
    before = await _summary(page)
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"]').filter(has_text="(fte)").first
    thumb = box.locator('input[type="range"]')
    start = time.perf_counter()
    await thumb.focus()
    for _ in range(presses):
        await thumb.press("ArrowRight")
    await page.wait_for_function(
        "old => { const e = document.querySelector('.st-key-summary'); return e && e.innerText !== old; }",
        arg=before,
        timeout=600_000,
    )
    first = time.perf_counter() - start
    await _ready(page)
    await page.locator(".st-key-refining").wait_for(state="detached", timeout=600_000)
    return first, time.perf_counter() - start


def _url(base: str, seed: int) -> str:
    """The default comparison with its own seed (so no session reuses another's cached runs)."""
    return f"{base}?seed={seed}&s0=baseline&n0=Basis&s1=funding_ends&n1=Rijksgeld+stopt&edit=1"


def _cpu_seconds(server_pid: int | None) -> tuple[float, float]:
    """CPU seconds so far of the server's process tree and of the other children (the browser)."""
    server: set[int] = set()
    if server_pid is not None:
        root = psutil.Process(server_pid)
        server = {root.pid} | {c.pid for c in root.children(recursive=True)}
    app = browser = 0.0
    for p in psutil.Process().children(recursive=True):
        try:
            t = p.cpu_times()
        except psutil.Error:
            continue
        spent = t.user + t.system + t.children_user + t.children_system
        if p.pid in server:
            app += spent
        else:
            browser += spent
    return app, browser


async def _context(browser: Any) -> Any:
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.set_default_timeout(600_000)  # ten sessions on two CPUs: 30 s is not enough
    return ctx


async def _session(browser: Any, url: str, presses: int) -> tuple[float, tuple[float, float]]:
    ctx = await _context(browser)
    page = await ctx.new_page()
    start = time.perf_counter()
    await page.goto(url)
    await _ready(page)
    load = time.perf_counter() - start
    move = await _move(page, presses)
    await ctx.close()
    return load, move


async def measure(url: str, sessions: int, own_seeds: bool, server_pid: int | None = None) -> dict[str, Any]:
    """Single-session redraw times, then ``sessions`` sessions at once (load + own slider move)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        ctx = await _context(browser)
        page = await ctx.new_page()
        t0 = time.perf_counter()
        await page.goto(url)
        await _ready(page)
        cold = time.perf_counter() - t0
        single = [await _move(page) for _ in range(5)]
        print("single session:", cold, single, flush=True)
        await ctx.close()
        cpu0 = _cpu_seconds(server_pid)
        t0 = time.perf_counter()
        urls = [_url(url, 1000 + i) if own_seeds else url for i in range(sessions)]
        got = await asyncio.gather(*(_session(browser, u, 1 if own_seeds else 1 + i) for i, u in enumerate(urls)))
        wall = time.perf_counter() - t0
        cpu1 = _cpu_seconds(server_pid)
        await browser.close()
    loads, quick, full = [g[0] for g in got], [g[1][0] for g in got], [g[1][1] for g in got]
    return {
        "cold_first_load_s": cold,
        "single_session_slider_redraw_s": single,
        "sessions": sessions,
        "concurrent_load_s_median_max": (statistics.median(loads), max(loads)),
        "concurrent_slider_quick_view_s_median_max": (statistics.median(quick), max(quick)),
        "concurrent_slider_all_reps_s_median_max": (statistics.median(full), max(full)),
        "concurrent_wall_s": wall,
        "concurrent_cpu_s_app_server": cpu1[0] - cpu0[0],
        "concurrent_cpu_s_browser": cpu1[1] - cpu0[1],
        "load_average": psutil.getloadavg(),
    }


def main() -> None:
    """Start the app if needed, measure, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--url", default="")
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--own-seeds", action="store_true", help="each session its own seed (no shared cache)")
    args = ap.parse_args()
    proc = None
    url = args.url
    if not url:
        port = _free_port()
        cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port"]
        cmd += [str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, proc)
    try:
        for key, value in asyncio.run(
            measure(url + "/", args.sessions, args.own_seeds, proc.pid if proc else None)
        ).items():
            print(f"{key}: {value}")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
