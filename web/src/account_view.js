// Accounts in the browser: joining by an invitation link (/join/CODE), and the Account dialog,
// where everyone signed in sees what they watch and what changed in it, names, creates and
// revokes their bearer tokens, and moderators invite people, change roles or suspend accounts,
// and patrol recent changes.
import { api, enc } from './api.js';
import { esc } from './escape_html.js';

const ROLES = ['reader', 'contributor', 'moderator'];
const when = (ms) => new Date(ms).toISOString().slice(0, 10);

// /join/CODE: says what the invitation offers, then joins; resolves true once signed in.
export async function joinFromLink({ dialog, code, onJoined }) {
  const $ = (id) => dialog.querySelector(`#${id}`);
  try {
    const inv = await api(`/api/invitations/${enc(code)}`);
    if (inv.state !== 'open') throw new Error(`This invitation is ${inv.state}: ask for a new one.`);
    $('join-offer').textContent = `${inv.created_by} invites you to join as a ${inv.role}, until ${when(inv.expires)}.`;
  } catch (err) {
    $('join-offer').textContent = err.message;
    $('join-submit').disabled = true;
  }
  $('join-cancel').addEventListener('click', () => dialog.close(), { once: true });
  $('join-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    if (f.get('password') !== f.get('again')) { $('join-error').textContent = 'The two passwords differ.'; return; }
    try {
      await api('/api/join', { method: 'POST', body: { code, name: f.get('name'), password: f.get('password') } });
      dialog.close();
      await onJoined();
    } catch (err) {
      $('join-error').textContent = err.message;
    }
  });
  dialog.showModal();
}

function tokensHtml(tokens) {
  const rows = tokens.map((t) => `<li>${esc(t.label)} <span class="muted">since ${when(t.created)}</span>
    <button type="button" data-revoke="${esc(t.id)}">Revoke</button></li>`).join('');
  return `<h3>Your tokens</h3><p class="muted">For scripts and the command line; a token is shown once.</p>
    <ul id="token-list">${rows || '<li class="muted">none</li>'}</ul>
    <form id="token-form" class="edit"><label>New token for <input name="label" required maxlength="100" placeholder="my laptop"></label><button>Create</button></form>
    <p id="token-new" role="status"></p>`;
}

