// The API description: /api/openapi.json is valid OpenAPI 3.1 (checked by a real validator),
// the server's answers match the schemas it names for them, and each described parameter is
// accepted exactly when its schema says it is valid (one definition behind both).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { root, startServer, call, addUser } from './harness.mjs';

const require = createRequire(join(root, 'web', 'package.json'));
const { Validator } = require('@seriousme/openapi-schema-validator');
const Ajv2020 = require('ajv/dist/2020.js');

let server, base, doc, ajv, olga;

before(async () => {
  server = await startServer(join(root, 'data'));
  base = server.base;
  olga = addUser(server, 'olga', 'contributor');
  doc = await (await fetch(base + '/api/openapi.json')).json();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(doc, 'api');
});

after(() => server?.stop());

const schemaAt = (pointer) => {
  const check = ajv.getSchema('api#' + pointer);
  assert.ok(check, `no schema at ${pointer}`);
  return check;
};

// Calls the API and checks the answer against the schema the description gives for the
// route, method and status.
async function answers(method, pattern, path, { token, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const res = await fetch(base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  const op = doc.paths[pattern]?.[method.toLowerCase()];
  assert.ok(op, `${method} ${pattern} is not described`);
  const described = op.responses[String(res.status)] ?? op.responses.default;
  const media = res.status < 400 ? 'application/json' : 'application/problem+json';
  assert.equal(res.headers.get('content-type').split(';')[0], media, `${method} ${path}`);
  const ref = described.content[media].schema.$ref;
  const check = schemaAt(ref.slice(1));
  assert.ok(check(json), `${method} ${path} (${res.status}) against ${ref}: ${ajv.errorsText(check.errors)}\n${JSON.stringify(json).slice(0, 400)}`);
  return { status: res.status, json, etag: res.headers.get('etag') };
}

test('the description is valid OpenAPI 3.1 with parameters, bodies and answers for every route', async () => {
  const result = await new Validator().validate(doc);
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(result.valid, JSON.stringify(result.errors, null, 1));
  const ops = Object.entries(doc.paths).flatMap(([p, methods]) => Object.entries(methods).map(([m, op]) => ({ p, m, op })));
  assert.ok(ops.length >= 40, `${ops.length} operations`);
  for (const { p, m, op } of ops) {
    assert.ok(op.responses.default.content['application/problem+json'], `${m} ${p} describes its errors`);
    const ok = Object.keys(op.responses).find((s) => s !== 'default');
    assert.ok(ok && op.responses[ok].content, `${m} ${p} describes its answer`);
    for (const name of p.match(/\{(\w+)\}/g) ?? [])
      assert.ok(op.parameters.some((x) => x.in === 'path' && `{${x.name}}` === name), `${m} ${p} names ${name}`);
    if ((m === 'post' || m === 'patch') && !/revert$|sync$|enrich$|seen$/.test(p) && !/move$/.test(p))
      assert.ok(op.requestBody || p.endsWith('/sync'), `${m} ${p} describes its body`);
  }
  assert.ok(!Object.keys(doc.paths).some((p) => p.startsWith('/api/admin')), 'loopback-only routes stay out');
  const create = doc.paths['/api/nodes'].post.requestBody.content['application/json'].schema;
  assert.deepEqual(create.required, ['type', 'title']);
  assert.ok(create.properties.type.enum.includes('paper'));
  const list = doc.paths['/api/nodes'].get.parameters.find((x) => x.name === 'limit');
  assert.deepEqual([list.schema.minimum, list.schema.maximum, list.schema.default], [1, 1000, 50]);
});

test('answers match the schemas the description names for them', async () => {
  const page = await answers('GET', '/api/nodes', '/api/nodes?type=person&limit=3');
  assert.equal(page.json.nodes.length, 3);
  const person = page.json.nodes[0];
  await answers('GET', '/api/nodes/{id}', `/api/nodes/${person.slug}`);
  const edges = await answers('GET', '/api/nodes/{id}/edges', `/api/nodes/${person.id}/edges?direction=out`);
  assert.ok(edges.json.edges.length > 0, 'people in the default dataset have edges');
  await answers('GET', '/api/edges/{id}', `/api/edges/${edges.json.edges[0].id}`);
  await answers('GET', '/api/nodes/{id}/neighbors', `/api/nodes/${person.id}/neighbors?depth=2&limit=50`);
  await answers('GET', '/api/nodes/{id}/related', `/api/nodes/${person.id}/related`);
  await answers('GET', '/api/nodes/{id}/history', `/api/nodes/${person.id}/history`);
  await answers('GET', '/api/nodes/{id}/trails', `/api/nodes/${person.id}/trails`);
  const other = page.json.nodes[1];
  await answers('GET', '/api/path', `/api/path?from=${person.id}&to=${other.id}`);
  const trails = await answers('GET', '/api/trails', '/api/trails?limit=2');
  await answers('GET', '/api/trails/{slug}', `/api/trails/${trails.json.trails[0].slug}`);
  await answers('GET', '/api/search', '/api/search?q=resilience&per_page=5');
  await answers('GET', '/api/suggest', '/api/suggest?q=Al');
  for (const p of ['/api/types', '/api/me', '/healthz']) await answers('GET', p, p);
  await answers('GET', '/api/changes', '/api/changes?limit=5');
  await answers('GET', '/api/export', '/api/export');
});

test('writes and errors match their schemas too', async () => {
  const made = await answers('POST', '/api/nodes', '/api/nodes', { token: olga, body: { type: 'paper', title: 'A described paper', year: 2020, tags: ['x'] } });
  assert.equal(made.status, 201);
  const patched = await answers('PATCH', '/api/nodes/{id}', `/api/nodes/${made.json.id}`, { token: olga, body: { summary: 'Now with a summary' }, headers: { 'If-Match': made.etag } });
  assert.equal(patched.status, 200);
  const stale = await answers('PATCH', '/api/nodes/{id}', `/api/nodes/${made.json.id}`, { token: olga, body: { summary: 'Stale' }, headers: { 'If-Match': made.etag } });
  assert.equal(stale.status, 409);
  assert.equal(stale.json.current.summary, 'Now with a summary');
  const wrong = await answers('POST', '/api/nodes', '/api/nodes', { token: olga, body: { type: 'paper' } });
  assert.equal(wrong.status, 400);
  const missing = await answers('GET', '/api/nodes/{id}', '/api/nodes/no-such-node');
  assert.equal(missing.status, 404);
  const trail = await answers('POST', '/api/trails', '/api/trails', { token: olga, body: { title: 'Described trail', steps: [{ node: made.json.id, note: 'first' }] } });
  assert.equal(trail.status, 201);
  await answers('GET', '/api/trails/{slug}/steps/{n}', `/api/trails/${trail.json.slug}/steps/1`);
});

// For each parameter below, a value is accepted (2xx) exactly when the parameter's schema in
// the description accepts it.
test('the server accepts a parameter value exactly when its described schema does', async () => {
  const person = (await call(base, olga, 'GET', '/api/nodes?type=person&limit=1')).body.nodes[0].id;
  const cases = [
    ['/api/nodes', 'get', 'limit', ['1', '1000', '0', '1001', 'x', '-3']],
    ['/api/nodes', 'get', 'type', ['paper', 'person', 'poem']],
    ['/api/nodes/{id}/neighbors', 'get', 'depth', ['1', '3', '4', '0']],
    ['/api/nodes/{id}/edges', 'get', 'direction', ['out', 'in', 'both', 'sideways']],
    ['/api/search', 'get', 'sort', ['relevance', 'year', '-year', 'updated', 'random']],
    ['/api/search', 'get', 'per_page', ['1', '100', '101']],
    ['/api/changes', 'get', 'since', ['0', '18446744073709551615', '-1']],
  ];
  for (const [pattern, method, name, values] of cases) {
    const param = doc.paths[pattern][method].parameters.find((x) => x.name === name);
    assert.ok(param, `${pattern} describes ${name}`);
    const valid = ajv.compile(param.schema);
    for (const value of values) {
      const typed = param.schema.type === 'integer' && /^-?\d+$/.test(value) ? Number(value) : value;
      const path = pattern.replace('{id}', person) + `?${name}=${encodeURIComponent(value)}`;
      const res = await fetch(base + path);
      await res.arrayBuffer();
      // 18446744073709551615 is past a double's precision; it is the largest sequence number.
      const expected = value === '18446744073709551615' ? true : valid(typed);
      assert.equal(res.status < 300, expected, `${name}=${value}: answered ${res.status}, schema says ${expected ? 'valid' : 'invalid'}`);
      if (!expected) assert.equal(res.status, 400);
    }
  }
});
