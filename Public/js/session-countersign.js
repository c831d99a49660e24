// The agent's steps after a customer finishes: countersigning a document that awaits it (the
// agent's countersign fields, a signature pad where one is a signature) and forwarding a
// completed document to another account for approval.
import { api } from './api.js';
import { h, mount, field, say, sayProblem, dialog } from './dom.js';
import { agentInput, valueOf } from './agent-fields.js';
import { askSignature } from './signature.js';

/** Opens the countersign dialog for interaction `i` of the session at `base`; answers true once countersigned. */
export function countersignDialog(base, i) {
  const fields = i.document.fields.filter((f) => f.countersign);
  return dialog(`Countersign “${i.title}”`, (close) => {
    const values = {};
    const inputs = new Map();
    const note = h('p', { class: 'message' });
    const rows = fields.map((f) => {
      const label = `${f.label || f.id}${f.required ? ' (required)' : ''}`;
      if (f.kind !== 'signature' && f.kind !== 'initials') {
        const input = agentInput(f);
        inputs.set(f.id, input);
        return field(label, input);
      }
      const done = h('span', { class: 'hint' }, 'not signed yet');
      return h('div', { class: 'field' }, h('span', {}, label), h('div', { class: 'row' },
        h('button', { type: 'button', 'data-test': `countersign-sign-${f.id}`, onclick: async () => {
          const value = await askSignature(f);
          if (!value) return;
          values[f.id] = value;
          mount(done, '✓ signed');
        } }, 'Sign'), done));
    });
    const form = h('form', { 'data-test': 'countersign-form' },
      h('p', { class: 'hint' }, 'The customer has finished. Your countersignature is added on top of their sealed PDF and sealed again.'),
      rows, note,
      h('div', { class: 'row' },
        h('button', { class: 'primary', type: 'submit', 'data-test': 'countersign-submit' }, 'Countersign and seal'),
        h('button', { type: 'button', onclick: () => close() }, 'Cancel')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      for (const [id, input] of inputs) {
        const value = valueOf(fields.find((f) => f.id === id), input);
        if (value === undefined) delete values[id];
        else values[id] = value;
      }
      try {
        say(note, 'Countersigning and sealing…');
        await api('POST', `${base}/interactions/${i.id}/countersign`, { json: { values } });
        close(true);
      } catch (error) {
        sayProblem(note, error);
      }
    });
    return form;
  });
}

/** Opens the forward-for-approval dialog for completed document `i`; answers true once forwarded. */
export function forwardDialog(base, i) {
  return dialog(`Forward “${i.title}” for approval`, (close) => {
    const to = h('input', { type: 'email', name: 'to', required: true, placeholder: 'colleague@example.com' });
    const text = h('textarea', { name: 'note', rows: '3', maxlength: '1000' });
    const note = h('p', { class: 'message' });
    const form = h('form', { 'data-test': 'forward-form' }, field('Approver’s email (another account)', to), field('Note', text), note,
      h('div', { class: 'row' },
        h('button', { class: 'primary', type: 'submit', 'data-test': 'forward-submit' }, 'Forward'),
        h('button', { type: 'button', onclick: () => close() }, 'Cancel')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api('POST', `${base}/interactions/${i.id}/forward`, { json: { to: to.value.trim(), note: text.value.trim() || undefined } });
        close(true);
      } catch (error) {
        sayProblem(note, error);
      }
    });
    setTimeout(() => to.focus());
    return form;
  });
}

const outcomeWords = { pending: 'waiting for', approved: 'approved by', rejected: 'rejected by' };

/** The approvals of interaction `i`, one line each, or null. */
export function approvalLines(approvals, i) {
  const mine = approvals.filter((a) => a.interaction === i.id);
  if (!mine.length) return null;
  return h('ul', { class: 'approvals', 'data-test': 'approvals' }, mine.map((a) => h('li', { 'data-status': a.status },
    `Approval ${outcomeWords[a.status] || a.status} ${a.to}`, a.reason ? ` — ${a.reason}` : '')));
}
