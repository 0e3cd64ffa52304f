"""A file's rows, typed and checked in one pass, then written to their canonical table.

`read_typed` builds the temporary table hb_typed: per row (in file order: rowid) the typed fields
f_*, the scale of each score (lo_/hi_<field>), the unmapped columns as JSON, its natural key,
`problem` (why it cannot be imported, or NULL) and, for problem rows only, the row as it stood in
the file. `find_repeats` marks rows whose key an earlier row of the file had; `insert` writes the
good rows and says how many were already there.
"""

from __future__ import annotations

from pathlib import Path

from analytics.ingest._convert import DEFAULT_SCALES, PARSED_TABLE, convert, long_score_problem, on_five, scale_sql
from analytics.ingest._dates import parse_all
from analytics.ingest._fields import SCORE_FIELDS, SPECS, Mapping
from analytics.ingest._keys import content_keyed, field_sql, key_expression, record_overlaps
from analytics.ingest._not_data import has_summary, header_again, summary_line
from analytics.ingest._open_answers import joined_words, words_field
from analytics.ingest._status import excluded_problem
from analytics.ingest._sniff import Shape, decimal_comma_in
from analytics.ingest._staging import raw_line, read_csv
from analytics.ingest._billing import levels, payments, per_customer, refund_path, uncollected_problem
from analytics.ingest._verbal import NO_ANSWER
from analytics.sql import Params
from analytics.workspace import answer_identity, id_key, occurrence, ticket_identity

GOOD_ROWS = "SELECT *, rowid AS hb_row FROM hb_typed WHERE problem IS NULL"
GOOD_UNREPEATED = GOOD_ROWS + " AND rowid NOT IN (SELECT row_id FROM hb_repeats)"
RESPONSE_COLUMNS = ("batch_id, response_id, customer_id, email, responded_at, kind, score, scale_min, "
                    "scale_max, comment, extra, respondent_id, natural_key")


def read_parsed_dates(con, text_path: Path, shape: Shape, mapping: Mapping, day_first: bool) -> None:
    """For each date field the general reader reads (mode 'parser'), the temporary table of its
    distinct values and their readings, which `convert` looks rows up in."""
    by_name = {column.name: column for column in shape.columns}
    for key, how in mapping.date_formats.items():
        if how != "parser" or key not in mapping.columns:
            continue
        p = Params()
        column = by_name[mapping.columns[key]].key
        distinct = [row[0] for row in con.execute(
            f"SELECT DISTINCT trim({column}) FROM {read_csv(text_path, shape, p, 'hb_stage_errors')} "
            f"WHERE trim({column}) <> ''", p.values).fetchall()]
        con.execute("DROP TABLE IF EXISTS temp.hb_stage_errors; DROP TABLE IF EXISTS temp.hb_stage_errors_scans")
        found = parse_all(distinct, day_first)
        table = PARSED_TABLE.format(key=key)  # a fixed name per field key
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (raw VARCHAR, parsed TIMESTAMP)")
        if found:
            con.execute(f"INSERT INTO {table} SELECT unnest($raw), unnest($parsed)",
                        {"raw": list(found), "parsed": list(found.values())})


