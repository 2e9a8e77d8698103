"""Alembic environment: always run on a connection handed in by vault.storage.database.

There is no database URL here on purpose: the key must be set on the connection
before anything else, so only our engine factory may open vault.db.
"""

from __future__ import annotations

from alembic import context

from vault.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Holdfast migrations run only through vault.storage.database.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only ALTER through table copies
)
with context.begin_transaction():
    context.run_migrations()
