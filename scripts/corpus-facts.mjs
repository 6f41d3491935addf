// Writes data/corpus-lists.json: the facts of the community's lists (../shared/corpus) as a JSON
// dataset beside the canon, so that a first start holds every person, work, organisation and
// event they name. The lists go through resgraph's own Markdown importer (so the default dataset
// reads them the way `resgraph import` does) and come out of its JSON export; this script keeps
// the facts (type, title, URL, date, event, byline, the entry's other links, the links between
// entries) and drops the lists' prose: their descriptions never reach data/. A node the canon
// already holds (same URL, same title, or a name in ALIASES) is named by the canon's title, so
// the import links to it instead of making a second one.
//
// Summaries and definitions are the project's own words, written into data/corpus-lists.json by
// hand; a run keeps every summary the file already has, by slug, and lists the people and
// concepts still without one.
//
// Usage: node scripts/corpus-facts.mjs RESGRAPH_BIN [CORPUS_DIR]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const here = new URL('..', import.meta.url).pathname;
const [bin, corpus = join(here, '../shared/corpus')] = process.argv.slice(2);
if (!bin || !existsSync(corpus)) {
  console.error('usage: node scripts/corpus-facts.mjs RESGRAPH_BIN [CORPUS_DIR]');
  process.exit(2);
}
const OUT_FILE = 'corpus-lists.json';
const outPath = join(here, 'data', OUT_FILE);

// Names the lists write differently from the canon (or from another list), as list title ->
// the title it is known by; and the headings that are a list's sections rather than concepts
// (a list's "Twitter" or "Vidoes"), as heading -> the concept its entries are about.
const ALIASES = new Map([
  ['Ben Treynor', 'Benjamin Treynor Sloss'],
  ['Richard I. Cook', 'Richard Cook'],
  ['Tom Limoncelli', 'Thomas A. Limoncelli'],
  ['New look / new view', 'New view of human error'],
  ['old view vs. new view', 'New view of human error'],
  ['Boundary as a model (Rasmussen)', 'Boundaries of safe operation'],
  ['safety-I vs safety-II', 'Safety-II'],
  ['safety as "the capacity of people and systems to provide good outcomes" rather than "preventing things from going wrong"', 'Safety-II'],
  ['"work as imagined" vs "work as done"', 'Work as done'],
  ['hindsight', 'Hindsight bias'],
  ['root cause', 'No root cause'],
  ['Common ground and coordination', 'Common ground'],
  ['team player', 'Automation as a team player'],
  ['sharp-end vs. blunt-end', 'Sharp end and blunt end'],
  ['Nature of complex systems', 'Complex systems'],
  ['practitioner actions as gambles', 'Practitioner actions are gambles'],
  ['drift', 'Drift into failure'],
  ['decompensation, working at cross-purposes, getting stuck in outdated behaviors', 'Decompensation'],
  ['anomaly repsonse', 'Anomaly response'],
  ['What we mean by "resilience"', 'resilience'],
  ['Monitoring & Observability & Alerting', 'Monitoring & Observability'],
  ['Vidoes', 'Site reliability engineering'],
  ['SRECon Mix Playlist', 'Site reliability engineering'],
  ['Awesome Lists', 'Site reliability engineering'],
  ['SRE Resources from various organizations', 'Site reliability engineering'],
  ['Twitter', 'Site reliability engineering'],
  ['Other How They... repos', 'DevOps'],
]);
// The theme of a list's entries that no heading of theirs names.
const themeOf = (list) => (/sre/i.test(list) ? 'Site reliability engineering' : 'Resilience engineering');
const WORKS = new Set(['paper', 'book', 'talk', 'podcast', 'article', 'report', 'thesis',
  'postmortem', 'video', 'website', 'blog', 'newsletter', 'tool', 'question']);
