// Importing a list from the browser: paste its Markdown or give its URL, preview what each line
// would become (the server's dry run with its explanation), then import it for real.
import { session, ApiError } from './api.js';
import { esc } from './escape_html.js';

async function importRequest({ markdown, url, dryRun }) {
  const params = new URLSearchParams({ explain: '1' });
  if (dryRun) params.set('dry_run', '1');
  const headers = { Authorization: `Bearer ${session.token}` };
  let body;
  if (url) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify({ url });
  } else {
    headers['Content-Type'] = 'text/markdown';
    params.set('format', 'markdown');
    params.set('file', 'pasted.md');
    params.set('source', 'pasted');
    body = markdown;
  }
  const res = await fetch(`/api/import?${params}`, { method: 'POST', headers, body });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

// One file's summary: counts, the shapes its sections were read as, then line by line.
function summaryHtml(name, s, dryRun) {
  const verb = dryRun ? 'would create' : 'created';
  const shapes = Object.entries(s.shapes || {})
    .map(([shape, c]) => `<li>${esc(shape)}: ${c.seen} entries, ${c.understood} understood, ${c.skipped} skipped</li>`).join('');
  const lines = (s.explain || []).map((l) => `<li class="${l.includes(': skipped:') ? 'skip' : ''}">${esc(l)}</li>`).join('');
  const conflicts = (s.conflicts || []).map((c) => `<li class="gap">${esc(c)}</li>`).join('');
  return `<section class="import-file"><h3>${esc(name)}</h3>
    <p class="import-counts">${verb} ${s.created}, updated ${s.updated}, unchanged ${s.unchanged}, skipped ${s.skipped};
      ${s.edges_created} new links</p>
    ${shapes ? `<ul class="import-shapes">${shapes}</ul>` : ''}
    ${conflicts ? `<ul>${conflicts}</ul>` : ''}
    <details ${dryRun ? 'open' : ''}><summary>Line by line</summary><ul class="import-explain">${lines}</ul></details>
  </section>`;
}

export function createImportView({ dialog, form, result, onImported }) {
  const read = () => ({ url: form.elements.url.value.trim(), markdown: form.elements.markdown.value });
  async function run(dryRun) {
    const { url, markdown } = read();
    if (!url && !markdown.trim()) { result.innerHTML = '<p role="alert">Paste a list or give its URL.</p>'; return; }
    result.innerHTML = `<p class="muted">${dryRun ? 'Reading' : 'Importing'}…</p>`;
    form.setAttribute('aria-busy', 'true');
    try {
      const data = await importRequest({ url, markdown, dryRun });
      const files = data.files ? data.files.map((f) => [f.path, f]) : [['pasted list', data]];
      const failures = (data.failures || []).map((f) => `<li role="alert">${esc(f)}</li>`).join('');
      result.innerHTML = files.map(([n, s]) => summaryHtml(n, s, dryRun)).join('') + (failures ? `<ul>${failures}</ul>` : '');
      result.dataset.state = dryRun ? 'previewed' : 'imported';
      if (!dryRun) onImported?.();
    } catch (e) {
      result.innerHTML = `<p role="alert">${esc(e.message)}</p>`;
      result.dataset.state = 'failed';
    } finally {
      form.removeAttribute('aria-busy');
    }
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); run(e.submitter?.value !== 'import'); });
  form.elements.cancel.addEventListener('click', () => dialog.close());
  return { open() { result.innerHTML = ''; delete result.dataset.state; dialog.showModal(); } };
}
