#!/usr/bin/env python3
"""Where a Lifeboat run's CPU time goes, from a `perf record` profile, in a few categories.

Record (no root-only features needed; the software clock works in VMs without PMU counters):

    DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \\
        perf record -F 997 -e cpu-clock -o backup.data -- dotnet lifeboat.dll repo backup ...
    bench/perf-split.py backup.data

DOTNET_PerfMapEnabled writes /tmp/perf-<pid>.map so perf can name JIT-compiled methods; W^X off
keeps them out of the anonymous double mapping perf cannot resolve. libcrypto and libcoreclr are
stripped: their samples are attributed by library (see bench/README.md for what they hold).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict

DECOMPRESS = re.compile(r"decompress|DCtx|decode|DTable|buildSeqTable|execSequence|FSE_read|HUF_read", re.I)

# (category, predicate on dso and symbol), first match wins.
RULES = [
    ("zstd decompress (ZstdSharp)", lambda d, s: "ZstdSharp" in s and DECOMPRESS.search(s)),
    ("zstd compress and shared helpers (ZstdSharp)", lambda d, s: "ZstdSharp" in s),
    ("scrypt (key derivation)", lambda d, s: "Crypto.Scrypt" in s),
    ("Poly1305, AES-CTR glue, XOR (managed)", lambda d, s: "Lifeboat.Repository.Crypto" in s),
    ("chunker (Rabin)", lambda d, s: "Lifeboat.Repository.Chunking" in s),
    ("SHA-256, AES (OpenSSL libcrypto)", lambda d, s: "libcrypto" in d),
    ("JIT compiler (libclrjit)", lambda d, s: "libclrjit" in d),
    ("runtime (libcoreclr: PGO counters, GC, stubs)", lambda d, s: "libcoreclr" in d),
    ("kernel (syscalls, page cache copies, faults)", lambda d, s: "kernel" in d),
    ("libc (memcpy, memset) and loader", lambda d, s: "libc.so" in d or "ld-linux" in d),
    ("Lifeboat other (managed)", lambda d, s: "Lifeboat" in s),
    ("BCL other (managed)", lambda d, s: "System." in s or "Microsoft." in s or "CoreLib" in d),
    ("JIT code not resolved", lambda d, s: "JIT" in d or "memfd" in d),
]

TIER = re.compile(r"\[(QuickJitted|InstrumentedTier[^\]]*|OptimizedTier1OSR|OptimizedTier1|Optimized|PreJIT|Tier0|Tier1)\]\s*$")


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    report = subprocess.run(
        ["perf", "report", "-i", sys.argv[1], "--no-children", "--sort", "dso,sym", "--stdio", "--percent-limit", "0"],
        capture_output=True, text=True, check=True).stdout
    categories: dict[str, float] = defaultdict(float)
    tiers: dict[str, float] = defaultdict(float)
    total = 0.0
    for line in report.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+(.+?)\s{2,}\[(.)\]\s+(.*)$", line)
        if not m:
            continue
        pct, dso, _, sym = float(m.group(1)), m.group(2).strip(), m.group(3), m.group(4).strip()
        total += pct
        category = next((name for name, rule in RULES if rule(dso, sym)), "other")
        categories[category] += pct
        t = TIER.search(sym)
        if t:
            tiers[t.group(1)] += pct
    # perf rounds every line to 0.01%; scale so that the parsed lines add up to 100%.
    scale = 100 / total if total else 1
    print("| category | share of CPU samples |\n| --- | ---: |")
    for name, pct in sorted(categories.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {pct * scale:.1f}% |")
    if tiers:
        print("\nmanaged code by JIT tier (QuickJitted, Instrumented and OSR code is not fully optimized):\n")
        print("| tier | share of CPU samples |\n| --- | ---: |")
        for name, pct in sorted(tiers.items(), key=lambda kv: -kv[1]):
            print(f"| {name} | {pct * scale:.1f}% |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
