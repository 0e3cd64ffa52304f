"""Survey exports written one row per answer (a "long" export: a product-survey tool's responses
table, a form tool's answers list) become one row per response, a column per question, before the
file is read like any other.

Such a file is recognised by what its values show: a column of a few questions (most of them end
with a question mark, or the column is named for questions) asked again for every response; a key
whose rows stand together and never answer a question twice; and the answer beside them. Columns
that follow the question (its type, its ID) are left out; the others (who answered, when, where)
are taken from a response's first row.
"""

from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analytics.ingest._files import TextFile
from analytics.ingest._sniff import Column, Shape
from analytics.ingest._words import normalise, unqualified
from analytics.sql import Params

QUESTION_NAMES = frozenset({"question", "question text", "question title", "question label", "prompt", "frage",
                            "pregunta", "pergunta", "domanda", "vraag", "fråga", "spørgsmål", "kysymys", "pytanie"})
ANSWER_NAMES = frozenset({"answer", "answer text", "response", "response text", "value", "reply", "antwort",
                          "respuesta", "resposta", "réponse", "risposta", "antwoord", "svar", "vastaus",
                          "odpowiedź"})
MAX_QUESTIONS = 200


@dataclass(frozen=True)
class Long:
    key: Column
    question: Column
    answer: Column
    carried: tuple[Column, ...]  # one value per response, from its first row
    # a second answer column, filled for some questions only: a text answer beside the number column
    # (ServiceNow's string_value beside actual_value, which then holds a fixed -1)
    texts: tuple[Column, ...] = ()


def long_layout(shape: Shape) -> Long | None:
    """How a file written one row per answer is laid out, or None for any other file."""
    rows = shape.sample
    if shape.layout != "generic" or len(rows) < 6:
        return None
    for question in shape.columns:
        asked = shape.first_values(question)
        if not _asks(question, asked):
            continue
        keys = [key for key in shape.columns if key != question and _groups(shape.first_values(key), asked)]
        if not keys:
            continue
        key = max(keys, key=lambda column: (len(set(shape.first_values(column))), -column.index))
        layout = _answer(shape, key, question)
        if layout is not None:
            return layout
    return None


