#!/usr/bin/env bash
# Writes the seed corpora for the fuzz targets from the sites in this repository (the
# flagship explainer and the test fixtures): fuzz/corpus/{frontmatter,markdown,site}/.
# libFuzzer adds what it finds to the same folders; re-running this only adds seeds.
set -euo pipefail
cd "$(dirname "$0")"
repo=..
mkdir -p corpus/frontmatter corpus/markdown corpus/site corpus/raw_html
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
        # The raw_html target reads the body alone.
        tail -c +2 "corpus/markdown/$name" > "corpus/raw_html/$name"
      fi
    done
done
# The raw HTML that issue 21's attack run got through, and its relatives.
i=0
for body in \
  $'<div>\n<a href="java\nscript:alert(1)">x</a>\n</div>\n' \
  $'<div>\n<a href="\njavascript:alert(1)">x</a>\n</div>\n' \
  $'<div>\n<a\nhref\n=\n"javascript:alert(1)">x</a>\n</div>\n' \
  $'| a |\n| - |\n| <a href="java&#10;script:x">y</a> |\n' \
  $'<div title="\n\nx" onmouseover="alert(1)">\n' \
  $'<svg><style><p><textarea><a title="</textarea><img src=x>"></style></svg>\n' \
  $'x <textarea><a title="</textarea><b>">y</b>\n' \
  $'<iframe src="https://example.org/"></iframe>\n\n<details><summary>s</summary>t</details>\n'
do
  i=$((i + 1))
  printf '%s' "$body" > "corpus/raw_html/issue-21-$i"
done
echo "seeded $(ls corpus/frontmatter | wc -l) frontmatter, $(ls corpus/markdown | wc -l) markdown, $(ls corpus/raw_html | wc -l) raw_html, $(ls corpus/site | wc -l) site inputs"
