"""search index: FTS5 tables, change queue with triggers, match dismissals

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 12:00:00

The index tables start empty; workbench.search.index.verify_and_repair() fills them (it sees that the
counts differ from the store), so this migration stays fast on a large file and frozen in time.
The DDL is written out literally on purpose: a migration must not change when the code does.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TOKENIZE = "tokenize='unicode61 remove_diacritics 2'"

# Which columns of each table feed the index: an INSERT, a DELETE or an UPDATE OF these columns queues
# the record for re-indexing (search_queue), whoever writes (ORM, Core bulk insert, another process).
WATCHED = {
    "technology": ("technology", "id", ("title", "abstract", "keywords", "technical_field", "filing_no", "deleted_at")),
    "need": (
        "need",
        "id",
        ("title", "problem", "key_technology", "expected_goals", "keywords", "technical_field", "filing_no", "deleted_at"),
    ),
    "enterprise": ("enterprise", "id", ("name", "uscc", "deleted_at")),
    "contact": ("contact", "id", ("name", "mobile", "phone", "email", "wechat", "deleted_at")),
    "contract": (
        "contract",
        "id",
        ("title", "registration_no", "seller_name", "buyer_name", "seller_uscc", "buyer_uscc", "deleted_at"),
    ),
    "tech_patent": ("technology", "technology_id", ("technology_id", "number")),
}


def trigger_ddl() -> list[str]:
    statements = []
    for table, (kind, key, columns) in WATCHED.items():
        enqueue_new = f"INSERT OR IGNORE INTO search_queue(kind, entity_id) VALUES ('{kind}', NEW.{key});"
        enqueue_old = f"INSERT OR IGNORE INTO search_queue(kind, entity_id) VALUES ('{kind}', OLD.{key});"
        statements.append(
            f"CREATE TRIGGER IF NOT EXISTS search_q_{table}_ins AFTER INSERT ON {table} BEGIN {enqueue_new} END"
        )
        statements.append(
            f"CREATE TRIGGER IF NOT EXISTS search_q_{table}_upd AFTER UPDATE OF {', '.join(columns)} ON {table} "
            f"BEGIN {enqueue_old} {enqueue_new} END"
        )
        statements.append(
            f"CREATE TRIGGER IF NOT EXISTS search_q_{table}_del AFTER DELETE ON {table} BEGIN {enqueue_old} END"
        )
    return statements


def upgrade() -> None:
    op.execute(
        "CREATE TABLE search_key (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, entity_id TEXT NOT NULL, "
        "UNIQUE (kind, entity_id))"
    )
    op.execute(
        "CREATE TABLE search_queue (kind TEXT NOT NULL, entity_id TEXT NOT NULL, "
        "PRIMARY KEY (kind, entity_id)) WITHOUT ROWID"
    )
    # Document frequencies of the word index, a snapshot taken at rebuild (term '' holds the document
    # count): fts5vocab computes a term's frequency by walking its postings, too slow per query at scale.
    op.execute(
        "CREATE TABLE search_term (tbl TEXT NOT NULL, term TEXT NOT NULL, df INTEGER NOT NULL, "
        "PRIMARY KEY (tbl, term)) WITHOUT ROWID"
    )
    for name in ("tech_fts", "need_fts"):
        op.execute(
            f"CREATE VIRTUAL TABLE {name} USING fts5(title, keywords, body, "
            f"content='', contentless_delete=1, {TOKENIZE})"
        )
        op.execute(f"CREATE VIRTUAL TABLE {name}_vocab USING fts5vocab({name}, 'row')")
    op.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5(name, numbers, initials, kind, "
        f"content='', contentless_delete=1, {TOKENIZE})"
    )
    op.execute(
        "CREATE TABLE match_dismissal ("
        "need_id VARCHAR(36) NOT NULL REFERENCES need(id), "
        "technology_id VARCHAR(36) NOT NULL REFERENCES technology(id), "
        "dismissed_at DATETIME NOT NULL, actor VARCHAR NOT NULL DEFAULT '', reason VARCHAR NOT NULL DEFAULT '', "
        "PRIMARY KEY (need_id, technology_id))"
    )
    op.execute("CREATE INDEX ix_match_dismissal_technology_id ON match_dismissal (technology_id)")
    for statement in trigger_ddl():
        op.execute(statement)


def downgrade() -> None:
    for table in WATCHED:
        for op_name in ("ins", "upd", "del"):
            op.execute(f"DROP TRIGGER IF EXISTS search_q_{table}_{op_name}")
    op.execute("DROP TABLE IF EXISTS match_dismissal")
    for name in ("tech_fts_vocab", "need_fts_vocab", "tech_fts", "need_fts", "search_fts"):
        op.execute(f"DROP TABLE IF EXISTS {name}")
    op.execute("DROP TABLE search_term")
    op.execute("DROP TABLE search_queue")
    op.execute("DROP TABLE search_key")
