// Exploring the default dataset in the browser: the type, year and tag filters and the local
// graph leave on screen exactly the nodes the data says they should (counted here from
// /api/graph, independently of the app), and a node's history shows what each revision changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, shot, startServer, launchBrowser, openPage, call, addUser } from './harness.mjs';

let server, browser, base, token, data;
const problems = [];

before(async () => {
  server = await startServer(join(root, 'data'));
  base = server.base;
  token = addUser(server, 'erin', 'contributor');
  browser = await launchBrowser();
  data = await (await fetch(base + '/api/graph')).json();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const shown = async (p) => Number(await p.getAttribute('#graph', 'data-shown-count'));
const waitShown = (p, n) => p.waitForFunction((n) => Number(document.querySelector('#graph').dataset.shownCount) === n, n, { timeout: 5000 });

test('type, year and tag filters show exactly the matching nodes', async () => {
  const total = data.nodes.length;
  const people = data.nodes.filter((n) => n.type === 'person').length;
  const papers = data.nodes.filter((n) => n.type === 'paper').length;
  const early2010s = data.nodes.filter((n) => n.year >= 2011 && n.year <= 2013).length;
  assert.ok(people > 0 && papers > 0 && early2010s > 0 && early2010s < total, 'the dataset has something to filter');

  const p = await openPage(browser, problems);
  await p.goto(base + '/');
  await p.waitForSelector('body[data-ready="true"]');
  assert.equal(await shown(p), total);
  await p.locator('#shown-count').getByText(`All ${total} nodes shown`).waitFor();

  await p.check('#type-filters input[value="person"]');
  await waitShown(p, people);
  await p.locator('#shown-count').getByText(`Showing ${people} of ${total} nodes`).waitFor();
  await p.check('#type-filters input[value="paper"]');
  await waitShown(p, people + papers);
  await p.uncheck('#type-filters input[value="person"]');
  await p.uncheck('#type-filters input[value="paper"]');
  await waitShown(p, total);

  await p.fill('#year-from', '2011');
  await p.fill('#year-to', '2013');
  await p.press('#year-to', 'Tab');
  await waitShown(p, early2010s);
  await shot(p, 'filter-years');
  await p.fill('#year-from', '');
  await p.fill('#year-to', '');
  await p.press('#year-to', 'Tab');
  await waitShown(p, total);

  // The default dataset has no tags: two nodes get one through the API, and the open page learns
  // of it from the live stream alone.
  for (const slug of ['ironies-of-automation', 'john-allspaw'])
    assert.equal((await call(base, token, 'PATCH', `/api/nodes/${slug}`, { tags: ['automation-surprises'] })).status, 200);
  await p.fill('#tag-filter', 'Automation-Surprises');
  await p.press('#tag-filter', 'Tab');
  await waitShown(p, 2);
  await p.focus('#tag-filter');
  assert.equal(await p.locator('#tag-options option[value="automation-surprises"]').count(), 1, 'the tag box offers the tag');
  await p.fill('#tag-filter', 'no-such-tag');
  await p.press('#tag-filter', 'Tab');
  await waitShown(p, 0);
  await p.fill('#tag-filter', '');
  await p.press('#tag-filter', 'Tab');
  await waitShown(p, total);
  await p.close();
});

// The 1..3-hop neighbourhood of a node, edges taken both ways, from /api/graph.
function hood(start, depth) {
  const adj = new Map();
  for (const e of data.edges) {
    (adj.get(e.from) || adj.set(e.from, []).get(e.from)).push(e.to);
    (adj.get(e.to) || adj.set(e.to, []).get(e.to)).push(e.from);
  }
  let frontier = [start];
  const seen = new Set(frontier);
  for (let d = 0; d < depth; d++) {
    const next = [];
    for (const id of frontier) for (const o of adj.get(id) || []) if (!seen.has(o)) { seen.add(o); next.push(o); }
    frontier = next;
  }
  return seen.size;
}

test('local-graph mode shows the selected node\'s 1, 2 and 3 hop neighbourhood', async () => {
  const allspaw = data.nodes.find((n) => n.slug === 'john-allspaw').id;
  const [one, two, three] = [1, 2, 3].map((d) => hood(allspaw, d));
  assert.ok(one > 1 && one < two && two <= three && three <= data.nodes.length, `hops grow: ${one}, ${two}, ${three}`);

  const p = await openPage(browser, problems);
  await p.goto(base + '/n/john-allspaw');
  await p.locator('#node-title').getByText('John Allspaw').waitFor();
  await p.check('#local-mode');
  await waitShown(p, two);  // two hops unless told otherwise
  await p.selectOption('#local-depth', '1');
  await waitShown(p, one);
  await shot(p, 'local-graph');
  // The camera follows the hops: one hop is framed closer than three.
  const zoom = () => p.evaluate(() => Number(document.querySelector('#graph').dataset.zoom));
  await p.waitForTimeout(600);
  const closeUp = await zoom();
  await p.selectOption('#local-depth', '3');
  await waitShown(p, three);
  await p.waitForTimeout(600);
  assert.ok(await zoom() > closeUp, `three hops framed wider (${await zoom()}) than one (${closeUp})`);
  await p.click('#fit-all');
  await p.waitForFunction(() => Math.abs(Number(document.querySelector('#graph').dataset.zoom) - 1) < 0.01);
  await p.click('#fit-selection');
  await p.waitForFunction(() => Number(document.querySelector('#graph').dataset.zoom) < 1);
  // Local mode follows the selection.
  await p.selectOption('#local-depth', '1');
  const cook = data.nodes.find((n) => n.slug === 'richard-cook').id;
  await p.goto(base + '/n/richard-cook');
  await p.locator('#node-title').getByText('Richard Cook').waitFor();
  assert.equal(await p.isChecked('#local-mode'), false, 'a fresh page starts with the whole graph');
  await p.check('#local-mode');
  await p.selectOption('#local-depth', '1');
  await waitShown(p, hood(cook, 1));
  await p.uncheck('#local-mode');
  await waitShown(p, data.nodes.length);
  await p.close();
});

test('history lists each revision with what it changed', async () => {
  for (const summary of ['First account of the paper.', 'Second, better account of the paper.'])
    assert.equal((await call(base, token, 'PATCH', '/api/nodes/how-complex-systems-fail', { summary })).status, 200);
  const p = await openPage(browser, problems);
  await p.goto(base + '/n/how-complex-systems-fail');
  await p.locator('#node-title').getByText('How Complex Systems Fail').waitFor();
  const newest = p.locator('#panel ul.history details').first();
  await newest.locator('summary').getByText(/by erin/).waitFor();
  await newest.locator('summary').click();
  assert.equal(await newest.locator('.diff-del').textContent(), 'First account of the paper.');
  assert.equal(await newest.locator('.diff-add').textContent(), 'Second, better account of the paper.');
  assert.match(await newest.locator('li b').first().textContent(), /summary/);
  const revisions = await p.locator('#panel ul.history details').count();
  assert.ok(revisions >= 3, `the import and both edits are listed (${revisions})`);
  await newest.scrollIntoViewIfNeeded();
  await shot(p, 'history-diff');
  await p.close();
  assert.deepEqual(problems, []);
});

// Sigma draws the hovered node's label box on its own 2D canvas; the test reads that canvas.
const hoverInk = (p) => p.evaluate(() => {
  const c = document.querySelector('#graph canvas.sigma-hovers');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i]) ink++;
  return ink;
});

