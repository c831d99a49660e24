// One session in the console: on the left the customer status and one bubble per interaction,
// kept live by the session's event stream; on the right the assets (templates by folder),
// workflows and tools, and the paperclip that uploads an ad hoc PDF into the field editor.
import { api, query } from './api.js';
import { h, mount, field, say, dialog, statusBadge } from './dom.js';
import { fieldEditor } from './editor.js';
import { pagePreviews } from './pages.js';
import { reviewBoard } from './review.js';

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
];

/** Draws session `id` into `app`; answers a function that stops its live updates. */
export function sessionView(app, id) {
  const base = `/api/v1/sessions/${id}`;
  const title = h('h1', {}, '…');
  const contact = h('p', { class: 'hint' });
  const indicator = h('p', { class: 'indicator', role: 'status', 'aria-live': 'polite', 'data-test': 'customer-status' });
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
      h('a', { href: '#/' }, '← Sessions'), title, contact, indicator, actions, message, bubbles),
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
    const open = !['completed', 'cancelled', 'expired'].includes(session.state);
    // The server ends the stream of a closed session; without this EventSource would reconnect forever.
    if (!open) stream.close();
    mount(actions,
      session.state === 'draft' ? h('button', { type: 'button', class: 'primary', onclick: () => act('invite') }, 'Invite customer') : null,
      session.customerStatus === 'deliveryFailed' || (open && session.state !== 'draft')
        ? h('button', { type: 'button', class: session.customerStatus === 'deliveryFailed' ? 'primary' : '', onclick: reengage }, 'Re-engage') : null,
      open ? h('button', { type: 'button', class: 'danger', onclick: () => act('cancel') }, 'Cancel session') : null);
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
          say(note, [error.message, ...error.errors.map((p) => `${p.label}: ${p.reason}`)].join(' — '), 'error');
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
    if (i.document && !i.document.finished) links.push(link(`${base}/interactions/${i.id}/original.pdf`, 'Original PDF'));
    if (i.request) {
      for (const u of i.request.uploads) links.push(link(`${base}/interactions/${i.id}/uploads/${u.id}`, u.fileName || u.type));
      if (i.request.assembled) links.push(link(`${base}/interactions/${i.id}/assembled.pdf`, 'All photos as PDF'));
    }
    return links.length ? h('p', { class: 'row' }, links) : null;
  }

  function failure(note, error) {
    say(note, [error.message, ...error.errors.map((p) => `${p.label || p.field}: ${p.reason}`)].join(' — '), 'error');
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
        failure(note, error);
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
      return failure(panel, error);
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
        failure(note, error);
      }
    }
  }

  // Workflows: admin-defined sequences, sent as one.
  async function workflows() {
    const note = h('p', { class: 'message' });
    mount(panel, note);
    try {
      const items = (await api('GET', '/api/v1/workflows')).items;
      mount(panel, h('h2', {}, 'Workflows'), note, items.length ? h('ul', { class: 'plain' }, items.map((w) => h('li', { class: 'row spread' },
        h('span', {}, h('strong', {}, w.name), h('small', { class: 'hint' }, ` ${w.steps.length} step(s)${w.description ? ` — ${w.description}` : ''}`)),
        h('button', { type: 'button', onclick: () => sendWorkflow(w) }, 'Send'))))
        : h('p', { class: 'hint' }, 'No workflows yet; admins define them.'));
    } catch (error) {
      failure(note, error);
    }
  }

  // A workflow's template steps may have agent fields the workflow does not fix: they are
  // asked for here, step by step, and marked red (by `steps[n].<id>`) when the send is refused.
  async function sendWorkflow(w) {
    const note = h('p', { class: 'message' });
    const inputs = new Map();
    const sections = [];
    try {
      for (const [i, step] of w.steps.entries()) {
        if (step.kind !== 'template') continue;
        const t = await api('GET', `/api/v1/templates/${encodeURIComponent(step.template)}`);
        const fixed = step.values || {};
        const fields = t.fields.filter((f) => f.role === 'agent' && f.kind !== 'signingDate' && !(f.id in fixed));
        if (!fields.length) continue;
        sections.push(h('fieldset', {}, h('legend', {}, `Step ${i + 1}: ${step.title || t.name}`), fields.map((f) => {
          const input = agentInput(f);
          inputs.set(`steps[${i + 1}].${f.id}`, { f, input, step: String(i + 1) });
          return h('div', { class: 'agent-field', 'data-field': `steps[${i + 1}].${f.id}` }, field(`${f.label || f.id}${f.required ? ' *' : ''}`, input), h('small', { class: 'reason' }));
        })));
      }
    } catch (error) {
      return failure(note, error);
    }
    const form = h('form', { class: 'send-form' }, sections.length ? sections : h('p', {}, 'Nothing for you to fill.'), note,
      h('button', { type: 'submit', class: 'primary' }, `Send ${w.name}`));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const values = {};
      for (const { f, input, step } of inputs.values()) {
        const v = valueOf(f, input);
        if (v !== undefined) values[step] = { ...(values[step] || {}), [f.id]: v };
      }
      for (const row of form.querySelectorAll('.agent-field')) {
        row.classList.remove('invalid');
        row.querySelector('.reason').textContent = '';
      }
      try {
        await api('POST', `${base}/workflows`, { json: { workflow: w.id, values } });
        say(note, `Sent ${w.name}.`);
        load();
      } catch (error) {
        for (const p of error.errors) {
          const row = form.querySelector(`.agent-field[data-field="${CSS.escape(p.field)}"]`);
          if (row) {
            row.classList.add('invalid');
            row.querySelector('.reason').textContent = p.reason;
          }
        }
        failure(note, error);
      }
    });
    mount(panel, h('button', { type: 'button', class: 'link', onclick: workflows }, '← Workflows'), h('h2', {}, w.name),
      w.description ? h('p', { class: 'hint' }, w.description) : null, form);
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
            failure(note, error);
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
    mount(panel, h('h2', {}, 'Tools'),
      h('div', { class: 'tool-list' },
        h('button', { type: 'button', onclick: documentRequest }, 'Document request'),
        h('button', { type: 'button', onclick: paymentRequest }, 'Payment request'),
        h('button', { type: 'button', onclick: batch }, 'Batch'),
        h('button', { type: 'button', onclick: review }, 'Shared review')));
  }

  async function documentRequest() {
    const search = h('input', { type: 'search', name: 'q', placeholder: 'ID, payslip, proof of address…' });
    const list = h('div', { class: 'choices' });
    const other = h('input', { name: 'label', placeholder: 'What you need (for "Other")' });
    const note = h('textarea', { name: 'note', rows: '2' });
    const message = h('p', { class: 'message' });
    const chosen = new Set();
    const draw = async () => {
      const types = (await api('GET', `/api/v1/document-types${query({ q: search.value.trim() })}`)).items;
      mount(list, types.map((t) => h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: chosen.has(t.id), onchange: (e) => {
        if (e.target.checked) chosen.add(t.id);
        else chosen.delete(t.id);
      } }), ` ${t.label}`)));
    };
    search.addEventListener('input', draw);
    const form = h('form', {}, field('Find a document type', search), list, field('Label for "Other"', other), field('Note to the customer', note), message,
      h('button', { type: 'submit', class: 'primary' }, 'Ask for these'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const documents = [...chosen].map((type) => (type === 'other' ? { type, label: other.value.trim() } : { type }));
      try {
        await api('POST', `${base}/document-requests`, { json: { documents, note: note.value.trim() || undefined } });
        say(message, 'Request sent.');
        load();
      } catch (error) {
        failure(message, error);
      }
    });
    mount(panel, h('button', { type: 'button', class: 'link', onclick: tools }, '← Tools'), h('h2', {}, 'Document request'), form);
    draw();
  }

  function paymentRequest() {
    const amount = h('input', { name: 'amount', inputmode: 'decimal', placeholder: '49.90', pattern: '\\d+\\.\\d{2}', required: true });
    const currency = h('input', { name: 'currency', value: 'EUR', maxlength: '3', required: true });
    const description = h('input', { name: 'description', required: true });
    const message = h('p', { class: 'message' });
    const form = h('form', {}, field('Amount (two decimals)', amount), field('Currency (ISO 4217)', currency), field('What it is for', description), message,
      h('button', { type: 'submit', class: 'primary' }, 'Ask for payment'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api('POST', `${base}/payment-requests`, { json: { amount: amount.value.trim(), currency: currency.value.trim().toUpperCase(), description: description.value.trim() } });
        say(message, 'Payment request sent.');
        load();
      } catch (error) {
        failure(message, error);
      }
    });
    mount(panel, h('button', { type: 'button', class: 'link', onclick: tools }, '← Tools'), h('h2', {}, 'Payment request'), form);
  }

  async function batch() {
    const templates = (await api('GET', '/api/v1/templates')).items;
    const order = [];
    const chosen = h('ol', { class: 'plain' });
    const name = h('input', { name: 'title', required: true, value: 'Documents to complete' });
    const message = h('p', { class: 'message' });
    const drawChosen = () => mount(chosen, order.map((t, i) => h('li', { class: 'row spread' }, `${i + 1}. ${t.name}`,
      h('button', { type: 'button', class: 'link', onclick: () => {
        order.splice(i, 1);
        drawChosen();
      } }, 'Remove'))));
    const form = h('form', {}, field('Title', name),
      h('p', { class: 'hint' }, 'The customer completes them in this order, one at a time.'),
      h('ul', { class: 'plain' }, templates.map((t) => h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => {
        order.push(t);
        drawChosen();
      } }, `+ ${t.name}`)))),
      chosen, message, h('button', { type: 'submit', class: 'primary' }, 'Send batch'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api('POST', `${base}/batches`, { json: { title: name.value.trim(), documents: order.map((t) => ({ template: t.slug })) } });
        say(message, 'Batch sent.');
        load();
      } catch (error) {
        failure(message, error);
      }
    });
    mount(panel, h('button', { type: 'button', class: 'link', onclick: tools }, '← Tools'), h('h2', {}, 'Batch'), form);
  }

  function review() {
    const documents = interactions.flatMap((i) => [i, ...(i.steps || [])]).filter((i) => i.kind === 'document');
    const message = h('p', { class: 'message' });
    mount(panel, h('button', { type: 'button', class: 'link', onclick: tools }, '← Tools'), h('h2', {}, 'Shared review'),
      h('p', { class: 'hint' }, 'Look at one document together with the customer and pin notes on it. Pick a document of this session, or upload a PDF with the paperclip first.'),
      documents.length ? h('ul', { class: 'plain' }, documents.map((d) => h('li', {}, h('button', { type: 'button', class: 'link', onclick: async () => {
        try {
          const started = await api('POST', `${base}/reviews`, { json: { interaction: d.id } });
          load();
          openReview(started.id);
        } catch (error) {
          failure(message, error);
        }
      } }, `Review ${d.title}`)))) : h('p', { class: 'hint' }, 'No document in this session yet.'),
      message);
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
      failure(message, error);
    }
  }
}

