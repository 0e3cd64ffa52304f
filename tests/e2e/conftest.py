"""Run `streamlit run app.py` on a free port and drive it with Playwright in Debian's Chromium.

Tests wait for the exact condition they check (a heading shown, a value changed, a button
appeared), never for a fixed idle time; `settled` adds the app's own signal that its script run
has finished (the `data-test-script-state` attribute of the app root). Timeouts are hang guards
for a busy machine, not speed checks.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

GUARD_MS = 300_000  # a busy 2-core machine may take minutes for a first page; never a speed check
expect.set_options(timeout=GUARD_MS)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "e2e" / "artifacts"
CHROMIUM = os.environ.get("HEARTBEAT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SETTLED = ("() => { const app = document.querySelector('[data-testid=\"stApp\"]');"
           " return app !== null && app.getAttribute('data-test-script-state') === 'notRunning'"
           " && app.getAttribute('data-test-connection-state') === 'CONNECTED'"
           " && !document.querySelector('[data-testid^=\"stSkeleton\"], [data-testid=\"stAppSkeleton\"]'); }")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Server:
    """`streamlit run app.py` on 127.0.0.1 and a free port, on the given workspace file (and the
    environment `env` adds, such as $HEARTBEAT_ENGINE)."""

    def __init__(self, workspace: Path, port: int | None = None, args: tuple[str, ...] = (),
                 env: dict[str, str] | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workspace.with_suffix(".log")
        env = {**os.environ, "HEARTBEAT_WORKSPACE": str(workspace), **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", *args],
            cwd=ROOT, env=env, stdout=open(self.log, "w"), stderr=subprocess.STDOUT)
        self._wait_healthy()

    def _wait_healthy(self, timeout: float = GUARD_MS / 1000) -> None:
        deadline = time.monotonic() + timeout  # a hang guard: the poll ends as soon as it answers
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not start:\n{self.log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@contextmanager
def running_on(path: Path) -> Iterator[Server]:
    """The app on the workspace file at `path` for the duration of the block."""
    running = Server(path)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def server(tmp_path, demo_file):
    """The app on a private copy of the session's demo workspace."""
    workspace = tmp_path / "workspace.duckdb"
    shutil.copyfile(demo_file, workspace)
    running = Server(workspace)
    yield running
    running.stop()


@pytest.fixture
def fresh_server(tmp_path):
    """The app on a brand-new workspace: the first visit builds and enriches the demo."""
    running = Server(tmp_path / "workspace.duckdb")
    yield running
    running.stop()


def _tab(browser, request, running: Server):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(GUARD_MS)
    yield tab
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}-failure.png"), full_page=True)
        print(running.log.read_text()[-5000:])
    context.close()


@pytest.fixture
def page(browser, server, request):
    yield from _tab(browser, request, server)


@pytest.fixture
def fresh_page(browser, fresh_server, request):
    yield from _tab(browser, request, fresh_server)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def settled(tab) -> None:
    """Wait until the app's current script run has finished and its page is drawn: its root says
    'notRunning', it is connected, and no element is still a loading placeholder (skeleton). Call
    it after waiting for the condition an action must bring about: right after a click the
    previous run's 'notRunning' may still be showing."""
    tab.wait_for_function(SETTLED, timeout=GUARD_MS)


def open_app(tab, url: str, heading: str) -> None:
    """Go to `url` and wait until the page `heading` is shown and its run has finished."""
    tab.goto(url)
    expect(tab.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    settled(tab)


def screenshot(tab, name: str) -> Path:
    """Save a full-page screenshot under tests/e2e/artifacts (git-ignored) and return its path."""
    settled(tab)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path
