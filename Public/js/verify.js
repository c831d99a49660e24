// The public verify page: anyone holding a PDF drops it here (or chooses it) and learns whether
// it is a document this service finished, untouched: intact, altered or unknown, with each
// seal's checks. No login: the file goes to POST /api/v1/verify without cookies, so a console
// login in the same browser neither helps nor gets in the way (it would want its CSRF token).
import { closeBidi } from './api.js';
import { h, mount, say } from './dom.js';

const app = document.getElementById('app');
const input = h('input', { type: 'file', accept: 'application/pdf,.pdf', id: 'verify-file', name: 'file', class: 'visually-hidden', onchange: chosen });
const zone = h('label', { for: 'verify-file', class: 'drop-zone', tabindex: '0', 'data-test': 'drop-zone', onkeydown: (e) => {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    input.click();
  }
} }, h('strong', {}, 'Drop a PDF here'), h('span', {}, 'or press to choose one'));
const message = h('p', { class: 'message' });
const result = h('section', { class: 'verdict-area', 'aria-live': 'polite', 'data-test': 'verdict-area' });

zone.addEventListener('dragover', (e) => {
  e.preventDefault();
  zone.classList.add('over');
});
zone.addEventListener('dragleave', () => zone.classList.remove('over'));
zone.addEventListener('drop', (e) => {
  e.preventDefault();
  zone.classList.remove('over');
  const file = e.dataTransfer.files[0];
  if (file) check(file);
});

mount(app, h('div', { class: 'card verify' },
  h('h1', {}, 'Verify a signed PDF'),
  h('p', { class: 'hint' }, 'Check that a PDF is a document finished with Signet and that not one byte has changed since. The file is checked and not kept.'),
  zone, input, message, result));

function chosen() {
  const file = input.files[0];
  input.value = '';
  if (file) check(file);
}

// Bidi controls in a file name only ever disguise it ("invoice<U+202E>fdp.exe" reads
// "invoiceexe.pdf"); the server drops them from the names it keeps, and so does this page.
const plainName = (name) => name.replace(/[\u202A-\u202E\u2066-\u2069]/g, '');

async function check(file) {
  const name = plainName(file.name);
  mount(result);
  say(message, `Checking ${name}…`);
  let response;
  try {
    response = await fetch('/api/v1/verify', {
      method: 'POST', body: file, credentials: 'omit',
      headers: { 'Content-Type': 'application/pdf', Accept: 'application/json' },
    });
  } catch {
    return say(message, 'The server could not be reached. Check your connection and try again.', 'error');
  }
  let data = null;
  try {
    data = closeBidi(await response.json());
  } catch {
    data = null;
  }
  if (response.status === 413) return say(message, `${name} is too large to check here (${megabytes(file.size)}).`, 'error');
  if (response.status === 429) {
    const wait = response.headers.get('Retry-After');
    return say(message, `Too many checks from your address. Try again${wait ? ` in ${wait} seconds` : ' later'}.`, 'error');
  }
  if (!response.ok || !data) {
    const why = data && data.title ? `${data.title}${data.detail ? `: ${data.detail}` : ''}` : `HTTP ${response.status}`;
    return say(message, `The file could not be checked — ${why}`, 'error');
  }
  say(message, `Checked ${name}.`);
  const shown = verdict(data, name);
  mount(result, shown);
  shown.focus();
}

const headlines = {
  intact: '✓ Intact: this is the document as it was finished',
  altered: '✗ Altered: this file has been changed since it was sealed',
  unknown: '? Unknown: this is not a document finished here',
};

function verdict(v, name) {
  const d = v.document;
  return h('div', { class: `verdict verdict-${v.verdict}`, 'data-verdict': v.verdict, tabindex: '-1' },
    h('h2', {}, headlines[v.verdict] || v.verdict),
    h('p', {}, v.reason),
    d ? h('dl', { class: 'facts' },
      h('dt', {}, 'Session'), h('dd', {}, d.session),
      h('dt', {}, 'Interaction'), h('dd', {}, d.interaction),
      h('dt', {}, 'Finished'), h('dd', {}, when(d.finishedAt))) : null,
    v.seals.length
      ? h('ol', { class: 'seals', 'aria-label': 'Seals' }, v.seals.map(seal))
      : h('p', { class: 'hint' }, 'The file has no seals.'),
    h('p', { class: 'hint sha' }, `SHA-256 of ${name}: `, h('code', {}, v.sha256)));
}

function seal(s) {
  return h('li', { class: s.valid ? 'seal-ok' : 'seal-bad' },
    `${s.signer || 'Unknown signer'} · signed ${when(s.signedAt)} · `,
    s.timeStampedAt ? `time-stamped ${when(s.timeStampedAt)}` : 'no time-stamp', ' · ',
    s.valid ? 'valid' : `not valid${s.problem ? ` (${s.problem})` : ''}`, ' · ',
    s.coversWholeFile ? 'covers the whole file' : 'does not cover the whole file');
}

/** A time from the API in UTC, the same for every reader wherever they are. */
function when(iso) {
  if (!iso) return 'at an unknown time';
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? iso : `${t.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function megabytes(bytes) {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}
