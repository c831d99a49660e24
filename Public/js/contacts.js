// The agent's address book: one contact per person (the server merges sessions for the same
// email or phone), searchable by part of a name, email or phone; each contact can be
// corrected or deleted.
import { api, query } from './api.js';
import { h, mount, field, say, sayProblem, dialog } from './dom.js';

/** Draws the address book into `app`. */
export function contactsView(app) {
  const search = h('input', { type: 'search', name: 'q', placeholder: 'Name, email or phone' });
  const rows = h('tbody');
  const message = h('p', { class: 'message' });
  let timer;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(draw, 250);
  });
  mount(app, h('section', { class: 'card' },
    h('h1', {}, 'Address book'),
    h('p', { class: 'hint' }, 'Everyone you started a session for, once each: sessions for the same email or phone number update one contact.'),
    field('Search', search), message,
    h('table', { class: 'list contacts' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Phone'), h('th', {}, 'Email'), h('th', {}, 'Last session'), h('th', {}, ''))),
      rows)));
  draw();

  async function draw() {
    try {
      const q = search.value.trim();
      const page = await api('GET', `/api/v1/contacts${query({ q, limit: 200 })}`);
      mount(rows, page.items.length ? page.items.map((c) => h('tr', { 'data-contact': c.id },
        h('td', {}, c.name), h('td', {}, c.phone || ''), h('td', {}, c.email || ''), h('td', {}, new Date(c.updatedAt).toLocaleString()),
        h('td', {}, h('span', { class: 'row' },
          h('button', { type: 'button', class: 'link', 'aria-label': `Edit ${c.name}`, onclick: () => edit(c) }, 'Edit'),
          h('button', { type: 'button', class: 'link danger', 'aria-label': `Delete ${c.name}`, onclick: () => remove(c) }, 'Delete')))))
        : h('tr', {}, h('td', { colspan: '5' }, q ? 'No contact matches.' : 'No contacts yet: they are added as you start sessions.')));
    } catch (error) {
      sayProblem(message, error);
    }
  }

  async function edit(contact) {
    const saved = await dialog(`Edit ${contact.name}`, (close) => {
      const name = h('input', { name: 'name', required: true, maxlength: '200', value: contact.name });
      const phone = h('input', { name: 'phone', type: 'tel', placeholder: '+447700900123', value: contact.phone || '' });
      const email = h('input', { name: 'email', type: 'email', value: contact.email || '' });
      const note = h('p', { class: 'message' });
      const form = h('form', {}, field('Name', name), field('Phone (E.164)', phone), field('Email', email),
        h('p', { class: 'hint' }, 'A phone number or an email address, or both.'), note,
        h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Save'), h('button', { type: 'button', onclick: () => close() }, 'Cancel')));
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const body = { name: name.value.trim() };
        if (phone.value.trim()) body.phone = phone.value.trim();
        if (email.value.trim()) body.email = email.value.trim();
        try {
          close(await api('PUT', `/api/v1/contacts/${encodeURIComponent(contact.id)}`, { json: body }));
        } catch (error) {
          for (const control of [name, phone, email]) control.classList.toggle('invalid', error.errors.some((p) => p.field === control.name));
          sayProblem(note, error);
        }
      });
      setTimeout(() => name.focus());
      return form;
    });
    if (saved) {
      say(message, `Saved ${saved.name}.`);
      draw();
    }
  }

  async function remove(contact) {
    const sure = await dialog(`Delete ${contact.name}?`, (close) => h('div', {},
      h('p', {}, 'Their sessions stay; only the address book entry goes.'),
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'danger', 'data-test': 'confirm-delete', onclick: () => close(true) }, 'Delete'),
        h('button', { type: 'button', onclick: () => close(false) }, 'Cancel'))));
    if (!sure) return;
    try {
      await api('DELETE', `/api/v1/contacts/${encodeURIComponent(contact.id)}`);
      say(message, `Deleted ${contact.name}.`);
      draw();
    } catch (error) {
      sayProblem(message, error);
    }
  }
}
