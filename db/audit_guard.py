"""Database-level refusal to change history: UPDATE, DELETE (and on PostgreSQL TRUNCATE) of audit events.

Triggers stop accidents and careless scripts, not someone holding the database file; the hash chain and
an outside checkpoint catch that (annotate.audit.verify).
"""

from __future__ import annotations

SQLITE_CREATE = [
    """CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events
       BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
       BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_events_no_update",
    "DROP TRIGGER IF EXISTS audit_events_no_delete",
]

POSTGRES_CREATE = [
    """CREATE OR REPLACE FUNCTION audit_events_refuse() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP; END;
       $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
       FOR EACH ROW EXECUTE FUNCTION audit_events_refuse()""",
    """CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
       FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events",
    "DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events",
    "DROP FUNCTION IF EXISTS audit_events_refuse()",
]


def create_statements(dialect: str) -> list[str]:
    return POSTGRES_CREATE if dialect == "postgresql" else SQLITE_CREATE


def drop_statements(dialect: str) -> list[str]:
    return POSTGRES_DROP if dialect == "postgresql" else SQLITE_DROP
