"""The facts kept at write time (workspace._facts) give the same figures, trends and quotes as the
rows they come from, and every write leaves them fresh, so a page never reads a stale one."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings

from analytics import ingest, metrics, voices, workspace
from analytics.metrics import Slice
from analytics.metrics import _evidence as evidence
from analytics.workspace._facts import SPANS
from tests.strategies import demo_slices


@pytest.fixture(scope="module")
def stale(demo_module_copy):
    """The demo with its facts' stamp removed: every reading computes the spans from the answers."""
    con = workspace.connect(demo_module_copy)
    con.execute("DELETE FROM meta WHERE key = 'facts_version'")
    assert not workspace.facts_fresh(con)
    yield con
    con.close()


def spans_differ(con) -> int:
    """Rows in the stored spans and not in the ones computed from the answers now, or the reverse."""
    return con.execute(f"SELECT count(*) FROM ((FROM nps_spans EXCEPT ALL FROM ({SPANS})) "
                       f"UNION ALL (FROM ({SPANS}) EXCEPT ALL FROM nps_spans))").fetchone()[0]


def same(a, b) -> bool:
    """One figure read two ways: the same n and, to rounding (sums in another order), value and parts."""
    def numbers(result):
        return {k: v for k, v in result.parts.items() if isinstance(v, (int, float))}
    return (a.n == b.n and a.value == pytest.approx(b.value, rel=1e-12) and a.parts.keys() == b.parts.keys()
            and numbers(a) == pytest.approx(numbers(b), rel=1e-12)
            and {k: v for k, v in a.parts.items() if k not in numbers(a)} ==
            {k: v for k, v in b.parts.items() if k not in numbers(b)})


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(demo_slices)
def test_stored_spans_read_as_the_answers_do(demo, stale, slice_):
    assert workspace.facts_fresh(demo)
    key = "revenue_at_risk"
    stored, live = metrics.compute(demo, key, slice_), metrics.compute(stale, key, slice_)
    assert same(stored, live)
    if slice_.end:
        pairs = zip(metrics.series(demo, key, slice_, months=6), metrics.series(stale, key, slice_, months=6))
        assert all(same(a, b) for a, b in pairs)
    for order in ("typical", "negative", "recent"):
        assert evidence.evidence_for(demo, key, slice_, order=order, limit=4) == \
            evidence.evidence_for(stale, key, slice_, order=order, limit=4)


def test_every_write_leaves_the_facts_fresh(demo_copy, tmp_path):
    con = workspace.connect(demo_copy)
    assert workspace.facts_fresh(con) and spans_differ(con) == 0
    quarter = Slice(date(2026, 7, 1), date(2026, 10, 1))
    before = metrics.compute(con, "revenue_at_risk", quarter)
    # Every customer not yet at risk answers 0 in the quarter: they are all at risk at its end.
    safe = con.execute("SELECT customer_id FROM customers WHERE NOT churned AND signup_date < '2026-09-01' "
                       "AND customer_id NOT IN (SELECT customer_id FROM nps_spans WHERE \"at\" < '2026-10-01' AND "
                       "(next_at IS NULL OR next_at >= '2026-10-01') AND score <= 6) ORDER BY 1 LIMIT 5"
                       ).fetchall()
    file = tmp_path / "late_answers.csv"
    file.write_text("response_id,customer_id,responded_at,survey,score,comment\n" + "".join(
        f"LATE-{i},{cid},2026-09-30 12:00:00,nps,0,Cancelling next month\n" for i, (cid,) in enumerate(safe)))
    batch = ingest.import_file(con, file).batch_id
    assert workspace.facts_fresh(con) and spans_differ(con) == 0
    after = metrics.compute(con, "revenue_at_risk", quarter)
    assert after.n == before.n + len(safe)
    voices.enrich(con)  # changes tags, not rows: the facts stay fresh without a rebuild
    assert workspace.facts_fresh(con)
    ingest.undo_batch(con, batch)
    assert workspace.facts_fresh(con) and spans_differ(con) == 0
    again = metrics.compute(con, "revenue_at_risk", quarter)
    assert same(again, before)
    con.close()


def test_a_workspace_read_before_its_facts_are_built_reads_the_answers(demo_copy):
    con = workspace.connect(demo_copy)
    quarter = Slice(date(2026, 4, 1), date(2026, 7, 1))
    fresh = metrics.compute(con, "revenue_at_risk", quarter)
    con.execute("UPDATE meta SET value = '0' WHERE key = 'facts_version'")  # built for an older version
    con.close()
    reader = workspace.connect(demo_copy, read_only=True)
    assert not workspace.facts_fresh(reader)
    stale = metrics.compute(reader, "revenue_at_risk", quarter)
    assert same(stale, fresh)
    reader.close()
    writer = workspace.connect(demo_copy)  # the next writer brings them up to date
    assert workspace.facts_fresh(writer) and spans_differ(writer) == 0
    writer.close()


def test_an_answer_links_by_email_once_its_customer_arrives_and_unlinks_when_undone(tmp_path):
    """The email links are a fact: kept up to date by the write that brings the customer (or
    takes them away), not only by the import of the answer."""
    (tmp_path / "answers.csv").write_text(
        "response_id,email,responded_at,survey,score,comment\nR1,late@x.test,2026-01-05,nps,3,Too slow\n")
    (tmp_path / "customers.csv").write_text("customer_id,email,segment\nA1,Late@X.test,SMB\n")
    con = workspace.connect(tmp_path / "ws.duckdb")
    smb = Slice().where("segment", "SMB")
    try:
        ingest.import_file(con, tmp_path / "answers.csv", kind="responses")
        assert metrics.compute(con, "nps", smb).n == 0  # no customer has that email yet
        batch = ingest.import_file(con, tmp_path / "customers.csv", kind="customers").batch_id
        assert metrics.compute(con, "nps", smb).n == 1
        assert con.execute("SELECT customer_id FROM responses_linked").fetchall() == [("A1",)]
        ingest.undo_batch(con, batch)
        assert metrics.compute(con, "nps", smb).n == 0
        assert con.execute("SELECT count(*) FROM email_links").fetchone()[0] == 0
    finally:
        con.close()
