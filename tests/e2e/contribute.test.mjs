// Contributing through the browser: a signed-in contributor creates a node, links it to another
// and adds it to a trail; a moderator deletes it; presence badges say who is viewing and who is
// editing a node. Each step is checked through the REST API as well as on the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, shot, startServer, launchBrowser, openPage, signIn, call, addUser } from './harness.mjs';

let server, browser, base, erin, maya;
const problems = [];

before(async () => {
  server = await startServer(join(root, 'data'));
  base = server.base;
  erin = addUser(server, 'erin', 'contributor');
  maya = addUser(server, 'maya', 'moderator');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const nodeCount = async (p) => Number(await p.getAttribute('#graph', 'data-node-count'));

test('a contributor creates a node, links it and adds it to a trail; a moderator deletes it', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await openPage(ctx, problems);
  await p.goto(base + '/');
  await p.waitForSelector('#live-status[data-state="live"]');
  assert.equal(await p.locator('#new-node').isVisible(), false, 'no editing tools before sign-in');
  const before = await nodeCount(p);
  assert.equal(await p.locator('#type-filters input[value="course"]').count(), 0, 'the default dataset has no courses');
  assert.equal((await call(base, erin, 'POST', '/api/trails', { title: "Erin's reading list" })).status, 201);
  await signIn(p, erin, 'erin');

  await p.click('#new-node');
  await p.fill('#node-form input[name="title"]', 'A Field Course in Incident Analysis');
  await p.selectOption('#node-form select[name="type"]', 'course');
  await p.fill('#node-form input[name="url"]', 'https://courses.example.org/incident-analysis');
  await p.fill('#node-form input[name="date"]', '2019-10');
  await p.fill('#node-form textarea[name="summary"]', 'A community for learning from incidents.');
  await p.fill('#node-form input[name="tags"]', 'incidents, learning');
  await p.click('#node-form button.primary');
  await p.locator('#node-title').getByText('A Field Course in Incident Analysis').waitFor();
  assert.equal(new URL(p.url()).pathname, '/n/a-field-course-in-incident-analysis');
  await p.waitForFunction((n) => Number(document.querySelector('#graph').dataset.nodeCount) === n + 1, before);
  await p.locator('#type-filters label', { hasText: 'course' }).getByText('1').waitFor();
  const created = (await call(base, erin, 'GET', '/api/nodes/a-field-course-in-incident-analysis')).body;
  assert.equal(created.type, 'course');
  assert.equal(created.date, '2019-10');
  assert.deepEqual(created.tags, ['incidents', 'learning']);
  assert.equal(await p.locator('#delete-node').count(), 0, 'contributors cannot delete');

  await p.fill('#link-form input[name="to"]', 'allspaw');
  await p.locator('#link-options option[value="john-allspaw"]').waitFor({ state: 'attached' });  // found by title
  await p.fill('#link-form input[name="to"]', 'john-allspaw');
  await p.selectOption('#link-form select[name="type"]', 'mentions');
  await p.click('#link-form button');
  await p.locator('#panel h4', { hasText: /^mentions$/ }).waitFor();
  await p.locator('#panel a[data-slug="john-allspaw"]').waitFor();
  const edges = (await call(base, erin, 'GET', '/api/nodes/a-field-course-in-incident-analysis/edges')).body.edges;
  const allspaw = (await call(base, erin, 'GET', '/api/nodes/john-allspaw')).body.id;
  assert.ok(edges.some((e) => e.type === 'mentions' && e.to === allspaw), 'the edge is stored');

  // A contributor adds steps to her own trails only: the form offers hers, not the Allspaw
  // trail, which the default dataset's import owns.
  await p.locator('#trail-form select option[value="erins-reading-list"]').waitFor({ state: 'attached' });
  assert.equal(await p.locator('#trail-form select option[value="the-allspaw-trail"]').count(), 0);
  await p.selectOption('#trail-form select', 'erins-reading-list');
  await p.click('#trail-form button');
  await p.locator('#panel li', { hasText: "Erin's reading list" }).getByText('step 1 of 1').waitFor();
  // The sidebar's trail list follows the live stream too.
  await p.locator('#trail-list li', { hasText: "Erin's reading list" }).getByText(/1 steps?/).waitFor();
  const trail = (await call(base, erin, 'GET', '/api/trails/erins-reading-list')).body;
  assert.equal(trail.steps.at(-1).node, created.id);
  await p.locator('#panel h3', { hasText: 'Trails' }).scrollIntoViewIfNeeded();
  await shot(p, 'contribute');

  // A moderator, in another context, deletes it; the first page sees it leave the graph.
  const modCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const m = await openPage(modCtx, problems);
  await m.goto(base + '/n/a-field-course-in-incident-analysis');
  await m.waitForSelector('body[data-ready="true"]');
  await signIn(m, maya, 'maya');
  m.once('dialog', (d) => d.accept());
  await m.click('#delete-node');
  await m.locator('#panel h2').getByText('Welcome').waitFor();
  assert.equal((await call(base, maya, 'GET', '/api/nodes/a-field-course-in-incident-analysis')).status, 404);
  await p.waitForFunction((n) => Number(document.querySelector('#graph').dataset.nodeCount) === n, before);
  // The contributor's open panel says the node went, and who removed it.
  await p.locator('#deleted-notice').getByText('A Field Course in Incident Analysis was deleted').waitFor();
  await p.locator('#panel').getByText('by maya').waitFor();
  await ctx.close();
  await modCtx.close();
});

test('a live change does not wipe what is being typed into the panel', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await openPage(ctx, problems);
  await p.goto(base + '/n/sidney-dekker');
  await p.waitForSelector('#live-status[data-state="live"]');
  await signIn(p, erin, 'erin');
  await p.locator('#link-form').waitFor();
  await p.fill('#link-form input[name="to"]', 'drift into');
  assert.equal((await call(base, maya, 'PATCH', '/api/nodes/sidney-dekker', { summary: 'Writes about safety, accountability and drift.' })).status, 200);
  await p.locator('#changed-while-typing').getByText('maya changed this node').waitFor();
  assert.equal(await p.inputValue('#link-form input[name="to"]'), 'drift into', 'the typing survives');
  await p.click('#show-change');
  await p.locator('#panel p').getByText('Writes about safety, accountability and drift.').waitFor();
  await ctx.close();
});

test('presence badges show who is viewing a node and who is editing it', async () => {
  const ctxA = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const ctxB = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const a = await openPage(ctxA, problems);
  const b = await openPage(ctxB, problems);
  await a.goto(base + '/');
  await a.waitForSelector('body[data-ready="true"]');
  await signIn(a, erin, 'erin');
  await b.goto(base + '/');
  await b.waitForSelector('body[data-ready="true"]');
  await signIn(b, maya, 'maya');

  await a.goto(base + '/n/david-woods');
  await a.waitForSelector('#live-status[data-state="live"]');
  await b.goto(base + '/n/david-woods');
  await b.locator('#presence .badge', { hasText: 'erin viewing' }).waitFor({ timeout: 5000 });
  await a.locator('#presence .badge', { hasText: 'maya viewing' }).waitFor({ timeout: 5000 });
  await a.click('#edit-node');
  await b.locator('#presence .badge', { hasText: 'erin ✎ editing' }).waitFor({ timeout: 5000 });
  await shot(b, 'presence');
  // Leaving the node clears the badge for the others.
  await a.click('#home');
  await b.locator('#presence .badge', { hasText: 'erin' }).waitFor({ state: 'detached', timeout: 5000 });
  await ctxA.close();
  await ctxB.close();
  assert.deepEqual(problems, []);
});
