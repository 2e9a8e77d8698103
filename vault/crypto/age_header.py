"""The age v1 header: stanzas, strict base64, the header MAC and key derivation.

Parsing is deliberately strict (see the C2SP age spec): any deviation from
the canonical encoding is a header failure, so a file has exactly one valid
byte representation and the MAC covers the bytes exactly as they were read.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from vault.errors import AgeHeaderError

INTRO = b"age-encryption.org/v1\n"
FILE_KEY_SIZE = 16
MAC_SIZE = 32
_STANZA_PREFIX = b"-> "
_FOOTER_PREFIX = b"---"
_COLUMNS = 64
# No real header comes close; the cap only bounds memory on hostile input.
MAX_HEADER_SIZE = 1 << 20
_B64_CHARS = re.compile(rb"[A-Za-z0-9+/]*")


@dataclass(frozen=True)
class Stanza:
    """One recipient stanza: its type, further arguments and binary body."""

    type: str
    args: tuple[str, ...]
    body: bytes


@dataclass(frozen=True)
class Header:
    """A parsed header. `mac_input` is the raw bytes the MAC covers."""

    stanzas: tuple[Stanza, ...]
    mac: bytes
    mac_input: bytes
    size: int  # bytes from the intro line to the end of the MAC line


def b64encode_raw(data: bytes) -> str:
    """Standard base64 without padding, as age writes it."""
    return base64.b64encode(data).decode("ascii").rstrip("=")


def b64decode_strict(text: str | bytes) -> bytes:
    """Decode canonical unpadded base64, rejecting anything else."""
    raw = text.encode("ascii", "replace") if isinstance(text, str) else bytes(text)
    if _B64_CHARS.fullmatch(raw) is None or len(raw) % 4 == 1:
        raise AgeHeaderError("The header contains invalid base64.")
    try:
        data = base64.b64decode(raw + b"=" * (-len(raw) % 4), validate=True)
    except binascii.Error as exc:
        raise AgeHeaderError("The header contains invalid base64.") from exc
    # Re-encoding catches non-zero trailing bits, which decode silently.
    if b64encode_raw(data).encode("ascii") != raw:
        raise AgeHeaderError("The header contains non-canonical base64.")
    return data


def hkdf_sha256(ikm: bytes, salt: bytes, info: bytes, length: int = 32) -> bytes:
    """HKDF-SHA-256; an empty salt is the RFC 5869 default."""
    kdf = HKDF(algorithm=hashes.SHA256(), length=length, salt=salt or None, info=info)
    return kdf.derive(ikm)


def header_mac(file_key: bytes, mac_input: bytes) -> bytes:
    """HMAC-SHA-256 of the header bytes up to and including '---'."""
    key = hkdf_sha256(file_key, b"", b"header")
    return hmac.new(key, mac_input, hashlib.sha256).digest()


def verify_mac(header: Header, file_key: bytes) -> None:
    """Raise AgeHeaderError unless the header MAC matches this file key."""
    if not hmac.compare_digest(header_mac(file_key, header.mac_input), header.mac):
        raise AgeHeaderError("The header MAC does not match; the file was altered.")


def payload_key(file_key: bytes, nonce: bytes) -> bytes:
    """The STREAM key for the payload after the header."""
    return hkdf_sha256(file_key, nonce, b"payload")


def _valid_arg(arg: str) -> bool:
    return bool(arg) and all(33 <= ord(ch) <= 126 for ch in arg)


def encode_stanza(stanza: Stanza) -> bytes:
    """Serialize one stanza, wrapping the body at 64 columns."""
    words = (stanza.type, *stanza.args)
    if not all(_valid_arg(w) for w in words):
        raise ValueError("stanza arguments must be non-empty printable ASCII")
    body = b64encode_raw(stanza.body).encode("ascii")
    lines = [_STANZA_PREFIX + " ".join(words).encode("ascii")]
    lines += [body[i : i + _COLUMNS] for i in range(0, len(body), _COLUMNS)]
    if len(body) % _COLUMNS == 0:
        # A full final line must be followed by an empty one to end the body.
        lines.append(b"")
    return b"\n".join(lines) + b"\n"


def encode_header(stanzas: Sequence[Stanza], file_key: bytes) -> bytes:
    """The full header, intro line through MAC line, ready to write."""
    mac_input = INTRO + b"".join(encode_stanza(s) for s in stanzas) + _FOOTER_PREFIX
    mac = header_mac(file_key, mac_input)
    return mac_input + b" " + b64encode_raw(mac).encode("ascii") + b"\n"


class _LineSource:
    """Reads lines from a stream in blocks, keeping what follows the header."""

    def __init__(self, src: BinaryIO, block: int) -> None:
        self._src = src
        self._block = block
        self._buf = bytearray()
        self._pos = 0
        self.raw = bytearray()  # every header byte read so far, for the MAC

    def readline(self) -> bytes:
        """One line including its LF; raise if the stream ends before the LF."""
        while True:
            end = self._buf.find(b"\n", self._pos)
            if end >= 0:
                line = bytes(self._buf[self._pos : end + 1])
                self._pos = end + 1
                self.raw += line
                return line
            if len(self._buf) - self._pos + len(self.raw) > MAX_HEADER_SIZE:
                raise AgeHeaderError("The header is too large.")
            data = self._src.read(self._block)
            if not data:
                raise AgeHeaderError("The file ends inside the header.")
            del self._buf[: self._pos]
            self._pos = 0
            self._buf += data

    def leftover(self) -> bytes:
        return bytes(self._buf[self._pos :])


def _split_words(line: bytes) -> list[str]:
    try:
        text = line[:-1].decode("ascii")
    except UnicodeDecodeError as exc:
        raise AgeHeaderError("The header contains a non-ASCII character.") from exc
    # Splitting on single spaces keeps empty words, so doubled spaces fail below.
    return text.split(" ")


def _read_stanza(source: _LineSource, opening: bytes) -> Stanza:
    words = _split_words(opening)[1:]
    if not words or not all(_valid_arg(w) for w in words):
        raise AgeHeaderError("A header stanza has an invalid argument.")
    body = bytearray()
    while True:
        line = source.readline()[:-1]
        if len(line) > _COLUMNS:
            raise AgeHeaderError("A header stanza body line is too long.")
        body += b64decode_strict(line)
        if len(line) < _COLUMNS:
            return Stanza(words[0], tuple(words[1:]), bytes(body))


def read_header(src: BinaryIO, block: int = 4096) -> tuple[Header, bytes]:
    """Parse a header from src; return it and any bytes read past its end."""
    source = _LineSource(src, block)
    try:
        intro = source.readline()
    except AgeHeaderError:
        raise AgeHeaderError("This is not an age encrypted file.") from None
    if intro != INTRO:
        raise AgeHeaderError("This is not an age v1 encrypted file.")
    stanzas: list[Stanza] = []
    while True:
        line = source.readline()
        if line.startswith(_FOOTER_PREFIX):
            words = _split_words(line)
            if words[0] != "---" or len(words) != 2:
                raise AgeHeaderError("The header MAC line is malformed.")
            mac = b64decode_strict(words[1])
            if len(mac) != MAC_SIZE:
                raise AgeHeaderError("The header MAC has the wrong length.")
            mac_input = bytes(source.raw[: len(source.raw) - len(line) + 3])
            break
        if not line.startswith(_STANZA_PREFIX):
            raise AgeHeaderError("The header has a malformed stanza line.")
        stanzas.append(_read_stanza(source, line))
    header = Header(tuple(stanzas), mac, mac_input, len(source.raw))
    return header, source.leftover()
