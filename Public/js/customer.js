// The customer's page, phone first: what the agent asks, in order; documents filled on the
// page previews or in a list, signed by drawing or typing; files uploaded or photographed;
// payments; and at the end, that everything is done. Only this customer's session and fields
// are ever shown (the cookie from the link decides, the server enforces it).
import { api, setCsrf } from './api.js';
import { h, mount, field, say, dialog, statusBadge } from './dom.js';
import { pagePreviews } from './pages.js';
import { askSignature } from './signature.js';
import { reviewBoard } from './review.js';
import { codeScreen } from './customer-code.js';
import { chatPanel } from './chat.js';

const app = document.getElementById('app');
const who = document.getElementById('who');
let me = null;
let openId = null;
let busy = false;

start();

async function start() {
  try {
    me = await api('GET', '/api/v1/customer/session');
  } catch (error) {
    // A closed session's answer says why and names the agent to ask for a new invitation.
    const words = error.status === 410 ? `${error.message}.`
      : 'Open the link from your invitation to see your documents.';
    mount(app, h('section', { class: 'card' }, h('h1', {}, 'Nothing to show'), h('p', {}, words)));
    return;
  }
  // The token is the session cookie's: held in memory only, fetched again on each visit.
  setCsrf(me.csrfToken, false);
  who.textContent = me.customerName;
  // A session that asks for a one-time code shows nothing else until it is entered.
  if (me.verification && me.verification.state !== 'verified') {
    codeScreen(app, me.verification, follow);
    return;
  }
  follow();
}

/** The page itself, kept live by the customer's stream, with the chat under it. */
function follow() {
  if (me.state === 'completed') return allDone();
  const chat = chatPanel({ url: '/api/v1/customer/messages', me: 'customer' });
  chat.panel.classList.add('card');
  app.after(chat.panel);
  const stream = new EventSource('/api/v1/customer/stream');
  stream.addEventListener('message', chat.fromStream);
  // The session completes with the last answer: the page becomes the read-only all-done page
  // (the stream stays open for the chat; `overview` shows the all-done page from now on).
  stream.addEventListener('completed', async () => {
    me = await api('GET', '/api/v1/customer/session');
    if (me.state === 'completed') allDone();
  });
  for (const kind of ['interactionAdded', 'interactionSent', 'interactionStatus', 'noteAdded', 'reviewClosed', 'cancelled', 'expired', 'renewed']) {
    stream.addEventListener(kind, () => !busy && overview());
  }
  overview();
}

/** A completed session, read-only: what was done, and the customer's copies while they last. */
async function allDone() {
  const items = (await api('GET', '/api/v1/customer/interactions')).items;
  const flat = items.flatMap((i) => (i.steps ? i.steps.map((s) => ({ ...s, group: i.title })) : [i]));
  const until = me.downloadsUntil ? new Date(me.downloadsUntil).toLocaleDateString() : null;
  mount(app,
    h('section', { class: 'intro', 'data-test': 'session-complete' }, h('h1', {}, 'All done'),
      h('p', { class: 'all-done', role: 'status', 'data-test': 'all-done' }, `Thank you, ${me.customerName}. Everything your agent asked for is done.`),
      until ? h('p', {}, `Your copies can be downloaded here until ${until}. Keep them somewhere safe.`) : null),
    h('ol', { class: 'tasks' }, flat.filter((i) => i.kind !== 'review').map((i) => h('li', { class: `card task status-${i.status}` },
      h('div', { class: 'row spread' }, h('h2', {}, i.title), statusBadge(i.status)),
      i.group ? h('small', { class: 'hint' }, `Part of ${i.group}`) : null,
      i.status === 'declined' && i.declineReason ? h('p', { class: 'hint' }, `You declined: ${i.declineReason}`) : null,
      i.status === 'completed' && i.document && i.document.finished
        ? h('p', { class: 'row' },
          h('a', { href: `/api/v1/customer/interactions/${i.id}/finished.pdf`, download: '', class: 'download' }, 'Download your copy'),
          h('a', { href: `/api/v1/customer/interactions/${i.id}/certificate.pdf`, download: '', class: 'download' }, 'Certificate of completion'))
        : null))));
}

