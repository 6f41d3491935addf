// The live connection's indicator in the browser: it says so when the server goes away (killed
// with SIGKILL here), reconnects with backoff when it comes back, catches up on what changed in
// between without a reload, and then says it is live again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, shot, startServer, launchBrowser, openPage, call, addUser } from './harness.mjs';

let server, browser;

before(async () => {
  server = await startServer(join(root, 'data'));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('the live indicator shows a dropped connection and when it has caught up', async () => {
  const problems = [];
  // While the server is down the browser logs its failed reconnects; those are expected.
  const p = await openPage(browser, problems, { expected: ['WebSocket connection to', 'ERR_CONNECTION_REFUSED'] });
  const token = addUser(server, 'erin', 'contributor');
  await p.goto(server.base + '/n/john-allspaw');
  await p.waitForSelector('#live-status[data-state="live"]');
  const before = Number(await p.getAttribute('#graph', 'data-node-count'));
  await p.evaluate(() => { window.sameDocument = true; });

  await p.locator('#presence .badge').first().waitFor();
  await server.crash();
  await p.waitForSelector('#live-status[data-state="offline"]', { timeout: 5000 });
  assert.match(await p.textContent('#live-status'), /offline/);
  assert.equal(await p.locator('#presence .badge').count(), 0, 'no stale presence while offline');
  await shot(p, 'live-offline');
  // Let the reconnect backoff grow past the restart, so the edits below happen while the page
  // is still disconnected and reach it by catching up rather than live.
  await new Promise((r) => setTimeout(r, 1600));
  await server.restart();
  assert.equal((await call(server.base, token, 'POST', '/api/nodes', { type: 'talk', title: 'Said While You Were Away' })).status, 201);
  assert.equal((await call(server.base, token, 'PATCH', '/api/nodes/john-allspaw', { summary: 'Changed while the page was offline.' })).status, 200);

  await p.waitForSelector('#live-status[data-state="live"]', { timeout: 15000 });
  await p.waitForFunction((n) => Number(document.querySelector('#graph').dataset.nodeCount) === n + 1, before, { timeout: 5000 });
  await p.locator('#panel p').getByText('Changed while the page was offline.').waitFor({ timeout: 5000 });
  assert.equal(await p.evaluate(() => window.sameDocument), true, 'caught up without reloading the page');
  await p.locator('#presence .badge', { hasText: 'viewing' }).waitFor({ timeout: 5000 });  // presence is announced again
  await shot(p, 'live-caught-up');
  await p.close();
  assert.deepEqual(problems, []);
});
