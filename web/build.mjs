// Bundles the app into dist/ under content-hashed names (app-HASH.js, layout_worker-HASH.js,
// style-HASH.css), so the server can let browsers keep them for a year: a new build is new
// names, which only index.html (always revalidated) points to. Each file gets a gzip beside it,
// which the server sends as it is to clients that accept gzip.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = new URL('.', import.meta.url).pathname;
const dist = join(here, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);

const common = { bundle: true, minify: true, sourcemap: true, format: 'esm', target: 'es2020',
  outdir: dist, entryNames: '[name]-[hash]', metafile: true, logLevel: 'warning' };
// The name esbuild gave the one entry point of a build.
const entryOut = (result) => basename(Object.entries(result.metafile.outputs)
  .find(([, o]) => o.entryPoint)[0]);

const worker = entryOut(await build({ ...common,
  entryPoints: [{ in: join(here, 'src/layout_worker.js'), out: 'layout_worker' }] }));
const app = entryOut(await build({ ...common,
  entryPoints: [{ in: join(here, 'src/main.js'), out: 'app' }],
  define: { LAYOUT_WORKER_URL: JSON.stringify('/' + worker) } }));

// esbuild's hash alphabet and length, so the server knows one rule for every hashed name.
const css = readFileSync(join(here, 'style.css'));
const cssHash = BigInt('0x' + createHash('sha256').update(css).digest('hex').slice(0, 16))
  .toString(36).toUpperCase().padStart(8, '0').slice(-8);
const style = `style-${cssHash}.css`;
writeFileSync(join(dist, style), css);

const page = readFileSync(join(here, 'index.html'), 'utf8');
const linked = page.replace('href="/style.css"', `href="/${style}"`)
  .replace('src="/app.js"', `src="/${app}"`);
if (!linked.includes(style) || !linked.includes(app)) throw new Error('index.html names no /app.js or /style.css');
writeFileSync(join(dist, 'index.html'), linked);

for (const name of readdirSync(dist))
  writeFileSync(join(dist, name + '.gz'), gzipSync(readFileSync(join(dist, name)), { level: 9 }));
