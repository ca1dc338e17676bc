#!/usr/bin/env node
// check-site: checks a built static site the way a reader's browser sees it.
//
//   node check-site.cjs SITE_DIR [--prefix /sub/] [--screenshots OUTDIR] [--full-page]
//                                [--jobs N] [--theme-toggle] [--check-404]
//
// SITE_DIR is served over HTTP on 127.0.0.1 (a free port, loopback only) under --prefix
// (default "/"), like a plain static host: `dir/` -> `dir/index.html`, `dir` -> 301 `dir/`,
// a missing path -> 404.html with status 404. Then:
//
//  * every .html page is opened in headless Chromium (playwright-core, Debian's chromium;
//    --jobs pages at a time, default 2) and
//      - axe-core runs with the WCAG 2.0/2.1/2.2 A+AA tags at 1280x900 in the light scheme;
//      - the colour rules (color-contrast, link-in-text-block) run again after reloading
//        the tab with prefers-color-scheme: dark, and, when the page honours the theme
//        toggle (localStorage "dossier-theme" = "light" | "dark" sets <html data-theme>),
//        after reloading with a stored "dark" under the light scheme and a stored "light"
//        under the dark scheme;
//      - exactly one <h1> and a non-empty <html lang> are required;
//      - at 360x780 as a phone (isMobile, hasTouch) documentElement.scrollWidth must be <= 360;
//      - console errors, uncaught exceptions, same-origin requests that fail or answer >= 400
//        (except /favicon.ico) and ANY request leaving 127.0.0.1:PORT are problems (external
//        requests are blocked, never sent);
//  * the Nu HTML Checker (vnu.jar from npm vnu-jar, run by `java`) checks all .html files in
//    one run and all .css files in a second run (--css); every error is a problem.
//
// Output: one line per problem, `FILE: problem`, then a summary line.
// Exit: 0 no problems, 1 problems, 2 a tool could not run (chromium, java, npm packages).
//
// Options:
//   --prefix /sub/        serve the site under this path (a site built for a sub-path)
//   --screenshots OUTDIR  also write PNGs of index.html, timeline/index.html and
//                         glossary/index.html: desktop 1280x900 and mobile 360x780, light
//                         and dark (OUTDIR/<page>-<device>-<scheme>.png)
//   --full-page           screenshots of the whole page instead of the first screen
//   --jobs N              pages checked at once (default 2)
//   --theme-toggle        require every page to honour the stored theme (a problem if
//                         localStorage "dossier-theme" does not set <html data-theme>)
//   --check-404           also load a missing deep URL (PREFIX/no/such/page/) and require
//                         the 404 page to answer 404 and load its own resources there
// Env: CHROME_PATH (default /usr/bin/chromium), JAVA (default java),
//      CHROME_FLAGS (space-separated, replaces the default flags below).
'use strict';

const fs = require('fs');
const path = require('path');
const http = require('http');
const { spawn } = require('child_process');

const HERE = __dirname;
const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
const JAVA = process.env.JAVA || 'java';
const CHROME_FLAGS = (process.env.CHROME_FLAGS ||
  '--headless --no-sandbox --disable-gpu --disable-quic --no-first-run ' +
  '--disable-background-networking --disable-component-update --disable-sync')
  .split(/\s+/).filter(Boolean);
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];
const THEME_KEY = 'dossier-theme';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 780 };
const SHOT_PAGES = ['index.html', 'timeline/index.html', 'glossary/index.html'];

// ---------------------------------------------------------------------------------------
// Command line

class ToolError extends Error {}

function usage(msg) {
  if (msg) console.error(`check-site: ${msg}`);
  console.error('usage: node check-site.cjs SITE_DIR [--prefix /sub/] [--screenshots OUTDIR] ' +
    '[--full-page] [--jobs N] [--theme-toggle] [--check-404]');
  process.exit(2);
}

