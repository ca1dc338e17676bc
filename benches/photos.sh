#!/usr/bin/env bash
# The photo benchmark (issue 22, point 10): a site of PHOTOS camera-sized JPEGs
# (4000×3000, 12 MP, with EXIF and GPS), each shown as a figure, published at widths
# 480, 960 and 1600 in WebP plus the JPEG fallback. Measures, with /usr/bin/time -v
# (wall clock, CPU seconds, peak RSS):
#   text    the same site without its figures (the floor a warm build is compared to)
#   cold    no output, no image cache
#   warm    nothing changed
#   one     one photo changed
#   avif    AVIF's own cost per photo: AVIF_PHOTOS photos cold with formats ["avif",
#           "webp"] minus the same photos with ["webp"], in CPU seconds, per photo
# and the bytes published per format. Prints a Markdown table.
#
# When `hugo` is on PATH (HUGO=path overrides, HUGO=none skips), the same photos go
# through Hugo's image processing too, cold and warm: a page per photo whose template
# resizes it (`.Resize "480x webp q80 Lanczos"`…) to the same widths, in WebP (q80)
# and JPEG (q82), with Lanczos, our filter. HUGO_PHOTOS (default PHOTOS) runs Hugo on
# fewer photos, for a machine without the time; the table then says so.
#
# Usage: benches/photos.sh [WORKDIR]     (default: a fresh temporary folder)
#   PHOTOS=200 AVIF_PHOTOS=5 DOSSIER=target/release/dossier HUGO_PHOTOS=50
# Needs python3 with Pillow (`pip install pillow`) to make the photos, once per WORKDIR.
# Zola likewise when `zola` is on PATH (ZOLA=path, ZOLA=none, ZOLA_PHOTOS): a page per
# photo whose template calls `resize_image` at each width (fit_width, WebP q80 / JPEG
# q82; Zola resizes with Lanczos3). Zola has no Debian package: build it from its
# repository (`cargo build --release`, tag v0.22.1) and pass ZOLA=.../target/release/zola.
set -euo pipefail

PHOTOS=${PHOTOS:-200}
AVIF_PHOTOS=${AVIF_PHOTOS:-5}
HUGO_PHOTOS=${HUGO_PHOTOS:-$PHOTOS}
HUGO=${HUGO:-$(command -v hugo || echo none)}
ZOLA_PHOTOS=${ZOLA_PHOTOS:-$PHOTOS}
ZOLA=${ZOLA:-$(command -v zola || echo none)}
HERE=$(cd "$(dirname "$0")/.." && pwd)
DOSSIER=${DOSSIER:-$HERE/target/release/dossier}
WORK=${1:-$(mktemp -d)}
mkdir -p "$WORK"
[ -x "$DOSSIER" ] || { echo "no dossier binary at $DOSSIER (cargo build --release)" >&2; exit 2; }

