// A graph past the size where the force layout moves to a web worker (2,000 nodes): the page
// draws it at once, the worker settles it and hands the positions over, the camera pans and
// zooms (drawing only the nodes while it moves), hovering works again once it stops, labels
// never overlap, and nothing logs an error or warning.
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

// The page with the layout settled, and where the graph is on it. The tests read sigma's 2D
// layers, which draws Chromium's willReadFrequently advice.
async function openSettled() {
  const p = await openPage(browser, problems, { expected: ['willReadFrequently'] });
  await p.goto(server.base + '/');
  await p.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  await p.waitForSelector('#graph[data-layout="settled"]', { timeout: 30000 });
  return { p, box: await p.locator('#graph').boundingBox() };
}

// Sigma draws the hovered node's label box on its own 2D canvas (run in the page).
const hoverInk = () => {
  const c = document.querySelector('#graph canvas.sigma-hovers');
  return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v);
};
const edgesVisibility = (p) => p.evaluate(() => getComputedStyle(document.querySelector('#graph canvas.sigma-edges')).visibility);

test('while the camera moves only the nodes are drawn, and hovering works once it stops', async () => {
  const { p, box } = await openSettled();
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  assert.equal(await edgesVisibility(p), 'visible');
  await p.mouse.move(cx, cy);
  await p.mouse.down();
  await p.mouse.move(cx + 60, cy + 30, { steps: 5 });
  await p.waitForSelector('#graph.moving', { timeout: 3000 });
  assert.equal(await edgesVisibility(p), 'hidden');
  await shot(p, 'big-graph-moving');
  await p.mouse.up();
  await p.waitForSelector('#graph:not(.moving)', { timeout: 3000 });
  assert.equal(await edgesVisibility(p), 'visible');
  await p.mouse.wheel(0, -240);
  await p.waitForSelector('#graph.moving', { timeout: 3000 });
  await p.waitForSelector('#graph:not(.moving)', { timeout: 3000 });
  // The frame that ended the move drew the picking pass again: some point of the graph finds
  // its node (a move's frames leave that pass out, so without it none would).
  let hovered = false;
  for (let i = 0; i < 60 && !hovered; i++) {
    await p.mouse.move(box.x + box.width * (0.2 + 0.6 * ((i * 7) % 60) / 60), box.y + box.height * (0.2 + 0.6 * ((i * 13) % 60) / 60));
    hovered = await p.waitForFunction(hoverInk, null, { timeout: 400 }).then(() => true, () => false);
  }
  assert.ok(hovered, 'a node under the cursor is hovered after the camera stops');
  await p.close();
  assert.deepEqual(problems, []);
});

// The labels drawn in the last frame (their boxes, from the page) and whether each box has ink on
// sigma's label layer.
const labels = (p) => p.evaluate(() => {
  const boxes = JSON.parse(document.querySelector('#graph').dataset.labels || '[]');
  const c = document.querySelector('#graph canvas.sigma-labels');
  const ctx = c.getContext('2d');
  const scale = c.width / c.clientWidth;
  const inked = boxes.map(([x, y, w, h]) => {
    // A label cut by the canvas's edge may have its ink on the far side of it: only whole
    // boxes are read.
    if (x < 0 || y < 0 || (x + w) * scale > c.width || (y + h) * scale > c.height) return true;
    const left = Math.floor(x * scale), top = Math.floor(y * scale);
    const width = Math.ceil((x + w) * scale) - left, height = Math.ceil((y + h) * scale) - top;
    return ctx.getImageData(left, top, width, height).data.some((v, i) => i % 4 === 3 && v);
  });
  return { boxes, inked };
});
const crossing = (a, b) => a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];

test('labels never print over each other, at a glance and zoomed in', async () => {
  const { p, box } = await openSettled();
  await p.mouse.move(box.x + box.width + 100, box.y + 100);  // nothing hovered
  const views = [];
  views.push(await labels(p));
  await p.locator('#graph').focus();
  const zoom = async () => Number(await p.getAttribute('#graph', 'data-zoom'));
  const before = await zoom();
  for (let i = 0; i < 4; i++) {
    await p.keyboard.press('+');
    await p.waitForTimeout(300);  // the 200 ms zoom animation ends
  }
  await p.waitForSelector('#graph:not(.moving)', { timeout: 3000 });
  assert.ok(await zoom() < before / 3, `zoomed from ${before} to ${await zoom()}`);
  views.push(await labels(p));
  await shot(p, 'big-graph-labels');
  // How many labels fit at a glance depends on where the worker left the nodes (a loaded machine
  // settles fewer iterations); some always do, and zooming in always makes room for more.
  assert.ok(views[0].boxes.length >= 1, 'some label is drawn at a glance');
  assert.ok(views[1].boxes.length >= 3, `${views[1].boxes.length} labels drawn zoomed in`);
  for (const { boxes, inked } of views) {
    assert.ok(inked.every(Boolean), 'every label box has text in it');
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        assert.ok(!crossing(boxes[i], boxes[j]), `labels ${JSON.stringify(boxes[i])} and ${JSON.stringify(boxes[j])} overlap`);
  }
  assert.ok(views[1].boxes.length > views[0].boxes.length, 'zooming in gives more labels room');
  await p.close();
  assert.deepEqual(problems, []);
});
