"""Alembic environment: runs migrations on the connection the store hands over (never its own engine)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from workbench import models  # noqa: F401 - registers the tables on the metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the store runs migrations
    raise RuntimeError("workbench migrations run through workbench.store, which provides the connection")


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Keep autogenerate away from tables and indexes that migrations create by hand.

    The search index (FTS5 tables, their shadow tables, queues, triggers) is written in SQL by its own
    migration, not declared as models; autogenerate must never propose dropping it.
    """
    return not (reflected and compare_to is None and type_ in {"table", "index"})


context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode recreates tables safely
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
