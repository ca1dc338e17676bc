// launch: what popover.cjs and search.cjs share before their checks: read the
// arguments (SITE_DIR [--screenshot FILE]), find playwright-core, Chromium and axe-core,
// serve the site on 127.0.0.1 and start headless Chromium.
'use strict';

const fs = require('fs');
const path = require('path');
const { startServer } = require('./check-site.cjs');

const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Returns { site, shot, axeSource, server, base, browser }, or an exit code (2: usage
// or a missing tool) after printing why, prefixed with `name`.
async function launch(name, argv) {
  const site = path.resolve(argv[0] || '');
  const shotAt = argv.indexOf('--screenshot');
  const shot = shotAt >= 0 ? argv[shotAt + 1] : null;
  if (!argv[0] || !fs.existsSync(path.join(site, 'index.html'))) {
    console.log(`${name}: usage: node ${name}.cjs SITE_DIR (with index.html)`);
    return 2;
  }
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (e) {
    console.log(`${name}: TOOL ERROR: playwright-core missing (npm ci in tests/browser)`);
    return 2;
  }
  if (!fs.existsSync(CHROME_PATH)) {
    console.log(`${name}: TOOL ERROR: no chromium at ${CHROME_PATH}`);
    return 2;
  }
  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const server = await startServer(site, '/');
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: CHROME_PATH, headless: true, args: FLAGS });
  return { site, shot, axeSource, server, base, browser };
}

module.exports = { launch };
