// A first visit and a phone: the introduction says what resgraph is, offers three ways in and,
// once dismissed, stays away; on a 390×844 screen the details are a bottom sheet that pulls up
// to most of the screen, the filters fold away, and controls are a finger tall.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, shot, startServer, launchBrowser, openPage, appReady } from './harness.mjs';

let server, browser;
const problems = [];

before(async () => {
  server = await startServer(join(root, 'data'));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
  assert.deepEqual(problems, []);
});

test('the first visit explains resgraph and offers three ways in, until dismissed', async () => {
  const p = await openPage(browser, problems);
  await p.goto(server.base);
  await appReady(p);
  await p.locator('#intro').waitFor();
  assert.match(await p.locator('#intro').innerText(), /resilience engineering/i);
  await shot(p, 'intro');
  await p.click('#start-trail');
  await p.locator('#trail-position').getByText('Step 1 of').waitFor();
  await p.click('#home');
  await p.click('#start-people');
  await p.waitForFunction(() => document.querySelector('#type-filters input[value="person"]')?.checked);
  await p.click('#home');
  await p.click('#intro-dismiss');
  await p.locator('#panel h2').getByText('Welcome').waitFor();
  await p.reload();
  await appReady(p);
  await p.locator('#panel h2').getByText('Welcome').waitFor();
  assert.equal(await p.locator('#intro').count(), 0);
  await p.close();
});

test('on a phone the details are a bottom sheet that pulls up, and the filters fold away', async () => {
  const p = await openPage(browser, problems);
  await p.setViewportSize({ width: 390, height: 844 });
  await p.goto(`${server.base}/n/john-allspaw`);
  await p.locator('#node-title').waitFor();
  const height = async () => (await p.locator('#sheet').boundingBox()).height;
  assert.ok(await height() >= 0.4 * 844, `the sheet starts at ${await height()}px`);
  assert.ok(await p.locator('#graph').evaluate((g) => g.getBoundingClientRect().height) >= 300);
  await shot(p, 'phone-sheet');
  await p.click('#sheet-handle');
  await p.waitForFunction(() => document.querySelector('#sheet').getBoundingClientRect().height > 0.8 * 844);
  assert.equal(await p.getAttribute('#sheet-handle', 'aria-expanded'), 'true');
  await shot(p, 'phone-sheet-up');
  // Dragged down, it comes back to half.
  const box = await p.locator('#sheet-handle').boundingBox();
  await p.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await p.mouse.down();
  await p.mouse.move(box.x + box.width / 2, 600, { steps: 8 });
  await p.mouse.up();
  await p.waitForFunction(() => document.querySelector('#sheet').getBoundingClientRect().height < 0.6 * 844);

  assert.equal(await p.locator('#type-filters').isVisible(), false);
  await p.click('#filters-button');
  await p.locator('#type-filters').waitFor();
  for (const id of ['#filters-button', '#signin-button', '#sheet-handle', '#q'])
    assert.ok((await p.locator(id).boundingBox()).height >= 40, `${id} is a finger tall`);
  const width = await p.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 400, `no horizontal scroll (${width}px)`);
  await p.close();
});
