// One session in the console: on the left the customer status and one bubble per interaction,
// kept live by the session's event stream; on the right the assets (templates by folder),
// workflows and tools, and the paperclip that uploads an ad hoc PDF into the field editor.
import { api, query } from './api.js';
import { h, mount, field, say, sayProblem, dialog, statusBadge } from './dom.js';
import { fieldEditor } from './editor.js';
import { pagePreviews } from './pages.js';
import { reviewBoard } from './review.js';
import { toolsTab } from './session-tools.js';
import { workflowsTab } from './session-workflows.js';
import { agentInput, valueOf } from './agent-fields.js';
import { recordDialog } from './record.js';

export const customerStatusLabels = {
  notInvited: 'Not invited yet', invitationSent: 'Invitation sent', deliveryFailed: 'Number or address invalid', waiting: 'Waiting',
  connected: 'Connected', onlineNow: 'Online now', completed: 'Completed', cancelled: 'Cancelled', expired: 'Expired',
};
const kindLabels = {
  document: 'Document', documentRequest: 'Document request', paymentRequest: 'Payment request', batch: 'Batch', workflow: 'Workflow', review: 'Shared review',
};
// Every kind of record entry the stream sends; EventSource only delivers named events to
// listeners registered by name.
const streamEvents = [
  'created', 'invited', 'delivered', 'deliveryFailed', 'failed', 'opened', 'reengaged', 'renewed', 'cancelled', 'expired', 'completed',
  'interactionAdded', 'interactionSent', 'interactionOpened', 'interactionStatus', 'fieldsFilled', 'signed', 'uploaded', 'submitted',
  'declined', 'paid', 'paymentRejected', 'downloaded', 'noteAdded', 'reviewClosed', 'message',
  'reminded',
];

