"""An analyst's correction of a voice's themes is what every later tagging respects: enriching the
voice again, re-tagging after a taxonomy edit; it is the analyst's to make, and it is audited."""

from __future__ import annotations

import pytest

from analytics import voices, workspace


@pytest.fixture
def con(demo_copy):
    connection = workspace.connect(demo_copy)
    yield connection
    connection.close()


def tags(con, voice_id: str) -> dict[str, str | None]:
    return dict(con.execute("SELECT theme_id, matched FROM voice_themes WHERE voice_id = ?", [voice_id]).fetchall())


def test_a_correction_holds_through_enrichment_and_re_tagging(con):
    voice_id, text = con.execute(
        "SELECT v.voice_id, any_value(v.text) FROM voices v JOIN voice_themes t USING (voice_id) "
        "WHERE t.theme_id = 'billing-invoices' GROUP BY v.voice_id ORDER BY v.voice_id LIMIT 1").fetchone()
    before = tags(con, voice_id)
    wanted = (set(before) - {"billing-invoices"}) | {"integrations"}
    version = workspace.version(con)
    voices.correct_tags(con, voice_id, wanted)
    assert set(tags(con, voice_id)) == wanted
    assert tags(con, voice_id)["integrations"] is None  # by hand: no words decided it
    assert workspace.version(con) == version + 1 and not voices.needs_enrichment(con)
    page, _ = voices.search(con, words=f'"{text[:40]}"', limit=5)
    assert set(page.set_index("voice_id").themes[voice_id]) == wanted

    voices.retag(con)  # what a taxonomy edit runs
    assert set(tags(con, voice_id)) == wanted
    with workspace.transaction(con):  # its enrichment is gone (as when its text changed)
        con.execute("DELETE FROM voice_enrichment WHERE voice_id = ?", [voice_id])
    voices.enrich(con)
    assert set(tags(con, voice_id)) == wanted
    others = con.execute("SELECT count(*) FROM voice_themes WHERE theme_id = 'billing-invoices'").fetchone()[0]
    assert others > 0  # only that voice changed

    voices.correct_tags(con, voice_id, before)  # back to what the rules say: nothing left to keep
    assert tags(con, voice_id) == before
    assert con.execute("SELECT count(*) FROM tag_corrections").fetchone()[0] == 0
    trail = workspace.audit_trail(con)
    assert (trail["action"] == "tag correction").sum() == 2


def test_only_an_analyst_corrects_and_only_known_themes(con):
    voice_id = con.execute("SELECT voice_id FROM voice_themes LIMIT 1").fetchone()[0]
    with workspace.acting_as("vi@example.com", "viewer"), pytest.raises(workspace.NotAllowed):
        voices.correct_tags(con, voice_id, [])
    with pytest.raises(ValueError, match="unknown themes"):
        voices.correct_tags(con, voice_id, ["no-such-theme"])
    with pytest.raises(ValueError, match="no voice"):
        voices.correct_tags(con, "r:nobody", [])
