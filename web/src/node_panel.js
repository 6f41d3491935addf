// The node panel: fields, labelled links (a dead one with its archived copy), connections by edge
// type, trails, provenance, history with a readable diff between revisions, presence badges and
// (signed in) editing.
import { api, enc } from './api.js';
import { esc } from './escape_html.js';
import { createDiscussion } from './discussion_view.js';
import { renderRelated } from './related_view.js';

const FIELDS = ['title', 'type', 'url', 'date', 'year', 'summary', 'tags'];

// A field's value as text, the way the history and a conflict show it.
export function fieldText(v) { return Array.isArray(v) ? v.join(', ') : v ?? ''; }

export function diffRevisions(older, newer) {
  const rows = [];
  for (const f of FIELDS) {
    const a = fieldText(older?.[f]), b = fieldText(newer?.[f]);
    if (a !== b) rows.push(`<li><b>${f}</b>: ${a ? `<span class="diff-del">${esc(a)}</span> ` : ''}<span class="diff-add">${esc(b)}</span></li>`);
  }
  return rows.length ? `<ul>${rows.join('')}</ul>` : '<p class="muted">no field changed</p>';
}

// What the link checker last found: nothing for a link that answers, a warning for one that
// has failed but is not dead yet, and for a dead one its archived copy when there is one.
function linkHealth(link) {
  if (link?.state === 'dead')
    return ` <span class="badge link-dead">dead link</span>${link.archived ? ` <a class="archived" href="${esc(link.archived)}" rel="noopener">archived copy</a>` : ''}`;
  if (link?.state === 'failing') return ' <span class="badge link-failing">not answering lately</span>';
  return '';
}

// A revision's line in the history; moderators can bring back any but the current one.
function revisionHtml(r, older, { moderator, head }) {
  const revert = moderator && r.rev !== head && r.kind !== 'deleted' ? ` <button type="button" class="linkish" data-revert="${r.rev}">Revert to this</button>` : '';
  return `<li><details><summary>rev ${r.rev} ${esc(r.kind)} by ${esc(r.author)} ${new Date(r.at).toISOString().slice(0, 16).replace('T', ' ')} ${esc(r.comment)}</summary>${diffRevisions(older?.snapshot, r.snapshot)}</details>${revert}</li>`;
}

