// crawl: a built site as a real web server serves it (tests/hosting.rs starts nginx),
// crawled in headless Chromium from START_URL: every same-origin page reachable by
// links is opened, and every request, console message and Content-Security-Policy
// violation is counted.
//
//   node crawl.cjs START_URL
//
// Prints one JSON line: { pages, broken, csp, errors } (lists of what went wrong, and
// the number of pages visited). Exit 0 when all three lists are empty, 1 otherwise,
// 2 when a tool is missing.
'use strict';

const fs = require('fs');

const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function main() {
  const start = process.argv[2];
  if (!start) {
    console.log('crawl: usage: node crawl.cjs START_URL');
    return 2;
  }
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (e) {
    console.log('crawl: TOOL ERROR: playwright-core missing (npm ci in tests/browser)');
    return 2;
  }
  if (!fs.existsSync(CHROME_PATH)) {
    console.log(`crawl: TOOL ERROR: no chromium at ${CHROME_PATH}`);
    return 2;
  }
  const origin = new URL(start).origin;
  const browser = await chromium.launch({ executablePath: CHROME_PATH, headless: true, args: FLAGS });
  const report = { pages: 0, broken: [], csp: [], errors: [] };
  try {
    await crawl(browser, start, origin, report);
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(report));
  return report.broken.length + report.csp.length + report.errors.length === 0 ? 0 : 1;
}

async function crawl(browser, start, origin, report) {
  const seen = new Set([strip(start)]);
  const queue = [strip(start)];
  const page = await browser.newPage();
  let at = start;
  page.on('response', (r) => {
    if (r.url().startsWith(origin) && r.status() >= 400) report.broken.push(`${r.status()} ${r.url()} (on ${at})`);
  });
  page.on('requestfailed', (r) => report.broken.push(`failed ${r.url()} (on ${at})`));
  page.on('console', (m) => {
    const text = m.text();
    if (/Content.Security.Policy/i.test(text)) report.csp.push(`${at}: ${text.slice(0, 300)}`);
    else if (m.type() === 'error') report.errors.push(`${at}: ${text.slice(0, 300)}`);
  });
  page.on('pageerror', (e) => report.errors.push(`${at}: ${e.message}`));
  while (queue.length) {
    at = queue.shift();
    await page.goto(at, { waitUntil: 'load' });
    report.pages += 1;
    // Search is part of the site: load its script and index as a reader would.
    const search = page.locator('#d_search_input');
    if (await search.count()) {
      await search.focus();
      await search.fill('the');
      await page.waitForTimeout(200);
    }
    const links = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
    for (const href of links) {
      const url = strip(href);
      if (url.startsWith(origin) && !seen.has(url)) {
        seen.add(url);
        queue.push(url);
      }
    }
  }
  await page.close();
}

function strip(url) {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

main().then((code) => process.exit(code), (e) => {
  console.log(`crawl: TOOL ERROR: ${e.stack || e}`);
  process.exit(2);
});
