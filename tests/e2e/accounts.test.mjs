// People join and sign in by themselves: a moderator invites from the Account dialog, the invited
// person opens the link in another browser, picks a name and password and is signed in, edits,
// signs out and back in, makes a token for a script; revoking it in one tab signs the tab that
// used it out cleanly, with a message, and that tab goes on reading.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, shot, startServer, launchBrowser, openPage, signIn, signInWithPassword, call, addUser } from './harness.mjs';

let server, browser, mona;
const problems = [];
const password = 'a walk in the graph';
let link, token;

before(async () => {
  server = await startServer(join(root, 'data'));
  mona = addUser(server, 'mona', 'moderator');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('a moderator invites from the Account dialog', async () => {
  const p = await openPage(browser, problems);
  await p.goto(server.base);
  await signIn(p, mona, 'mona');
  await p.click('#account-button');
  await p.selectOption('#invite-form select[name="role"]', 'contributor');
  await p.fill('#invite-form input[name="note"]', 'for Erin, who curates the postmortem list');
  await p.click('#invite-form button');
  link = await p.locator('#invite-url').innerText();
  assert.match(link, new RegExp(`^${server.base}/join/[0-9a-f]{48}$`));
  await shot(p, 'accounts-invite');
  await p.close();
});

test('the invited person joins, is signed in, edits, signs out and in again', async () => {
  // The wrong password below is a 401 the browser reports in the console.
  const p = await openPage(browser, problems, { expected: ['status of 401'] });
  await p.goto(link);
  await p.locator('#join-offer').getByText('mona invites you to join as a contributor').waitFor();
  await p.fill('#join-name', 'erin');
  await p.fill('#join-password', password);
  await p.fill('#join-again', 'not the same password');
  await p.click('#join-submit');
  await p.locator('#join-error').getByText('differ').waitFor();
  await p.fill('#join-again', password);
  await shot(p, 'accounts-join');
  await p.click('#join-submit');
  await p.locator('#signin-button').getByText('erin').waitFor();
  assert.match(await p.locator('#notice-text').innerText(), /Welcome, erin/);
  assert.equal(new URL(p.url()).pathname, '/');  // the code leaves the address bar
  // A contributor's edit, made with the session cookie (and its CSRF token).
  await p.click('#new-node');
  await p.fill('#node-form input[name="title"]', 'Joined by invitation');
  await p.selectOption('#node-form select[name="type"]', 'concept');
  await p.click('#node-form button.primary');
  await p.locator('#node-title').getByText('Joined by invitation').waitFor();
  const made = await call(server.base, mona, 'GET', '/api/nodes/joined-by-invitation/history');
  assert.equal(made.body.revisions[0].author, 'erin');
  // The link works once.
  const again = await fetch(link.replace('/join/', '/api/invitations/'));
  assert.equal((await again.json()).state, 'used');

  await p.click('#signin-button');  // signs out
  await p.locator('#signin-button').getByText('Sign in').waitFor();
  assert.equal(await p.locator('#edit-tools').isHidden(), true);
  await p.click('#signin-button');
  await p.fill('#signin-name', 'erin');
  await p.fill('#signin-password', 'wrong password!');
  await p.keyboard.press('Enter');
  await p.locator('#signin-error').getByText('wrong name or password').waitFor();
  await p.locator('#signin-cancel').click();
  await signInWithPassword(p, 'erin', password);
  assert.equal(await p.locator('#edit-tools').isHidden(), false);
  // A token for a script, shown once.
  await p.click('#account-button');
  await p.fill('#token-form input[name="label"]', 'my laptop');
  await p.click('#token-form button');
  token = await p.locator('#new-token').innerText();
  assert.match(token, /^rg\.erin\.[0-9a-f]{64}$/);
  await shot(p, 'accounts-tokens');
  await p.click('#account-close');
  await p.close();
  assert.deepEqual(problems, []);
});

test('revoking a token in one tab signs the tab using it out cleanly', async () => {
  const owner = await openPage(browser, problems);
  await owner.goto(server.base);
  await signInWithPassword(owner, 'erin', password);
  const script = await openPage(browser, problems, { expected: ['status of 401'] });
  await script.goto(server.base);
  await signIn(script, token, 'erin');
  // A fresh load opens the live stream with the token from the start, so "live" below is that
  // connection's, not the anonymous one the sign-in is still replacing.
  await script.reload();
  await script.locator('#signin-button').getByText('erin').waitFor();
  await script.locator('#live-status').getByText('live').waitFor();

  await owner.click('#account-button');
  await owner.locator('#token-list').getByText('my laptop').waitFor();
  await owner.locator('[data-revoke]').first().click();
  await owner.locator('#token-list').getByText('none').waitFor();

  await script.locator('#notice-text').getByText('Your token was revoked').waitFor();
  await script.locator('#signin-button').getByText('Sign in').waitFor();
  assert.equal(await script.evaluate(() => localStorage.getItem('resgraph-token')), null);
  // Not empty, not stuck: the graph and the live stream go on for a reader.
  await script.locator('#live-status').getByText('live').waitFor();
  assert.ok(Number(await script.locator('#graph').getAttribute('data-node-count')) > 0);
  await shot(script, 'accounts-revoked-elsewhere');
  assert.equal((await call(server.base, token, 'GET', '/api/me')).status, 401);
  await owner.close();
  await script.close();
  assert.deepEqual(problems, []);
});

test('a moderator finds a user in Recent changes and rolls back their edit', async () => {
  const p = await openPage(browser, problems, { expected: ['status of 401'] });
  await p.goto(server.base);
  await signIn(p, mona, 'mona');
  await p.click('#account-button');
  await p.locator('#changes-form').waitFor();
  await p.fill('#changes-form input[name="user"]', 'erin');
  await p.click('#changes-form button');
  await p.locator('#changes-table').getByText('Joined by invitation').first().waitFor();
  await p.locator('#rollback-day').waitFor();
  await shot(p, 'accounts-recent-changes');
  await p.locator('[data-rollback-node]').first().click();
  await p.locator('#rollback-result').getByText('deleted 1').waitFor();
  assert.equal((await call(server.base, mona, 'GET', '/api/nodes/joined-by-invitation')).status, 404);
  await p.close();
  assert.deepEqual(problems, []);
});
