"""Sign-in against a real OpenID Connect flow: a mock provider (oidc-provider-mock, from PyPI) on
127.0.0.1, Heartbeat configured for it through a secrets file. Signed out, nothing but the sign-in
shows; a viewer explores but has no upload; an analyst (by the provider's groups claim) imports;
every step lands in the audit trail under the person who did it."""

from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from analytics import workspace
from tests.e2e.conftest import Server, _tab, free_port, settled

provider_mock = pytest.importorskip("oidc_provider_mock")


@pytest.fixture
def provider():
    with provider_mock.run_server_in_thread(port=free_port()) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def signed_server(tmp_path, demo_file, provider):
    import shutil

    path = tmp_path / "workspace.duckdb"
    shutil.copyfile(demo_file, path)
    port = free_port()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-test-cookie-secret-that-is-long-enough"\n'
        'client_id = "heartbeat"\nclient_secret = "heartbeat-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        "[heartbeat]\n"
        'groups = { "cx-analysts" = "analyst" }\n', encoding="utf-8")
    running = Server(path, port=port, args=("--secrets.files", str(secrets)))
    yield running
    running.stop()


@pytest.fixture
def tab(browser, signed_server, request):
    yield from _tab(browser, request, signed_server)


def claims(provider: str, sub: str, **values) -> None:
    request = urllib.request.Request(f"{provider}/users/{sub}", data=json.dumps(values).encode(), method="PUT",
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).close()


def sign_in(tab, server: Server, sub: str) -> None:
    tab.goto(server.url)
    tab.get_by_role("button", name="Sign in").click()
    tab.locator("input[name=sub]").fill(sub)  # the mock provider's own form
    tab.locator("input[name=sub]").press("Enter")
    expect(tab.get_by_text(f"Signed in as {sub.split('@')[0]}", exact=False)).to_be_visible()
    settled(tab)


def test_sign_in_roles_and_the_audit_trail(tab, signed_server, provider, tmp_path):
    tab.goto(signed_server.url)
    expect(tab.get_by_role("button", name="Sign in")).to_be_visible()
    settled(tab)
    assert tab.locator("[data-testid='stMetric']").count() == 0  # nothing before sign-in
    assert tab.get_by_text("Demo data").count() == 0

    claims(provider, "vi@example.com", email="vi@example.com", name="Vi")
    sign_in(tab, signed_server, "vi@example.com")
    expect(tab.get_by_text("· viewer")).to_be_visible()
    expect(tab.locator("[data-testid='stMetric']").first).to_be_visible()  # the figures are there
    tab.goto(f"{signed_server.url}/data")
    expect(tab.get_by_text("Importing, undoing and mapping data is for analysts")).to_be_visible()
    assert tab.locator("input[type=file]").count() == 0
    tab.get_by_role("button", name="Sign out").click()
    tab.get_by_role("button", name="End session").click()  # the provider asks to confirm
    expect(tab.get_by_role("button", name="Sign in")).to_be_visible()

    claims(provider, "an@example.com", email="an@example.com", name="An", groups=["cx-analysts"])
    sign_in(tab, signed_server, "an@example.com")
    expect(tab.get_by_text("· analyst")).to_be_visible()
    tab.goto(f"{signed_server.url}/data")
    upload = tmp_path / "owners.csv"
    upload.write_text("Customer ID,Plan\nZ-1,Pro\nZ-2,Starter\n", encoding="utf-8")
    tab.locator("input[type=file]").set_input_files(str(upload))
    tab.get_by_role("button", name="Import 1 file").click()
    expect(tab.get_by_text("imported as batch", exact=False)).to_be_visible()

    signed_server.stop()  # the workspace file is free to read
    con = workspace.connect(signed_server.log.with_suffix(".duckdb"), read_only=True)
    try:
        trail = workspace.audit_trail(con)
    finally:
        con.close()
    done = list(zip(trail["user"], trail["action"]))
    assert ("vi@example.com", "sign-in") in done
    assert done.count(("an@example.com", "sign-in")) == 1  # opening another page is not another sign-in
    assert ("an@example.com", "import") in done
    assert not any(user == "vi@example.com" and action == "import" for user, action in done)
