"""Roles, checked where the writes happen: a viewer cannot import, undo, edit themes, save a case or
empty the workspace even by calling the functions directly; an analyst can do all but empty; roles
come from the admins setting, the workspace's table or a groups claim. In the app, nothing shows
before sign-in, and a viewer's pages offer no write at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import impact, ingest, voices, workspace
from analytics.metrics import Slice
from tests.apptest_support import app_factory, workspace_file  # noqa: F401 (fixture)

FIXTURES = Path(__file__).parent / "fixtures" / "metrics"
AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "test-secret",
        "client_id": "heartbeat", "client_secret": "secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


@pytest.fixture
def con(tmp_path):
    connection = workspace.connect(tmp_path / "ws.duckdb")
    ingest.import_file(connection, FIXTURES / "customers.csv", kind="customers")  # as the local admin
    yield connection
    connection.close()


def test_a_viewer_cannot_write_even_by_calling_the_functions(con):
    before = (workspace.summary(con), len(workspace.audit_trail(con)))
    case = impact.Case("x", impact.Problem("attribute", "segment", "SMB", "SMB"), Slice(), impact.Investment())
    with workspace.acting_as("vi@example.com", "viewer"):
        attempts = [lambda: ingest.import_file(con, FIXTURES / "responses.csv", kind="responses"),
                    lambda: ingest.undo_batch(con, 1),
                    lambda: voices.rename_theme(con, voices.load_taxonomy(con)[0].theme_id, "X", retag=False),
                    lambda: impact.save_case(con, case),
                    lambda: workspace.empty(con),
                    lambda: workspace.set_role(con, "vi@example.com", "admin")]
        for attempt in attempts:
            with pytest.raises(workspace.NotAllowed, match="you are signed in as a viewer"):
                attempt()
    assert (workspace.summary(con), len(workspace.audit_trail(con))) == before


def test_an_analyst_writes_but_does_not_empty(con):
    with workspace.acting_as("an@example.com", "analyst"):
        ingest.import_file(con, FIXTURES / "responses.csv", kind="responses")
        with pytest.raises(workspace.NotAllowed, match="Only an admin can empty"):
            workspace.empty(con)
    assert workspace.audit_trail(con)["user"].iloc[0] == "an@example.com"


def test_where_a_role_comes_from(con):
    assert workspace.role_of(con, "Boss@Example.com", admins=["boss@example.com"]) == "admin"
    assert workspace.role_of(con, "new@example.com") == "viewer"
    assert workspace.role_of(con, "new@example.com", groups=["cx", "eng"],
                             group_roles={"cx": "analyst", "eng": "viewer"}) == "analyst"
    workspace.set_role(con, "New@example.com", "analyst")  # the local user is admin
    assert workspace.role_of(con, "new@example.com") == "analyst"
    assert workspace.audit_trail(con)["action"].iloc[0] == "role"
    with pytest.raises(workspace.NotAllowed):
        with workspace.acting_as("an@example.com", "analyst"):
            workspace.set_role(con, "an@example.com", "admin")


def signed(at, email: str | None, admins=(), groups=None):
    at.secrets["auth"] = AUTH
    at.secrets["heartbeat"] = {"admins": list(admins), "groups": {"cx-analysts": "analyst"}}
    if email is None:
        at.user["is_logged_in"] = False
    else:
        at.user.update({"is_logged_in": True, "email": email, "name": email.split("@")[0],
                        "groups": groups or []})
    return at


def test_nothing_shows_before_sign_in(app_factory):  # noqa: F811
    at = signed(app_factory(), None)
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.metric and not at.get("plotly_chart")


def test_a_viewer_sees_figures_and_no_write(app_factory):  # noqa: F811
    at = signed(app_factory(), "vi@example.com")
    at.run()
    assert not at.exception
    assert any(c.value.startswith("Signed in as **vi@") and c.value.endswith("· viewer") for c in at.sidebar.caption)
    assert at.metric  # the Overview's figures
    assert "Start an empty workspace" not in [b.label for b in at.button]
    at.switch_page("pages/data.py").run()
    assert not at.exception
    assert not at.get("file_uploader") and "Workspace" not in [e.label for e in at.expander]
    assert not [b for b in at.button if b.label == "Undo this batch"]
    at.switch_page("pages/themes.py").run()
    assert not at.tabs and not [b for b in at.button if "Discover" in b.label]


def test_an_analyst_from_a_group_can_import(app_factory):  # noqa: F811
    at = signed(app_factory(), "an@example.com", groups=["cx-analysts"])
    at.run()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    assert any("analyst" in c.value for c in at.sidebar.caption)
    at.get("file_uploader")[0].set_value(("owners.csv", b"Customer ID,Plan\nZ-1,Pro\nZ-2,Starter\n", "text/csv")).run()
    next(b for b in at.button if b.label.startswith("Import")).click().run()
    assert not at.exception
    con = workspace.connect(workspace_file())
    try:
        trail = workspace.audit_trail(con)
        assert trail.loc[trail["action"] == "import", "user"].iloc[0] == "an@example.com"
        # what Heartbeat then did by itself is recorded as its own
        assert set(trail.loc[trail["action"] == "themes discovered", "user"]) <= {"Heartbeat (automatic)"}
    finally:
        con.close()
    # the Workspace panel (empty, restore, roles, audit) is for admins
    assert "Workspace" not in [e.label for e in at.expander]


def test_an_admin_from_the_settings_sees_the_workspace_panel(app_factory):  # noqa: F811
    at = signed(app_factory(), "boss@example.com", admins=["boss@example.com"])
    at.run()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    assert any(e.label == "Workspace" for e in at.expander)
    assert any(b.label == "Empty the workspace" for b in at.button)
