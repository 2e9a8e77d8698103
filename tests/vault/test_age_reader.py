"""Property tests of the seekable AgeReader, tampering, and the AgeWriter."""

from __future__ import annotations

import functools
import hashlib
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vault.crypto import age_stream
from vault.crypto.age import (
    AgeReader,
    AgeWriter,
    MLKEM768X25519Identity,
    ScryptIdentity,
    ScryptRecipient,
    X25519Identity,
    decrypt_bytes,
    decrypt_stream,
    encrypt_bytes,
    encrypt_stream,
)
from vault.crypto.age_header import read_header
from vault.errors import AgeError, AgeHeaderError, AgeNoMatchError, AgePayloadError

C = age_stream.CHUNK_SIZE
E = age_stream.ENC_CHUNK_SIZE
IDENTITY = X25519Identity.generate()
BOUNDARY_SIZES = [0, 1, C - 1, C, C + 1, 2 * C, 2 * C + 1, 3 * C + 5]
sizes = st.one_of(st.sampled_from(BOUNDARY_SIZES), st.integers(0, 300_000))
fast = settings(max_examples=40, deadline=None)


@functools.lru_cache(maxsize=64)
def sample(size: int) -> tuple[bytes, bytes]:
    """Deterministic plaintext of `size` bytes and one encryption of it."""
    plain = hashlib.shake_256(size.to_bytes(8, "big")).digest(size) if size else b""
    return plain, encrypt_bytes(plain, [IDENTITY.recipient])


def payload_start(encrypted: bytes) -> int:
    header, _ = read_header(io.BytesIO(encrypted))
    return header.size + age_stream.STREAM_NONCE_SIZE


def open_reader(data: bytes) -> AgeReader:
    return AgeReader(io.BytesIO(data), [IDENTITY])


@fast
@given(size=sizes, data=st.data())
def test_read_range_matches_slice(size: int, data: st.DataObject) -> None:
    plain, encrypted = sample(size)
    reader = open_reader(encrypted)
    assert reader.size == size
    for _ in range(5):
        offset = data.draw(st.integers(0, size + 70_000))
        length = data.draw(st.one_of(st.integers(0, 200_000), st.sampled_from([0, 1, C, C + 1])))
        assert reader.read_range(offset, length) == plain[offset : offset + length]


seek_ops = st.lists(
    st.one_of(
        st.tuples(st.just("seek"), st.integers(-400_000, 400_000), st.sampled_from([0, 1, 2])),
        st.tuples(st.just("read"), st.integers(-1, 150_000), st.just(0)),
        st.tuples(st.just("readinto"), st.integers(0, 150_000), st.just(0)),
    ),
    max_size=12,
)


@fast
@given(size=sizes, ops=seek_ops)
def test_seek_read_tell_like_bytesio(size: int, ops: list[tuple[str, int, int]]) -> None:
    """A plaintext BytesIO is the model for seek/tell/read semantics."""
    plain, encrypted = sample(size)
    reader, model = open_reader(encrypted), io.BytesIO(plain)
    for op, value, whence in ops:
        if op == "seek":
            base = (0, model.tell(), size)[whence]
            if base + value < 0:
                # Like a real file (BytesIO would clamp to 0 instead).
                with pytest.raises(ValueError):
                    reader.seek(value, whence)
                continue
            assert reader.seek(value, whence) == model.seek(value, whence)
        elif op == "read":
            assert reader.read(value) == model.read(value)
        else:
            ours, theirs = bytearray(value), bytearray(value)
            assert reader.readinto(ours) == model.readinto(theirs)
            assert ours == theirs
        assert reader.tell() == model.tell()


def test_reader_is_a_raw_stream() -> None:
    plain, encrypted = sample(3 * C + 5)
    reader = open_reader(encrypted)
    assert reader.readable() and reader.seekable() and not reader.writable()
    buffered = io.BufferedReader(reader, buffer_size=10_000)
    assert buffered.read(5) == plain[:5]
    buffered.seek(C - 3)
    assert buffered.read(10) == plain[C - 3 : C + 7]
    assert buffered.read() == plain[C + 7 :]
    assert reader.seek(0, io.SEEK_END) == len(plain)
    assert reader.read(10) == b""
    reader.close()
    with pytest.raises(ValueError):
        reader.read(1)


