// Every node has a discussion: a comment posted in one browser arrives live in another, rendered
// from Markdown with no script getting through; a moderator hides it; a watcher sees what
// changed since their last visit; a moderator reverts a revision from the node's history.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, shot, startServer, launchBrowser, openPage, appReady, signIn, call, addUser } from './harness.mjs';

let server, browser, carl, mona, rita, slug, id;
const problems = [];

before(async () => {
  server = await startServer(join(root, 'data'));
  carl = addUser(server, 'carl', 'contributor');
  mona = addUser(server, 'mona', 'moderator');
  rita = addUser(server, 'rita', 'reader');
  browser = await launchBrowser();
  const made = await call(server.base, carl, 'POST', '/api/nodes', { type: 'concept', title: 'Graceful extensibility in practice', summary: 'A first summary' });
  assert.equal(made.status, 201);
  ({ slug, id } = made.body);
});

after(async () => {
  await browser?.close();
  server?.stop();
  assert.deepEqual(problems, []);
});

test('a comment posted in one browser arrives live in another, safely rendered', async () => {
  const reader = await openPage(browser, problems);
  await reader.goto(`${server.base}/n/${slug}`);
  await appReady(reader);
  await reader.locator('#discussion-area').getByText('No comments yet').waitFor();
  await reader.locator('#discussion-area').getByText('Sign in to comment').waitFor();

  const writer = await openPage(browser, problems);
  await writer.goto(`${server.base}/n/${slug}`);
  await signIn(writer, carl, 'carl');
  await writer.fill('#comment-form textarea', 'See **Woods 2018** and https://example.org/ge <img src=x onerror="window.pwned=1"> [click](javascript:window.pwned=2)');
  await writer.click('#comment-form button');
  await writer.locator('#comments strong').getByText('Woods 2018').waitFor();

  // The other browser never reloaded: the comment came over the live stream.
  await reader.locator('#comments strong').getByText('Woods 2018').waitFor({ timeout: 10000 });
  assert.equal(await reader.locator('#comments a[href="https://example.org/ge"]').count(), 1);
  assert.equal(await reader.locator('#comments img').count(), 0);
  assert.equal(await reader.locator('#comments a[href^="javascript"]').count(), 0);
  assert.equal(await reader.evaluate(() => window.pwned), undefined);
  await shot(reader, 'discussion-live-comment');

  // A reply, threaded under what it answers.
  await writer.click('[data-reply]');
  await writer.fill('#comment-form textarea', 'And the 2019 follow-up.');
  await writer.click('#comment-form button');
  await reader.locator('.comment.reply').getByText('2019 follow-up').waitFor({ timeout: 10000 });
  await writer.close();
  await reader.close();
});

test('a moderator hides a comment and everyone else sees it hidden', async () => {
  const p = await openPage(browser, problems);
  await p.goto(`${server.base}/n/${slug}`);
  await signIn(p, mona, 'mona');
  await p.locator('[data-hide]').first().click();
  await p.locator('.hidden-comment').first().waitFor();
  await shot(p, 'discussion-hidden-by-moderator');
  const thread = await call(server.base, rita, 'GET', `/api/nodes/${id}/comments`);
  assert.equal(thread.body.comments[0].hidden, true);
  assert.equal(thread.body.comments[0].body, '');
  await p.close();
});

test('a watcher sees what others changed since their last visit', async () => {
  let p = await openPage(browser, problems);
  await p.goto(`${server.base}/n/${slug}`);
  await signIn(p, rita, 'rita');
  await p.click('#watch-toggle');
  await p.locator('#watch-toggle').getByText('Stop watching').waitFor();
  await p.close();
  // Away from it, someone else changes it.
  assert.equal((await call(server.base, carl, 'PATCH', `/api/nodes/${id}`, { summary: 'A better summary' })).status, 200);
  p = await openPage(browser, problems);
  await p.goto(server.base);
  await signIn(p, rita, 'rita');
  await p.click('#account-button');
  await p.locator('#watch-list [data-news]').getByText('1 change since your last visit').waitFor();
  await shot(p, 'discussion-watching');
  await p.locator('#watch-list a').click();
  await appReady(p);
  await p.locator('#since-visit').getByText('1 change by carl').waitFor();
  await shot(p, 'discussion-since-last-visit');
  // Seen now: the next visit has nothing new to say.
  await p.reload();
  await appReady(p);
  await p.locator('#watch-toggle').waitFor();
  assert.equal(await p.locator('#since-visit').count(), 0);
  await p.close();
});

test('a moderator reverts a node to an earlier revision from its history', async () => {
  const p = await openPage(browser, problems);
  await p.goto(`${server.base}/n/${slug}`);
  await signIn(p, mona, 'mona');
  p.once('dialog', (d) => d.accept());
  await p.locator('[data-revert="1"]').click();
  await p.locator('.history').getByText('reverted by mona').waitFor({ timeout: 10000 });
  assert.equal((await call(server.base, rita, 'GET', `/api/nodes/${id}`)).body.summary, 'A first summary');
  await shot(p, 'discussion-revert');
  await p.close();
});

test('a moderator links a removed edge again from Recent changes, and trails have a discussion', async () => {
  const other = await call(server.base, carl, 'POST', '/api/nodes', { type: 'person', title: 'David D. Woods (e2e)' });
  const edge = await call(server.base, carl, 'POST', '/api/edges', { from: other.body.id, to: id, type: 'about' });
  assert.equal(edge.status, 201);
  assert.equal((await call(server.base, carl, 'DELETE', `/api/edges/${edge.body.id}`)).status, 200);
  const trail = await call(server.base, carl, 'POST', '/api/trails', { title: 'Extensibility walk', steps: [{ node: id }, { node: other.body.id }] });
  assert.equal(trail.status, 201);

  const p = await openPage(browser, problems);
  await p.goto(server.base);
  await signIn(p, mona, 'mona');
  await p.click('#account-button');
  await p.selectOption('#changes-form select[name="kind"]', 'edge');
  await p.click('#changes-form button');
  await p.locator(`[data-edge="${edge.body.id}"][data-edge-rev]`).click();
  await p.locator('#changes-table').getByText('edge.reverted').waitFor();
  assert.equal((await call(server.base, rita, 'GET', `/api/edges/${edge.body.id}`)).status, 200);
  await p.click('#account-close');

  await p.goto(`${server.base}/t/${trail.body.slug}/1`);
  await appReady(p);
  await p.locator('#trail-history summary').waitFor();
  await p.fill('#comment-form textarea', 'Start with the *theory* paper.');
  await p.click('#comment-form button');
  await p.locator('#comments em').getByText('theory').waitFor();
  await shot(p, 'discussion-trail');
  await p.close();
});