# --- the photos -------------------------------------------------------------------
make_photos() { # DIR COUNT
  python3 - "$1" "$2" <<'PY'
import os, random, sys
from PIL import Image, ImageDraw, ImageFilter
out, count = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
W, H = 4000, 3000
for i in range(count):
    path = os.path.join(out, f"p{i:03d}.jpg")
    if os.path.exists(path):
        continue
    rnd = random.Random(i)
    # A sky-to-ground gradient, shapes, and fine noise: compresses like a photo, not
    # like a flat card or white noise.
    small = Image.new("RGB", (400, 300))
    d = ImageDraw.Draw(small)
    top = [rnd.randrange(60, 200) for _ in range(3)]
    bottom = [rnd.randrange(20, 140) for _ in range(3)]
    for y in range(300):
        t = y / 299
        d.line([(0, y), (400, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    for _ in range(40):
        x, y, r = rnd.randrange(400), rnd.randrange(300), rnd.randrange(5, 60)
        d.ellipse([x - r, y - r, x + r, y + r], fill=tuple(rnd.randrange(256) for _ in range(3)))
    img = small.resize((W, H), Image.BICUBIC).filter(ImageFilter.GaussianBlur(2))
    noise = Image.effect_noise((W, H), 18).convert("RGB")
    img = Image.blend(img, noise, 0.12)
    exif = Image.Exif()
    exif[0x010F] = "BenchCam"            # Make
    exif[0x0110] = "Model 12"            # Model
    exif[0x0132] = "2024:01:27 10:00:00" # DateTime
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (33.0, 48.0, float(i % 60))
    gps[3], gps[4] = "E", (42.0, 26.0, 0.0)
    img.save(path, "JPEG", quality=90, exif=exif.tobytes())
PY
}

# --- the sites --------------------------------------------------------------------
write_site() { # DIR FORMATS COUNT WITH_FIGURES
  local dir=$1 formats=$2 count=$3 figures=$4
  mkdir -p "$dir/content" "$dir/static/img"
  cat > "$dir/dossier.toml" <<EOF
title = "Photo benchmark"
language = "en"
[images]
widths = [480, 960, 1600]
formats = $formats
EOF
  {
    printf '+++\ntitle = "Photos"\nsummary = "A site of photos."\npublished = 2024-01-27\n+++\n'
    for ((i = 0; i < count; i++)); do
      n=$(printf '%03d' "$i")
      printf '\n## Photo %s\n\nText about photo %s.\n' "$n" "$n"
      if [ "$figures" = yes ]; then
        printf '\n```figure\nsrc = "img/p%s.jpg"\nalt = "Test photo %s"\ncredit = "Bench desk"\n```\n' "$n" "$n"
      fi
    done
  } > "$dir/content/index.md"
  printf '[[source]]\nid = "S1"\ntitle = "x"\npublisher = "x"\n' > "$dir/content/sources.toml"
  for ((i = 0; i < count; i++)); do
    n=$(printf '%03d' "$i")
    [ "$figures" = yes ] && ln -f "$WORK/photos/p$n.jpg" "$dir/static/img/p$n.jpg"
  done
  return 0
}

# --- one measured run -------------------------------------------------------------
# Runs a command under /usr/bin/time -v; prints "wall_s cpu_s rss_mib".
measure_cmd() { # COMMAND...
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time/ { u = $2 } /System time/ { s = $2 }
    /Maximum resident set size/ { r = $2 / 1024 }
    END { printf "%.2f %.2f %.0f\n", w, u + s, r }' "$log"
  rm -f "$log"
}
measure() { measure_cmd "$DOSSIER" build --root "$1"; } # SITE

# --- Hugo ---------------------------------------------------------------------------
# A page per photo (Hugo renders pages in parallel; one page would resize its photos
# one after the other), the photo in assets/ so that `resources.Get` can process it.
write_hugo_site() { # DIR COUNT
  local dir=$1 count=$2
  rm -rf "$dir"
  mkdir -p "$dir/content/photos" "$dir/assets/img" "$dir/layouts/_default"
  printf 'baseURL = "https://example.org/"\ntitle = "Photo benchmark"\n[imaging]\nresampleFilter = "Lanczos"\n' > "$dir/hugo.toml"
  cat > "$dir/layouts/_default/single.html" <<'HTML'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>
{{ $img := resources.Get .Params.photo }}
<figure><picture>
<source type="image/webp" srcset="{{ range $i, $w := slice 480 960 1600 }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx webp q80 Lanczos" $w)).RelPermalink }} {{ $w }}w{{ end }}">
<img alt="{{ .Title }}" srcset="{{ range $i, $w := slice 480 960 1600 }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx jpg q82 Lanczos" $w)).RelPermalink }} {{ $w }}w{{ end }}">
</picture><figcaption>Bench desk</figcaption></figure>
</body></html>
HTML
  printf '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</body></html>\n' > "$dir/layouts/_default/list.html"
  cp "$dir/layouts/_default/list.html" "$dir/layouts/index.html"
  for ((i = 0; i < count; i++)); do
    n=$(printf '%03d' "$i")
    ln -f "$WORK/photos/p$n.jpg" "$dir/assets/img/p$n.jpg"
    printf -- '---\ntitle: "Photo %s"\nphoto: "img/p%s.jpg"\n---\nText about photo %s.\n' "$n" "$n" "$n" > "$dir/content/photos/p$n.md"
  done
}
hugo_build() { # DIR
  measure_cmd "$HUGO" --quiet --source "$1" --cacheDir "$1/.cache" --destination "$1/public"
}

