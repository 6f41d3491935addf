// Editing, once signed in: create a node, edit its fields, look a work's metadata up, link it,
// add it to a trail, delete it (moderators). A stale edit shows the newer version beside yours, field by field, to merge.
import { api, enc, session, ApiError } from './api.js';
import { esc } from './escape_html.js';
import { fieldText } from './node_panel.js';

const TYPES = ['paper', 'talk', 'person', 'concept', 'book', 'podcast', 'article', 'event', 'organization', 'video', 'website', 'tool', 'newsletter', 'blog', 'course', 'question'];
const EDGE_TYPES = ['authored', 'presented', 'about', 'cites', 'mentions', 'related', 'at_event', 'part_of', 'reviews'];
// Nodes that are not works have no metadata to look up.
const NOT_WORKS = ['person', 'concept', 'organization', 'event', 'question'];

function fieldsOf(form) {
  const f = new FormData(form);
  const out = { title: f.get('title'), type: f.get('type'), url: f.get('url') || '', summary: f.get('summary') || '', date: f.get('date') || '' };
  out.tags = String(f.get('tags') || '').split(',').map((t) => t.trim()).filter(Boolean);
  return out;
}

function formHtml(n = {}) {
  return `<form class="edit" id="node-form">
    <label>Title <input name="title" required value="${esc(n.title)}"></label>
    <label>Type <select name="type">${TYPES.map((t) => `<option ${t === n.type ? 'selected' : ''}>${t}</option>`).join('')}</select></label>
    <label>URL <input name="url" type="url" value="${esc(n.url)}"></label>
    <label>Date (YYYY, YYYY-MM or YYYY-MM-DD) <input name="date" value="${esc(n.date)}"></label>
    <label>Summary <textarea name="summary" rows="3">${esc(n.summary)}</textarea></label>
    <label>Tags (comma separated) <input name="tags" value="${esc((n.tags || []).join(', '))}"></label>
    <p id="form-error" role="alert"></p>
    <button class="primary">Save</button></form>`;
}

