"""The workspace: one DuckDB file holding every imported row, the import history and settings.

Public surface: open it (`connect`, `workspace_path`), write to it only inside `transaction`,
read its `version` (the UI's cache key) and settings (`get_meta`, `set_meta`), and `clear` or
`summary` it; `empty` it keeping a snapshot, list `snapshots` and `restore` one; `record` who did
what (`acting_as` a signed-in person) and read the `audit_trail`; check roles (`require`, `role_of`,
`set_role`); the SQL of a row's natural key (`answer_identity`, `ticket_identity`,
`occurrence`, `revenue_key`). Every table is created by one migration (`_schema`), whose derived views another
engine defines from the same SQL (`view_definitions`, `column_names`); reads never run DDL. `migrate`
brings tables filled from elsewhere (the PostgreSQL team store) up to date as `connect` does a file.
"""

from analytics.workspace._audit import acting_as, actor, audit_trail, record, record_alone
from analytics.workspace._facts import facts_fresh, spans
from analytics.workspace._keys import answer_identity, id_key, occurrence, revenue_key, ticket_identity
from analytics.workspace._roles import ROLES, NotAllowed, allows, current_role, require, role_of, roles, set_role
from analytics.workspace._schema import SCHEMA_VERSION, column_names, migrate
from analytics.workspace._schema import views as view_definitions
from analytics.workspace._snapshots import NoSuchSnapshot, clear, empty, restore, snapshots
from analytics.workspace._store import (DEFAULT_PATH, MEMORY_SHARE, WRITE_LOCK, connect, get_meta, is_demo,
                                        is_empty, set_meta, summary, transaction, unusable, version,
                                        workspace_path)

__all__ = ["DEFAULT_PATH", "MEMORY_SHARE", "ROLES", "SCHEMA_VERSION", "WRITE_LOCK", "NoSuchSnapshot", "NotAllowed", "acting_as", "actor",
           "allows", "answer_identity", "audit_trail", "current_role", "require", "role_of", "roles", "set_role",
           "clear", "connect", "empty", "facts_fresh", "record", "record_alone",
           "column_names", "get_meta", "migrate",
           "is_demo", "is_empty", "restore", "set_meta", "snapshots", "spans", "summary", "transaction",
           "id_key", "occurrence", "revenue_key", "ticket_identity", "unusable", "version", "view_definitions", "workspace_path"]
