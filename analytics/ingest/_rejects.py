"""Rejected rows, kept with their line, the row as it was in the file and a plain reason; and the
notes a user should read about the rows that did import (formula-like text, HTML, kept columns).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import re
from datetime import date, timedelta

from analytics.errors import MostRowsRejected
from analytics.ingest._dates import PLAUSIBLE_FROM, looks_like_date
from analytics.ingest._fields import SPECS, Mapping
from analytics.ingest._sniff import Shape
from analytics.ingest._staging import file_tail, raw_line, read_csv
from analytics.sql import Params

TEXT_FIELDS = ("name", "churn_reason", "comment", "subject", "body")
_PARSE_REASONS = {
    "TOO MANY COLUMNS": "has more values than the header has columns",
    "MISSING COLUMNS": "has fewer values than the header has columns",
    "UNQUOTED VALUE": "has a quote character in the middle of a value",
    "INVALID ENCODING": "contains bytes that are not valid text",
    "INVALID UNICODE": "contains bytes that are not valid text",
    "LINE SIZE OVER MAXIMUM": "is longer than the 8 MB a single row may hold",
}


def parse_reject_count(con) -> int:  # rows DuckDB could not split
    return con.execute("SELECT count(DISTINCT line) FROM hb_reject_errors").fetchone()[0]


def save_rejects(con, batch_id: int, shape: Shape, text_path: Path, repeats: bool) -> int:
    """Store rows DuckDB could not split and rows with unusable values; returns how many."""
    cases = " ".join(f"WHEN error_type = '{k}' THEN '{v}'" for k, v in _PARSE_REASONS.items())
    # A line holding one value where the header has several: a report's title, total or footer
    # ("Grand Totals (500 records)", "Confidential Information"), said so.
    alone = "bool_and(error_type = 'MISSING COLUMNS') AND min(column_idx) = 1 AND $width > 1"
    con.execute(
        "INSERT INTO rejects SELECT $batch, line, trim(any_value(csv_line), chr(13) || chr(10)), "
        f"CASE WHEN {alone} THEN 'is one value on its own, not a row of the table (a title, total or "
        f"footer line of a report?)' ELSE any_value(CASE {cases} ELSE lower(error_message) END) END "
        "|| ' (the header has ' || $width || ' columns)' "
        "FROM hb_reject_errors GROUP BY line", {"batch": batch_id, "width": len(shape.columns)})
    bad = "SELECT rowid AS row_id, problem, raw FROM hb_typed WHERE problem IS NOT NULL"
    if repeats:  # rare: read the file again for the raw text of rows that repeat a key
        p = Params()
        con.execute(f"CREATE TEMP TABLE hb_stage AS SELECT {raw_line(shape, p)} AS raw "
                    f"FROM {read_csv(text_path, shape, p, 'hb_stage_errors')}", p.values)
        bad += (" UNION ALL SELECT r.row_id, 'repeats the key of an earlier row in this file (the "
                "first was kept)', s.raw FROM hb_repeats r JOIN hb_stage s ON s.rowid - "
                "(SELECT min(rowid) FROM hb_stage) = r.row_id - (SELECT min(rowid) FROM hb_typed)")
    con.execute(f"CREATE TEMP TABLE hb_bad AS SELECT row_id - (SELECT min(rowid) FROM hb_typed) + 1 "
                f"AS position, problem, raw FROM ({bad})")
    positions = [row[0] for row in con.execute("SELECT position FROM hb_bad ORDER BY position").fetchall()]
    if positions:
        parse_lines = {row[0] for row in con.execute("SELECT DISTINCT line FROM hb_reject_errors").fetchall()}
        lines = lines_of(text_path, shape, parse_lines, positions)
        con.execute("CREATE TEMP TABLE hb_lines AS SELECT unnest($p) AS position, unnest($l) AS line",
                    {"p": positions, "l": lines})
        con.execute("INSERT INTO rejects SELECT $batch, l.line, b.raw, b.problem FROM hb_bad b "
                    "JOIN hb_lines l USING (position)", {"batch": batch_id})
    return con.execute("SELECT count(*) FROM rejects WHERE batch_id = ?", [batch_id]).fetchone()[0]


def lines_of(text_path: Path, shape: Shape, parse_lines: set[int], positions: list[int]) -> list[int]:
    """Line numbers, counted as DuckDB counts them (one per record, blank lines included), of the
    data rows at the given 1-based positions among the rows DuckDB read. Reads the file only up
    to the last position asked for, and only when some row was rejected."""
    wanted = iter(positions)
    target = next(wanted)
    found, position = [], 0
    with open(text_path, encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=shape.delimiter, quotechar='"', doublequote=True)
        for line, record in enumerate(reader, start=1):
            if line <= shape.skip_rows or not any(cell.strip() for cell in record) or line in parse_lines:
                continue  # the header, a blank line or a row of empty cells (not read), a line DuckDB could not split
            position += 1
            while position == target:
                found.append(line)
                target = next(wanted, None)
            if target is None:
                break
    return found + [None] * (len(positions) - len(found))


# A cell a spreadsheet would run: '+1+1' does; a phone number ('+1 415 555 0100') is only digits after
# its '+', and a bare '-' or '+' (a helpdesk's 'no priority') is nothing; after '@' a function runs
# ('@SUM(A1:A9)'), a mention ('@united thanks', every reply in a social-care export) is a name
_FORMULA = "([=\\t\\r]|@[A-Za-z_][A-Za-z0-9_.]*\\s*[(]|-[^0-9. ]|[+][^0-9]|[+][0-9][0-9 ()./-]*[^0-9 ()./-])"
_FORMULA_IN_JSON = "([=]|@[A-Za-z_][A-Za-z0-9_.]*\\s*[(]|-[^0-9. \"]|[+][^0-9\"]|[+][0-9][0-9 ()./-]*[^0-9 ()./\"-])"


def _listed(names: list[str]) -> str:
    shown = ", ".join(f"'{name}'" for name in names[:4])
    return shown + (f" and {len(names) - 4} more columns" if len(names) > 4 else "")


def _rows_have(count: int) -> str:
    return "1 row has" if count == 1 else f"{count:,} rows have"


def import_warnings(con, mapping: Mapping, kept: list[str]) -> list[str]:
    """Things the user should know about rows that did import."""
    notes = []
    texts = [f"f_{key}" for key in TEXT_FIELDS if key in mapping.columns]
    if kept:  # kept columns are exported too: a JSON string value starting like a formula
        texts.append("CAST(extra AS VARCHAR)")
    if texts:  # one pass over the rows for both checks
        starts = {t: f"regexp_matches({t}, '^{_FORMULA}')" if t.startswith("f_") else
                  f"regexp_matches({t}, '\":\"{_FORMULA_IN_JSON}')" for t in texts}
        tag = " OR ".join(f"regexp_matches({t}, '<\\s*/?\\s*[a-zA-Z][^>]*>')" for t in texts)
        # which columns hold them: each mapped field's, and a kept column's name before its value
        where = [f"count_if({match}) > 0" if t.startswith("f_") else
                 f"list(DISTINCT regexp_extract({t}, '\"([^\"]*)\":\"{_FORMULA_IN_JSON}', 1)) FILTER ({match})"
                 for t, match in starts.items()]
        found = con.execute(f"SELECT count_if({' OR '.join(starts.values())}), count_if({tag}), "
                            f"{', '.join(where)} FROM hb_typed WHERE problem IS NULL").fetchone()
        formulas, html = found[0], found[1]
        if formulas:
            named = set()
            for t, cell in zip(starts, found[2:]):  # kept columns: a list of names; a mapped field: yes/no
                if isinstance(cell, list):
                    named.update(name for name in cell if name)
                elif cell:
                    named.add(mapping.columns[t[2:]])
            notes.append(f"{_rows_have(formulas)} text starting with =, +, - or @ (in {_listed(sorted(named))}), "
                         "which a spreadsheet could run as a formula. They are stored as plain text, and exports put an "
                         "apostrophe in front so Excel shows them as text.")
        if html:
            notes.append(f"{_rows_have(html)} text containing HTML tags (such as <script>). They are "
                         "stored as typed and always shown as plain text, never run as a web page.")
    for key in mapping.columns:
        if SPECS[mapping.kind].field(key).type != "date":
            continue
        odd = f"f_{key} < $early OR f_{key} > $late"
        found = con.execute(
            f"SELECT count_if({odd}), min(f_{key}) FILTER ({odd}), max(f_{key}) FILTER ({odd}), "
            f"count_if(f_{key} IS NULL) FROM hb_typed WHERE problem IS NULL",
            {"early": PLAUSIBLE_FROM, "late": date.today() + timedelta(days=366)}).fetchone()
        label = SPECS[mapping.kind].field(key).label.lower()
        if found[0]:
            notes.append(f"{found[0]:,} rows have a {label} before "
                         f"{PLAUSIBLE_FROM:%Y} or more than a year ahead (from {found[1]:%Y-%m-%d} to "
                         f"{found[2]:%Y-%m-%d}): they are kept, flagged here, and never set the default period.")
        if found[3] and key in ("responded_at", "created_at"):  # a survey tool's unfinished responses
            why = (" (survey tools leave it empty for responses never submitted)" if mapping.kind == "responses"
                   else "")
            notes.append(f"{found[3]:,} rows have no {label}: they count in figures over all time, but in no "
                         f"month or quarter{why}.")
    if {"signup_date", "churn_date"} <= set(mapping.columns):
        early = con.execute("SELECT count(*), min(f_churn_date) FROM hb_typed WHERE problem IS NULL "
                            "AND f_churn_date < f_signup_date").fetchone()
        if early[0]:
            notes.append(f"{_rows_have(early[0])} a churn date before the signup date (from {early[1]:%Y-%m-%d}): "
                         "they count in churn over all time but in no month or quarter. Check the two columns "
                         f"('{mapping.columns['signup_date']}', '{mapping.columns['churn_date']}').")
    unmapped = [name for name in kept if name not in mapping.read_beside()]  # an interval read into MRR is used
    if unmapped:
        shown = ", ".join(unmapped[:8]) + (f" and {len(unmapped) - 8} more" if len(unmapped) > 8 else "")
        one = len(unmapped) == 1
        columns = "1 column is" if one else f"{len(unmapped)} columns are"
        notes.append(f"{columns} not mapped to a Heartbeat field and {'was' if one else 'were'} "
                     f"kept as {'an extra attribute' if one else 'extra attributes'}: {shown}.")
    return notes




_VALUE = re.compile(r"'(?:[^']|'')*'")


def refusal(con, batch_id: int, rows_read: int, rejected: int, mapping: Mapping) -> MostRowsRejected:
    """The error for a file most of whose rows would be rejected: the commonest reason (its values
    aside) with a fix a person can act on, and a sample of the rows."""
    reasons = con.execute("SELECT reason FROM rejects WHERE batch_id = ?", [batch_id]).fetchall()
    grouped: dict[str, list[str]] = {}
    for (reason,) in reasons:
        first = reason.split("; ")[0]
        grouped.setdefault(_VALUE.sub("'…'", first), []).append(first)
    ranked = sorted(grouped.items(), key=lambda item: -len(item[1]))
    top, examples = ranked[0]
    written = list(dict.fromkeys(found[0] for found in (_VALUE.findall(e) for e in examples) if found))
    values = written[:3]
    sample = con.execute("SELECT line, raw, reason FROM rejects WHERE batch_id = ? ORDER BY line LIMIT 20",
                         [batch_id]).fetchall()
    message = (f"Nothing was imported: {rejected:,} of {rows_read:,} rows would have been rejected, "
               f"{len(examples):,} of them for this reason: {examples[0]}. {_fix(top, mapping, values, written)}")
    return MostRowsRejected(message, [(reason, len(found)) for reason, found in ranked], sample)


_KEYS = ("response_id", "ticket_id", "customer_id", "email")  # the fields keying a row, by kind


def _fix(reason: str, mapping: Mapping, values: list[str], written: list[str] = ()) -> str:
    """What to do about the commonest reason, said with the column and the values shown (of all
    the `written` values rejected for it)."""
    found = next((f for f in SPECS[mapping.kind].fields if reason.startswith(f.label + " ")), None)
    label = found.label if found else None
    column = mapping.columns.get(found.key) if found else None
    where = f"'{column}'" if column else "That column"
    like = f" like {', '.join(values)}" if values else ""
    if "is not a date" in reason and found and _mixed_layouts(written):
        return (f"{where} mixes date layouts (values{like}): no one date format reads them all. Correct the "
                "column where it was exported and import again, or import without it (choose none for "
                f"{label} on the Data page, or --map {found.key}= on the command line).")
    if "is not a date" in reason and any(looks_like_date(value.strip("'")) for value in values):
        return (f"{where} holds dates{like}: choose its date format (Date format on the Data page, or "
                "--date-format on the command line), then import again.")
    if "is not a date" in reason:
        return f"{where} holds values{like}, not dates: map another column to it, or none."
    if "outside the scale" in reason:
        return (f"{where} holds answers{like}: check its scale (Scale on the Data page, or --scale "
                "FIELD=MIN-MAX on the command line), or map it to another field.")
    if "not a number" in reason or "not a yes/no" in reason or "is not nps" in reason:
        return f"{where} holds values{like}, not {label or 'that field'}: map another column to it, or none."
    if reason.startswith("no "):
        return "Every row needs that field: map the column that holds it."
    if reason.startswith("repeats the header"):
        return "The file holds its header row many times: export each table on its own."
    if reason.startswith("repeats the key"):
        keyed = mapping.row_key or next((mapping.columns[k] for k in _KEYS if k in mapping.columns), None)
        each = {"customers": "customer", "responses": "answer", "tickets": "ticket"}.get(mapping.kind, "row")
        return (f"Most rows repeat {f'the {keyed!r}' if keyed else 'the content'} of an earlier row: the file has "
                f"several rows for each one (an order's lines, a customer's payments), not one row per {each}. "
                "Choose what the file holds, or map as its ID a column that differs on every row.")
    return ("The rows do not split into the header's columns: check that the file is one table, "
            "exported again from its source, with one header row.")


def _mixed_layouts(written: list[str]) -> bool:
    """Rejected date values written in several layouts ('19/09/2019', '08-Nov-19'): each run of
    digits as 9 and of letters as a, a layout needing a tenth of the values at least to count."""
    dates = [value.strip("'") for value in written if looks_like_date(value.strip("'"))]
    if len(dates) < 0.8 * len(written):
        return False  # words, not dates written several ways
    shapes = [re.sub(r"[^\W\d_]+", "a", re.sub(r"\d+", "9", value)) for value in dates]
    counts = Counter(shapes)
    return sum(count >= max(2, len(shapes) / 10) for count in counts.values()) >= 2


def cut_off(con, batch_id: int, text_path: Path) -> list[str]:
    """A warning when the file stops in the middle of its last row (no line break after it, and
    that row rejected): a download or export that did not finish, whose rows so far imported."""
    tail = file_tail(text_path)
    if not tail or tail.endswith(("\n", "\r")):
        return []
    last = con.execute("SELECT line, raw FROM rejects WHERE batch_id = ? ORDER BY line DESC LIMIT 1",
                       [batch_id]).fetchone()
    ending = (last[1] or "").rstrip()[-30:] if last else ""
    if not ending or not tail.rstrip().endswith(ending.rstrip('"')):
        return []
    return [f"The file stops in the middle of its last row (line {last[0]:,}, kept with the rejected rows): "
            "it may be a download or export that did not finish. The rows before it were imported; "
            "export the file again to be sure nothing is missing."]


def missing_customers(con, batch_id: int) -> list[str]:
    """A warning when a customer list lists again most customers of an earlier one but not all: an
    export of active customers leaves out those who left since, who would stay customers here."""
    found = con.execute(
        "WITH mine AS (SELECT DISTINCT customer_id FROM customer_versions WHERE batch_id = $b), "
        "earlier AS (SELECT DISTINCT customer_id FROM customer_versions WHERE batch_id < $b) "
        "SELECT (SELECT count(*) FROM mine WHERE customer_id IN (SELECT customer_id FROM earlier)), "
        "(SELECT count(*) FROM mine), list(c.customer_id ORDER BY c.customer_id)[1:3], count(*) "
        "FROM customers c WHERE NOT c.churned AND c.customer_id IN (SELECT customer_id FROM earlier) "
        "AND c.customer_id NOT IN (SELECT customer_id FROM mine)", {"b": batch_id}).fetchone()
    again, listed, absent, count = found
    if not count or again < 0.5 * listed:  # another list of other customers, not this one again
        return []
    examples = ", ".join(f"'{name}'" for name in absent)
    who = ("1 customer of the earlier customer list is not in this one and still counts as a customer" if count == 1
           else f"{count:,} customers of the earlier customer list are not in this one and still count as customers")
    return [f"{who} "
            f"(for example {examples}). If this export lists only active customers, those who left are missing from "
            "it: import a file that says they left (a churn date or status), or their churn is not counted."]
