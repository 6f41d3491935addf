// What a reader does beside reading a node: sees what is related and why, finds the path from
// it to another node (drawn in the graph, or a clear message when there is none), takes the
// works around it, on a trail or in a search as citations; and a contributor removes a link from
// the node panel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, shot, startServer, launchBrowser, openPage, appReady, signIn, call, addUser } from './harness.mjs';

let server, browser, carl;
const problems = [];

before(async () => {
  server = await startServer(join(root, 'data'));
  carl = addUser(server, 'carl', 'contributor');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
  assert.deepEqual(problems, []);
});

test('a node lists what is related and why, and finds a path to another node', async () => {
  const p = await openPage(browser, problems);
  await p.goto(`${server.base}/n/john-allspaw`);
  await appReady(p);
  await p.locator('#related li').first().waitFor();
  assert.ok(await p.locator('#related li').count() >= 3);
  assert.match(await p.locator('#related li').first().innerText(), /through /);

  await p.fill('#path-to', 'Richard Co');
  await p.locator('#path-options option[value="Richard Cook"]').waitFor({ state: 'attached' });
  await p.fill('#path-to', 'Richard Cook');
  await p.click('#path-form button');
  await p.locator('#path-list li').last().getByText('Richard Cook').waitFor();
  const steps = await p.locator('#path-list li').count();
  assert.ok(steps >= 2 && steps <= 5, `${steps} steps`);
  assert.equal(await p.locator('#path-list li').first().locator('a').innerText(), 'John Allspaw');
  // Drawn in the graph as a trail is: one edge per step.
  assert.equal(Number(await p.getAttribute('#graph', 'data-trail-edges')), steps - 1);
  await shot(p, 'reader-path');

  // None within the bound: said so.
  const alone = await call(server.base, carl, 'POST', '/api/nodes', { type: 'concept', title: 'An unlinked idea' });
  assert.equal(alone.status, 201);
  await p.fill('#path-to', 'An unlinked');
  await p.locator('#path-options option[value="An unlinked idea"]').waitFor({ state: 'attached' });
  await p.fill('#path-to', 'An unlinked idea');
  await p.click('#path-form button');
  await p.locator('#path-result').getByText(/no path/i).waitFor();
  await p.close();
});