def _asks(column: Column, cells: list[str]) -> bool:
    """A column of questions: every cell filled, a few distinct texts each asked more than once,
    most of them questions (or the column named so)."""
    asked = {cell.strip() for cell in cells}
    if "" in asked or not 2 <= len(asked) <= min(MAX_QUESTIONS, len(cells) // 2):
        return False
    named = normalise(unqualified(column.name)) in QUESTION_NAMES
    return named or sum(text.endswith("?") for text in asked) >= 0.5 * len(asked)


def _groups(keys: list[str], questions: list[str]) -> bool:
    """A response key: filled on every row, each response's rows together, no question answered
    twice in one response, and most responses answering more than one."""
    if any(not key.strip() for key in keys):
        return False
    runs = 1 + sum(a != b for a, b in zip(keys, keys[1:]))
    distinct = len(set(keys))
    return runs == distinct and 2 <= distinct <= len(keys) / 1.5 \
        and len(set(zip(keys, questions))) == len(keys)


def _answer(shape: Shape, key: Column, question: Column) -> Long | None:
    """The answer column (varying within a response and not fixed by the question) and the columns
    carried along; None when no column holds answers."""
    keys, asked = shape.first_values(key), shape.first_values(question)
    varying, follows = [], set()
    for column in shape.columns:
        if column in (key, question):
            continue
        cells = shape.first_values(column)
        if len(set(zip(keys, cells))) == len(set(keys)):
            continue  # one value per response: carried
        by_question: dict[str, set[str]] = {}
        for q, cell in zip(asked, cells):
            by_question.setdefault(q, set()).add(cell)
        if all(len(values) == 1 for values in by_question.values()):
            follows.add(column)  # the question's type or ID
        else:
            varying.append(column)
    if not varying:
        return None
    named = [column for column in varying if normalise(unqualified(column.name)) in ANSWER_NAMES]
    after = [column for column in varying if column.index > question.index]
    answer = (named or after or varying)[0]
    texts = tuple(column for column in varying if column != answer and _for_some(asked, shape.first_values(column)))
    carried = tuple(c for c in shape.columns if c not in (key, question, answer, *texts) and c not in follows)
    return Long(key, question, answer, carried, texts)


def _for_some(asked: list[str], cells: list[str]) -> bool:
    """Filled for some questions and empty on every row of the others."""
    filled: dict[str, bool] = {}
    for q, cell in zip(asked, cells):
        filled[q] = filled.get(q, False) or bool(cell.strip())
    return any(filled.values()) and not all(filled.values())


def one_row_per_response(text: TextFile, shape: Shape, long: Long) -> TextFile | None:
    """A copy of the file with one row per response: its key, the carried columns, then a column
    per question (in the order first asked) holding that response's answer. None when a row of the
    file cannot be split into its cells (the file is then read as it is, and those rows rejected
    with their line) or it asks too many questions."""
    con = duckdb.connect()
    handle, name = tempfile.mkstemp(prefix="heartbeat-", suffix=".csv")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as sink:
            said = _pivoted(con, text, shape, long, csv.writer(sink, lineterminator="\n"))
    except duckdb.Error:  # a row the reader cannot split
        said = None
    finally:
        con.close()
    if said is None:
        Path(name).unlink(missing_ok=True)
        return None
    text.discard()
    return TextFile(Path(name), text.encoding, text.converted_from, True, (*text.notes, said), text.normalised)


def _answered_in(con, answers: str, long: Long, p: Params) -> dict[str, str]:
    """{question: the text column its answers are in}, for the questions whose answer column holds
    one value at most (-1 on every row) while a text column holds more."""
    if not long.texts:
        return {}
    q, a = long.question.key, long.answer.key
    counted = ", ".join(f"count(DISTINCT NULLIF(trim({c.key}), ''))" for c in long.texts)
    found = {}
    for question, in_answer, *in_texts in con.execute(
            f"SELECT trim({q}), count(DISTINCT NULLIF(trim({a}), '')), {counted} FROM {answers} GROUP BY 1",
            p.values).fetchall():
        best = max(range(len(in_texts)), key=lambda i: in_texts[i])
        if in_answer <= 1 < in_texts[best]:
            found[question] = long.texts[best].key
    return found


def _pivoted(con, text: TextFile, shape: Shape, long: Long, writer) -> str | None:
    """Write the responses with `writer`; the note saying how they were read, or None (nothing written)."""
    p = Params()
    reader = (f"read_csv({p(str(text.path))}, auto_detect = false, header = false, skip = {p(shape.skip_rows)}, "
              f"delim = {p(shape.delimiter)}, quote = '\"', escape = '\"', max_line_size = 8388608, "
              f"columns = {p({column.key: 'VARCHAR' for column in shape.columns})})")
    answers = f"(SELECT *, row_number() OVER () AS hb_row FROM {reader})"  # read twice: questions, then answers
    q, a, k = long.question.key, long.answer.key, long.key.key
    rows_in, questions = con.execute(
        f"SELECT sum(n), list(question ORDER BY first) FILTER (WHERE question <> '') FROM (SELECT trim({q}) "
        f"AS question, min(hb_row) AS first, count(*) AS n FROM {answers} GROUP BY 1)", p.values).fetchone()
    if len(questions) > MAX_QUESTIONS:
        return None
    source = _answered_in(con, answers, long, p)
    spread = [f"first({source.get(text_, a)} ORDER BY hb_row) FILTER (WHERE trim({q}) = {p(text_)})"
              for text_ in questions]
    carried = [f"first({c.key} ORDER BY hb_row)" for c in (long.key, *long.carried)]
    cursor = con.execute(f"SELECT {', '.join(carried + spread)} FROM {answers} "
                         f"GROUP BY coalesce({k}, '#' || hb_row) ORDER BY min(hb_row)", p.values)
    header = [c.name for c in (long.key, *long.carried)]
    writer.writerow(header + [f"{text_} (answer)" if text_ in header else text_ for text_ in questions])
    responses = 0
    while batch := cursor.fetchmany(10_000):
        writer.writerows(batch)
        responses += len(batch)
    return (f"One row per answer: the file's {int(rows_in):,} answers were read as {responses:,} responses "
            f"(by '{long.key.name}'), one column per question ({len(questions)} questions).")
