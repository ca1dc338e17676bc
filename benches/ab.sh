#!/usr/bin/env bash
# Interleaved A/B builds of one site with two (or more) dossier binaries: each round
# builds with every binary in turn into a fresh output, so a machine's drift hits all
# of them alike. Prints the median wall, user and system CPU and peak RSS of each.
#
#   benches/ab.sh ROUNDS SITE_DIR BIN...
#   e.g. benches/ab.sh 7 /dev/shm/c10k /tmp/dossier-before target/release/dossier
#
# Put SITE_DIR on tmpfs (/dev/shm) to measure CPU rather than the disk. A binary that is
# not dossier (the floor) can be wrapped in a script taking `build --root SITE --out OUT`.
set -euo pipefail
ROUNDS=${1:?usage: ab.sh ROUNDS SITE_DIR BIN...}
SITE=${2:?usage: ab.sh ROUNDS SITE_DIR BIN...}
shift 2
[ $# -ge 1 ] || { echo "usage: ab.sh ROUNDS SITE_DIR BIN..." >&2; exit 2; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
for _ in $(seq "$ROUNDS"); do
  for b in "$@"; do
    rm -rf "$W/out"
    /usr/bin/time -o "$W/t" -f "%e %U %S %M" "$b" build --root "$SITE" --out "$W/out" >/dev/null 2>&1
    echo "$b $(cat "$W/t")" >> "$W/runs"
  done
done
python3 - "$W/runs" "$@" <<'PY'
import statistics as st, sys
rows = [l.split() for l in open(sys.argv[1])]
for b in sys.argv[2:]:
    r = [x for x in rows if x[0] == b]
    med = lambda i: st.median(float(x[i]) for x in r)
    print(f"{b}: wall {med(1):.3f} s  user {med(2):.3f} s  sys {med(3):.3f} s  "
          f"peak RSS {med(4) / 1024:.0f} MiB  ({len(r)} builds)")
PY
