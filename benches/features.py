#!/usr/bin/env python3
"""What each feature of the flagship costs: builds this repository's site as it is and
with one feature taken out at a time (the Arabic edition, the maps, the charts, the
figures), and prints, for each, the instructions of a one-thread build (callgrind, which
the machine's load does not move) and the median wall time of a normal build.

    python3 benches/features.py [--runs 10] [--no-callgrind] [--bin target/release/dossier]

Needs valgrind for the instruction counts. Each variant is a copy of the site in a
temporary folder; the repository is never changed. A variant that fails to build is
reported as such (the table is then not comparable).
"""

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ["dossier.toml", "content", "static", "templates"]


def drop_fences(folder: Path, name: str) -> None:
    """Removes every ```name … ``` block from the markdown under `folder`."""
    fence = re.compile(r"^```" + name + r"\b.*?^```[ \t]*\n", re.S | re.M)
    for md in folder.rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        new = fence.sub("", text)
        if new != text:
            md.write_text(new, encoding="utf-8")


def no_edition(site: Path) -> None:
    toml = site / "dossier.toml"
    text = toml.read_text(encoding="utf-8")
    # A [languages.x] table runs to the next table header or the end of the file.
    text = re.sub(r"^\[languages\.[^\]]+\]\n(?:(?!\[).*\n?)*", "", text, flags=re.M)
    toml.write_text(text, encoding="utf-8")
    for f in list(site.rglob("*.ar-IQ.*")):
        f.unlink()
    places = site / "content" / "places.toml"
    if places.exists():
        text = places.read_text(encoding="utf-8")
        places.write_text(re.sub(r"^names\s*=.*\n", "", text, flags=re.M), encoding="utf-8")


def no_maps(site: Path) -> None:
    (site / "content" / "places.toml").unlink(missing_ok=True)
    for f in list(site.rglob("places.*.toml")):
        f.unlink()
    for md in (site / "content").rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        new = re.sub(r"^places\s*=.*\n", "", text, flags=re.M)
        if new != text:
            md.write_text(new, encoding="utf-8")
    drop_fences(site / "content", "map")


def no_charts(site: Path) -> None:
    # The data tables stay: the key numbers read them too.
    drop_fences(site / "content", "chart")


def no_figures(site: Path) -> None:
    drop_fences(site / "content", "figure")


VARIANTS = [
    ("the flagship as it is", []),
    ("without the Arabic edition", [no_edition]),
    ("without maps", [no_maps]),
    ("without charts", [no_charts]),
    ("without figures", [no_figures]),
    ("without all four", [no_edition, no_maps, no_charts, no_figures]),
]


def instructions(binary: Path, site: Path, out: Path) -> int | None:
    shutil.rmtree(out, ignore_errors=True)
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
           str(binary), "build", "--root", str(site), "--out", str(out)]
    env = {"RAYON_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"}
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    m = re.search(r"Collected : ([\d,]+)", r.stderr) or re.search(r"I\s+refs:\s+([\d,]+)", r.stderr)
    return int(m.group(1).replace(",", "")) if m and r.returncode == 0 else None


def wall(binary: Path, site: Path, out: Path, runs: int) -> tuple[float, bool]:
    samples = []
    for _ in range(runs + 1):  # the first fills the page cache and is not counted
        shutil.rmtree(out, ignore_errors=True)
        t = time.perf_counter()
        r = subprocess.run([str(binary), "build", "--root", str(site), "--out", str(out)],
                           capture_output=True)
        samples.append(time.perf_counter() - t)
        if r.returncode != 0:
            sys.stderr.write(r.stderr.decode(errors="replace")[-2000:])
            return 0.0, False
    return statistics.median(samples[1:]), True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "dossier"))
    ap.add_argument("--no-callgrind", action="store_true")
    args = ap.parse_args()
    binary = Path(args.bin).resolve()
    print("| variant | pages | instructions (1 thread) | vs as it is | wall median |")
    print("| --- | ---: | ---: | ---: | ---: |")
    base = None
    with tempfile.TemporaryDirectory(prefix="dossier-features-") as tmp:
        for name, cuts in VARIANTS:
            site = Path(tmp) / "site"
            shutil.rmtree(site, ignore_errors=True)
            for part in SITE:
                src = ROOT / part
                if src.is_dir():
                    shutil.copytree(src, site / part)
                elif src.exists():
                    site.mkdir(parents=True, exist_ok=True)
                    shutil.copy(src, site / part)
            for cut in cuts:
                cut(site)
            out = Path(tmp) / "out"
            median, ok = wall(binary, site, out, args.runs)
            if not ok:
                print(f"| {name} | build failed | | | |")
                continue
            pages = sum(1 for _ in out.rglob("*.html"))
            ir = None if args.no_callgrind else instructions(binary, site, out)
            base = ir if base is None else base
            ratio = f"{ir / base:.2f}" if ir and base else "--"
            irs = f"{ir / 1e6:,.0f} M" if ir else "--"
            print(f"| {name} | {pages} | {irs} | {ratio} | {median * 1000:.1f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
