#!/usr/bin/env node
// embed: an `embed` component requests nothing from its host before the reader asks.
//
//   node embed.cjs SITE_DIR
//
// On index.html (which has one embed) it requires that:
//  - no request leaves 127.0.0.1 while the page loads and settles;
//  - the placeholder's button is visible, names the title and the host, and passes
//    axe-core (WCAG 2.2 AA);
//  - a click puts the host's frame in place, and only then is the host asked;
//  - with JavaScript disabled, the button stays hidden and the link to the page is there.
// Exit: 0 pass, 1 problems, 2 a tool could not run.
'use strict';

const { launch } = require('./launch.cjs');

async function main() {
  const launched = await launch('embed', process.argv.slice(2));
  if (typeof launched === 'number') return launched;
  const { axeSource, server, base, browser } = launched;
  const problems = [];
  const fail = (m) => problems.push(m);
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const outside = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) outside.push(r.url());
    });
    // The host answers locally, so the test never needs the network.
    await page.route((url) => !url.href.startsWith(base), (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>player</title>' }));
    await page.goto(base + 'index.html', { waitUntil: 'networkidle' });
    await page.waitForTimeout(500);
    if (outside.length) fail(`requests left the site before any click: ${outside.join(', ')}`);
    const button = page.locator('figure.embed button.embed-load');
    if (!(await button.isVisible())) fail('the embed button is not visible with JavaScript on');
    const label = (await button.textContent()) || '';
    if (!label.includes('Briefing') || !label.includes('YouTube')) fail(`button text ${JSON.stringify(label)} lacks the title or the host`);
    // evaluate, not an inline <script>: the page's CSP (issue 19) blocks inline script.
    await page.evaluate(axeSource);
    const axe = await page.evaluate(() => window.axe.run('figure.embed', {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }));
    for (const v of axe.violations) fail(`axe ${v.id}: ${v.help}`);
    await button.click();
    const frame = page.locator('figure.embed iframe');
    await frame.waitFor({ timeout: 5000 }).catch(() => fail('no frame after the click'));
    const src = await frame.getAttribute('src').catch(() => null);
    if (src !== 'https://www.youtube-nocookie.com/embed/abc123') fail(`frame src is ${src}`);
    await page.waitForTimeout(500);
    if (!outside.some((u) => u.startsWith('https://www.youtube-nocookie.com/'))) fail('the click did not load the host');
    await context.close();

    const nojs = await browser.newContext({ javaScriptEnabled: false });
    const plain = await nojs.newPage();
    await plain.goto(base + 'index.html');
    if (await plain.locator('figure.embed button.embed-load').isVisible()) fail('without JavaScript the button shows');
    const link = await plain.locator('figure.embed figcaption a').getAttribute('href');
    if (link !== 'https://www.youtube.com/watch?v=abc123') fail(`without JavaScript the link is ${link}`);
    await nojs.close();
  } finally {
    await browser.close();
    server.close();
  }
  if (problems.length) {
    console.log(`embed: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
    return 1;
  }
  console.log('embed: nothing loaded before the click; the click loads the frame; a link without JavaScript');
  return 0;
}

main().then((code) => process.exit(code), (e) => { console.log(`embed: TOOL ERROR: ${e.stack || e}`); process.exit(2); });