function agentInput(f) {
  const name = `value-${f.id}`;
  switch (f.kind) {
    case 'checkbox': return h('input', { type: 'checkbox', name });
    case 'dropdown':
    case 'radio':
      return h('select', { name }, h('option', { value: '' }, '—'), (f.options || []).map((o) => {
        const value = typeof o === 'string' ? o : o.value;
        return h('option', { value }, typeof o === 'string' ? o : o.label || o.value);
      }));
    case 'date': return h('input', { type: 'date', name });
    case 'number': return h('input', { type: 'text', inputmode: 'decimal', name });
    case 'email': return h('input', { type: 'email', name });
    case 'phone': return h('input', { type: 'tel', name, placeholder: '+447700900123' });
    case 'signature':
    case 'initials':
      return h('input', { type: 'text', name, placeholder: 'Type your name to sign' });
    case 'image': {
      // A stamp or logo travels as a data: URL; the server never reads files named by a client.
      const input = h('input', { type: 'file', name, accept: 'image/png,image/jpeg' });
      input.addEventListener('change', () => {
        const reader = new FileReader();
        reader.onload = () => {
          input.dataset.value = reader.result;
        };
        if (input.files[0]) reader.readAsDataURL(input.files[0]);
      });
      return input;
    }
    default: return f.multiline ? h('textarea', { name, rows: '2' }) : h('input', { type: 'text', name, maxlength: f.maxLength || undefined });
  }
}

function valueOf(f, input) {
  if (f.kind === 'checkbox') return input.checked;
  if (f.kind === 'image') return input.dataset.value ? { image: input.dataset.value } : undefined;
  const v = input.value.trim();
  if (!v) return undefined;
  if (f.kind === 'signature' || f.kind === 'initials') return { typed: v };
  return v;
}
