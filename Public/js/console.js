// The agent console: log in, the session list, start or pre-plan a session, and the session
// view (customer status and one live bubble per interaction on the left; assets, workflows
// and tools on the right), the address book, batch jobs and the agent's API tokens. Routes
// live in the hash: #/, #/sessions/<id>, #/contacts, #/batches, #/approvals and #/tokens.
import { api, setCsrf, storedCsrf, query } from './api.js';
import { h, mount, field, say, dialog } from './dom.js';
import { sessionView, customerStatusLabels } from './session.js';
import { tokensView } from './tokens.js';
import { contactsView } from './contacts.js';
import { batchesView } from './batches.js';
import { approvalsView } from './approvals.js';
import { reminderControls } from './reminders.js';

const app = document.getElementById('app');
const account = document.getElementById('account');
let me = null;
let leaving = () => {};

window.addEventListener('hashchange', route);
start();

async function start() {
  try {
    me = storedCsrf() ? await api('GET', '/api/v1/auth/me') : null;
  } catch {
    me = null;
  }
  route();
}

function route() {
  leaving();
  leaving = () => {};
  drawAccount();
  if (!me) return loginView();
  const match = location.hash.match(/^#\/sessions\/([\w-]+)$/);
  if (match) {
    leaving = sessionView(app, match[1]);
  } else if (location.hash === '#/tokens') {
    tokensView(app);
  } else if (location.hash === '#/contacts') {
    contactsView(app);
  } else if (location.hash === '#/batches') {
    leaving = batchesView(app);
  } else if (location.hash === '#/approvals') {
    leaving = approvalsView(app);
  } else {
    sessionList();
  }
}

function drawAccount() {
  mount(account, me
    ? [h('span', {}, `${me.name} (${me.role})`), h('a', { href: '#/' }, 'Sessions'), h('a', { href: '#/contacts' }, 'Address book'), h('a', { href: '#/approvals', 'data-test': 'approvals-link' }, 'Approvals'),
      h('a', { href: '#/batches' }, 'Batch jobs'), h('a', { href: '#/tokens' }, 'API tokens'), me.role === 'admin' ? h('a', { href: '/admin/' }, 'Admin') : null,
      h('a', { href: '/verify/' }, 'Verify a PDF'), h('button', { type: 'button', class: 'link', onclick: logout }, 'Log out')]
    : h('a', { href: '/verify/' }, 'Verify a PDF'));
}

async function logout() {
  try {
    await api('POST', '/api/v1/auth/logout');
  } finally {
    me = null;
    setCsrf('');
    location.hash = '#/';
    route();
  }
}

function loginView() {
  const message = h('p', { class: 'message' });
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'card narrow', 'aria-label': 'Log in' },
    h('h1', {}, 'Log in'), field('Email', email), field('Password', password), message,
    h('button', { class: 'primary', type: 'submit' }, 'Log in'),
    h('button', { type: 'button', class: 'link', onclick: forgotten }, 'Forgotten password?'),
    h('p', { class: 'hint' }, 'Holding a PDF signed here? ', h('a', { href: '/verify/', 'data-test': 'verify-link' }, 'Check that it is intact'), ' — no login needed.'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const answer = await api('POST', '/api/v1/auth/login', { json: { email: email.value, password: password.value } });
      setCsrf(answer.csrfToken);
      me = answer.user;
      route();
    } catch (error) {
      say(message, error.message, 'error');
    }
  });
  mount(app, form);
  email.focus();

  function forgotten() {
    dialog('Reset your password', (close) => {
      const address = h('input', { type: 'email', name: 'email', required: true, value: email.value });
      const note = h('p', { class: 'message' });
      const f = h('form', {}, field('Your email', address), note,
        h('button', { class: 'primary', type: 'submit' }, 'Send me a link'),
        h('button', { type: 'button', onclick: () => close() }, 'Close'));
      f.addEventListener('submit', async (e) => {
        e.preventDefault();
        try {
          await api('POST', '/api/v1/auth/password-reset', { json: { email: address.value } });
          say(note, 'If this address has an account, a reset link is on its way. It works for an hour.');
        } catch (error) {
          say(note, error.message, 'error');
        }
      });
      return f;
    });
  }
}

const stateLabels = { draft: 'Pre-planned', invited: 'Invited', active: 'Active', completed: 'Completed', expired: 'Expired', cancelled: 'Cancelled' };