/** Draws session `id` into `app`; answers a function that stops its live updates. */
export function sessionView(app, id) {
  const base = `/api/v1/sessions/${id}`;
  const title = h('h1', {}, '…');
  const contact = h('p', { class: 'hint' });
  const indicator = h('p', { class: 'indicator', role: 'status', 'aria-live': 'polite', 'data-test': 'customer-status' });
  const lifecycle = h('p', { class: 'hint', 'data-test': 'lifecycle' });
  const actions = h('div', { class: 'row' });
  const bubbles = h('ol', { class: 'bubbles', 'aria-label': 'Interactions', 'aria-live': 'polite' });
  const message = h('p', { class: 'message' });
  const panel = h('div', { class: 'panel' });
  const upload = h('input', { type: 'file', accept: 'application/pdf', id: 'paperclip', class: 'visually-hidden', onchange: uploaded });
  const tabs = [['Assets', assets], ['Workflows', workflows], ['Tools', tools]];
  const tabButtons = tabs.map(([label, draw], i) => h('button', {
    type: 'button', role: 'tab', 'aria-selected': i === 0 ? 'true' : 'false',
    onclick: (e) => {
      for (const b of tabButtons) b.setAttribute('aria-selected', String(b === e.currentTarget));
      draw();
    },
  }, label));
  let session = null;
  let interactions = [];
  // The open review's redraw, if any, so notes from the customer appear as they arrive.
  let reviewRefresh = null;

  mount(app, h('div', { class: 'session-view' },
    h('section', { class: 'conversation', 'aria-label': 'Session' },
      h('a', { href: '#/' }, '← Sessions'), title, contact, indicator, lifecycle, actions, message, bubbles),
    h('aside', { class: 'side', 'aria-label': 'Send' },
      h('div', { class: 'row spread' },
        h('div', { role: 'tablist', class: 'tabs' }, tabButtons),
        h('label', { for: 'paperclip', class: 'button paperclip', title: 'Upload a PDF and place fields on it', tabindex: '0', onkeydown: (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            upload.click();
          }
        } }, h('img', { src: '/img/paperclip.svg', alt: '', width: '16', height: '16' }), ' Upload PDF'), upload),
      panel)));

  let timer;
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(load, 150);
  };
  const stream = new EventSource(`${base}/stream`);
  for (const kind of streamEvents) {
    stream.addEventListener(kind, (e) => {
      try {
        const event = JSON.parse(e.data);
        if (event.customerStatus && session) {
          session.customerStatus = event.customerStatus;
          drawSession();
        }
      } catch {
        // A keep-alive or malformed line: the reload below still brings the truth.
      }
      refresh();
    });
  }
  load();
  assets();
  return () => {
    stream.close();
    clearTimeout(timer);
  };

  async function load() {
    try {
      session = await api('GET', base);
      interactions = (await api('GET', `${base}/interactions`)).items;
      drawSession();
      drawBubbles();
      if (reviewRefresh) reviewRefresh();
    } catch (error) {
      say(message, error.message, 'error');
    }
  }

  function drawSession() {
    title.textContent = session.customer.name;
    const email = session.customer.channel === 'email';
    contact.textContent = `${(email ? session.customer.email : session.customer.phone) || ''} · by ${email ? 'email' : 'SMS'}`;
    mount(indicator, h('span', { class: `dot cs-${session.customerStatus}` }), ' ',
      customerStatusLabels[session.customerStatus] || session.customerStatus,
      session.deliveryError ? ` (${session.deliveryError})` : '');
    drawLifecycle();
    const open = !['completed', 'cancelled', 'expired'].includes(session.state);
    // The server ends the stream of a closed session; without this EventSource would reconnect forever.
    if (!open) stream.close();
    mount(actions,
      session.state === 'draft' ? h('button', { type: 'button', class: 'primary', onclick: () => act('invite') }, 'Invite customer') : null,
      session.customerStatus === 'deliveryFailed' || (open && session.state !== 'draft')
        ? h('button', { type: 'button', class: session.customerStatus === 'deliveryFailed' ? 'primary' : '', onclick: reengage }, 'Re-engage') : null,
      open && session.state !== 'draft' ? h('button', { type: 'button', 'data-test': 'remind', onclick: remind }, 'Remind') : null,
      open ? h('button', { type: 'button', class: 'danger', onclick: () => act('cancel') }, 'Cancel session') : null,
      h('button', { type: 'button', 'data-test': 'record', onclick: () => recordDialog(base) }, 'Record'));
  }

  // When it ends (or ended) and where its reminders stand.
  function drawLifecycle() {
    const when = (iso) => new Date(iso).toLocaleString();
    const parts = [];
    if (session.state === 'completed' && session.completedAt) parts.push(`Completed ${when(session.completedAt)}`);
    else if (session.expiresAt) parts.push(`${session.state === 'expired' ? 'Expired' : 'Link valid until'} ${when(session.expiresAt)}`);
    if (session.reminders) {
      parts.push(`Reminders: ${session.remindersSent} of ${session.reminders.max} sent`
        + (session.nextReminderAt && session.state !== 'completed' ? `, next ${when(session.nextReminderAt)}` : ''));
    }
    if (session.lastRemindedAt) parts.push(`last reminded ${when(session.lastRemindedAt)}`);
    lifecycle.textContent = parts.join(' · ');
  }

  async function remind() {
    try {
      await api('POST', `${base}/remind`);
      say(message, 'Reminder sent.');
      await load();
    } catch (error) {
      say(message, error.message, 'error');
    }
  }

  async function act(what) {
    try {
      await api('POST', `${base}/${what}`);
      await load();
    } catch (error) {
      say(message, error.message, 'error');
    }
  }

  async function reengage() {
    await dialog('Re-engage the customer', (close) => {
      const channel = h('select', { name: 'channel' },
        h('option', { value: 'sms', selected: session.customer.channel === 'sms' }, 'SMS'),
        h('option', { value: 'email', selected: session.customer.channel === 'email' }, 'Email'));
      const phone = h('input', { name: 'phone', type: 'tel', value: session.customer.phone || '' });
      const email = h('input', { name: 'email', type: 'email', value: session.customer.email || '' });
      const note = h('p', { class: 'message' });
      const form = h('form', {}, h('p', { class: 'hint' }, 'Correct the number or address, or switch channel; a new link goes out and the old one stops working. Nothing in the session is lost.'),
        field('Send by', channel), field('Phone', phone), field('Email', email), note,
        h('div', { class: 'row' }, h('button', { class: 'primary', type: 'submit' }, 'Send again'), h('button', { type: 'button', onclick: () => close() }, 'Cancel')));
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        try {
          await api('POST', `${base}/reengage`, { json: { channel: channel.value, phone: phone.value.trim() || undefined, email: email.value.trim() || undefined } });
          close(true);
          load();
        } catch (error) {
          sayProblem(note, error);
        }
      });
      return form;
    });
  }

  function drawBubbles() {
    mount(bubbles, interactions.length ? interactions.map(bubble) : h('li', { class: 'hint' }, 'Nothing sent yet. Pick a template, a workflow or a tool on the right.'));
  }

  function bubble(i) {
    return h('li', { class: `bubble status-${i.status}`, 'data-id': i.id, 'data-status': i.status },
      h('div', { class: 'row spread' }, h('strong', {}, i.title), statusBadge(i.status)),
      h('small', { class: 'hint' }, kindLabels[i.kind] || i.kind),
      i.declineReason ? h('p', {}, `Declined: ${i.declineReason}`) : null,
      i.payment ? h('p', {}, `${i.payment.amount} ${i.payment.currency} — ${i.payment.state}${i.payment.failure ? ` (${i.payment.failure})` : ''}`) : null,
      downloads(i),
      i.kind === 'review' && i.status !== 'completed'
        ? h('button', { type: 'button', onclick: () => openReview(i.id) }, `Open review (${i.review.notes.length} note(s))`) : null,
      i.steps && i.steps.length ? h('ol', { class: 'steps' }, i.steps.map(bubble)) : null);
  }

  function downloads(i) {
    const links = [];
    const link = (href, text) => h('a', { href, download: '', class: 'download' }, text);
    if (i.document && i.document.finished) links.push(link(`${base}/interactions/${i.id}/finished.pdf`, 'Download signed PDF'));
    // The certificate is issued at the finish (or, if that failed, at its first download), so
    // a completed document always offers it.
    if (i.document && i.document.finished && i.status === 'completed') {
      links.push(link(`${base}/interactions/${i.id}/certificate.pdf`, 'Certificate of completion'));
    }
    if (i.document && !i.document.finished) links.push(link(`${base}/interactions/${i.id}/original.pdf`, 'Original PDF'));
    if (i.request) {
      for (const u of i.request.uploads) links.push(link(`${base}/interactions/${i.id}/uploads/${u.id}`, u.fileName || u.type));
      if (i.request.assembled) links.push(link(`${base}/interactions/${i.id}/assembled.pdf`, 'All photos as PDF'));
    }
    return links.length ? [sealStatus(i), h('p', { class: 'row' }, links)] : null;
  }

  // Every finished document is sealed by the service; the chain it was sealed with is public,
  // for anyone checking the PDF in their own reader. Whether a given copy is still intact is
  // the verify page's question.
  function sealStatus(i) {
    if (!(i.document && i.document.finished)) return null;
    return h('p', { class: 'seal', 'data-test': 'seal' }, 'Sealed (PAdES) · ',
      h('a', { href: '/api/v1/seal/certificate.pem', download: 'signet-seal-chain.pem' }, 'seal certificate chain'), ' · ',
      h('a', { href: '/verify/' }, 'verify a copy'));
  }


  // Assets: templates by folder, searchable; picking one opens its send form.
  function assets() {
    const search = h('input', { type: 'search', name: 'q', placeholder: 'Search templates' });
    const list = h('div', { class: 'folders' });
    const note = h('p', { class: 'message' });
    let timer2;
    search.addEventListener('input', () => {
      clearTimeout(timer2);
      timer2 = setTimeout(draw, 250);
    });
    mount(panel, field('Search templates', search), note, list);
    draw();

    async function draw() {
      try {
        const found = (await api('GET', `/api/v1/templates${query({ q: search.value.trim() })}`)).items;
        const folders = new Map();
        for (const t of found) folders.set(t.folder, [...(folders.get(t.folder) || []), t]);
        mount(list, folders.size ? [...folders].map(([folder, items]) => h('details', { open: true },
          h('summary', {}, `${folder} (${items.length})`),
          h('ul', {}, items.map((t) => h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => sendTemplate(t.slug) }, t.name),
            t.description ? h('small', { class: 'hint' }, ` — ${t.description}`) : null)))))
          : h('p', { class: 'hint' }, 'No template matches.'));
      } catch (error) {
        sayProblem(note, error);
      }
    }
  }

  // A template's send form: its agent fields to fill (marked red when the send is refused),
  // its customer fields shown apart in their own colour, on the page previews.
  async function sendTemplate(slug) {
    const note = h('p', { class: 'message' });
    let template;
    try {
      template = await api('GET', `/api/v1/templates/${encodeURIComponent(slug)}`);
    } catch (error) {
      return sayProblem(panel, error);
    }
    const agentFields = template.fields.filter((f) => f.role === 'agent' && f.kind !== 'signingDate');
    const customerFields = template.fields.filter((f) => f.role === 'customer');
    const inputs = new Map();
    const rows = agentFields.map((f) => {
      const input = agentInput(f);
      inputs.set(f.id, input);
      return h('div', { class: 'agent-field', 'data-field': f.id }, field(`${f.label || f.id}${f.required ? ' *' : ''}`, input), h('small', { class: 'reason' }));
    });
    const boxes = new Map();
    const previews = pagePreviews({
      pages: template.pages, width: 340, fields: template.fields,
      pageUrl: (n, px) => `/api/v1/templates/${encodeURIComponent(slug)}/pages/${n}?width=${px}`,
      box: (f) => {
        const el = h('div', { class: `box role-${f.role}`, title: `${f.label || f.id} (${f.role})` });
        boxes.set(f.id, el);
        return el;
      },
    });
    mount(panel,
      h('button', { type: 'button', class: 'link', onclick: assets }, '← Assets'),
      h('h2', {}, template.name), h('p', { class: 'hint' }, `Version ${template.version} · ${template.folder}`),
      h('form', { class: 'send-form', onsubmit: send },
        h('h3', {}, 'Your fields'), rows.length ? rows : h('p', { class: 'hint' }, 'Nothing for you to fill.'),
        h('h3', {}, 'For the customer'),
        h('ul', { class: 'customer-fields' }, customerFields.map((f) => h('li', { class: 'role-customer' }, `${f.label || f.id}${f.required ? ' (required)' : ''}`))),
        note, h('button', { type: 'submit', class: 'primary' }, 'Send to customer')),
      h('details', {}, h('summary', {}, 'Pages'), h('p', { class: 'legend' }, h('span', { class: 'box-key role-agent' }), ' yours ', h('span', { class: 'box-key role-customer' }), ' the customer\'s'), previews));

    async function send(e) {
      e.preventDefault();
      const values = {};
      for (const f of agentFields) {
        const v = valueOf(f, inputs.get(f.id));
        if (v !== undefined) values[f.id] = v;
      }
      for (const row of panel.querySelectorAll('.agent-field')) {
        row.classList.remove('invalid');
        row.querySelector('.reason').textContent = '';
      }
      for (const el of boxes.values()) el.classList.remove('invalid');
      try {
        await api('POST', `${base}/documents`, { json: { template: slug, values } });
        say(note, `Sent ${template.name}.`);
        load();
      } catch (error) {
        for (const p of error.errors) {
          const row = panel.querySelector(`.agent-field[data-field="${CSS.escape(p.field)}"]`);
          if (row) {
            row.classList.add('invalid');
            row.querySelector('.reason').textContent = p.reason;
            inputs.get(p.field).setAttribute('aria-invalid', 'true');
          }
          if (boxes.has(p.field)) boxes.get(p.field).classList.add('invalid');
        }
        sayProblem(note, error);
      }
    }
  }

  // Workflows: admin-defined sequences, sent as one.
  function workflows() {
    workflowsTab({ panel, base, reload: load });
  }

  // The agent's side of a shared review: the same board, kept fresh by the stream, and Close.
  async function openReview(iid) {
    const note = h('p', { class: 'message' });
    const draw = async (initial = false) => {
      // A refresh only redraws the review while it is still what the panel shows.
      if (!initial && !panel.querySelector(`[data-review="${CSS.escape(iid)}"]`)) return;
      const i = await api('GET', `${base}/interactions/${iid}`);
      mount(panel, h('div', { 'data-review': iid },
        h('button', { type: 'button', class: 'link', onclick: tools }, '← Tools'),
        h('h2', {}, i.title), note,
        i.status === 'completed' ? h('p', {}, 'This review is closed.') : h('button', { type: 'button', onclick: async () => {
          try {
            await api('POST', `${base}/interactions/${iid}/close`);
            draw();
            load();
          } catch (error) {
            sayProblem(note, error);
          }
        } }, 'Close review'),
        reviewBoard({
          pages: i.review.pages, notes: i.review.notes, width: 360,
          pageUrl: (n, px) => `${base}/interactions/${iid}/pages/${n}?width=${px}`,
          onAdd: async (n) => {
            await api('POST', `${base}/interactions/${iid}/notes`, { json: n });
            draw();
          },
        })));
    };
    await draw(true);
    reviewRefresh = () => draw();
  }

  function tools() {
    toolsTab({ panel, base, reload: load, interactions: () => interactions, openReview });
  }

  // The paperclip: the PDF goes up as it is, then the field editor opens on its pages.
  async function uploaded() {
    const file = upload.files[0];
    upload.value = '';
    if (!file) return;
    try {
      say(message, `Uploading ${file.name}…`);
      const answer = await api('POST', `${base}/uploads${query({ name: file.name })}`, { file });
      say(message, answer.warnings.length ? answer.warnings.join(' ') : '');
      const overlay = h('div', { class: 'overlay' });
      const close = () => overlay.remove();
      overlay.append(fieldEditor({
        title: `Place fields on ${file.name}`, pages: answer.pages, saveLabel: 'Send to customer',
        pageUrl: (n, px) => `${base}/uploads/${answer.upload}/pages/${n}?width=${px}`,
        onSave: async (fields) => {
          await api('POST', `${base}/documents`, { json: { upload: answer.upload, title: file.name.replace(/\.pdf$/i, ''), fields } });
          close();
          say(message, `Sent ${file.name}.`);
          load();
        },
        onClose: close,
      }));
      document.body.append(overlay);
    } catch (error) {
      sayProblem(message, error);
    }
  }
}
