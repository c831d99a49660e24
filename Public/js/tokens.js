// The agent's API tokens for pipelines: make one (its secret is shown once, here only), see
// when each expires and was last used, and revoke any at once.
import { api } from './api.js';
import { h, mount, field, say, sayProblem } from './dom.js';

/** Draws the tokens page into `app`. */
export function tokensView(app) {
  const rows = h('tbody');
  const message = h('p', { class: 'message' });
  const label = h('input', { name: 'label', required: true, maxlength: '100', placeholder: 'nightly import' });
  const days = h('input', { name: 'expiresIn', type: 'number', min: '1', max: '365', value: '90', required: true });
  const secret = h('p', { class: 'message' });
  const form = h('form', { class: 'card' }, h('h2', {}, 'New API token'), field('Label', label),
    field('Expires in (days)', days, '1 to 365 days.'), secret, h('button', { type: 'submit', class: 'primary' }, 'Make token'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const made = await api('POST', '/api/v1/auth/tokens', { json: { label: label.value.trim(), expiresIn: Number(days.value) } });
      mount(secret, 'Copy it now; it is not shown again: ', h('code', {}, made.token));
      secret.className = 'message info';
      form.reset();
      draw();
    } catch (error) {
      sayProblem(secret, error);
    }
  });
  mount(app, h('h1', {}, 'API tokens'), h('div', { class: 'session-view' },
    h('section', { class: 'card' }, message, h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Label'), h('th', {}, 'Created'), h('th', {}, 'Expires'), h('th', {}, 'Last used'), h('th', {}, ''))),
      rows)),
    form));
  draw();

  async function draw() {
    try {
      const items = (await api('GET', '/api/v1/auth/tokens')).items;
      const when = (date) => (date ? new Date(date).toLocaleString() : 'never');
      mount(rows, items.length ? items.map((t) => h('tr', {}, h('td', {}, t.label), h('td', {}, when(t.createdAt)),
        h('td', {}, when(t.expiresAt)), h('td', {}, when(t.lastUsedAt)),
        h('td', {}, h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke ${t.label}`, onclick: () => revoke(t) }, 'Revoke'))))
        : h('tr', {}, h('td', { colspan: '5' }, 'No API tokens.')));
    } catch (error) {
      say(message, error.message, 'error');
    }
  }

  async function revoke(token) {
    try {
      await api('DELETE', `/api/v1/auth/tokens/${encodeURIComponent(token.id)}`);
      say(message, `Revoked ${token.label}; it no longer opens anything.`);
      draw();
    } catch (error) {
      say(message, error.message, 'error');
    }
  }
}
