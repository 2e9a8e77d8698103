"""SIGKILL at random moments during `holdfast-cli import` and `remove-recording`.

After each kill the vault must open, settle the leftovers on its own, and pass
verify: every recording is either stored whole or not at all.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.app.cli_runner import REPO
from tests.conftest import PASSWORD
from vault.crypto.keys import KdfParams
from vault.vault import create_vault, unlock_vault

KILLS = 24
SOURCE_SIZE = 24 * 1024 * 1024


def _start(vault: Path, *args: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, HOLDFAST_PASSWORD=PASSWORD,
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    return subprocess.Popen([sys.executable, "-m", "app.cli", "--vault", str(vault), *args],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _blob_work_started(vault: Path) -> bool:
    incoming = vault / "blobs" / ".incoming"
    return incoming.is_dir() and any(incoming.iterdir())


def _wait_for_blob_work(proc: subprocess.Popen[bytes], vault: Path) -> None:
    """Poll (not sleep-and-hope) until the import has begun writing its blob."""
    deadline = time.monotonic() + 30
    while not _blob_work_started(vault) and proc.poll() is None:
        if time.monotonic() > deadline:
            break
        time.sleep(0.002)


def _kill_at(proc: subprocess.Popen[bytes], vault: Path, rng: random.Random,
             phases: tuple[float, float], during_write: bool) -> None:
    """Kill after a random delay: from process start, or from the first blob byte."""
    full_run, write_phase = phases
    if during_write:
        _wait_for_blob_work(proc, vault)
    # Delays stay inside the phase measured on this machine, so nearly every run is
    # really killed, at a point spread over the whole phase.
    delay = rng.uniform(0, 0.9 * (write_phase if during_write else full_run))
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


def test_kill_anywhere_leaves_a_consistent_vault(tmp_path: Path, fast_kdf: KdfParams) -> None:
    vault_dir = tmp_path / "vault"
    create_vault(vault_dir, PASSWORD, kdf=fast_kdf)[0].close()
    source = tmp_path / "long-video.mp4"
    with open(source, "wb") as handle:
        block = os.urandom(1024 * 1024)
        for _ in range(SOURCE_SIZE // len(block)):
            handle.write(block)

    started = time.monotonic()
    calibration = _start(vault_dir, "import", str(source))
    _wait_for_blob_work(calibration, vault_dir)
    writing = time.monotonic()
    assert calibration.wait() == 0
    phases = (time.monotonic() - started, time.monotonic() - writing)

    rng = random.Random(int(os.environ.get("HOLDFAST_KILL_SEED", "20261122")))
    killed = 0
    for attempt in range(KILLS):
        if attempt % 4 == 3:
            with unlock_vault(vault_dir, PASSWORD) as vault:
                victims = [r.id for r in vault.recordings.list()]
            proc = _start(vault_dir, "remove-recording", rng.choice(victims))
        else:
            proc = _start(vault_dir, "import", str(source))
        _kill_at(proc, vault_dir, rng, phases, during_write=attempt % 2 == 0)
        killed += proc.returncode == -signal.SIGKILL
        with unlock_vault(vault_dir, PASSWORD) as vault:
            report = vault.verify()
            assert report.ok, (attempt, report.problems)
            for name in (".incoming", ".trash"):
                folder = vault_dir / "blobs" / name
                assert not folder.exists() or not any(folder.iterdir()), (attempt, name)
            rows = vault.recordings.list()
            assert all(r.size == SOURCE_SIZE for r in rows)
            assert len(vault.blobs.stored_ids()) == len(rows)
    # Most runs must really have been killed, or this test proves little.
    assert killed >= KILLS // 2, f"only {killed} of {KILLS} runs were killed"
