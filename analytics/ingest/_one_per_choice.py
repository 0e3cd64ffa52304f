"""A single-choice question written one column per choice becomes one column, before the file is
read like any other.

Survey tools' "expanded" exports (SurveyMonkey's, and a spreadsheet's 'Q – Satisfied' columns)
spread a question over a column per answer: the chosen answer is written in its own column, the
others are empty. Read so, a satisfaction question is five attributes and its CSAT is lost. The
layout is recognised by what the values show: side by side, columns named for one question each
hold only the answer that ends their own name, and no respondent filled two of them (a tick-all
question, where several are filled, is left as it is). Its answers are then one column named for
the question.
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
from analytics.sql import Params

_SEPARATORS = " |-–:_[(/"


@dataclass(frozen=True)
class Choices:
    question: str
    columns: tuple[Column, ...]


def choice_groups(shape: Shape) -> list[Choices]:
    """The single-choice questions written one column per choice, in the file's order."""
    groups: list[Choices] = []
    run: list[Column] = []
    question = None
    for column in (*shape.columns, None):  # None closes the last run
        values = {v.strip() for v in shape.values(column) if v.strip()} if column else set()
        own = _question_of(column.name, values) if column else None
        if column and question and (own == question or (not values and _named_for(column.name, question))):
            run.append(column)
            continue
        if question and _single_choice(shape, run):
            groups.append(Choices(question, tuple(run)))
        run, question = ([column], own) if own else ([], None)
        if own:  # choices nobody took, named for the question just before it
            before = [c for c in shape.columns[:column.index] if not _filled(shape, c)]
            while before and _named_for(before[-1].name, own) and before[-1].index == run[0].index - 1:
                run.insert(0, before.pop())
    return groups


def _question_of(name: str, values: set[str]) -> str | None:
    """The question a column is named for when its one answer ends its name ('Q | Satisfied')."""
    if len(values) != 1:
        return None
    answer = next(iter(values))
    bare = name.strip().rstrip(")]").rstrip()
    if not bare.lower().endswith(answer.lower()) or len(bare) == len(answer):
        return None
    question = bare[:-len(answer)].rstrip(_SEPARATORS)
    return question if question and bare[len(question):len(bare) - len(answer)].strip(_SEPARATORS) == "" \
        and bare[len(question)] in _SEPARATORS else None


def _named_for(name: str, question: str) -> bool:
    return name.startswith(question) and len(name) > len(question) and name[len(question)] in _SEPARATORS


def _filled(shape: Shape, column: Column) -> bool:
    return any(v.strip() for v in shape.values(column))


def _single_choice(shape: Shape, run: list[Column]) -> bool:
    """Two columns or more, answered by someone, and never two answers on one row."""
    if len(run) < 2:
        return False
    counts = [sum(bool(row[c.index].strip()) for c in run) for row in shape.rows]
    return max(counts, default=0) == 1


def one_column_per_question(text: TextFile, shape: Shape, groups: list[Choices]) -> TextFile | None:
    """A copy of the file with each group's columns made one, holding the chosen answer (two
    answers on a row beyond the sample are both written, and the row is rejected for it). The
    header rows are written as the file's were. None when a row cannot be split into its cells."""
    p = Params()
    reader = (f"read_csv({p(str(text.path))}, auto_detect = false, header = false, skip = {p(shape.skip_rows)}, "
              f"delim = {p(shape.delimiter)}, quote = '\"', escape = '\"', max_line_size = 8388608, "
              f"columns = {p({column.key: 'VARCHAR' for column in shape.columns})})")
    first = {group.columns[0].index: group for group in groups}
    merged = {column.index for group in groups for column in group.columns}
    names, cells = [], []
    for column in shape.columns:
        if column.index in first:
            group = first[column.index]
            names.append(group.question)
            cells.append("concat_ws(' + ', " + ", ".join(f"nullif(trim({c.key}), '')" for c in group.columns) + ")")
        elif column.index not in merged:
            names.append(column.name)
            cells.append(column.key)
    handle, path = tempfile.mkstemp(prefix="heartbeat-", suffix=".csv")
    con = duckdb.connect()
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as sink:
            writer = csv.writer(sink, lineterminator="\n")
            writer.writerows(_header_rows(shape, names))
            cursor = con.execute(f"SELECT {', '.join(cells)} FROM {reader}", p.values)
            while batch := cursor.fetchmany(10_000):
                writer.writerows(batch)
    except duckdb.Error:  # a row the reader cannot split: the file is read as it is
        Path(path).unlink(missing_ok=True)
        return None
    finally:
        con.close()
    text.discard()
    said = "; ".join(f"'{_short(g.question)}' ({len(g.columns)} columns)" for g in groups)
    note = (f"One column per answer: {said} {'was' if len(groups) == 1 else 'were'} read as one answer per "
            "respondent, the choice they ticked.")
    return TextFile(Path(path), text.encoding, text.converted_from, True, (*text.notes, note), text.normalised)


def _short(question: str) -> str:
    return question if len(question) <= 80 else question[:79].rstrip() + "…"


def _header_rows(shape: Shape, names: list[str]) -> list[list[str]]:
    """The names as one header row, or as a survey tool's two (the question above its answer's label)."""
    if shape.layout != "surveymonkey":
        return [names]
    above, below, previous = [], [], None
    for name in names:
        question, _, sub = name.partition(" | ")
        above.append("" if sub and question == previous else question)
        below.append(sub or "Response")
        previous = question
    return [above, below]