const kind = (type) => (WORKS.has(type) ? 'work' : type);
const norm = (s) => s.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
const normUrl = (u) => u.trim().toLowerCase().replace(/^http:/, 'https:')
  .replace('://www.', '://').replace(/[/#]+$/, '');

function exportCorpus() {
  const dir = mkdtempSync(join(tmpdir(), 'resgraph-corpus-facts-'));
  try {
    execFileSync(bin, ['import', '--data-dir', join(dir, 'store'), corpus], { stdio: 'ignore' });
    execFileSync(bin, ['export', '--data-dir', join(dir, 'store'), '--out', join(dir, 'c.json')]);
    return JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Finds a list's node among nodes already known (the canon's, then the other entries'): by
// alias, by URL, or by title among nodes of the same kind.
class Known {
  constructor(nodes) {
    this.byTitle = new Map();
    this.byUrl = new Map();
    for (const n of nodes) this.add(n);
  }
  add(n) {
    this.byTitle.set(kind(n.type) + '|' + norm(n.title), n);
    if (n.url) this.byUrl.set(normUrl(n.url), n);
  }
  find(n, { byAliasOnly = false } = {}) {
    const alias = ALIASES.get(n.title);
    const aliased = alias && this.byTitle.get(kind(n.type) + '|' + norm(alias));
    if (aliased || byAliasOnly) return aliased;
    return (n.url && this.byUrl.get(normUrl(n.url))) || this.byTitle.get(kind(n.type) + '|' + norm(n.title));
  }
}

function ownWords() {
  if (!existsSync(outPath)) return new Map();
  const previous = JSON.parse(readFileSync(outPath, 'utf8'));
  return new Map(previous.nodes.filter((n) => n.summary).map((n) => [n.slug, n.summary]));
}

// The entry's facts, its prose left behind; provenance names this file and the list it is from.
function facts(n, summary) {
  const from = n.provenance?.[0] ?? {};
  const out = { slug: n.slug, type: n.type, title: n.title };
  if (n.url) out.url = n.url;
  if (n.date) out.date = n.date;
  if (summary) out.summary = summary;
  const attrs = {};
  for (const key of ['event', 'series', 'byline']) if (n.attrs?.[key]) attrs[key] = n.attrs[key];
  if (Object.keys(attrs).length) out.attrs = attrs;
  if (n.links?.length) out.links = n.links.map(({ url, label }) => ({ url, label }));
  out.provenance = [{ source: 'data', file: OUT_FILE, list: basename(from.file ?? ''),
    heading: from.heading ?? '' }];
  return out;
}

const lists = exportCorpus();
const canonNodes = JSON.parse(readFileSync(join(here, 'data/canon.json'), 'utf8')).nodes;
const canon = new Known(canonNodes);
const canonSlugs = new Set(canonNodes.map((n) => n.slug));
const summaries = ownWords();
const slugOf = new Map(); // list slug -> slug in this file
const stubs = new Map(); // canon slug -> stub node
const fresh = [];
for (const n of lists.nodes) {
  const known = canon.find(n);
  if (!known) {
    fresh.push(n);
    continue;
  }
  if (!stubs.has(known.slug)) stubs.set(known.slug, { slug: known.slug, type: known.type, title: known.title });
  slugOf.set(n.slug, known.slug);
}
// A list's slug can be one the canon gives another node, and a slug names one node in a store.
const nodes = [];
const ours = new Known([]);
for (const n of fresh) {
  let slug = n.slug;
  for (let i = 2; canonSlugs.has(slug); ++i) slug = `${n.slug}-${i}`;
  slugOf.set(n.slug, slug);
  const node = { ...facts(n, summaries.get(slug)), slug };
  if (node.type === 'concept') node.title = node.title[0].toUpperCase() + node.title.slice(1);
  nodes.push(node);
  ours.add({ ...n, slug });
}
const aliased = new Set();
for (const n of fresh) {
  const target = ours.find(n, { byAliasOnly: true });
  if (target && target.slug !== slugOf.get(n.slug)) {
    aliased.add(slugOf.get(n.slug));
    slugOf.set(n.slug, target.slug);
  }
}
const kept = nodes.filter((n) => !aliased.has(n.slug));

const seen = new Set();
const edges = [];
const link = (from, type, to) => {
  const key = `${from}|${type}|${to}`;
  if (!from || !to || from === to || seen.has(key)) return;
  if (stubs.has(from) && stubs.has(to)) return; // between canon nodes: the canon's to say
  seen.add(key);
  edges.push({ from, to, type });
};
for (const e of lists.edges) link(slugOf.get(e.from), e.type, slugOf.get(e.to));
const linked = () => new Set(edges.flatMap((e) => [e.from, e.to]));
// An entry no heading put under a concept is about its list's theme; a heading with no entry
// left under it is a theme related to the list's.
for (const n of kept.filter((n) => !linked().has(n.slug))) {
  if (n.type === 'person' || n.type === 'organization') continue;
  const theme = canon.find({ type: 'concept', title: themeOf(n.provenance[0].list) });
  stubs.set(theme.slug, { slug: theme.slug, type: theme.type, title: theme.title });
  link(n.slug, n.type === 'concept' ? 'related' : 'about', theme.slug);
}
const orphans = kept.filter((n) => !linked().has(n.slug)).map((n) => `${n.type} ${n.title}`);
const usedStubs = [...stubs.values()].filter((s) => linked().has(s.slug));
// In a stable order, so that a new run's diff shows what the lists changed.
const bySlug = (a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
const edgeKey = (e) => `${e.from}|${e.type}|${e.to}`;
usedStubs.sort(bySlug);
kept.sort(bySlug);
edges.sort((a, b) => (edgeKey(a) < edgeKey(b) ? -1 : 1));
writeFileSync(outPath, JSON.stringify({ nodes: [...usedStubs, ...kept], edges }, null, 1) + '\n');

const unsaid = kept.filter((n) => (n.type === 'person' || n.type === 'concept') && !n.summary);
console.log(`${OUT_FILE}: ${kept.length} nodes beyond the canon (${usedStubs.length} canon nodes named), ${edges.length} edges`);
for (const n of unsaid) console.log(`no summary yet: ${n.type} ${n.slug} (${n.title})`);
for (const o of orphans) console.log(`no edge: ${o}`);
