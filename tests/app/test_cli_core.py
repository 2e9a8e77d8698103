"""holdfast-cli's vault and company commands, run as real processes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.app.cli_runner import PASSWORD, Result, init_vault, run_cli


def only_error_line(result: Result) -> str:
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.err
    return lines[0]


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    path = tmp_path / "vault"
    init_vault(path)
    return path


def test_init_prints_recovery_code_once_and_calibrates(tmp_path: Path) -> None:
    path = tmp_path / "v"
    result = run_cli(path, "init")
    assert result.code == 0
    assert re.fullmatch(r"([0-9A-Z]{4}-){7}[0-9A-Z]{4}\n", result.out)
    assert "recovery code" in result.err
    header = json.loads((path / "vault.json").read_text())
    assert header["kdf"]["memory_kib"] >= 65536
    again = run_cli(path, "init")
    assert again.code == 1
    assert "already a vault" in only_error_line(again)


def test_company_add_and_list(vault: Path) -> None:
    added = run_cli(vault, "company", "add", "Voicebank AI", "--country", "de",
                    "--privacy-email", "privacy@voicebank.example")
    assert added.code == 0, added.err
    company_id = added.out.strip()
    assert re.fullmatch(r"[0-9a-f]{32}", company_id)
    listed = run_cli(vault, "companies", "--json")
    assert listed.code == 0
    data = json.loads(listed.out)
    assert [(c["id"], c["name"], c["country"]) for c in data] == [
        (company_id, "Voicebank AI", "DE")]
    table = run_cli(vault, "companies")
    assert "Voicebank AI" in table.out and "privacy@voicebank.example" in table.out
    shown = run_cli(vault, "company", "show", company_id[:6], "--json")
    assert json.loads(shown.out)["privacy_email"] == "privacy@voicebank.example"


def test_empty_listing_is_an_empty_json_array(vault: Path) -> None:
    result = run_cli(vault, "companies", "--json")
    assert result.code == 0
    assert json.loads(result.out) == []


def test_bad_input_is_one_error_line(vault: Path) -> None:
    bad = run_cli(vault, "company", "add", "X", "--country", "Germany")
    assert bad.code == 2
    assert "not a country code" in only_error_line(bad)
    run_cli(vault, "company", "add", "Dup Inc")
    dup = run_cli(vault, "company", "add", "dup inc")
    assert dup.code == 2 and "already a company" in only_error_line(dup)
    missing = run_cli(vault, "company", "show", "nonexistent")
    assert missing.code == 1 and "no company" in only_error_line(missing)


def test_wrong_password_exit_2(vault: Path) -> None:
    result = run_cli(vault, "companies", password="wrong password!")
    assert result.code == 2
    assert only_error_line(result) == "error: Wrong password."


def test_no_password_and_no_terminal(vault: Path) -> None:
    result = run_cli(vault, "companies", password=None, stdin="")
    assert result.code == 2
    assert "HOLDFAST_PASSWORD" in only_error_line(result)


def test_password_file(vault: Path, tmp_path: Path) -> None:
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n")
    result = run_cli(vault, "--password-file", str(secret), "companies", "--json",
                     password=None)
    assert result.code == 0, result.err


def test_missing_vault(tmp_path: Path) -> None:
    result = run_cli(tmp_path / "none", "companies")
    assert result.code == 1
    assert "no vault" in only_error_line(result)


def test_damaged_database_names_file(vault: Path) -> None:
    with open(vault / "vault.db", "r+b") as handle:
        handle.write(b"\0" * 32)
    result = run_cli(vault, "companies")
    assert result.code == 1
    assert "vault.db" in only_error_line(result)


def test_passwd_then_old_password_fails(vault: Path) -> None:
    env_new = "the new password 123"
    import os

    env = dict(os.environ, HOLDFAST_NEW_PASSWORD=env_new)
    changed = run_cli(vault, "passwd", env=env)
    assert changed.code == 0, changed.err
    assert run_cli(vault, "companies", password=PASSWORD).code == 2
    assert run_cli(vault, "companies", password=env_new).code == 0


def test_export_db_key_opens_with_sqlcipher(vault: Path) -> None:
    run_cli(vault, "company", "add", "Keyholder Ltd")
    result = run_cli(vault, "export-db-key")
    assert result.code == 0
    assert "warning" in result.err
    key = result.out.strip()
    assert re.fullmatch(r"x'[0-9a-f]{64}'", key)
    import sqlcipher3

    conn = sqlcipher3.connect(str(vault / "vault.db"))
    conn.execute(f'PRAGMA key = "{key}"')
    assert conn.execute("SELECT name FROM company").fetchall() == [("Keyholder Ltd",)]
    conn.close()


def test_verify_ok_and_json(vault: Path) -> None:
    result = run_cli(vault, "verify")
    assert result.code == 0, result.err
    assert "All is well" in result.err
    as_json = run_cli(vault, "verify", "--json")
    assert json.loads(as_json.out)["ok"] is True


def test_remember_refused_without_system_keyring(vault: Path) -> None:
    result = run_cli(vault, "unlock", "--remember")  # runner forces the fail backend
    assert result.code == 2
    assert "keyring" in only_error_line(result).lower()


def test_usage_error_exit_2(vault: Path) -> None:
    result = run_cli(vault, "no-such-command")
    assert result.code == 2
    assert "error:" in result.err


def test_recover_with_recovery_code(tmp_path: Path) -> None:
    import os

    vault = tmp_path / "v"
    code = init_vault(vault)
    env = dict(os.environ, HOLDFAST_RECOVERY_CODE=code.lower(),
               HOLDFAST_NEW_PASSWORD="my fresh password")
    result = run_cli(vault, "recover", env=env, password=None)
    assert result.code == 0, result.err
    assert run_cli(vault, "companies", password="my fresh password").code == 0
    assert run_cli(vault, "companies", password=PASSWORD).code == 2
    wrong = dict(env, HOLDFAST_RECOVERY_CODE="AAAA-" * 7 + "AAAA")
    refused = run_cli(vault, "recover", env=wrong, password=None)
    assert refused.code == 2
    assert only_error_line(refused) == "error: Wrong recovery code."
