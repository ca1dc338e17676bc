// Regenerates src/maps/basemap.bin, the basemap Dossier draws every map on: land (whose
// outline is the coastline) and the borders between countries, from Natural Earth 1:50m
// (public domain), as the `world-atlas` npm package redistributes it in TopoJSON.
//
// Run it from a scratch folder, never as a dependency of Dossier (nothing is fetched at
// build time; the output file is committed):
//
//   cd "$(mktemp -d)" && npm install world-atlas@2.0.2 topojson-client@3.1.0
//   node /path/to/dossier/scripts/basemap/build.mjs > /path/to/dossier/src/maps/basemap.bin
//
// The format (read by src/maps/basemap.rs): the bytes `DBM1`, then a varint count of
// lines, then per line a kind byte (0: land ring, 1: border), a varint count of points and
// the points: longitude and latitude in hundredths of a degree (about 1 km), the first
// as zigzag varints, each next one as the zigzag varint of its difference to the previous.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(join(process.cwd(), "x.js"));
const topojson = require("topojson-client");
const atlas = (name) =>
  JSON.parse(readFileSync(require.resolve(`world-atlas/${name}`), "utf8"));

const land = atlas("land-50m.json");
const countries = atlas("countries-50m.json");

const lines = [];
for (const f of topojson.feature(land, land.objects.land).features) {
  const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const poly of polys) for (const ring of poly) lines.push([0, ring]);
}
const borders = topojson.mesh(countries, countries.objects.countries, (a, b) => a !== b);
for (const line of borders.coordinates) lines.push([1, line]);

const out = [];
const varint = (n) => {
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
};
const zigzag = (n) => varint(n < 0 ? -2 * n - 1 : 2 * n);

const kept = [];
for (const [kind, pts] of lines) {
  const q = [];
  for (const [lon, lat] of pts) {
    const p = [Math.round(lon * 100), Math.round(lat * 100)];
    const last = q[q.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) q.push(p);
  }
  if (q.length >= 2) kept.push([kind, q]);
}
out.push(...Buffer.from("DBM1"));
varint(kept.length);
for (const [kind, q] of kept) {
  out.push(kind);
  varint(q.length);
  let [px, py] = [0, 0];
  for (const [x, y] of q) {
    zigzag(x - px);
    zigzag(y - py);
    [px, py] = [x, y];
  }
}
process.stdout.write(Buffer.from(out));