function moderatorHtml(users) {
  const rows = users.map((u) => `<tr data-user="${esc(u.name)}"><td>${esc(u.name)}</td>
    <td><select data-role aria-label="Role of ${esc(u.name)}">${ROLES.map((r) => `<option ${r === u.role ? 'selected' : ''}>${r}</option>`).join('')}</select></td>
    <td>${u.state === 'suspended' ? '<button type="button" data-restore>Restore</button>' : '<button type="button" data-suspend>Suspend</button>'}</td></tr>`).join('');
  return `<h3>Invite someone</h3>
    <form id="invite-form" class="edit"><label>as <select name="role">${ROLES.map((r) => `<option ${r === 'contributor' ? 'selected' : ''}>${r}</option>`).join('')}</select></label>
      <label>Note for moderators (who it is for) <input name="note" maxlength="500"></label>
      <label>Valid for days <input name="days" type="number" min="1" max="365" value="7"></label><button>Invite</button></form>
    <p id="invite-link" role="status"></p>
    <h3>Accounts</h3><table id="user-table"><thead><tr><th>Name</th><th>Role</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

// Recent changes for moderators: filtered by user, kind, new contributors and what no moderator
// has patrolled yet; each edit marked patrolled or not, each node change with a rollback of that
// user's latest run of edits on it, and a rollback of everything a user did in a day.
// An edge is made or removed, never edited: its undo brings back the revision before.
function undoEdgeButton(c) {
  if (c.entity !== 'edge' || c.rev < 2 && c.kind !== 'edge.created') return '';
  const label = c.kind === 'edge.deleted' ? 'Link again' : 'Unlink';
  return c.kind === 'edge.created' ? `<button type="button" data-edge="${esc(c.id)}" data-edge-remove>${label}</button>`
                                   : `<button type="button" data-edge="${esc(c.id)}" data-edge-rev="${c.rev - 1}">${label}</button>`;
}

function changesHtml(changes, filter) {
  const rows = changes.map((c) => `<tr data-seq="${c.seq}"><td>${new Date(c.at).toISOString().slice(0, 16).replace('T', ' ')}</td>
    <td>${esc(c.author)}</td><td>${esc(c.kind)}</td>
    <td>${esc(c.data?.title || c.data?.name || c.data?.user || c.data?.body?.slice(0, 60) || c.id)}</td>
    <td>${c.patrolled === false ? `<button type="button" data-patrol="${c.seq}">Mark patrolled</button>` : c.patrolled ? '<span class="muted">patrolled</span>' : ''}</td>
    <td>${c.entity === 'node' && c.author !== 'import' ? `<button type="button" data-rollback-node="${esc(c.id)}" data-author="${esc(c.author)}">Roll back</button>` : ''}${undoEdgeButton(c)}</td></tr>`).join('');
  const box = (name, label) => `<label><input type="checkbox" name="${name}" ${filter[name] ? 'checked' : ''}> ${label}</label>`;
  return `<h3>Recent changes</h3>
    <form id="changes-form" class="edit"><label>By user <input name="user" value="${esc(filter.user)}" autocomplete="off"></label>
      <label>Kind <select name="kind"><option value="">any</option>${['node', 'edge', 'trail', 'comment', 'user', 'invitation', 'session'].map((k) => `<option>${k}</option>`).join('')}</select></label>
      ${box('new_contributors', 'new contributors')} ${box('unpatrolled', 'not yet patrolled')}<button>Show</button></form>
    ${changes.some((c) => c.patrolled === false) ? '<p><button type="button" id="patrol-all">Mark all shown patrolled</button></p>' : ''}
    ${filter.user ? `<p><button type="button" id="rollback-day" data-author="${esc(filter.user)}">Roll back everything ${esc(filter.user)} did in the last 24 hours</button></p>` : ''}
    <p id="rollback-result" role="status"></p>
    <table id="changes-table"><tbody>${rows || '<tr><td class="muted">none</td></tr>'}</tbody></table>`;
}

// The newest `want` changes matching the filter: the log reads oldest first, so from near its
// end (the last 5,000 entries), page after page to the end, keeping the newest.
async function recentChanges(filter, want = 50) {
  const head = (await api('/api/changes?since=0&limit=1')).last_seq;
  const params = `${filter.user ? `&user=${enc(filter.user)}` : ''}${filter.kind ? `&kind=${enc(filter.kind)}` : ''}` +
    `${filter.new_contributors ? '&new_contributors=1' : ''}${filter.unpatrolled ? '&unpatrolled=1' : ''}`;
  let kept = [];
  for (let since = Math.max(0, head - 5000); since < head;) {
    const page = await api(`/api/changes?since=${since}&limit=1000${params}`);
    kept = kept.concat(page.changes).slice(-want);
    if (page.next_since <= since) break;
    since = page.next_since;
  }
  return kept.reverse();
}

// What the reader watches, each with what others did since they last looked.
function watchesHtml(watches) {
  const rows = watches.map((w) => {
    const news = [w.changes.length ? `${w.changes.length} change${w.changes.length > 1 ? 's' : ''}` : '', w.new_comments ? `${w.new_comments} comment${w.new_comments > 1 ? 's' : ''}` : ''].filter(Boolean).join(', ');
    const href = w.entity === 'trail' ? `/t/${esc(w.slug)}` : `/n/${esc(w.slug)}`;
    return `<li>${w.gone ? `<s>${esc(w.title)}</s> <span class="muted">deleted</span>` : `<a href="${href}">${esc(w.title)}</a>`} ${news ? `<span class="badge" data-news>${news} since your last visit</span>` : '<span class="muted">nothing new</span>'}</li>`;
  }).join('');
  return `<h3>Watching</h3><ul id="watch-list">${rows || '<li class="muted">Nothing yet: use Watch on a node.</li>'}</ul>`;
}

export function createAccountView({ dialog, me, onChanged }) {
  const body = dialog.querySelector('#account-body');
  const fail = (where) => (err) => { body.querySelector(where).textContent = err.message; };

  async function render() {
    const [tokens, users, watches] = await Promise.all([
      api('/api/tokens'),
      me().role === 'moderator' ? api('/api/users') : Promise.resolve(null),
      api('/api/watches'),
    ]);
    body.innerHTML = `<h2 id="account-title">${esc(me().name)} <span class="badge">${esc(me().role)}</span></h2>
      ${watchesHtml(watches.watches)}
      ${tokensHtml(tokens.tokens)}${users ? moderatorHtml(users.users.filter((u) => u.name !== me().name)) : ''}
      <div id="changes-area"></div>
      <p id="account-error" role="alert"></p>`;
    wire();
    if (users) await renderChanges({ user: '', kind: '' });
  }

  async function renderChanges(filter) {
    const area = body.querySelector('#changes-area');
    area.innerHTML = changesHtml(await recentChanges(filter), filter);
    area.querySelector('select[name="kind"]').value = filter.kind;
    area.querySelector('#changes-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const f = new FormData(e.target);
      renderChanges({ user: f.get('user').trim(), kind: f.get('kind'), new_contributors: f.has('new_contributors'), unpatrolled: f.has('unpatrolled') })
        .catch(fail('#account-error'));
    });
    const rollback = (author, change) => api(`/api/users/${enc(author)}/rollback`, { method: 'POST', body: change })
      .then((r) => {
        const said = `Reverted ${r.reverted.length}, deleted ${r.deleted.length}, unlinked ${r.unlinked.length}, relinked ${r.relinked.length}, hid ${r.hidden.length} comments` +
          (r.skipped.length ? `; left ${r.skipped.length} that others edited since` : '');
        return renderChanges(filter).then(() => { body.querySelector('#rollback-result').textContent = said; });
      }).then(onChanged).catch(fail('#account-error'));
    const patrol = (seqs) => api('/api/changes/patrolled', { method: 'POST', body: { seqs } })
      .then(() => renderChanges(filter)).catch(fail('#account-error'));
    area.querySelectorAll('[data-edge]').forEach((b) => b.addEventListener('click', () => {
      const undo = 'edgeRemove' in b.dataset ? api(`/api/edges/${enc(b.dataset.edge)}`, { method: 'DELETE' })
                                             : api(`/api/edges/${enc(b.dataset.edge)}/revert`, { method: 'POST', body: { rev: Number(b.dataset.edgeRev) } });
      undo.then(() => renderChanges(filter)).then(onChanged).catch(fail('#account-error'));
    }));
    area.querySelectorAll('[data-patrol]').forEach((b) => b.addEventListener('click', () => patrol([Number(b.dataset.patrol)])));
    area.querySelector('#patrol-all')?.addEventListener('click', () => patrol([...area.querySelectorAll('[data-patrol]')].map((b) => Number(b.dataset.patrol))));
    area.querySelectorAll('[data-rollback-node]').forEach((b) => b.addEventListener('click', () => rollback(b.dataset.author, { node: b.dataset.rollbackNode })));
    area.querySelector('#rollback-day')?.addEventListener('click', (e) => {
      if (!confirm(`Roll back everything ${filter.user} did in the last 24 hours?`)) return;
      rollback(e.target.dataset.author, { since: Date.now() - 24 * 3600 * 1000 });
    });
  }

  function wire() {
    body.querySelector('#token-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const made = await api('/api/tokens', { method: 'POST', body: { label: new FormData(e.target).get('label') } }).catch(fail('#account-error'));
      if (!made) return;
      await render();
      body.querySelector('#token-new').innerHTML = `Copy it now, it is not shown again: <code id="new-token">${esc(made.token)}</code>`;
    });
    body.querySelectorAll('[data-revoke]').forEach((b) => b.addEventListener('click', () => api(`/api/tokens/${enc(b.dataset.revoke)}`, { method: 'DELETE' })
      .then(render).catch(fail('#account-error'))));
    body.querySelector('#invite-form')?.addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = new FormData(e.target);
      const inv = await api('/api/invitations', { method: 'POST', body: { role: f.get('role'), note: f.get('note'), expires_days: Number(f.get('days')) } })
        .catch(fail('#invite-link'));
      if (inv) body.querySelector('#invite-link').innerHTML = `A one-time link for a ${esc(inv.role)}: <code id="invite-url">${esc(location.origin + inv.link)}</code>`;
    });
    body.querySelectorAll('#user-table tr[data-user]').forEach((row) => {
      const patch = (change) => api(`/api/users/${enc(row.dataset.user)}`, { method: 'PATCH', body: change }).then(render).then(onChanged).catch(fail('#account-error'));
      row.querySelector('[data-role]').addEventListener('change', (e) => patch({ role: e.target.value }));
      row.querySelector('[data-suspend]')?.addEventListener('click', () => patch({ suspended: true }));
      row.querySelector('[data-restore]')?.addEventListener('click', () => patch({ suspended: false }));
    });
  }

  dialog.querySelector('#account-close').addEventListener('click', () => dialog.close());
  return {
    async open() {
      body.innerHTML = '<p class="muted">Loading…</p>';
      dialog.showModal();
      await render().catch(fail('#account-body'));
    },
  };
}
