#!/usr/bin/env node
// search: checks the site search of the built flagship explainer in headless Chromium,
// served over HTTP and opened from disk (file://).
//
//   node search.cjs SITE_DIR [--screenshot FILE]
//
// For both ways of opening index.html it requires that:
//  - the search box is shown (JavaScript reveals it), labelled, and that neither search.js
//    nor search-index.js is requested before the box is focused;
//  - typing finds a timeline event, a glossary term by one of its aliases (accents
//    folded: "hewler" finds "Hewlêr") and a background page's `##` section, each with the
//    right link, the place (page › section) and the matched words in <mark>;
//  - the live region announces the number of results;
//  - Down/Up arrows move through the results and back to the box, Enter opens the
//    focused result, Enter in the box opens the first, and Esc clears the search;
//  - results on a page two levels down link to the same targets;
//  - axe-core (WCAG 2.2 AA) passes with the results open, in light and dark;
//  - at 360 px the results stay on screen and the page does not scroll sideways.
// With JavaScript disabled the search form is hidden.
// Exit: 0 pass, 1 problems, 2 a tool could not run.
'use strict';

const { pathToFileURL } = require('url');
const { launch } = require('./launch.cjs');

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// What the flagship's content must let a reader find.
const EVENT = { query: 'tower 22', target: 'timeline/index.html#2024-01-28-tower-22-attack', where: /^Timeline › / };
const ALIAS = { query: 'hewler', target: 'glossary/index.html#erbil', where: /^Glossary$/, mark: /^Hewl[eê]r$/i };
const SECTION = {
  query: 'pentagon running tally',
  target: 'background/counting-the-attacks/index.html#the-pentagon-s-running-tally',
  where: /^Background › Counting the attacks/,
};
const DEEP_PAGE = 'background/counting-the-attacks/index.html';

async function main() {
  const launched = await launch('search', process.argv.slice(2));
  if (typeof launched === 'number') return launched;
  const { site, shot, axeSource, server, browser } = launched;
  const bases = {
    http: launched.base,
    file: pathToFileURL(site).href.replace(/\/?$/, '/'),
  };
  const problems = [];
  try {
    for (const [how, base] of Object.entries(bases)) {
      const fail = (m) => problems.push(`${how}: ${m}`);
      await checkDesktop(browser, base, fail, axeSource);
      await checkDeepPage(browser, base, fail);
      await checkPhone(browser, base, fail, how === 'http' ? shot : null);
    }
    const nojs = await browser.newContext({ javaScriptEnabled: false });
    const p = await nojs.newPage();
    await p.goto(bases.http + 'index.html');
    if (await p.locator('form[role=search]').isVisible()) problems.push('no-js: the search form shows without JavaScript');
    await nojs.close();
  } finally {
    await browser.close();
    server.close();
  }
  for (const p of problems) console.log(`index.html: ${p}`);
  console.log(`search: ${problems.length ? 'FAIL' : 'PASS'}: ${problems.length} problems`);
  return problems.length ? 1 : 0;
}

/** Types `query` into the search box and waits for results (or the "no results" line). */
async function search(page, query) {
  const box = page.locator('#d_search_input');
  await box.click();
  await box.fill('');
  await box.pressSequentially(query, { delay: 20 });
  await page.waitForFunction(() => {
    const p = document.querySelector('.search-panel');
    return p && !p.hidden && !/Loading/.test(p.textContent);
  }, null, { timeout: 5000 });
}

/** The results shown: href resolved against the page, place line, title, marks. */
async function results(page) {
  return page.$$eval('.search-list li', (items) => items.map((li) => {
    const a = li.querySelector('a');
    return {
      url: a.href,
      where: (li.querySelector('.search-where') || {}).textContent,
      title: (li.querySelector('.search-title') || {}).textContent,
      marks: Array.from(li.querySelectorAll('mark')).map((m) => m.textContent),
      described: a.getAttribute('aria-describedby') && !!document.getElementById(a.getAttribute('aria-describedby')),
    };
  }));
}

function expectFound(found, want, base, what, fail) {
  const url = base + want.target;
  const hit = found.find((r) => r.url === url);
  if (!hit) {
    fail(`"${want.query}" does not find ${want.target} (${what}); got ${found.slice(0, 5).map((r) => r.url).join(', ') || 'nothing'}`);
    return null;
  }
  if (found[0].url !== url) fail(`"${want.query}": ${want.target} is not the first result (first: ${found[0].url})`);
  if (want.where && !want.where.test(hit.where || '')) fail(`"${want.query}": place line is ${JSON.stringify(hit.where)}`);
  if (!hit.marks.length) fail(`"${want.query}": no matched words marked`);
  if (want.mark && !hit.marks.some((m) => want.mark.test(m))) fail(`"${want.query}": marks ${JSON.stringify(hit.marks)} miss ${want.mark}`);
  if (!hit.described) fail(`"${want.query}": result link has no excerpt as its description`);
  return hit;
}

