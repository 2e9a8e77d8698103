"""Interoperability of vault.crypto.age with the reference `age` command."""

from __future__ import annotations

import hashlib
import io
import os
import pty
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from vault.crypto.age import (
    AgeReader,
    ScryptIdentity,
    ScryptRecipient,
    X25519Identity,
    X25519Recipient,
    decrypt_stream,
    encrypt_stream,
)

SIZES = [0, 1, 65535, 65536, 65537, 3 * 65536 + 5]


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        reason = f"the {name!r} command is not on PATH"
        if os.environ.get("HOLDFAST_REQUIRE_AGE") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="module")
def age() -> str:
    return tool("age")


@pytest.fixture(scope="module")
def age_keygen() -> str:
    return tool("age-keygen")


def plaintext(size: int) -> bytes:
    return hashlib.shake_256(size.to_bytes(8, "big")).digest(size) if size else b""


def run(*argv: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(argv, check=True, capture_output=True, timeout=60)


@pytest.mark.parametrize("size", SIZES)
def test_age_decrypts_ours(age: str, tmp_path: Path, size: int) -> None:
    identity = X25519Identity.generate()
    keyfile = tmp_path / "key.txt"
    keyfile.write_text(identity.to_string() + "\n")
    data = plaintext(size)
    encrypted = tmp_path / "file.age"
    with encrypted.open("wb") as dst:
        assert encrypt_stream(io.BytesIO(data), dst, [identity.recipient]) == size
    # stdout, because age creates an -o file only once it has output to write.
    assert run(age, "-d", "-i", str(keyfile), str(encrypted)).stdout == data


@pytest.mark.parametrize("size", SIZES)
def test_we_decrypt_age(age: str, tmp_path: Path, size: int) -> None:
    identity = X25519Identity.generate()
    data = plaintext(size)
    (tmp_path / "plain").write_bytes(data)
    encrypted = tmp_path / "file.age"
    recipient = identity.recipient.to_string()
    run(age, "-r", recipient, "-o", str(encrypted), str(tmp_path / "plain"))

    out = io.BytesIO()
    with encrypted.open("rb") as src:
        assert decrypt_stream(src, out, [identity]) == size
    assert out.getvalue() == data

    with encrypted.open("rb") as src:
        reader = AgeReader(src, [identity])
        assert reader.size == size
        assert reader.read() == data
        middle = size // 2
        assert reader.read_range(middle, 70000) == data[middle : middle + 70000]
        assert reader.seek(-min(size, 1), io.SEEK_END) == max(size - 1, 0)
        assert reader.read() == data[-1:]


def test_multiple_recipients(age: str, age_keygen: str, tmp_path: Path) -> None:
    theirs = tmp_path / "theirs.txt"
    run(age_keygen, "-o", str(theirs))
    theirs_recipient = X25519Recipient.parse(run(age_keygen, "-y", str(theirs)).stdout.decode())
    ours = X25519Identity.generate()
    data = plaintext(200_000)
    encrypted = tmp_path / "file.age"
    with encrypted.open("wb") as dst:
        encrypt_stream(io.BytesIO(data), dst, [ours.recipient, theirs_recipient])
    out = run(age, "-d", "-i", str(theirs), str(encrypted)).stdout
    assert out == data
    with encrypted.open("rb") as src:
        assert AgeReader(src, [ours]).read() == data


def test_keygen_identity_parses(age_keygen: str, tmp_path: Path) -> None:
    keyfile = tmp_path / "key.txt"
    run(age_keygen, "-o", str(keyfile))
    lines = keyfile.read_text().splitlines()
    secret = next(line for line in lines if line.startswith("AGE-SECRET-KEY-1"))
    public = run(age_keygen, "-y", str(keyfile)).stdout.decode().strip()
    identity = X25519Identity.parse(secret)
    assert identity.to_string() == secret
    assert identity.recipient.to_string() == public
    assert X25519Recipient.parse(public) == identity.recipient
    assert f"# public key: {public}" in lines


def test_our_identity_string_accepted_by_keygen(age_keygen: str, tmp_path: Path) -> None:
    identity = X25519Identity.generate()
    keyfile = tmp_path / "key.txt"
    keyfile.write_text(identity.to_string() + "\n")
    public = run(age_keygen, "-y", str(keyfile)).stdout.decode().strip()
    assert public == identity.recipient.to_string()


def run_with_passphrase(argv: list[str], passphrase: str, prompts: int) -> int:
    """Run age with a pseudo-terminal, as it reads passphrases only from a TTY."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - child process
        try:
            os.execv(argv[0], argv)
        finally:
            os._exit(127)
    seen, answered, deadline = b"", 0, time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if not ready:
                continue
            try:
                data = os.read(fd, 1024)
            except OSError:
                break
            if not data:
                break
            seen += data
            if answered < prompts and seen.lower().count(b"passphrase") > answered:
                os.write(fd, passphrase.encode() + b"\n")
                answered += 1
    finally:
        os.close(fd)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def test_age_decrypts_our_passphrase_file(age: str, tmp_path: Path) -> None:
    data = plaintext(70_000)
    encrypted = tmp_path / "file.age"
    with encrypted.open("wb") as dst:
        encrypt_stream(io.BytesIO(data), dst, [ScryptRecipient("correct horse", 10)])
    out = tmp_path / "out"
    assert run_with_passphrase([age, "-d", "-o", str(out), str(encrypted)], "correct horse", 1) == 0
    assert out.read_bytes() == data


def test_we_decrypt_age_passphrase_file(age: str, tmp_path: Path) -> None:
    data = plaintext(70_000)
    (tmp_path / "plain").write_bytes(data)
    encrypted = tmp_path / "file.age"
    argv = [age, "-p", "-o", str(encrypted), str(tmp_path / "plain")]
    assert run_with_passphrase(argv, "battery staple", 2) == 0
    with encrypted.open("rb") as src:
        assert AgeReader(src, [ScryptIdentity("battery staple")]).read() == data
