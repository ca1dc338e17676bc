#!/usr/bin/env bash
# Same bytes before and after a refactor: builds the flagship, every test fixture site and
# a generated corpus with two dossier binaries, and diffs the output trees and what each
# command printed (timings masked). Exit 1 on any difference.
#
#   benches/same_output.sh OLD_BIN NEW_BIN [build|check] [CORPUS_DIR]
#
# Make the old binary from the commit before the change (git worktree + cargo build), and
# a corpus with ../shared/bench/gen_corpus.py 1000 dossier /tmp/corpus1k.
set -uo pipefail
OLD=${1:?usage: same_output.sh OLD_BIN NEW_BIN [build|check] [CORPUS_DIR]}
NEW=${2:?usage: same_output.sh OLD_BIN NEW_BIN [build|check] [CORPUS_DIR]}
OLD=$(realpath "$OLD"); NEW=$(realpath "$NEW")
CMD=${3:-build}
CORPUS=${4:-}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT

sites=("$ROOT")
for d in "$ROOT"/tests/fixtures/*/ "$ROOT"/tests/fixtures/*/*/; do
  [ -f "$d/dossier.toml" ] && sites+=("${d%/}")
done
[ -n "$CORPUS" ] && sites+=("$CORPUS")

fail=0
for site in "${sites[@]}"; do
  rm -rf "${S:?}"/*
  for who in old new; do
    bin=$OLD; [ $who = new ] && bin=$NEW
    if [ "$CMD" = build ]; then
      (cd "$site" && "$bin" build --out "$S/out") >"$S/$who.txt" 2>&1
    else
      (cd "$site" && "$bin" "$CMD") >"$S/$who.txt" 2>&1
    fi
    echo "exit $?" >>"$S/$who.txt"
    [ -d "$S/out" ] && mv "$S/out" "$S/$who"
  done
  sed -i 's/[0-9.]* ms/N ms/g; s/ in [0-9.]*m\?s/ in N/g' "$S/old.txt" "$S/new.txt"
  same=1
  diff -q "$S/old.txt" "$S/new.txt" >/dev/null || same=0
  if [ -d "$S/old" ] || [ -d "$S/new" ]; then diff -r "$S/old" "$S/new" >/dev/null 2>&1 || same=0; fi
  if [ $same = 0 ]; then
    fail=1
    echo "DIFFERS: ${site#"$ROOT"/}"
    diff "$S/old.txt" "$S/new.txt" | head -5
    diff -r "$S/old" "$S/new" 2>&1 | head -5
  fi
done
echo "same_output.sh $CMD: ${#sites[@]} sites, $([ $fail = 0 ] && echo 'all identical' || echo 'DIFFERENCES')"
exit $fail
