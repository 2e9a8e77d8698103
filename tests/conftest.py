"""Fixtures shared by every test: a real vault in tmp_path with cheap KDF parameters."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from vault.crypto.keys import KdfParams, new_kdf_params
from vault.vault import Vault, create_vault

PASSWORD = "correct horse battery"


def require_flag(name: str) -> bool:
    return os.environ.get(f"HOLDFAST_REQUIRE_{name}") == "1"


def skip_or_fail(name: str, reason: str) -> None:
    """Skip for a missing system part, unless CI demands it (HOLDFAST_REQUIRE_<name>=1)."""
    if require_flag(name):
        pytest.fail(f"{reason} (HOLDFAST_REQUIRE_{name}=1)")
    pytest.skip(reason)


@pytest.fixture
def fast_kdf() -> KdfParams:
    """Unit-test KDF: 8 MiB, 1 pass. The CLI and GUI always calibrate to >= 64 MiB."""
    return new_kdf_params(memory_kib=8 * 1024, iterations=1, lanes=1)


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def made_vault(vault_dir: Path, fast_kdf: KdfParams) -> Iterator[tuple[Vault, str]]:
    vault, code = create_vault(vault_dir, PASSWORD, kdf=fast_kdf)
    yield vault, code
    vault.close()


@pytest.fixture
def open_vault(made_vault: tuple[Vault, str]) -> Vault:
    return made_vault[0]
