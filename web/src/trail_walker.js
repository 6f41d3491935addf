// Trails: the list, and a walker showing step n of m with its note, previous/next buttons and
// the ←/→ keys; the trail is drawn as a highlighted path in the graph.
import { api, enc } from './api.js';
import { esc } from './escape_html.js';
import { createDiscussion } from './discussion_view.js';
import { citeLinks } from './related_view.js';

// The trail's revisions; moderators bring back any earlier one (deleted steps' nodes as gaps).
function trailHistoryHtml(revs, moderator) {
  return `<details id="trail-history"><summary>History (${revs.length})</summary><ul class="history">${revs.map((r, i) => `<li>rev ${r.rev} ${esc(r.kind)} by ${esc(r.author)} ${new Date(r.at).toISOString().slice(0, 16).replace('T', ' ')} ${esc(r.comment)}
    ${moderator && i > 0 && r.kind !== 'deleted' ? `<button type="button" class="linkish" data-revert-trail="${r.rev}">Revert to this</button>` : ''}</li>`).join('')}</ul><p id="trail-revert-error" role="alert"></p></details>`;
}

export async function loadTrailList(list, onOpen) {
  const data = await api('/api/trails?limit=100');
  list.innerHTML = data.trails.map((t) => `<li><a href="/t/${esc(t.slug)}" data-trail="${esc(t.slug)}">${esc(t.title)}</a> <span class="muted">${t.length} steps</span></li>`).join('') || '<li class="muted">no trails yet</li>';
  list.querySelectorAll('a').forEach((a) => a.addEventListener('click', (e) => { e.preventDefault(); onOpen({ trail: a.dataset.trail, step: 1 }); }));
}

export function createWalker({ panel, state, refresh, onOpen, focus, me = () => ({ role: 'anonymous' }) }) {
  let current = null;
  let discussion = null;

  async function show(slug, n) {
    const [trail, history] = await Promise.all([api(`/api/trails/${enc(slug)}`), api(`/api/trails/${enc(slug)}/history?limit=20`)]);
    state.trailPath = trail.steps.filter((s) => !s.gap).map((s) => s.node);
    const step = await api(`/api/trails/${enc(slug)}/steps/${n}`);
    current = { slug, n, of: step.of };
    state.trailStep = step.node?.id || null;
    refresh();
    if (step.node) focus(step.node.id);
    panel.innerHTML = `
      <h2>${esc(trail.title)}</h2>
      <p id="trail-position" aria-live="polite">Step ${step.position} of ${step.of}</p>
      <h3>${step.node ? `<a href="/n/${esc(step.node.slug)}" data-slug="${esc(step.node.slug)}">${esc(step.node.title)}</a>` : `<span class="gap">${esc(step.gap)}</span>`}</h3>
      ${step.node ? `<p><span class="badge">${esc(step.node.type)}</span> ${esc(step.node.date || step.node.year || '')}</p>` : ''}
      ${step.note ? `<p>${esc(step.note)}</p>` : ''}
      ${step.node?.summary ? `<p>${esc(step.node.summary)}</p>` : ''}
      <p><button type="button" id="prev-step" ${step.prev ? '' : 'disabled'}>← Previous</button>
         <button type="button" id="next-step" ${step.next ? '' : 'disabled'}>Next →</button></p>
      <h3>Around this step</h3>
      <ul>${(step.neighbourhood?.nodes || []).slice(1, 15).map((x) => `<li><a href="/n/${esc(x.slug)}" data-slug="${esc(x.slug)}">${esc(x.title)}</a> <span class="muted">${esc(x.type)}</span></li>`).join('')}</ul>
      ${citeLinks(`trail=${enc(trail.slug)}`, 'cite-trail')}
      ${trailHistoryHtml(history.revisions, me().role === 'moderator')}
      <div id="discussion-area"></div>`;
    panel.querySelectorAll('[data-revert-trail]').forEach((b) => b.addEventListener('click', () => {
      if (!confirm(`Bring back revision ${b.dataset.revertTrail} of “${trail.title}”?`)) return;
      api(`/api/trails/${enc(trail.id)}/revert`, { method: 'POST', body: { rev: Number(b.dataset.revertTrail) }, ifMatch: trail.rev })
        .then(() => show(trail.slug, 1)).catch((e) => { panel.querySelector('#trail-revert-error').textContent = e.message; });
    }));
    discussion = createDiscussion({ area: panel.querySelector('#discussion-area'), entity: 'trail', target: trail.id, me: me() });
    discussion.render().catch((e) => { panel.querySelector('#discussion-area').textContent = e.message; });
    panel.querySelector('#prev-step').addEventListener('click', () => go(-1));
    panel.querySelector('#next-step').addEventListener('click', () => go(1));
    panel.querySelectorAll('[data-slug]').forEach((a) => a.addEventListener('click', (e) => { e.preventDefault(); onOpen({ slug: a.dataset.slug }); }));
  }

  function go(delta) {
    if (!current) return;
    const n = current.n + delta;
    if (n >= 1 && n <= current.of) onOpen({ trail: current.slug, step: n });
  }

  const onKey = (e) => {
    if (!current || e.target.closest('input, textarea, select')) return;
    if (e.key === 'ArrowRight') go(1);
    if (e.key === 'ArrowLeft') go(-1);
  };
  document.addEventListener('keydown', onKey);
  return {
    show,
    // A live comment on the trail being walked.
    refresh(change) { if (current) discussion?.refresh(change); },
    leave() { current = null; discussion = null; state.trailPath = []; state.trailStep = null; },
    dispose() { document.removeEventListener('keydown', onKey); },
  };
}
