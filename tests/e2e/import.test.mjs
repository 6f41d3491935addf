// Importing a list from the browser: a contributor pastes a list, previews what each line would
// become (nothing is written), imports it, and sees its nodes arrive; then imports a list from
// its URL, served by a real HTTP server on 127.0.0.1 standing in for GitHub.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, shot, startServer, launchBrowser, openPage, signIn, call, addUser } from './harness.mjs';

let server, browser, base, erin, upstream, upstreamBase;
const problems = [];
const glossary = readFileSync(join(root, 'tests', 'fixtures', 'glossary.md'), 'utf8');
const incidents = readFileSync(join(root, 'tests', 'fixtures', 'incident-catalogue.md'), 'utf8');

before(async () => {
  server = await startServer(join(root, 'data'));
  base = server.base;
  erin = addUser(server, 'erin', 'contributor');
  upstream = createServer((req, res) => {
    if (req.url !== '/o/r/postmortems.md') { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': 'text/markdown', ETag: '"p1"' }).end(incidents);
  });
  await new Promise((done) => upstream.listen(0, '127.0.0.1', done));
  upstreamBase = `http://127.0.0.1:${upstream.address().port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  upstream?.close();
  server?.stop();
});

test('a pasted list is previewed line by line, then imported', async () => {
  const p = await openPage(browser, problems);
  await p.goto(base + '/');
  await p.waitForSelector('body[data-ready="true"]');
  assert.equal(await p.locator('#import-list').isVisible(), false, 'no import before sign-in');
  await signIn(p, erin, 'erin');
  const before = Number(await p.getAttribute('#graph', 'data-node-count'));
  await p.click('#import-list');
  await p.fill('#import-markdown', glossary);
  await p.click('#import-form button[value="preview"]');
  await p.waitForSelector('#import-result[data-state="previewed"]');
  const lines = await p.locator('.import-explain li').allTextContents();
  assert.ok(lines.some((l) => l.startsWith("line 3: concept 'Law of stretched systems'")), lines.join('\n'));
  assert.ok(lines.some((l) => l.includes('edge Melvin Conway -authored-> Conway')), lines.join('\n'));
  // Some of these laws are in the default dataset already: the preview says how many are new.
  const wouldCreate = Number((await p.locator('.import-counts').textContent()).match(/would create (\d+)/)[1]);
  assert.ok(wouldCreate >= 1);
  assert.match(await p.locator('.import-shapes').textContent(), /glossary: 4 entries, 4 understood, 0 skipped/);
  await shot(p, 'import-preview');
  const stored = async () => (await call(base, erin, 'GET', '/api/graph')).body.nodes.length;
  assert.equal(await stored(), before, 'a preview writes nothing');

  await p.click('#import-form button[value="import"]');
  await p.waitForSelector('#import-result[data-state="imported"]');
  assert.match(await p.locator('.import-counts').textContent(), new RegExp(`^created ${wouldCreate},`));
  assert.equal(await stored(), before + wouldCreate);
  assert.equal((await call(base, erin, 'GET', '/api/nodes/law-of-stretched-systems')).status, 200);
  // The new nodes arrive over the live stream, as anyone else's edits do.
  await p.waitForFunction(([n, k]) => Number(document.querySelector('#graph').dataset.nodeCount) === n + k, [before, wouldCreate]);
  await p.close();
  assert.deepEqual(problems, []);
});

test('a list is imported from its URL, and a bad URL says why', async () => {
  // The browser logs the failed request itself; the page must not add errors of its own.
  const p = await openPage(browser, problems, { expected: ['502 (Bad Gateway)'] });
  await p.goto(base + '/');
  await p.waitForSelector('body[data-ready="true"]');
  await signIn(p, erin, 'erin');
  await p.click('#import-list');
  await p.fill('#import-url', `${upstreamBase}/o/r/postmortems.md`);
  await p.click('#import-form button[value="import"]');
  await p.waitForSelector('#import-result[data-state="imported"]');
  assert.equal(await p.locator('.import-file h3').first().textContent(), 'postmortems.md');
  assert.match(await p.locator('.import-shapes').textContent(), /incidents: 5 entries, 5 understood/);
  const sources = (await call(base, erin, 'GET', '/api/sources')).body.sources;
  assert.equal(sources.length, 1);
  assert.equal(sources[0].files[0].etag, '"p1"');
  await shot(p, 'import-url');
  await p.fill('#import-url', `${upstreamBase}/o/r/missing.md`);
  await p.click('#import-form button[value="import"]');
  await p.waitForSelector('#import-result[data-state="failed"]');
  assert.match(await p.locator('#import-result [role="alert"]').textContent(), /404/);
  await p.close();
  assert.deepEqual(problems, []);
});
