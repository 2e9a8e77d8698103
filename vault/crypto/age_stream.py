"""The age STREAM payload: ChaCha20-Poly1305 over 64 KiB chunks.

Each chunk's nonce is an 11-byte big-endian counter followed by a flag byte
that is 1 only for the final chunk. The bulk functions work on batches of
chunks; cryptography releases the GIL inside the AEAD, so batches are sealed
or opened on a small thread pool while the calling thread reads and a writer
thread writes, keeping order and a fixed number of batches in flight.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from vault.errors import AgePayloadError

CHUNK_SIZE = 1 << 16
TAG_SIZE = 16
ENC_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE
STREAM_NONCE_SIZE = 16
BATCH_CHUNKS = 16  # 1 MiB per batch: large I/O calls, little per-call overhead
PIPELINE_DEPTH = 4  # batches in flight; bounds memory at about 8 MiB
CRYPTO_THREADS = 2

# (input view, output buffer, first chunk counter, is final) -> (bytes out, error)
BatchWork = Callable[[memoryview, memoryview, int, bool], tuple[int, str | None]]

TRUNCATED = "The encrypted payload is truncated."
CORRUPT = "The encrypted payload is damaged or was tampered with."
TRAILING = "The encrypted payload has extra data after its end."
EMPTY_LAST = "The encrypted payload ends with an invalid empty chunk."


def chunk_nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def plaintext_size(payload_size: int) -> int:
    """Plaintext length for `payload_size` bytes of chunks, or AgePayloadError."""
    full, rest = divmod(payload_size, ENC_CHUNK_SIZE)
    if payload_size == 0 or 0 < rest < TAG_SIZE:
        raise AgePayloadError(TRUNCATED)
    if rest == TAG_SIZE and full > 0:
        # Only an entirely empty payload may end with an empty chunk.
        raise AgePayloadError(EMPTY_LAST)
    return full * CHUNK_SIZE + max(rest - TAG_SIZE, 0)


def open_chunk(aead: ChaCha20Poly1305, counter: int, last: bool, data: bytes | memoryview) -> bytes:
    """Authenticate and decrypt one chunk, raising AgePayloadError on failure."""
    try:
        return aead.decrypt(chunk_nonce(counter, last), data, None)
    except InvalidTag:
        raise AgePayloadError(CORRUPT) from None


def _open_into(
    aead: ChaCha20Poly1305, counter: int, last: bool, data: memoryview, out: memoryview
) -> bool:
    try:
        aead.decrypt_into(chunk_nonce(counter, last), data, None, out)
    except InvalidTag:
        return False
    return True


def seal_batch(
    aead: ChaCha20Poly1305, plain: memoryview, out: memoryview, counter: int, final: bool
) -> tuple[int, str | None]:
    """Encrypt consecutive chunks of `plain` into `out`; the last gets the flag if final."""
    if not plain:
        aead.encrypt_into(chunk_nonce(counter, True), b"", None, out[:TAG_SIZE])
        return TAG_SIZE, None
    pos = 0
    count = -(-len(plain) // CHUNK_SIZE)
    for i in range(count):
        chunk = plain[i * CHUNK_SIZE : (i + 1) * CHUNK_SIZE]
        end = pos + len(chunk) + TAG_SIZE
        last = final and i == count - 1
        aead.encrypt_into(chunk_nonce(counter + i, last), chunk, None, out[pos:end])
        pos = end
    return pos, None


def open_batch(
    aead: ChaCha20Poly1305, enc: memoryview, out: memoryview, counter: int, final: bool
) -> tuple[int, str | None]:
    """Decrypt chunks of `enc` into `out`; return plaintext bytes and an error.

    Everything before the error is authenticated and may be released. The
    fallbacks mirror the reference implementation, which decides whether a
    full-size chunk is final by trying both flags.
    """
    pos = 0
    count = -(-len(enc) // ENC_CHUNK_SIZE)
    if count == 0:
        return 0, TRUNCATED
    for i in range(count):
        chunk = enc[i * ENC_CHUNK_SIZE : (i + 1) * ENC_CHUNK_SIZE]
        if len(chunk) < TAG_SIZE:
            return pos, TRUNCATED
        dst = out[pos : pos + len(chunk) - TAG_SIZE]
        ctr = counter + i
        if not (final and i == count - 1):
            if _open_into(aead, ctr, False, chunk, dst):
                pos += len(dst)
                continue
            if _open_into(aead, ctr, True, chunk, dst):
                return pos + len(dst), TRAILING
            return pos, CORRUPT
        if _open_into(aead, ctr, True, chunk, dst):
            if not dst and ctr != 0:
                return pos, EMPTY_LAST
            return pos + len(dst), None
        if len(chunk) == ENC_CHUNK_SIZE and _open_into(aead, ctr, False, chunk, dst):
            return pos + len(dst), TRUNCATED
        return pos, CORRUPT
    return pos, None


def read_full(src: BinaryIO, view: memoryview) -> int:
    """Fill view from src until it is full or the stream ends."""
    readinto = getattr(src, "readinto", None)
    total = 0
    while total < len(view):
        if readinto is not None:
            got = readinto(view[total:]) or 0
        else:
            data = src.read(len(view) - total)
            got = len(data)
            view[total : total + got] = data
        if not got:
            break
        total += got
    return total


def write_all(dst: BinaryIO, view: memoryview) -> None:
    while view:
        written = dst.write(view)
        if written is None or written >= len(view):
            return
        if written <= 0:
            raise OSError("The output stream accepted no data.")
        view = view[written:]


class BatchReader:
    """Reads whole batches, holding back the last unit of a full batch.

    A full batch may or may not be the end of the stream, and the final chunk
    must be sealed or opened with the last-chunk flag, so the held-back unit
    starts the next batch; a short fill means the stream has ended.
    """

    def __init__(self, src: BinaryIO, unit: int, prefix: bytes = b"") -> None:
        self._src = src
        self._unit = unit
        self._carry = prefix

    def fill(self, buf: memoryview) -> tuple[int, bool]:
        take = min(len(self._carry), len(buf))
        buf[:take] = self._carry[:take]
        self._carry = self._carry[take:]
        size = take if self._carry else take + read_full(self._src, buf[take:])
        if size < len(buf):
            return size, True
        self._carry = bytes(buf[len(buf) - self._unit :]) + self._carry
        return size - self._unit, False


def run_batches(
    reader: BatchReader,
    sizes: tuple[int, int, int],
    work: BatchWork,
    dst: BinaryIO,
    observe: Callable[[memoryview], None] | None = None,
    observe_output: Callable[[memoryview], None] | None = None,
) -> int:
    """Read, transform and write batches in order; return bytes written.

    sizes is (input batch, output batch, input unit). `observe` sees each input
    batch in order, on a helper thread of its own (so that hashing the input
    runs beside reading, encryption and writing); a batch's buffer is reused
    only after both its write and its observation are done. `observe_output`
    likewise sees each output batch (only what the work accepted), beside
    its write, e.g. to hash decrypted plaintext while it is being written.
    """
    in_size, out_size, unit = sizes
    slots = [(memoryview(bytearray(in_size)), memoryview(bytearray(out_size)))]
    n, final = reader.fill(slots[0][0])
    if final:  # small input: no threads needed
        if observe is not None:
            observe(slots[0][0][:n])
        produced, error = work(slots[0][0][:n], slots[0][1], 0, True)
        if observe_output is not None:
            observe_output(slots[0][1][:produced])
        write_all(dst, slots[0][1][:produced])
        if error is not None:
            raise AgePayloadError(error)
        return produced
    slots += [
        (memoryview(bytearray(in_size)), memoryview(bytearray(out_size)))
        for _ in range(PIPELINE_DEPTH - 1)
    ]
    failed = threading.Event()  # set once, so queued writes stop after an error
    written = [0]

    def emit(job: Future[tuple[int, str | None]], out: memoryview) -> None:
        produced, error = job.result()
        if failed.is_set():
            return
        try:
            write_all(dst, out[:produced])
        except BaseException:
            failed.set()
            raise
        written[0] += produced
        if error is not None:
            failed.set()
            raise AgePayloadError(error)

    def emit_after(job: Future[tuple[int, str | None]], out: memoryview,
                   seen: Future[None]) -> None:
        # The observer (e.g. SHA-256 and progress) must accept a batch before its
        # ciphertext is written: a cancel raised there leaves no more output.
        seen.result()
        emit(job, out)

    counter = 0
    free = list(range(len(slots) - 1, 0, -1))
    slot = 0
    pending: deque[tuple[int, Future[None]]] = deque()
    def watch(view: memoryview) -> None:
        if failed.is_set() or observe is None:
            return
        try:
            observe(view)
        except BaseException:
            failed.set()
            raise

    def watch_output(job: Future[tuple[int, str | None]], out: memoryview) -> None:
        produced, _ = job.result()
        if failed.is_set() or observe_output is None:
            return
        try:
            observe_output(out[:produced])
        except BaseException:
            failed.set()
            raise

    with ThreadPoolExecutor(CRYPTO_THREADS) as pool, ThreadPoolExecutor(1) as writer, \
            ThreadPoolExecutor(1) as watcher:
        try:
            while True:
                view, out = slots[slot][0][:n], slots[slot][1]
                seen = watcher.submit(watch, view)
                job = pool.submit(work, view, out, counter, final)
                written_future = writer.submit(emit_after, job, out, seen)
                if observe_output is not None:
                    output_seen = watcher.submit(watch_output, job, out)
                    written_future = _both(written_future, output_seen)
                pending.append((slot, written_future))
                counter += -(-n // unit)
                if final:
                    break
                if not free:
                    done, future = pending.popleft()
                    future.result()
                    free.append(done)
                slot = free.pop()
                n, final = reader.fill(slots[slot][0])
            while pending:
                pending.popleft()[1].result()
        except BaseException:
            failed.set()
            for _, future in pending:
                future.cancel()
            raise
    return written[0]


def encrypt_payload(
    src: BinaryIO,
    dst: BinaryIO,
    key: bytes,
    on_chunk: Callable[[memoryview], None] | None = None,
) -> int:
    """Encrypt all of src as STREAM chunks into dst; return plaintext bytes."""
    aead = ChaCha20Poly1305(key)
    total = [0]

    def observe(view: memoryview) -> None:
        total[0] += len(view)
        if on_chunk is not None:
            # One call per batch, without a copy: hashing 1 GiB in 64 KiB copies
            # cost a tenth of the whole import.
            on_chunk(view)

    def work(plain: memoryview, out: memoryview, ctr: int, final: bool) -> tuple[int, str | None]:
        return seal_batch(aead, plain, out, ctr, final)

    sizes = (BATCH_CHUNKS * CHUNK_SIZE, BATCH_CHUNKS * ENC_CHUNK_SIZE, CHUNK_SIZE)
    run_batches(BatchReader(src, CHUNK_SIZE), sizes, work, dst, observe)
    return total[0]


def _both(first: Future[None], second: Future[None]) -> Future[None]:
    """A future done when both are; it carries the first exception either raised."""
    combined: Future[None] = Future()
    remaining = [2]
    lock = threading.Lock()

    def done(_: Future[None]) -> None:
        with lock:
            remaining[0] -= 1
            if remaining[0]:
                return
        for part in (first, second):
            error = part.exception()
            if error is not None:
                combined.set_exception(error)
                return
        combined.set_result(None)

    first.add_done_callback(done)
    second.add_done_callback(done)
    return combined


def decrypt_payload(src: BinaryIO, dst: BinaryIO, key: bytes, prefix: bytes = b"",
                    on_chunk: Callable[[memoryview], None] | None = None) -> int:
    """Decrypt STREAM chunks from prefix + src into dst; return plaintext bytes.

    Each chunk is authenticated before it is written, and everything written
    before an AgePayloadError is authentic plaintext.
    """
    aead = ChaCha20Poly1305(key)

    def work(enc: memoryview, out: memoryview, ctr: int, final: bool) -> tuple[int, str | None]:
        return open_batch(aead, enc, out, ctr, final)

    sizes = (BATCH_CHUNKS * ENC_CHUNK_SIZE, BATCH_CHUNKS * CHUNK_SIZE, ENC_CHUNK_SIZE)
    return run_batches(BatchReader(src, ENC_CHUNK_SIZE, prefix), sizes, work, dst,
                       observe_output=on_chunk)
