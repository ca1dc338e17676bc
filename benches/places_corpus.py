#!/usr/bin/env python3
"""Add timeline events (and, with --places, content/places.toml and `places` on every
event) to a Dossier corpus written by gen_corpus.py, for measuring what maps cost.

    places_corpus.py DIR [--events N] [--places]

Run it twice on two copies of the same corpus, with and without --places, and compare
the builds: the events' text is the same in both, only the places differ. Deterministic.
Python 3 standard library only.
"""

import argparse
import os

# A grid of 48 places over the Middle East: 1 in 8 a region, 1 in 4 a city.
PLACES = [
    (f"p{i:02d}", f"Place {i:02d}", 29.0 + (i // 8) * 1.3, 36.0 + (i % 8) * 1.9)
    for i in range(48)
]


def places_toml():
    out = []
    for i, (pid, name, lat, lon) in enumerate(PLACES):
        out.append(f'[[place]]\nid = "{pid}"\nname = "{name}"\nlat = {lat:.2f}\nlon = {lon:.2f}\n')
        if i % 8 == 0:
            out.append('precision = "region"\nradius_km = 60\n\n')
        elif i % 4 == 0:
            out.append('precision = "city"\n\n')
        else:
            out.append('precision = "exact"\n\n')
    return "".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--events", type=int, default=1000)
    ap.add_argument("--places", action="store_true")
    a = ap.parse_args()
    tl = os.path.join(a.dir, "content", "timeline")
    os.makedirs(tl, exist_ok=True)
    for n in range(a.events):
        year, day = 2000 + n // 365, n % 365
        month, mday = 1 + day // 31 % 12, 1 + day % 28
        chosen = [PLACES[(n * 7 + k * 13) % len(PLACES)][0] for k in range(1 + n % 3)]
        line = "places = [" + ", ".join(f'"{p}"' for p in chosen) + "]\n" if a.places else ""
        with open(os.path.join(tl, f"event-{n:05d}.md"), "w") as f:
            f.write(
                f'+++\ntitle = "Event {n}"\ndate = {year}-{month:02d}-{mday:02d}\n'
                f'sources = []\n{line}+++\nSomething happened on day {n} of the record, '
                f"reported by the desk and confirmed later by officials.\n"
            )
    if a.places:
        with open(os.path.join(a.dir, "content", "places.toml"), "w") as f:
            f.write(places_toml())


if __name__ == "__main__":
    main()
