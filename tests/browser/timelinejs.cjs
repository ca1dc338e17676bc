#!/usr/bin/env node
// timelinejs: loads a built site's timeline.json into the real Knight Lab widget
// (@knight-lab/timelinejs 3.9, from npm) in headless Chromium and checks what a reader
// sees.
//
//   node timelinejs.cjs SITE_DIR EXPECT_JSON
//
// EXPECT_JSON holds { "events": N, "headline": "…", "display_date": "…", "group": "…" }:
// the widget must draw N markers, and show one event's headline, display date and group
// exactly as these plain texts (a `<` or `&` written by the editor reaches the reader as
// written, and no element is made from it). Exit: 0 pass, 1 problems, 2 a tool missing.
'use strict';

const fs = require('fs');
const path = require('path');
const { launch } = require('./launch.cjs');

async function main() {
  const expectPath = process.argv[3];
  const launched = await launch('timelinejs', process.argv.slice(2, 3));
  if (typeof launched === 'number') return launched;
  const { server, base, browser } = launched;
  const expect = JSON.parse(fs.readFileSync(expectPath, 'utf8'));
  let dist;
  try {
    dist = path.dirname(require.resolve('@knight-lab/timelinejs/dist/js/timeline.js'));
  } catch (e) {
    console.log('timelinejs: TOOL ERROR: @knight-lab/timelinejs missing (npm ci in tests/browser)');
    return 2;
  }
  const problems = [];
  const fail = (m) => problems.push(m);
  try {
    // The widget runs on the embedding newsroom's page, under its policy, not ours: our
    // pages' Content-Security-Policy (issue 19) would block the widget's inline styles.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The site's origin, so the widget fetches timeline.json as it would when embedded.
    await page.goto(base + 'index.html');
    await page.setContent('<!doctype html><html><head></head><body><div id="tl" style="width:1200px;height:700px"></div></body></html>');
    await page.addStyleTag({ path: path.join(dist, '../css/timeline.css') });
    await page.addScriptTag({ path: path.join(dist, 'timeline.js') });
    await page.evaluate((url) => { window.tl = new TL.Timeline('tl', url, { hash_bookmark: false }); }, base + 'timeline.json');
    await page.waitForFunction((n) => document.querySelectorAll('.tl-timemarker').length >= n,
      expect.events, { timeout: 20000 }).catch(() => {});
    const seen = await page.evaluate(() => ({
      markers: document.querySelectorAll('.tl-timemarker').length,
      headlines: [...document.querySelectorAll('.tl-timemarker-text h2.tl-headline')].map((e) => e.textContent),
      slideHeadlines: [...document.querySelectorAll('.tl-slide h2.tl-headline')].map((e) => e.textContent),
      dates: [...document.querySelectorAll('.tl-slide .tl-headline-date')].map((e) => e.textContent),
      groups: [...document.querySelectorAll('.tl-timegroup-message')].map((e) => e.textContent),
      injected: document.querySelectorAll('#tl b.injected, #tl img.injected').length,
    }));
    if (seen.markers !== expect.events) fail(`${seen.markers} markers drawn, want ${expect.events}`);
    if (!seen.headlines.includes(expect.headline)) fail(`no marker headline reads ${JSON.stringify(expect.headline)}: ${JSON.stringify(seen.headlines.filter((h) => /[<&]/.test(h)))}`);
    if (!seen.slideHeadlines.includes(expect.headline)) fail(`no slide headline reads ${JSON.stringify(expect.headline)}`);
    if (!seen.dates.includes(expect.display_date)) fail(`no slide date reads ${JSON.stringify(expect.display_date)}: ${JSON.stringify(seen.dates.filter((d) => /[<&]/.test(d)))}`);
    if (!seen.groups.includes(expect.group)) fail(`no group reads ${JSON.stringify(expect.group)}: ${JSON.stringify(seen.groups)}`);
    if (seen.injected) fail(`${seen.injected} elements made from plain text`);
    if (errors.length) fail(`page errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
    server.close();
  }
  if (problems.length) {
    console.log(`timelinejs: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
    return 1;
  }
  console.log('timelinejs: timeline.json renders in TimelineJS 3.9 with plain text shown as written');
  return 0;
}

main().then((code) => process.exit(code), (e) => { console.log(`timelinejs: TOOL ERROR: ${e.stack || e}`); process.exit(2); });
