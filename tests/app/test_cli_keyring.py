"""`unlock --remember` and `forget` against a real, private Secret Service."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.cli_runner import PASSWORD, run_cli
from tests.secret_service import (
    SecretServiceStartError,
    private_secret_service,
    secret_service_missing,
    skip_or_fail,
)


def test_remember_then_forget(tmp_path: Path) -> None:
    missing = secret_service_missing()
    if missing:
        skip_or_fail(missing)
    vault = tmp_path / "vault"
    try:
        with private_secret_service(tmp_path) as env:
            env_with_password = dict(env, HOLDFAST_PASSWORD=PASSWORD,
                                     HOLDFAST_NEW_PASSWORD=PASSWORD)
            assert run_cli(vault, "init", env=env_with_password).code == 0
            assert run_cli(vault, "company", "add", "Remembered Ltd",
                           env=env_with_password).code == 0
            remembered = run_cli(vault, "unlock", "--remember", env=env_with_password)
            assert remembered.code == 0, remembered.err
            assert "Secret Service" in remembered.err

            # No password anywhere, no terminal: the remembered key opens the vault.
            listed = run_cli(vault, "companies", "--json", password=None, env=env, stdin="")
            assert listed.code == 0, listed.err
            assert "Remembered Ltd" in listed.out

            forgot = run_cli(vault, "forget", password=None, env=env)
            assert forgot.code == 0 and "no longer remembers" in forgot.err
            again = run_cli(vault, "companies", password=None, env=env, stdin="")
            assert again.code == 2
            assert "No password given" in again.err
    except SecretServiceStartError as error:
        skip_or_fail(f"the private Secret Service did not start: {error}")


def test_wrong_password_is_not_remembered(tmp_path: Path) -> None:
    missing = secret_service_missing()
    if missing:
        skip_or_fail(missing)
    vault = tmp_path / "vault"
    try:
        with private_secret_service(tmp_path) as env:
            good = dict(env, HOLDFAST_PASSWORD=PASSWORD, HOLDFAST_NEW_PASSWORD=PASSWORD)
            assert run_cli(vault, "init", env=good).code == 0
            result = run_cli(vault, "unlock", "--remember", password="not the password",
                             env=env)
            assert result.code == 2 and "Wrong password" in result.err
            assert run_cli(vault, "companies", password=None, env=env, stdin="").code == 2
    except SecretServiceStartError as error:
        skip_or_fail(f"the private Secret Service did not start: {error}")


pytestmark = pytest.mark.timeout(120)