/** Everything asked, in order; the first unfinished one opens. */
async function overview() {
  const items = (await api('GET', '/api/v1/customer/interactions')).items;
  // The session completed meanwhile (the stream's `completed`): the all-done page wins.
  if (me.state === 'completed') return allDone();
  const flat = items.flatMap((i) => (i.steps ? i.steps.map((s) => ({ ...s, group: i.title })) : [i]));
  // Shared reviews are looked at together, not completed by the customer: they are not counted.
  const tasks = flat.filter((i) => i.kind !== 'review');
  const todo = tasks.filter((i) => !['completed', 'declined', 'awaitingCountersign'].includes(i.status));
  const reviewing = flat.some((i) => i.kind === 'review' && i.status !== 'completed');
  const done = tasks.length - todo.length;
  const stillOpen = flat.some((i) => i.id === openId && !['completed', 'declined', 'awaitingCountersign'].includes(i.status));
  if (!stillOpen) openId = todo.length ? todo[0].id : null;
  const cards = flat.map((i) => h('li', { class: `card task status-${i.status}`, 'data-id': i.id },
    h('div', { class: 'row spread' }, h('h2', {}, i.title), statusBadge(i.status)),
    i.group ? h('small', { class: 'hint' }, `Part of ${i.group}`) : null,
    i.id === openId ? h('div', { class: 'task-body' }) : null,
    i.id !== openId && !['completed', 'declined', 'awaitingCountersign'].includes(i.status)
      ? h('button', { type: 'button', onclick: () => {
        openId = i.id;
        overview();
      } }, 'Open') : null,
    i.status === 'completed' && i.document && i.document.finished
      ? h('p', { class: 'row' },
        h('a', { href: `/api/v1/customer/interactions/${i.id}/finished.pdf`, download: '', class: 'download' }, 'Download your copy'),
        h('a', { href: `/api/v1/customer/interactions/${i.id}/certificate.pdf`, download: '', class: 'download' }, 'Certificate of completion'))
      : null));
  mount(app,
    h('section', { class: 'intro' }, h('h1', {}, `Hello ${me.customerName}`),
      flat.length === 0 ? h('p', {}, 'Your agent has not sent anything yet. This page updates by itself.')
        : todo.length === 0 && !reviewing ? h('p', { class: 'all-done', role: 'status', 'data-test': 'all-done' }, '✓ Everything is done. Thank you! You can close this page.')
          : todo.length === 0 ? h('p', {}, 'Nothing left for you to fill. Your agent is going through a document with you.')
            : h('p', {}, `${done} of ${tasks.length} done. Here is what your agent asks, in order.`)),
    h('ol', { class: 'tasks' }, cards));
  const body = app.querySelector('.task-body');
  if (body) {
    const task = flat.find((i) => i.id === openId);
    openTask(task, body);
  }
}

async function openTask(summary, body) {
  const i = await api('GET', `/api/v1/customer/interactions/${summary.id}`);
  if (i.kind === 'document') return documentTask(i, body);
  if (i.kind === 'documentRequest') return requestTask(i, body);
  if (i.kind === 'paymentRequest') return paymentTask(i, body);
  if (i.kind === 'review') return reviewTask(i, body);
  mount(body, h('p', {}, 'Your agent will guide you through this one.'));
}

