// Admin pages: templates (upload a PDF, import its form fields or text tags, edit fields in the
// field editor, each save a new version), folders (a template's folder is edited with it),
// workflows, agent accounts, webhooks (webhooks.js) and settings (admin-settings.js). Routes live in
// the hash: #/templates, #/workflows, #/agents, #/webhooks, #/settings.
import { api, storedCsrf, query } from './api.js';
import { h, mount, field, say, sayProblem } from './dom.js';
import { fieldEditor } from './editor.js';
import { webhooksPage } from './webhooks.js';
import { settingsPage } from './admin-settings.js';

const app = document.getElementById('app');
let me = null;
window.addEventListener('hashchange', route);
start();

async function start() {
  try {
    me = storedCsrf() ? await api('GET', '/api/v1/auth/me') : null;
  } catch {
    me = null;
  }
  if (!me || me.role !== 'admin') {
    mount(app, h('section', { class: 'card narrow' }, h('h1', {}, 'Admins only'),
      h('p', {}, 'Log in with an admin account in the ', h('a', { href: '/' }, 'console'), ', then come back.')));
    return;
  }
  route();
}

function route() {
  const page = location.hash.replace(/^#\//, '') || 'templates';
  if (page === 'workflows') return workflows();
  if (page === 'agents') return agents();
  if (page === 'webhooks') return webhooksPage(app);
  if (page === 'settings') return settingsPage(app);
  return templates();
}

async function templates() {
  const search = h('input', { type: 'search', name: 'q', placeholder: 'Search templates' });
  const list = h('div');
  const message = h('p', { class: 'message' });
  const file = h('input', { type: 'file', name: 'pdf', accept: 'application/pdf', required: true });
  const name = h('input', { name: 'name', required: true });
  const folder = h('input', { name: 'folder', value: 'General', list: 'folders' });
  const folders = h('datalist', { id: 'folders' });
  const slug = h('input', { name: 'slug', pattern: '[a-z0-9][a-z0-9-]*', placeholder: 'from the name' });
  const description = h('input', { name: 'description' });
  const formFields = h('input', { type: 'checkbox', name: 'fromFormFields', checked: true });
  const textTags = h('input', { type: 'checkbox', name: 'fromTextTags' });
  const form = h('form', { class: 'card' }, h('h2', {}, 'New template from a PDF'),
    field('PDF', file), field('Name', name), field('Folder', folder), folders, field('Slug (lowercase letters, digits, dashes)', slug), field('Description', description),
    h('label', { class: 'check' }, formFields, ' Import the PDF\'s form fields'),
    h('label', { class: 'check' }, textTags, ' Turn {{text tags}} into fields'),
    message, h('button', { type: 'submit', class: 'primary' }, 'Create template'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const made = await api('POST', `/api/v1/templates${query({
        name: name.value.trim(), folder: folder.value.trim(), slug: slug.value.trim(), description: description.value.trim(),
        fromFormFields: formFields.checked ? 'true' : '', fromTextTags: textTags.checked ? 'true' : '',
      })}`, { file: file.files[0] });
      const skipped = made.skipped.length ? ` Not imported: ${made.skipped.map((p) => `${p.label} (${p.reason})`).join(', ')}.` : '';
      say(message, `Created ${made.template.name} with ${made.template.fields.length} field(s).${skipped}`);
      draw();
    } catch (error) {
      sayProblem(message, error);
    }
  });
  search.addEventListener('input', draw);
  mount(app, h('h1', {}, 'Templates'), h('div', { class: 'session-view' }, h('section', { class: 'card' }, field('Search', search), list), form));
  draw();

  async function draw() {
    const items = (await api('GET', `/api/v1/templates${query({ q: search.value.trim() })}`)).items;
    const byFolder = new Map();
    for (const t of items) byFolder.set(t.folder, [...(byFolder.get(t.folder) || []), t]);
    mount(folders, [...byFolder.keys()].map((f) => h('option', { value: f })));
    mount(list, [...byFolder].map(([name, group]) => h('details', { open: true }, h('summary', {}, `${name} (${group.length})`),
      h('ul', { class: 'plain' }, group.map((t) => h('li', { class: 'row spread' },
        h('span', {}, h('strong', {}, t.name), h('small', { class: 'hint' }, ` ${t.slug} · version ${t.version}`)),
        h('span', { class: 'row' },
          h('button', { type: 'button', onclick: () => edit(t.slug) }, 'Edit fields'),
          h('button', { type: 'button', onclick: () => details(t.slug) }, 'Details'))))))));
  }

  async function details(slug) {
    const t = await api('GET', `/api/v1/templates/${slug}`);
    const n = h('input', { name: 'name', value: t.name });
    const f = h('input', { name: 'folder', value: t.folder, list: 'folders' });
    const d = h('input', { name: 'description', value: t.description });
    const p = h('input', { type: 'checkbox', name: 'pipeline', checked: t.pipeline });
    const note = h('p', { class: 'message' });
    const box = h('form', { class: 'card' }, h('h2', {}, `${t.name} (version ${t.version})`), field('Name', n), field('Folder', f), field('Description', d),
      field('For pipelines', p, 'Batches over the API may fill the customer\'s fields and signatures, without a customer session (each output is recorded).'), note,
      h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Save as a new version'), h('button', { type: 'button', onclick: templates }, 'Back')));
    box.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const saved = await api('PUT', `/api/v1/templates/${slug}`, { json: { version: t.version, name: n.value, folder: f.value, description: d.value, pipeline: p.checked, fields: t.fields } });
        say(note, `Saved as version ${saved.version}.`);
      } catch (error) {
        sayProblem(note, error);
      }
    });
    mount(app, box);
  }

  async function edit(slug) {
    let t = await api('GET', `/api/v1/templates/${slug}`);
    const overlay = h('div', { class: 'overlay' });
    overlay.append(fieldEditor({
      title: `${t.name} — version ${t.version}`, pages: t.pages, fields: t.fields, saveLabel: 'Save as a new version',
      pageUrl: (n, px) => `/api/v1/templates/${slug}/pages/${n}?width=${px}`,
      onSave: async (fields) => {
        t = await api('PUT', `/api/v1/templates/${slug}`, { json: { version: t.version, fields } });
        overlay.remove();
        draw();
      },
      onClose: () => overlay.remove(),
    }));
    document.body.append(overlay);
  }
}

