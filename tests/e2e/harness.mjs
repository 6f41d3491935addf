// What the browser tests share: a real resgraph server on an ephemeral port over a temp data
// dir, Debian's Chromium, pages that record console errors and warnings, and screenshots.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'web', 'package.json'));
const { chromium } = require('playwright-core');
export const bin = process.env.RESGRAPH_BIN || join(root, 'build', 'server', 'resgraph');

const shots = join(root, 'test-output', 'e2e');
mkdirSync(shots, { recursive: true });
// Each test leaves a screenshot to look at.
export const shot = (p, name) => p.screenshot({ path: join(shots, `${name}.png`) });

async function waitForAdmin(file, tries) {
  for (let i = 0; i < tries; i++) {
    if (existsSync(file)) { try { return JSON.parse(readFileSync(file, 'utf8')); } catch {} }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not start');
}

// Polls /metrics until the search index holds every change of the log, for at most `ms`.
async function waitForSearch(base, ms) {
  const gauge = (text, name) => Number((text.match(new RegExp(`^${name} (\\d+)`, 'm')) || [])[1]);
  for (const until = Date.now() + ms; Date.now() < until;) {
    const m = await (await fetch(base + '/metrics')).text();
    if (gauge(m, 'resgraph_search_indexed_seq') >= gauge(m, 'resgraph_change_log_last_seq')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Serves `dataset` (a directory of .md or .json files) and the built app, with `args` added to
// `resgraph serve`'s. crash() kills the server with SIGKILL; restart() starts it again on the
// same port and data dir. Unless told not to, it returns once search has caught up with the
// dataset's import, so that no test meets a 503 from an index still being built.
export async function startServer(dataset, { startTimeoutMs = 10000, binary = bin, args = [], waitForIndex = true } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'resgraph-e2e-'));
  const adminFile = join(dataDir, 'admin.json');
  const launch = async (port) => {
    rmSync(adminFile, { force: true });
    const proc = spawn(binary, ['serve', '--port', String(port), '--data-dir', dataDir, '--dataset', dataset, '--web', join(root, 'web', 'dist'), ...args], { stdio: 'ignore' });
    const admin = await waitForAdmin(adminFile, startTimeoutMs / 50);
    if (waitForIndex) await waitForSearch(`http://127.0.0.1:${admin.port}`, startTimeoutMs * 6);
    return { proc, port: admin.port };
  };
  let { proc, port } = await launch(0);
  return {
    base: `http://127.0.0.1:${port}`,
    dataDir,
    async crash() {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await exited;
    },
    async restart() { ({ proc } = await launch(port)); },
    stop() { proc.kill('SIGTERM'); rmSync(dataDir, { recursive: true, force: true }); },
  };
}

// The tests run headless with --disable-gpu: Chromium then composites in software and reads
// every WebGL frame back to the page's main thread. `windowed` (for the benchmark, on an X
// display such as Xvfb) composites in the GPU process instead, as a browser with a GPU does:
// on SwiftShader, or with `gl: 'mesa'` on Mesa's OpenGL driver (llvmpipe: still the CPU, but
// a real, multi-threaded GL driver behind ANGLE).
export function launchBrowser({ windowed = false, gl = 'swiftshader' } = {}) {
  const driver = gl === 'mesa' ? ['--use-angle=gl', '--ignore-gpu-blocklist'] : ['--use-angle=swiftshader'];
  const mode = windowed ? driver : ['--headless', '--disable-gpu', '--use-gl=swiftshader'];
  return chromium.launch({
    headless: !windowed,
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [...mode, '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader'],
  });
}

// Software WebGL in headless Chromium reports driver stalls; those are the machine's, not ours.
const environmental = (text) => text.includes('GL Driver Message');

// A page whose console errors and warnings (other than `expected` ones) land in `problems`.
export async function openPage(browser, problems, { expected = [], bypassCSP = false } = {}) {
  const p = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP });
  p.on('console', (m) => {
    const text = m.text();
    if ((m.type() === 'error' || m.type() === 'warning') && !environmental(text) && !expected.some((e) => text.includes(e)))
      problems.push(`${m.type()}: ${text}`);
  });
  p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return p;
}

// A deterministic synthetic graph written as a JSON dataset into `dir`: `nodes` nodes of every
// kind and 2.5 links per node, a quarter of them to the first 2% (the hubs).
export function writeSyntheticDataset(dir, nodes) {
  let seed = 42;  // mulberry32: exact in 32-bit integer arithmetic
  const rand = (n) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  const kinds = ['paper', 'talk', 'book', 'article', 'podcast', 'concept', 'person', 'event'];
  const slug = (i) => `synthetic-node-${i}`;
  const data = { nodes: [], edges: [] };
  for (let i = 0; i < nodes; i++)
    data.nodes.push({ type: kinds[i % kinds.length], title: `Synthetic node ${i}`, year: 1980 + rand(45), tags: [`t${rand(50)}`] });
  const seen = new Set();
  const edges = Math.round(nodes * 2.5);
  while (data.edges.length < edges) {
    const from = rand(nodes), to = rand(4) === 0 ? rand(Math.ceil(nodes / 50)) : rand(nodes);
    if (from === to || seen.has(`${from}-${to}`)) continue;
    seen.add(`${from}-${to}`);
    data.edges.push({ from: slug(from), to: slug(to), type: 'cites' });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'synthetic.json'), JSON.stringify(data));
  return { nodes, edges };
}

// The app has wired its controls (main.js marks the body when it has): a click before then
// would fall on a button with no handler yet.
export const appReady = (p) => p.waitForFunction(() => document.body.dataset.ready === 'true');

// Signs the page in with a bearer token through the sign-in dialog, as a script's owner would.
export async function signIn(p, token, name) {
  await appReady(p);
  await p.click('#signin-button');
  await p.click('#token-details summary');
  await p.fill('#token', token);
  await p.keyboard.press('Enter');
  await p.locator('#signin-button').getByText(name).waitFor();
}

// Signs the page in with name and password, as a person would.
export async function signInWithPassword(p, name, password) {
  await appReady(p);
  await p.click('#signin-button');
  await p.fill('#signin-name', name);
  await p.fill('#signin-password', password);
  await p.keyboard.press('Enter');
  await p.locator('#signin-button').getByText(name).waitFor();
}

// One REST call with a bearer token; returns { status, body }.
export async function call(base, token, method, path, body) {
  const headers = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

// A user made with the CLI against the serving data dir; returns the token.
export function addUser(server, name, role) {
  return execFileSync(bin, ['user', 'add', name, '--role', role, '--data-dir', server.dataDir]).toString().trim();
}
