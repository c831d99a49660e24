// The chat between a session's agent and its customer, the same panel on both sides: the
// history once, then each new message as the live stream brings it (`message` events of the
// record). Messages are only ever put in as text nodes, never parsed as HTML; the API's answers
// already have any bidi run they open closed (api.js), so a message cannot reverse the page.
import { api } from './api.js';
import { h, say, sayProblem } from './dom.js';

/**
 * The panel for `url` (the messages route of the caller's side), `me` being `agent` or
 * `customer`. Answers `{ panel, fromStream }`; pass each `message` stream event to `fromStream`.
 */
export function chatPanel({ url, me }) {
  const log = h('ol', { class: 'chat-log', 'aria-live': 'polite', 'aria-label': 'Messages', 'data-test': 'chat-log' });
  const empty = h('li', { class: 'hint' }, 'No messages yet.');
  log.append(empty);
  const shown = new Set();
  const input = h('textarea', { name: 'text', rows: '2', maxlength: '2000', 'aria-label': 'Message', 'data-test': 'chat-input', required: true });
  const message = h('p', { class: 'message' });
  const form = h('form', { class: 'chat-form' }, input, h('button', { type: 'submit', class: 'primary', 'data-test': 'chat-send' }, 'Send'));
  const panel = h('section', { class: 'chat', 'aria-label': 'Chat' }, h('h2', {}, me === 'agent' ? 'Chat with the customer' : 'Chat with your agent'), log, message, form);

  // In order of the record, whichever of the history and the stream brings a message first.
  function add(m) {
    if (shown.has(m.id)) return;
    shown.add(m.id);
    empty.remove();
    const item = h('li', { class: `chat-message ${m.from === me ? 'mine' : 'theirs'}`, 'data-id': m.id, 'data-from': m.from },
      h('small', {}, `${m.from === me ? 'You' : m.name} · ${new Date(m.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`),
      h('p', {}, m.text));
    const later = [...log.querySelectorAll('.chat-message')].find((li) => Number(li.dataset.id) > m.id);
    log.insertBefore(item, later || null);
    log.scrollTop = log.scrollHeight;
  }

  async function send() {
    const text = input.value;
    if (!text.trim()) return;
    try {
      add(await api('POST', url, { json: { text } }));
      input.value = '';
      say(message, '');
    } catch (error) {
      sayProblem(message, error);
    }
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    send();
  });
  // Enter sends; Shift+Enter starts a new line.
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  });
  api('GET', url).then((page) => page.items.forEach(add), (error) => sayProblem(message, error));

  return {
    panel,
    fromStream(e) {
      try {
        const event = JSON.parse(e.data);
        const d = event.detail || {};
        if (typeof d.text === 'string') add({ id: event.id, at: event.at, from: d.from, name: d.name, text: d.text });
      } catch {
        // A malformed line: the history on the next visit still shows the message.
      }
    },
  };
}
