"""An upload's copy on disk (customer emails, comments) lives only while it is needed: it goes when
its preview is refused, when the file is replaced or removed in the uploader, after the import, when
the session ends, and, left by a killed server, after a day. Each test has its own temp folder."""

import gc
import os
import tempfile
import time

import pytest

from analytics import workspace
from tests.apptest_support import app_factory, workspace_file  # noqa: F401 (fixture)

GOOD = b"Customer ID,Churn,Email\nA-1,Yes,jane.doe@example.com\nA-2,No,liam@example.org\n"
OTHER = b"Customer ID,Churn,Email\nB-1,No,ana@example.net\n"


@pytest.fixture
def temp_folder(tmp_path, monkeypatch):
    """The temp folder the app writes its copies to, private to the test."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def data_page(app_factory, temp_folder):  # noqa: F811
    app = app_factory()
    app.run()
    app.button[0].click().run()  # empty workspace, on the Data page
    assert app.title[0].value == "Data"
    return app


def copies(folder):
    return sorted(folder.glob("heartbeat-upload-*"))


def upload(app, *files):
    app.get("file_uploader")[0].set_value(list(files) or None).run()
    assert not app.exception
    return app


@pytest.mark.parametrize("name, content", [
    ("export.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),  # an image saved as .csv
    ("survey.xlsx", b"PK\x03\x04" + b"not really a workbook" * 20),  # a damaged workbook
    ("empty.csv", b""),
], ids=["binary", "damaged-workbook", "empty"])
def test_a_refused_upload_leaves_no_copy(data_page, temp_folder, name, content):
    upload(data_page, (name, content, "application/octet-stream"))
    assert data_page.error  # refused, with its reason
    assert copies(temp_folder) == []
    data_page.run()  # a rerun shows the refusal again without writing the copy again
    assert data_page.error
    assert copies(temp_folder) == []


def test_a_replaced_upload_leaves_only_the_new_files_copy(data_page, temp_folder):
    upload(data_page, ("a.csv", GOOD, "text/csv"))
    assert [p.read_bytes() for p in copies(temp_folder)] == [GOOD]
    upload(data_page, ("b.csv", OTHER, "text/csv"))
    assert [p.read_bytes() for p in copies(temp_folder)] == [OTHER]


def test_a_removed_upload_leaves_no_copy(data_page, temp_folder):
    upload(data_page, ("a.csv", GOOD, "text/csv"), ("b.csv", OTHER, "text/csv"))
    assert sorted(p.read_bytes() for p in copies(temp_folder)) == sorted([GOOD, OTHER])
    upload(data_page, ("b.csv", OTHER, "text/csv"))  # a.csv taken out of the uploader
    assert [p.read_bytes() for p in copies(temp_folder)] == [OTHER]
    upload(data_page)  # the uploader emptied
    assert copies(temp_folder) == []


def test_the_import_removes_the_copy(data_page, temp_folder):
    upload(data_page, ("a.csv", GOOD, "text/csv"))
    next(b for b in data_page.button if b.label.startswith("Import")).click().run()
    assert not data_page.exception
    assert any("imported as batch" in s.value for s in data_page.success)
    assert copies(temp_folder) == []


def test_a_copy_removed_meanwhile_is_written_again_for_the_import(data_page, temp_folder):
    """A copy swept while its session lived (open for over a day) is written again from the upload."""
    upload(data_page, ("a.csv", GOOD, "text/csv"))
    for path in copies(temp_folder):
        path.unlink()
    next(b for b in data_page.button if b.label.startswith("Import")).click().run()
    assert not data_page.exception
    assert any("imported as batch" in s.value for s in data_page.success)
    with workspace.connect(workspace_file()) as con:
        assert workspace.summary(con)["customers"] == 2
    assert copies(temp_folder) == []


def test_the_copies_go_when_the_session_ends(app_factory, temp_folder):  # noqa: F811
    app = app_factory()
    app.run()
    app.switch_page("pages/data.py").run()
    upload(app, ("a.csv", GOOD, "text/csv"))
    assert len(copies(temp_folder)) == 1
    del app  # its session state with it, as Streamlit drops a closed session's
    gc.collect()
    assert copies(temp_folder) == []


def test_a_new_session_removes_copies_older_than_a_day_only(app_factory, temp_folder):  # noqa: F811
    old, fresh = temp_folder / "heartbeat-upload-old.csv", temp_folder / "heartbeat-upload-fresh.csv"
    unrelated = temp_folder / "someone-elses.csv"
    two_days_ago = time.time() - 2 * 24 * 3600
    for path in (old, fresh, unrelated):
        path.write_bytes(GOOD)
    for path in (old, unrelated):
        os.utime(path, (two_days_ago, two_days_ago))
    app = app_factory()
    app.run()
    app.switch_page("pages/data.py").run()
    assert not app.exception
    assert not old.exists()
    assert fresh.exists() and unrelated.exists()
