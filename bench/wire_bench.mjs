// Bytes on the wire (issue 20, item 6): the whole graph at 10,000 nodes as sent plain and
// gzipped, the app's files plain and precompressed, and the time to the first drawn graph in
// Chromium over a throttled connection (10 Mbit/s, 40 ms each way), with the browser asking
// for gzip as it always does, and again refusing every coding (Accept-Encoding: identity): the
// server as it answered before compression. A revisit shows what the ETags save.
// Usage: node bench/wire_bench.mjs RESGRAPH_BIN [NODES] [RUNS]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, startServer, launchBrowser, writeSyntheticDataset } from '../tests/e2e/harness.mjs';

const nodes = Number(process.argv[3] || 10000);
const runs = Number(process.argv[4] || 3);
const datasetDir = mkdtempSync(join(tmpdir(), 'resgraph-wire-bench-'));
writeSyntheticDataset(datasetDir, nodes);
const server = await startServer(datasetDir, { startTimeoutMs: 300000, binary: process.argv[2] || bin });

async function bytes(path, coding) {
  const res = await fetch(server.base + path, { headers: { 'Accept-Encoding': coding } });
  const body = Buffer.from(await res.arrayBuffer());  // undici decodes: count what came over
  return { encoding: res.headers.get('content-encoding') || 'none', length: Number(res.headers.get('content-length')) || body.length };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Milliseconds from navigation to the graph drawn, and the bytes the page received.
async function firstDraw(browser, coding) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 10e6 / 8 });
  if (coding) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': coding } });
  let received = 0;
  cdp.on('Network.loadingFinished', (e) => { received += e.encodedDataLength; });
  const t0 = Date.now();
  await page.goto(server.base + '/');
  await page.waitForSelector('body[data-ready="true"]', { timeout: 300000 });
  const ms = Date.now() - t0;
  const firstBytes = received;
  // A second visit in the same browser: the graph and the files revalidate with their ETags.
  received = 0;
  const t1 = Date.now();
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]', { timeout: 300000 });
  const again = Date.now() - t1;
  await context.close();
  return { ms, bytes: firstBytes, again, againBytes: received };
}

const graphPlain = await bytes('/api/graph', 'identity');
const graphGzip = await bytes('/api/graph', 'gzip');
// The bundle's name carries its content hash (web/build.mjs): the page says which it is.
const appPath = (await (await fetch(server.base + '/')).text()).match(/src="(\/app-[^"]+\.js)"/)[1];
const appPlain = await bytes(appPath, 'identity');
const appGzip = await bytes(appPath, 'gzip');

const browser = await launchBrowser();
const results = { gzip: [], identity: [] };
for (let i = 0; i < runs; i++) {
  results.gzip.push(await firstDraw(browser, null));
  results.identity.push(await firstDraw(browser, 'identity'));
}
await browser.close();
server.stop();

const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
const row = (label, rs) => `| ${label} | ${median(rs.map((r) => r.ms))} ms | ${kb(median(rs.map((r) => r.bytes)))} | ${median(rs.map((r) => r.again))} ms | ${kb(median(rs.map((r) => r.againBytes)))} |`;
console.log(`## Bytes on the wire (${nodes.toLocaleString('en')} nodes)\n`);
console.log('| what | plain | gzip | ratio |');
console.log('| --- | --- | --- | --- |');
console.log(`| \`/api/graph\` | ${kb(graphPlain.length)} | ${kb(graphGzip.length)} (${graphGzip.encoding}) | ${(graphPlain.length / graphGzip.length).toFixed(1)}× smaller |`);
console.log(`| \`${appPath}\` | ${kb(appPlain.length)} | ${kb(appGzip.length)} (${appGzip.encoding}, precompressed) | ${(appPlain.length / appGzip.length).toFixed(1)}× smaller |`);
console.log(`\nFirst drawn graph in headless Chromium over a throttled link (10 Mbit/s, 40 ms), median of ${runs}; then a reload in the same browser (ETags: 304s):\n`);
console.log('| browser asks for | first draw | bytes received | reload | bytes received |');
console.log('| --- | --- | --- | --- | --- |');
console.log(row('gzip (as browsers do)', results.gzip));
console.log(row('identity (the server before compression)', results.identity));
console.log(`\nFirst draw ${(median(results.identity.map((r) => r.ms)) / median(results.gzip.map((r) => r.ms))).toFixed(2)}× faster with compression.\n`);
