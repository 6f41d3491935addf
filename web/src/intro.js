// The home panel: on a first visit, what resgraph is and three ways in (search, walk the
// Allspaw trail, browse the people); once dismissed, a short welcome. Remembered per browser.
import { api } from './api.js';
import { esc } from './escape_html.js';

const SEEN = 'resgraph-intro-dismissed';

export async function renderHome(panel, { onOpen, onSearch, onPeople }) {
  if (localStorage.getItem(SEEN)) {
    panel.innerHTML = '<h2>Welcome</h2><p>Search, pick a node in the graph, or walk a trail.</p>';
    return;
  }
  const trails = await api('/api/trails?limit=100').catch(() => ({ trails: [] }));
  const allspaw = trails.trails.find((t) => /allspaw/i.test(t.title)) || trails.trails[0];
  panel.innerHTML = `<section id="intro" aria-labelledby="intro-title">
    <h2 id="intro-title">Welcome to resgraph</h2>
    <p>A shared map of resilience engineering in software: the people, papers, talks, books,
      incident reports and ideas the field keeps in its reading lists, linked so you can follow
      one to the next. Everyone reads; invited contributors add and link, and every change is kept.</p>
    <h3>Three ways in</h3>
    <ul class="starts">
      <li><button type="button" id="start-search">Search</button> for a person, a paper or an idea</li>
      ${allspaw ? `<li><button type="button" id="start-trail" data-trail="${esc(allspaw.slug)}">Walk ${esc(allspaw.title)}</button> step by step</li>` : ''}
      <li><button type="button" id="start-people">Browse the people</button> of the field in the graph</li>
    </ul>
    <p><button type="button" id="intro-dismiss" class="linkish">Don't show this again</button></p>
  </section>`;
  panel.querySelector('#start-search').addEventListener('click', onSearch);
  panel.querySelector('#start-trail')?.addEventListener('click', (e) => onOpen({ trail: e.target.dataset.trail, step: 1 }));
  panel.querySelector('#start-people').addEventListener('click', onPeople);
  panel.querySelector('#intro-dismiss').addEventListener('click', () => {
    localStorage.setItem(SEEN, '1');
    renderHome(panel, { onOpen, onSearch, onPeople });
  });
}