function sessionList() {
  const search = h('input', { type: 'search', name: 'q', placeholder: 'Name, phone or email' });
  const state = h('select', { name: 'state' }, h('option', { value: '' }, 'Any'),
    Object.entries(stateLabels).map(([value, label]) => h('option', { value }, label)));
  const rows = h('tbody');
  const message = h('p', { class: 'message' });
  let timer;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(load, 250);
  });
  state.addEventListener('change', load);
  mount(app,
    h('section', { class: 'card' },
      h('div', { class: 'row spread' }, h('h1', {}, 'Sessions'),
        h('div', { class: 'row' },
          h('button', { type: 'button', class: 'primary', onclick: () => startDialog(true), 'data-test': 'start-session' }, 'Start session'),
          h('button', { type: 'button', onclick: () => startDialog(false) }, 'Pre-plan session'))),
      h('div', { class: 'row' }, field('Search', search), field('Status', state)),
      message,
      h('table', { class: 'list' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Customer'), h('th', {}, 'Contact'), h('th', {}, 'Session'), h('th', {}, 'Customer status'), h('th', {}, 'Created'))),
        rows)));
  load();

  async function load() {
    try {
      const page = await api('GET', `/api/v1/sessions${query({ q: search.value.trim(), state: state.value, limit: 100 })}`);
      mount(rows, page.items.length ? page.items.map((s) => h('tr', {},
        h('td', {}, h('a', { href: `#/sessions/${s.id}` }, s.customer.name)),
        h('td', {}, (s.customer.channel === 'email' ? s.customer.email : s.customer.phone) || ''),
        h('td', {}, stateLabels[s.state] || s.state),
        h('td', {}, h('span', { class: `dot cs-${s.customerStatus}` }), ' ', customerStatusLabels[s.customerStatus] || s.customerStatus),
        h('td', {}, new Date(s.createdAt).toLocaleString())))
        : h('tr', {}, h('td', { colspan: '5' }, search.value.trim() || state.value ? 'No session matches.' : 'No sessions yet.')));
    } catch (error) {
      say(message, error.message, 'error');
    }
  }
}

/** The Start session / Pre-plan session dialog: name, a phone number or an email, how long the
 * link works and the reminders. */
async function startDialog(invite) {
  const id = await dialog(invite ? 'Start a session' : 'Pre-plan a session', (close) => {
    // The agent's address book: past customers are offered by name, and picking one fills
    // in how they were reached.
    const known = h('datalist', { id: 'contacts' });
    const name = h('input', { name: 'name', required: true, autocomplete: 'off', list: 'contacts' });
    let contacts = [];
    name.addEventListener('input', async () => {
      const picked = contacts.find((c) => c.name === name.value);
      if (picked) {
        channel.value = picked.email && !picked.phone ? 'email' : 'sms';
        channel.dispatchEvent(new Event('change'));
        contact.value = channel.value === 'email' ? picked.email : picked.phone;
        return;
      }
      try {
        contacts = (await api('GET', `/api/v1/contacts${query({ q: name.value.trim() })}`)).items;
        mount(known, contacts.map((c) => h('option', { value: c.name }, c.phone || c.email || '')));
      } catch {
        contacts = [];
      }
    });
    const channel = h('select', { name: 'channel' }, h('option', { value: 'sms' }, 'SMS'), h('option', { value: 'email' }, 'Email'));
    const contact = h('input', { name: 'contact', required: true, type: 'tel', placeholder: '+447700900123' });
    const contactLabel = h('span', {}, 'Phone (E.164)');
    channel.addEventListener('change', () => {
      const email = channel.value === 'email';
      contact.type = email ? 'email' : 'tel';
      contact.placeholder = email ? 'name@example.com' : '+447700900123';
      contactLabel.textContent = email ? 'Email' : 'Phone (E.164)';
    });
    const message = h('p', { class: 'message' });
    const code = h('input', { type: 'checkbox', name: 'verification', 'data-test': 'require-code' });
    // How long the link works from the invitation, and the reminders (the admin's default first).
    const lifetime = h('select', { name: 'lifetime' }, h('option', { value: '' }, 'Service default'),
      ['P1D', 'P3D', 'P7D', 'P14D', 'P30D'].map((d) => h('option', { value: d }, `${d.slice(1, -1)} day${d === 'P1D' ? '' : 's'}`)));
    const remindersSlot = h('div');
    let reminders = null;
    api('GET', '/api/v1/settings').then((settings) => {
      reminders = reminderControls(settings.reminders);
      mount(remindersSlot, reminders.node);
    }).catch(() => {});
    const form = h('form', {},
      field('Customer name', name), known, field('Send by', channel),
      h('label', { class: 'field' }, contactLabel, contact),
      field('Link valid for', lifetime, 'Counted from the invitation.'), remindersSlot,
      h('label', { class: 'check' }, code, ' Require a one-time code', h('small', { class: 'hint' }, ' (sent to the customer before they see anything)')),
      h('p', { class: 'hint' }, invite ? 'The invitation goes out at once.' : 'Nothing reaches the customer until you invite them.'),
      message,
      h('div', { class: 'row' },
        h('button', { class: 'primary', type: 'submit' }, invite ? 'Start and invite' : 'Pre-plan'),
        h('button', { type: 'button', onclick: () => close() }, 'Cancel')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const customer = { name: name.value.trim(), channel: channel.value };
      customer[channel.value === 'email' ? 'email' : 'phone'] = contact.value.trim();
      try {
        const json = { customer, invite, verification: code.checked ? 'code' : undefined };
        if (lifetime.value) json.lifetime = lifetime.value;
        if (reminders) json.reminders = reminders.value();
        const session = await api('POST', '/api/v1/sessions', { json });
        close(session.id);
      } catch (error) {
        say(message, [error.message, ...error.errors.map((p) => `${p.label}: ${p.reason}`)].join(' — '), 'error');
      }
    });
    setTimeout(() => name.focus());
    return form;
  });
  if (id) location.hash = `#/sessions/${id}`;
}
