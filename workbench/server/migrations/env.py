"""Alembic environment for the district server's schema (PostgreSQL); run by ``workbench server init``."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, version_table="alembic_version", version_table_schema="wb")
with context.begin_transaction():
    context.run_migrations()
