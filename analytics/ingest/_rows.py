"""A file's rows, typed and checked in one pass, then written to their canonical table.

`read_typed` builds the temporary table hb_typed: per row (in file order: rowid) the typed fields
f_*, the unmapped columns as JSON, its natural key, `problem` (why it cannot be imported, or NULL)
and, for problem rows only, the row as it stood in the file. `find_repeats` marks rows whose key an
earlier row of the file had; `insert` writes the good rows and says how many were already there.
"""

from __future__ import annotations

from pathlib import Path

from analytics.ingest._convert import DEFAULT_SCALES, convert, long_score_problem
from analytics.ingest._fields import SPECS, Mapping
from analytics.ingest._keys import field_sql, key_expression, record_overlaps
from analytics.ingest._sniff import Shape
from analytics.ingest._staging import drop_staging, raw_line, read_csv
from analytics.sql import Params

SCORE_KINDS = ("nps", "csat", "ces", "rating")
GOOD_ROWS = "SELECT * FROM hb_typed WHERE problem IS NULL"
GOOD_UNREPEATED = GOOD_ROWS + " AND rowid NOT IN (SELECT row_id FROM hb_repeats)"


def read_typed(con, text_path: Path, shape: Shape, mapping: Mapping) -> None:
    """hb_typed, in one pass over the file: per row (in file order: rowid) the typed fields f_*,
    unmapped columns as JSON, its natural key, `problem` (why it cannot be imported, or NULL) and,
    for problem rows only, the row as it stood in the file."""
    drop_staging(con)
    p = Params()
    by_name = {column.name: column for column in shape.columns}
    values, problems = [], []
    for key, name in mapping.columns.items():
        converted = convert(SPECS[mapping.kind].field(key), by_name[name].key, mapping,
                            shape.decimal_comma, p)
        values.append(f"{converted.value} AS f_{key}")
        if converted.problem:
            problems.append(converted.problem)
    if "score" in mapping.columns and "survey" in mapping.columns:
        raw_score = by_name[mapping.columns["score"]].key
        problems.append(long_score_problem("f_score", "f_survey", raw_score, mapping, p))
    problems.extend(_required_problems(mapping, p))
    kept = [column for column in shape.columns if column.name not in mapping.columns.values()]
    extra = ("json_object(" + ", ".join(f"{p(c.name)}, {c.key}" for c in kept) + ")") if kept else "NULL::JSON"
    problem = f"NULLIF(concat_ws('; ', {', '.join(problems)}), '')" if problems else "NULL::VARCHAR"
    fields = ", ".join(f"f_{key}" for key in mapping.columns)
    key, by_content = key_expression(mapping)
    cells = f"SELECT *, {', '.join(values)} FROM {read_csv(text_path, shape, p, 'hb_reject_errors')}"
    checked = f"SELECT *, {problem} AS problem, {key} AS hb_key FROM ({cells})"
    con.execute(
        f"CREATE TEMP TABLE hb_typed AS SELECT {fields}, {extra} AS extra, problem, hb_key, "
        f"CASE WHEN problem IS NOT NULL THEN {raw_line(shape, p)} END AS raw FROM ({checked})",
        p.values)
    if by_content and con.execute("SELECT count(*) FROM hb_typed WHERE starts_with(hb_key, 'h:')").fetchone()[0]:
        # Rows without an ID are keyed by content plus occurrence, so identical rows in one file
        # stay distinct while the same rows in a re-export match.
        con.execute("CREATE TEMP TABLE hb_keyed AS SELECT * REPLACE (CASE WHEN starts_with(hb_key, 'h:') "
                    "THEN hb_key || ':' || row_number() OVER (PARTITION BY hb_key ORDER BY rowid) "
                    "ELSE hb_key END AS hb_key) FROM hb_typed ORDER BY rowid")
        con.execute("DROP TABLE temp.hb_typed")
        con.execute("ALTER TABLE hb_keyed RENAME TO hb_typed")


def _required_problems(mapping: Mapping, p: Params) -> list[str]:
    """Row-level checks: each required group needs a non-empty value in at least one field."""
    problems = []
    spec = SPECS[mapping.kind]
    for group in spec.required:
        mapped = [key for key in group if key in mapping.columns]
        condition = " AND ".join(f"f_{key} IS NULL" for key in mapped)
        labels = " or ".join(spec.field(key).label for key in mapped)
        problems.append(f"CASE WHEN {condition} THEN {p('no ' + labels)} END")
    return problems