test('hovering a node labels it, and leaving the graph clears the label', async () => {
  const p = await openPage(browser, []);
  await p.goto(base + '/n/john-allspaw');
  await p.locator('#node-title').getByText('John Allspaw').waitFor();
  await p.waitForTimeout(600);  // the camera has centred the selected node
  await p.click('#home');  // unselected, so only the hover draws on sigma's hover layer
  await p.locator('#panel h2').getByText('Welcome').waitFor();
  assert.equal(await hoverInk(p), 0);
  const box = await p.locator('#graph').boundingBox();
  await p.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2 + 1);
  await p.waitForFunction(() => {
    const c = document.querySelector('#graph canvas.sigma-hovers');
    return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v);
  }, null, { timeout: 3000 });
  assert.ok(await hoverInk(p) > 0, 'the hovered node is labelled');
  await p.mouse.move(box.x + box.width + 150, box.y + 20);
  await p.waitForFunction(() => {
    const c = document.querySelector('#graph canvas.sigma-hovers');
    return !c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v);
  }, null, { timeout: 3000 });
  assert.equal(await hoverInk(p), 0);
  await p.close();
});

test('search facets narrow the results, and picking a result focuses it in the graph', async () => {
  const api = await (await fetch(base + '/api/search?q=resilience&per_page=20')).json();
  const talks = api.facets.type.talk;
  assert.ok(talks > 0 && talks < api.estimated_total, 'the query spans several types');
  const p = await openPage(browser, problems);
  await p.goto(base + '/');
  await p.waitForSelector('body[data-ready="true"]');
  await p.fill('#q', 'resilience');
  await p.keyboard.press('Enter');
  await p.locator('#result-count').getByText(`about ${api.estimated_total} found`).waitFor();

  await p.click('button.facet[data-facet="type"][data-value="talk"]');
  await p.locator('button.facet[data-facet="type"][data-value="talk"][aria-pressed="true"]').waitFor();
  const types = await p.locator('#results li .muted').allTextContents();
  assert.equal(types.length, Math.min(20, talks));
  assert.ok(types.every((t) => t.startsWith('talk')), `only talks: ${types}`);
  // Every type stays one press away, counted over the whole query.
  const typeButtons = await p.locator('button.facet[data-facet="type"]').evaluateAll((bs) => bs.map((b) => b.textContent));
  const expected = Object.entries(api.facets.type).sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).slice(0, 12).map(([t, n]) => `${t} (${n})`);
  assert.deepEqual(typeButtons, expected);

  const year = Object.keys((await (await fetch(base + '/api/search?q=resilience&type=talk')).json()).facets.year).sort().at(-1);
  await p.click(`button.facet[data-facet="year"][data-value="${year}"]`);
  await p.locator(`button.facet[data-facet="year"][data-value="${year}"][aria-pressed="true"]`).waitFor();
  const narrowed = await p.locator('#results li .muted').allTextContents();
  assert.ok(narrowed.length > 0 && narrowed.every((t) => t === `talk · ${year}`), `talks of ${year}: ${narrowed}`);
  await shot(p, 'search-facets');

  await p.click('button.facet[data-facet="type"][data-value="talk"]');  // lifts the type filter
  await p.locator('button.facet[data-facet="type"][data-value="talk"][aria-pressed="false"]').waitFor();
  assert.ok((await p.locator('#results li').count()) >= narrowed.length);

  const first = p.locator('#results li a').first();
  const title = await first.textContent();
  await first.click();
  await p.locator('#node-title').getByText(title).waitFor();
  assert.match(new URL(p.url()).pathname, /^\/n\//);
  // The picked node is selected in the graph: sigma draws its label on the hover layer.
  await p.waitForFunction(() => {
    const c = document.querySelector('#graph canvas.sigma-hovers');
    return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v);
  }, null, { timeout: 3000 });
  await p.close();
});

test('the graph is keyboard reachable: + and - zoom, 0 shows it all', async () => {
  const p = await openPage(browser, problems);
  await p.goto(base + '/');
  await p.waitForSelector('body[data-ready="true"]');
  const zoom = async () => Number(await p.getAttribute('#graph', 'data-zoom'));
  assert.equal(await zoom(), 1);
  await p.focus('#graph');
  await p.keyboard.press('+');
  await p.waitForFunction(() => Number(document.querySelector('#graph').dataset.zoom) < 0.9);
  await p.keyboard.press('+');
  await p.waitForFunction(() => Number(document.querySelector('#graph').dataset.zoom) < 0.6);
  await p.keyboard.press('-');
  await p.waitForFunction(() => Number(document.querySelector('#graph').dataset.zoom) > 0.6);
  await p.keyboard.press('0');
  await p.waitForFunction(() => Number(document.querySelector('#graph').dataset.zoom) === 1);
  const outline = await p.evaluate(() => getComputedStyle(document.querySelector('#graph')).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible on the graph');
  await p.close();
});
