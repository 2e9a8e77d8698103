"""Made-up media for the demo vault: speech-like tones, a face-scan stand-in, logs, a PDF.

Everything is generated in memory with the standard library (no binary fixtures).
"""

from __future__ import annotations

import io
import json
import math
import struct
import wave
import zlib
from datetime import date, timedelta

SAMPLE_RATE = 16000


def speech_like_wav(seconds: float, pitch: float) -> bytes:
    """A mono 16-bit WAV whose syllable-like bursts of a gliding tone sound vaguely vocal."""
    frames = bytearray()
    for n in range(int(seconds * SAMPLE_RATE)):
        t = n / SAMPLE_RATE
        envelope = max(0.0, math.sin(math.pi * 4 * t)) ** 2  # four "syllables" a second
        freq = pitch * (1 + 0.1 * math.sin(2 * math.pi * 0.7 * t))
        value = envelope * (0.6 * math.sin(2 * math.pi * freq * t)
                            + 0.2 * math.sin(4 * math.pi * freq * t))
        frames += struct.pack("<h", int(value * 12000))
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(SAMPLE_RATE)
        writer.writeframes(bytes(frames))
    return out.getvalue()


def face_scan_png(size: int = 96) -> bytes:
    """A grey oval 'face' with two eyes on a pale background, as a pure-Python PNG."""
    rows = bytearray()
    centre = size / 2
    for y in range(size):
        rows.append(0)  # filter: none
        for x in range(size):
            inside = ((x - centre) / (size * 0.32)) ** 2 + ((y - centre) / (size * 0.42)) ** 2
            eye = any((x - ex) ** 2 + (y - size * 0.4) ** 2 < (size * 0.05) ** 2
                      for ex in (size * 0.38, size * 0.62))
            shade = 40 if eye else (170 if inside < 1 else 235)
            rows += bytes((shade, shade, min(255, shade + 10)))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(rows))) + chunk(b"IEND", b""))


def chat_log(today: date) -> bytes:
    lines = [f"{today - timedelta(days=40)} 09:12 Ana: Hi! Is the voice job still open?",
             f"{today - timedelta(days=40)} 09:15 Gigly support: Yes, 30 short takes, 150 EUR.",
             f"{today - timedelta(days=39)} 18:02 Ana: Done, all uploaded.",
             f"{today - timedelta(days=39)} 18:30 Gigly support: Thanks, payment in 2 weeks."]
    return ("\n".join(lines) + "\n").encode()


def health_export(today: date) -> bytes:
    days = [{"date": str(today - timedelta(days=d)), "steps": 6000 + 137 * d,
             "resting_heart_rate": 58 + d % 5} for d in range(7)]
    return json.dumps({"source": "demo watch", "days": days}, indent=2).encode()


def gait_csv() -> bytes:
    lines = ["t_seconds,accel_x,accel_y,accel_z"]
    for n in range(200):
        t = n / 50
        lines.append(f"{t:.2f},{math.sin(2 * math.pi * 1.8 * t):.3f},"
                     f"{0.3 * math.cos(2 * math.pi * 0.9 * t):.3f},{9.81:.2f}")
    return ("\n".join(lines) + "\n").encode()


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a real text layer (what pypdf reads back when it is attached)."""
    ops = [b"BT /F1 11 Tf 14 TL 60 740 Td"] + [_pdf_string(line) + b" Tj T*" for line in lines]
    stream = b"\n".join([*ops, b"ET"])
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
               b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)
