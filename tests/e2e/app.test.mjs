// The browser app in real headless Chromium (Debian's) against a real resgraph server on an
// ephemeral port with the default dataset: the graph renders, search focuses a node,
// permalinks and the back button work, trails walk with the arrow keys, and an edit made
// through REST appears live. No console errors or warnings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, shot, startServer, launchBrowser, openPage, signIn, call, addUser } from './harness.mjs';

let server, browser, base, token;
const problems = [];
const page = (options) => openPage(browser, problems, options);

before(async () => {
  server = await startServer(join(root, 'data'));
  base = server.base;
  token = addUser(server, 'erin', 'contributor');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('the graph renders the default dataset with its legend and trails', async () => {
  const p = await page();
  await p.goto(base + '/');
  await p.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  const count = Number(await p.getAttribute('#graph', 'data-node-count'));
  assert.ok(count > 50, `graph holds ${count} nodes`);
  assert.ok(await p.locator('#graph canvas').count() > 0, 'sigma draws on canvases');
  // The legend lists each kind the data holds, with its count, and nothing else.
  const { nodes } = await (await fetch(base + '/api/graph')).json();
  const kinds = new Map();
  for (const n of nodes) kinds.set(n.type, (kinds.get(n.type) || 0) + 1);
  assert.equal(await p.locator('#type-filters input').count(), kinds.size, 'a legend entry per kind');
  for (const [kind, n] of kinds)
    assert.match(await p.locator('#type-filters label', { has: p.locator(`input[value="${kind}"]`) }).textContent(), new RegExp(`${kind}\\s+${n}$`));
  await p.locator('#trail-list').getByText('The Allspaw trail').waitFor();
  await p.waitForSelector('#live-status[data-state="live"]', { timeout: 5000 });
  await shot(p, 'graph');
  await p.close();
});

test('search suggests as you type and opens the node panel', async () => {
  const p = await page();
  await p.goto(base + '/');
  await p.waitForSelector('body[data-ready="true"]');
  await p.fill('#q', 'ironies of auto');
  // The paper and the concept named after it are both offered; the keyboard reaches the paper.
  await p.locator('#suggestions li[data-slug="ironies-of-automation"]').waitFor();
  const at = await p.locator('#suggestions li').evaluateAll((els) => els.findIndex((e) => e.dataset.slug === 'ironies-of-automation'));
  for (let i = 0; i <= at; i++) await p.keyboard.press('ArrowDown');
  await p.keyboard.press('Enter');
  await p.locator('#node-title').getByText('Ironies of Automation').waitFor();
  assert.equal(new URL(p.url()).pathname, '/n/ironies-of-automation');
  assert.ok(await p.locator('#panel').getByText('Lisanne Bainbridge').count() > 0, 'connections are listed');
  await p.fill('#q', 'complex systems');
  await p.keyboard.press('Enter');
  await p.locator('#results li').first().waitFor();
  assert.ok(await p.locator('#results mark').count() > 0, 'results carry highlighted snippets');
  await shot(p, 'search');
  await p.close();
});

test('a permalink opens directly and the back button returns', async () => {
  const p = await page();
  await p.goto(base + '/n/john-allspaw');
  await p.locator('#node-title').getByText('John Allspaw').waitFor();
  await p.locator('#panel a[data-slug="stronger-and-faster"]').click();
  await p.locator('#node-title').getByText('Stronger and Faster').waitFor();
  await p.goBack();
  await p.locator('#node-title').getByText('John Allspaw').waitFor();
  await shot(p, 'permalink');
  await p.close();
});

test('the Allspaw trail walks from its first step to its last', async () => {
  const p = await page();
  await p.goto(base + '/');
  await p.waitForSelector('body[data-ready="true"]');
  await p.locator('#trail-list a', { hasText: 'The Allspaw trail' }).click();
  await p.locator('#trail-position').getByText('Step 1 of 28').waitFor();
  // The trail is drawn as a path, one edge from each step to the next.
  assert.equal(Number(await p.getAttribute('#graph', 'data-trail-edges')), 27);
  assert.ok(await p.locator('#prev-step').isDisabled(), 'no previous step at the start');
  await p.locator('#panel h3').getByText('10+ Deploys Per Day').waitFor();
  await p.click('#next-step');
  // The 25 talks in date order, then the 3 podcasts as bonus steps.
  for (let n = 2; n < 28; n++) {
    await p.locator('#trail-position').getByText(`Step ${n} of 28`).waitFor();
    if (n === 25) await p.locator('#panel h3').getByText('Resilience Engineering: The What and How').waitFor();
    await p.keyboard.press('ArrowRight');
  }
  await p.locator('#trail-position').getByText('Step 28 of 28').waitFor();
  await p.locator('#panel h3').getByText('096: Resilience Engineering with John Allspaw').waitFor();
  assert.ok(await p.locator('#next-step').isDisabled(), 'no next step at the end');
  await p.keyboard.press('ArrowLeft');
  await p.locator('#trail-position').getByText('Step 27 of 28').waitFor();
  assert.equal(new URL(p.url()).pathname, '/t/the-allspaw-trail/27');
  await shot(p, 'trail');
  await p.click('#home');  // leaving the trail takes its path out of the graph
  await p.waitForFunction(() => document.querySelector('#graph').dataset.trailEdges === '0');
  await p.close();
});

test('an edit made in one browser appears live in another, with who made it', async () => {
  const p = await page();
  await p.goto(base + '/n/richard-cook');
  await p.locator('#node-title').getByText('Richard Cook').waitFor();
  await p.waitForSelector('#live-status[data-state="live"]');
  const before = Number(await p.getAttribute('#graph', 'data-node-count'));
  // A second browser context (its own storage and connection) signs in and edits.
  const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const q = await other.newPage();
  await q.goto(base + '/n/richard-cook');
  await q.waitForSelector('body[data-ready="true"]');
  await signIn(q, token, 'erin');
  await q.locator('#edit-node').click();
  await q.fill('#node-form textarea[name="summary"]', 'Physician, researcher, writer on how complex systems fail.');
  await q.click('#node-form button.primary');
  await p.locator('#changed-by').getByText('changed by erin').waitFor({ timeout: 5000 });
  await shot(p, 'live-edit');
  await other.close();
  await p.locator('#panel p').getByText('Physician, researcher').waitFor();
  await call(base, token, 'POST', '/api/nodes', { type: 'paper', title: 'Being Bumpable' });
  await p.waitForFunction((n) => Number(document.querySelector('#graph').dataset.nodeCount) === n + 1, before, { timeout: 5000 });
  await p.close();
});

test('a signed-in contributor edits, and a stale edit offers a merge', async () => {
  const p = await page({ expected: ['status of 409'] });  // the stale save is refused, by design
  await p.goto(base + '/n/lorin-hochstein');
  await p.waitForSelector('body[data-ready="true"]');
  await signIn(p, token, 'erin');
  await p.locator('#edit-node').click();
  await p.fill('#node-form textarea[name="summary"]', 'Mine');
  // Someone else saves first.
  await call(base, token, 'PATCH', '/api/nodes/lorin-hochstein', { summary: 'Theirs' });
  await p.click('#node-form button.primary');
  await p.locator('#merge').waitFor();
  assert.ok(await p.locator('#merge').getByText('Theirs').count() > 0, 'the newer version is shown beside mine');
  assert.equal(await p.locator('#merge input[type="radio"][value="mine"]').count(), 1, 'only the summary differs, so only it asks');
  await p.locator('#panel').getByText(/Same on both sides: title, type/).waitFor();
  await shot(p, 'conflict');
  await p.click('#merge button.primary');
  await p.locator('#panel').getByText('Mine').first().waitFor();
  await p.close();
});

test('the layout fits a phone and nothing logged an error or warning', async () => {
  const p = await page();
  await p.setViewportSize({ width: 390, height: 800 });
  await p.goto(base + '/n/john-allspaw');
  await p.locator('#node-title').waitFor();
  const width = await p.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 400, `no horizontal scroll at phone width (${width}px)`);
  await p.keyboard.press('Tab');
  const focused = await p.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
  assert.ok(focused, 'keyboard focus moves');
  await shot(p, 'phone');
  await p.close();
  assert.deepEqual(problems, []);
});