function parseArgs(argv) {
  const o = { dir: null, prefix: '/', shots: null, fullPage: false, jobs: 2, themeToggle: false, check404: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--prefix') o.prefix = value();
    else if (a.startsWith('--prefix=')) o.prefix = a.slice(9);
    else if (a === '--screenshots') o.shots = value();
    else if (a.startsWith('--screenshots=')) o.shots = a.slice(14);
    else if (a === '--full-page') o.fullPage = true;
    else if (a === '--jobs') o.jobs = Number(value());
    else if (a === '--theme-toggle') o.themeToggle = true;
    else if (a === '--check-404') o.check404 = true;
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (!o.dir) o.dir = a;
    else usage(`unexpected argument ${a}`);
  }
  if (!o.dir) usage('SITE_DIR is required');
  if (!fs.existsSync(o.dir) || !fs.statSync(o.dir).isDirectory()) usage(`not a directory: ${o.dir}`);
  o.dir = fs.realpathSync(o.dir);
  o.prefix = ('/' + o.prefix + '/').replace(/\/{2,}/g, '/');
  if (!Number.isInteger(o.jobs) || o.jobs < 1) usage('--jobs needs a positive integer');
  return o;
}

// ---------------------------------------------------------------------------------------
// Files

function listFiles(root, re) {
  const found = [];
  (function walk(d) {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === '.git') continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && re.test(e.name)) found.push(path.relative(root, full).split(path.sep).join('/'));
    }
  })(root);
  return found.sort();
}

// ---------------------------------------------------------------------------------------
// Static server (loopback only)

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8', '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8', '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8', '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.webp': 'image/webp', '.avif': 'image/avif', '.ico': 'image/x-icon',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.otf': 'font/otf',
  '.pdf': 'application/pdf', '.wasm': 'application/wasm', '.mp4': 'video/mp4',
  '.webm': 'video/webm', '.mp3': 'audio/mpeg', '.ogg': 'audio/ogg', '.vtt': 'text/vtt; charset=utf-8',
};

