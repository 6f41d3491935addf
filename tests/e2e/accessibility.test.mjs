// Usable by everyone: axe-core (pinned in web/package.json) checks each view of the app against
// WCAG 2 A and AA rules (labels, names, contrast, landmarks, ARIA) in the real browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { root, startServer, launchBrowser, openPage, signIn, addUser } from './harness.mjs';

const axePath = createRequire(join(root, 'web', 'package.json')).resolve('axe-core/axe.min.js');
let server, browser, token;

before(async () => {
  server = await startServer(join(root, 'data'));
  token = addUser(server, 'erin', 'contributor');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function violations(p) {
  await p.addScriptTag({ path: axePath });
  const result = await p.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

test('each view passes the WCAG 2 A/AA checks', async () => {
  const problems = [];
  // axe-core is injected as an inline script, which the app's Content-Security-Policy refuses,
  // as it should: this page alone lets the test's own script in.
  const p = await openPage(browser, problems, { bypassCSP: true });
  const found = {};
  await p.goto(server.base + '/');
  await p.waitForSelector('#live-status[data-state="live"]');
  found.home = await violations(p);

  await p.goto(server.base + '/n/john-allspaw');
  await p.locator('#node-title').waitFor();
  await signIn(p, token, 'erin');
  await p.locator('#edit-node').waitFor();
  found['node panel, signed in'] = await violations(p);
  await p.click('#edit-node');
  await p.locator('#node-form').waitFor();
  found['edit form'] = await violations(p);
  await p.click('#account-button');
  await p.locator('#watch-list').waitFor();
  found['account dialog'] = await violations(p);
  await p.click('#account-close');

  await p.goto(server.base + '/t/the-allspaw-trail/2');
  await p.locator('#trail-position').waitFor();
  found['trail walker'] = await violations(p);

  await p.fill('#q', 'resilience');
  await p.keyboard.press('Enter');
  await p.locator('#results li').first().waitFor();
  found['search results'] = await violations(p);

  await p.setViewportSize({ width: 390, height: 800 });
  await p.goto(server.base + '/n/richard-cook');
  await p.locator('#node-title').waitFor();
  found['phone width'] = await violations(p);
  await p.close();
  for (const [view, list] of Object.entries(found)) assert.deepEqual(list, [], `${view}:\n${list.join('\n')}`);
  assert.deepEqual(problems, []);
});
