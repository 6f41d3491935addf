// The search box: completions while typing (/api/suggest), results with snippets and facet
// filters on Enter (/api/search). Picking either focuses the node.
import { api, enc } from './api.js';
import { esc } from './escape_html.js';

export function createSearchBox({ input, list, panel, state, onPick, onResults }) {
  let timer = null;
  let items = [];
  let active = -1;

  function close() { list.hidden = true; input.setAttribute('aria-expanded', 'false'); active = -1; }
  function mark() {
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    if (active >= 0) input.setAttribute('aria-activedescendant', `sugg-${active}`);
  }
  async function suggest() {
    const q = input.value.trim();
    if (!q) return close();
    try {
      const data = await api(`/api/suggest?q=${enc(q)}&limit=8`);
      items = data.suggestions;
      list.innerHTML = items.map((s, i) => `<li id="sugg-${i}" role="option" data-slug="${esc(s.slug)}">${esc(s.title)} <span class="muted">${esc(s.type)}</span></li>`).join('');
      list.hidden = items.length === 0;
      input.setAttribute('aria-expanded', String(!list.hidden));
    } catch { close(); }
  }
  async function search(q, type = '') {
    close();
    try {
      const data = await api(`/api/search?q=${enc(q)}&per_page=20${type ? `&type=${enc(type)}` : ''}`);
      state.highlighted = new Set(data.hits.map((h) => h.id));
      onResults();
      const facets = Object.entries(data.facets.type).map(([t, n]) => `<button type="button" data-type="${esc(t)}">${esc(t)} (${n})</button>`).join(' ');
      panel.innerHTML = `<h2>Results for “${esc(q)}”</h2>
        ${data.did_you_mean ? `<p>Did you mean <a href="#" data-q="${esc(data.did_you_mean)}">${esc(data.did_you_mean)}</a>?</p>` : ''}
        <p class="muted">about ${data.estimated_total} found</p><p>${facets}</p>
        <ol id="results">${data.hits.map((h) => `<li><a href="/n/${esc(h.slug)}" data-slug="${esc(h.slug)}">${esc(h.title)}</a> <span class="muted">${esc(h.type)}${h.year ? ` · ${h.year}` : ''}</span><br><small>${h.snippet}</small></li>`).join('')}</ol>`;
      panel.querySelectorAll('[data-type]').forEach((b) => b.addEventListener('click', () => search(q, b.dataset.type)));
      panel.querySelectorAll('[data-q]').forEach((a) => a.addEventListener('click', (e) => { e.preventDefault(); input.value = a.dataset.q; search(a.dataset.q); }));
      panel.querySelectorAll('#results a').forEach((a) => a.addEventListener('click', (e) => { e.preventDefault(); onPick(a.dataset.slug); }));
    } catch (err) {
      panel.innerHTML = `<p role="alert">${esc(err.message)}</p>`;
    }
  }

  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(suggest, 120); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && items.length) { active = Math.min(items.length - 1, active + 1); mark(); e.preventDefault(); }
    else if (e.key === 'ArrowUp' && items.length) { active = Math.max(0, active - 1); mark(); e.preventDefault(); }
    else if (e.key === 'Escape') close();
    else if (e.key === 'Enter') {
      e.preventDefault();
      if (active >= 0 && !list.hidden) { onPick(items[active].slug); close(); } else if (input.value.trim()) search(input.value.trim());
    }
  });
  list.addEventListener('mousedown', (e) => {
    const li = e.target.closest('li');
    if (li) { e.preventDefault(); onPick(li.dataset.slug); close(); }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  return { search, dispose() { clearTimeout(timer); } };
}