# --- Zola ---------------------------------------------------------------------------
# The same pages for Zola: `resize_image` at each width, WebP q80 and JPEG q82 (Zola's
# filter is Lanczos3, ours too). The photos sit at the project's root, which
# resize_image searches first, so Zola does not copy 264 MiB of originals as static
# files (Dossier does not publish them either). Cold: no public/, no processed images.
write_zola_site() { # DIR COUNT
  local dir=$1 count=$2
  rm -rf "$dir"
  mkdir -p "$dir/content/photos" "$dir/img" "$dir/templates" "$dir/static"
  printf 'base_url = "https://example.org/"\ntitle = "Photo benchmark"\ncompile_sass = false\nbuild_search_index = false\n' > "$dir/config.toml"
  {
    printf '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ page.title }}</title></head><body>\n<figure><picture>\n'
    for f in "webp 80" "jpg 82"; do
      set -- $f
      [ "$1" = webp ] && printf '<source type="image/webp" srcset="' || printf '<img alt="{{ page.title }}" srcset="'
      for w in 480 960 1600; do
        [ "$w" != 480 ] && printf ', '
        printf '{%% set r = resize_image(path=page.extra.photo, width=%s, op="fit_width", format="%s", quality=%s) %%}{{ r.url }} %sw' "$w" "$1" "$2" "$w"
      done
      printf '">\n'
    done
    printf '</picture><figcaption>Bench desk</figcaption></figure>\n</body></html>\n'
  } > "$dir/templates/page.html"
  printf '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Photos</title></head><body>{%% if section %%}{%% for p in section.pages %%}<a href="{{ p.permalink }}">{{ p.title }}</a> {%% endfor %%}{%% endif %%}</body></html>\n' > "$dir/templates/section.html"
  cp "$dir/templates/section.html" "$dir/templates/index.html"
  printf '+++\n+++\n' > "$dir/content/_index.md"
  printf '+++\ntitle = "Photos"\n+++\n' > "$dir/content/photos/_index.md"
  for ((i = 0; i < count; i++)); do
    n=$(printf '%03d' "$i")
    ln -f "$WORK/photos/p$n.jpg" "$dir/img/p$n.jpg"
    printf '+++\ntitle = "Photo %s"\n[extra]\nphoto = "img/p%s.jpg"\n+++\nText about photo %s.\n' "$n" "$n" "$n" > "$dir/content/photos/p$n.md"
  done
}
zola_build() { # DIR
  measure_cmd "$ZOLA" --root "$1" build --force --output-dir "$1/public"
}

echo "making $PHOTOS photos in $WORK/photos (once)…" >&2
make_photos "$WORK/photos" "$PHOTOS"
rm -rf "$WORK/site" "$WORK/text" "$WORK/avif" "$WORK/webp5"
write_site "$WORK/site" '["webp"]' "$PHOTOS" yes
write_site "$WORK/text" '["webp"]' "$PHOTOS" no

text=$(measure "$WORK/text")
cold=$(measure "$WORK/site")
warm=$(measure "$WORK/site")
# One photo changed: new pixels (and so new bytes) in the first one.
python3 - "$WORK/site/static/img/p000.jpg" <<'PY'
import sys
from PIL import Image
p = sys.argv[1]
img = Image.open(p); exif = img.info.get("exif", b"")
img.transpose(Image.FLIP_LEFT_RIGHT).save(p + ".new", "JPEG", quality=90, exif=exif)
PY
mv "$WORK/site/static/img/p000.jpg.new" "$WORK/site/static/img/p000.jpg"
one=$(measure "$WORK/site")