// A document: the customer's fields on the page previews and in a list; one value map for both.
function documentTask(i, body) {
  const doc = i.document;
  const values = { ...doc.values };
  const message = h('p', { class: 'message' });
  const fields = doc.fields.filter((f) => f.kind !== 'signingDate');
  const boxes = new Map();
  const rows = new Map();
  const width = Math.min(body.clientWidth || window.innerWidth - 32, 720);
  const previews = pagePreviews({
    pages: doc.pages, width, fields,
    pageUrl: (n, px) => `/api/v1/customer/interactions/${i.id}/pages/${n}?width=${px}`,
    box: (f) => {
      const el = h('button', { type: 'button', class: 'box role-customer', 'data-field': f.id, 'aria-label': `${f.label || f.id}${f.required ? ', required' : ''}`, onclick: () => fill(f) });
      boxes.set(f.id, el);
      return el;
    },
  });
  const list = h('div', { class: 'field-list' }, fields.map((f) => {
    const row = h('div', { class: 'customer-field', 'data-field': f.id }, control(f), h('small', { class: 'reason' }));
    rows.set(f.id, row);
    return row;
  }));
  mount(body,
    doc.approval ? h('p', {}, 'Please read this document and approve it.') : h('p', { class: 'hint' }, 'Tap a highlighted box on the page, or fill in the list below.'),
    previews, list, message,
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'primary', onclick: finish, 'data-test': 'finish' }, doc.approval ? 'Approve' : 'Finish'),
      h('button', { type: 'button', onclick: () => decline(i) }, 'Decline')));
  for (const f of fields) show(f);

  function control(f) {
    const label = `${f.label || f.id}${f.required ? ' *' : ''}`;
    const update = (v) => {
      if (v === '' || v === undefined) delete values[f.id];
      else values[f.id] = v;
      show(f);
    };
    switch (f.kind) {
      case 'signature':
      case 'initials':
      case 'image':
        return h('div', { class: 'field' }, h('span', {}, label),
          h('button', { type: 'button', class: 'sign', onclick: () => fill(f) }, f.kind === 'initials' ? 'Add initials' : f.kind === 'image' ? 'Add image' : 'Sign'));
      case 'checkbox':
        return h('label', { class: 'check' }, h('input', { type: 'checkbox', name: f.id, checked: values[f.id] === true, onchange: (e) => update(e.target.checked) }), ` ${label}`);
      case 'dropdown':
      case 'radio':
        return field(label, h('select', { name: f.id, onchange: (e) => update(e.target.value) }, h('option', { value: '' }, '—'),
          (f.options || []).map((o) => {
            const value = typeof o === 'string' ? o : o.value;
            return h('option', { value, selected: values[f.id] === value }, typeof o === 'string' ? o : o.label || o.value);
          })));
      default: {
        const types = { date: 'date', email: 'email', phone: 'tel', number: 'text' };
        const input = h('input', { name: f.id, type: types[f.kind] || 'text', value: typeof values[f.id] === 'string' ? values[f.id] : '',
          inputmode: f.kind === 'number' ? 'decimal' : undefined, maxlength: f.maxLength || undefined, oninput: (e) => update(e.target.value.trim()) });
        return field(label, input);
      }
    }
  }

  /** Tapping a box: signatures open the pad, images a picker; others focus their list control. */
  async function fill(f) {
    if (f.kind === 'signature' || f.kind === 'initials') {
      const value = await askSignature(f, f.kind === 'signature' ? me.customerName : '');
      if (value) {
        values[f.id] = value;
        show(f);
      }
      return;
    }
    if (f.kind === 'image') {
      const picker = h('input', { type: 'file', accept: 'image/png,image/jpeg' });
      picker.addEventListener('change', () => {
        const reader = new FileReader();
        reader.onload = () => {
          values[f.id] = { image: reader.result };
          show(f);
        };
        if (picker.files[0]) reader.readAsDataURL(picker.files[0]);
      });
      picker.click();
      return;
    }
    const control = rows.get(f.id).querySelector('input, select');
    if (control) control.focus();
  }

  function show(f) {
    const v = values[f.id];
    const box = boxes.get(f.id);
    const filled = v !== undefined && v !== '' && v !== false;
    if (box) {
      box.classList.toggle('filled', filled);
      box.textContent = filled ? (typeof v === 'string' ? v : '✓') : f.kind === 'signature' ? 'Sign here' : '';
    }
    const sign = rows.get(f.id).querySelector('button.sign');
    if (sign && filled) sign.textContent = '✓ Signed — change';
  }

  async function finish() {
    for (const row of rows.values()) {
      row.classList.remove('invalid');
      row.querySelector('.reason').textContent = '';
    }
    for (const box of boxes.values()) box.classList.remove('invalid');
    busy = true;
    try {
      say(message, 'Sending…');
      await api('POST', `/api/v1/customer/interactions/${i.id}/finish`, { json: { values } });
      busy = false;
      await overview();
    } catch (error) {
      busy = false;
      for (const p of error.errors) {
        const row = rows.get(p.field);
        if (row) {
          row.classList.add('invalid');
          row.querySelector('.reason').textContent = p.reason;
        }
        if (boxes.has(p.field)) boxes.get(p.field).classList.add('invalid');
      }
      say(message, [error.message, ...error.errors.map((p) => `${p.label}: ${p.reason}`)].join(' — '), 'error');
    }
  }
}

