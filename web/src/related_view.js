// Beside a node's own fields: what is related to it and why (shared people and concepts), the
// shortest path from it to any other node (picked from the search suggestions, drawn in the
// graph), and its neighbourhood's works as citations.
import { api, enc } from './api.js';
import { esc } from './escape_html.js';

const CITATIONS = [['bibtex', 'BibTeX'], ['csl-json', 'CSL-JSON'], ['ris', 'RIS']];

// Export links for the works of a node's neighbourhood, a trail or a search.
export function citeLinks(params, id = 'cite') {
  return `<p class="muted" id="${id}">Cite: ${CITATIONS.map(([f, label]) => `<a href="/api/export?format=${f}&${params}" download data-format="${f}">${label}</a>`).join(' · ')}</p>`;
}

export async function renderRelated(area, node, { onOpen, onPath }) {
  const related = await api(`/api/nodes/${enc(node.slug)}/related?limit=8`).catch(() => ({ related: [] }));
  area.innerHTML = `${related.related.length ? `<h3>Related</h3><ul id="related">${related.related.map((r) => `<li><a href="/n/${esc(r.slug)}" data-slug="${esc(r.slug)}">${esc(r.title)}</a> <span class="muted">${esc(r.type)}</span>
      ${r.via?.length ? `<br><span class="muted">through ${r.via.slice(0, 3).map(esc).join(', ')}${r.via.length > 3 ? ` and ${r.via.length - 3} more` : ''}</span>` : ''}</li>`).join('')}</ul>` : ''}
    <h3>Find a path</h3>
    <form id="path-form" class="edit"><label>From ${esc(node.title)} to <input id="path-to" list="path-options" autocomplete="off" placeholder="a person, work or concept"></label>
      <datalist id="path-options"></datalist><button>Find</button></form>
    <div id="path-result" role="status"></div>
    ${citeLinks(`node=${enc(node.slug)}&depth=1`)}`;
  area.querySelectorAll('[data-slug]').forEach((a) => a.addEventListener('click', (e) => { e.preventDefault(); onOpen({ slug: a.dataset.slug }); }));
  wirePath(area, node, { onOpen, onPath });
}

function wirePath(area, node, { onOpen, onPath }) {
  const input = area.querySelector('#path-to');
  let options = [];
  input.addEventListener('input', async () => {
    const q = input.value.trim();
    if (q.length < 2) return;
    const found = await api(`/api/suggest?q=${enc(q)}&limit=8`).catch(() => ({ suggestions: [] }));
    options = found.suggestions;
    area.querySelector('#path-options').innerHTML = options.map((s) => `<option value="${esc(s.title)}">${esc(s.type)}</option>`).join('');
  });
  area.querySelector('#path-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const out = area.querySelector('#path-result');
    const picked = options.find((s) => s.title === input.value) || options[0];
    if (!picked) { out.textContent = 'Pick a node from the suggestions.'; return; }
    try {
      const path = await api(`/api/path?from=${enc(node.id)}&to=${enc(picked.id)}`);
      if (!path.found) {
        out.innerHTML = `<p>${esc(path.message || `No path from ${node.title} to ${picked.title} within 4 links.`)}</p>`;
        onPath([]);
        return;
      }
      const types = new Map(path.edges.map((x) => [`${x.from} ${x.to}`, x.type.replaceAll('_', ' ')]));
      const step = (a, b) => types.get(`${a.id} ${b.id}`) ? `— ${types.get(`${a.id} ${b.id}`)} →` : `← ${types.get(`${b.id} ${a.id}`) || 'linked'} —`;
      out.innerHTML = `<p>${path.length} link${path.length === 1 ? '' : 's'} apart:</p><ol id="path-list">${path.nodes.map((n, i) => `<li><a href="/n/${esc(n.slug)}" data-slug="${esc(n.slug)}">${esc(n.title)}</a>${i + 1 < path.nodes.length ? ` <span class="muted">${esc(step(n, path.nodes[i + 1]))}</span>` : ''}</li>`).join('')}</ol>`;
      out.querySelectorAll('[data-slug]').forEach((a) => a.addEventListener('click', (ev) => { ev.preventDefault(); onOpen({ slug: a.dataset.slug }); }));
      onPath(path.nodes.map((n) => n.id));
    } catch (err) {
      out.textContent = err.message;
    }
  });
}
