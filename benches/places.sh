#!/usr/bin/env bash
# What maps cost: builds the same corpus with and without places, N times each, and
# prints the median wall time of each and their ratio (issue 17, point 10: ≤ 1.2×).
#
#   benches/places.sh [PAGES] [EVENTS] [RUNS]      (defaults: 10000 1000 5)
#
# The corpus is gen_corpus.py's (PAGES background pages) plus EVENTS timeline events
# from benches/places_corpus.py; "places" adds content/places.toml (48 places) and 1–3
# places on every event, so the timeline gets its overview and a locator per event.
# Uses target/release/dossier (or $DOSSIER). For instruction counts, less noisy on a
# loaded machine, run one build of each under `valgrind --tool=callgrind`.
set -euo pipefail
pages=${1:-10000}; events=${2:-1000}; runs=${3:-5}
here=$(cd "$(dirname "$0")" && pwd)
bin=${DOSSIER:-$here/../target/release/dossier}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 /work/shared/bench/gen_corpus.py "$pages" dossier "$dir/plain" > /dev/null
cp -r "$dir/plain" "$dir/places"
python3 "$here/places_corpus.py" "$dir/plain" --events "$events"
python3 "$here/places_corpus.py" "$dir/places" --events "$events" --places
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for v in plain places; do
  for _ in $(seq "$runs"); do
    s=$(date +%s%N); "$bin" build --root "$dir/$v" --out "$dir/out-$v" > /dev/null 2>&1; e=$(date +%s%N)
    echo $(( (e - s) / 1000000 ))
  done | median > "$dir/$v.ms"
  echo "$v: median $(cat "$dir/$v.ms") ms of $runs builds"
done
awk -v a="$(cat "$dir/plain.ms")" -v b="$(cat "$dir/places.ms")" 'BEGIN { printf "places/plain: %.3f\n", b / a }'
