#!/usr/bin/env node
// layout: what a reader sees of a built Dossier site's layout in headless Chromium
// (issue 16, points 3-5).
//
//   node layout.cjs SITE_DIR [--screenshot FILE]
//
// On every page of the site (index.html, background/, timeline/, glossary/ and each
// background page):
//  - on a 360x780 phone, the site header (title, search, theme, nav) is at most 120 px
//    high and the section nav is one line that never wraps;
//  - loading the page (phone and desktop) shifts its layout by less than 0.02 (the sum
//    of the layout-shift entries without recent input, as Lighthouse's CLS counts them):
//    controls that the script reveals reserve their space from the first paint;
// On the timeline and the glossary:
//  - at 1280x900 the year bar (or letter bar) stands beside the list, using the width;
//  - on the phone the bar stays in view when scrolling (sticky).
// On pages with a table: the table scrolls sideways inside a focusable region with a
// visible cue, the page itself does not; a captioned table's region is named by it.
// With --expect-scrolling-table, some table of the site must be too wide for the phone
// (so the checks above were seen to work) and scroll when its region is scrolled.
// Exit: 0 pass, 1 problems, 2 a tool could not run.
'use strict';

const fs = require('fs');
const path = require('path');
const { launch } = require('./launch.cjs');

const PHONE = { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 900 } };

function pagesOf(site) {
  const pages = ['index.html', 'background/index.html', 'timeline/index.html', 'glossary/index.html'];
  const bg = path.join(site, 'background');
  for (const d of fs.existsSync(bg) ? fs.readdirSync(bg).sort() : []) {
    if (fs.existsSync(path.join(bg, d, 'index.html'))) pages.push(`background/${d}/index.html`);
  }
  return pages;
}

