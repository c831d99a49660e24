// Re-engaging a customer who never connected: correct the number or address, or switch channel;
// a new link goes out and the old one stops working.
import { api } from './api.js';
import { h, field, dialog, sayProblem } from './dom.js';

/** Asks for the corrected contact of `session` (at API path `base`) and sends the invitation again. */
export async function reengageDialog({ base, session, reload }) {
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
        reload();
      } catch (error) {
        sayProblem(note, error);
      }
    });
    return form;
  });
}
