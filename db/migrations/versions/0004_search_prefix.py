"""search: FTS5 prefix indexes for two- and three-letter prefixes (SQLite)

Without a prefix index FTS5 answers `in*` by merging the posting lists of every indexed word that starts
with "in" before it can return one row: 0.25 s of CPU per kind at 100,000 claims, seconds at a million
(bench/bench_search.py, docs/scaling.md). `prefix='2 3'` stores those prefixes as terms of their own, so
the shortest prefixes search allows are single lookups; longer ones merge few words. The FTS5 options of a
table cannot be altered, so each table is dropped and created again with the same columns, content table
and tokenizer, and rebuilt from its content table (external content: no user data lives in the FTS tables,
and the base-table triggers that keep them in sync refer to them by name and stay as they are).
PostgreSQL needs nothing: its GIN index answers prefix lexemes (`word:*`) from the sorted lexeme tree.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in 0002 (migrations are snapshots: they do not import each other).
INDEXED = {
    "claims": ("text",),
    "documents": ("title", "text"),
    "annotations": ("note",),
    "sources": ("title", "publisher", "excerpt"),
}
SQLITE_TOKENIZE = "porter unicode61 remove_diacritics 2"
PREFIX = "2 3"


def _recreate(table: str, columns: tuple[str, ...], prefix: str | None) -> None:
    fts = f"{table}_fts"
    option = f", prefix='{prefix}'" if prefix else ""
    op.execute(f"DROP TABLE IF EXISTS {fts}")
    op.execute(
        f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(columns)}, content='{table}', content_rowid='id',"
        f" tokenize='{SQLITE_TOKENIZE}'{option})"
    )
    op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    # One b-tree per table instead of the segments a rebuild leaves: 15-35% less CPU per search at 1M claims.
    op.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, columns in INDEXED.items():
        _recreate(table, columns, PREFIX)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, columns in INDEXED.items():
        _recreate(table, columns, None)
