"""File-to-file throughput of vault.crypto.age against the reference `age` CLI.

Usage: .venv/bin/python bench/age_throughput.py [--size-mib 1024] [--rounds 3] [--dir DIR]

Runs are interleaved (age, ours, age, ours, ...) and every output goes to a
fresh file, so page-cache effects and background load hit both sides alike.
The table shows the best and median wall time per operation.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vault.crypto.age import X25519Identity, decrypt_stream, encrypt_stream


def make_input(path: Path, size: int) -> None:
    block = os.urandom(1 << 20)
    with path.open("wb") as out:
        for start in range(0, size, len(block)):
            out.write(block[: min(len(block), size - start)])


def timed(run: Callable[[], object], output: Path) -> float:
    output.unlink(missing_ok=True)
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    age = shutil.which("age")
    if age is None:
        sys.exit("the age CLI is not on PATH")

    work = Path(tempfile.mkdtemp(prefix="age-bench-", dir=args.dir))
    try:
        size = args.size_mib << 20
        plain, ours_enc, age_enc = work / "plain", work / "ours.age", work / "cli.age"
        out = work / "out"
        make_input(plain, size)
        identity = X25519Identity.generate()
        keyfile = work / "key.txt"
        keyfile.write_text(identity.to_string() + "\n")
        recipient = identity.recipient.to_string()

        def ours_encrypt(target: Path, hashed: bool = False) -> None:
            digest = hashlib.sha256()
            with plain.open("rb") as src, target.open("wb") as dst:
                encrypt_stream(
                    src, dst, [identity.recipient], on_chunk=digest.update if hashed else None
                )

        def ours_decrypt() -> None:
            with age_enc.open("rb") as src, out.open("wb") as dst:
                decrypt_stream(src, dst, [identity])

        def cli(*argv: str) -> None:
            subprocess.run([age, *argv], check=True)

        runs: dict[str, Callable[[], float]] = {
            "age -r": lambda: timed(
                lambda: cli("-r", recipient, "-o", str(age_enc), str(plain)), age_enc
            ),
            "encrypt_stream": lambda: timed(lambda: ours_encrypt(ours_enc), ours_enc),
            "encrypt_stream + sha256": lambda: timed(
                lambda: ours_encrypt(ours_enc, True), ours_enc
            ),
            "age -d": lambda: timed(
                lambda: cli("-d", "-i", str(keyfile), "-o", str(out), str(age_enc)), out
            ),
            "decrypt_stream": lambda: timed(ours_decrypt, out),
        }
        results: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.rounds):
            for name, run in runs.items():
                results[name].append(run())

        summary = {name: {"best_s": min(times), "median_s": statistics.median(times),
                          "best_mb_per_s": size / min(times) / 1e6}
                   for name, times in results.items()}
        out_json = Path(__file__).resolve().parent / "results" / "age_throughput.json"
        out_json.parent.mkdir(exist_ok=True)
        out_json.write_text(json.dumps({"file_mib": args.size_mib, "rounds": args.rounds,
                                        "cpus": os.cpu_count(), "results": summary},
                                       indent=2) + "\n")
        print(f"{args.size_mib} MiB, {args.rounds} rounds, {os.cpu_count()} CPUs")
        print(f"{'operation':<26}{'best s':>9}{'median s':>10}{'best MB/s':>11}")
        for name, times in results.items():
            best = min(times)
            print(
                f"{name:<26}{best:>9.2f}{statistics.median(times):>10.2f}{size / best / 1e6:>11.0f}"
            )
        print(f"\nwrote {out_json}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
