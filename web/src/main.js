// Wires the views together and owns the URL: /n/{slug} opens a node, /t/{slug}/{n} a trail
// step; both work when opened directly, with the back button, and when shared.
import { api, session, onSignedOut } from './api.js';
import { createModel, shapeOf, TYPE_COLORS } from './graph_model.js';
import { createView } from './graph_view.js';
import { createSearchBox } from './search_box.js';
import { renderNode } from './node_panel.js';
import { renderHome } from './intro.js';
import { wireBottomSheet } from './bottom_sheet.js';
import { renderNewTrail } from './trail_editor.js';
import { createWalker, loadTrailList } from './trail_walker.js';
import { connectLive } from './live.js';
import { createEditor } from './editor.js';
import { esc } from './escape_html.js';
import { createImportView } from './import_view.js';
import { createAccountView, joinFromLink } from './account_view.js';

const $ = (id) => document.getElementById(id);
const state = {
  backTo: null,  // {slug, n, title}: the trail step a node was opened from
  hiddenNodes: new Set(),  // hubs the reader took out of the view
  hovered: null, selected: null, highlighted: new Set(), trailPath: [], trailStep: null, flashing: new Set(),
  types: new Set(), yearFrom: 0, yearTo: 0, tag: '', local: false, localNodes: null, localDepth: 2,
};
const presenceByNode = new Map();
const model = createModel();
let view = null;
let walker = null;
let live = null;

function presenceText(id) {
  const present = presenceByNode.get(id) || [];
  return present.map((p) => `<span class="badge">${esc(p.user)} ${p.state === 'editing' ? '✎ editing' : 'viewing'}</span>`).join('');
}

async function updateLocal() {
  state.localNodes = null;
  if (state.local && state.selected) {
    const hood = await api(`/api/nodes/${state.selected}/neighbors?depth=${state.localDepth}&limit=2000`);
    state.localNodes = new Set(hood.nodes.map((n) => n.id));
  }
  view?.refresh();
  if (state.localNodes) view?.fit([...state.localNodes]);  // the neighbourhood, framed
}

// What "fit to selection" frames: the local graph when it is on, else the node and its links.
function selectionIds() {
  if (state.localNodes) return [...state.localNodes];
  if (!state.selected || !model.graph.hasNode(state.selected)) return [];
  return [state.selected, ...model.graph.neighbors(state.selected)];
}

async function open(target, { push = true } = {}) {
  const panel = $('panel');
  if (target.trail) {
    if (push) history.pushState(target, '', `/t/${target.trail}/${target.step || 1}`);
    // Walking a trail selects no node: the path, not one node's neighbours, is in focus.
    if (state.selected) live?.presence(state.selected, 'left');
    state.selected = null;
    return walker.show(target.trail, target.step || 1).catch((e) => { panel.innerHTML = `<p role="alert">${esc(e.message)}</p>`; });
  }
  // Branching off a trail into one of its nodes keeps the way back; going elsewhere drops it.
  const onTrail = walker.where();
  if (onTrail && target.slug) state.backTo = { ...onTrail };
  else if (!target.slug) state.backTo = null;
  walker.leave();
  if (!target.slug) {
    if (push) history.pushState({}, '', '/');
    if (state.selected) live?.presence(state.selected, 'left');
    state.selected = null;
    state.highlighted.clear();  // Home is the whole graph, with no search emphasised
    state.trailPath = [];
    await renderHome(panel, {
      onOpen: open,
      onSearch: () => $('q').focus(),
      onPeople: () => {
        const box = $('type-filters').querySelector('input[value="person"]');
        if (box && !box.checked) { box.checked = true; box.dispatchEvent(new Event('change', { bubbles: true })); }
      },
    });
    return updateLocal();
  }
  if (push) history.pushState(target, '', `/n/${target.slug}`);
  try {
    const id = model.bySlug(target.slug);
    if (state.selected && state.selected !== id) live?.presence(state.selected, 'left');
    state.selected = id || null;
    const { node, discussion: thread } = await renderNode(panel, target.slug, { onOpen: open, editor, presence: id ? presenceText(id) : '', onPath: showPath, onHide: hideNode });
    discussion = thread;
    shownRev = node.rev;
    state.selected = node.id;
    offerBackToTrail(panel);
    live?.presence(node.id, 'viewing');
    view.focus(node.id);
    document.title = `${node.title} · resgraph`;
    await updateLocal();
  } catch (e) {
    panel.innerHTML = `<p role="alert">${esc(e.message)}</p>`;
  }
}

