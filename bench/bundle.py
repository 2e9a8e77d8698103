"""Bundle export benchmark: peak memory and time to export 2 GiB of media.

    python bench/bundle.py [--media-mib 2048] [--dir DIR] [--json OUT]

Prints a table and writes JSON (default bench/results/bundle.json). The export
runs in a fresh process that opens the vault with its master key, so the
figure is the export's own memory; VmHWM is read from /proc. The same media
is also written by stock `zip -0` from plaintext files as a reference for time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from vault.crypto.keys import new_kdf_params  # noqa: E402
from vault.vault import create_vault  # noqa: E402

MIB = 1024 * 1024
_CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
from vault.bundle.export import BundleOptions, export_bundle
from vault.vault import open_with_master_key
from bench.peak_memory import peak_rss_kib as hwm
with open_with_master_key(Path({vault!r}), bytes.fromhex({key!r})) as vault:
    before = hwm()
    started = time.perf_counter()
    export_bundle(vault, Path({out!r}), BundleOptions(include_media=True))
    took = time.perf_counter() - started
print(before, hwm(), took)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--media-mib", type=int, default=2048)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "bundle.json")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="holdfast-bundle-bench-", dir=args.dir))
    try:
        vault_dir = scratch / "vault"
        vault, _ = create_vault(vault_dir, "benchmark password",
                                kdf=new_kdf_params(memory_kib=8192, iterations=1))
        plain = scratch / "plain"
        plain.mkdir()
        block = os.urandom(4 * MIB)
        per_file = 512 * MIB
        for index in range(max(1, args.media_mib * MIB // per_file)):
            path = plain / f"video-{index}.mp4"
            with open(path, "wb") as handle:
                for _ in range(per_file // len(block)):
                    handle.write(block)
            vault.recordings.import_file(path)
        key = vault.keys.master_key.hex()
        vault.close()
        out = scratch / "bundle.zip"
        code = _CHILD.format(repo=str(REPO), vault=str(vault_dir), key=key, out=str(out))
        line = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True).stdout.strip().splitlines()[-1]
        before_kib, after_kib, took = line.split()
        zip_time = None
        if shutil.which("zip"):
            started = time.perf_counter()
            subprocess.run(["zip", "-q", "-0", "-r", str(scratch / "ref.zip"), "."],
                           cwd=plain, check=True)
            zip_time = time.perf_counter() - started
        results = {"media_mib": args.media_mib, "bundle_bytes": out.stat().st_size,
                   "export_s": float(took), "zip_0_plaintext_s": zip_time,
                   "rss_before_export_mib": int(before_kib) / 1024,
                   "rss_peak_export_mib": int(after_kib) / 1024,
                   "targets": {"rss_peak_export_mib": "< 100"}}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    rows = [("export with media", f"{results['export_s']:.2f} s",
             f"{zip_time:.2f} s (zip -0 of the plaintext)" if zip_time else "zip not installed"),
            ("peak RSS of the export process", f"{results['rss_peak_export_mib']:.1f} MiB",
             "target < 100 MiB"),
            ("RSS with the vault open, before", f"{results['rss_before_export_mib']:.1f} MiB", "")]
    print(f"{'measure':34}{'ours':>14}  reference")
    for name, ours, ref in rows:
        print(f"{name:34}{ours:>14}  {ref}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
