#!/usr/bin/env node
// maps: the maps drawn at build time need nothing from outside the site.
//
//   node maps.cjs SITE_DIR
//
// On timeline/index.html (the overview and the locator maps) and index.html (a `map`
// block) it requires that:
//  - no request leaves the site while the page loads and settles (no tiles, no script);
//  - the maps are drawn (an SVG with land) and fit a 360 px screen;
//  - each map passes axe-core (WCAG 2.2 AA) in light and in dark mode.
// Exit: 0 pass, 1 problems, 2 a tool could not run.
'use strict';

const { launch } = require('./launch.cjs');

async function main() {
  const launched = await launch('maps', process.argv.slice(2));
  if (typeof launched === 'number') return launched;
  const { axeSource, server, base, browser } = launched;
  const problems = [];
  const fail = (m) => problems.push(m);
  let maps = 0;
  try {
    for (const scheme of ['light', 'dark']) {
      for (const path of ['timeline/index.html', 'index.html']) {
        const context = await browser.newContext({ viewport: { width: 360, height: 800 }, colorScheme: scheme });
        const page = await context.newPage();
        const outside = [];
        page.on('request', (r) => {
          if (!r.url().startsWith(base) && !r.url().startsWith('data:')) outside.push(r.url());
        });
        await page.route((url) => !url.href.startsWith(base), (route) => route.abort());
        await page.goto(base + path, { waitUntil: 'networkidle' });
        await page.waitForTimeout(300);
        if (outside.length) fail(`${path}: requests left the site: ${outside.join(', ')}`);
        const figures = page.locator('figure.map');
        const n = await figures.count();
        if (n === 0) fail(`${path}: no map`);
        maps += n;
        const widths = await page.evaluate(() => [...document.querySelectorAll('figure.map svg')]
          .map((s) => s.getBoundingClientRect().right));
        if (widths.some((w) => w > 360)) fail(`${path}: a map is wider than a 360 px screen`);
        const land = await page.locator('figure.map path.map-land').count();
        if (land === 0) fail(`${path}: no land drawn`);
        // evaluate, not an inline <script>: the page's CSP blocks inline script.
        await page.evaluate(axeSource);
        const axe = await page.evaluate(() => window.axe.run('figure.map', {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
        }));
        for (const v of axe.violations) fail(`${path} (${scheme}): axe ${v.id}: ${v.help} (${v.nodes.length} nodes)`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  if (problems.length) {
    console.log(`maps: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
    return 1;
  }
  console.log(`maps: ${maps} maps checked in light and dark; no request left the site`);
  return 0;
}

main().then((code) => process.exit(code), (e) => { console.log(`maps: TOOL ERROR: ${e.stack || e}`); process.exit(2); });
