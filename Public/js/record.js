// The session's record as the console shows it: every event (UTC time, what, who, from where)
// oldest first, and the head of the store's hash chain at the latest one. The head is what a
// certificate of completion quotes and `signet audit verify` checks, so an agent can read it
// out when someone asks whether the record was changed.
import { api } from './api.js';
import { h, dialog, sayProblem } from './dom.js';

/** Opens the record of the session at `base` (`/api/v1/sessions/<id>`) in a dialog. */
export async function recordDialog(base) {
  const note = h('p', { class: 'message' });
  let record = { items: [], head: null };
  try {
    record = await api('GET', `${base}/events`);
  } catch (error) {
    sayProblem(note, error);
  }
  return dialog('Session record', (close) => h('div', { class: 'record' },
    note,
    record.head
      ? h('p', { 'data-test': 'record-head' }, 'Head of the hash chain (event ', String(record.head.event), '): ',
        h('code', { class: 'hash' }, record.head.hash))
      : h('p', { class: 'hint' }, 'No hash chain head yet.'),
    h('div', { class: 'record-scroll' }, h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Time (UTC)'), h('th', {}, 'Event'), h('th', {}, 'By'), h('th', {}, 'From'))),
      h('tbody', {}, record.items.map((e) => h('tr', { title: e.hash ? `hash ${e.hash}` : '' },
        h('td', {}, e.at ? e.at.slice(0, 19).replace('T', ' ') : ''), h('td', {}, e.kind), h('td', {}, e.actor || ''),
        h('td', {}, e.ip || '')))))),
    h('button', { type: 'button', onclick: () => close() }, 'Close')));
}
