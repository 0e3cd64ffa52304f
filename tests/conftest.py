"""Fixtures shared by the tests: the demo workspace built once per session, fresh and copied
workspaces, the real data sets when present, a PostgreSQL server, and the hypothesis profile."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from hypothesis import settings

from analytics import voices, workspace as workspace_module
from analytics.demo import load_demo

# CI explores the same examples every run, so a red build can be replayed; locally they vary.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def workspace(tmp_path):
    """A connection to a new, empty workspace file in tmp_path."""
    con = workspace_module.connect(tmp_path / "ws.duckdb")
    yield con
    con.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The demo workspace (seed 7), imported and enriched once per test session. Never written
    after this: read it through `demo`, or write to a `demo_copy`."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    con = workspace_module.connect(path)
    load_demo(con)
    voices.enrich(con)
    con.execute("CHECKPOINT")
    con.close()
    return path


@pytest.fixture(scope="session")
def demo(demo_file):
    """A read-only connection to the session's demo workspace."""
    con = workspace_module.connect(demo_file, read_only=True)
    yield con
    con.close()


@pytest.fixture
def demo_copy(demo_file, tmp_path) -> Path:
    """A private, writable copy of the demo workspace file (for a test that imports, edits or runs
    the app or the command line on it)."""
    target = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_file, target)
    return target


@pytest.fixture(scope="module")
def demo_module_copy(demo_file, tmp_path_factory) -> Path:
    """A writable copy of the demo shared by one test module (its tests build on each other's writes)."""
    target = tmp_path_factory.mktemp("demo-copy") / "demo.duckdb"
    shutil.copyfile(demo_file, target)
    return target


@pytest.fixture
def shared_data() -> Path:
    """The shared real data sets (../shared/data from the repo root); skips when absent."""
    folder = (REPO_ROOT / ".." / "shared" / "data").resolve()
    if not folder.is_dir():
        pytest.skip(f"shared data sets not found at {folder}")
    return folder


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a PostgreSQL server for the engine tests: $HEARTBEAT_TEST_POSTGRES (.ci/run starts
    one), else a throwaway one started here with .ci/postgres; skips only where PostgreSQL is not
    installed."""
    if os.environ.get("HEARTBEAT_TEST_POSTGRES"):
        yield os.environ["HEARTBEAT_TEST_POSTGRES"]
        return
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    started = subprocess.run([str(REPO_ROOT / ".ci" / "postgres"), "start"], capture_output=True, text=True, check=True)
    found = dict(word.split("=", 1) for word in started.stdout.split() if "=" in word)
    try:
        yield found["HEARTBEAT_TEST_POSTGRES"]
    finally:
        subprocess.run([str(REPO_ROOT / ".ci" / "postgres"), "stop", found["HEARTBEAT_TEST_POSTGRES_DIR"]], check=False)


@pytest.fixture(scope="module")
def postgres_database(postgres_server):
    """new(): the URL of a new, empty database on the test server (dropped after the module)."""
    import psycopg

    made = []

    def new() -> str:
        name = f"heartbeat_{os.getpid()}_{len(made)}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(postgres_server, autocommit=True) as pg:
            pg.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return postgres_server.rsplit("/", 1)[0] + "/" + name

    yield new
    with psycopg.connect(postgres_server, autocommit=True) as pg:
        for name in made:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
