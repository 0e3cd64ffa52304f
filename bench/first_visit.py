"""bench.first_visit — a first-time user's wait: from opening the app on a brand-new workspace until
the Overview shows its figures (the app builds the demo on that visit), against the same visit to a
server whose workspace already holds the demo (nothing to build: the page's own floor).

```
python -m bench.first_visit [--repeat 3] [--imported 2000000]
```

With `--imported ROWS` it times instead the first visit to a freshly imported workspace of that
size (bench.queries' cached workspace with its sentiment and themes dropped, as right after the
import: the background enrichment starts on that visit and the Overview must not wait for it;
issue 15's target is under 20 s at 2M), against the same visit once it is enriched.

Each run starts `streamlit run app.py` on a new workspace file (the server's start is not timed:
it is ready before the browser opens), opens the URL in headless Chromium and stops the clock when
the Overview's figure tiles are drawn and its script run has finished. The baseline runs alternate
with the first visits, each on a fresh server over a copy of a demo workspace built beforehand.
Prints the medians, every run and the ratio, with the load average; issue 15's target is under
8 s for the first visit.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, GUARD_MS, Server, settled  # noqa: E402

TARGET_S = 8.0
TILES = "[data-testid='stMetric']"


def visit(browser, workspace: Path) -> float:
    """Seconds from opening the app until the Overview's tiles are drawn and its run is done."""
    server = Server(workspace)
    try:
        tab = browser.new_page()
        started = time.perf_counter()
        tab.goto(server.url)
        tab.get_by_role("heading", name="Overview", exact=True).wait_for(timeout=GUARD_MS)
        tab.locator(TILES).first.wait_for(timeout=GUARD_MS)
        settled(tab)
        seconds = time.perf_counter() - started
        if tab.locator(TILES).count() < 4:
            raise RuntimeError("the Overview drew fewer than 4 figures")
        tab.close()
        return seconds
    finally:
        server.stop()


def _imported(built: Path, target: Path) -> Path:
    """A copy of `built` as right after its import: no voice enriched yet."""
    from analytics import workspace
    from bench.queries.cached import reset_enrichment

    shutil.copyfile(built, target)
    con = workspace.connect(target)
    reset_enrichment(con)
    con.execute("CHECKPOINT")
    con.close()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.first_visit", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--imported", type=int, default=None, metavar="ROWS",
                        help="time a freshly imported bench.queries workspace of ROWS survey rows instead")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    if args.imported:
        from bench.queries.cached import ensure_workspace

        built, _ = ensure_workspace(ROOT / "bench" / "out", args.imported, args.imported // 10, 7)
        what, target = f"first visit, {args.imported:,} rows just imported", 20.0
    else:
        from bench.sessions import demo_workspace

        built = demo_workspace(ROOT / "bench" / "out")
        what, target = "first visit to a new workspace (builds the demo)", TARGET_S
    load_start = [round(x, 2) for x in os.getloadavg()]
    first, again = [], []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for attempt in range(args.repeat):
            new = Path(folder) / f"new_{attempt}.duckdb"
            if args.imported:
                _imported(built, new)
            first.append(visit(browser, new))
            copy = Path(folder) / f"built_{attempt}.duckdb"
            shutil.copyfile(built, copy)
            again.append(visit(browser, copy))
            print(f"  run {attempt + 1}/{args.repeat}: first visit {first[-1]:.2f} s, "
                  f"demo already built {again[-1]:.2f} s", flush=True)
        browser.close()
    hb, base = statistics.median(first), statistics.median(again)
    print(f"\nload average (1, 5, 15 min) at start {load_start}, at end {[round(x, 2) for x in os.getloadavg()]}")
    print(f"{what:<50} median {hb:6.2f} s  runs {[round(t, 2) for t in first]}")
    print(f"{'same visit, nothing left to build (baseline)':<50} median {base:6.2f} s  runs {[round(t, 2) for t in again]}")
    print(f"ratio {hb / base:.2f}×   target < {target:.0f} s   {'OK' if hb < target else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