write_site "$WORK/webp5" '["webp"]' "$AVIF_PHOTOS" yes
write_site "$WORK/avif" '["avif", "webp"]' "$AVIF_PHOTOS" yes
webp5=$(measure "$WORK/webp5")
avif=$(measure "$WORK/avif")

if [ "$HUGO" != none ]; then
  write_hugo_site "$WORK/hugo" "$HUGO_PHOTOS"
  hugo_cold=$(hugo_build "$WORK/hugo")
  hugo_warm=$(hugo_build "$WORK/hugo")
fi

if [ "$ZOLA" != none ]; then
  write_zola_site "$WORK/zola" "$ZOLA_PHOTOS"
  zola_cold=$(zola_build "$WORK/zola")
  zola_warm=$(zola_build "$WORK/zola")
fi

bytes() { # DIR EXT
  find "$1" -name "*.$2" -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1048576 }'
}
orig=$(find "$WORK/site/static/img" -name 'p*.jpg' -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1048576 }')

echo
echo "$PHOTOS photos of 4000×3000 ($orig MiB of JPEG), widths 480/960/1600, WebP + JPEG fallback; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $DOSSIER"
echo
echo "| build | wall | CPU (user + system) | peak RSS |"
echo "| --- | ---: | ---: | ---: |"
rows=("Dossier text-only:$text" "Dossier cold:$cold" "Dossier warm (nothing changed):$warm" "Dossier one photo changed:$one")
if [ "$HUGO" != none ]; then
  of=""; [ "$HUGO_PHOTOS" != "$PHOTOS" ] && of=" ($HUGO_PHOTOS photos)"
  rows+=("Hugo cold$of:$hugo_cold" "Hugo warm$of:$hugo_warm")
fi
if [ "$ZOLA" != none ]; then
  of=""; [ "$ZOLA_PHOTOS" != "$PHOTOS" ] && of=" ($ZOLA_PHOTOS photos)"
  rows+=("Zola cold$of:$zola_cold" "Zola warm$of:$zola_warm")
fi
for r in "${rows[@]}"; do
  name=${r%%:*}; set -- ${r#*:}
  printf '| %s | %s s | %s s | %s MiB |\n' "$name" "$1" "$2" "$3"
done
set -- $webp5; w5=$2
set -- $avif; a5=$2
echo
echo "Dossier published: WebP $(bytes "$WORK/site/public/img" webp) MiB, JPEG $(bytes "$WORK/site/public/img" jpg) MiB ($(find "$WORK/site/public/img" -type f | wc -l) files)."
if [ "$HUGO" != none ]; then
  echo "Hugo ($("$HUGO" version | awk '{ print $2 }'), $HUGO_PHOTOS photos) published: WebP $(bytes "$WORK/hugo/public" webp) MiB, JPEG $(bytes "$WORK/hugo/public" jpg) MiB ($(find "$WORK/hugo/public" -name '*.webp' -o -name '*.jpg' | wc -l) files)."
fi
if [ "$ZOLA" != none ]; then
  echo "Zola ($("$ZOLA" --version | awk '{ print $2 }'), $ZOLA_PHOTOS photos) published: WebP $(bytes "$WORK/zola/public" webp) MiB, JPEG $(bytes "$WORK/zola/public" jpg) MiB ($(find "$WORK/zola/public" -name '*.webp' -o -name '*.jpg' | wc -l) files)."
fi
awk -v a="$a5" -v w="$w5" -v n="$AVIF_PHOTOS" 'BEGIN { printf "AVIF (3 widths) costs %.2f CPU-seconds per photo (%d photos: %.1f s with AVIF, %.1f s without).\n", (a - w) / n, n, a, w }'