def read_typed(con, text_path: Path, shape: Shape, mapping: Mapping) -> None:
    """hb_typed, in one pass over the file (see the module docstring)."""
    p = Params()
    by_name = {column.name: column for column in shape.columns}
    staged = {name: column.key for name, column in by_name.items()}
    values, problems = [], []
    for key, name in mapping.columns.items():
        converted = convert(SPECS[mapping.kind].field(key), by_name[name].key, mapping,
                            decimal_comma_in(shape, by_name[name]), p, staged)
        value = converted.value
        if key == words_field(mapping) and mapping.more_comments:  # in the file's column order
            parts = [(by_name[name].index, value)] + [
                (by_name[other].index, convert(SPECS[mapping.kind].field(key), by_name[other].key, mapping, False, p,
                                               staged).value) for other in mapping.more_comments]
            value = joined_words([part for _, part in sorted(parts)])
        values.append(f"{value} AS f_{key}")
        if converted.problem:
            problems.append(converted.problem)
    if "score" in mapping.columns and "survey" in mapping.columns:
        raw_score = by_name[mapping.columns["score"]].key
        problems.append(long_score_problem("f_score", "f_survey", raw_score, mapping, p))
    problems.extend(_required_problems(mapping, p, staged))
    uncollected = uncollected_problem(mapping, staged, p)
    if uncollected:
        problems.append(uncollected)
    if excluded := excluded_problem(mapping, staged, p):
        problems.append(excluded)
    summary = summary_line(shape, mapping, by_name, p) if has_summary(text_path, shape) else "NULL"
    # Kept columns in name order: the same row gives the same JSON whatever the file's column order
    # (a re-export with its columns reordered is the same data).
    kept = [(c.name, c.key) for c in shape.kept(mapping.read_columns())]
    # a ticket's channel and topic slice its figures as a kept column does (Support CSAT by Chat, by Billing)
    for key, name in (("channel", "Channel"), ("topic", mapping.columns.get("topic"))):
        if mapping.kind == "tickets" and key in mapping.columns and name not in dict(kept):
            kept = sorted(kept + [(name, f"NULLIF(trim({by_name[mapping.columns[key]].key}), '')")])
    extra = ("json_object(" + ", ".join(f"{p(name)}, {key}" for name, key in kept) + ")") if kept else "NULL::JSON"
    # A repeated header row, or a report's total, is only that; any other row lists all of its problems.
    problem = f"coalesce({header_again(shape, p)}, {summary}, NULLIF(concat_ws('; ', {', '.join(problems)}), ''))" \
        if problems else f"coalesce({header_again(shape, p)}, {summary})"
    scales = [f"{low} AS lo_{key}, {high} AS hi_{key}" for key in SCORE_FIELDS if key in mapping.columns
              for low, high in [scale_sql(key, mapping, p, staged)]]
    fields = ", ".join([f"f_{key}" for key in mapping.columns] + [f"lo_{k}, hi_{k}" for k in SCORE_FIELDS
                                                                  if k in mapping.columns])
    key, by_content = key_expression(mapping, staged[mapping.row_key] if mapping.row_key else None)
    looked_up = any(how == "parser" for how in mapping.date_formats.values())
    numbered = "row_number() OVER () AS hb_row, " if looked_up else ""
    source = f"(SELECT {numbered}* FROM {read_csv(text_path, shape, p, 'hb_reject_errors')})"
    cells = f"SELECT *, {', '.join(values)}, {extra} AS extra FROM {source}"
    if mapping.scale_changes:  # when each scale change began, over the whole file (`scale_sql`)
        when = "f_responded_at" if mapping.kind == "responses" else "f_created_at"
        began = [f"min(CASE WHEN f_{key} > {mapping.scales[key][1]} THEN {when} END) OVER () AS hb_since_{key}"
                 for key in mapping.scale_changes]
        cells = f"SELECT *, {', '.join(began)} FROM ({cells})"
    checked = f"SELECT *, {', '.join(scales) + ', ' if scales else ''}{problem} AS problem FROM ({cells})"
    keyed = f"SELECT *, {key} AS hb_key FROM ({checked})"
    con.execute(
        f"CREATE TEMP TABLE hb_typed AS SELECT {fields}, extra, problem, hb_key, "
        f"CASE WHEN problem IS NOT NULL THEN {raw_line(shape, p)} END AS raw FROM ({keyed})"
        + (" ORDER BY hb_row" if looked_up else ""), p.values)
    if by_content and con.execute(f"SELECT count(*) FROM hb_typed WHERE {content_keyed('hb_key')}").fetchone()[0]:
        # Rows without an ID are keyed by content plus occurrence, so identical rows in one file
        # stay distinct while the same rows in a re-export match.
        con.execute(f"CREATE TEMP TABLE hb_keyed AS SELECT * REPLACE (CASE WHEN {content_keyed('hb_key')} "
                    "THEN hb_key || '-' || row_number() OVER (PARTITION BY hb_key ORDER BY rowid) "
                    "ELSE hb_key END AS hb_key) FROM hb_typed ORDER BY rowid")
        con.execute("DROP TABLE temp.hb_typed")
        con.execute("ALTER TABLE hb_keyed RENAME TO hb_typed")


