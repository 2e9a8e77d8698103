"""The demo vault: made-up data built through the services, always in a lively state."""

from __future__ import annotations

import io
import wave
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.demo import DEMO_PASSWORD, build_demo_vault
from vault.crypto.keys import KdfParams
from vault.vault import Vault, unlock_vault

TODAY = date(2026, 12, 4)


@pytest.fixture
def demo(tmp_path: Path, fast_kdf: KdfParams) -> Iterator[Vault]:
    vault, password = build_demo_vault(tmp_path / "demo", TODAY, kdf=fast_kdf)
    assert password == DEMO_PASSWORD
    yield vault
    vault.close()


def test_counts_and_profile(demo: Vault) -> None:
    assert sorted(c.name for c in demo.companies.list()) == [
        "FaceForge Studios", "Gigly", "Voicebank AI"]
    assert len(demo.recordings.list()) == 7
    assert len(demo.agreements.list()) == 3
    assert len(demo.requests.list()) == 5
    profile = demo.profile.get()
    assert (profile.name, profile.email) == ("Ana Lima", "ana@example.org")


def test_requests_cover_many_states(demo: Vault) -> None:
    states = {r.status_on(TODAY) for r in demo.requests.list()}
    assert {"draft", "sent", "overdue", "extended", "answered-complete"} <= states


def test_clauses_and_reminders(demo: Vault) -> None:
    findings = demo.insights.clause_flags()
    # Both the PDF (text layer read back) and the text file are analysed.
    assert {f.document_name for f in findings} == {"voice-licence.pdf", "likeness-release.txt"}
    reminders = demo.reminders.all(TODAY)
    assert any(r.due_on <= TODAY for r in reminders)  # due now
    assert any(r.due_on > TODAY for r in reminders)  # and coming up


def test_vault_verifies_and_no_inputs_are_left(demo: Vault, tmp_path: Path) -> None:
    assert demo.verify().problems == []
    root = tmp_path / "demo"
    assert not [p for p in root.iterdir() if p.name.startswith(".demo-inputs")]
    demo.close()
    unlock_vault(root, DEMO_PASSWORD).close()  # the password in the notice works


def test_recordings_decrypt_to_valid_wavs(demo: Vault) -> None:
    voices = [r for r in demo.recordings.list() if r.kind == "voice"]
    lengths = []
    for info in voices:
        with demo.recordings.open_reader(info.id) as reader:
            data = reader.read()
        with wave.open(io.BytesIO(data)) as wav:
            assert wav.getframerate() == 16000 and wav.getnchannels() == 1
            lengths.append(wav.getnframes())
    assert len(set(lengths)) == 3  # different lengths
