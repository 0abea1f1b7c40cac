"""Ten advisors at once: how long a slider move takes to settle on a real Streamlit server.

Not a test; run it by hand and copy the figures into ``docs/performance.md``::

    .venv/bin/python tools/app_sessions.py [--sessions 10] [--port 8613] [--url http://host:port]

It starts ``streamlit run app.py`` (headless, on ``--port``; or uses a running server at
``--url``), then opens ``--sessions`` websocket sessions speaking Streamlit's own protocol
(the protobuf messages a browser sends and receives), without browsers, so the machine's
CPUs go to the server alone. All sessions open the default page at the same moment; when
every page has settled, each moves the dedicated-FTE slider to its own new value at the same
moment (``--sessions`` new scenarios to simulate, 20 replications each). Before the
measurement one session opens the page and moves the slider (imports, compiled kernels, the
server's process pool), and the script waits until the pool is up and idle. The measurement
is made ``--rounds`` times on the same server (new sessions, new slider values each round:
the figures vary by a few tenths of a second from round to round on a 2-core machine), then
summarised over all rounds.

*Settled on the server*: from sending the message to the server's ``script_finished``
(finished successfully) of the last script run it starts for that message; a run that ends
early for a rerun (the page's quick first view) does not count as settled. The time a
browser would need to draw the page is not included. Also printed: the server process's CPU
seconds during each phase (in all, and of the server process alone: the rest is its pool of
simulation processes) and the load average.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.typing import Subprotocol

ROOT = Path(__file__).resolve().parents[1]
SLIDER_KEY = "guidance.dedicated_fte_per_100_inflow"
SUCCESS = 0  # ScriptFinishedStatus.FINISHED_SUCCESSFULLY
TIMEOUT_S = 600.0


class Session:
    """One browser-less Streamlit session: a websocket and what the page showed."""

    def __init__(self, ws: websockets.ClientConnection) -> None:
        self.ws = ws
        self.slider: tuple[str, float, float, float] | None = None  # the FTE slider's id, value, max, step
        self.errors: list[str] = []  # exceptions the page showed

    async def rerun(self, widgets: list[WidgetState]) -> float:
        """Send a rerun with these widget states; seconds until the page settles."""
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.widget_states.widgets.extend(widgets)
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        await asyncio.wait_for(self._settle(), TIMEOUT_S)
        return time.perf_counter() - start

    async def _settle(self) -> None:
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await self.ws.recv())
            kind = fwd.WhichOneof("type")
            if kind == "delta":
                self._note(fwd)
            elif kind == "script_finished" and fwd.script_finished == SUCCESS:
                return

    def _note(self, fwd: ForwardMsg) -> None:
        el = fwd.delta.new_element
        kind = el.WhichOneof("type")
        if kind == "slider" and SLIDER_KEY in el.slider.id:
            value = el.slider.value[0] if el.slider.value else el.slider.default[0]
            self.slider = (el.slider.id, value, el.slider.max, el.slider.step)
        elif kind == "exception":
            self.errors.append(el.exception.message)

    def moved(self, k: int) -> WidgetState:
        """The slider moved ``k + 1`` steps up from where the page shows it (a value no run used yet)."""
        if self.slider is None:
            raise RuntimeError(f"the page showed no slider with key {SLIDER_KEY!r}")
        sid, value, top, step = self.slider
        ws = WidgetState(id=sid)
        ws.double_array_value.data.append(min(value + step * (k + 1), top))
        return ws


async def measure(url: str, sessions: int, server: psutil.Process | None, first: int) -> dict[str, list[float]]:
    """Open the page in every session at once, then move each one's slider at once.

    Session ``i`` moves the slider ``first + i + 1`` steps up (:meth:`Session.moved`).
    """
    ws_url = url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
    protocols = [Subprotocol("streamlit")]
    conns = [await websockets.connect(ws_url, max_size=None, subprotocols=protocols) for _ in range(sessions)]
    try:
        ss = [Session(c) for c in conns]
        out: dict[str, list[float]] = {}
        cpu, own = _cpu(server), _cpu(server, children=False)
        out["open"] = list(await asyncio.gather(*(s.rerun([]) for s in ss)))
        out["open_server_cpu_s"] = [_cpu(server) - cpu, _cpu(server, children=False) - own]
        cpu, own = _cpu(server), _cpu(server, children=False)
        moves = [s.rerun([s.moved(first + i)]) for i, s in enumerate(ss)]
        out["move"] = list(await asyncio.gather(*moves))
        out["move_server_cpu_s"] = [_cpu(server) - cpu, _cpu(server, children=False) - own]
        errors = [e for s in ss for e in s.errors]
        if errors:
            raise RuntimeError(f"{len(errors)} exceptions on the page, the first: {errors[0]}")
        return out
    finally:
        for c in conns:
            await c.close()


def _cpu(proc: psutil.Process | None, children: bool = True) -> float:
    """CPU seconds of the server and (``children``) its children: the engine's local process pool."""
    if proc is None:
        return float("nan")
    procs = [proc, *(proc.children(recursive=True) if children else [])]
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def wait_for_quiet_pool(server: psutil.Process | None, workers: int = 2, timeout_s: float = 120.0) -> None:
    """Wait until the server's process pool is up (a forkserver and ``workers`` workers) and idle.

    The first visitor starts the pool in the background (``webapp.runs.run_queue``); until it
    is warm the server runs everything in its own process. Measuring then would time that
    start, not a server that has been up a few seconds, so the measurement waits for it.
    """
    if server is None:
        return
    deadline, before = time.monotonic() + timeout_s, -1.0
    while time.monotonic() < deadline:
        children, now = len(server.children(recursive=True)), _cpu(server)
        if children >= workers + 1 and now - before < 0.02:
            return
        before = now
        time.sleep(0.5)
    print(f"warning: the server's pool was not up and idle within {timeout_s:.0f} s; measuring anyway")


