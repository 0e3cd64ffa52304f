"""Who did what: an append-only audit trail in the workspace.

Every write a person makes (import, undo, remap, theme edit, case save or delete, export, empty,
restore, sign-in) adds one row: when, who, what, and its detail (a file's name and sha256, a batch,
a slice, an export's format). Rows are only ever inserted, in the same transaction as the action
they describe when there is one, so an action and its record land or fail together; emptying and
restoring the workspace leave the trail alone.

Who: the person signed in (the app sets it with `acting_as`), else $HEARTBEAT_USER, else the
operating-system account with "(local)".
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import duckdb
import pandas as pd

from analytics.workspace._store import transaction

_ACTOR: ContextVar[str | None] = ContextVar("heartbeat_actor", default=None)
_ROLE: ContextVar[str | None] = ContextVar("heartbeat_role", default=None)  # read by _roles


def actor() -> str:
    """The person the current writes are recorded under."""
    named = _ACTOR.get() or os.environ.get("HEARTBEAT_USER")
    if named:
        return named
    try:
        return f"{getpass.getuser()} (local)"
    except (KeyError, OSError):  # no account name in a container: still say it was local
        return "local user"


@contextmanager
def acting_as(name: str | None, role: str | None = None) -> Iterator[None]:
    """Run the writes inside this block for `name` with `role` (None: the default, see `actor` and
    `_roles.current_role`): recorded under that name, allowed by that role."""
    token, role_token = _ACTOR.set(name), _ROLE.set(role)
    try:
        yield
    finally:
        _ACTOR.reset(token)
        _ROLE.reset(role_token)


def record(con: duckdb.DuckDBPyConnection, action: str, **detail) -> None:
    """Append one row for `action`; call it inside the action's own transaction."""
    con.execute("INSERT INTO audit VALUES (now(), ?, ?, ?)",
                [actor(), action, json.dumps(detail, default=str, ensure_ascii=False)])


def record_alone(con: duckdb.DuckDBPyConnection, action: str, **detail) -> None:
    """Append one row for an action that writes nothing else (an export, a sign-in)."""
    with transaction(con, bump=False):  # no figure depends on the trail: caches stay valid
        record(con, action, **detail)


def audit_trail(con: duckdb.DuckDBPyConnection, limit: int | None = None) -> pd.DataFrame:
    """The trail, newest first: at, user, action, detail (a JSON object as text)."""
    sql = 'SELECT "at", user_name AS "user", action, CAST(detail AS VARCHAR) AS detail FROM audit ORDER BY "at" DESC'
    if limit is not None:
        return con.execute(sql + " LIMIT ?", [int(limit)]).df()
    return con.execute(sql).df()