async function decline(i) {
  await dialog('Decline', (close) => {
    const reason = h('textarea', { name: 'reason', rows: '3', required: true });
    const message = h('p', { class: 'message' });
    const form = h('form', {}, field('Tell your agent why', reason), message,
      h('div', { class: 'row' }, h('button', { type: 'submit', class: 'danger' }, 'Decline'), h('button', { type: 'button', onclick: () => close() }, 'Back')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api('POST', `/api/v1/customer/interactions/${i.id}/decline`, { json: { reason: reason.value } });
        close(true);
        overview();
      } catch (error) {
        say(message, error.message, 'error');
      }
    });
    return form;
  });
}

// A document request: a file or a photo per requested document, then hand them in.
function requestTask(i, body) {
  const message = h('p', { class: 'message' });
  const uploaded = (type) => i.request.uploads.filter((u) => u.type === type);
  mount(body, i.request.note ? h('p', {}, i.request.note) : null,
    h('ul', { class: 'plain' }, i.request.documents.map((d) => {
      const input = h('input', { type: 'file', accept: 'image/*,application/pdf', capture: 'environment', name: d.type });
      input.addEventListener('change', async () => {
        const file = input.files[0];
        if (!file) return;
        try {
          say(message, `Uploading ${file.name}…`);
          const u = await api('POST', `/api/v1/customer/interactions/${i.id}/uploads?type=${encodeURIComponent(d.type)}&name=${encodeURIComponent(file.name)}`, { file });
          i.request.uploads.push(u);
          requestTask(i, body);
        } catch (error) {
          say(message, error.message, 'error');
        }
      });
      return h('li', { class: 'upload-item' }, field(`${d.label} — take a photo or choose a file`, input),
        uploaded(d.type).map((u) => h('p', { class: 'hint' }, `✓ ${u.fileName || 'file'} (${Math.round(u.size / 1024)} KB)`)));
    })),
    message,
    h('button', { type: 'button', class: 'primary', onclick: async () => {
      try {
        await api('POST', `/api/v1/customer/interactions/${i.id}/submit`);
        overview();
      } catch (error) {
        say(message, [error.message, ...error.errors.map((p) => `${p.label}: ${p.reason}`)].join(' — '), 'error');
      }
    } }, 'Hand in'));
}

function paymentTask(i, body) {
  const p = i.payment;
  const number = h('input', { name: 'cardNumber', inputmode: 'numeric', autocomplete: 'cc-number', required: true });
  const expiry = h('input', { name: 'expiry', placeholder: 'MM/YY', autocomplete: 'cc-exp', required: true });
  const cvc = h('input', { name: 'cvc', inputmode: 'numeric', autocomplete: 'cc-csc', required: true });
  const holder = h('input', { name: 'holder', autocomplete: 'cc-name', value: me.customerName, required: true });
  const message = h('p', { class: 'message' });
  if (p.failure) say(message, `The last attempt failed: ${p.failure}. You can try another card.`, 'error');
  // A payment left unconfirmed (a lost connection): paying again asks the provider for its outcome, never charging twice.
  if (p.state === 'processing') say(message, 'Your last payment was not confirmed yet. Pay again to finish it: you will not be charged twice.', 'error');
  const form = h('form', {}, h('p', { class: 'amount' }, `${p.amount} ${p.currency}`), h('p', {}, p.description),
    field('Card number', number), h('div', { class: 'row' }, field('Expiry', expiry), field('Security code', cvc)), field('Name on the card', holder),
    message, h('button', { type: 'submit', class: 'primary' }, `Pay ${p.amount} ${p.currency}`));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('POST', `/api/v1/customer/interactions/${i.id}/pay`, { json: { cardNumber: number.value, expiry: expiry.value, cvc: cvc.value, holder: holder.value } });
      overview();
    } catch (error) {
      say(message, [error.message, ...error.errors.map((q) => `${q.label}: ${q.reason}`)].join(' — '), 'error');
    }
  });
  mount(body, form);
}

// A shared review: the document with both sides' notes; the agent closes it.
function reviewTask(i, body) {
  const width = Math.min(body.clientWidth || window.innerWidth - 32, 720);
  mount(body, h('p', {}, 'Your agent is going through this document with you.'), reviewBoard({
    pages: i.review.pages, notes: i.review.notes, width,
    pageUrl: (n, px) => `/api/v1/customer/interactions/${i.id}/pages/${n}?width=${px}`,
    onAdd: async (note) => {
      await api('POST', `/api/v1/customer/interactions/${i.id}/notes`, { json: note });
      openTask(i, body);
    },
  }));
}
