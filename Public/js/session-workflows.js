// The Workflows tab of a session in the console: the admins' workflows, and the send form of
// one, asking step by step for the agent fields its template steps do not fix.
import { api } from './api.js';
import { h, mount, field, say, sayProblem } from './dom.js';
import { agentInput, valueOf } from './agent-fields.js';

/** Draws the workflow list into `panel`; sending one reloads the session's bubbles. */
export function workflowsTab({ panel, base, reload }) {
  workflows();

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
      sayProblem(note, error);
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
        const fields = t.fields.filter((f) => f.role === 'agent' && !f.countersign && f.kind !== 'signingDate' && !(f.id in fixed));
        if (!fields.length) continue;
        sections.push(h('fieldset', {}, h('legend', {}, `Step ${i + 1}: ${step.title || t.name}`), fields.map((f) => {
          const input = agentInput(f);
          inputs.set(`steps[${i + 1}].${f.id}`, { f, input, step: String(i + 1) });
          return h('div', { class: 'agent-field', 'data-field': `steps[${i + 1}].${f.id}` }, field(`${f.label || f.id}${f.required ? ' *' : ''}`, input), h('small', { class: 'reason' }));
        })));
      }
    } catch (error) {
      return sayProblem(note, error);
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
        sayProblem(note, error);
      }
    });
    mount(panel, h('button', { type: 'button', class: 'link', onclick: workflows }, '← Workflows'), h('h2', {}, w.name),
      w.description ? h('p', { class: 'hint' }, w.description) : null, form);
  }
}
