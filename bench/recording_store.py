"""Recording store benchmark: our import/export against the age CLI, memory, random reads.

    python bench/recording_store.py [--size-mib 1024] [--dir DIR] [--json OUT]

Prints a table and writes JSON (default bench/results/recording_store.json).
Each timing is the best of --repeat runs, ours and age's interleaved, on the
same file in the page cache. Our import and export fsync what they write
(a recording is not in the vault until it is on disk); the age CLI does not,
so each comparison is made twice: against age as it is, and against age
followed by an fsync of its output, which is the same durability as ours.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from vault.crypto.keys import new_kdf_params  # noqa: E402
from vault.vault import create_vault, unlock_vault  # noqa: E402

PASSWORD = "benchmark password"
MIB = 1024 * 1024

# The child opens the vault with its master key, as the app does with a key
# remembered on the device, so that Argon2id's 64 MiB is not counted as import memory.
# The child reports its own peak (bench/peak_memory.py says why not ru_maxrss).
_RSS_CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, {repo!r})
from vault.vault import open_with_master_key
from bench.peak_memory import peak_rss_kib as hwm
with open_with_master_key(Path({vault!r}), bytes.fromhex({key!r})) as vault:
    before = hwm()
    rec = vault.recordings.import_file(Path({source!r}))
    vault.recordings.remove(rec.id)
print(before, hwm())
"""