def test_read_range_decrypts_only_covered_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    plain, encrypted = sample(10 * C)
    reader = open_reader(encrypted)
    opened: list[int] = []
    original = age_stream.open_chunk

    def counting(aead: object, counter: int, last: bool, chunk: bytes) -> bytes:
        opened.append(counter)
        return original(aead, counter, last, chunk)  # type: ignore[arg-type]

    monkeypatch.setattr("vault.crypto.age.open_chunk", counting)
    assert reader.read_range(3 * C + 100, C) == plain[3 * C + 100 : 4 * C + 100]
    assert opened == [3, 4]
    # The last chunk read is cached, so a sequential read opens only the next.
    assert reader.read_range(4 * C + 100, C) == plain[4 * C + 100 : 5 * C + 100]
    assert opened == [3, 4, 5]


def expect_failure(data: bytes, error: type[AgeError]) -> None:
    """Opening or fully reading `data` must fail with `error` (streaming too)."""
    with pytest.raises(error):
        open_reader(data).read()
    with pytest.raises(error):
        decrypt_stream(io.BytesIO(data), io.BytesIO(), [IDENTITY])


@fast
@given(size=sizes, data=st.data())
def test_payload_bit_flip_detected_where_it_is(size: int, data: st.DataObject) -> None:
    plain, encrypted = sample(size)
    start = payload_start(encrypted)
    position = data.draw(st.integers(start, len(encrypted) - 1))
    damaged = bytearray(encrypted)
    damaged[position] ^= 1 << data.draw(st.integers(0, 7))
    chunk = (position - start) // E
    chunks = -(-(len(encrypted) - start) // E)
    if chunk == chunks - 1:
        # The final chunk is authenticated when the reader opens.
        with pytest.raises(AgePayloadError):
            open_reader(bytes(damaged))
    else:
        reader = open_reader(bytes(damaged))
        with pytest.raises(AgePayloadError):
            reader.read_range(chunk * C + data.draw(st.integers(0, C - 1)), 1)
        # Chunks the flip does not touch still read back fine.
        if chunk > 0:
            assert reader.read_range(0, chunk * C) == plain[: chunk * C]
        assert reader.read_range((chunk + 1) * C, size) == plain[(chunk + 1) * C :]
    expect_failure(bytes(damaged), AgePayloadError)


@fast
@given(size=sizes, data=st.data())
def test_header_bit_flip_detected(size: int, data: st.DataObject) -> None:
    _, encrypted = sample(size)
    position = data.draw(st.integers(0, payload_start(encrypted) - 1))
    damaged = bytearray(encrypted)
    damaged[position] ^= 1 << data.draw(st.integers(0, 7))
    # Depending on the byte: a parse error, an unusable stanza, a bad MAC or
    # (in the nonce) a wrong payload key.
    expect_failure(bytes(damaged), AgeError)


@fast
@given(size=sizes, data=st.data())
def test_truncation_detected(size: int, data: st.DataObject) -> None:
    _, encrypted = sample(size)
    start = payload_start(encrypted)
    cut = data.draw(st.integers(0, len(encrypted) - 1))
    error = AgePayloadError if cut >= start else AgeHeaderError
    expect_failure(encrypted[:cut], error)


@fast
@given(size=sizes, extra=st.one_of(st.binary(min_size=1, max_size=40), st.sampled_from([16, E])))
def test_appended_bytes_detected(size: int, extra: bytes | int) -> None:
    _, encrypted = sample(size)
    tail = bytes(extra) if isinstance(extra, int) else extra
    expect_failure(encrypted + tail, AgePayloadError)


def test_chunk_swap_and_drop_detected() -> None:
    _, encrypted = sample(3 * C + 5)
    start = payload_start(encrypted)
    chunks = [encrypted[start + i * E : start + (i + 1) * E] for i in range(4)]
    head = encrypted[:start]
    expect_failure(head + chunks[1] + chunks[0] + chunks[2] + chunks[3], AgePayloadError)
    expect_failure(head + chunks[0] + chunks[2] + chunks[3], AgePayloadError)


def test_wrong_identity_is_no_match() -> None:
    _, encrypted = sample(100)
    with pytest.raises(AgeNoMatchError):
        AgeReader(io.BytesIO(encrypted), [X25519Identity.generate()])


@fast
@given(size=sizes, cuts=st.lists(st.integers(0, 300_000), max_size=6))
def test_writer_round_trip(size: int, cuts: list[int]) -> None:
    plain, _ = sample(size)
    out = io.BytesIO()
    with AgeWriter(out, [IDENTITY.recipient]) as writer:
        last = 0
        for cut in sorted(c for c in cuts if c <= size):
            writer.write(plain[last:cut])
            last = cut
        writer.write(plain[last:])
    assert decrypt_bytes(out.getvalue(), [IDENTITY]) == plain
    assert open_reader(out.getvalue()).read() == plain


def test_writer_aborts_on_exception() -> None:
    plain, _ = sample(2 * C + 10)
    out = io.BytesIO()
    with pytest.raises(RuntimeError), AgeWriter(out, [IDENTITY.recipient]) as writer:
        writer.write(plain)
        raise RuntimeError("stop")
    # No final chunk was written, so the file never decrypts as complete.
    expect_failure(out.getvalue(), AgePayloadError)


def test_on_chunk_sees_chunks_and_can_abort() -> None:
    plain, _ = sample(40 * C + 3)
    seen: list[bytes] = []
    out = io.BytesIO()
    src = io.BytesIO(plain)
    def keep(view: memoryview) -> None:
        seen.append(bytes(view))  # views are valid only during the call

    assert encrypt_stream(src, out, [IDENTITY.recipient], on_chunk=keep) == len(plain)
    assert b"".join(seen) == plain and all(len(c) % C == 0 for c in seen[:-1])

    def stop(view: memoryview) -> None:
        if len(seen) > 1:
            raise InterruptedError("user cancelled")
        seen.append(bytes(view))

    seen.clear()
    with pytest.raises(InterruptedError):
        encrypt_stream(io.BytesIO(plain), io.BytesIO(), [IDENTITY.recipient], on_chunk=stop)


def test_scrypt_round_trip() -> None:
    plain, _ = sample(C + 1)
    encrypted = encrypt_bytes(plain, [ScryptRecipient("a passphrase", work_factor=10)])
    assert decrypt_bytes(encrypted, [ScryptIdentity("a passphrase")]) == plain
    with pytest.raises(AgeNoMatchError):
        decrypt_bytes(encrypted, [ScryptIdentity("another one")])
    with pytest.raises(AgeHeaderError):
        decrypt_bytes(encrypted, [ScryptIdentity("a passphrase", max_work_factor=9)])
    with pytest.raises(AgeError):
        encrypt_bytes(plain, [ScryptRecipient("x", 10), IDENTITY.recipient])


def test_post_quantum_round_trip() -> None:
    plain, _ = sample(C + 1)
    identity = MLKEM768X25519Identity.generate()
    encrypted = encrypt_bytes(
        plain, [identity.recipient, MLKEM768X25519Identity.generate().recipient]
    )
    assert AgeReader(io.BytesIO(encrypted), [IDENTITY, identity]).read() == plain
    assert MLKEM768X25519Identity.parse(identity.to_string()).recipient == identity.recipient
    with pytest.raises(AgeNoMatchError):
        decrypt_bytes(encrypted, [IDENTITY, MLKEM768X25519Identity.generate()])
    with pytest.raises(AgeError):
        encrypt_bytes(plain, [identity.recipient, IDENTITY.recipient])


BATCH = age_stream.BATCH_CHUNKS


@pytest.mark.parametrize(
    "size",
    [BATCH * C - 1, BATCH * C, BATCH * C + 1, (2 * BATCH - 1) * C, 2 * BATCH * C + 5, 70 * C],
)
def test_streaming_round_trip_across_batches(size: int) -> None:
    plain, encrypted = sample(size)
    out = io.BytesIO()
    assert decrypt_stream(io.BytesIO(encrypted), out, [IDENTITY]) == size
    assert out.getvalue() == plain
    again = io.BytesIO()
    assert encrypt_stream(io.BytesIO(plain), again, [IDENTITY.recipient]) == size
    assert len(again.getvalue()) == len(encrypted)
    assert decrypt_bytes(again.getvalue(), [IDENTITY]) == plain


@pytest.mark.parametrize("chunk", [0, BATCH - 2, BATCH - 1, BATCH, BATCH + 1, 40, 69, 70])
def test_streaming_failure_releases_only_authentic_prefix(chunk: int) -> None:
    plain, encrypted = sample(70 * C + 9)  # 71 chunks, several batches
    start = payload_start(encrypted)
    damaged = bytearray(encrypted)
    damaged[start + chunk * E + 7] ^= 0x40
    out = io.BytesIO()
    with pytest.raises(AgePayloadError):
        decrypt_stream(io.BytesIO(bytes(damaged)), out, [IDENTITY])
    assert out.getvalue() == plain[: chunk * C]


@pytest.mark.parametrize("chunks", [1, BATCH - 1, BATCH, BATCH + 1, 70])
def test_streaming_truncation_at_chunk_boundary(chunks: int) -> None:
    plain, encrypted = sample(70 * C + 9)
    start = payload_start(encrypted)
    out = io.BytesIO()
    with pytest.raises(AgePayloadError):
        decrypt_stream(io.BytesIO(encrypted[: start + chunks * E]), out, [IDENTITY])
    # Every chunk present is genuine, so all of them may be released.
    assert out.getvalue() == plain[: chunks * C]
