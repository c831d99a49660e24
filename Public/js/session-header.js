// The head of a session in the console: the customer's name and address, the live status
// indicator, when the link ends and where reminders stand, and the session's actions (invite,
// re-engage, remind, cancel, the record).
import { api } from './api.js';
import { h, mount, say } from './dom.js';
import { recordDialog } from './record.js';

export const customerStatusLabels = {
  notInvited: 'Not invited yet', invitationSent: 'Invitation sent', deliveryFailed: 'Number or address invalid', waiting: 'Waiting',
  connected: 'Connected', onlineNow: 'Online now', completed: 'Completed', cancelled: 'Cancelled', expired: 'Expired',
};

/**
 * The header's elements and `draw(session, stream)`, called with each fresh copy of the
 * session. `message` shows what an action did; `reload` fetches the session again after one;
 * `reengage` opens the re-engage dialog.
 */
export function sessionHeader({ base, message, reload, reengage }) {
  const title = h('h1', {}, '…');
  const contact = h('p', { class: 'hint' });
  const indicator = h('p', { class: 'indicator', role: 'status', 'aria-live': 'polite', 'data-test': 'customer-status' });
  const lifecycle = h('p', { class: 'hint', 'data-test': 'lifecycle' });
  const actions = h('div', { class: 'row' });
  return { elements: [title, contact, indicator, lifecycle, actions], draw };

  function draw(session, stream) {
    title.textContent = session.customer.name;
    const email = session.customer.channel === 'email';
    contact.textContent = `${(email ? session.customer.email : session.customer.phone) || ''} · by ${email ? 'email' : 'SMS'}`
      + (session.verification === 'code' ? ' · one-time code required' : '');
    mount(indicator, h('span', { class: `dot cs-${session.customerStatus}` }), ' ',
      customerStatusLabels[session.customerStatus] || session.customerStatus,
      session.deliveryError ? ` (${session.deliveryError})` : '');
    lifecycle.textContent = lifecycleLine(session);
    const open = !['completed', 'cancelled', 'expired'].includes(session.state);
    // The server ends the stream of a cancelled or expired session; without this EventSource
    // would reconnect forever. A completed one's goes on (approvals of its finished documents).
    if (['cancelled', 'expired'].includes(session.state)) stream.close();
    mount(actions,
      session.state === 'draft' ? h('button', { type: 'button', class: 'primary', onclick: () => act('invite') }, 'Invite customer') : null,
      session.customerStatus === 'deliveryFailed' || (open && session.state !== 'draft')
        ? h('button', { type: 'button', class: session.customerStatus === 'deliveryFailed' ? 'primary' : '', onclick: reengage }, 'Re-engage') : null,
      open && session.state !== 'draft' ? h('button', { type: 'button', 'data-test': 'remind', onclick: remind }, 'Remind') : null,
      open ? h('button', { type: 'button', class: 'danger', onclick: () => act('cancel') }, 'Cancel session') : null,
      h('button', { type: 'button', 'data-test': 'record', onclick: () => recordDialog(base) }, 'Record'));
  }

  async function remind() {
    try {
      await api('POST', `${base}/remind`);
      say(message, 'Reminder sent.');
      await reload();
    } catch (error) {
      say(message, error.message, 'error');
    }
  }

  async function act(what) {
    try {
      await api('POST', `${base}/${what}`);
      await reload();
    } catch (error) {
      say(message, error.message, 'error');
    }
  }
}

// When it ends (or ended) and where its reminders stand.
function lifecycleLine(session) {
  const when = (iso) => new Date(iso).toLocaleString();
  const parts = [];
  if (session.state === 'completed' && session.completedAt) parts.push(`Completed ${when(session.completedAt)}`);
  else if (session.expiresAt) parts.push(`${session.state === 'expired' ? 'Expired' : 'Link valid until'} ${when(session.expiresAt)}`);
  if (session.reminders) {
    parts.push(`Reminders: ${session.remindersSent} of ${session.reminders.max} sent`
      + (session.nextReminderAt && session.state !== 'completed' ? `, next ${when(session.nextReminderAt)}` : ''));
  }
  if (session.lastRemindedAt) parts.push(`last reminded ${when(session.lastRemindedAt)}`);
  return parts.join(' · ');
}
