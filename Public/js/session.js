// One session in the console: on the left the customer status and one bubble per interaction,
// kept live by the session's event stream; on the right the assets (templates by folder),
// workflows and tools, and the paperclip that uploads an ad hoc PDF into the field editor.
import { api, query } from './api.js';
import { h, mount, say, sayProblem } from './dom.js';
import { fieldEditor } from './editor.js';
import { assetsTab } from './session-assets.js';
import { bubble } from './session-bubbles.js';
import { reengageDialog } from './session-reengage.js';
import { sessionHeader } from './session-header.js';
import { reviewPanel } from './session-review.js';
import { toolsTab } from './session-tools.js';
import { workflowsTab } from './session-workflows.js';
import { chatPanel } from './chat.js';

export { customerStatusLabels } from './session-header.js';
// Every kind of record entry the stream sends; EventSource only delivers named events to
// listeners registered by name.
const streamEvents = [
  'created', 'invited', 'delivered', 'deliveryFailed', 'failed', 'opened', 'reengaged', 'renewed', 'cancelled', 'expired', 'completed',
  'interactionAdded', 'interactionSent', 'interactionOpened', 'interactionStatus', 'fieldsFilled', 'signed', 'uploaded', 'submitted',
  'declined', 'paid', 'paymentRejected', 'downloaded', 'noteAdded', 'reviewClosed', 'message',
  'awaitingCountersign', 'forwardedForApproval', 'approved', 'rejected',
  'reminded',
];

/** Draws session `id` into `app`; answers a function that stops its live updates. */
export function sessionView(app, id) {
  const base = `/api/v1/sessions/${id}`;
  const bubbles = h('ol', { class: 'bubbles', 'aria-label': 'Interactions', 'aria-live': 'polite' });
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
  let approvals = [];
  // The open review's redraw, if any, so notes from the customer appear as they arrive.
  let reviewRefresh = null;
  const chat = chatPanel({ url: `${base}/messages`, me: 'agent' });
  const message = h('p', { class: 'message' });
  const header = sessionHeader({ base, message, reload: () => load(), reengage: () => reengageDialog({ base, session, reload: load }) });

  mount(app, h('div', { class: 'session-view' },
    h('section', { class: 'conversation', 'aria-label': 'Session' },
      h('a', { href: '#/' }, '← Sessions'), header.elements, message, bubbles, chat.panel),
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
  stream.addEventListener('message', chat.fromStream);
  for (const kind of streamEvents) {
    stream.addEventListener(kind, (e) => {
      try {
        const event = JSON.parse(e.data);
        if (event.customerStatus && session) {
          session.customerStatus = event.customerStatus;
          header.draw(session, stream);
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
      approvals = (await api('GET', '/api/v1/approvals')).items.filter((a) => a.session === id);
      header.draw(session, stream);
      drawBubbles();
      if (reviewRefresh) reviewRefresh();
    } catch (error) {
      say(message, error.message, 'error');
    }
  }

  function drawBubbles() {
    mount(bubbles, interactions.length ? interactions.map((i) => bubble(i, { base, openReview, approvals, reload: load })) : h('li', { class: 'hint' }, 'Nothing sent yet. Pick a template, a workflow or a tool on the right.'));
  }

  // Assets: templates by folder, searchable; picking one opens its send form.
  function assets() {
    assetsTab({ panel, base, reload: load });
  }

  // Workflows: admin-defined sequences, sent as one.
  function workflows() {
    workflowsTab({ panel, base, reload: load });
  }

  // The agent's side of a shared review, kept fresh by the stream.
  async function openReview(iid) {
    reviewRefresh = await reviewPanel({ panel, base, iid, reload: load, back: tools });
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