// Layout shift of a fresh load: observed from the first paint, summed without input.
async function cls(browser, options, url) {
  const ctx = await browser.newContext(options);
  await ctx.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const page = await ctx.newPage();
  // On a slow phone the deferred script runs well after the first paint (Lighthouse
  // measured 0.279 on the timeline): hold it back so what it reveals is seen to move.
  await page.route('**/dossier.js', async (route) => {
    await new Promise((r) => setTimeout(r, 700));
    await route.continue();
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(400);
  const value = await page.evaluate(() => window.__cls);
  await ctx.close();
  return value;
}

async function phoneChecks(browser, base, pageName, fail) {
  const ctx = await browser.newContext(PHONE);
  const page = await ctx.newPage();
  await page.goto(base + pageName, { waitUntil: 'load' });
  const m = await page.evaluate(() => {
    const header = document.querySelector('.site-header');
    const items = [...document.querySelectorAll('.site-nav li')].map((li) => li.getBoundingClientRect());
    const tops = items.map((r) => Math.round(r.top));
    const ul = document.querySelector('.site-nav ul');
    const bar = document.querySelector('.jump');
    const tables = [...document.querySelectorAll('.prose table')].map((t) => {
      const box = t.closest('.table-scroll');
      const caption = t.querySelector('caption');
      const before = box && box.scrollLeft;
      if (box) box.scrollLeft = 40;
      const moved = box && box.scrollLeft > before;
      if (box) box.scrollLeft = 0;
      return box && {
        scrolls: box.scrollWidth > box.clientWidth,
        moved,
        captioned: !caption || box.getAttribute('aria-labelledby') === caption.id
          || (box.getAttribute('aria-label') || '').includes(caption.textContent.trim().slice(0, 24)),
        focusable: box.tabIndex === 0,
        named: !!box.getAttribute('aria-label') || !!box.getAttribute('aria-labelledby'),
        cue: getComputedStyle(box).backgroundImage !== 'none',
        display: getComputedStyle(t).display,
      };
    });
    return {
      header: header ? header.getBoundingClientRect().height : 0,
      navLines: new Set(tops).size,
      navOverflows: ul ? ul.scrollWidth > ul.clientWidth + 1 : false,
      sticky: bar ? getComputedStyle(bar).position : null,
      tables,
      pageWidth: document.documentElement.scrollWidth,
    };
  });
  if (m.header > 120) fail(`header is ${Math.round(m.header)} px high on a 360 px phone (at most 120)`);
  if (m.navLines > 1) fail(`the section nav wraps onto ${m.navLines} lines at 360 px`);
  if (m.sticky !== null && /timeline|glossary/.test(pageName) && m.sticky !== 'sticky') {
    fail(`the bar of years or letters is ${m.sticky}, not sticky, on a phone`);
  }
  m.tables.forEach((t, i) => {
    if (!t) return fail(`table ${i + 1} is not inside a .table-scroll region`);
    if (!t.focusable || !t.named) fail(`table ${i + 1}'s scroll region is not a named, focusable region`);
    if (t.scrolls && !t.cue) fail(`table ${i + 1} scrolls with no visible cue`);
    if (t.scrolls && !t.moved) fail(`table ${i + 1} is too wide but its region does not scroll`);
    if (!t.captioned) fail(`table ${i + 1}'s region is not named by its caption`);
    if (t.display !== 'table') fail(`table ${i + 1} is display:${t.display}: it loses its table semantics`);
  });
  if (m.pageWidth > 360) fail(`the page scrolls sideways (${m.pageWidth} px)`);
  await ctx.close();
  return m.tables.filter((t) => t && t.scrolls && t.moved).length;
}

async function wideChecks(browser, base, pageName, fail) {
  const ctx = await browser.newContext(DESKTOP);
  const page = await ctx.newPage();
  await page.goto(base + pageName, { waitUntil: 'load' });
  const m = await page.evaluate(() => {
    const bar = document.querySelector('.jump');
    const list = document.querySelector('.year, .letter');
    if (!bar || !list) return null;
    const b = bar.getBoundingClientRect();
    const l = list.getBoundingClientRect();
    return { barRight: b.right, barLeft: b.left, listLeft: l.left, listRight: l.right };
  });
  if (pageName.startsWith('timeline/')) {
    // Filtering hides the years it empties, in the list and in the bar.
    const buttons = page.locator('.filter button[data-group]:not([data-group=""])');
    if (await buttons.count() > 0) {
      await buttons.first().click();
      const stale = await page.evaluate(() => [...document.querySelectorAll('.jump li')]
        .filter((li) => !li.hidden && li.dataset.year && document.getElementById(li.dataset.year))
        .map((li) => li.dataset.year)
        .filter((id) => document.getElementById(id).closest('.year').hidden));
      if (stale.length) fail(`after filtering, the bar still offers emptied years: ${stale.join(', ')}`);
    }
  }
  if (!m) fail('no bar of years or letters, or no list');
  else if (!(m.barRight <= m.listLeft + 1 || m.barLeft >= m.listRight - 1)) {
    fail(`at 1280 px the bar is above the list, not beside it (bar ${Math.round(m.barLeft)}-${Math.round(m.barRight)}, list from ${Math.round(m.listLeft)})`);
  }
  await ctx.close();
}

async function main() {
  const launched = await launch('layout', process.argv.slice(2));
  if (typeof launched === 'number') return launched;
  const { site, shot, server, base, browser } = launched;
  const problems = [];
  let scrolling = 0;
  try {
    for (const pageName of pagesOf(site)) {
      const fail = (m) => problems.push(`${pageName}: ${m}`);
      scrolling += await phoneChecks(browser, base, pageName, fail);
      if (/^(timeline|glossary)\//.test(pageName)) await wideChecks(browser, base, pageName, fail);
      for (const [name, options] of [['phone', PHONE], ['desktop', DESKTOP]]) {
        const shift = await cls(browser, options, base + pageName);
        if (shift >= 0.02) fail(`layout shift ${shift.toFixed(3)} on a ${name} (at most 0.02)`);
      }
    }
    if (process.argv.includes('--expect-scrolling-table') && scrolling === 0) {
      problems.push('no table of the site scrolls sideways in its region at 360 px');
    }
    if (shot) {
      const ctx = await browser.newContext(PHONE);
      const p = await ctx.newPage();
      await p.goto(base + 'timeline/index.html');
      await p.screenshot({ path: shot });
      await ctx.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  for (const p of problems) console.log(p);
  console.log(`layout: ${problems.length ? 'FAIL' : 'PASS'}: ${problems.length} problems`);
  return problems.length ? 1 : 0;
}

main().then((c) => process.exit(c), (e) => { console.log(`layout: TOOL ERROR: ${e.stack || e}`); process.exit(2); });
