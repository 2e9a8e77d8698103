"""Where things live on this computer (platformdirs), and how to override it."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "Holdfast"
VAULT_ENV = "HOLDFAST_VAULT"


def default_vault_dir() -> Path:
    """HOLDFAST_VAULT if set, else e.g. ~/.local/share/Holdfast/vault on Linux."""
    override = os.environ.get(VAULT_ENV)
    if override:
        return Path(override).expanduser()
    return user_data_path(APP_NAME, appauthor=False) / "vault"
