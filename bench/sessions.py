"""bench.sessions — page latency of 20 concurrent sessions, idle and while an upload is imported and
enriched, on one Heartbeat server on 127.0.0.1.

```
python -m bench.sessions [--sessions 20] [--rows 100000] [--idle-seconds 60]
```

1. Builds the demo workspace (cached in bench/out/workspaces/sessions_demo.duckdb, enriched) and
   a survey export of `--rows` rows with the import benchmark's generator (bench/out/data/).
2. Starts `streamlit run app.py` on a copy of the workspace.
3. Opens `--sessions` Streamlit sessions over the app's own websocket protocol (no browser: what
   is measured is the server) and has each one load the pages Overview, Churn, Satisfaction,
   Voices and Drivers in turn, timing each from the request to the end of the page's run.
4. Idle phase: `--idle-seconds` of that. Busy phase: the same sessions keep loading pages while
   one more session, a headless Chromium, uploads the export on the Data page and imports it; the
   phase ends when the server's enrichment of the new voices is done (its "being updated" note
   is gone), timed from the click on Import.
5. Prints p50 and p95 of both phases, their ratio (target: busy p95 ≤ 1.5 × idle p95), the page
   loads counted, the load average, and writes bench/out/sessions.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analytics import voices, workspace  # noqa: E402
from analytics.demo import load_demo  # noqa: E402
from bench.generate import survey_frame  # noqa: E402

PAGES = ["", "churn", "satisfaction", "voices", "drivers"]
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY}


def demo_workspace(out: Path) -> Path:
    path = out / "workspaces" / "sessions_demo.duckdb"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        con = workspace.connect(path)
        load_demo(con)
        voices.enrich(con)
        con.execute("CHECKPOINT")
        con.close()
    return path


def survey_file(out: Path, rows: int) -> Path:
    path = out / "data" / f"sessions_survey_{rows}.csv"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        survey_frame(rows, customers=5000, seed=11).to_csv(path, index=False)
    return path


async def _load(socket, page: str) -> float:
    """Ask for one page and wait for the end of its run; seconds taken."""
    message = BackMsg()
    message.rerun_script.query_string = ""
    message.rerun_script.page_name = page
    started = time.perf_counter()
    await socket.send(message.SerializeToString())
    while True:
        answer = ForwardMsg()
        answer.ParseFromString(await socket.recv())
        if answer.WhichOneof("type") == "script_finished" and answer.script_finished in FINISHED:
            return time.perf_counter() - started


async def _session(url: str, index: int, stop: asyncio.Event, samples: list, phase: list) -> None:
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=60) as socket:
        turn = index  # sessions start on different pages
        while not stop.is_set():
            page = PAGES[turn % len(PAGES)]
            started = time.monotonic()
            took = await _load(socket, page)
            samples.append((phase[0], page or "overview", took, started))
            turn += 1


async def _drive(url: str, sessions: int, idle_seconds: float, import_done: threading.Event,
                 busy_started: threading.Event, samples: list) -> None:
    stop, phase = asyncio.Event(), ["warm"]
    tasks = [asyncio.create_task(_session(url, i, stop, samples, phase)) for i in range(sessions)]
    await asyncio.sleep(15)  # every session has loaded each page once (caches warm)
    phase[0] = "idle"
    await asyncio.sleep(idle_seconds)
    phase[0] = "waiting"
    busy_started.set()  # the importer may start
    while not import_done.is_set():
        await asyncio.sleep(0.2)
        if phase[0] == "waiting" and getattr(import_done, "clicked", False):
            phase[0] = "busy"
    stop.set()
    await asyncio.gather(*tasks)


def _import(server_url: str, survey: Path, busy_started: threading.Event, import_done: threading.Event,
            timings: dict) -> None:
    from playwright.sync_api import expect, sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, open_app, settled
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tab = browser.new_page(viewport={"width": 1440, "height": 1000})
            tab.set_default_timeout(600_000)
            open_app(tab, f"{server_url}/data", "Data")
            busy_started.wait()
            tab.locator("input[type=file]").set_input_files(str(survey))
            expect(tab.get_by_text("This file holds")).to_be_visible()
            settled(tab)
            import_done.clicked = True
            started = time.perf_counter()
            timings["clicked_at"] = time.monotonic()
            tab.get_by_role("button", name="Import 1 file").click()
            expect(tab.get_by_text("imported as batch", exact=False)).to_be_visible()
            timings["import_seconds"] = time.perf_counter() - started
            timings["imported_at"] = time.monotonic()
            note = tab.get_by_text("Sentiment and themes are being updated", exact=False)
            note.wait_for(state="detached")
            timings["import_and_enrichment_seconds"] = time.perf_counter() - started
            browser.close()
    finally:
        import_done.set()


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sessions", description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--idle-seconds", type=float, default=60)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args(argv)

    from tests.e2e.conftest import Server
    survey = survey_file(args.out, args.rows)
    copy = args.out / "workspaces" / "sessions_run.duckdb"
    shutil.copyfile(demo_workspace(args.out), copy)
    server = Server(copy)
    samples, timings = [], {}
    busy_started, import_done = threading.Event(), threading.Event()
    importer = threading.Thread(target=_import, args=(server.url, survey, busy_started, import_done, timings))
    importer.start()
    try:
        url = server.url.replace("http://", "ws://") + "/_stcore/stream"
        asyncio.run(_drive(url, args.sessions, args.idle_seconds, import_done, busy_started, samples))
        importer.join()
    finally:
        server.stop()
    idle = [t for phase, _, t, _ in samples if phase == "idle"]
    busy = [t for phase, _, t, _ in samples if phase == "busy"]
    imported_at = timings.pop("imported_at", float("inf"))
    timings.pop("clicked_at", None)
    during_import = [t for phase, _, t, at in samples if phase == "busy" and at < imported_at]
    during_enrichment = [t for phase, _, t, at in samples if phase == "busy" and at >= imported_at]
    if not idle or not busy:
        print("FAILED: no page loads measured in a phase", file=sys.stderr)
        return 1
    result = {
        "sessions": args.sessions, "rows_imported": args.rows, "load_average": os.getloadavg(),
        "idle": {"loads": len(idle), "p50": _p(idle, 50), "p95": _p(idle, 95)},
        "busy": {"loads": len(busy), "p50": _p(busy, 50), "p95": _p(busy, 95)},
        "busy_by_part": {name: {"loads": len(part), "p95": _p(part, 95) if part else None}
                         for name, part in (("import", during_import), ("enrichment", during_enrichment))},
        **timings,
    }
    result["p95_ratio"] = result["busy"]["p95"] / result["idle"]["p95"]
    (args.out / "sessions.json").write_text(json.dumps(result, indent=2))
    print(f"{args.sessions} sessions, {args.rows:,}-row import; load average {result['load_average'][0]:.2f}")
    for phase in ("idle", "busy"):
        row = result[phase]
        print(f"  {phase:5}: {row['loads']:5,} page loads · p50 {row['p50']:.2f} s · p95 {row['p95']:.2f} s")
    for name, part in result["busy_by_part"].items():
        if part["loads"]:
            print(f"    page loads started during the {name}: {part['loads']:,} · p95 {part['p95']:.2f} s")
    print(f"  busy p95 / idle p95: {result['p95_ratio']:.2f}× (target ≤ 1.5×)")
    print(f"  import {timings.get('import_seconds', float('nan')):.1f} s; import + enrichment "
          f"{timings.get('import_and_enrichment_seconds', float('nan')):.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
