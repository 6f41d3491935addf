// The search box: completions while typing (/api/suggest), results with snippets and facet
// filters on Enter (/api/search). Picking either focuses the node.
import { api, enc } from './api.js';
import { esc } from './escape_html.js';
import { citeLinks } from './related_view.js';

export function createSearchBox({ input, list, panel, state, onPick, onResults }) {
  let timer = null;
  let items = [];
  let active = -1;

  function close() { list.hidden = true; input.setAttribute('aria-expanded', 'false'); active = -1; }
  function mark() {
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    if (active >= 0) input.setAttribute('aria-activedescendant', `sugg-${active}`);
  }
  // Each suggestion request and each search takes a number; a suggestion list that comes back
  // after a newer search (Enter pressed while it was on its way) is dropped, not shown over the
  // results.
  let generation = 0;
  async function suggest() {
    const q = input.value.trim();
    if (!q) return close();
    const mine = ++generation;
    try {
      const data = await api(`/api/suggest?q=${enc(q)}&limit=8`);
      if (mine !== generation) return;
      items = data.suggestions;
      list.innerHTML = items.map((s, i) => `<li id="sugg-${i}" role="option" data-slug="${esc(s.slug)}">${esc(s.title)} <span class="muted">${esc(s.type)}</span></li>`).join('');
      list.hidden = items.length === 0;
      input.setAttribute('aria-expanded', String(!list.hidden));
    } catch { close(); }
  }
  // Facets narrow the results: type through the API's type filter, year and tag through the
  // query language (year:Y..Y, tag:T). A pressed facet button is an active filter; pressing it
  // again lifts it. With a type chosen, the Type buttons still count the matches of every type
  // (a second, one-hit search without the type), so another type is one press away; the Year
  // and Tag buttons count within the chosen type.
  const hitHtml = (h) => `<li><a href="/n/${esc(h.slug)}" data-slug="${esc(h.slug)}">${esc(h.title)}</a> <span class="muted">${esc(h.type)}${h.year ? ` · ${h.year}` : ''}</span><br><small>${h.snippet}</small></li>`;
  const wirePicks = (root) => root.querySelectorAll('#results a:not([data-wired])').forEach((a) => {
    a.dataset.wired = '1';
    a.addEventListener('click', (e) => { e.preventDefault(); onPick(a.dataset.slug); });
  });

  // Results page on: each press appends the next 20, emphasised in the graph with the rest.
  function wireMore(root, url, total) {
    let page = 1;
    root.querySelector('#more-results')?.addEventListener('click', async (e) => {
      page += 1;
      const more = await api(`${url}&per_page=20&page=${page}`).catch((err) => ({ hits: [], error: err.message }));
      root.querySelector('#results').insertAdjacentHTML('beforeend', more.hits.map(hitHtml).join(''));
      wirePicks(root);
      for (const h of more.hits) state.highlighted.add(h.id);
      onResults();
      const shown = root.querySelectorAll('#results li').length;
      if (more.error || !more.hits.length || shown >= total) e.target.remove();
    });
  }

  async function search(q, filters = {}) {
    clearTimeout(timer);
    generation++;
    close();
    const terms = [q];
    if (filters.year) terms.push(`year:${filters.year}..${filters.year}`);
    if (filters.tag) terms.push(`tag:${filters.tag}`);
    const url = `/api/search?q=${enc(terms.join(' '))}`;
    try {
      const [data, everyType] = await Promise.all([
        api(`${url}&per_page=20${filters.type ? `&type=${enc(filters.type)}` : ''}`),
        filters.type ? api(`${url}&per_page=1`) : null,
      ]);
      state.highlighted = new Set(data.hits.map((h) => h.id));
      onResults();
      const group = (name, label, counts, order) => {
        const entries = order(Object.entries(counts));
        if (!entries.length) return '';
        return `<div class="facets" role="group" aria-label="${label}"><span class="muted">${label}:</span> ${entries.map(([v, n]) =>
          `<button type="button" class="facet" data-facet="${name}" data-value="${esc(v)}" aria-pressed="${filters[name] === v}">${esc(v)} (${n})</button>`).join(' ')}</div>`;
      };
      const byCount = (e) => e.sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).slice(0, 12);
      const byYear = (e) => e.sort((x, y) => y[0].localeCompare(x[0])).slice(0, 12);
      panel.innerHTML = `<h2>Results for “${esc(q)}”</h2>
        ${data.did_you_mean ? `<p>Did you mean <a href="#" data-q="${esc(data.did_you_mean)}">${esc(data.did_you_mean)}</a>?</p>` : ''}
        <p class="muted" id="result-count">about ${data.estimated_total} found</p>
        ${group('type', 'Type', (everyType || data).facets.type, byCount)}${group('year', 'Year', data.facets.year, byYear)}${group('tag', 'Tag', data.facets.tag, byCount)}
        ${data.hits.length ? citeLinks(`q=${enc(q)}${filters.type ? `&type=${enc(filters.type)}` : ''}`, 'cite-results') : ''}
        <ol id="results">${data.hits.map(hitHtml).join('')}</ol>
        ${data.estimated_total > data.hits.length ? '<p><button type="button" id="more-results">More results</button></p>' : ''}`;
      wireMore(panel, `${url}${filters.type ? `&type=${enc(filters.type)}` : ''}`, data.estimated_total);
      panel.querySelectorAll('[data-facet]').forEach((b) => b.addEventListener('click', () => {
        const { facet, value } = b.dataset;
        search(q, { ...filters, [facet]: filters[facet] === value ? '' : value });
      }));
      panel.querySelectorAll('[data-q]').forEach((a) => a.addEventListener('click', (e) => { e.preventDefault(); input.value = a.dataset.q; search(a.dataset.q); }));
      wirePicks(panel);
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