async function workflows() {
  const list = h('ul', { class: 'plain' });
  const message = h('p', { class: 'message' });
  const templatesFound = (await api('GET', '/api/v1/templates')).items;
  const types = (await api('GET', '/api/v1/document-types')).items;
  const name = h('input', { name: 'name', required: true });
  const description = h('input', { name: 'description' });
  const steps = [];
  const stepList = h('ol');
  const template = h('select', { name: 'template' }, templatesFound.map((t) => h('option', { value: t.slug }, t.name)));
  const docType = h('select', { name: 'type' }, types.map((t) => h('option', { value: t.id }, t.label)));
  const amount = h('input', { name: 'amount', placeholder: '49.90' });
  const currency = h('input', { name: 'currency', value: 'EUR' });
  const what = h('input', { name: 'paymentDescription', placeholder: 'What the payment is for' });
  const drawSteps = () => mount(stepList, steps.map((s, i) => h('li', {}, `${s.kind}: ${s.template || (s.documents || []).map((d) => d.type).join(', ') || `${s.amount} ${s.currency}`} `,
    h('button', { type: 'button', class: 'link', onclick: () => {
      steps.splice(i, 1);
      drawSteps();
    } }, 'Remove'))));
  const form = h('form', { class: 'card' }, h('h2', {}, 'New workflow'), field('Name', name), field('Description', description),
    h('h3', {}, 'Steps, sent one after another'), stepList,
    h('div', { class: 'row' }, field('Template', template), h('button', { type: 'button', onclick: () => {
      steps.push({ kind: 'template', template: template.value });
      drawSteps();
    } }, 'Add document')),
    h('div', { class: 'row' }, field('Document to ask for', docType), h('button', { type: 'button', onclick: () => {
      steps.push({ kind: 'documentRequest', documents: [{ type: docType.value }] });
      drawSteps();
    } }, 'Add request')),
    h('div', { class: 'row' }, field('Amount', amount), field('Currency', currency), field('For', what), h('button', { type: 'button', onclick: () => {
      steps.push({ kind: 'paymentRequest', amount: amount.value.trim(), currency: currency.value.trim(), description: what.value.trim() });
      drawSteps();
    } }, 'Add payment')),
    message, h('button', { type: 'submit', class: 'primary' }, 'Create workflow'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('POST', '/api/v1/workflows', { json: { name: name.value.trim(), description: description.value.trim(), steps } });
      say(message, 'Workflow created.');
      steps.length = 0;
      drawSteps();
      draw();
    } catch (error) {
      sayProblem(message, error);
    }
  });
  mount(app, h('h1', {}, 'Workflows'), h('div', { class: 'session-view' }, h('section', { class: 'card' }, list), form));
  draw();

  async function draw() {
    const items = (await api('GET', '/api/v1/workflows')).items;
    mount(list, items.length ? items.map((w) => h('li', { class: 'row spread' }, h('span', {}, h('strong', {}, w.name), ` ${w.steps.length} step(s)`),
      h('button', { type: 'button', class: 'danger', onclick: async () => {
        await api('DELETE', `/api/v1/workflows/${w.id}`);
        draw();
      } }, 'Delete'))) : h('li', { class: 'hint' }, 'No workflows yet.'));
  }
}

