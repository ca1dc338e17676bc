#!/usr/bin/env bash
# Writes the seed corpora for the fuzz targets from the sites in this repository (the
# flagship explainer and the test fixtures): fuzz/corpus/{frontmatter,markdown,site}/.
# libFuzzer adds what it finds to the same folders; re-running this only adds seeds.
set -euo pipefail
cd "$(dirname "$0")"
repo=..
mkdir -p corpus/frontmatter corpus/markdown corpus/site
n=0
for site in "$repo" "$repo"/tests/fixtures/*/; do
  [ -f "$site/dossier.toml" ] || continue
  n=$((n + 1))
  cp "$site/dossier.toml" "corpus/frontmatter/seed-$n-dossier.toml"
  # The whole site, in the `=== PATH` format that the site target reads.
  {
    echo "=== dossier.toml"; cat "$site/dossier.toml"
    (cd "$site" && find content -type f \( -name '*.md' -o -name '*.toml' \) | sort) |
      while read -r f; do echo "=== $f"; cat "$site/$f"; done
  } > "corpus/site/seed-$n.txt"
  # Small sites too: the explainer, the sources and one other file each.
  (cd "$site" && find content -mindepth 2 -type f -name '*.md' | sort) |
    while read -r f; do
      {
        echo "=== dossier.toml"; cat "$site/dossier.toml"
        for g in content/index.md content/sources.toml "$f"; do
          [ -f "$site/$g" ] && { echo "=== $g"; cat "$site/$g"; }
        done
      } > "corpus/site/seed-$n-$(echo "$f" | tr '/ ' '__')"
    done
  (cd "$site" && find content -type f \( -name '*.md' -o -name '*.toml' \) | sort) |
    while read -r f; do
      name="seed-$n-$(echo "$f" | tr '/ ' '__')"
      cp "$site/$f" "corpus/frontmatter/$name"
      # The markdown target reads one option byte, then the body.
      if [[ $f == *.md ]]; then
        { printf '\x02'; awk 'c >= 2 { print } /^\+\+\+/ { c++ }' "$site/$f"; } > "corpus/markdown/$name"
      fi
    done
done
echo "seeded $(ls corpus/frontmatter | wc -l) frontmatter, $(ls corpus/markdown | wc -l) markdown, $(ls corpus/site | wc -l) site inputs"
