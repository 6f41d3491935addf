// A node's or trail's discussion in the panel: the comment thread (HTML the server rendered in
// cmark-gfm's safe mode), a form to comment or reply, moderators' hide and restore, and the
// watch toggle with what others changed since the reader last looked. New comments arrive over
// the live stream: refresh() redraws the thread when one is about what is open.
import { api, enc } from './api.js';
import { esc } from './escape_html.js';

const when = (ms) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const base = (entity, target) => `/api/${entity === 'trail' ? 'trails' : 'nodes'}/${enc(target)}`;

function commentHtml(c, byId, me) {
  const moderator = me.role === 'moderator';
  const parent = c.reply_to && byId.get(c.reply_to);
  const text = c.hidden && !moderator ? '<p class="muted">hidden by a moderator</p>' : c.html;
  return `<li class="comment${c.hidden ? ' hidden-comment' : ''}${c.reply_to ? ' reply' : ''}" data-comment="${esc(c.id)}">
    <p class="muted"><b>${esc(c.author)}</b> ${when(c.created)}${parent ? ` · replying to ${esc(parent.author)}` : ''}${c.hidden ? ' · <span class="badge">hidden</span>' : ''}</p>
    <div class="comment-body">${text}</div>
    <p>${me.role !== 'anonymous' && !c.hidden ? `<button type="button" class="linkish" data-reply="${esc(c.id)}">Reply</button>` : ''}
       ${moderator ? `<button type="button" class="linkish" data-hide="${esc(c.id)}" data-hidden="${c.hidden}">${c.hidden ? 'Restore' : 'Hide'}</button>` : ''}</p></li>`;
}

// Replies follow the comment they answer; the rest keep their order.
function threaded(comments) {
  const children = new Map();
  for (const c of comments) if (c.reply_to) (children.get(c.reply_to) || children.set(c.reply_to, []).get(c.reply_to)).push(c);
  const out = [];
  const visit = (c) => { out.push(c); for (const r of children.get(c.id) || []) visit(r); };
  for (const c of comments) if (!c.reply_to || !comments.some((p) => p.id === c.reply_to)) visit(c);
  return out;
}

function newsHtml(watch) {
  if (!watch) return '';
  const parts = [];
  if (watch.changes.length) parts.push(`${watch.changes.length} change${watch.changes.length > 1 ? 's' : ''} by ${[...new Set(watch.changes.map((c) => c.author))].map(esc).join(', ')}`);
  if (watch.new_comments) parts.push(`${watch.new_comments} new comment${watch.new_comments > 1 ? 's' : ''}`);
  return parts.length ? `<p id="since-visit" role="status">Since your last visit: ${parts.join(' and ')}.</p>` : '';
}

export function createDiscussion({ area, entity, target, me }) {
  let replyTo = '';

  async function render() {
    const signedIn = me.role !== 'anonymous';
    const [thread, watches] = await Promise.all([
      api(`${base(entity, target)}/comments`),
      signedIn ? api('/api/watches').catch(() => ({ watches: [] })) : Promise.resolve({ watches: [] }),
    ]);
    const comments = thread.comments;
    const watch = watches.watches.find((w) => w.target === target || w.slug === target);
    const byId = new Map(comments.map((c) => [c.id, c]));
    area.innerHTML = `<h3>Discussion <span class="muted">${comments.length || ''}</span></h3>
      ${signedIn ? `<p><button type="button" id="watch-toggle" aria-pressed="${Boolean(watch)}">${watch ? 'Stop watching' : 'Watch'}</button></p>${newsHtml(watch)}` : ''}
      <ol class="comments" id="comments">${threaded(comments).map((c) => commentHtml(c, byId, me)).join('') || '<li class="muted">No comments yet.</li>'}</ol>
      ${signedIn ? `<form id="comment-form" class="edit"><p id="replying" class="muted"></p>
        <label>Comment <textarea name="body" rows="3" maxlength="10000" placeholder="Markdown: *emphasis*, [links](https://…)"></textarea></label>
        <button>Post</button> <span id="comment-error" role="alert"></span></form>` : '<p class="muted">Sign in to comment.</p>'}`;
    wire(watch);
    // Looking counts as a visit: what was new is noted once.
    if (watch && (watch.changes.length || watch.new_comments)) api(`${base(entity, target)}/watch/seen`, { method: 'POST' }).catch(() => {});
  }

  function wire(watch) {
    area.querySelector('#watch-toggle')?.addEventListener('click', () => api(`${base(entity, target)}/watch`, { method: watch ? 'DELETE' : 'PUT' }).then(render));
    area.querySelectorAll('[data-reply]').forEach((b) => b.addEventListener('click', () => {
      replyTo = b.dataset.reply;
      area.querySelector('#replying').textContent = `Replying to ${area.querySelector(`[data-comment="${replyTo}"] b`).textContent}`;
      area.querySelector('#comment-form textarea').focus();
    }));
    area.querySelectorAll('[data-hide]').forEach((b) => b.addEventListener('click', () => api(`/api/comments/${enc(b.dataset.hide)}`, { method: 'PATCH', body: { hidden: b.dataset.hidden !== 'true' } }).then(render)));
    area.querySelector('#comment-form')?.addEventListener('submit', async (e) => {
      e.preventDefault();
      const text = new FormData(e.target).get('body');
      try {
        await api(`${base(entity, target)}/comments`, { method: 'POST', body: replyTo ? { body: text, reply_to: replyTo } : { body: text } });
        replyTo = '';
        await render();
      } catch (err) {
        area.querySelector('#comment-error').textContent = err.message;
      }
    });
  }

  return {
    render,
    // A live change: a comment in this thread redraws it, unless the reader is writing one.
    refresh(change) {
      if (!change.kind.startsWith('comment.') || change.data?.target !== target) return;
      if (area.querySelector('#comment-form textarea')?.value) return;
      render().catch(() => {});
    },
  };
}
