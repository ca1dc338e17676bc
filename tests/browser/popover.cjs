#!/usr/bin/env node
// popover: checks the glossary popovers of a built Dossier site in headless Chromium.
//
//   node popover.cjs SITE_DIR [--screenshot FILE]
//
// On index.html it requires that popovers are built only when needed: none in the DOM
// after load, where each term link has aria-expanded="false" and its `data-short` as
// aria-description; a popover's id comes from its term's place on the page (not from the
// order the reader meets them) and is unique. And that the first auto-linked term (a.term):
//  - has an accessible description equal to its `data-short` (aria-describedby, once
//    focused) and an aria-expanded that follows its popover;
//  - shows a popover with that text and a link to its glossary entry on keyboard focus,
//    inside its text column (off the contents list beside it on a wide screen);
//  - lets Tab move into the popover's link, and Esc close it;
//  - shows the popover on hover and keeps it open while the pointer moves onto it
//    (WCAG 1.4.13), then closes after the pointer leaves both;
//  - on a 360 px touch screen, a tap shows the popover instead of navigating, and the
//    popover stays inside the viewport;
//  - with JavaScript disabled, is a plain link to glossary/index.html#slug.
// axe-core (WCAG 2.2 AA) also runs with the popover open, in light and dark.
// Exit: 0 pass, 1 problems, 2 a tool could not run.
'use strict';

const { launch } = require('./launch.cjs');