async function agents() {
  const rows = h('tbody');
  const email = h('input', { type: 'email', name: 'email', required: true });
  const name = h('input', { name: 'name' });
  const role = h('select', { name: 'role' }, h('option', { value: 'agent' }, 'Agent'), h('option', { value: 'admin' }, 'Admin'));
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'new-password', required: true, minlength: '8' });
  const message = h('p', { class: 'message' });
  const form = h('form', { class: 'card' }, h('h2', {}, 'New account'), field('Email', email), field('Name', name), field('Role', role),
    field('First password', password, 'At least 8 characters; they can change it with "Forgotten password".'), message,
    h('button', { type: 'submit', class: 'primary' }, 'Create account'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const user = await api('POST', '/api/v1/users', { json: { email: email.value.trim(), name: name.value.trim(), role: role.value, password: password.value } });
      say(message, `Created ${user.email}.`);
      form.reset();
      draw();
    } catch (error) {
      sayProblem(message, error);
    }
  });
  const listMessage = h('p', { class: 'message' });
  mount(app, h('h1', {}, 'Agents'), h('div', { class: 'session-view' },
    h('section', { class: 'card' }, h('table', { class: 'list' }, h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Email'), h('th', {}, 'Role'), h('th', {}, 'Status'))), rows), listMessage), form));
  draw();

  async function draw() {
    const items = (await api('GET', '/api/v1/users')).items;
    mount(rows, items.map((u) => h('tr', {}, h('td', {}, u.name), h('td', {}, u.email), h('td', {}, u.role),
      h('td', {}, u.disabled ? 'Disabled ' : 'Active ', u.id === me.id ? null : toggle(u)))));
  }

  // Disabling ends the account's logins and API tokens at once; enabling lets it log in anew.
  function toggle(user) {
    const action = user.disabled ? 'enable' : 'disable';
    return h('button', { type: 'button', class: user.disabled ? 'link' : 'link danger', 'aria-label': `${action} ${user.email}`, onclick: async () => {
      try {
        await api('POST', `/api/v1/users/${encodeURIComponent(user.id)}/${action}`);
        say(listMessage, `${user.email} is ${user.disabled ? 'enabled' : 'disabled'}.`);
        draw();
      } catch (error) {
        sayProblem(listMessage, error);
      }
    } }, user.disabled ? 'Enable' : 'Disable');
  }
}