function offerBackToTrail(panel) {
  const back = state.backTo;
  if (!back) return;
  panel.insertAdjacentHTML('afterbegin', `<p id="back-to-trail"><button type="button">← Back to step ${back.n} of ${esc(back.title)}</button></p>`);
  panel.querySelector('#back-to-trail button').addEventListener('click', () => { state.backTo = null; open({ trail: back.slug, step: back.n }); });
}

// A hub can crowd everything else: the reader takes it out of the view, and puts it back.
function hideNode(id) {
  state.hiddenNodes.add(id);
  showHidden();
}
function showHidden() {
  const n = state.hiddenNodes.size;
  $('hidden-nodes').hidden = n === 0;
  $('hidden-nodes').querySelector('span').textContent = `${n} node${n === 1 ? '' : 's'} hidden`;
  view.refresh();
}

// A path found from the node panel is drawn as a trail is: its own edges, step to step.
function showPath(ids) {
  state.trailPath = ids;
  view.refresh();
}

function routeFromUrl() {
  const m = location.pathname.match(/^\/n\/([^/]+)/);
  if (m) return { slug: decodeURIComponent(m[1]) };
  const t = location.pathname.match(/^\/t\/([^/]+)(?:\/(\d+))?/);
  if (t) return { trail: decodeURIComponent(t[1]), step: Number(t[2] || 1) };
  return {};
}

// The legend lists the kinds the graph holds, most common first, with their counts; it doubles
// as the type filter, so a ticked box survives the legend being redrawn after a live change.
function renderLegend() {
  const box = $('type-filters');
  const counts = new Map();
  model.graph.forEachNode((id, a) => counts.set(a.kind, (counts.get(a.kind) || 0) + 1));
  for (const t of state.types) if (!counts.has(t)) counts.set(t, 0);
  const kinds = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const html = kinds.map(([t, n]) => `<label><input type="checkbox" value="${esc(t)}" ${state.types.has(t) ? 'checked' : ''}> <span class="legend-dot ${shapeOf(t)}" style="background:${TYPE_COLORS[t] || '#888'}"></span>${esc(t)} <span class="muted">${n}</span></label>`).join('');
  if (box.dataset.html !== html) { box.innerHTML = `<legend class="sr-only">Node types</legend>${html}`; box.dataset.html = html; }
}

function buildFilters() {
  const box = $('type-filters');
  box.addEventListener('change', () => {
    state.types = new Set([...box.querySelectorAll('input:checked')].map((i) => i.value));
    view.refresh();
  });
  $('year-from').addEventListener('change', (e) => { state.yearFrom = Number(e.target.value) || 0; view.refresh(); });
  $('year-to').addEventListener('change', (e) => { state.yearTo = Number(e.target.value) || 0; view.refresh(); });
  // The tag box offers the tags the graph holds, most used first.
  $('tag-filter').addEventListener('focus', () => {
    const counts = new Map();
    model.graph.forEachNode((id, a) => { for (const t of a.tags || []) counts.set(t, (counts.get(t) || 0) + 1); });
    $('tag-options').innerHTML = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 200).map(([t]) => `<option value="${esc(t)}">`).join('');
  });
  $('tag-filter').addEventListener('change', (e) => { state.tag = e.target.value.trim().toLowerCase(); view.refresh(); });
  $('local-mode').addEventListener('change', (e) => { state.local = e.target.checked; updateLocal(); });
  $('local-depth').addEventListener('change', (e) => { state.localDepth = Number(e.target.value); updateLocal(); });
  $('fit-selection').addEventListener('click', () => view.fit(selectionIds()));
  $('fit-all').addEventListener('click', () => view.showAll());
  $('show-hidden').addEventListener('click', () => { state.hiddenNodes.clear(); showHidden(); });
}