def start_server(port: int) -> subprocess.Popen[bytes]:
    """``streamlit run app.py`` headless on ``port``, once it answers its health check."""
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    cmd += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).read()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"streamlit did not start on port {port}")


def summary(sessions: int, rounds: list[dict[str, list[float]]]) -> None:
    """Print the slider moves of every round together: their median, the rounds' maxima, the share within 1.5 s."""
    moves = [t for fig in rounds for t in fig["move"]]
    worst = [max(fig["move"]) for fig in rounds]
    within = sum(t <= 1.5 for t in moves)
    print(
        f"{len(rounds)} rounds of {sessions} sessions moving the slider at once: "
        f"median {statistics.median(moves):.2f} s, "
        f"max per round {', '.join(f'{w:.2f}' for w in worst)} s (median {statistics.median(worst):.2f} s); "
        f"{within} of {len(moves)} moves settled within 1.5 s"
    )


def report(sessions: int, fig: dict[str, list[float]]) -> None:
    """Print the medians and maxima of each phase."""
    for phase, label in (("open", "open the page"), ("move", "move the slider")):
        t = fig[phase]
        print(
            f"{sessions} sessions at once, {label}: settled after median {statistics.median(t):.2f} s, "
            f"max {max(t):.2f} s (server CPU {fig[phase + '_server_cpu_s'][0]:.1f} s, "
            f"of which the server process {fig[phase + '_server_cpu_s'][1]:.1f} s, its process pool the rest)"
        )
    print(f"load average (1, 5, 15 min): {os.getloadavg()}")


def main() -> int:
    """Start a server (or use ``--url``), measure, print; 0 on success."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--port", type=int, default=8613, help="port of the server this script starts")
    ap.add_argument("--url", help="use a running server instead (e.g. http://127.0.0.1:8501)")
    ap.add_argument("--rounds", type=int, default=3, help="measurements on the same server, each with new values")
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()}")
    proc = None if args.url else start_server(args.port)
    try:
        url = args.url or f"http://127.0.0.1:{args.port}"
        server = psutil.Process(proc.pid) if proc else None
        asyncio.run(measure(url, 1, server, 0))  # warm-up (imports, kernels, the pool), its own value
        rounds = []
        for j in range(args.rounds):
            wait_for_quiet_pool(server)
            rounds.append(asyncio.run(measure(url, args.sessions, server, 1 + j * args.sessions)))
            print(f"round {j + 1}:")
            report(args.sessions, rounds[-1])
        summary(args.sessions, rounds)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