def make_file(path: Path, size: int) -> None:
    block = os.urandom(4 * MIB)
    with open(path, "wb") as handle:
        left = size
        while left:
            handle.write(block[: min(left, len(block))])
            left -= min(left, len(block))


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def peak_rss_mib(vault_dir: Path, master_key: bytes, source: Path) -> tuple[float, float]:
    """(peak RSS before the import, peak RSS after it) of a fresh process, in MiB."""
    code = _RSS_CHILD.format(repo=str(REPO), vault=str(vault_dir), key=master_key.hex(),
                             source=str(source))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    before, after = out.strip().splitlines()[-1].split()
    return int(before) / 1024, int(after) / 1024  # VmHWM is in KiB


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reads", type=int, default=500)
    parser.add_argument("--dir", type=Path, default=None, help="scratch folder (default: tmp)")
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results" /
                        "recording_store.json")
    args = parser.parse_args()
    age = shutil.which("age")
    if age is None:
        print("error: the age CLI is needed for the comparison (apt-get install age)",
              file=sys.stderr)
        return 2
    scratch = Path(tempfile.mkdtemp(prefix="holdfast-bench-", dir=args.dir))
    try:
        return run(args, age, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(args: argparse.Namespace, age: str, scratch: Path) -> int:
    size = args.size_mib * MIB
    source = scratch / "big.mp4"
    small = scratch / "small.mp4"
    make_file(source, size)
    make_file(small, 10 * MIB)
    vault_dir = scratch / "vault"
    # The KDF is not what is measured here; the CLI calibrates it separately.
    kdf = new_kdf_params(memory_kib=64 * 1024, iterations=1)
    create_vault(vault_dir, PASSWORD, kdf=kdf)[0].close()
    vault = unlock_vault(vault_dir, PASSWORD)
    identity_file = scratch / "identity.txt"
    identity_file.write_text(vault.age_identity().to_string() + "\n")
    recipient = vault.age_identity().recipient.to_string()
    age_out = scratch / "age-out.age"
    age_plain = scratch / "age-plain.bin"
    export_out = scratch / "export.bin"

    ours_import, age_encrypt, ours_export, age_decrypt = [], [], [], []
    age_encrypt_synced, age_decrypt_synced = [], []
    rec_id = ""
    for _ in range(args.repeat):
        if rec_id:
            vault.recordings.remove(rec_id)
        started = time.perf_counter()
        rec_id = vault.recordings.import_file(source).id
        ours_import.append(time.perf_counter() - started)
        age_out.unlink(missing_ok=True)
        started = time.perf_counter()
        subprocess.run([age, "-r", recipient, "-o", str(age_out), str(source)], check=True)
        age_encrypt.append(time.perf_counter() - started)
        fsync_file(age_out)
        age_encrypt_synced.append(time.perf_counter() - started)
        export_out.unlink(missing_ok=True)
        started = time.perf_counter()
        vault.recordings.export_to_file(rec_id, export_out)
        ours_export.append(time.perf_counter() - started)
        age_plain.unlink(missing_ok=True)
        started = time.perf_counter()
        subprocess.run([age, "-d", "-i", str(identity_file), "-o", str(age_plain),
                        str(age_out)], check=True)
        age_decrypt.append(time.perf_counter() - started)
        fsync_file(age_plain)
        age_decrypt_synced.append(time.perf_counter() - started)
    for path in (age_out, age_plain, export_out):
        path.unlink(missing_ok=True)

    rng = random.Random(7)
    latencies = []
    with vault.recordings.open_reader(rec_id) as reader:
        for _ in range(args.reads):
            offset = rng.randrange(0, max(1, size - 65536))
            started = time.perf_counter()
            reader.read_range(offset, 65536)
            latencies.append((time.perf_counter() - started) * 1000)
    vault.recordings.remove(rec_id)
    master_key = vault.keys.master_key
    vault.close()

    baseline, rss_small = peak_rss_mib(vault_dir, master_key, small)
    _, rss_big = peak_rss_mib(vault_dir, master_key, source)

    gib = size / (1024 * MIB)
    results = {
        "file_mib": args.size_mib,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "import_s": min(ours_import), "age_encrypt_s": min(age_encrypt),
        "import_ratio": min(ours_import) / min(age_encrypt),
        "export_s": min(ours_export), "age_decrypt_s": min(age_decrypt),
        "export_ratio": min(ours_export) / min(age_decrypt),
        "age_encrypt_fsync_s": min(age_encrypt_synced),
        "age_decrypt_fsync_s": min(age_decrypt_synced),
        "import_ratio_same_durability": min(ours_import) / min(age_encrypt_synced),
        "export_ratio_same_durability": min(ours_export) / min(age_decrypt_synced),
        "import_gib_per_s": gib / min(ours_import),
        "export_gib_per_s": gib / min(ours_export),
        "rss_open_vault_mib": baseline, "rss_import_10mib_mib": rss_small,
        f"rss_import_{args.size_mib}mib_mib": rss_big,
        "rss_difference_mib": abs(rss_big - rss_small),
        "random_read_64k_median_ms": statistics.median(latencies),
        "random_read_64k_p95_ms": sorted(latencies)[int(len(latencies) * 0.95)],
        "targets": {"import_ratio": "<= 1.0", "export_ratio": "<= 1.0",
                    "rss_difference_mib": "< 16", "rss_each_mib": "< 80",
                    "random_read_64k_median_ms": "< 2"},
    }
    rows = [
        ("import (ours) vs age -r", f"{min(ours_import):.2f} s", f"{min(age_encrypt):.2f} s",
         f"{results['import_ratio']:.2f}", "<= 1.0"),
        ("export (ours) vs age -d", f"{min(ours_export):.2f} s", f"{min(age_decrypt):.2f} s",
         f"{results['export_ratio']:.2f}", "<= 1.0"),
        ("import vs age -r + fsync", f"{min(ours_import):.2f} s",
         f"{min(age_encrypt_synced):.2f} s", f"{results['import_ratio_same_durability']:.2f}",
         "<= 1.0"),
        ("export vs age -d + fsync", f"{min(ours_export):.2f} s",
         f"{min(age_decrypt_synced):.2f} s", f"{results['export_ratio_same_durability']:.2f}",
         "<= 1.0"),
        ("peak RSS, vault open, idle", f"{baseline:.1f} MiB", "", "", ""),
        ("peak RSS import 10 MiB", f"{rss_small:.1f} MiB", "", "", "< 80 MiB"),
        (f"peak RSS import {args.size_mib} MiB", f"{rss_big:.1f} MiB", "",
         f"diff {abs(rss_big - rss_small):.1f}", "diff < 16 MiB"),
        ("random 64 KiB read, median", f"{results['random_read_64k_median_ms']:.3f} ms", "",
         f"p95 {results['random_read_64k_p95_ms']:.3f}", "< 2 ms"),
    ]
    headers = ("measure", "ours", "age CLI", "ratio", "target")
    widths = [max(len(str(r[i])) for r in (*rows, headers)) for i in range(len(headers))]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