function onChange(change) {
  if (change.entity === 'comment') {
    model.apply(change);
    if (state.selected) discussion?.refresh(change); else walker.refresh(change);
    return;
  }
  const touched = model.apply(change);
  if (change.kind.startsWith('node.')) legendSoon();
  if (change.kind.startsWith('trail.')) trailListSoon();
  for (const id of touched) {
    if (change.kind === 'node.created') view.place(id);
    state.flashing.add(id);
    setTimeout(() => { state.flashing.delete(id); view.refresh(); }, 2000);
  }
  view.refresh();
  const status = $('live-status');
  status.title = `last change by ${change.author}`;
  // An open panel about a changed node redraws, briefly marked with who changed it.
  const mine = state.selected && (touched.includes(state.selected) || change.id === state.selected);
  // An edit in progress is never wiped by someone else's change: say so; saving will offer a merge.
  if (mine && ($('node-form') || $('merge'))) {
    const note = change.kind === 'node.deleted' ? `${esc(change.author)} deleted this node while you edit; copy what you wrote before leaving.`
                                                : `${esc(change.author)} changed this node while you edit; saving will show both versions.`;
    $('changed-while-editing')?.remove();
    $('panel').insertAdjacentHTML('afterbegin', `<p role="status" id="changed-while-editing">${note}</p>`);
    return;
  }
  if (mine && change.kind === 'node.deleted') {
    // The node went away under the reader: say who removed it rather than show a stale panel.
    redrawPanel.cancel();
    live?.presence(state.selected, 'left');
    state.selected = null;
    const title = change.data?.title || 'This node';
    $('panel').innerHTML = `<h2 id="deleted-notice">${esc(title)} was deleted</h2><p class="muted">by ${esc(change.author)}. <a href="/" id="deleted-home">Back to the whole graph</a></p>`;
    $('deleted-home').addEventListener('click', (e) => { e.preventDefault(); open({}); });
    updateLocal();
    return;
  }
  // The echo of a node revision the panel already shows (the reader's own save) changes nothing.
  if (mine && change.kind.startsWith('node.') && change.id === state.selected && change.rev <= shownRev) return;
  if (mine) redrawPanel(change.author);
}

// Something typed into the panel (a link target, a trail pick in progress) is not wiped by a
// redraw: the panel says what changed and redraws when asked.
function typingInPanel() {
  const panel = $('panel');
  const active = document.activeElement;
  if (active && panel.contains(active) && active.matches('input, textarea')) return true;
  return [...panel.querySelectorAll('input:not([type=radio]):not([type=checkbox]), textarea')].some((i) => i.value);
}

// Changes come in bursts (an import, a delete with its edges): the legend, which counts every
// node, the trail list, which is fetched, and the open panel are redone once after a burst, with
// the arguments of the burst's last call.
function debounced(fn, ms) {
  let timer = null;
  const call = (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  call.cancel = () => clearTimeout(timer);
  return call;
}
const legendSoon = debounced(renderLegend, 200);
const trailListSoon = debounced(() => loadTrailList($('trail-list'), open).catch(() => {}), 200);

// A delete or an import arrives as a burst of changes (a node's edges go first): the open panel
// redraws once, a moment after the burst, and not at all if the burst removed its node.
let shownRev = 0;  // the revision of the node the panel shows
let discussion = null;  // the open node's comment thread
const redrawPanel = debounced((author) => {
  if (!state.selected || !model.graph.hasNode(state.selected)) return;
  if (typingInPanel()) {
    $('changed-while-typing')?.remove();
    $('panel').insertAdjacentHTML('afterbegin', `<p role="status" id="changed-while-typing">${esc(author)} changed this node. <button type="button" id="show-change">Show</button></p>`);
    $('show-change').addEventListener('click', () => open({ slug: model.graph.getNodeAttribute(state.selected, 'slug') }, { push: false }));
    return;
  }
  renderNode($('panel'), state.selected, { onOpen: open, editor, presence: presenceText(state.selected), onPath: showPath, onHide: hideNode }).then(({ node, discussion: thread }) => {
    discussion = thread;
    shownRev = node.rev;
    const title = $('node-title');
    if (title) { title.classList.add('flash'); title.insertAdjacentHTML('afterend', `<p class="muted flash" id="changed-by">changed by ${esc(author)}</p>`); }
  }).catch((e) => { $('panel').innerHTML = `<p role="alert">${esc(e.message)}</p>`; });
}, 150);

function onPresence(msg) {
  presenceByNode.set(msg.node, msg.present);
  if (msg.node === state.selected) { const p = $('presence'); if (p) p.innerHTML = presenceText(msg.node); }
}

const editor = createEditor({
  onSaved: (node) => open({ slug: node.slug }),
  onOpen: open,
  onEditing: (node) => live?.presence(node.id, 'editing'),
});

function notify(message) {
  $('notice-text').textContent = message;
  $('notice').hidden = !message;
}

// Signing in (name and password, or a token), out, joining by a link, and the Account dialog.
function wireAccounts() {
  const dialog = $('signin-dialog');
  const account = createAccountView({ dialog: $('account-dialog'), me: () => editor.me, onChanged: () => {} });
  const afterIdentityChange = async () => {
    await editor.refreshMe();
    $('account-button').hidden = editor.me.role === 'anonymous';
    live.reconnect();
    if (state.selected) open({ slug: model.graph.getNodeAttribute(state.selected, 'slug') }, { push: false });
  };
  onSignedOut((message) => { notify(message); afterIdentityChange(); });
  $('notice-close').addEventListener('click', () => notify(''));
  $('account-button').hidden = editor.me.role === 'anonymous';
  $('account-button').addEventListener('click', () => account.open());
  $('signin-button').addEventListener('click', async () => {
    if (editor.me.role !== 'anonymous') { await editor.signOut(); await afterIdentityChange(); return; }
    $('signin-error').textContent = '';
    dialog.showModal();
  });
  $('signin-cancel').addEventListener('click', () => dialog.close());
  $('signin-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = $('token').value.trim();
    try {
      if (token) {
        if (!(await editor.signIn(token))) throw new Error('That token was not accepted.');
      } else {
        await editor.signInWithPassword($('signin-name').value.trim(), $('signin-password').value);
      }
    } catch (err) {
      session.token = '';
      $('signin-error').textContent = err.message;
      return;
    }
    $('signin-password').value = '';
    $('token').value = '';
    dialog.close();
    notify('');
    await afterIdentityChange();
  });
  const invited = location.pathname.match(/^\/join\/([^/]+)/);
  if (invited) {
    history.replaceState({}, '', '/');
    joinFromLink({ dialog: $('join-dialog'), code: decodeURIComponent(invited[1]), onJoined: async () => {
      await afterIdentityChange();
      notify(`Welcome, ${editor.me.name}: you are signed in as a ${editor.me.role}.`);
    } });
  }
}

