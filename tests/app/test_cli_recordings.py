"""holdfast-cli recording commands, and interoperability with the stock age CLI."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.app.cli_runner import init_vault, run_cli
from tests.conftest import skip_or_fail


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "vault"
    init_vault(path)
    return path


def test_import_lists_exports_and_removes(vault: Path, tmp_path: Path) -> None:
    voice = tmp_path / "reading.wav"
    voice.write_bytes(os.urandom(150_000))
    chat = tmp_path / "chat-log.txt"
    chat.write_text("hello\n" * 100)
    result = run_cli(vault, "import", str(voice), str(chat), "--captured-on", "2026-05-04")
    assert result.code == 0, result.err
    ids = result.out.split()
    assert len(ids) == 2
    listed = {r["id"]: r for r in json.loads(run_cli(vault, "recordings", "--json").out)}
    entry = listed[ids[0]]
    assert entry["kind"] == "voice" and entry["size"] == 150_000
    assert entry["sha256"] == hashlib.sha256(voice.read_bytes()).hexdigest()
    assert entry["captured_on"] == "2026-05-04" and entry["original_name"] == "reading.wav"
    assert listed[ids[1]]["kind"] == "chat"

    out = tmp_path / "copy.wav"
    exported = run_cli(vault, "export-recording", ids[0], "-o", str(out))
    assert exported.code == 0 and out.read_bytes() == voice.read_bytes()
    assert "decrypted copy" in exported.err
    to_stdout = subprocess.run(
        [*_cli(vault), "export-recording", ids[1][:8], "-o", "-"], capture_output=True,
        env=_env(), cwd=Path(__file__).resolve().parents[2], check=False)
    assert to_stdout.returncode == 0 and to_stdout.stdout == chat.read_bytes()

    removed = run_cli(vault, "remove-recording", ids[1])
    assert removed.code == 0
    remaining = [r["id"] for r in json.loads(run_cli(vault, "recordings", "--json").out)]
    assert ids[1] not in remaining


def test_import_json_and_kind(vault: Path, tmp_path: Path) -> None:
    scan = tmp_path / "scan.bin"
    scan.write_bytes(b"\x01" * 999)
    result = run_cli(vault, "import", str(scan), "--kind", "face", "--title", "Face scan",
                     "--json")
    assert result.code == 0, result.err
    (obj,) = json.loads(result.out)
    assert (obj["kind"], obj["title"], obj["size"]) == ("face", "Face scan", 999)


def test_import_bad_paths_store_nothing(vault: Path, tmp_path: Path) -> None:
    before = run_cli(vault, "recordings", "--json").out
    good = tmp_path / "good.wav"
    good.write_bytes(b"x" * 10)
    result = run_cli(vault, "import", str(good), str(tmp_path / "missing.wav"))
    assert result.code == 2
    assert result.err.strip() == f"error: There is no file {tmp_path / 'missing.wav'}."
    assert run_cli(vault, "recordings", "--json").out == before
    bad_date = run_cli(vault, "import", str(good), "--captured-on", "May 4")
    assert bad_date.code == 2 and "YYYY-MM-DD" in bad_date.err


def test_tampered_blob_verify_and_export(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    init_vault(vault)
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(os.urandom(200_000))
    rec_id = run_cli(vault, "import", str(clip)).out.strip()
    assert run_cli(vault, "verify").code == 0
    (blob,) = [p for p in (vault / "blobs").iterdir() if p.is_file()]
    with open(blob, "r+b") as handle:
        handle.seek(100_000)
        byte = handle.read(1)
        handle.seek(100_000)
        handle.write(bytes([byte[0] ^ 1]))
    verify = run_cli(vault, "verify")
    assert verify.code == 1
    assert verify.out.strip() == (f"Recording {rec_id[:8]} (clip) is damaged or has been "
                                  "tampered with.")
    out = tmp_path / "out"
    out.mkdir()
    exported = run_cli(vault, "export-recording", rec_id, "-o", str(out / "clip.mp4"))
    assert exported.code == 1
    assert "damaged or has been tampered with" in exported.err
    assert list(out.iterdir()) == []


def _cli(vault: Path) -> list[str]:
    import sys

    return [sys.executable, "-m", "app.cli", "--vault", str(vault)]


def _env() -> dict[str, str]:
    from tests.app.cli_runner import PASSWORD

    return dict(os.environ, HOLDFAST_PASSWORD=PASSWORD,
                PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")


def _age() -> str:
    path = shutil.which("age")
    if path is None:
        skip_or_fail("AGE", "the age command is not installed (Debian package: age)")
    assert path is not None
    return path


def test_stock_age_decrypts_blobs_with_exported_identity(vault: Path, tmp_path: Path) -> None:
    age = _age()
    data = os.urandom(3 * 65536 + 17)
    source = tmp_path / "gait.bvh"
    source.write_bytes(data)
    rec_id = run_cli(vault, "import", str(source)).out.strip()
    identity = run_cli(vault, "export-identity")
    assert identity.code == 0 and "warning" in identity.err
    assert identity.out.startswith("AGE-SECRET-KEY-1")
    key_file = tmp_path / "identity.txt"
    key_file.write_text(identity.out)
    sha = hashlib.sha256(data).hexdigest()
    (blob,) = [p for p in (vault / "blobs").iterdir() if p.is_file()
               and subprocess.run([age, "-d", "-i", str(key_file), str(p)], capture_output=True,
                                  check=False).stdout == data]
    assert json.loads(run_cli(vault, "recording", "show", rec_id, "--json").out)["sha256"] == sha
    assert blob.name != source.name


def test_file_from_stock_age_reads_back(vault: Path, tmp_path: Path) -> None:
    """A file age -r made for the vault's recipient opens with our seekable reader."""
    age = _age()
    from vault.crypto.age import AgeReader, X25519Identity

    identity = X25519Identity.parse(run_cli(vault, "export-identity").out.strip())
    data = os.urandom(200_000)
    plain = tmp_path / "p.bin"
    plain.write_bytes(data)
    enc = tmp_path / "p.age"
    subprocess.run([age, "-r", identity.recipient.to_string(), "-o", str(enc), str(plain)],
                   check=True)
    with open(enc, "rb") as handle, AgeReader(handle, identity) as reader:
        assert reader.size == len(data)
        assert reader.read_range(131_000, 5000) == data[131_000:136_000]