def insert(con, batch_id: int, mapping: Mapping, good: str) -> tuple[int, int]:
    """Insert the `good` rows; returns (rows loaded, rows already in the workspace)."""
    if mapping.kind == "customers":
        churned = ("f_churned" if "churned" in mapping.columns else
                   "f_churn_date IS NOT NULL" if "churn_date" in mapping.columns else "NULL")
        loaded = con.execute(
            "INSERT INTO customer_versions SELECT $batch, hb_key, "
            f"{field_sql(mapping, 'name')}, {field_sql(mapping, 'email')}, {field_sql(mapping, 'segment')}, "
            f"{field_sql(mapping, 'plan')}, {field_sql(mapping, 'region')}, "
            f"CAST({field_sql(mapping, 'signup_date')} AS DATE), {field_sql(mapping, 'mrr')}, {churned}, "
            f"CAST({field_sql(mapping, 'churn_date')} AS DATE), {field_sql(mapping, 'churn_reason')}, extra "
            f"FROM ({good})", {"batch": batch_id}).fetchone()[0]
        existing = con.execute(
            "SELECT count(*) FROM customer_versions v WHERE v.batch_id = $batch AND v.customer_id IN "
            "(SELECT customer_id FROM customers)", {"batch": batch_id}).fetchone()[0]
        return loaded, existing
    if mapping.kind == "responses":
        source = _response_rows(mapping, good)
        record_overlaps(con, batch_id, "responses", f"SELECT response_id FROM ({source})")
        loaded = con.execute(
            "INSERT INTO responses SELECT $batch, response_id, customer_id, email, responded_at, kind, "
            "score, scale_min, scale_max, comment, extra FROM (" + source + ") r "
            + _not_already(con, "response_id", "responses"), {"batch": batch_id}).fetchone()[0]
        offered = con.execute("SELECT count(*) FROM (" + source + ")").fetchone()[0]
    elif mapping.kind == "tickets":
        record_overlaps(con, batch_id, "tickets", f"SELECT hb_key FROM ({good})")
        loaded = con.execute(
            f"INSERT INTO tickets SELECT $batch, hb_key, {field_sql(mapping, 'customer_id')}, "
            f"{field_sql(mapping, 'email')}, {field_sql(mapping, 'created_at')}, {field_sql(mapping, 'subject')}, "
            f"{field_sql(mapping, 'body')}, {field_sql(mapping, 'satisfaction')}, {field_sql(mapping, 'status')}, "
            f"{field_sql(mapping, 'channel')}, extra FROM ({good}) "
            + _not_already(con, "hb_key", "tickets", "ticket_id"), {"batch": batch_id}).fetchone()[0]
        offered = con.execute(f"SELECT count(*) FROM ({good})").fetchone()[0]
    else:
        record_overlaps(con, batch_id, "revenue", f"SELECT hb_key FROM ({good})")
        loaded = con.execute(
            "INSERT INTO revenue SELECT $batch, f_customer_id, CAST(date_trunc('month', f_month) AS DATE), "
            f"f_mrr FROM ({good}) g WHERE NOT EXISTS (SELECT 1 FROM revenue r WHERE "
            "r.customer_id = g.f_customer_id AND r.month = CAST(date_trunc('month', g.f_month) AS DATE))",
            {"batch": batch_id}).fetchone()[0]
        offered = con.execute(f"SELECT count(*) FROM ({good})").fetchone()[0]
    return loaded, offered - loaded


def _not_already(con, column: str, table: str, table_column: str | None = None) -> str:
    """WHERE clause skipping rows whose key the (fixed-name) table already holds; none when empty."""
    if not con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]:
        return ""
    return f" WHERE {column} NOT IN (SELECT {table_column or column} FROM {table})"


def find_repeats(con) -> bool:
    """hb_repeats: good rows whose natural key an earlier row of the file already had.
    The window only runs when a cheap distinct count shows repeats exist."""
    repeats = con.execute("SELECT count(*) - count(DISTINCT hb_key) FROM hb_typed "
                          "WHERE problem IS NULL").fetchone()[0]
    con.execute("CREATE TEMP TABLE hb_repeats AS SELECT rowid AS row_id FROM hb_typed WHERE problem IS NULL "
                + ("QUALIFY row_number() OVER (PARTITION BY hb_key ORDER BY rowid) > 1" if repeats else "AND false"))
    return repeats > 0


def _response_rows(mapping: Mapping, good: str) -> str:
    """Canonical response rows from the `good` rows query: one per survey kind answered."""
    response_id = "hb_key"
    common = (f"{field_sql(mapping, 'customer_id')} AS customer_id, {field_sql(mapping, 'email')} AS email, "
              f"{field_sql(mapping, 'responded_at')} AS responded_at")
    if "score" in mapping.columns and "survey" in mapping.columns:
        scales = {**DEFAULT_SCALES, **{k: v for k, v in mapping.scales.items() if k in DEFAULT_SCALES}}
        low = " ".join(f"WHEN '{kind}' THEN {int(lo)}" for kind, (lo, hi) in scales.items())
        high = " ".join(f"WHEN '{kind}' THEN {int(hi)}" for kind, (lo, hi) in scales.items())
        return (f"SELECT {response_id} AS response_id, {common}, f_survey AS kind, f_score AS score, "
                f"CASE f_survey {low} END AS scale_min, CASE f_survey {high} END AS scale_max, "
                f"{field_sql(mapping, 'comment')} AS comment, extra FROM ({good})")
    kinds = [kind for kind in SCORE_KINDS if kind in mapping.columns]
    if not kinds:  # a survey with open questions only: the comments are the responses
        return (f"SELECT {response_id} AS response_id, {common}, 'comment' AS kind, NULL AS score, "
                f"NULL AS scale_min, NULL AS scale_max, f_comment AS comment, extra FROM ({good})")
    parts = []
    for position, kind in enumerate(kinds):
        low, high = mapping.scales.get(kind, DEFAULT_SCALES[kind])
        suffix = f" || ':{kind}'" if len(kinds) > 1 else ""
        comment = field_sql(mapping, "comment") if position == 0 else "NULL"
        keep = f"f_{kind} IS NOT NULL" + (f" OR {comment} IS NOT NULL" if comment != "NULL" else "")
        parts.append(f"SELECT {response_id}{suffix} AS response_id, {common}, '{kind}' AS kind, "
                     f"f_{kind} AS score, {low} AS scale_min, {high} AS scale_max, {comment} AS comment, "
                     f"extra FROM ({good}) WHERE {keep}")
    return " UNION ALL ".join(parts)