// Renders the node; resolves to { node, discussion } (the thread, for live comments).
export async function renderNode(panel, slug, { onOpen, editor, presence, onPath = () => {}, onHide = () => {} }) {
  const [node, edges, trails, history, checked] = await Promise.all([
    api(`/api/nodes/${enc(slug)}`),
    api(`/api/nodes/${enc(slug)}/edges`),
    api(`/api/nodes/${enc(slug)}/trails`),
    api(`/api/nodes/${enc(slug)}/history?limit=20`),
    // The panel reads without it: link health is a note beside the links.
    api(`/api/links?node=${enc(slug)}`).catch(() => ({ links: [] })),
  ]);
  const health = new Map(checked.links.map((l) => [l.url, l]));
  const others = new Map();
  await Promise.all(edges.edges.map(async (e) => {
    const other = e.from === node.id ? e.to : e.from;
    if (!others.has(other)) others.set(other, await api(`/api/nodes/${enc(other)}`).catch(() => null));
  }));
  const groups = {};
  for (const e of edges.edges) {
    const out = e.from === node.id;
    const key = out ? e.type : `${e.type} (by)`;
    const other = others.get(out ? e.to : e.from);
    if (other) (groups[key] ||= []).push({ other, edge: e.id });
  }
  const links = [node.url ? `<li><a href="${esc(node.url)}" rel="noopener">${esc(node.url)}</a>${linkHealth(health.get(node.url))}</li>` : '',
    ...node.links.map((l) => `<li><a href="${esc(l.url)}" rel="noopener">${esc(l.label || l.url)}</a>${linkHealth(health.get(l.url))}</li>`)].join('');
  const revs = history.revisions;
  const me = editor?.me || { role: 'anonymous' };
  const canEdit = me.role === 'contributor' || me.role === 'moderator';
  panel.innerHTML = `
    <h2 id="node-title">${esc(node.title)}</h2>
    <p><span class="badge">${esc(node.type)}</span> ${node.date ? esc(node.date) : node.year ?? ''}
      <a href="/n/${esc(node.slug)}" class="muted" id="permalink">permalink</a>
      <a href="/api/feeds/changes?${node.type === 'person' ? 'person' : 'node'}=${enc(node.slug)}" class="muted" id="node-feed" title="Follow its changes in a feed reader">feed</a>
      <button type="button" class="linkish" id="hide-node" title="Take it out of the graph view (the sidebar brings it back)">hide in graph</button></p>
    <p id="presence" aria-live="polite">${presence || ''}</p>
    ${node.summary ? `<p>${esc(node.summary)}</p>` : ''}
    ${node.tags.length ? `<p>${node.tags.map((t) => `<span class="badge">#${esc(t)}</span>`).join('')}</p>` : ''}
    ${links ? `<h3>Links</h3><ul>${links}</ul>` : ''}
    <h3>Connections</h3>
    ${Object.entries(groups).map(([k, list]) => `<h4>${esc(k)}</h4><ul>${list.map(({ other: o, edge }) => `<li><a href="/n/${esc(o.slug)}" data-slug="${esc(o.slug)}">${esc(o.title)}</a> <span class="muted">${esc(o.type)}</span>${canEdit ? ` <button type="button" class="linkish" data-unlink="${esc(edge)}" aria-label="Remove the link to ${esc(o.title)}">remove</button>` : ''}</li>`).join('')}</ul>`).join('') || '<p class="muted">none yet</p>'}
    <p id="unlink-error" role="alert"></p>
    <div id="related-area"></div>
    ${trails.trails.length ? `<h3>Trails</h3><ul>${trails.trails.map((t) => `<li><a href="/t/${esc(t.slug)}" data-trail="${esc(t.slug)}" data-step="${t.positions[0]}">${esc(t.title)}</a> <span class="muted">step ${t.positions.join(', ')} of ${t.length}</span></li>`).join('')}</ul>` : ''}
    <h3>Provenance</h3>
    <ul>${node.provenance.map((p) => `<li>${esc(p.source)}: ${esc(p.file)}${p.heading ? ` — ${esc(p.heading)}` : ''}${p.line ? `, line ${esc(p.line)}` : ''}</li>`).join('') || '<li class="muted">added by hand</li>'}</ul>
    <h3>History</h3>
    <ul class="history">${revs.map((r, i) => revisionHtml(r, revs[i + 1], { moderator: me.role === 'moderator', head: node.rev })).join('')}</ul>
    <p id="revert-error" role="alert"></p>
    <div id="discussion-area"></div>
    <div id="edit-area"></div>`;
  panel.querySelectorAll('[data-slug]').forEach((a) => a.addEventListener('click', (e) => { e.preventDefault(); onOpen({ slug: a.dataset.slug }); }));
  panel.querySelectorAll('[data-trail]').forEach((a) => a.addEventListener('click', (e) => { e.preventDefault(); onOpen({ trail: a.dataset.trail, step: Number(a.dataset.step) }); }));
  panel.querySelector('#hide-node').addEventListener('click', () => onHide(node.id));
  panel.querySelectorAll('[data-unlink]').forEach((b) => b.addEventListener('click', () => {
    api(`/api/edges/${enc(b.dataset.unlink)}`, { method: 'DELETE' })
      .then(() => onOpen({ slug: node.slug }, { push: false }))
      .catch((e) => { panel.querySelector('#unlink-error').textContent = e.message; });
  }));
  panel.querySelectorAll('[data-revert]').forEach((b) => b.addEventListener('click', () => {
    if (!confirm(`Bring back revision ${b.dataset.revert} of “${node.title}”? It becomes a new revision.`)) return;
    api(`/api/nodes/${enc(node.id)}/revert`, { method: 'POST', body: { rev: Number(b.dataset.revert) }, ifMatch: node.rev })
      .then(() => onOpen({ slug: node.slug }, { push: false }))
      .catch((e) => { panel.querySelector('#revert-error').textContent = e.message; });
  }));
  if (editor) editor.attach(panel.querySelector('#edit-area'), node);
  await renderRelated(panel.querySelector('#related-area'), node, { onOpen, onPath });
  const discussion = createDiscussion({ area: panel.querySelector('#discussion-area'), entity: 'node', target: node.id, me });
  await discussion.render().catch((e) => { panel.querySelector('#discussion-area').textContent = e.message; });
  return { node, discussion };
}