def _required_problems(mapping: Mapping, p: Params, staged: dict[str, str]) -> list[str]:
    """Row-level checks: each required group needs a non-empty value in at least one field. A score
    cell holding a word for no answer ('Offered', 'N/A': a survey sent, never answered) is said."""
    problems = []
    spec = SPECS[mapping.kind]
    groups = list(spec.required)
    identified = [key for key in ("customer_id", "email") if key in mapping.columns]
    if mapping.kind == "customers" and identified:  # an account list with IDs: every row needs one
        groups.append(("customer_id",) if mapping.row_key else tuple(identified))  # a subscription: its customer's
    for mapped in dict.fromkeys(tuple(key for key in group if key in mapping.columns) for group in groups):
        condition = " AND ".join(f"f_{key} IS NULL" for key in mapped)
        labels = " or ".join(spec.field(key).label for key in mapped)
        scores = [staged[mapping.columns[key]] for key in mapped if spec.field(key).type == "score"]
        words = p(sorted(NO_ANSWER)) if scores else ""
        said = [f"CASE WHEN list_contains({words}::VARCHAR[], lower(trim({cell}))) THEN trim({cell}) END"
                for cell in scores]
        unanswered = (f" || coalesce({p(' (not answered: ')} || coalesce({', '.join(said)}) || ')', '')"
                      if said else "")
        problems.append(f"CASE WHEN {condition} THEN {p('no ' + labels)}{unanswered} END")
    return problems


