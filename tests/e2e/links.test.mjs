// Link health and metadata lookup in the browser: a work whose link went 404 shows it as dead
// with its archived copy, once `resgraph links check` has found it so; a contributor looks a
// work's metadata up from its page, reviews what the lookup would fill in, and accepts it. One
// real HTTP server on 127.0.0.1 stands in for the papers' host and the Wayback Machine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, shot, startServer, launchBrowser, openPage, signIn, call, addUser } from './harness.mjs';

let outside, host, server, browser, erin, datasetDir;
const problems = [];
const seen = [];

const page = `<!doctype html><html><head><title>Ironies</title>
<meta name="citation_title" content="Ironies of Automation">
<meta name="citation_author" content="Bainbridge, Lisanne">
<meta name="citation_publication_date" content="1983/11/01">
<meta name="citation_journal_title" content="Automatica">
</head><body>The paper.</body></html>`;

before(async () => {
  outside = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.url.startsWith('/wayback/available')) {
      const asked = new URL(req.url, 'http://x').searchParams.get('url');
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ archived_snapshots: { closest: { available: true, status: '200', timestamp: '20120101000000', url: `http://web.archive.test/web/2012/${asked}` } } }));
    } else if (req.url === '/ironies') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(req.method === 'HEAD' ? undefined : page);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise((r) => outside.listen(0, '127.0.0.1', r));
  host = `http://127.0.0.1:${outside.address().port}`;
  datasetDir = mkdtempSync(join(tmpdir(), 'resgraph-links-'));
  writeFileSync(join(datasetDir, 'readings.md'), `# Readings\n\n## Papers\n\n` +
    `- [How Complex Systems Fail](${host}/hcsf.pdf) by Richard Cook\n` +
    `- [Ironies of Automation](${host}/ironies)\n`);
  // One failure is enough here (the default asks for 3 over 2 days).
  server = await startServer(datasetDir, { args: ['--dead-after', '1/0', '--wayback-url', host, '--crossref-url', `${host}/crossref`] });
  erin = addUser(server, 'erin', 'contributor');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
  outside?.close();
  rmSync(datasetDir, { recursive: true, force: true });
});

test('a dead link shows as dead with its archived copy; a live one shows nothing', async () => {
  // Not execFileSync: the stand-in hosts answer from this process's event loop.
  const printed = (await promisify(execFile)(bin, ['links', 'check', '--data-dir', server.dataDir])).stdout;
  assert.match(printed, /dead 1/, printed);
  const p = await openPage(browser, problems);
  await p.goto(`${server.base}/n/how-complex-systems-fail`);
  await p.locator('#node-title').getByText('How Complex Systems Fail').waitFor();
  const dead = p.locator('.badge.link-dead');
  await dead.waitFor();
  assert.equal(await p.locator('a.archived').getAttribute('href'), `http://web.archive.test/web/2012/${host}/hcsf.pdf`);
  await shot(p, 'links-dead-with-archived-copy');
  await p.goto(`${server.base}/n/ironies-of-automation`);
  await p.locator('#node-title').getByText('Ironies of Automation').waitFor();
  assert.equal(await p.locator('.badge.link-dead, .badge.link-failing').count(), 0);
  await p.close();
  assert.deepEqual(problems, []);
});

test('a contributor reviews what a metadata lookup would fill in, then accepts it', async () => {
  const p = await openPage(browser, problems);
  await p.goto(`${server.base}/n/ironies-of-automation`);
  await signIn(p, erin, 'erin');
  await p.locator('#enrich-node').click();
  await p.locator('#lookup-status').getByText('The lookup would fill in').waitFor();
  const proposed = await p.locator('#lookup-changes').innerText();
  assert.match(proposed, /date/);
  assert.match(proposed, /venue/);
  // Proposed is not written.
  const before = (await call(server.base, erin, 'GET', '/api/nodes/ironies-of-automation')).body;
  assert.equal(before.date ?? '', '');
  await shot(p, 'links-enrich-review');
  await p.locator('#lookup-apply').click();
  await p.locator('#node-title').getByText('Ironies of Automation').waitFor();
  await p.waitForFunction(() => document.querySelector('#panel').innerText.includes('1983'));
  const after = (await call(server.base, erin, 'GET', '/api/nodes/ironies-of-automation')).body;
  assert.equal(after.date, '1983-11-01');
  assert.equal(after.attrs.venue, 'Automatica');
  // A person has nothing to look up.
  await p.goto(`${server.base}/n/richard-cook`);
  await p.locator('#node-title').getByText('Richard Cook').waitFor();
  await p.locator('#edit-node').waitFor();
  assert.equal(await p.locator('#enrich-node').count(), 0);
  await p.close();
  assert.deepEqual(problems, []);
});
