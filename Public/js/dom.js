// Builds DOM from data without ever parsing it as HTML: text always goes in as text nodes, so
// a customer's name or a field label can never become markup or script.

/**
 * `h('button', {class: 'primary', onclick: f}, 'Send')`. Props starting with `on` are event
 * listeners; `class`, `for` and attributes are set as attributes; `value`, `checked`,
 * `disabled` and `hidden` as properties. Children are nodes or strings (as text).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (['value', 'checked', 'disabled', 'hidden', 'selected'].includes(key)) el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the children of `el`. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A labelled control: `<label>Text <input></label>`, so every control has a name. */
export function field(labelText, control, hint) {
  return h('label', { class: 'field' }, h('span', {}, labelText), control, hint ? h('small', { class: 'hint' }, hint) : null);
}

/** A message in a live region, so screen readers hear errors and confirmations. */
export function say(el, text, kind = 'info') {
  el.className = `message ${kind}`;
  el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  el.textContent = text;
}

/** Shows an API problem in `el`: its title and detail, then each field's reason. */
export function sayProblem(el, error) {
  say(el, [error.message, ...error.errors.map((p) => `${p.label || p.field}: ${p.reason}`)].join(' — '), 'error');
}

/** Opens a modal `<dialog>` built by `build(close)`; answers when it closes. */
export function dialog(title, build) {
  return new Promise((resolve) => {
    const d = h('dialog', { 'aria-label': title });
    const close = (value) => {
      d.close();
      d.remove();
      resolve(value);
    };
    d.append(h('h2', {}, title), build(close));
    d.addEventListener('cancel', () => resolve(undefined));
    document.body.append(d);
    d.showModal();
  });
}

/** Statuses as icons with words, the same in the console and on the customer page. */
const statusIcons = {
  pending: ['✎', 'Pending'],
  sent: ['✎', 'Sent'],
  opened: ['✎', 'Opened'],
  inProgress: ['✎', 'In progress'],
  awaitingCountersign: ['✎', 'Awaiting countersignature'],
  completed: ['✓', 'Completed'],
  declined: ['✗', 'Declined'],
  failed: ['!', 'Failed'],
};

export function statusBadge(status) {
  const [icon, words] = statusIcons[status] || ['•', status];
  return h('span', { class: `status status-${status}`, title: words }, h('span', { 'aria-hidden': 'true' }, icon), ' ', words);
}