def insert(con, batch_id: int, mapping: Mapping, good: str) -> tuple[int, int]:
    """Insert the `good` rows; returns (rows loaded, rows already in the workspace). A customer file's
    every row becomes a version of its customer (the merge and undo need them all); a row that
    changes nothing about an existing customer counts as already there, not loaded."""
    if mapping.kind == "customers":
        # A customer whose end date has passed left; one ending later (a contract's end, a cancellation
        # at the period's end: Lemon Squeezy's 'cancelled') is still a customer today, whatever the flag says.
        ended = "CAST(f_churn_date AS DATE) <= current_date"
        flagged, dated = "churned" in mapping.columns, "churn_date" in mapping.columns
        # An empty flag where the file says both yes and no is not known (_customers: status
        # 'unknown'); where it says only one (a list marking the customers who left), it is the other.
        both = "(SELECT count(DISTINCT f_churned) = 2 FROM hb_typed WHERE problem IS NULL)"
        flag = f"coalesce(f_churned, CASE WHEN NOT {both} THEN false END)"
        churned = (f"({flag} AND coalesce({ended}, true))" if flagged and dated else flag if flagged
                   else f"coalesce({ended}, false)" if dated else "NULL")
        if mapping.row_key:  # a subscriptions export: each customer's rows make one customer
            good = per_customer(mapping, good, churned)
        loaded = con.execute(
            "INSERT INTO customer_versions SELECT $batch, hb_key, "
            f"{field_sql(mapping, 'name')}, {field_sql(mapping, 'email')}, {field_sql(mapping, 'segment')}, "
            f"{field_sql(mapping, 'plan')}, {field_sql(mapping, 'region')}, "
            f"CAST({field_sql(mapping, 'signup_date')} AS DATE), {field_sql(mapping, 'mrr')}, {churned}, "
            f"CAST({field_sql(mapping, 'churn_date')} AS DATE), {field_sql(mapping, 'churn_reason')}, extra "
            f"FROM ({good})", {"batch": batch_id}).fetchone()[0]
        same = " AND ".join(f"(v.{f} IS NULL OR v.{f} IS NOT DISTINCT FROM c.{f})" for f in _CUSTOMER_FIELDS)
        unchanged = con.execute(
            "SELECT count(*) FROM customer_versions v JOIN customers c USING (customer_id) WHERE v.batch_id = $batch "
            f"AND {same} AND (v.extra IS NULL OR json_merge_patch(c.extra, v.extra) = c.extra)",
            {"batch": batch_id}).fetchone()[0]
        return loaded - unchanged, unchanged
    if mapping.kind == "responses":
        source = response_rows(con, mapping, good)
        record_overlaps(con, batch_id, "responses", f"SELECT natural_key FROM ({source})")
        inserted = con.execute(
            f"INSERT INTO responses ({RESPONSE_COLUMNS}) SELECT $batch, {_own_id(con, 'response_id', 'responses')}, "
            "customer_id, email, responded_at, kind, score, scale_min, scale_max, comment, extra, respondent_id, "
            f"natural_key FROM ({source}) r " + _not_already(con, "natural_key", "responses"),
            {"batch": batch_id}).fetchone()[0]
        if _answers_per_row(mapping) == 1:
            loaded, offered = inserted, con.execute(f"SELECT count(*) FROM ({good})").fetchone()[0]
        else:  # counted in rows of the file: a review row gives a rating and a recommendation
            loaded = con.execute("SELECT count(DISTINCT respondent_id) FROM responses WHERE batch_id = $batch",
                                 {"batch": batch_id}).fetchone()[0]
            offered = con.execute("SELECT count(DISTINCT respondent_id) FROM (" + source + ")").fetchone()[0]
    elif mapping.kind == "tickets":
        source = ticket_rows(con, mapping, good)
        record_overlaps(con, batch_id, "tickets", f"SELECT natural_key FROM ({source})")
        loaded = con.execute(
            f"INSERT INTO tickets SELECT $batch, {_own_id(con, 'hb_key', 'tickets', 'ticket_id')}, "
            f"{field_sql(mapping, 'customer_id')}, "
            f"{field_sql(mapping, 'email')}, {field_sql(mapping, 'created_at')}, {field_sql(mapping, 'subject')}, "
            f"{field_sql(mapping, 'body')}, {on_five(mapping)}, {field_sql(mapping, 'status')}, "
            f"{field_sql(mapping, 'channel')}, extra, natural_key FROM ({source}) "
            + _not_already(con, "natural_key", "tickets"), {"batch": batch_id}).fetchone()[0]
        offered = con.execute(f"SELECT count(*) FROM ({good})").fetchone()[0]
    else:
        source, params = revenue_rows(mapping, good)
        record_overlaps(con, batch_id, "revenue", f"SELECT natural_key FROM ({source})", params)
        loaded = con.execute(
            f"INSERT INTO revenue SELECT $batch, customer_id, month, mrr, natural_key FROM ({source}) "
            + _not_already(con, "natural_key", "revenue"), {"batch": batch_id, **params}).fetchone()[0]
        offered = con.execute(f"SELECT count(*) FROM ({source})", params).fetchone()[0]
    return loaded, offered - loaded


# What a customer's row says (beside its ID and kept columns): a re-export whose row says the same of
# a customer, or nothing where it is empty, changes nothing and counts as already there.
_CUSTOMER_FIELDS = ("name", "email", "segment", "plan", "region", "signup_date", "mrr", "churned", "churn_date",
                    "churn_reason")


def _not_already(con, column: str, table: str, table_column: str | None = None) -> str:
    """WHERE clause skipping rows whose key the (fixed-name) table already holds; none when empty."""
    if not con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]:
        return ""
    return f" WHERE {column} NOT IN (SELECT {table_column or column} FROM {table})"