async function main() {
  const launched = await launch('popover', process.argv.slice(2));
  if (typeof launched === 'number') return launched;
  const { shot, axeSource, server, base, browser } = launched;
  const problems = [];
  const fail = (m) => problems.push(m);
  try {
    // Keyboard and hover, desktop.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(base + 'index.html');
    const term = page.locator('a.term').first();
    if (await term.count() === 0) {
      fail('index.html has no auto-linked glossary term');
    } else {
      const short = await term.getAttribute('data-short');
      const href = await term.getAttribute('href');
      if (!/glossary\/index\.html#[a-z0-9-]+$/.test(href || '')) fail(`term link href is ${href}`);
      // Lazy: nothing built at load, only attributes written.
      const atLoad = await page.evaluate(() => ({
        pops: document.querySelectorAll('.term-pop').length,
        terms: Array.from(document.querySelectorAll('a.term[data-short]'), (a) => ({
          expanded: a.getAttribute('aria-expanded'),
          description: a.getAttribute('aria-description') === a.getAttribute('data-short'),
          describedby: a.hasAttribute('aria-describedby'),
        })),
      }));
      if (atLoad.pops !== 0) fail(`${atLoad.pops} popovers in the DOM at load, want none`);
      if (atLoad.terms.length < 2) fail(`index.html has ${atLoad.terms.length} terms, want two or more`);
      const bad = atLoad.terms.filter((t) => t.expanded !== 'false' || !t.description || t.describedby);
      if (bad.length) fail(`${bad.length} terms at load lack aria-expanded="false" or aria-description = data-short, or have aria-describedby: ${JSON.stringify(bad[0])}`);
      const described = () => term.evaluate((el) => {
        const id = el.getAttribute('aria-describedby');
        const d = id && document.getElementById(id);
        return d ? d.textContent : null;
      });
      // The last term first: ids follow the page, not the order of use.
      const n = atLoad.terms.length;
      await page.locator('a.term').last().focus();
      const lastId = await page.evaluate(() => (document.querySelector('.term-pop') || {}).id);
      if (lastId !== `term-pop-${n}`) fail(`the last term's popover is ${lastId}, want term-pop-${n}`);
      const pop = page.locator('#term-pop-1');
      await term.focus();
      if (!(await pop.isVisible())) fail('popover does not show on focus');
      // On a wide screen it stays in its text column, off the sticky contents list beside
      // it (whose links it covered, and axe then found them too small to hit), and never
      // over its own term (which the pointer could then no longer reach).
      const placed = await pop.evaluate((p) => {
        const a = p.getBoundingClientRect();
        const t = p.previousElementSibling.getBoundingClientRect();
        const c = p.closest('.prose');
        const b = c ? c.getBoundingClientRect() : a;
        return {
          inColumn: a.left >= b.left - 1 && a.right <= b.right + 1,
          offTerm: a.top >= t.bottom || a.left >= t.right || a.right <= t.left,
        };
      });
      if (!placed.inColumn) fail('the open popover passes its text column at 1280 px');
      if (!placed.offTerm) fail('the open popover covers its own term at 1280 px');
      const desc = await described();
      if (desc !== short) fail(`accessible description is ${JSON.stringify(desc)}, want the short definition`);
      if ((await term.getAttribute('aria-expanded')) !== 'true') fail('aria-expanded is not true with the popover open');
      if ((await page.locator('.term-pop').count()) !== 2) fail('focusing two terms did not build exactly their two popovers');
      const text = await pop.locator('.term-pop-short').textContent();
      if (text !== short) fail(`popover text ${JSON.stringify(text)} != data-short`);
      const more = pop.locator('a.term-pop-more');
      if ((await more.getAttribute('href')) !== href) fail('popover link does not go to the glossary entry');
      await page.keyboard.press('Tab');
      const inPop = await page.evaluate(() => document.activeElement && document.activeElement.classList.contains('term-pop-more'));
      if (!inPop) fail('Tab from the term does not reach the popover link');
      if (!(await pop.isVisible())) fail('popover closed when its link got focus');
      // axe with the popover open, light and dark.
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        await term.focus();
        await page.evaluate(axeSource); // not a script tag: the site's CSP refuses inline scripts
        const res = await page.evaluate(() => window.axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
        }));
        for (const v of res.violations) fail(`axe ${v.id} (${scheme}, popover open) x${v.nodes.length}: ${v.nodes[0].target}`);
      }
      await page.emulateMedia({ colorScheme: 'light' });
      await term.focus();
      await page.keyboard.press('Escape');
      if (await pop.isVisible()) fail('Esc does not close the popover');
      if ((await term.getAttribute('aria-expanded')) !== 'false') fail('aria-expanded is not false after Esc');
      // Hover: open, move onto the popover, it stays; leave both, it closes.
      await page.mouse.move(0, 0);
      await page.waitForTimeout(400);
      await term.hover();
      if (!(await pop.isVisible())) fail('popover does not show on hover');
      const box = await pop.boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
      await page.waitForTimeout(500);
      if (!(await pop.isVisible())) fail('popover closes while the pointer is over it (WCAG 1.4.13)');
      await page.mouse.move(5, 5);
      await page.waitForTimeout(600);
      if (await pop.isVisible()) fail('popover stays open after the pointer left');
      // Every term, once used, has its own popover with a unique id.
      for (const t of await page.locator('a.term').all()) await t.focus();
      const ids = await page.evaluate(() => Array.from(document.querySelectorAll('.term-pop'), (p) => p.id));
      if (ids.length !== n || new Set(ids).size !== n) fail(`after focusing all ${n} terms, popover ids are ${ids.join(' ')}`);
      if (errors.length) fail(`console errors: ${errors.join(' | ')}`);
      await page.close();

      // Touch, 360 px.
      const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });
      const phone = await ctx.newPage();
      await phone.goto(base + 'index.html');
      const t2 = phone.locator('a.term').first();
      await t2.scrollIntoViewIfNeeded();
      if ((await phone.locator('.term-pop').count()) !== 0) fail('popover built before the first tap');
      await t2.tap();
      await phone.waitForTimeout(200);
      if (!phone.url().endsWith('index.html')) fail(`tap navigated to ${phone.url()} instead of showing the popover`);
      const p2 = phone.locator('.term-pop').first();
      if (!(await p2.isVisible())) fail('tap does not show the popover');
      else {
        const b = await p2.boundingBox();
        if (b.x < 0 || b.x + b.width > 360) fail(`popover leaves the 360 px screen: x=${b.x} width=${b.width}`);
      }
      const sw = await phone.evaluate(() => document.documentElement.scrollWidth);
      if (sw > 360) fail(`page scrolls sideways with the popover open (scrollWidth ${sw})`);
      if (shot) await phone.screenshot({ path: shot });
      await ctx.close();

      // No JavaScript: a plain link.
      const nojs = await browser.newContext({ javaScriptEnabled: false });
      const p3 = await nojs.newPage();
      await p3.goto(base + 'index.html');
      if (await p3.locator('.term-pop').count() !== 0) fail('popover markup present without JavaScript');
      await p3.locator('a.term').first().click();
      if (!/glossary\/index\.html#/.test(p3.url())) fail(`without JavaScript the term goes to ${p3.url()}`);
      await nojs.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  for (const p of problems) console.log(`index.html: ${p}`);
  console.log(`popover: ${problems.length ? 'FAIL' : 'PASS'}: ${problems.length} problems`);
  return problems.length ? 1 : 0;
}

main().then((c) => process.exit(c), (e) => { console.log(`popover: TOOL ERROR: ${e.stack || e}`); process.exit(2); });
