#!/usr/bin/env bash
# Interleaved A/B builds of one site with two (or more) dossier binaries: each round
# builds with every binary in turn into a fresh output, so a machine's drift hits all
# of them alike. Prints the median wall, user and system CPU and peak RSS of each.
#
#   benches/ab.sh ROUNDS SITE_DIR BIN...
#   e.g. benches/ab.sh 7 /dev/shm/c10k /tmp/dossier-before target/release/dossier
#
# The outputs go to a folder in $AB_TMP (default /dev/shm, tmpfs, where it exists), so
# what is measured is CPU rather than the disk; put SITE_DIR on tmpfs too. A binary that
# is not dossier (the floor) can be wrapped in a script taking `build --root S --out O`.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: ab.sh ROUNDS SITE_DIR BIN..." >&2; exit 2; }
BASE=${AB_TMP:-/dev/shm}
[ -d "$BASE" ] || BASE=${TMPDIR:-/tmp}
W=$(mktemp -d "$BASE/dossier-ab.XXXXXX")
trap 'rm -rf "$W"' EXIT
python3 - "$W" "$@" <<'PY'
import os, shutil, statistics as st, subprocess, sys, time

work, rounds, site, bins = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
out = os.path.join(work, "out")
runs = {b: [] for b in bins}
for _ in range(rounds):
    for b in bins:
        shutil.rmtree(out, ignore_errors=True)
        start = time.perf_counter()
        p = subprocess.Popen([b, "build", "--root", site, "--out", out],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{b} failed on {site}")
        runs[b].append((wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss / 1024))
for b, r in runs.items():
    med = lambda i: st.median(x[i] for x in r)
    print(f"{b}: wall {med(0):.3f} s  user {med(1):.3f} s  sys {med(2):.3f} s  "
          f"peak RSS {med(3):.0f} MiB  ({len(r)} builds)")
PY