test('a node, a trail and a search give their works as citations', async () => {
  const p = await openPage(browser, problems);
  await p.goto(`${server.base}/n/john-allspaw`);
  await appReady(p);
  const href = await p.locator('#cite a[data-format="bibtex"]').getAttribute('href');
  const bib = await (await fetch(server.base + href)).text();
  assert.match(bib, /@\w+\{/);
  const ris = await (await fetch(server.base + await p.locator('#cite a[data-format="ris"]').getAttribute('href'))).text();
  assert.match(ris, /^TY {2}- /m);

  const trails = (await call(server.base, carl, 'GET', '/api/trails?limit=1')).body.trails;
  await p.goto(`${server.base}/t/${trails[0].slug}/1`);
  await appReady(p);
  const trailHref = await p.locator('#cite-trail a[data-format="csl-json"]').getAttribute('href');
  const csl = JSON.parse(await (await fetch(server.base + trailHref)).text());
  assert.ok(Array.isArray(csl) && csl.length > 0);

  await p.fill('#q', 'resilience');
  await p.keyboard.press('Enter');
  await p.locator('#cite-results').waitFor();
  assert.match(await p.locator('#cite-results a').first().getAttribute('href'), /q=resilience/);
  await p.close();
});

test('a contributor removes a link from the node panel, and it stays in the edge history', async () => {
  const a = await call(server.base, carl, 'POST', '/api/nodes', { type: 'person', title: 'Link Remover Test Person' });
  const b = await call(server.base, carl, 'POST', '/api/nodes', { type: 'paper', title: 'Link Remover Test Paper' });
  const e = await call(server.base, carl, 'POST', '/api/edges', { from: a.body.id, to: b.body.id, type: 'authored' });
  assert.equal(e.status, 201);
  const p = await openPage(browser, problems);
  await p.goto(`${server.base}/n/${b.body.slug}`);
  await signIn(p, carl, 'carl');
  await p.locator(`[data-unlink="${e.body.id}"]`).click();
  await p.locator('#panel').getByText('none yet').first().waitFor();
  const history = await call(server.base, carl, 'GET', `/api/edges/${e.body.id}/history`);
  assert.deepEqual(history.body.revisions.map((r) => r.kind), ['deleted', 'created']);
  await shot(p, 'reader-unlinked');
  await p.close();
});

test('a link is made from either end, read as a sentence first', async () => {
  const person = await call(server.base, carl, 'POST', '/api/nodes', { type: 'person', title: 'Either End Person' });
  const paper = await call(server.base, carl, 'POST', '/api/nodes', { type: 'paper', title: 'Either End Paper' });
  // The duplicate below is a 409 the browser reports in the console.
  const p = await openPage(browser, problems, { expected: ['status of 409'] });
  await p.goto(`${server.base}/n/${paper.body.slug}`);
  await signIn(p, carl, 'carl');
  await p.fill('#link-form input[name="to"]', 'Either End Pe');
  await p.locator(`#link-options option[value="${person.body.slug}"]`).waitFor({ state: 'attached' });
  await p.fill('#link-form input[name="to"]', person.body.slug);
  await p.selectOption('#link-form select[name="type"]', 'authored');
  // Picked on the paper, "authored" turns around: the person authored it.
  assert.equal(await p.locator('#link-form select[name="direction"]').inputValue(), 'in');
  assert.equal(await p.locator('#link-sentence').innerText(), 'Either End Person — authored → Either End Paper');
  await shot(p, 'reader-link-sentence');
  await p.click('#link-form button');
  await p.locator('#panel h4').getByText('authored (by)').waitFor();
  const edges = (await call(server.base, carl, 'GET', `/api/nodes/${paper.body.id}/edges?direction=in`)).body.edges;
  assert.deepEqual(edges.map((e) => [e.from, e.type]), [[person.body.id, 'authored']]);
  // The same link again: the duplicate is explained, nothing breaks. (The panel redraws once
  // more for the link's live echo: fill the form that stays.)
  for (let i = 0; i < 10; i++) {
    await p.fill('#link-form input[name="to"]', person.body.slug);
    await p.waitForTimeout(300);
    if (await p.locator('#link-form input[name="to"]').inputValue() === person.body.slug) break;
  }
  await p.selectOption('#link-form select[name="type"]', 'authored');
  await p.click('#link-form button');
  await p.locator('#form-error').getByText(/already links/).waitFor();
  await p.close();
});

test('search puts the exact name first, pages on, and Home clears its emphasis', async () => {
  const p = await openPage(browser, problems);
  await p.goto(server.base);
  await appReady(p);
  await p.fill('#q', 'Allspaw');
  await p.keyboard.press('Enter');
  await p.locator('#results li').first().waitFor();
  assert.equal(await p.locator('#results li a').first().innerText(), 'John Allspaw');

  await p.fill('#q', 'resilience');
  await p.keyboard.press('Enter');
  await p.locator('#more-results').waitFor();
  assert.equal(await p.locator('#results li').count(), 20);
  await p.click('#more-results');
  await p.waitForFunction(() => document.querySelectorAll('#results li').length > 20);
  const titles = await p.locator('#results li a').allInnerTexts();
  assert.equal(new Set(titles).size, titles.length, 'no result twice');
  assert.equal(Number(await p.getAttribute('#graph', 'data-highlighted')), titles.length);
  await shot(p, 'reader-more-results');
  await p.click('#home');
  await p.waitForFunction(() => document.querySelector('#graph').dataset.highlighted === '0');
  await p.close();
});

test('a trail walks as a timeline, and a node opened from a step leads back to it', async () => {
  const p = await openPage(browser, problems);
  await p.goto(`${server.base}/t/the-allspaw-trail/3`);
  await appReady(p);
  await p.locator('#trail-position').getByText('Step 3 of 28').waitFor();
  assert.equal(await p.locator('#timeline li').count(), 28);
  assert.equal(await p.locator('#timeline li').nth(2).getAttribute('aria-current'), 'step');
  // The talks are in date order: the timeline's dates never go back (the podcasts follow).
  const dates = (await p.locator('#timeline li time').allInnerTexts()).slice(0, 25);
  assert.equal(dates.length, 25);
  assert.deepEqual(dates, [...dates].sort());
  assert.match(await p.locator('#step-facts').innerText(), /by John Allspaw/);
  await shot(p, 'reader-trail-timeline');

  await p.locator('#timeline a[data-step="5"]').click();
  await p.locator('#trail-position').getByText('Step 5 of 28').waitFor();
  assert.equal(await p.locator('#timeline li').nth(4).getAttribute('aria-current'), 'step');
  // Off the trail into a person, and back.
  await p.locator('#step-facts a', { hasText: 'John Allspaw' }).click();
  await p.locator('#node-title').getByText('John Allspaw').waitFor();
  await p.locator('#back-to-trail').getByText('Back to step 5 of The Allspaw trail').waitFor();
  await p.click('#back-to-trail button');
  await p.locator('#trail-position').getByText('Step 5 of 28').waitFor();
  await p.click('#home');
  await p.goto(`${server.base}/n/john-allspaw`);
  await appReady(p);
  await p.locator('#node-title').waitFor();
  assert.equal(await p.locator('#back-to-trail').count(), 0);
  await p.close();
});

test('a merged save that collides with another node says so and keeps the merge', async () => {
  await call(server.base, carl, 'POST', '/api/nodes', { type: 'concept', title: 'Collision Target' });
  const source = await call(server.base, carl, 'POST', '/api/nodes', { type: 'concept', title: 'Collision Source' });
  const p = await openPage(browser, problems, { expected: ['status of 409'] });
  await p.goto(`${server.base}/n/${source.body.slug}`);
  await signIn(p, carl, 'carl');
  await p.click('#edit-node');
  await p.fill('#node-form input[name="title"]', 'Collision Target');
  await call(server.base, carl, 'PATCH', `/api/nodes/${source.body.id}`, { summary: 'changed meanwhile' });
  await p.click('#node-form button.primary');
  await p.locator('#merge').waitFor();
  await p.click('#merge button.primary');
  await p.locator('#save-error #existing-node').getByText('Open Collision Target').waitFor();
  assert.match(await p.locator('#save-error').innerText(), /change yours and save again/);
  assert.equal(await p.locator('#merge').count(), 1, 'the merge is still there to change');
  await shot(p, 'reader-merge-collision');
  await p.close();
});

test('an owner makes a trail, reorders it by keyboard and drag, annotates and shortens it', async () => {
  const made = [];
  for (const title of ['Trail Step Alpha', 'Trail Step Beta', 'Trail Step Gamma'])
    made.push((await call(server.base, carl, 'POST', '/api/nodes', { type: 'paper', title })).body);
  const p = await openPage(browser, problems, { expected: ['status of 409'] });
  await p.goto(server.base);
  await signIn(p, carl, 'carl');
  await p.click('#new-trail');
  await p.fill('#new-trail-form input[name="title"]', 'Carl reads three papers');
  await p.click('#new-trail-form button');
  await p.locator('#trail-position').getByText('No steps yet').waitFor();
  for (const n of made) {  // steps are added from each node's panel
    await p.goto(`${server.base}/n/${n.slug}`);
    await appReady(p);
    await p.selectOption('#trail-form select', 'carl-reads-three-papers');
    await p.click('#trail-form button');
    await p.locator('#panel').getByText('Carl reads three papers').first().waitFor();
  }
  const order = async () => (await call(server.base, carl, 'GET', '/api/trails/carl-reads-three-papers')).body.steps.map((s) => s.title);
  assert.deepEqual(await order(), ['Trail Step Alpha', 'Trail Step Beta', 'Trail Step Gamma']);

  await p.goto(`${server.base}/t/carl-reads-three-papers/1`);
  await appReady(p);
  await p.click('#trail-editing summary');
  await p.locator('[data-up="3"]').focus();
  await p.keyboard.press('Enter');  // the keyboard's way: Gamma up one
  await p.waitForFunction(() => document.querySelector('#trail-edit li[data-n="2"] b')?.textContent === 'Trail Step Gamma');
  assert.deepEqual(await order(), ['Trail Step Alpha', 'Trail Step Gamma', 'Trail Step Beta']);
  await p.locator('#trail-edit li[data-n="1"]').dragTo(p.locator('#trail-edit li[data-n="3"]'));  // Alpha to the end
  await p.waitForFunction(() => document.querySelector('#trail-edit li[data-n="3"] b')?.textContent === 'Trail Step Alpha');
  assert.deepEqual(await order(), ['Trail Step Gamma', 'Trail Step Beta', 'Trail Step Alpha']);

  await p.fill('#trail-edit-form input[name="note-1"]', 'Start with the short one.');
  await p.fill('#trail-edit-form input[name="title"]', 'Carl reads papers');
  await p.click('#trail-edit-form button.primary');
  await p.locator('#panel h2').getByText('Carl reads papers').waitFor();
  await p.locator('[data-remove="2"]').click();
  await p.waitForFunction(() => document.querySelectorAll('#trail-edit li[data-n]').length === 2);
  const trail = (await call(server.base, carl, 'GET', '/api/trails/carl-reads-three-papers')).body;
  assert.deepEqual(trail.steps.map((s) => [s.title, s.note]), [['Trail Step Gamma', 'Start with the short one.'], ['Trail Step Alpha', '']]);
  await shot(p, 'reader-trail-editor');

  // Changed elsewhere meanwhile: the move is refused, said, and the editor shows the trail as it is.
  await call(server.base, carl, 'PATCH', '/api/trails/carl-reads-three-papers', { description: 'changed elsewhere' });
  await p.locator('[data-up="2"]').click();
  await p.locator('#trail-edit-error').getByText('Someone changed this trail meanwhile').waitFor();
  await p.close();
});

test('a hub is hidden from the view and brought back, and a focused node shows its links typed', async () => {
  const p = await openPage(browser, problems);
  await p.goto(`${server.base}/n/john-allspaw`);
  await appReady(p);
  await p.locator('#node-title').waitFor();
  await shot(p, 'reader-typed-edges');  // the selected node's links: arrows with their type
  const shown = async () => Number(await p.getAttribute('#graph', 'data-shown-count'));
  const before = await shown();
  await p.click('#hide-node');
  await p.waitForFunction((n) => Number(document.querySelector('#graph').dataset.shownCount) === n - 1, before);
  await p.locator('#hidden-nodes').getByText('1 node hidden').waitFor();
  await p.click('#show-hidden');
  await p.waitForFunction((n) => Number(document.querySelector('#graph').dataset.shownCount) === n, before);
  assert.equal(await p.locator('#hidden-nodes').isVisible(), false);
  await p.close();
});
