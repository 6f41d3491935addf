// Browser benchmark (issue 7): the app on a synthetic graph of 10,000 nodes in Debian's headless
// Chromium (software WebGL: SwiftShader, no GPU here). Measures load to first drawn graph, then
// frame intervals while a real mouse drags and wheels over the graph: while the force layout
// still settles in its worker, and after. Prints a Markdown table.
// Usage: node bench/web_bench.mjs RESGRAPH_BIN [NODES]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'web', 'package.json'));
const { chromium } = require('playwright-core');
const bin = process.argv[2] || join(root, 'build', 'server', 'resgraph');
const nodes = Number(process.argv[3] || 10000);
const edges = Math.round(nodes * 2.5);

// A deterministic graph: people who author works, works that cite works, concepts they are about.
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
while (data.edges.length < edges) {
  // Preferential-ish: a quarter of the links go to the first 2% of nodes (the hubs).
  const from = rand(nodes), to = rand(4) === 0 ? rand(Math.ceil(nodes / 50)) : rand(nodes);
  if (from === to || seen.has(`${from}-${to}`)) continue;
  seen.add(`${from}-${to}`);
  data.edges.push({ from: slug(from), to: slug(to), type: 'cites' });
}

const work = mkdtempSync(join(tmpdir(), 'resgraph-web-bench-'));
mkdirSync(join(work, 'dataset'));
writeFileSync(join(work, 'dataset', 'synthetic.json'), JSON.stringify(data));
const started = Date.now();
const server = spawn(bin, ['serve', '--port', '0', '--data-dir', join(work, 'var'), '--dataset', join(work, 'dataset'), '--web', join(root, 'web', 'dist')], { stdio: 'ignore' });
let admin;
for (let i = 0; i < 6000 && !admin; i++) {
  if (existsSync(join(work, 'var', 'admin.json'))) { try { admin = JSON.parse(readFileSync(join(work, 'var', 'admin.json'), 'utf8')); } catch {} }
  if (!admin) await new Promise((r) => setTimeout(r, 50));
}
if (!admin) throw new Error('server did not start');
const importSeconds = (Date.now() - started) / 1000;
const base = `http://127.0.0.1:${admin.port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--use-gl=swiftshader', '--enable-unsafe-swiftshader'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const t0 = Date.now();
await page.goto(base + '/');
await page.waitForSelector('body[data-ready="true"]', { timeout: 120000 });
const loadMs = Date.now() - t0;
const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
const drawn = Number(await page.getAttribute('#graph', 'data-node-count'));

const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const metrics = (m) => Object.fromEntries(m.metrics.map(({ name, value }) => [name, value]));

// Frame intervals (requestAnimationFrame) while the mouse drags and wheels for `ms`.
async function interact(ms, idle = false) {
  await page.evaluate(() => {
    window.__frames = [];
    window.__stop = false;
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (!window.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const before = metrics(await cdp.send('Performance.getMetrics'));
  const box = await page.locator('#graph').boundingBox();
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  const end = Date.now() + ms;
  let step = 0;
  if (idle) await page.waitForTimeout(ms);
  while (!idle && Date.now() < end) {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 0; i < 20; i++) await page.mouse.move(cx + 8 * i * (step % 2 ? -1 : 1), cy + 4 * i);
    await page.mouse.up();
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, step % 2 ? 120 : -120);
    step++;
  }
  const frames = await page.evaluate(() => { window.__stop = true; return window.__frames.slice(1); });
  const after = metrics(await cdp.send('Performance.getMetrics'));
  const elapsed = frames.reduce((x, y) => x + y, 0);
  frames.sort((a, b) => a - b);
  const q = (p) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))];
  return {
    n: frames.length, median: q(0.5), p95: q(0.95), fps: (frames.length / elapsed) * 1000,
    script: (after.ScriptDuration - before.ScriptDuration) / (elapsed / 1000),
    task: (after.TaskDuration - before.TaskDuration) / (elapsed / 1000),
  };
}

const settling = await interact(4000);
// The worker settles for at most 20 s (2 ms per node).
await page.waitForTimeout(Math.max(0, Math.min(20000, nodes * 2) + 1000 - (Date.now() - t0 - loadMs)));
const settled = await interact(4000);
const still = await interact(4000, true);
await browser.close();
server.kill('SIGTERM');
rmSync(work, { recursive: true, force: true });

const pct = (x) => `${Math.round(x * 100)}%`;
const row = (name, r) => `| ${name} | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.fps.toFixed(0)} | ${pct(r.task)} | ${pct(r.script)} |`;
console.log(`### Browser: ${drawn} nodes, ${edges} edges, headless Chromium with software WebGL\n`);
console.log(`Dataset imported at start-up in ${importSeconds.toFixed(1)} s. Page load to ready ${loadMs} ms: /api/graph fetched at ${marks['graph-fetched'].toFixed(0)} ms, in the graph model at ${marks['graph-loaded'].toFixed(0)} ms, first drawn at ${marks['graph-drawn'].toFixed(0)} ms, trails listed at ${marks['trails-listed'].toFixed(0)} ms.\n`);
console.log('| while dragging and wheeling | median frame ms | p95 frame ms | frames/s | main thread busy | of it, script |');
console.log('| --- | --- | --- | --- | --- | --- |');
console.log(row('the layout settling in its worker', settling));
console.log(row('layout settled', settled));
console.log(row('layout settled, no input (the baseline)', still));
console.log('\nFrames are requestAnimationFrame intervals in the page, so they count every frame the main thread could not draw in time; 16.7 ms is a full 60 frames/s. Rendering is on the CPU here (SwiftShader); a GPU does better.\n');
