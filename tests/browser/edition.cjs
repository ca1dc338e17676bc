#!/usr/bin/env node
// edition: checks that the scripts write an edition's own words, in headless Chromium.
//
//   node edition.cjs SITE_DIR TAG
//
// SITE_DIR is a built flagship with the Arabic edition TAG (its digits Latin). It requires:
//  - TAG/timeline/index.html: choosing a group shows the filter's count in Arabic (no
//    Latin letter, the number of events shown in Latin digits unless the Arabic form
//    spells it, "one" and "two"), naming the group; the original's timeline says
//    "Showing N events: Group" in English;
//  - TAG/index.html: a search that finds nothing says so in Arabic, with the query in a
//    <bdi>; a search that finds pages counts them in Arabic;
//  - a glossary popover's link on TAG/index.html reads المدخل كاملاً, not "Full entry".
// Exit: 0 pass, 1 problems, 2 a tool could not run.
'use strict';

const { launch } = require('./launch.cjs');

const LATIN = /[A-Za-z]/;
const ARABIC = /[\u0600-\u06FF]/;

async function main() {
  const tag = process.argv[3];
  if (!tag) {
    console.log('edition: usage: node edition.cjs SITE_DIR TAG');
    return 2;
  }
  const launched = await launch('edition', process.argv.slice(2));
  if (typeof launched === 'number') return launched;
  const { server, base, browser } = launched;
  const problems = [];
  const fail = (m) => problems.push(m);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => fail(`script error: ${e.message}`));
    await checkFilter(page, base + `${tag}/timeline/index.html`, fail, true);
    await checkFilter(page, base + 'timeline/index.html', fail, false);
    await page.goto(base + `${tag}/index.html`);
    await checkSearch(page, fail);
    await checkPopover(page, fail);
  } finally {
    await browser.close();
    server.close();
  }
  for (const p of problems) console.log(`${tag}: ${p}`);
  console.log(`edition: ${problems.length ? 'FAIL' : 'PASS'}: ${problems.length} problems`);
  return problems.length ? 1 : 0;
}

/** Chooses the second group of the timeline's filter and reads what it says. */
async function checkFilter(page, url, fail, arabic) {
  await page.goto(url);
  const button = page.locator('[data-filter] button[data-group]').nth(1);
  if ((await button.count()) === 0) return fail(`${url}: no filter buttons`);
  const group = (await button.textContent()).trim();
  await button.click();
  const status = (await page.locator('.filter-status').textContent()).trim();
  const shown = await page.locator('.event:not([hidden])').count();
  if (!status.includes(group)) fail(`${url}: the filter's count ${JSON.stringify(status)} does not name ${group}`);
  if (arabic) {
    const spelled = shown === 1 || shown === 2;
    if (LATIN.test(status) || !ARABIC.test(status)) fail(`${url}: the filter's count is not Arabic: ${JSON.stringify(status)}`);
    if (!spelled && !status.includes(String(shown))) fail(`${url}: ${JSON.stringify(status)} lacks ${shown}, in Latin digits`);
  } else if (status !== `Showing ${shown} event${shown === 1 ? '' : 's'}: ${group}`) {
    fail(`${url}: the original's filter count reads ${JSON.stringify(status)}`);
  }
}

/** Types `query` into the search box; waits until the index has answered. */
async function search(page, query) {
  const box = page.locator('#d_search_input');
  await box.click();
  await box.fill('');
  await box.pressSequentially(query, { delay: 20 });
  await page.waitForFunction(() => {
    const p = document.querySelector('.search-panel');
    const count = document.querySelector('.search-count');
    return p && !p.hidden && window.dossierSearchIndex && count && count.textContent;
  }, null, { timeout: 5000 });
  return (await page.locator('.search-count').textContent()).trim();
}

async function checkSearch(page, fail) {
  const none = await search(page, 'zqxwv');
  if (!/^لا نتائج عن «zqxwv»\.$/.test(none)) fail(`no results reads ${JSON.stringify(none)}`);
  const bdi = await page.locator('.search-count bdi').textContent().catch(() => null);
  if (bdi !== 'zqxwv') fail(`the query is not isolated in a <bdi> (${JSON.stringify(bdi)})`);
  const found = await search(page, 'بغداد');
  if (LATIN.test(found) || !/نتيجة|نتائج|نتيجتان/.test(found)) fail(`the count of results reads ${JSON.stringify(found)}`);
  await page.keyboard.press('Escape');
}

async function checkPopover(page, fail) {
  const term = page.locator('a.term').first();
  if ((await term.count()) === 0) return fail('index.html has no auto-linked glossary term');
  await term.focus();
  const more = (await page.locator('.term-pop:not([hidden]) a.term-pop-more').textContent()).trim();
  if (!more.startsWith('المدخل كاملاً')) fail(`the popover's link reads ${JSON.stringify(more)}`);
}

if (require.main === module) {
  main().then((code) => process.exit(code), (e) => {
    console.log(`edition: TOOL ERROR: ${e && e.stack || e}`);
    process.exit(2);
  });
}