function startServer(root, prefix) {
  const notFoundPage = path.join(root, '404.html');
  const send = (req, res, status, headers, body) => {
    res.writeHead(status, { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const notFound = (req, res) => {
    if (fs.existsSync(notFoundPage)) {
      send(req, res, 404, { 'Content-Type': TYPES['.html'] }, fs.readFileSync(notFoundPage));
    } else {
      send(req, res, 404, { 'Content-Type': TYPES['.txt'] }, 'not found\n');
    }
  };
  const server = http.createServer((req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return send(req, res, 405, { Allow: 'GET, HEAD', 'Content-Type': TYPES['.txt'] }, 'method not allowed\n');
      }
      const u = new URL(req.url, 'http://127.0.0.1');
      let p;
      try { p = decodeURIComponent(u.pathname); } catch { return send(req, res, 400, {}, 'bad request\n'); }
      if (p.includes('\0')) return send(req, res, 400, {}, 'bad request\n');
      if (p + '/' === prefix) return send(req, res, 301, { Location: prefix + u.search }, '');
      if (!p.startsWith(prefix)) return notFound(req, res);
      const rel = p.slice(prefix.length);
      const file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
      if (file !== root && !file.startsWith(root + path.sep)) return notFound(req, res);
      let st = fs.statSync(file, { throwIfNoEntry: false });
      let target = file;
      if (st && st.isDirectory()) {
        if (!p.endsWith('/')) return send(req, res, 301, { Location: u.pathname + '/' + u.search }, '');
        target = path.join(file, 'index.html');
        st = fs.statSync(target, { throwIfNoEntry: false });
      }
      if (!st || !st.isFile()) return notFound(req, res);
      const type = TYPES[path.extname(target).toLowerCase()] || 'application/octet-stream';
      send(req, res, 200, { 'Content-Type': type, 'Content-Length': st.size }, fs.readFileSync(target));
    } catch (e) {
      send(req, res, 500, { 'Content-Type': TYPES['.txt'] }, `server error: ${e.message}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ---------------------------------------------------------------------------------------
// Nu HTML Checker

function runJava(args) {
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(JAVA, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      return reject(new ToolError(`cannot run ${JAVA}: ${e.message}`));
    }
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', (e) => reject(new ToolError(
      e.code === 'ENOENT' ? `java not found (${JAVA}); install openjdk-17-jre-headless` : `cannot run ${JAVA}: ${e.message}`)));
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

// Runs vnu once over `files` (relative to root); resolves to [{file, msg}] for every error.
async function vnu(root, files, mode) {
  if (!files.length) return [];
  const jar = path.join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
  if (!fs.existsSync(jar)) throw new ToolError(`vnu.jar missing at ${jar} (run: npm ci --ignore-scripts in ${HERE})`);
  // C1-only JIT: about half the CPU for a short run (the JVM shares 2 cores with Chromium).
  const args = ['-Xss8m', '-XX:TieredStopAtLevel=1', '-jar', jar, '--format', 'json', '--errors-only', '--exit-zero-always', '--stdout'];
  if (mode === 'css') args.push('--css');
  const r = await runJava([...args, ...files.map((f) => path.join(root, f))]);
  let doc;
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    const why = (r.stderr || r.stdout).trim().split('\n').slice(0, 3).join(' | ');
    throw new ToolError(`vnu (${mode}) gave no JSON (exit ${r.code}): ${why}`);
  }
  const out = [];
  for (const m of doc.messages || []) {
    if (m.type !== 'error' && m.type !== 'non-document-error') continue;
    let file = m.url || '?';
    try { file = path.relative(root, require('url').fileURLToPath(new URL(file))).split(path.sep).join('/'); } catch { /* keep */ }
    const line = m.lastLine || m.firstLine;
    const col = m.firstColumn || m.lastColumn;
    const where = line ? ` ${line}:${col || 0}` : '';
    const extract = (m.extract || '').replace(/\s+/g, ' ').trim().slice(0, 100);
    out.push({ file, msg: `vnu ${mode}${where}: ${String(m.message || '').trim()}${extract ? `  [${extract}]` : ''}` });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Browser

function loadPlaywright() {
  try {
    return require(path.join(HERE, 'node_modules', 'playwright-core'));
  } catch (e) {
    throw new ToolError(`playwright-core is not installed (run: npm ci --ignore-scripts in ${HERE}): ${e.message.split('\n')[0]}`);
  }
}

async function launchBrowser() {
  if (!fs.existsSync(CHROME_PATH)) throw new ToolError(`chromium not found at ${CHROME_PATH} (apt-get install chromium)`);
  const { chromium } = loadPlaywright();
  try {
    // Playwright adds --headless itself and gives every launch a fresh temporary profile.
    return await chromium.launch({
      executablePath: CHROME_PATH,
      headless: true,
      args: CHROME_FLAGS.filter((f) => f !== '--headless' && !f.startsWith('--user-data-dir')),
      timeout: 60000,
    });
  } catch (e) {
    throw new ToolError(`could not start chromium (${CHROME_PATH}): ${e.message.split('\n')[0]}`);
  }
}

function pageUrl(base, rel) {
  // Pages named dir/index.html are opened as dir/, the way readers reach them.
  const p = rel === 'index.html' ? '' : rel.replace(/(^|\/)index\.html$/, '$1');
  return base + p.split('/').map(encodeURIComponent).join('/');
}

// Records what a reader with DevTools open would see go wrong while a page loads, plus
// every request that leaves the local server. `sink` is a Map (one entry per key).
function watchPage(page, sink, origin) {
  const local = (u) => u.startsWith(origin + '/');
  const favicon = (u) => { try { return new URL(u).pathname.endsWith('/favicon.ico'); } catch { return false; } };
  const state = { closing: false };
  page.on('request', (r) => {
    const u = r.url();
    if (/^(data|blob|about):/.test(u) || local(u)) return;
    sink.set(`ext:${u}`, `external request (blocked; the site must make none): ${r.method()} ${u.slice(0, 200)}`);
  });
  page.on('websocket', (ws) => {
    if (!local(ws.url().replace(/^ws/, 'http'))) sink.set(`ext:${ws.url()}`, `external websocket: ${ws.url()}`);
  });
  page.on('response', (r) => {
    const u = r.url();
    if (r.status() >= 400 && local(u) && !favicon(u)) sink.set(`net:${u}`, `HTTP ${r.status()} for ${u.slice(origin.length)}`);
  });
  page.on('requestfailed', (r) => {
    const u = r.url();
    if (state.closing || !local(u) || favicon(u) || sink.has(`net:${u}`)) return;
    // The browser fetches the tab's icon on its own schedule and aborts the fetch when the
    // next page loads first (seen under load); a missing icon is still an HTTP 404 above.
    const aborted = ((r.failure() || {}).errorText || '') === 'net::ERR_ABORTED';
    if (aborted && /\/favicon(\.[0-9a-f]{8})?\.svg$/.test(new URL(u).pathname)) return;
    sink.set(`net:${u}`, `request failed: ${u.slice(origin.length)} (${(r.failure() || {}).errorText || '?'})`);
  });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const at = (m.location() && m.location().url) || '';
    const text = m.text();
    if (/^Failed to load resource/.test(text) && at) {
      // The failed request itself is recorded above (or is external / the favicon).
      if (local(at) && !favicon(at) && !sink.has(`net:${at}`)) sink.set(`net:${at}`, `${text} (${at.slice(origin.length)})`);
      return;
    }
    if (favicon(at)) return;
    // Follow-up messages about a resource already reported (e.g. "Refused to apply style
    // from '...' because its MIME type ('text/html') ...") are dropped in problemList().
    const about = (text.match(/'(https?:\/\/[^']+)'/) || [])[1];
    if (about && favicon(about)) return;
    if (about && !local(about)) return; // an external resource: reported as external
    if (about) { sink.set(`about:${text}`, { url: about, msg: `console error: ${text.split('\n')[0].slice(0, 300)}` }); return; }
    sink.set(`console:${text}`, `console error: ${text.split('\n')[0].slice(0, 300)}${at ? ` (${local(at) ? at.slice(origin.length) : at})` : ''}`);
  });
  page.on('pageerror', (e) => {
    const msg = String((e && e.message) || e).split('\n')[0].slice(0, 300);
    sink.set(`uncaught:${msg}`, `uncaught exception: ${msg}`);
  });
  return state;
}

// The problems recorded by watchPage, without console messages about a resource whose
// failure is already listed.
function problemList(sink) {
  const out = [];
  for (const v of sink.values()) {
    if (typeof v === 'string') out.push(v);
    else if (!sink.has(`net:${v.url}`)) out.push(v.msg);
  }
  return out;
}

// Lets transitions and animations started by the load (e.g. a theme switch) finish.
async function settle(page) {
  await page.evaluate(() => (document.fonts ? document.fonts.ready : null)).catch(() => {});
  await page.evaluate(() => new Promise((done) => {
    for (const a of document.getAnimations()) { try { a.finish(); } catch { /* infinite */ } }
    requestAnimationFrame(() => requestAnimationFrame(() => done()));
  }));
}

async function axe(page, axeSource, runOnly) {
  await page.evaluate(axeSource);
  return page.evaluate(async (only) => {
    const res = await window.axe.run(document, { runOnly: only, resultTypes: ['violations'] });
    return res.violations.map((v) => {
      const n = v.nodes[0] || {};
      const detail = [...(n.any || []), ...(n.all || []), ...(n.none || [])].map((c) => c.message).find(Boolean) || '';
      return {
        id: v.id, impact: v.impact, help: v.help, count: v.nodes.length, detail,
        targets: v.nodes.slice(0, 3).map((x) => [].concat(x.target).join(' ')),
      };
    });
  }, runOnly);
}

function axeLines(violations, label) {
  return violations.map((v) => `axe ${v.id} (${v.impact || '?'}, ${label}) x${v.count}: ${v.help}` +
    ` at ${v.targets.join(', ')}${v.count > v.targets.length ? ', ...' : ''}` +
    (v.detail ? ` -- ${v.detail.replace(/\s+/g, ' ').slice(0, 220)}` : ''));
}

// Checks one page. ctx.desktop and ctx.phone belong to this worker alone, so the theme
// stored in localStorage by one page's checks cannot leak into another page being checked.
async function checkPage(ctx, rel, opts) {
  const { base, origin, axeSource } = opts;
  const url = pageUrl(base, rel);
  const net = new Map();
  const problems = [];
  const counts = { axe: 0, toggle: false };
  const open = async (context) => {
    const page = await context.newPage();
    const state = watchPage(page, net, origin);
    const resp = await page.goto(url, { waitUntil: 'load', timeout: 30000 });
    await settle(page);
    return { page, state, resp };
  };
  const close = async ({ page, state }) => { state.closing = true; await page.close(); };
  const runAxe = async (page, runOnly, label) => {
    const vs = await axe(page, axeSource, runOnly);
    counts.axe += vs.length;
    problems.push(...axeLines(vs, label));
  };
  // Reloads the tab in a colour scheme with a given stored theme (null: none stored).
  const reloadAs = async (page, scheme, stored) => {
    await page.evaluate(([key, value]) => {
      if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);
    }, [THEME_KEY, stored]);
    await page.emulateMedia({ colorScheme: scheme });
    await page.reload({ waitUntil: 'load', timeout: 30000 });
    await settle(page);
  };
  const colourRules = { type: 'rule', values: COLOUR_RULES };

  try {
    // 1. Desktop (1280x900), light scheme: the full axe run, h1, lang, external hints.
    //    Then, in the same tab, the colour rules again after reloading in the dark scheme,
    //    and with the theme toggle's stored choice overriding the scheme each way (those
    //    two are skipped when the page ignores the stored value, unless --theme-toggle).
    const d = await open(ctx.desktop);
    try {
      if (!d.resp) problems.push('navigation gave no response');
      else if (d.resp.status() >= 400) problems.push(`the page itself answered HTTP ${d.resp.status()}`);
      const facts = await d.page.evaluate((origin) => ({
        h1: document.querySelectorAll('h1').length,
        lang: (document.documentElement.getAttribute('lang') || '').trim(),
        hints: [...document.querySelectorAll('link[rel~="preconnect" i], link[rel~="dns-prefetch" i], link[rel~="prefetch" i], link[rel~="preload" i]')]
          .map((l) => l.href).filter((h) => h && !h.startsWith(origin + '/')),
      }), origin);
      if (facts.h1 !== 1) problems.push(`${facts.h1} <h1> elements (want exactly 1)`);
      if (!facts.lang) problems.push('<html> has no (or an empty) lang attribute');
      for (const h of facts.hints) problems.push(`resource hint to an external host: ${h}`);
      await runAxe(d.page, { type: 'tag', values: AXE_TAGS }, 'light');

      await reloadAs(d.page, 'dark', null);
      await runAxe(d.page, colourRules, 'dark');

      for (const [scheme, stored] of [['light', 'dark'], ['dark', 'light']]) {
        await reloadAs(d.page, scheme, stored);
        const got = await d.page.evaluate(() => document.documentElement.getAttribute('data-theme'));
        if (got !== stored) {
          // A page that honours "dark" but not "light" has a toggle that is half broken.
          if (opts.themeToggle || counts.toggle) {
            problems.push(`theme toggle: with ${THEME_KEY}="${stored}" stored, <html data-theme> is ` +
              `${got === null ? 'absent' : `"${got}"`} (want "${stored}")`);
          }
          break;
        }
        counts.toggle = true;
        await runAxe(d.page, colourRules, `${THEME_KEY}=${stored} stored, ${scheme} scheme`);
      }
      await d.page.evaluate(() => localStorage.clear()).catch(() => {});
    } finally { await close(d); }

    // 2. Phone (360x780, isMobile, touch): no horizontal scrolling.
    const m = await open(ctx.phone);
    try {
      const ov = await m.page.evaluate((W) => {
        const sw = document.documentElement.scrollWidth;
        const culprits = [];
        if (sw > W) {
          const past = (el) => el && el.getBoundingClientRect().right > W + 0.5;
          for (const el of document.body ? document.body.querySelectorAll('*') : []) {
            if (culprits.length >= 4) break;
            const r = el.getBoundingClientRect();
            if (r.width === 0 || !past(el)) continue;
            if (el.parentElement && el.parentElement !== document.body && past(el.parentElement)) continue;
            const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '';
            culprits.push(`${el.localName}${el.id ? '#' + el.id : ''}${cls} (right edge ${Math.round(r.right)}px)`);
          }
        }
        return { sw, culprits, viewport: !!document.querySelector('meta[name="viewport" i]') };
      }, PHONE.width);
      if (ov.sw > PHONE.width) {
        problems.push(`horizontal overflow at 360px: scrollWidth ${ov.sw}` +
          (ov.viewport ? '' : ' (no <meta name="viewport">)') +
          (ov.culprits.length ? `; past the edge: ${ov.culprits.join(', ')}` : ''));
      }
      await m.page.evaluate(() => localStorage.clear()).catch(() => {});
    } finally { await close(m); }
  } catch (e) {
    problems.push(`could not be checked: ${String(e.message || e).split('\n')[0]}`);
  }
  problems.push(...problemList(net));
  return { rel, problems, counts };
}

// A missing deep URL must answer 404 with the 404 page, and that page's own resources
// (stylesheet, scripts, icon) must load from there too.
async function check404(ctx, opts) {
  if (!fs.existsSync(path.join(opts.dir, '404.html'))) {
    return { rel: '404.html', problems: ['missing: the site has no 404.html'], counts: { axe: 0 } };
  }
  const url = opts.base + 'no/such/page/';
  const net = new Map();
  const problems = [];
  const page = await ctx.desktop.newPage();
  const state = watchPage(page, net, opts.origin);
  try {
    const resp = await page.goto(url, { waitUntil: 'load', timeout: 30000 });
    if (!resp || resp.status() !== 404) problems.push(`a missing URL answered ${resp ? resp.status() : 'nothing'}, want 404`);
    const sheets = await page.evaluate(() => [...document.styleSheets].length);
    if (!sheets) problems.push('the 404 page at a missing deep URL has no stylesheet');
  } catch (e) {
    problems.push(`could not be checked: ${String(e.message || e).split('\n')[0]}`);
  }
  state.closing = true;
  await page.close();
  // Only the 404 page's own resources count: the page URL itself is expected to be 404.
  net.delete(`net:${url}`);
  for (const v of problemList(net)) problems.push(`at ${url.slice(opts.origin.length)}: ${v}`);
  return { rel: '404.html', problems, counts: { axe: 0 } };
}

async function screenshots(browser, opts, outDir, pages) {
  fs.mkdirSync(outDir, { recursive: true });
  const devices = {
    desktop: { viewport: DESKTOP },
    mobile: { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 1 },
  };
  const written = [];
  for (const [device, dev] of Object.entries(devices)) {
    for (const scheme of ['light', 'dark']) {
      const context = await browser.newContext({ ...dev, colorScheme: scheme, serviceWorkers: 'block' });
      await blockExternal(context, opts.origin);
      for (const rel of pages) {
        const page = await context.newPage();
        await page.goto(pageUrl(opts.base, rel), { waitUntil: 'load', timeout: 30000 });
        await settle(page);
        const slug = rel.replace(/(^|\/)index\.html$/, '').replace(/\.html?$/, '').replace(/[^A-Za-z0-9._-]+/g, '_') || 'index';
        const file = path.join(outDir, `${slug}-${device}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: opts.fullPage });
        written.push(file);
        await page.close();
      }
      await context.close();
    }
  }
  return written;
}