async function main() {
  buildFilters();
  await editor.refreshMe();
  const graphData = await api('/api/graph');
  performance.mark('graph-fetched');
  model.load(graphData);
  renderLegend();
  performance.mark('graph-loaded');
  view = createView($('graph'), model, state, (id) => open({ slug: model.graph.getNodeAttribute(id, 'slug') }),
    (shown, total) => { $('shown-count').textContent = shown === total ? `All ${total} nodes shown` : `Showing ${shown} of ${total} nodes`; });
  performance.mark('graph-drawn');
  walker = createWalker({ panel: $('panel'), state, refresh: () => view.refresh(), onOpen: open, focus: (id) => view.focus(id), me: () => editor.me,
    dateOf: (id) => (model.graph.hasNode(id) ? model.graph.getNodeAttribute(id, 'date') || model.graph.getNodeAttribute(id, 'year') || '' : '') });
  createSearchBox({
    input: $('q'), list: $('suggestions'), panel: $('panel'), state,
    onPick: (slug) => open({ slug }),
    // The matches, emphasised, fill the view.
    onResults: () => { view.refresh(); view.fit([...state.highlighted]); },
  });
  await loadTrailList($('trail-list'), open);
  performance.mark('trails-listed');
  // Who is here is unknown while the connection is down; the server repeats it on reconnect.
  const onDrop = () => { presenceByNode.clear(); const p = $('presence'); if (p) p.innerHTML = ''; };
  const onOpen = () => { if (state.selected) live?.presence(state.selected, 'viewing'); };
  live = connectLive({ model, status: $('live-status'), onChange, onPresence, onDrop, onOpen });
  $('new-node').addEventListener('click', () => editor.newNode($('panel')));
  $('new-trail').addEventListener('click', () => renderNewTrail($('panel'), {
    onCreated: (t) => { loadTrailList($('trail-list'), open); open({ trail: t.slug, step: 1 }); },
  }));
  const importer = createImportView({ dialog: $('import-dialog'), form: $('import-form'), result: $('import-result') });
  $('import-list').addEventListener('click', () => importer.open());
  $('home').addEventListener('click', (e) => { e.preventDefault(); open({}); });
  wireBottomSheet({ sheet: $('sheet'), handle: $('sheet-handle'), sidebar: $('sidebar'), filtersButton: $('filters-button') });
  wireAccounts();
  window.addEventListener('popstate', () => open(routeFromUrl(), { push: false }));
  window.addEventListener('pagehide', () => { live.close(); view.kill(); walker.dispose(); });
  await open(routeFromUrl(), { push: false });
  document.body.dataset.ready = 'true';
}

main().catch((e) => { $('panel').innerHTML = `<p role="alert">${esc(e.message)}</p>`; });
