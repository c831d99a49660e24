// Approvals in the console: documents other agents forwarded to this account (to read, then
// approve or reject with a reason) and the ones this account forwarded, with their outcome.
// The list is read again every few seconds while it is open, so a decision made elsewhere shows.
import { api } from './api.js';
import { h, mount, field, say, sayProblem } from './dom.js';

const statusWords = { pending: 'Waiting for a decision', approved: 'Approved', rejected: 'Rejected' };

/** Draws the approvals into `app`; answers a function that stops the refreshing. */
export function approvalsView(app) {
  const list = h('ol', { class: 'bubbles', 'aria-label': 'Approvals', 'aria-live': 'polite' });
  const message = h('p', { class: 'message' });
  let open = null;
  mount(app, h('section', { class: 'card' }, h('h1', {}, 'Approvals'), message, list));
  load();
  const timer = setInterval(load, 4000);
  return () => clearInterval(timer);

  async function load() {
    try {
      const items = (await api('GET', '/api/v1/approvals')).items;
      // A decision form being filled in stays as it is; everything else is redrawn.
      if (list.contains(document.activeElement) && document.activeElement.name === 'reason') return;
      mount(list, items.length ? items.map(item) : h('li', { class: 'hint' }, 'Nothing forwarded to you or by you yet.'));
    } catch (error) {
      say(message, error.message, 'error');
    }
  }

  function item(a) {
    const deciding = a.yourPart === 'approver' && a.status === 'pending';
    return h('li', { class: `bubble approval status-${a.status}`, 'data-id': a.id, 'data-status': a.status },
      h('div', { class: 'row spread' }, h('strong', {}, a.title), h('span', { class: 'status' }, statusWords[a.status] || a.status)),
      h('small', { class: 'hint' }, a.yourPart === 'approver' ? `From ${a.from}` : `Forwarded to ${a.to}`),
      a.note ? h('p', {}, `Note: ${a.note}`) : null,
      a.reason ? h('p', { 'data-test': 'approval-reason' }, `Reason: ${a.reason}`) : null,
      h('p', { class: 'row' },
        h('a', { href: `/api/v1/approvals/${a.id}/document.pdf`, download: '', class: 'download' }, 'Download the document'),
        h('button', { type: 'button', 'data-test': 'approval-read', onclick: () => {
          open = open === a.id ? null : a.id;
          load();
        } }, open === a.id ? 'Hide pages' : 'Read it here')),
      open === a.id ? h('div', { class: 'previews' }, Array.from({ length: a.pages }, (_, n) => h('img', {
        src: `/api/v1/approvals/${a.id}/pages/${n + 1}?width=700`, alt: `Page ${n + 1} of ${a.pages}`, loading: 'lazy', width: '700',
      }))) : null,
      deciding ? decision(a) : null);
  }

  function decision(a) {
    const reason = h('textarea', { name: 'reason', rows: '2', maxlength: '1000' });
    const note = h('p', { class: 'message' });
    const decide = (what) => async () => {
      try {
        await api('POST', `/api/v1/approvals/${a.id}/${what}`, { json: { reason: reason.value.trim() || undefined } });
        reason.blur();
        load();
      } catch (error) {
        sayProblem(note, error);
      }
    };
    return h('div', { class: 'decision' }, field('Reason (required to reject)', reason), note,
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'primary', 'data-test': 'approve', onclick: decide('approve') }, 'Approve'),
        h('button', { type: 'button', class: 'danger', 'data-test': 'reject', onclick: decide('reject') }, 'Reject')));
  }
}