// No request may leave the local server: anything else is aborted before it is sent
// (and reported by watchPage).
async function blockExternal(context, origin) {
  await context.route((u) => u.origin !== origin, (route) => route.abort('blockedbyclient'));
}

async function browserChecks(pages, opts) {
  const axePath = path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js');
  if (!fs.existsSync(axePath)) throw new ToolError(`axe-core is not installed (run: npm ci --ignore-scripts in ${HERE})`);
  const axeSource = fs.readFileSync(axePath, 'utf8');
  const browser = await launchBrowser();
  try {
    const make = async (o) => {
      const c = await browser.newContext({ serviceWorkers: 'block', colorScheme: 'light', ...o });
      await blockExternal(c, opts.origin);
      return c;
    };
    // Each worker gets its own desktop and phone contexts (own localStorage).
    const workerContexts = async () => ({
      desktop: await make({ viewport: DESKTOP }),
      phone: await make({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 1 }),
    });
    const o = { ...opts, axeSource };
    const results = new Array(pages.length);
    let next = 0;
    let ctx;
    await Promise.all(Array.from({ length: Math.min(opts.jobs, pages.length) }, async () => {
      const mine = await workerContexts();
      ctx = ctx || mine;
      while (next < pages.length) {
        const i = next++;
        results[i] = await checkPage(mine, pages[i], o);
      }
    }));
    if (opts.check404) results.push(await check404(ctx, o));
    let shots = [];
    let shotsError = null;
    if (opts.shots) {
      const want = SHOT_PAGES.filter((p) => pages.includes(p));
      try {
        shots = await screenshots(browser, opts, opts.shots, want);
      } catch (e) {
        shotsError = `screenshots: ${String(e.message || e).split('\n')[0]}`;
      }
    }
    return { results, shots, shotsError };
  } finally {
    await browser.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------

async function main() {
  const t0 = Date.now();
  const opts = parseArgs(process.argv.slice(2));
  const pages = listFiles(opts.dir, /\.html?$/i);
  const sheets = listFiles(opts.dir, /\.css$/i);
  if (!pages.length) {
    console.log(`check-site: no .html files in ${opts.dir}`);
    return 2;
  }

  const server = await startServer(opts.dir, opts.prefix);
  const origin = `http://127.0.0.1:${server.address().port}`;
  opts.origin = origin;
  opts.base = origin + opts.prefix;

  const toolErrors = [];
  const catchTool = (what) => (e) => {
    if (!(e instanceof ToolError)) e = new ToolError(`${what}: ${e.stack || e}`);
    if (!toolErrors.includes(e.message)) toolErrors.push(e.message);
    return null;
  };
  // vnu (one JVM at a time: html, then css) runs beside the browser.
  const vnuBoth = async () => {
    const h = await vnu(opts.dir, pages, 'html').catch(catchTool('vnu html'));
    const c = await vnu(opts.dir, sheets, 'css').catch(catchTool('vnu css'));
    return [h, c];
  };
  const [[vHtml, vCss], br] = await Promise.all([
    vnuBoth(),
    browserChecks(pages, opts).catch(catchTool('browser')),
  ]);
  server.close();

  const problems = [];
  const counts = { axe: 0, other: 0, vnuHtml: 0, vnuCss: 0 };
  let toggle = 0;
  if (br && br.shotsError) toolErrors.push(br.shotsError);
  if (br) {
    for (const r of br.results) {
      for (const p of r.problems) problems.push({ file: r.rel, msg: p });
      counts.axe += r.counts.axe;
      counts.other += r.problems.length - r.counts.axe;
      if (r.counts.toggle) toggle++;
    }
  }
  for (const m of vHtml || []) { problems.push(m); counts.vnuHtml++; }
  for (const m of vCss || []) { problems.push(m); counts.vnuCss++; }

  // Grouped by file, in file order; each file's problems in the order found.
  const order = new Map([...pages, ...sheets].map((f, i) => [f, i]));
  problems
    .map((p, i) => ({ ...p, i }))
    .sort((a, b) => (order.get(a.file) ?? 1e9) - (order.get(b.file) ?? 1e9) || a.file.localeCompare(b.file) || a.i - b.i)
    .forEach((p) => console.log(`${p.file}: ${p.msg}`));
  for (const t of toolErrors) console.log(`check-site: TOOL ERROR: ${t}`);
  if (br && br.shots.length) console.log(`check-site: ${br.shots.length} screenshots in ${opts.shots}`);

  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  const verdict = toolErrors.length ? 'ERROR' : problems.length ? 'FAIL' : 'PASS';
  console.log(`check-site: ${verdict}: ${problems.length} problems in ${pages.length} html + ${sheets.length} css files ` +
    `(axe ${br ? counts.axe : '-'}, page ${br ? counts.other : '-'}, vnu html ${vHtml ? counts.vnuHtml : '-'}, ` +
    `vnu css ${vCss ? counts.vnuCss : '-'}; theme toggle honoured on ${br ? toggle : '-'}/${pages.length} pages; ` +
    `served at ${opts.prefix}) [${secs} s]`);
  return toolErrors.length ? 2 : problems.length ? 1 : 0;
}

if (require.main === module) {
  main().then((code) => process.exit(code), (e) => {
    console.log(`check-site: TOOL ERROR: ${e.stack || e}`);
    process.exit(2);
  });
} else {
  module.exports = { startServer, listFiles, pageUrl };
}
