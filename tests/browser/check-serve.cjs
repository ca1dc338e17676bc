#!/usr/bin/env node
// check-serve: checks `dossier serve`'s live reload and error overlay in real browser tabs.
//
//   node check-serve.cjs URL SITE_DIR
//
// URL is a running `dossier serve` of SITE_DIR (a copy of the `valid` fixture: it edits
// content/background/who-is-who.md). In headless Chromium (playwright-core, Debian's
// chromium) it opens eight tabs at once (more than HTTP/1.1's six connections per host:
// one event stream per browser, through the SharedWorker, must not stall any), then:
//
//  * appends a sentence to the page: every tab must reload by itself, and the edited
//    page must show the sentence;
//  * breaks its frontmatter: every tab must show the overlay, an alertdialog labelled by
//    its heading, holding the diagnostic as the terminal prints it (file:line:col and the
//    hint), with focus on its Dismiss button; axe-core (WCAG 2.x A+AA) must find nothing
//    in it, in the light and the dark scheme;
//  * Escape dismisses it and gives focus back;
//  * breaks the file again, then fixes it: the overlay must go by itself.
//
// Output: one line per problem, then a summary. Exit: 0 no problems, 1 problems, 2 a tool
// could not run. Env: CHROME_PATH (default /usr/bin/chromium).
'use strict';

const fs = require('fs');
const path = require('path');

const HERE = __dirname;
const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const TABS = ['', 'background/', 'background/who-is-who/', 'background/history-of-the-lease/',
  'timeline/', 'glossary/', 'background/who-is-who/index.html', 'index.html'];
const EDITED = 'background/who-is-who/';
const TIMEOUT = 20000;

class ToolError extends Error {}

function tool(name, file) {
  const p = path.join(HERE, 'node_modules', name, file || '');
  if (!fs.existsSync(p)) throw new ToolError(`${name} is not installed (run: npm ci --ignore-scripts in ${HERE})`);
  return p;
}

async function waitFor(what, fn) {
  const end = Date.now() + TIMEOUT;
  for (;;) {
    if (await fn()) return true;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// What the overlay shows, read through its (open) shadow root.
function overlayState() {
  const host = document.querySelector('[data-dossier-serve-overlay]');
  if (!host) return null;
  const root = host.shadowRoot;
  const box = root.querySelector('[role="alertdialog"]');
  const label = box && root.getElementById(box.getAttribute('aria-labelledby'));
  const active = document.activeElement === host ? root.activeElement : null;
  return {
    role: box ? box.getAttribute('role') : null,
    label: label ? label.textContent : null,
    text: box ? box.textContent : '',
    focus: active ? active.textContent : null,
  };
}

async function main() {
  const [url, siteDir] = process.argv.slice(2);
  if (!url || !siteDir) {
    console.error('usage: node check-serve.cjs URL SITE_DIR');
    process.exit(2);
  }
  if (!fs.existsSync(CHROME_PATH)) throw new ToolError(`chromium not found at ${CHROME_PATH}`);
  const { chromium } = require(tool('playwright-core'));
  const axeSource = fs.readFileSync(tool('axe-core', 'axe.min.js'), 'utf8');
  const file = path.join(siteDir, 'content/background/who-is-who.md');
  const original = fs.readFileSync(file, 'utf8');
  const problems = [];
  const browser = await chromium.launch({ executablePath: CHROME_PATH, headless: true, args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext();
    const tabs = await Promise.all(TABS.map(async (p) => {
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`${p}: uncaught ${e.message}`));
      await page.goto(url + p, { timeout: TIMEOUT });
      return { path: p, page };
    }));
    // Every tab loaded; mark each so a reload is visible as the mark's disappearance.
    const mark = () => Promise.all(tabs.map((t) => t.page.evaluate(() => { window.__notReloaded = true; })));
    const reloaded = (t) => t.page.evaluate(() => !window.__notReloaded).catch(() => false);
    // Let every tab's script reach the event stream before the first change.
    await new Promise((r) => setTimeout(r, 1000));

    await mark();
    fs.writeFileSync(file, original + '\nA sentence the browser test added.\n');
    for (const t of tabs) {
      await waitFor(`${t.path} to reload after an edit`, () => reloaded(t)).catch((e) => problems.push(e.message));
    }
    const edited = tabs.find((t) => t.path === EDITED).page;
    await waitFor('the edit to show', async () => (await edited.content()).includes('A sentence the browser test added.'))
      .catch((e) => problems.push(e.message));

    await mark();
    fs.writeFileSync(file, original.replace('\ntitle = ', '\ntitel = '));
    for (const t of tabs) {
      await waitFor(`the overlay in ${t.path}`, async () => (await t.page.evaluate(overlayState)) !== null)
        .catch((e) => problems.push(e.message));
    }
    for (const t of tabs) {
      if (await reloaded(t)) problems.push(`${t.path}: reloaded on a failed build (it must keep the last good page)`);
    }
    const state = await edited.evaluate(overlayState);
    if (state) {
      if (state.role !== 'alertdialog') problems.push(`overlay role is ${state.role}`);
      if (!/^Build failed/.test(state.label || '')) problems.push(`overlay is not labelled by its heading: ${state.label}`);
      if (!state.text.includes('content/background/who-is-who.md:2:1')) problems.push('overlay lacks file:line:col');
      if (!state.text.includes('did you mean `title`?')) problems.push('overlay lacks the hint');
      if (state.focus !== 'Dismiss') problems.push(`focus is on ${state.focus}, not the Dismiss button`);
      for (const scheme of ['light', 'dark']) {
        await edited.emulateMedia({ colorScheme: scheme });
        await edited.evaluate(axeSource);
        const violations = await edited.evaluate(async (tags) => {
          const r = await window.axe.run({ include: [['[data-dossier-serve-overlay]']] },
            { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
          return r.violations.map((v) => `${v.id}: ${v.help}`);
        }, AXE_TAGS);
        for (const v of violations) problems.push(`overlay (${scheme}): axe ${v}`);
      }
      await edited.keyboard.press('Escape');
      if (await edited.evaluate(overlayState)) problems.push('Escape did not dismiss the overlay');
    }

    // Break it differently, then fix it: the overlay goes by itself (no reload needed).
    fs.writeFileSync(file, original.replace('\ntitle = ', '\ntitle_ = '));
    await waitFor('the overlay again', async () => (await edited.evaluate(overlayState)) !== null)
      .catch((e) => problems.push(e.message));
    fs.writeFileSync(file, original + '\nA sentence the browser test added.\n');
    for (const t of tabs) {
      await waitFor(`the overlay to go in ${t.path}`, async () => (await t.page.evaluate(overlayState).catch(() => null)) === null)
        .catch((e) => problems.push(e.message));
    }
  } finally {
    await browser.close();
    fs.writeFileSync(file, original);
  }
  for (const p of problems) console.log(p);
  console.log(problems.length ? `check-serve: ${problems.length} problem(s)` : `check-serve: ${TABS.length} tabs reloaded, overlay shown, accessible and cleared`);
  process.exit(problems.length ? 1 : 0);
}

main().catch((e) => {
  console.log(`check-serve: ${e.message}`);
  process.exit(e instanceof ToolError ? 2 : 1);
});