def _own_id(con, column: str, table: str, table_column: str | None = None) -> str:
    """SQL: a new row's response or ticket ID, or its natural key when a stored row of another
    natural key has that ID (the same ID, another kind of answer): voice IDs stay unique."""
    if not con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]:
        return column
    return f"CASE WHEN {column} IN (SELECT {table_column or column} FROM {table}) THEN natural_key ELSE {column} END"


def _by_content(con) -> bool:
    """Whether some rows of the file have no ID, and are keyed by what they say."""
    return con.execute(f"SELECT EXISTS (SELECT 1 FROM hb_typed WHERE {content_keyed('hb_key')})").fetchone()[0]


def ticket_rows(con, mapping: Mapping, good: str) -> str:
    """The `good` rows with their natural key (workspace._keys): the ticket's ID, or its content."""
    if not _by_content(con):
        return f"SELECT *, {id_key('hb_key')} AS natural_key FROM ({good})"
    identity = ticket_identity({key: field_sql(mapping, key) for key in
                                ("customer_id", "email", "created_at", "subject", "body", "channel")})
    return (f"SELECT * EXCLUDE (hb_identity), CASE WHEN {content_keyed('hb_key')} THEN "
            f"{occurrence('hb_identity', 'hb_row')} ELSE {id_key('hb_key')} END AS natural_key "
            f"FROM (SELECT *, {identity} AS hb_identity FROM ({good}))")


def revenue_rows(mapping: Mapping, good: str) -> tuple[str, dict]:
    """The `good` rows as customers' months of revenue with their natural key, and the query's
    parameters: MRR movements summed into levels, payments into their month (`_billing`)."""
    if mapping.movement_type:
        good = levels(good)
    elif mapping.row_key:
        good = payments(mapping, good)
    return (f"SELECT f_customer_id AS customer_id, CAST(date_trunc('month', f_month) AS DATE) AS month, "
            f"f_mrr AS mrr, hb_key AS natural_key FROM ({good})"), refund_path(mapping)


def find_repeats(con) -> bool:
    """hb_repeats: good rows whose natural key an earlier row of the file already had.
    The window only runs when a cheap distinct count shows repeats exist."""
    repeats = con.execute("SELECT count(*) - count(DISTINCT hb_key) FROM hb_typed "
                          "WHERE problem IS NULL").fetchone()[0]
    con.execute("CREATE TEMP TABLE hb_repeats AS SELECT rowid AS row_id FROM hb_typed WHERE problem IS NULL "
                + ("QUALIFY row_number() OVER (PARTITION BY hb_key ORDER BY rowid) > 1" if repeats else "AND false"))
    return repeats > 0


def _carried_comment(mapping: Mapping, kinds: list[str], position: int) -> str:
    """SQL: the row's comment on the answer of kinds[position] if it carries it: the first answer
    given (a question added later to the survey leaves the old rows' comments where they were), or
    the first kind when no score was given."""
    comment = field_sql(mapping, "comment")
    if comment == "NULL" or len(kinds) == 1:
        return comment
    earlier = [f"f_{kind} IS NULL" for kind in kinds[:position]]
    if position == 0:
        return f"CASE WHEN f_{kinds[0]} IS NOT NULL OR ({' AND '.join(f'f_{k} IS NULL' for k in kinds[1:])}) " \
               f"THEN {comment} END"
    return f"CASE WHEN {' AND '.join(earlier)} AND f_{kinds[position]} IS NOT NULL THEN {comment} END"


def _answers_per_row(mapping: Mapping) -> int:
    """How many response rows one row of the file can give (one per score, and a recommendation)."""
    if "score" in mapping.columns and "survey" in mapping.columns:
        return 1
    return max(1, sum(kind in mapping.columns for kind in (*SCORE_FIELDS, "recommend")))


