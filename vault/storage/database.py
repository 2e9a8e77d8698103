"""The SQLCipher 4 engine: raw key first, checked at once, WAL, schema by Alembic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from vault.errors import DamagedFileError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest migration. Kept here so that opening an up-to-date vault need not
# import Alembic (a quarter of a second per command); a test checks it.
SCHEMA_HEAD = "0003"


def _silence_sqlcipher_log() -> None:
    """SQLCipher logs decryption failures to stderr; we report them ourselves, once.

    The log level is process-wide, so it is set on a throwaway in-memory
    connection: vault connections still run PRAGMA key first.
    """
    scratch = sqlcipher3.connect(":memory:")
    try:
        scratch.execute("PRAGMA cipher_log_level = NONE")
    finally:
        scratch.close()


_silence_sqlcipher_log()


def key_pragma(key: bytes) -> str:
    """The statement that gives SQLCipher a raw 256-bit key (no passphrase KDF)."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect_raw(path: Path, key: bytes) -> sqlcipher3.Connection:
    """A DB-API connection with the key set as its very first statement, then checked.

    SQLCipher accepts any key at connect time and fails only at the first read,
    so we read sqlite_master here to turn a wrong key or a damaged file into one
    clear error naming the file.
    """
    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        conn.execute(key_pragma(key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        conn.close()
        raise DamagedFileError(
            f"{path} is damaged or does not belong to this vault.") from None
    conn.execute("PRAGMA journal_mode = WAL")  # persistent; cheap to repeat
    conn.execute("PRAGMA foreign_keys = ON")
    # Freed pages are overwritten, so deleted rows don't linger (even encrypted).
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def create_vault_engine(path: Path, key: bytes) -> Engine:
    """An engine whose every pooled connection comes from connect_raw."""
    engine = create_engine(
        "sqlite://",
        module=sqlcipher3.dbapi2,
        creator=lambda: connect_raw(path, key),
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
    )

    # pysqlite's default transaction handling defers BEGIN; take control so that
    # SQLAlchemy's transactions are real SQLite transactions (as SQLAlchemy's docs advise).
    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    """The head according to the migration scripts themselves (imports Alembic)."""
    from alembic.script import ScriptDirectory

    head: str | None = ScriptDirectory.from_config(_alembic_config(None)).get_current_head()
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError:
            return None  # no alembic_version table: an empty database
    return str(version) if version is not None else None


def upgrade_to_head(engine: Engine) -> None:
    """Apply pending migrations in one transaction (SQLite DDL is transactional)."""
    current = current_revision(engine)
    if current == SCHEMA_HEAD:
        return
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    script = ScriptDirectory.from_config(_alembic_config(None))
    try:
        known = current is None or script.get_revision(current) is not None
    except CommandError:
        known = False
    if not known:
        raise DamagedFileError(
            "vault.db was written by a newer version of Holdfast; update Holdfast to open it.")
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")


def integrity_problems(path: Path, key: bytes) -> list[str]:
    """SQLCipher's page-level HMAC check and SQLite's integrity check, on a fresh connection."""
    conn = connect_raw(path, key)
    problems: list[str] = []
    try:
        for pragma in ("cipher_integrity_check", "integrity_check"):
            try:
                rows = [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}")]
            except sqlcipher3.DatabaseError as exc:
                rows = [f"the file is damaged ({exc})"]
            problems.extend(row for row in rows if row != "ok")
        return problems
    finally:
        conn.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