async function checkDesktop(browser, base, fail, axeSource) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  const requested = [];
  // From file://, axe's own attempts to read the stylesheets are refused and logged; those
  // are not the page's errors.
  let inAxe = false;
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !inAxe) errors.push(m.text()); });
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(base + 'index.html');
  await page.waitForTimeout(300);
  const form = page.locator('form[role=search]');
  if (!(await form.isVisible())) {
    fail('the search form is not visible');
    await page.close();
    return;
  }
  // Both carry a hash of their content in their names (search.3f2a9c1e.js).
  if (requested.some((u) => /search(-index)?\.[0-9a-f]{8}\.js$/.test(u))) fail('search scripts load before the box is focused');
  const name = await page.locator('#d_search_input').evaluate((el) => el.labels && el.labels[0] && el.labels[0].textContent);
  if (!name) fail('the search box has no label');

  // An event.
  await search(page, EVENT.query);
  if (!requested.some((u) => /search-index\.[0-9a-f]{8}\.js$/.test(u))) fail('search-index.js was not loaded on focus');
  let found = await results(page);
  expectFound(found, EVENT, base, 'timeline event', fail);
  await page.waitForTimeout(900);
  const said = await page.locator('[role=status]').textContent();
  if (!/^\d+ results?\b/.test(said || '')) fail(`live region says ${JSON.stringify(said)}, want the number of results`);

  // Keyboard: into the results and back.
  await page.keyboard.press('ArrowDown');
  const focused = () => page.evaluate(() => {
    const a = document.activeElement;
    const all = Array.from(document.querySelectorAll('.search-list a'));
    return a && a.id === 'd_search_input' ? 'input' : all.indexOf(a);
  });
  if ((await focused()) !== 0) fail(`ArrowDown from the box focuses ${await focused()}, want the first result`);
  if (found.length > 1) {
    await page.keyboard.press('ArrowDown');
    if ((await focused()) !== 1) fail('ArrowDown does not move to the second result');
    await page.keyboard.press('ArrowUp');
    if ((await focused()) !== 0) fail('ArrowUp does not move back to the first result');
  }
  await page.keyboard.press('ArrowUp');
  if ((await focused()) !== 'input') fail('ArrowUp from the first result does not return to the box');
  if (await page.locator('.search-panel').isHidden()) fail('results closed while moving through them');

  // axe with the results open, light and dark.
  inAxe = true;
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.keyboard.press('ArrowDown');
    await page.evaluate(axeSource); // not a script tag: the site's CSP refuses inline scripts
    const res = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
    for (const v of res.violations) fail(`axe ${v.id} (${scheme}, results open) x${v.nodes.length}: ${v.nodes[0].target}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForTimeout(200);
  inAxe = false;

  // Enter on a focused result opens it.
  const first = await page.locator('.search-list a').first().getAttribute('href');
  await page.locator('.search-list a').first().focus();
  const opened = new URL(first, base + 'index.html').href;
  await page.keyboard.press('Enter');
  // Wait for the navigation itself (a fixed pause lost the race on a loaded machine,
  // and the next goto then interrupted it).
  await page.waitForURL(opened, { timeout: 10000 }).catch(() => {});
  if (page.url() !== opened) fail(`Enter on a result went to ${page.url()}`);
  await page.goto(base + 'index.html');

  // Esc clears.
  await search(page, EVENT.query);
  await page.keyboard.press('Escape');
  if ((await page.locator('#d_search_input').inputValue()) !== '') fail('Esc does not clear the box');
  if (await page.locator('.search-panel').isVisible()) fail('Esc does not close the results');

  // A term by an alias, accent-folded; a background section.
  await search(page, ALIAS.query);
  expectFound(await results(page), ALIAS, base, 'glossary alias', fail);
  await search(page, SECTION.query);
  found = await results(page);
  expectFound(found, SECTION, base, 'background section', fail);

  // Enter in the box opens the first result.
  await page.locator('#d_search_input').press('Enter');
  if (found.length) await page.waitForURL(found[0].url, { timeout: 10000 }).catch(() => {});
  if (found.length && page.url() !== found[0].url) fail(`Enter in the box went to ${page.url()}, want ${found[0].url}`);

  // Nothing found.
  await page.goto(base + 'index.html');
  await search(page, 'zzxqy');
  if ((await page.locator('.search-list li').count()) !== 0) fail('"zzxqy" shows results');
  if (!/No results/.test(await page.locator('.search-count').textContent())) fail('no "No results" line');
  if (errors.length) fail(`console errors: ${errors.join(' | ')}`);
  await page.close();
}

async function checkDeepPage(browser, base, fail) {
  const page = await browser.newPage();
  await page.goto(base + DEEP_PAGE);
  await search(page, EVENT.query);
  expectFound(await results(page), EVENT, base, `event, searched on ${DEEP_PAGE}`, fail);
  await page.close();
}

async function checkPhone(browser, base, fail, shot) {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await page.goto(base + 'index.html');
  await search(page, 'coalition');
  const box = await page.locator('.search-panel').boundingBox();
  if (!box || box.x < 0 || box.x + box.width > 360) fail(`results leave the 360 px screen: ${JSON.stringify(box)}`);
  const sw = await page.evaluate(() => document.documentElement.scrollWidth);
  if (sw > 360) fail(`page scrolls sideways with results open (scrollWidth ${sw})`);
  if (shot) await page.screenshot({ path: shot });
  await ctx.close();
}

main().then((c) => process.exit(c), (e) => { console.log(`search: TOOL ERROR: ${e.stack || e}`); process.exit(2); });
