// A graph past the size where the force layout moves to a web worker (2,000 nodes): the page
// draws it at once, the worker settles it and hands the positions over, the camera pans and
// zooms, and nothing logs an error or warning.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shot, startServer, launchBrowser, openPage, writeSyntheticDataset } from './harness.mjs';

const kNodes = 3000;
let server, browser, datasetDir;
const problems = [];

before(async () => {
  datasetDir = mkdtempSync(join(tmpdir(), 'resgraph-big-'));
  writeSyntheticDataset(datasetDir, kNodes);
  server = await startServer(datasetDir, { startTimeoutMs: 60000 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
  rmSync(datasetDir, { recursive: true, force: true });
});

test('a 3,000-node graph is drawn at once and settled by the layout worker', async () => {
  const p = await openPage(browser, problems);
  await p.goto(server.base + '/');
  await p.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  assert.equal(Number(await p.getAttribute('#graph', 'data-node-count')), kNodes);
  // The worker runs for 2 ms per node, then hands its last positions over.
  await p.waitForSelector('#graph[data-layout="settled"]', { timeout: 30000 });
  const moved = Number(await p.getAttribute('#graph', 'data-layout-moved'));
  assert.ok(moved > kNodes / 2, `the worker moved ${moved} nodes`);
  const box = await p.locator('#graph').boundingBox();
  await p.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await p.mouse.down();
  await p.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 60, { steps: 10 });
  await p.mouse.up();
  await p.mouse.wheel(0, -240);
  await p.mouse.move(box.x + box.width + 100, box.y + 100);  // off the graph: no hover fade in the shot
  await p.waitForTimeout(500);
  await shot(p, 'big-graph');
  await p.close();
  assert.deepEqual(problems, []);
});
