// Changing a trail, for its owner and moderators: its title, description and step notes, the
// order of its steps (drag a step, or its ↑ and ↓ buttons from the keyboard) and removing steps.
// Every write carries the trail's revision: if someone changed it meanwhile, the editor says so
// and shows the trail as it is now, to do it again on top.
import { api, ApiError, enc } from './api.js';
import { esc } from './escape_html.js';

export function mayEdit(trail, me) {
  return me.role === 'moderator' || me.role === 'admin' || (me.role === 'contributor' && trail.owner === me.name);
}

function editorHtml(trail) {
  const steps = trail.steps.map((s, i) => `<li draggable="true" data-n="${s.n}">
      <span class="drag" aria-hidden="true">⋮⋮</span> <b>${s.gap ? '<span class="gap">removed node</span>' : esc(s.title)}</b>
      <label>Note for step ${s.n} <input name="note-${s.n}" value="${esc(s.note || '')}"></label>
      <button type="button" data-up="${s.n}" ${i === 0 ? 'disabled' : ''} aria-label="Move step ${s.n} up">↑</button>
      <button type="button" data-down="${s.n}" ${i === trail.steps.length - 1 ? 'disabled' : ''} aria-label="Move step ${s.n} down">↓</button>
      <button type="button" data-remove="${s.n}" aria-label="Remove step ${s.n}">Remove</button></li>`).join('');
  return `<form id="trail-edit-form" class="edit">
      <label>Title <input name="title" required value="${esc(trail.title)}"></label>
      <label>Description <textarea name="description" rows="2">${esc(trail.description || '')}</textarea></label>
      <ol id="trail-edit" class="trail-edit">${steps || '<li class="muted">No steps yet: open a node and use “Add to trail”.</li>'}</ol>
      <button class="primary">Save title, description and notes</button> <span id="trail-edit-error" role="alert"></span></form>`;
}

export function renderTrailEditor(area, trail, { onChanged }) {
  area.innerHTML = editorHtml(trail);
  const fail = (err) => {
    const stale = err instanceof ApiError && err.status === 409;
    const say = stale ? 'Someone changed this trail meanwhile: here it is as it is now; do it again on top.' : `Not changed: ${err.message}`;
    return onChanged(stale ? null : trail.steps.length ? 1 : 0).then(() => { document.getElementById('trail-edit-error').textContent = say; });
  };
  const base = `/api/trails/${enc(trail.slug)}`;
  const move = (from, to) => api(`${base}/steps/${from}/move`, { method: 'POST', body: { to }, ifMatch: trail.rev }).then(() => onChanged(to)).catch(fail);
  area.querySelectorAll('[data-up]').forEach((b) => b.addEventListener('click', () => move(Number(b.dataset.up), Number(b.dataset.up) - 1)));
  area.querySelectorAll('[data-down]').forEach((b) => b.addEventListener('click', () => move(Number(b.dataset.down), Number(b.dataset.down) + 1)));
  area.querySelectorAll('[data-remove]').forEach((b) => b.addEventListener('click', () =>
    api(`${base}/steps/${b.dataset.remove}`, { method: 'DELETE', ifMatch: trail.rev }).then(() => onChanged(1)).catch(fail)));
  let dragged = 0;
  area.querySelectorAll('#trail-edit li[data-n]').forEach((li) => {
    li.addEventListener('dragstart', (e) => { dragged = Number(li.dataset.n); e.dataTransfer.effectAllowed = 'move'; });
    li.addEventListener('dragover', (e) => e.preventDefault());
    li.addEventListener('drop', (e) => {
      e.preventDefault();
      const to = Number(li.dataset.n);
      if (dragged && dragged !== to) move(dragged, to);
    });
  });
  area.querySelector('#trail-edit-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const steps = trail.steps.map((s) => ({ node: s.node, note: f.get(`note-${s.n}`) || '' }));
    api(base, { method: 'PATCH', body: { title: f.get('title'), description: f.get('description'), steps }, ifMatch: trail.rev })
      .then(() => onChanged(null)).catch(fail);
  });
}

// A new trail from the sidebar: a title and a description; steps are added from node panels.
export function renderNewTrail(panel, { onCreated }) {
  panel.innerHTML = `<h2>New trail</h2><form id="new-trail-form" class="edit">
    <label>Title <input name="title" required></label>
    <label>Description <textarea name="description" rows="3"></textarea></label>
    <button class="primary">Create</button> <span id="new-trail-error" role="alert"></span></form>
    <p class="muted">Then open the nodes to walk, in order, and use “Add to trail” on each.</p>`;
  panel.querySelector('input').focus();
  panel.querySelector('#new-trail-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    api('/api/trails', { method: 'POST', body: { title: f.get('title'), description: f.get('description'), steps: [] } })
      .then((t) => onCreated(t)).catch((err) => { panel.querySelector('#new-trail-error').textContent = err.message; });
  });
}
