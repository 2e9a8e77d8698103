"""age (age-encryption.org/v1) file encryption: streaming and seekable access.

Files made here decrypt with the reference `age` tool and vice versa. All
failures raise the AgeError family from vault.errors.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO

from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from vault.crypto.age_header import (
    FILE_KEY_SIZE,
    Header,
    Stanza,
    encode_header,
    payload_key,
    read_header,
    verify_mac,
)
from vault.crypto.age_keys import (
    Identity,
    MLKEM768X25519Identity,
    MLKEM768X25519Recipient,
    Recipient,
    ScryptIdentity,
    ScryptRecipient,
    X25519Identity,
    X25519Recipient,
)
from vault.crypto.age_stream import (
    CHUNK_SIZE,
    ENC_CHUNK_SIZE,
    STREAM_NONCE_SIZE,
    TRUNCATED,
    decrypt_payload,
    encrypt_payload,
    open_chunk,
    plaintext_size,
    seal_batch,
    write_all,
)
from vault.errors import AgeError, AgeHeaderError, AgeNoMatchError, AgePayloadError

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer, WriteableBuffer

__all__ = [
    "AgeReader",
    "AgeWriter",
    "Identity",
    "MLKEM768X25519Identity",
    "MLKEM768X25519Recipient",
    "Recipient",
    "ScryptIdentity",
    "ScryptRecipient",
    "Stanza",
    "X25519Identity",
    "X25519Recipient",
    "decrypt_bytes",
    "decrypt_stream",
    "encrypt_bytes",
    "encrypt_stream",
    "unwrap_file_key",
]

Identities = Identity | Sequence[Identity]
_READ_GROUP = 64  # chunks per I/O call in large seekable reads


def _identity_list(identities: Identities) -> list[Identity]:
    return list(identities) if isinstance(identities, Sequence) else [identities]


def unwrap_file_key(header: Header, identities: Identities) -> bytes:
    """Find the file key with the first matching identity and check the MAC."""
    stanzas = header.stanzas
    if len(stanzas) > 1 and any(s.type == "scrypt" for s in stanzas):
        raise AgeHeaderError("A passphrase stanza must be the only one in the header.")
    for identity in _identity_list(identities):
        file_key = identity.unwrap(stanzas)
        if file_key is not None:
            verify_mac(header, file_key)
            return file_key
    raise AgeNoMatchError("None of the available keys can open this file.")


def _open_header(src: BinaryIO, identities: Identities) -> tuple[Header, bytes, bytes]:
    """Parse and authenticate the header; return it, the payload key and leftovers."""
    header, rest = read_header(src)
    file_key = unwrap_file_key(header, identities)
    while len(rest) < STREAM_NONCE_SIZE:
        more = src.read(STREAM_NONCE_SIZE - len(rest))
        if not more:
            raise AgeHeaderError("The file ends before the payload starts.")
        rest += more
    key = payload_key(file_key, rest[:STREAM_NONCE_SIZE])
    return header, key, rest[STREAM_NONCE_SIZE:]


def _start_key(dst: BinaryIO, recipients: Sequence[Recipient]) -> bytes:
    """Write the header and nonce for a fresh file key; return the payload key."""
    if not recipients:
        raise AgeError("At least one recipient is needed to encrypt.")
    file_key = os.urandom(FILE_KEY_SIZE)
    stanzas = [s for r in recipients for s in r.wrap(file_key)]
    if len(stanzas) > 1 and any(s.type == "scrypt" for s in stanzas):
        raise AgeError("A passphrase cannot be combined with other recipients.")
    if len({s.type == "mlkem768x25519" for s in stanzas}) > 1:
        # Mixing would silently drop the quantum resistance the caller asked for.
        raise AgeError("Post-quantum and classic recipients cannot be combined.")
    nonce = os.urandom(STREAM_NONCE_SIZE)
    write_all(dst, memoryview(encode_header(stanzas, file_key) + nonce))
    return payload_key(file_key, nonce)


def encrypt_stream(
    src: BinaryIO,
    dst: BinaryIO,
    recipients: Sequence[Recipient],
    *,
    on_chunk: Callable[[memoryview], None] | None = None,
) -> int:
    """Encrypt src to dst; return the number of plaintext bytes.

    on_chunk sees all the plaintext in order, as views of one or more whole
    64 KiB chunks (the last one shorter) valid only during the call, on the
    calling thread for small inputs and on one helper thread for large ones;
    each batch is written only after on_chunk returned for it, and an
    exception it raises stops the encryption and propagates, leaving dst
    incomplete. Inputs over 1 MiB are encrypted
    on a small thread pool with dst written from a helper thread, one write at
    a time; memory use stays at about 8 MiB whatever the size.
    """
    aead_key = _start_key(dst, recipients)
    return encrypt_payload(src, dst, aead_key, on_chunk)


def decrypt_stream(src: BinaryIO, dst: BinaryIO, identities: Identities, *,
                   on_chunk: Callable[[memoryview], None] | None = None) -> int:
    """Decrypt src to dst; return the number of plaintext bytes written.

    Chunks are written only after they authenticate, so on AgePayloadError
    everything already written is genuine plaintext (but incomplete). As with
    encrypt_stream, dst may be written from a helper thread. on_chunk sees the
    same authenticated plaintext, in order, beside its write (e.g. to hash it).
    """
    _, key, rest = _open_header(src, identities)
    return decrypt_payload(src, dst, key, rest, on_chunk)


def encrypt_bytes(data: bytes, recipients: Sequence[Recipient]) -> bytes:
    out = io.BytesIO()
    encrypt_stream(io.BytesIO(data), out, recipients)
    return out.getvalue()


def decrypt_bytes(data: bytes, identities: Identities) -> bytes:
    out = io.BytesIO()
    decrypt_stream(io.BytesIO(data), out, identities)
    return out.getvalue()


class AgeWriter(io.RawIOBase):
    """Write-only encrypting file object; close() writes the final chunk.

    Leaving a `with` block by an exception, or dropping the writer without
    closing it, aborts instead: the output then lacks its final chunk and
    will never decrypt as complete. The destination is not closed.
    """

    def __init__(self, dst: BinaryIO, recipients: Sequence[Recipient]) -> None:
        super().__init__()
        self._dst = dst
        self._aead = ChaCha20Poly1305(_start_key(dst, recipients))
        self._buf = bytearray()
        self._counter = 0
        self._aborted = False
        self.bytes_written = 0

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer) -> int:
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        view = memoryview(data).cast("B")
        self._buf += view
        self.bytes_written += len(view)
        # Keep at least one byte back: the final chunk must carry the last flag.
        count = (len(self._buf) - 1) // CHUNK_SIZE
        if count > 0:
            out = memoryview(bytearray(count * ENC_CHUNK_SIZE))
            plain = memoryview(self._buf)[: count * CHUNK_SIZE]
            seal_batch(self._aead, plain, out, self._counter, False)
            plain.release()
            try:
                write_all(self._dst, out)
            except BaseException:
                self._aborted = True  # never finish a file with a hole in it
                raise
            del self._buf[: count * CHUNK_SIZE]
            self._counter += count
        return len(view)

    def abort(self) -> None:
        """Close without writing the final chunk."""
        self._aborted = True
        self.close()

    def close(self) -> None:
        if not self.closed and not self._aborted:
            out = memoryview(bytearray(len(self._buf) + 16))
            seal_batch(self._aead, memoryview(self._buf), out, self._counter, True)
            write_all(self._dst, out)
            self._buf.clear()
        super().close()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            self._aborted = True
        self.close()

    def __del__(self) -> None:
        self._aborted = True
        super().__del__()


class AgeReader(io.RawIOBase):
    """Seekable, read-only view of the plaintext of an age file.

    The header is checked on open and the final chunk is authenticated at
    once, so truncation or appended data fails early and `size` is trusted.
    Every chunk is authenticated before any of its bytes are returned. The
    underlying file object stays open when the reader is closed, unless
    `owns_file` says the reader was handed it to keep. Not safe for concurrent
    use from several threads (it moves the file position).
    """

    def __init__(self, fileobj: BinaryIO, identities: Identities, *,
                 owns_file: bool = False) -> None:
        super().__init__()
        self._f = fileobj
        self._owns_file = owns_file
        start = fileobj.tell()
        header, key, _ = _open_header(fileobj, identities)
        self._data_start = start + header.size + STREAM_NONCE_SIZE
        payload = fileobj.seek(0, io.SEEK_END) - self._data_start
        self._size = plaintext_size(payload)
        self._chunks = -(-payload // ENC_CHUNK_SIZE)
        self._aead = ChaCha20Poly1305(key)
        self._pos = 0
        self._cache: tuple[int, bytes] = (-1, b"")
        self._cache = (self._chunks - 1, self._chunk_range(self._chunks - 1, 1)[0])

    @property
    def size(self) -> int:
        return self._size

    def close(self) -> None:
        if not self.closed:
            self._cache = (-1, b"")  # drop the last decrypted chunk with the reader
            if self._owns_file:
                self._f.close()
        super().close()

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def _check_open(self) -> None:
        if self.closed:
            raise ValueError("I/O operation on closed file.")

    def _chunk_range(self, first: int, count: int) -> list[bytes]:
        """Read and authenticate `count` chunks starting at index `first`."""
        self._f.seek(self._data_start + first * ENC_CHUNK_SIZE)
        want = count * ENC_CHUNK_SIZE
        raw = bytearray()
        while len(raw) < want:
            more = self._f.read(want - len(raw))
            if not more:
                break
            raw += more
        view = memoryview(raw)
        out = []
        for i in range(count):
            index = first + i
            enc = view[i * ENC_CHUNK_SIZE : (i + 1) * ENC_CHUNK_SIZE]
            last = index == self._chunks - 1
            if not last and len(enc) < ENC_CHUNK_SIZE:
                raise AgePayloadError(TRUNCATED)  # the file shrank after opening
            out.append(open_chunk(self._aead, index, last, enc))
        return out

    def read_range(self, offset: int, length: int) -> bytes:
        """Plaintext bytes [offset, offset + length), clipped at the end."""
        self._check_open()
        if offset < 0 or length < 0:
            raise ValueError("offset and length must not be negative")
        end = min(offset + length, self._size)
        if offset >= end:
            return b""
        first, last = offset // CHUNK_SIZE, (end - 1) // CHUNK_SIZE
        pieces: list[bytes] = []
        index = first
        if self._cache[0] == first:
            pieces.append(self._cache[1])
            index += 1
        while index <= last:
            count = min(last - index + 1, _READ_GROUP)
            pieces += self._chunk_range(index, count)
            index += count
        self._cache = (last, pieces[-1])
        skip = offset - first * CHUNK_SIZE
        if len(pieces) == 1:
            return pieces[0][skip : skip + end - offset]
        joined: list[bytes | memoryview] = [memoryview(pieces[0])[skip:], *pieces[1:-1]]
        joined.append(memoryview(pieces[-1])[: end - last * CHUNK_SIZE])
        return b"".join(joined)

    def read(self, size: int | None = -1) -> bytes:
        self._check_open()
        if size is None or size < 0:
            size = max(self._size - self._pos, 0)
        data = self.read_range(self._pos, size)
        self._pos += len(data)
        return data

    def readall(self) -> bytes:
        return self.read(-1)

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        data = self.read(len(view))
        view[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._check_open()
        if whence == io.SEEK_SET:
            target = offset
        elif whence == io.SEEK_CUR:
            target = self._pos + offset
        elif whence == io.SEEK_END:
            target = self._size + offset
        else:
            raise ValueError(f"invalid whence ({whence})")
        if target < 0:
            raise ValueError("negative seek position")
        self._pos = target
        return target

    def tell(self) -> int:
        self._check_open()
        return self._pos