def response_rows(con, mapping: Mapping, good: str) -> str:
    """Canonical response rows from the `good` rows query, with their natural key (workspace._keys):
    one per score answered (and one for a yes/no recommendation), all carrying the row's key as
    respondent_id when there can be several; the comment goes on the first, so each comment is one voice."""
    answers = _answers(mapping, good)
    if not _by_content(con):
        return (f"SELECT * EXCLUDE (hb_row_key, hb_row), {id_key('hb_row_key')} || ':' || kind AS natural_key "
                f"FROM ({answers})")
    identity = answer_identity({"customer_id": "customer_id", "email": "email", "responded_at": "responded_at",
                                "comment": "hb_row_comment", "kind": "kind", "score": "score"})
    return (f"SELECT * EXCLUDE (hb_row_key, hb_row, hb_row_comment, hb_identity), CASE WHEN "
            f"{content_keyed('hb_row_key')} THEN {occurrence('hb_identity', 'hb_row')} "
            f"ELSE {id_key('hb_row_key')} || ':' || kind END "
            f"AS natural_key FROM (SELECT *, {identity} AS hb_identity FROM ({answers}))")


def _answers(mapping: Mapping, good: str) -> str:
    """The answers of `_response_rows`, with the row's key, position and comment (hb_row_key,
    hb_row, hb_row_comment) from which their natural key is made."""
    respondent = "hb_key" if _answers_per_row(mapping) > 1 else "NULL"  # see _schema.migrate, version 5
    common = (f"{field_sql(mapping, 'customer_id')} AS customer_id, {field_sql(mapping, 'email')} AS email, "
              f"{field_sql(mapping, 'responded_at')} AS responded_at, extra, {respondent} AS respondent_id, "
              f"hb_key AS hb_row_key, hb_row, {field_sql(mapping, 'comment')} AS hb_row_comment")
    if "score" in mapping.columns and "survey" in mapping.columns:
        scales = {**DEFAULT_SCALES, **{k: v for k, v in mapping.scales.items() if k in DEFAULT_SCALES}}
        low = " ".join(f"WHEN '{kind}' THEN {int(lo)}" for kind, (lo, hi) in scales.items())
        high = " ".join(f"WHEN '{kind}' THEN {int(hi)}" for kind, (lo, hi) in scales.items())
        return (f"SELECT hb_key AS response_id, {common}, f_survey AS kind, f_score AS score, "
                f"CASE f_survey {low} END AS scale_min, CASE f_survey {high} END AS scale_max, "
                f"{field_sql(mapping, 'comment')} AS comment FROM ({good})")
    kinds = [kind for kind in (*SCORE_FIELDS, "recommend") if kind in mapping.columns]
    if not kinds:  # a survey with open questions only: the comments are the responses
        return (f"SELECT hb_key AS response_id, {common}, 'comment' AS kind, NULL AS score, "
                f"NULL AS scale_min, NULL AS scale_max, f_comment AS comment FROM ({good})")
    parts = []
    for position, kind in enumerate(kinds):
        suffix = f" || ':{kind}'" if len(kinds) > 1 else ""
        comment = _carried_comment(mapping, kinds, position)
        keep = f"f_{kind} IS NOT NULL" + (f" OR {comment} IS NOT NULL" if position == 0 else "")
        if kind == "recommend":
            score, low, high = "CASE WHEN f_recommend THEN 1.0 WHEN NOT f_recommend THEN 0.0 END", "0", "1"
        elif kind == "nps" and mapping.scales.get("nps", (0, 10))[1] != 10:  # the rule `nps_rule` states
            nps_low, nps_high = mapping.scales["nps"]
            score, low, high = f"round((f_nps - {int(nps_low)}) * 10.0 / {int(nps_high - nps_low)}, 1)", "0", "10"
        else:
            score, low, high = f"f_{kind}", f"lo_{kind}", f"hi_{kind}"
        parts.append(f"SELECT hb_key{suffix} AS response_id, {common}, '{kind}' AS kind, {score} AS score, "
                     f"{low} AS scale_min, {high} AS scale_max, {comment} AS comment FROM ({good}) WHERE {keep}")
    return " UNION ALL ".join(parts)
