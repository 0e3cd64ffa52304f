"""Who may do what. Three roles, each with everything the one before may do:

- viewer: explore, present, export;
- analyst: also import, undo, map columns, edit themes, save cases;
- admin: also empty and restore the workspace and manage roles.

A person's role comes from, in order: the admins listed in the settings (`[heartbeat] admins`), the
`roles` table of the workspace (granted by an admin), their identity provider's groups claim mapped
in the settings (`[heartbeat.groups]`), else viewer. Without sign-in Heartbeat is a personal tool
and its one user is admin. Every write checks the role of whoever it runs for (`require`), in the
analytics layer itself, so hiding a button is never the only guard.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import duckdb
import pandas as pd

from analytics.errors import InputError
from analytics.workspace._audit import _ROLE, record
from analytics.workspace._store import transaction

ROLES = ("viewer", "analyst", "admin")


class NotAllowed(InputError):
    """The person's role does not allow this write."""


def current_role() -> str:
    """The role of whoever the current writes run for (admin when no one signed in)."""
    return _ROLE.get() or "admin"


def allows(needed: str, role: str | None = None) -> bool:
    return ROLES.index(role or current_role()) >= ROLES.index(needed)


def require(needed: str, what: str) -> None:
    """Refuse `what` (e.g. "import a file") unless the current role is `needed` or above."""
    if not allows(needed):
        raise NotAllowed(f"Only {'an' if needed == 'admin' or needed == 'analyst' else 'a'} {needed} can "
                         f"{what}; you are signed in as a {current_role()}. Ask an admin for access.")


def role_of(con: duckdb.DuckDBPyConnection, email: str | None, groups: Iterable[str] = (),
            admins: Iterable[str] = (), group_roles: Mapping[str, str] | None = None) -> str:
    """A signed-in person's role (module docstring)."""
    if not email:
        return "viewer"
    email = email.strip().lower()
    if email in {a.strip().lower() for a in admins}:
        return "admin"
    row = con.execute("SELECT role FROM roles WHERE email = ?", [email]).fetchone()
    if row:
        return row[0]
    mapped = [group_roles[g] for g in groups if group_roles and g in group_roles and group_roles[g] in ROLES]
    return max(mapped, key=ROLES.index) if mapped else "viewer"


def set_role(con: duckdb.DuckDBPyConnection, email: str, role: str) -> None:
    """Give `email` a role (admins only); recorded in the audit trail."""
    require("admin", "manage roles")
    if role not in ROLES:
        raise InputError(f"{role!r} is not a role; choose one of {', '.join(ROLES)}.")
    if "@" not in email:
        raise InputError(f"{email!r} is not an e-mail address.")
    with transaction(con, bump=False):
        con.execute("INSERT OR REPLACE INTO roles VALUES (?, ?, now())", [email.strip().lower(), role])
        record(con, "role", email=email.strip().lower(), role=role)


def roles(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The roles granted in the workspace: email, role, granted_at."""
    return con.execute("SELECT email, role, granted_at FROM roles ORDER BY email").df()
