// Trails: the list, and a walker showing step n of m with its note, previous/next buttons and
// the ←/→ keys; the trail is drawn as a highlighted path in the graph.
import { api, enc } from './api.js';
import { esc } from './escape_html.js';
import { createDiscussion } from './discussion_view.js';
import { citeLinks } from './related_view.js';
import { mayEdit, renderTrailEditor } from './trail_editor.js';

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

// The step's work as a reader wants it: its own link, date, venue (the event it was given at,
// or attrs.venue) and people (who authored or presented it).
function stepFacts(step) {
  const node = step.node;
  const hood = step.neighbourhood || { nodes: [], edges: [] };
  const byId = new Map(hood.nodes.map((x) => [x.id, x]));
  const linked = (types, kind) => hood.edges.filter((e) => types.includes(e.type) && (e.to === node.id || e.from === node.id))
    .map((e) => byId.get(e.to === node.id ? e.from : e.to)).filter((x) => x && x.type === kind);
  const people = linked(['authored', 'presented'], 'person');
  const venue = linked(['at_event'], 'event')[0];
  const url = node.url || node.links?.[0]?.url;
  const link = (x) => `<a href="/n/${esc(x.slug)}" data-slug="${esc(x.slug)}">${esc(x.title)}</a>`;
  return `<p id="step-facts"><span class="badge">${esc(node.type)}</span> ${esc(node.date || node.year || '')}
    ${venue ? ` · at ${link(venue)}` : node.attrs?.venue ? ` · ${esc(node.attrs.venue)}` : ''}
    ${people.length ? `<br>by ${people.map(link).join(', ')}` : ''}
    ${url ? `<br><a href="${esc(url)}" rel="noopener" id="step-link">Open the ${esc(node.type)}</a>` : ''}</p>`;
}

// The whole trail at a glance, in its order, dated where its works are, the current step marked.
function timelineHtml(trail, n, dateOf) {
  const dated = trail.steps.every((s) => s.gap || dateOf(s.node));
  return `<h3>${dated ? 'Timeline' : 'Steps'}</h3><ol id="timeline" class="timeline">${trail.steps.map((s) => `<li${s.n === n ? ' aria-current="step" class="current"' : ''}>
    <a href="/t/${esc(trail.slug)}/${s.n}" data-step="${s.n}">${dateOf(s.node) ? `<time>${esc(dateOf(s.node))}</time> ` : ''}${s.gap ? '<span class="gap">removed</span>' : esc(s.title)}</a></li>`).join('')}</ol>`;
}

export function createWalker({ panel, state, refresh, onOpen, focus, me = () => ({ role: 'anonymous' }), dateOf = () => '' }) {
  let current = null;
  let discussion = null;
  let editing = false;  // the editor stays open across the redraws its own changes cause

  // The editor under the walk, for the trail's owner and moderators.
  function attachEditor(trail, n) {
    const box = panel.querySelector('#trail-editing');
    if (!box) return;
    box.addEventListener('toggle', () => { editing = box.open; });
    renderTrailEditor(box.querySelector('#trail-editor'), trail, {
      onChanged: (to) => show(trail.slug, Math.max(1, Math.min(to ?? n, trail.steps.length || 1))).catch(() => show(trail.slug, 1)),
    });
  }
  const editorHtml = (trail) => (mayEdit(trail, me()) ? `<details id="trail-editing" ${editing ? 'open' : ''}><summary>Edit this trail</summary><div id="trail-editor"></div></details>` : '');

  async function show(slug, n) {
    const [trail, history] = await Promise.all([api(`/api/trails/${enc(slug)}`), api(`/api/trails/${enc(slug)}/history?limit=20`)]);
    state.trailPath = trail.steps.filter((s) => !s.gap).map((s) => s.node);
    if (!trail.steps.length) {  // a new trail: nothing to walk yet
      current = { slug, n: 0, of: 0, title: trail.title };
      refresh();
      panel.innerHTML = `<h2>${esc(trail.title)}</h2><p id="trail-position">No steps yet.</p>${editorHtml(trail)}`;
      attachEditor(trail, 1);
      return;
    }
    n = Math.min(n, trail.steps.length);
    const step = await api(`/api/trails/${enc(slug)}/steps/${n}`);
    current = { slug, n, of: step.of, title: trail.title };
    state.trailStep = step.node?.id || null;
    refresh();
    if (step.node) focus(step.node.id);
    panel.innerHTML = `
      <h2>${esc(trail.title)}</h2>
      <p id="trail-position" aria-live="polite">Step ${step.position} of ${step.of}</p>
      <h3>${step.node ? `<a href="/n/${esc(step.node.slug)}" data-slug="${esc(step.node.slug)}">${esc(step.node.title)}</a>` : `<span class="gap">${esc(step.gap)}</span>`}</h3>
      ${step.node ? stepFacts(step) : ''}
      ${step.note ? `<p>${esc(step.note)}</p>` : ''}
      ${step.node?.summary ? `<p>${esc(step.node.summary)}</p>` : ''}
      <p><button type="button" id="prev-step" ${step.prev ? '' : 'disabled'}>← Previous</button>
         <button type="button" id="next-step" ${step.next ? '' : 'disabled'}>Next →</button></p>
      ${timelineHtml(trail, step.position, dateOf)}
      <h3>Around this step</h3>
      <ul>${(step.neighbourhood?.nodes || []).slice(1, 15).map((x) => `<li><a href="/n/${esc(x.slug)}" data-slug="${esc(x.slug)}">${esc(x.title)}</a> <span class="muted">${esc(x.type)}</span></li>`).join('')}</ul>
      ${citeLinks(`trail=${enc(trail.slug)}`, 'cite-trail')}
      ${editorHtml(trail)}
      ${trailHistoryHtml(history.revisions, me().role === 'moderator')}
      <div id="discussion-area"></div>`;
    panel.querySelectorAll('[data-revert-trail]').forEach((b) => b.addEventListener('click', () => {
      if (!confirm(`Bring back revision ${b.dataset.revertTrail} of “${trail.title}”?`)) return;
      api(`/api/trails/${enc(trail.id)}/revert`, { method: 'POST', body: { rev: Number(b.dataset.revertTrail) }, ifMatch: trail.rev })
        .then(() => show(trail.slug, 1)).catch((e) => { panel.querySelector('#trail-revert-error').textContent = e.message; });
    }));
    attachEditor(trail, n);
    discussion = createDiscussion({ area: panel.querySelector('#discussion-area'), entity: 'trail', target: trail.id, me: me() });
    discussion.render().catch((e) => { panel.querySelector('#discussion-area').textContent = e.message; });
    panel.querySelectorAll('[data-step]').forEach((a) => a.addEventListener('click', (e) => { e.preventDefault(); onOpen({ trail: slug, step: Number(a.dataset.step) }); }));
    panel.querySelector('#timeline .current')?.scrollIntoView({ block: 'nearest' });
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
    // Where the reader is on a trail ({slug, n, title}), or null: a node opened from a step
    // offers the way back to it.
    where() { return current; },
    // A live comment on the trail being walked.
    refresh(change) { if (current) discussion?.refresh(change); },
    leave() { current = null; discussion = null; editing = false; state.trailPath = []; state.trailStep = null; },
    dispose() { document.removeEventListener('keydown', onKey); },
  };
}