export function createEditor({ onSaved, onOpen, onEditing }) {
  let me = { role: 'anonymous' };

  async function refreshMe() {
    me = await api('/api/me').catch(() => ({ role: 'anonymous' }));
    session.csrf = me.csrf || '';
    document.getElementById('edit-tools').hidden = !['contributor', 'moderator'].includes(me.role);
    document.getElementById('signin-button').textContent = me.role === 'anonymous' ? 'Sign in' : `${me.name} · sign out`;
  }

  // Only the fields that differ ask for a choice; the rest are the same on both sides.
  function conflictView(area, mine, current, retry) {
    const FIELDS = ['title', 'type', 'url', 'date', 'summary', 'tags'];
    const differ = FIELDS.filter((f) => fieldText(mine[f]) !== fieldText(current[f]));
    const same = FIELDS.filter((f) => !differ.includes(f));
    const rows = differ.map((f) => `<div><b>${f}: yours</b><pre>${esc(fieldText(mine[f]))}</pre><label><input type="radio" name="pick-${f}" value="mine" checked> keep mine</label></div>
              <div><b>${f}: now (rev ${current.rev} by ${esc(current.updated.by)})</b><pre>${esc(fieldText(current[f]))}</pre><label><input type="radio" name="pick-${f}" value="theirs"> take theirs</label></div>`).join('');
    area.innerHTML = `<h3 role="alert" id="conflict-title">Someone changed this node while you edited</h3>
      ${same.length ? `<p class="muted">Same on both sides: ${same.join(', ')}.</p>` : ''}
      <form id="merge" class="conflict">${rows}<p><button class="primary">Save merged</button></p></form>`;
    area.querySelector('#conflict-title').scrollIntoView({ block: 'start' });
    area.querySelector('#merge').addEventListener('submit', (e) => {
      e.preventDefault();
      const merged = {};
      for (const f of FIELDS)
        merged[f] = new FormData(e.target).get(`pick-${f}`) === 'theirs' ? current[f] : mine[f];
      retry(merged, current.rev);
    });
  }

  // Where a failed save says why: the form's own line, or one added under a merge view.
  function errorBox(area) {
    let box = area.querySelector('#form-error, #save-error');
    if (!box) {
      area.insertAdjacentHTML('beforeend', '<p id="save-error" role="alert"></p>');
      box = area.querySelector('#save-error');
    }
    return box;
  }

  async function save(area, node, fields, rev) {
    const body = { ...fields };
    if (!body.date) delete body.date;
    try {
      const saved = node ? await api(`/api/nodes/${enc(node.id)}`, { method: 'PATCH', body, ifMatch: rev })
                         : await api('/api/nodes', { method: 'POST', body });
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.problem.current) {
        conflictView(area, fields, err.problem.current, (merged, newRev) => save(area, node, merged, newRev));
      } else if (err instanceof ApiError && err.status === 409 && err.problem.existing) {
        // A duplicate (the merged title or URL is another node's): say which, keep what was typed.
        const other = err.problem.existing;
        errorBox(area).innerHTML = `${esc(err.message)}. <a href="/n/${esc(other.slug)}" id="existing-node">Open ${esc(other.title)}</a>, or change yours and save again.`;
      } else {
        errorBox(area).textContent = `Not saved: ${err.message}`;
      }
      area.querySelector('#form-error, #save-error')?.scrollIntoView({ block: 'nearest' });
    }
  }

  // A lookup is proposed first (a dry run), and written only when the contributor accepts it.
  async function reviewLookup(area, node) {
    area.innerHTML = '<p class="muted" id="lookup-status">Looking up…</p>';
    const lookup = (dry) => api(`/api/nodes/${enc(node.id)}/enrich${dry ? '?dry_run=1' : ''}`, { method: 'POST' });
    try {
      const found = await lookup(true);
      const lines = `<ul class="muted">${found.lookups.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`;
      if (!found.changes.length) {
        area.innerHTML = `<p id="lookup-status">Nothing to fill in.</p>${lines}`;
        return;
      }
      area.innerHTML = `<h4 id="lookup-status">The lookup would fill in</h4>
        <ul id="lookup-changes">${found.changes.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>${lines}
        <p><button type="button" class="primary" id="lookup-apply">Fill these in</button> <button type="button" id="lookup-cancel">Leave it</button></p>`;
      area.querySelector('#lookup-cancel').addEventListener('click', () => { area.innerHTML = ''; });
      area.querySelector('#lookup-apply').addEventListener('click', () => lookup(false)
        .then(() => onOpen({ slug: node.slug }))
        .catch((err) => { area.querySelector('#lookup-status').textContent = `Not filled in: ${err.message}`; }));
    } catch (err) {
      area.innerHTML = `<p role="alert" id="lookup-status">The lookup failed: ${esc(err.message)}</p>`;
    }
  }

  function openForm(area, node) {
    area.innerHTML = formHtml(node || {});
    area.querySelector('#node-form').addEventListener('submit', (e) => { e.preventDefault(); save(area, node, fieldsOf(e.target), node?.rev); });
    area.querySelector('input').focus();
  }

  // The link read as a sentence before it is made: "Richard Cook — authored → How Complex
  // Systems Fail". A person's works are theirs: picking "authored" on a work turns it around.
  function wireLinkSentence(form, node) {
    const say = () => {
      const f = new FormData(form);
      const option = [...form.querySelectorAll('#link-options option')].find((o) => o.value === f.get('to'));
      const other = option ? option.textContent.replace(/ \([^)]*\)$/, '') : (f.get('to') || '…');
      const [a, b] = f.get('direction') === 'in' ? [other, node.title] : [node.title, other];
      form.querySelector('#link-sentence').textContent = `${a} — ${f.get('type').replaceAll('_', ' ')} → ${b}`;
    };
    form.querySelector('select[name="type"]').addEventListener('change', (e) => {
      if (['authored', 'presented'].includes(e.target.value) && node.type !== 'person') form.querySelector('select[name="direction"]').value = 'in';
      say();
    });
    form.addEventListener('input', say);
    form.addEventListener('change', say);
    say();
  }

  return {
    refreshMe,
    get me() { return me; },
    newNode(panel) { panel.innerHTML = '<h2>New node</h2><div id="edit-area"></div>'; openForm(panel.querySelector('#edit-area'), null); },
    attach(area, node) {
      if (!['contributor', 'moderator'].includes(me.role)) return;
      area.innerHTML = `<h3>Contribute</h3>
        <p><button type="button" id="edit-node">Edit</button> ${NOT_WORKS.includes(node.type) ? '' : '<button type="button" id="enrich-node" title="Fill missing date, venue, DOI and authors from Crossref or the work\'s page">Look up metadata</button>'} ${me.role === 'moderator' ? '<button type="button" id="delete-node">Delete</button>' : ''}</p>
        <form id="link-form" class="edit"><label>Link to (type a title, pick a suggestion) <input name="to" required list="link-options" autocomplete="off"></label><datalist id="link-options"></datalist>
          <label>as <select name="type">${EDGE_TYPES.map((t) => `<option>${t}</option>`).join('')}</select></label>
          <label>which way <select name="direction"><option value="out">from this node</option><option value="in">to this node</option></select></label>
          <p id="link-sentence" class="muted" aria-live="polite"></p><button>Link</button></form>
        <form id="trail-form" class="edit"><label>Add to trail <select name="trail" required></select></label><button>Add</button></form>
        <p id="form-error" role="alert"></p><div id="form-area"></div>`;
      api('/api/trails?limit=100').then((data) => {
        // A trail is its owner's (and the moderators') to change: offer only those.
        const mine = data.trails.filter((t) => me.role === 'moderator' || me.role === 'admin' || t.owner === me.name);
        area.querySelector('#trail-form select').innerHTML = mine.map((t) => `<option value="${esc(t.slug)}">${esc(t.title)}</option>`).join('');
        area.querySelector('#trail-form').hidden = mine.length === 0;
      }).catch(() => {});
      area.querySelector('#edit-node').addEventListener('click', () => { openForm(area.querySelector('#form-area'), node); onEditing(node); });
      area.querySelector('#enrich-node')?.addEventListener('click', () => reviewLookup(area.querySelector('#form-area'), node));
      area.querySelector('#delete-node')?.addEventListener('click', async () => {
        if (!confirm(`Delete “${node.title}” and its links?`)) return;
        await api(`/api/nodes/${enc(node.id)}`, { method: 'DELETE', ifMatch: node.rev }).then(() => onOpen({})).catch((err) => { area.querySelector('#form-error').textContent = err.message; });
      });
      // The link target is found by title through the search suggestions; the value sent is its slug.
      let suggestTimer = null;
      area.querySelector('#link-form input[name="to"]').addEventListener('input', (e) => {
        clearTimeout(suggestTimer);
        const q = e.target.value.trim();
        if (!q) return;
        suggestTimer = setTimeout(() => api(`/api/suggest?q=${enc(q)}&limit=8`).then((data) => {
          area.querySelector('#link-options').innerHTML = data.suggestions.filter((x) => x.id !== node.id)
            .map((x) => `<option value="${esc(x.slug)}">${esc(x.title)} (${esc(x.type)})</option>`).join('');
        }).catch(() => {}), 150);
      });
      wireLinkSentence(area.querySelector('#link-form'), node);
      // The graph's own edge types, as the server registers them.
      api('/api/types').then((types) => {
        const select = area.querySelector('#link-form select[name="type"]');
        const picked = select.value;
        select.innerHTML = types.edge_types.map((t) => `<option value="${esc(t)}">${esc(t.replaceAll('_', ' '))}</option>`).join('');
        if (types.edge_types.includes(picked)) select.value = picked;
      }).catch(() => {});
      area.querySelector('#link-form').addEventListener('submit', async (e) => {
        e.preventDefault();
        const f = new FormData(e.target);
        const [from, to] = f.get('direction') === 'in' ? [f.get('to'), node.id] : [node.id, f.get('to')];
        await api('/api/edges', { method: 'POST', body: { from, to, type: f.get('type') } })
          .then(() => onOpen({ slug: node.slug })).catch((err) => { area.querySelector('#form-error').textContent = err.message; });
      });
      area.querySelector('#trail-form').addEventListener('submit', async (e) => {
        e.preventDefault();
        await api(`/api/trails/${enc(new FormData(e.target).get('trail'))}/steps`, { method: 'POST', body: { node: node.id } })
          .then(() => onOpen({ slug: node.slug })).catch((err) => { area.querySelector('#form-error').textContent = err.message; });
      });
    },
    async signIn(token) { session.token = token; await refreshMe(); return me.role !== 'anonymous'; },
    // Name and password: the server sets the session cookie; the answer carries the CSRF token.
    async signInWithPassword(name, password) {
      await api('/api/session', { method: 'POST', body: { name, password } });
      await refreshMe();
    },
    async signOut() {
      if (session.token) session.token = '';
      else await api('/api/session', { method: 'DELETE' }).catch(() => {});
      session.csrf = '';
      return refreshMe();
    },
  };
}
