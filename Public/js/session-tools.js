// The Tools tab of a session in the console: ask the customer for documents or a payment, send
// several templates as one batch, or open a shared review. The session view hands over where to
// draw (`panel`), its API path, how to reload its bubbles, its current interactions and how to
// open a review board.
import { api, query } from './api.js';
import { h, mount, field, say, sayProblem } from './dom.js';

/** Draws the tools into `panel`; each tool's form comes back to the list with "← Tools". */
export function toolsTab({ panel, base, reload, interactions, openReview }) {
  tools();

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
        reload();
      } catch (error) {
        sayProblem(message, error);
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
        reload();
      } catch (error) {
        sayProblem(message, error);
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
        reload();
      } catch (error) {
        sayProblem(message, error);
      }
    });
    mount(panel, h('button', { type: 'button', class: 'link', onclick: tools }, '← Tools'), h('h2', {}, 'Batch'), form);
  }

  function review() {
    const documents = interactions().flatMap((i) => [i, ...(i.steps || [])]).filter((i) => i.kind === 'document');
    const message = h('p', { class: 'message' });
    mount(panel, h('button', { type: 'button', class: 'link', onclick: tools }, '← Tools'), h('h2', {}, 'Shared review'),
      h('p', { class: 'hint' }, 'Look at one document together with the customer and pin notes on it. Pick a document of this session, or upload a PDF with the paperclip first.'),
      documents.length ? h('ul', { class: 'plain' }, documents.map((d) => h('li', {}, h('button', { type: 'button', class: 'link', onclick: async () => {
        try {
          const started = await api('POST', `${base}/reviews`, { json: { interaction: d.id } });
          reload();
          openReview(started.id);
        } catch (error) {
          sayProblem(message, error);
        }
      } }, `Review ${d.title}`)))) : h('p', { class: 'hint' }, 'No document in this session yet.'),
      message);
  }
}
