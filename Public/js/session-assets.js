// The Assets tab of a session in the console: templates by folder, searchable; picking one opens
// its send form (the agent's fields to fill, the customer's shown apart, on the page previews).
// The session view hands over where to draw (`panel`), its API path and how to reload its bubbles.
import { api, query } from './api.js';
import { h, mount, field, say, sayProblem } from './dom.js';
import { pagePreviews } from './pages.js';
import { agentInput, valueOf } from './agent-fields.js';

/** Draws the template list into `panel`; a template's send form comes back with "← Assets". */
export function assetsTab({ panel, base, reload }) {
  assets();

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
    const agentFields = template.fields.filter((f) => f.role === 'agent' && !f.countersign && f.kind !== 'signingDate');
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
        reload();
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
}
