// Admin page #/webhooks: register a receiver for chosen event types (its signing secret is shown
// once, with a copy button), disable or enable, delete, and each webhook's deliveries with every
// attempt. Only text goes into the page (h() sets textContent), never HTML from the server.
import { api } from './api.js';
import { h, mount, field, say, sayProblem } from './dom.js';

const types = ['session.invited', 'session.completed', 'session.expired', 'session.cancelled', 'interaction.sent',
  'interaction.opened', 'interaction.completed', 'interaction.declined', 'batchJob.done'];

export async function webhooksPage(app) {
  const rows = h('tbody');
  const listMessage = h('p', { class: 'message' });
  const history = h('div');
  const url = h('input', { type: 'url', name: 'url', required: true, placeholder: 'https://hooks.example.com/signet' });
  const boxes = types.map((t) => h('input', { type: 'checkbox', name: 'events', value: t }));
  const message = h('p', { class: 'message' });
  const secretBox = h('div');
  const form = h('form', { class: 'card' }, h('h2', {}, 'New webhook'), field('Receiver URL', url, 'http or https; internal addresses are refused.'),
    h('fieldset', {}, h('legend', {}, 'Events'), boxes.map((b) => h('label', { class: 'check' }, b, ` ${b.value}`))),
    message, secretBox, h('button', { type: 'submit', class: 'primary' }, 'Add webhook'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const made = await api('POST', '/api/v1/webhooks', { json: { url: url.value.trim(), events: boxes.filter((b) => b.checked).map((b) => b.value) } });
      // Reset first: the secret's box is in the form, and a reset would empty it.
      form.reset();
      say(message, 'Added. Copy the signing secret now: it is not shown again.');
      showSecret(made.secret);
      draw();
    } catch (error) {
      mount(secretBox);
      sayProblem(message, error);
    }
  });
  mount(app, h('h1', {}, 'Webhooks'), h('div', { class: 'session-view' },
    h('section', { class: 'card' }, h('table', { class: 'list' }, h('thead', {}, h('tr', {}, h('th', {}, 'URL'), h('th', {}, 'Events'), h('th', {}, 'Status'), h('th', {}, 'Actions'))), rows),
      listMessage, history), form));
  draw();

  function showSecret(secret) {
    const value = h('input', { name: 'secret', value: secret, readonly: true, 'aria-label': 'Signing secret' });
    const copied = h('span', { class: 'hint', role: 'status' });
    mount(secretBox, h('div', { class: 'row' }, value, h('button', { type: 'button', onclick: async () => {
      try {
        await navigator.clipboard.writeText(secret);
        copied.textContent = ' Copied.';
      } catch {
        value.select();
        copied.textContent = ' Select the secret and copy it.';
      }
    } }, 'Copy'), copied));
  }

  async function draw() {
    const items = (await api('GET', '/api/v1/webhooks')).items;
    mount(rows, items.length ? items.map((w) => h('tr', {}, h('td', {}, w.url), h('td', {}, w.events.join(', ')),
      h('td', {}, w.enabled ? 'Enabled' : 'Disabled'),
      h('td', { class: 'row' },
        h('button', { type: 'button', class: 'link', 'aria-label': `deliveries of ${w.url}`, onclick: () => deliveries(w) }, 'Deliveries'),
        h('button', { type: 'button', class: w.enabled ? 'link danger' : 'link', 'aria-label': `${w.enabled ? 'disable' : 'enable'} ${w.url}`, onclick: () => act(w, 'PATCH', { enabled: !w.enabled }, `${w.url} is ${w.enabled ? 'disabled' : 'enabled'}.`) },
          w.enabled ? 'Disable' : 'Enable'),
        h('button', { type: 'button', class: 'link danger', 'aria-label': `delete ${w.url}`, onclick: () => {
          if (confirm(`Delete the webhook to ${w.url} and its deliveries?`)) act(w, 'DELETE', undefined, `${w.url} is deleted.`);
        } }, 'Delete')))) : h('tr', {}, h('td', { colspan: '4', class: 'hint' }, 'No webhooks yet.')));
  }

  async function act(w, method, json, done) {
    try {
      await api(method, `/api/v1/webhooks/${encodeURIComponent(w.id)}`, { json });
      say(listMessage, done);
      mount(history);
      draw();
    } catch (error) {
      sayProblem(listMessage, error);
    }
  }

  async function deliveries(w) {
    const items = (await api('GET', `/api/v1/webhooks/${encodeURIComponent(w.id)}/deliveries`)).items;
    const when = (t) => new Date(t).toLocaleString();
    mount(history, h('h2', {}, `Deliveries to ${w.url}`), items.length ? h('table', { class: 'list deliveries' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Event'), h('th', {}, 'Status'), h('th', {}, 'Attempts'))),
      h('tbody', {}, items.map((d) => h('tr', {}, h('td', {}, d.type, h('br'), h('small', { class: 'hint' }, d.event)),
        h('td', {}, d.status, d.nextAttemptAt ? h('small', { class: 'hint' }, ` next ${when(d.nextAttemptAt)}`) : null),
        h('td', {}, h('ol', {}, d.attempts.map((a) => h('li', {}, `${when(a.at)}: `,
          a.responseCode ? `HTTP ${a.responseCode}` : a.error, ` (${a.milliseconds} ms)`)))))))) : h('p', { class: 'hint' }, 'Nothing sent yet.'));
  }
}
