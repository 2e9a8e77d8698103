"""The vault core against real SQLCipher files: create, unlock, faults, re-keying."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
import sqlcipher3

from tests.conftest import PASSWORD
from vault.crypto.keys import KdfParams, new_kdf_params
from vault.errors import (
    DamagedFileError,
    InvalidInputError,
    VaultExistsError,
    VaultNotFoundError,
    WrongPasswordError,
)
from vault.storage.database import current_revision, head_revision, key_pragma
from vault.vault import (
    Vault,
    change_password,
    create_vault,
    reset_password_with_recovery_code,
    unlock_vault,
)

SECRET_NAME = "Zyxwvut Voice Licensing GmbH"


def test_create_writes_private_files_and_unlocks(vault_dir: Path, fast_kdf: KdfParams) -> None:
    vault, code = create_vault(vault_dir, PASSWORD, kdf=fast_kdf)
    vault.close()
    assert sorted(p.name for p in vault_dir.iterdir()) == ["blobs", "vault.db", "vault.json"]
    for name in ("vault.json", "vault.db"):
        assert stat.S_IMODE((vault_dir / name).stat().st_mode) == 0o600
    assert stat.S_IMODE(vault_dir.stat().st_mode) == 0o700
    assert len(code.replace("-", "")) == 32
    with unlock_vault(vault_dir, PASSWORD) as again:
        assert again.id == vault.id


def test_header_records_kdf_and_wraps(vault_dir: Path, fast_kdf: KdfParams) -> None:
    create_vault(vault_dir, PASSWORD, kdf=fast_kdf)[0].close()
    header = json.loads((vault_dir / "vault.json").read_text())
    assert header["format"] == "holdfast-vault"
    assert header["kdf"]["name"] == "argon2id"
    assert header["kdf"]["memory_kib"] == fast_kdf.memory_kib
    assert set(header["recovery_wrap"]) == {"salt", "nonce", "ciphertext"}


def test_default_kdf_is_calibrated_and_at_least_64_mib() -> None:
    params = new_kdf_params()
    assert params.memory_kib >= 64 * 1024
    assert params.iterations >= 3


def test_wrong_password_is_one_clear_error_and_changes_nothing(
        open_vault: Vault, vault_dir: Path) -> None:
    open_vault.close()
    before = {p.name: p.read_bytes() for p in vault_dir.iterdir() if p.is_file()}
    with pytest.raises(WrongPasswordError, match=r"^Wrong password\.$"):
        unlock_vault(vault_dir, "not the password")
    after = {p.name: p.read_bytes() for p in vault_dir.iterdir() if p.is_file()}
    assert after == before


def test_no_vault_here(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFoundError, match="no vault"):
        unlock_vault(tmp_path / "nothing", PASSWORD)


def test_create_refuses_existing_or_non_empty(open_vault: Vault, vault_dir: Path,
                                              tmp_path: Path, fast_kdf: KdfParams) -> None:
    with pytest.raises(VaultExistsError):
        create_vault(vault_dir, PASSWORD, kdf=fast_kdf)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "holiday.jpg").write_bytes(b"x")
    with pytest.raises(VaultExistsError, match="not empty"):
        create_vault(busy, PASSWORD, kdf=fast_kdf)
    assert [p.name for p in busy.iterdir()] == ["holiday.jpg"]


def test_short_password_refused(vault_dir: Path, fast_kdf: KdfParams) -> None:
    with pytest.raises(InvalidInputError, match="at least 8"):
        create_vault(vault_dir, "short", kdf=fast_kdf)
    assert not vault_dir.exists()


@pytest.mark.parametrize("damage", ["truncate", "garbage", "foreign-json", "flip-wrap",
                                    "flip-kdf", "empty", "directory"])
def test_damaged_header_names_the_file(open_vault: Vault, vault_dir: Path, damage: str) -> None:
    open_vault.close()
    header = vault_dir / "vault.json"
    raw = header.read_bytes()
    data = json.loads(raw)
    if damage == "truncate":
        header.write_bytes(raw[: len(raw) // 2])
    elif damage == "garbage":
        header.write_bytes(os.urandom(300))
    elif damage == "foreign-json":
        header.write_text(json.dumps({"hello": "world"}))
    elif damage == "empty":
        header.write_bytes(b"")
    elif damage == "directory":
        header.unlink()
        header.mkdir()
    elif damage == "flip-wrap":
        ct = bytearray(__import__("base64").b64decode(data["password_wrap"]["ciphertext"]))
        ct[0] ^= 1
        data["password_wrap"]["ciphertext"] = __import__("base64").b64encode(ct).decode()
        header.write_text(json.dumps(data))
    elif damage == "flip-kdf":
        # Associated data binds the KDF parameters: a downgraded header must not unlock.
        data["kdf"]["iterations"] += 1
        header.write_text(json.dumps(data))
    if damage in ("flip-wrap", "flip-kdf"):
        with pytest.raises(WrongPasswordError):
            unlock_vault(vault_dir, PASSWORD)
    else:
        with pytest.raises(DamagedFileError, match=r"vault\.json"):
            unlock_vault(vault_dir, PASSWORD)


@pytest.mark.parametrize("damage", ["truncate", "garbage-page", "missing", "foreign-db"])
def test_damaged_database_names_the_file(open_vault: Vault, vault_dir: Path,
                                         tmp_path: Path, fast_kdf: KdfParams,
                                         damage: str) -> None:
    open_vault.companies.add(SECRET_NAME)
    open_vault.close()
    db = vault_dir / "vault.db"
    if damage == "truncate":
        with open(db, "r+b") as handle:
            handle.truncate(100)
    elif damage == "garbage-page":
        with open(db, "r+b") as handle:
            handle.write(os.urandom(64))
    elif damage == "missing":
        db.unlink()
    elif damage == "foreign-db":
        other, _ = create_vault(tmp_path / "other", PASSWORD, kdf=fast_kdf)
        other.close()
        db.write_bytes((tmp_path / "other" / "vault.db").read_bytes())
    with pytest.raises(DamagedFileError, match=r"vault\.db"):
        unlock_vault(vault_dir, PASSWORD).close()


def test_damage_inside_the_database_is_found_by_verify(open_vault: Vault,
                                                       vault_dir: Path) -> None:
    for i in range(200):
        open_vault.companies.add(f"Company {i}", notes="x" * 500)
    open_vault.close()
    db = vault_dir / "vault.db"
    size = db.stat().st_size
    assert size > 8 * 4096
    with open(db, "r+b") as handle:
        handle.seek(size - 3000)  # inside a data page, not page 1
        handle.write(b"\x00" * 16)
    try:
        vault = unlock_vault(vault_dir, PASSWORD)
    except DamagedFileError:
        return  # also acceptable: found at open
    with vault:
        report = vault.verify()
    assert not report.ok
    assert all(p.startswith("vault.db") for p in report.problems)


def test_database_holds_no_plaintext(open_vault: Vault, vault_dir: Path) -> None:
    open_vault.companies.add(SECRET_NAME, privacy_email="dpo@zyxwvut.example",
                             notes="Contract 77-QQ-PLAINTEXT-CANARY")
    open_vault.close()
    for path in vault_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in (b"Zyxwvut", b"PLAINTEXT-CANARY", b"zyxwvut.example", b"SQLite format"):
                assert needle not in data, f"{needle!r} found in {path.name}"


def test_stock_sqlcipher_opens_with_exported_key(open_vault: Vault, vault_dir: Path) -> None:
    open_vault.companies.add(SECRET_NAME)
    key = open_vault.keys.database_key
    open_vault.close()
    conn = sqlcipher3.connect(str(vault_dir / "vault.db"))
    conn.execute(key_pragma(key))
    assert conn.execute("SELECT name FROM company").fetchall() == [(SECRET_NAME,)]
    conn.close()


def test_migrations_upgrade_empty_database_to_head(tmp_path: Path) -> None:
    from vault.storage.database import create_vault_engine, upgrade_to_head

    engine = create_vault_engine(tmp_path / "empty.db", os.urandom(32))
    try:
        assert current_revision(engine) is None
        upgrade_to_head(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            tables = {r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"company", "recording", "alembic_version"} <= tables
        assert conn.closed
    finally:
        engine.dispose()


def test_schema_head_constant_matches_migrations() -> None:
    from vault.storage.database import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD


def test_database_is_in_wal_mode(open_vault: Vault) -> None:
    with open_vault.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_password_change_rewraps_only(open_vault: Vault, vault_dir: Path,
                                      fast_kdf: KdfParams) -> None:
    open_vault.companies.add(SECRET_NAME)
    open_vault.close()
    db_before = (vault_dir / "vault.db").read_bytes()
    recovery_before = json.loads((vault_dir / "vault.json").read_text())["recovery_wrap"]
    new_kdf = new_kdf_params(memory_kib=8 * 1024, iterations=1, lanes=1)
    change_password(vault_dir, PASSWORD, "a brand new password", kdf=new_kdf)
    assert (vault_dir / "vault.db").read_bytes() == db_before
    assert json.loads((vault_dir / "vault.json").read_text())["recovery_wrap"] == recovery_before
    with pytest.raises(WrongPasswordError):
        unlock_vault(vault_dir, PASSWORD)
    with unlock_vault(vault_dir, "a brand new password") as vault:
        assert [c.name for c in vault.companies.list()] == [SECRET_NAME]


def test_password_change_with_wrong_old_password(open_vault: Vault, vault_dir: Path,
                                                 fast_kdf: KdfParams) -> None:
    open_vault.close()
    header_before = (vault_dir / "vault.json").read_bytes()
    with pytest.raises(WrongPasswordError):
        change_password(vault_dir, "nope nope nope", "another password", kdf=fast_kdf)
    assert (vault_dir / "vault.json").read_bytes() == header_before


def test_recovery_code_resets_password(made_vault: tuple[Vault, str], vault_dir: Path,
                                       fast_kdf: KdfParams) -> None:
    vault, code = made_vault
    vault.companies.add(SECRET_NAME)
    vault.close()
    typed = code.lower().replace("-", " ")  # as a person might type it
    reset_password_with_recovery_code(vault_dir, typed, "recovered password", kdf=fast_kdf)
    with unlock_vault(vault_dir, "recovered password") as again:
        assert [c.name for c in again.companies.list()] == [SECRET_NAME]
    # The code still works afterwards: the person keeps the same piece of paper.
    reset_password_with_recovery_code(vault_dir, code, "second recovery", kdf=fast_kdf)
    unlock_vault(vault_dir, "second recovery").close()


def test_wrong_recovery_code(made_vault: tuple[Vault, str], vault_dir: Path,
                             fast_kdf: KdfParams) -> None:
    vault, code = made_vault
    vault.close()
    wrong = ("A" if code[0] != "A" else "B") + code[1:]
    with pytest.raises(WrongPasswordError, match="recovery code"):
        reset_password_with_recovery_code(vault_dir, wrong, "whatever pass", kdf=fast_kdf)
    with pytest.raises(InvalidInputError, match="not a recovery code"):
        reset_password_with_recovery_code(vault_dir, "1234", "whatever pass", kdf=fast_kdf)
    unlock_vault(vault_dir, PASSWORD).close()


def test_interrupted_create_leaves_nothing(tmp_path: Path, fast_kdf: KdfParams,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import vault.vault as vault_module

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(vault_module, "write_header", boom)
    with pytest.raises(OSError):
        create_vault(tmp_path / "v", PASSWORD, kdf=fast_kdf)
    assert list(tmp_path.iterdir()) == []


def test_close_drops_the_engine(open_vault: Vault) -> None:
    open_vault.close()
    assert not open_vault.is_open
    with pytest.raises(RuntimeError, match="locked"):
        _ = open_vault.engine


def test_database_from_a_newer_version_is_refused(open_vault: Vault, vault_dir: Path) -> None:
    with open_vault.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    open_vault.close()
    with pytest.raises(DamagedFileError, match="newer version"):
        unlock_vault(vault_dir, PASSWORD)


def test_migrations_match_the_models(tmp_path: Path) -> None:
    """Alembic's autogenerate finds no difference between migrated schema and models."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from vault.models import Base
    from vault.storage.database import create_vault_engine, upgrade_to_head

    engine = create_vault_engine(tmp_path / "m.db", os.urandom(32))
    try:
        upgrade_to_head(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        engine.dispose()


def test_upgrade_from_first_schema_keeps_data(tmp_path: Path) -> None:
    """A vault made by the first release (schema 0001) upgrades in place."""
    from alembic import command

    from vault.storage.database import _alembic_config, create_vault_engine, upgrade_to_head

    key = os.urandom(32)
    engine = create_vault_engine(tmp_path / "old.db", key)
    try:
        with engine.begin() as conn:
            command.upgrade(_alembic_config(conn), "0001")
            conn.exec_driver_sql(
                "INSERT INTO company (id, name, created_at, updated_at) VALUES "
                "('c1', 'Old Co', '2026-01-01 00:00:00', '2026-01-01 00:00:00')")
        upgrade_to_head(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT name FROM company").scalars().all() == ["Old Co"]
            assert conn.exec_driver_sql("SELECT count(*) FROM agreement").scalar() == 0
    finally:
        engine.dispose()
