// The field editor, shared by ad hoc documents (console) and templates (admin pages).
//
// The coordinate contract: a field's rect is in PDF points from the top-left corner of the
// page as displayed. Each page is shown `displayWidth` CSS pixels wide, so one CSS pixel on the
// preview is `page.width / displayWidth` points, and every position the pointer or the keyboard
// gives is converted with exactly that factor — what you see is where it is stamped.
//
// A radio group has no box of its own: each option has one, moved, resized and removed like a
// field's, while the group's id, label, role and page stay one, on the group.
import { h, mount, field, say } from './dom.js';
import { radioOptions } from './editor-radio.js';

const kinds = [
  ['signature', 'Signature'], ['initials', 'Initials'], ['text', 'Text'], ['date', 'Date'],
  ['signingDate', 'Signing date'], ['checkbox', 'Checkbox'], ['dropdown', 'Dropdown'], ['radio', 'Radio group'],
  ['number', 'Number'], ['email', 'Email'], ['phone', 'Phone'], ['image', 'Image'],
];
const kindLabels = Object.fromEntries(kinds);
const defaultSizes = { signature: [160, 40], initials: [60, 30], checkbox: [14, 14], image: [120, 60], radio: [12, 12] };
// Where a new radio option goes: this far right of the group's last one.
const optionStep = 80;
const round = (n) => Math.round(n * 10) / 10;

/**
 * Builds the editor. `pages` are `{width, height}` in points, `pageUrl(n, px)` gives a preview
 * of page n rendered `px` wide, `onSave(fields)` saves (throwing ApiError with per-field
 * errors), `onClose()` leaves. Answers the editor's element.
 */
export function fieldEditor({ title, pages, pageUrl, fields = [], saveLabel = 'Save', onSave, onClose }) {
  const copyRect = (r) => (r ? { x: r.x, y: r.y, width: r.width, height: r.height } : undefined);
  const state = {
    fields: fields.map((f) => (f.kind === 'radio'
      // The group's own rect is only the union of its options: the options are what is edited.
      ? { ...f, rect: undefined, options: (f.options || []).map((o) => (typeof o === 'string' ? { value: o } : { ...o, rect: copyRect(o.rect) })) }
      : { ...f, rect: copyRect(f.rect) })),
    selected: null,
    // The selected option of a selected radio group.
    option: null,
    problems: new Map(),
  };
  const displayWidth = Math.max(300, Math.min(760, window.innerWidth - 380));
  const pxPerPoint = (n) => displayWidth / pages[n - 1].width;
  const message = h('p', { class: 'message', role: 'status' });
  const props = h('aside', { class: 'editor-props', 'aria-label': 'Field properties' });
  const pageViews = pages.map((size, i) => pageView(i + 1, size));
  const list = h('ul', { class: 'editor-list', 'aria-label': 'Fields' });

  const root = h('section', { class: 'editor', 'aria-label': title },
    h('header', { class: 'editor-head' },
      h('h2', {}, title),
      h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Add a field' }, kinds.map(([kind, label]) => toolButton(kind, label))),
      h('div', { class: 'editor-actions' },
        h('button', { type: 'button', class: 'primary', onclick: save, 'data-test': 'editor-save' }, saveLabel),
        h('button', { type: 'button', onclick: () => onClose && onClose() }, 'Close'))),
    message,
    h('div', { class: 'editor-body' },
      h('div', { class: 'editor-pages' }, pageViews.map((p) => p.el)),
      h('div', { class: 'editor-side' }, props, h('h3', {}, 'All fields'), list)));
  redraw();
  return root;

  function pageView(n, size) {
    const s = displayWidth / size.width;
    const px = Math.min(2400, Math.max(64, Math.round(displayWidth * (window.devicePixelRatio || 1))));
    const layer = h('div', { class: 'field-layer' });
    const el = h('div', { class: 'page', 'data-page': n },
      h('img', { src: pageUrl(n, px), alt: `Page ${n} of ${pages.length}`, draggable: 'false' }), layer);
    el.style.width = `${displayWidth}px`;
    el.style.height = `${size.height * s}px`;
    return { el, layer };
  }

  // Adding: drag a kind from the toolbar onto a page (dropped centred under the pointer), or
  // press it (mouse click without moving, Enter or Space) to add it near the top of page 1.
  function toolButton(kind, label) {
    const button = h('button', { type: 'button', class: `tool kind-${kind}`, 'data-kind': kind, title: `Add a ${label.toLowerCase()} field (drag onto the page)` }, label);
    let drag = null;
    button.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, moved: false, ghost: null };
      button.setPointerCapture(e.pointerId);
    });
    button.addEventListener('pointermove', (e) => {
      if (!drag) return;
      if (!drag.moved && Math.hypot(e.clientX - drag.x, e.clientY - drag.y) < 4) return;
      drag.moved = true;
      if (!drag.ghost) {
        drag.ghost = h('div', { class: `ghost kind-${kind}`, 'aria-hidden': 'true' }, label);
        document.body.append(drag.ghost);
      }
      drag.ghost.style.left = `${e.clientX}px`;
      drag.ghost.style.top = `${e.clientY}px`;
    });
    button.addEventListener('pointerup', (e) => {
      if (!drag) return;
      const { moved, ghost } = drag;
      drag = null;
      if (ghost) ghost.remove();
      if (!moved) return add(kind, 1, null);
      const page = document.elementsFromPoint(e.clientX, e.clientY).map((el) => el.closest('.page')).find(Boolean);
      if (!page || !root.contains(page)) return say(message, 'Drop the field on a page.', 'error');
      const box = page.getBoundingClientRect();
      const n = Number(page.dataset.page);
      const s = pxPerPoint(n);
      add(kind, n, { x: (e.clientX - box.left) / s, y: (e.clientY - box.top) / s });
    });
    button.addEventListener('pointercancel', () => {
      if (drag && drag.ghost) drag.ghost.remove();
      drag = null;
    });
    // Keyboard presses arrive as clicks without a pointer (detail 0).
    button.addEventListener('click', (e) => {
      if (e.detail === 0) add(kind, 1, null);
    });
    return button;
  }

  function add(kind, page, centre) {
    const [width, height] = defaultSizes[kind] || [150, 18];
    const size = pages[page - 1];
    const cx = centre ? centre.x : size.width / 2;
    const cy = centre ? centre.y : Math.min(size.height / 4, 120);
    let n = 1;
    while (state.fields.some((f) => f.id === `${kind}_${n}`)) n += 1;
    const f = {
      id: `${kind}_${n}`, label: `${kindLabels[kind]} ${n}`, kind, role: 'customer',
      required: ['signature', 'initials'].includes(kind), page,
      rect: clamp({ x: cx - width / 2, y: cy - height / 2, width, height }, size),
    };
    if (kind === 'dropdown') f.options = ['Yes', 'No'];
    if (kind === 'radio') {
      f.options = [{ value: 'yes', label: 'Yes', rect: f.rect }, { value: 'no', label: 'No', rect: clamp({ ...f.rect, x: f.rect.x + optionStep }, size) }];
      delete f.rect;
    }
    state.fields.push(f);
    select(f.id, kind === 'radio' ? 0 : null);
    say(message, `Added ${f.label} on page ${page}. Move it with the mouse or the arrow keys.`);
  }

  function clamp(rect, size) {
    const width = Math.min(Math.max(rect.width, 4), size.width);
    const height = Math.min(Math.max(rect.height, 4), size.height);
    return {
      x: round(Math.min(Math.max(rect.x, 0), size.width - width)),
      y: round(Math.min(Math.max(rect.y, 0), size.height - height)),
      width: round(width), height: round(height),
    };
  }

  function byId(id) {
    return state.fields.find((f) => f.id === id);
  }

  function select(id, option = null) {
    state.selected = id;
    state.option = option;
    redraw();
    const which = option === null ? ':not([data-option])' : `[data-option="${option}"]`;
    const box = root.querySelector(`.field-box[data-id="${CSS.escape(id)}"]${which}`);
    if (box) box.focus({ preventScroll: false });
  }

  // A field's box, or a radio option's: `option` is the option's index, or null for the field.
  function rectOf(f, option) {
    return option === null ? f.rect : f.options[option].rect;
  }

  function setRectOf(f, option, rect) {
    if (option === null) f.rect = rect;
    else f.options[option].rect = rect;
  }

  function redraw() {
    for (const view of pageViews) view.layer.replaceChildren();
    for (const f of state.fields) {
      if (!f.page || !pageViews[f.page - 1]) continue;
      if (f.kind === 'radio') {
        (f.options || []).forEach((o, i) => o.rect && pageViews[f.page - 1].layer.append(fieldBox(f, i)));
      } else if (f.rect) {
        pageViews[f.page - 1].layer.append(fieldBox(f, null));
      }
    }
    mount(list, state.fields.map((f) => h('li', {},
      h('button', { type: 'button', class: `link role-${f.role}${state.problems.has(f.id) ? ' invalid' : ''}`, onclick: () => select(f.id, f.kind === 'radio' && f.options.length ? 0 : null) },
        `${f.label || f.id} (${kindLabels[f.kind] || f.kind}, ${f.role}${f.required ? ', required' : ''}, page ${f.page})`))));
    drawProps();
  }

  function fieldBox(f, option) {
    const s = pxPerPoint(f.page);
    const problem = state.problems.get(f.id);
    const chosen = f.id === state.selected && (option === null || option === state.option);
    const name = option === null ? f.label || f.id : `${f.label || f.id}: ${f.options[option].label || f.options[option].value}`;
    const what = option === null ? `${kindLabels[f.kind] || f.kind} for the ${f.role}` : `option ${option + 1} of ${f.options.length} of a radio group for the ${f.role}`;
    const box = h('div', {
      class: `field-box role-${f.role} kind-${f.kind}${chosen ? ' selected' : ''}${problem ? ' invalid' : ''}`,
      tabindex: '0', role: 'button', 'data-id': f.id, 'data-option': option === null ? null : String(option),
      'aria-label': `${name}, ${what}${problem ? `: ${problem}` : ''}. Arrow keys move, Alt+arrows resize, Delete removes.`,
      title: problem || `${name} (${f.role})`,
    }, h('span', { class: 'field-name' }, name));
    place(box, rectOf(f, option), s);
    box.addEventListener('keydown', (e) => keyboard(e, f, option));
    box.addEventListener('focus', () => {
      if (state.selected !== f.id || state.option !== option) {
        state.selected = f.id;
        state.option = option;
        drawProps();
        for (const other of root.querySelectorAll('.field-box.selected')) other.classList.remove('selected');
        box.classList.add('selected');
      }
    });
    const handle = h('span', { class: 'resize', 'aria-hidden': 'true' });
    box.append(handle);
    pointerDrag(box, f, option, (start, dx, dy) => ({ ...start, x: start.x + dx, y: start.y + dy }), (e) => e.target !== handle);
    pointerDrag(handle, f, option, (start, dx, dy) => ({ ...start, width: start.width + dx, height: start.height + dy }), () => true);
    return box;
  }

  function place(box, rect, s) {
    box.style.left = `${rect.x * s}px`;
    box.style.top = `${rect.y * s}px`;
    box.style.width = `${rect.width * s}px`;
    box.style.height = `${rect.height * s}px`;
  }

  function pointerDrag(el, f, option, change, accept) {
    el.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || !accept(e)) return;
      e.stopPropagation();
      e.preventDefault();
      const s = pxPerPoint(f.page);
      const start = { ...rectOf(f, option) };
      const x0 = e.clientX;
      const y0 = e.clientY;
      const box = el.closest('.field-box');
      el.setPointerCapture(e.pointerId);
      state.selected = f.id;
      state.option = option;
      const move = (m) => {
        const rect = clamp(change(start, (m.clientX - x0) / s, (m.clientY - y0) / s), pages[f.page - 1]);
        setRectOf(f, option, rect);
        place(box, rect, s);
      };
      const up = () => {
        el.removeEventListener('pointermove', move);
        el.removeEventListener('pointerup', up);
        el.removeEventListener('pointercancel', up);
        select(f.id, option);
      };
      el.addEventListener('pointermove', move);
      el.addEventListener('pointerup', up);
      el.addEventListener('pointercancel', up);
    });
  }

  function keyboard(e, f, option) {
    const steps = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      if (option === null) remove(f);
      else removeOption(f, option);
      return;
    }
    if (!steps[e.key]) return;
    e.preventDefault();
    const [dx, dy] = steps[e.key].map((v) => v * (e.shiftKey ? 10 : 1));
    const r = rectOf(f, option);
    setRectOf(f, option, clamp(e.altKey ? { ...r, width: r.width + dx, height: r.height + dy } : { ...r, x: r.x + dx, y: r.y + dy }, pages[f.page - 1]));
    select(f.id, option);
  }

  /** A new option to the right of the group's last one (below it at the page's edge). */
  function addOption(f) {
    const size = pages[f.page - 1];
    const last = [...f.options].reverse().find((o) => o.rect) || { rect: { x: 40, y: 40, width: 12, height: 12 } };
    let n = f.options.length + 1;
    while (f.options.some((o) => o.value === `option_${n}`)) n += 1;
    const beyond = last.rect.x + optionStep + last.rect.width > size.width;
    const rect = clamp(beyond ? { ...last.rect, y: last.rect.y + last.rect.height + 8 } : { ...last.rect, x: last.rect.x + optionStep }, size);
    f.options.push({ value: `option_${n}`, label: `Option ${n}`, rect });
    select(f.id, f.options.length - 1);
    say(message, `Added option ${n} to ${f.label || f.id}.`);
  }

  function removeOption(f, option) {
    if (f.options.length <= 1) return remove(f);
    const [gone] = f.options.splice(option, 1);
    state.selected = f.id;
    state.option = null;
    redraw();
    say(message, `Removed option ${gone.label || gone.value} of ${f.label || f.id}.`);
  }

  function remove(f) {
    state.fields = state.fields.filter((g) => g !== f);
    state.problems.delete(f.id);
    state.selected = null;
    state.option = null;
    redraw();
    say(message, `Removed ${f.label || f.id}.`);
  }

  function drawProps() {
    const f = byId(state.selected);
    if (!f) {
      mount(props, h('h3', {}, 'Field'), h('p', { class: 'hint' }, 'Drag a kind from the toolbar onto a page, or select a field to edit it.'));
      return;
    }
    const problem = state.problems.get(f.id);
    const set = (key, convert = (v) => v) => (e) => {
      const value = e.target.type === 'checkbox' ? e.target.checked : convert(e.target.value);
      if (key === 'id') {
        if (!/^[A-Za-z0-9_.-]+$/.test(value) || state.fields.some((g) => g !== f && g.id === value)) {
          return say(message, 'An id is letters, digits, _ - . and unique in the document.', 'error');
        }
        state.selected = value;
      }
      f[key] = value;
      redraw();
    };
    // A radio group shows the geometry of its selected option.
    const option = f.kind === 'radio' && state.option !== null && f.options[state.option] ? state.option : null;
    const rect = f.kind === 'radio' ? (option === null ? null : f.options[option].rect) : f.rect;
    const setRect = (key) => (e) => {
      const v = Number(e.target.value);
      if (!Number.isFinite(v)) return;
      setRectOf(f, option, clamp({ ...rect, [key]: v }, pages[f.page - 1]));
      redraw();
    };
    const number = (key) => h('input', { type: 'number', step: '0.1', value: String(rect[key]), onchange: setRect(key), name: key });
    mount(props,
      h('h3', {}, `${kindLabels[f.kind] || f.kind} field`),
      problem ? h('p', { class: 'message error', role: 'alert' }, problem) : null,
      field('Id', h('input', { value: f.id, onchange: set('id'), name: 'id' })),
      field('Label', h('input', { value: f.label || '', onchange: set('label'), name: 'label' })),
      field('Filled by', h('select', { onchange: set('role'), name: 'role' },
        h('option', { value: 'customer', selected: f.role === 'customer' }, 'Customer'),
        h('option', { value: 'agent', selected: f.role === 'agent' }, 'Agent'))),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: !!f.required, onchange: set('required'), name: 'required' }), ' Required'),
      // A countersigned agent field is filled after the customer finishes, then sealed again.
      f.role === 'agent' && f.kind !== 'signingDate'
        ? h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: !!f.countersign, onchange: set('countersign'), name: 'countersign' }), ' Countersign after the customer finishes')
        : null,
      f.kind === 'dropdown'
        ? field('Options (comma-separated)', h('input', {
          value: (f.options || []).map((o) => (typeof o === 'string' ? o : o.value)).join(', '), name: 'options',
          onchange: set('options', (v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
        }))
        : null,
      // A prefilled value: how an agent field of an ad hoc document is filled before sending.
      ['text', 'date', 'number', 'email', 'phone', 'dropdown'].includes(f.kind)
        ? field(f.role === 'agent' ? 'Value (filled in before sending)' : 'Prefilled value', h('input', {
          name: 'value', value: typeof f.value === 'string' ? f.value : '',
          onchange: (e) => {
            if (e.target.value.trim()) f.value = e.target.value.trim();
            else delete f.value;
            redraw();
          },
        }))
        : null,
      f.kind === 'radio' ? radioOptions(f, option, { select, addOption, removeOption, redraw, message }) : null,
      rect ? h('fieldset', { class: 'rect' },
        h('legend', {}, `${option === null ? '' : `Option ${option + 1}, `}page ${f.page}, in points from the top-left`),
        field('x', number('x')), field('y', number('y')), field('Width', number('width')), field('Height', number('height'))) : null,
      h('button', { type: 'button', class: 'danger', onclick: () => remove(f) }, 'Remove field'));
  }

  async function save() {
    const out = state.fields.map((f) => {
      const copy = { ...f };
      if (copy.rect) delete copy.anchor;
      if (copy.role !== 'agent' || !copy.countersign) delete copy.countersign;
      if (copy.kind === 'radio') {
        delete copy.rect;
        delete copy.anchor;
      }
      return copy;
    });
    try {
      say(message, 'Saving…');
      await onSave(out);
      state.problems.clear();
      redraw();
    } catch (error) {
      state.problems.clear();
      const others = [];
      for (const p of error.errors || []) {
        const id = String(p.field).replace(/^(documents\[\d+\]\.)?fields\./, '');
        if (byId(id)) state.problems.set(id, p.reason);
        else others.push(`${p.label || p.field}: ${p.reason}`);
      }
      redraw();
      const marked = [...state.problems].map(([id, reason]) => `${byId(id).label || id}: ${reason}`);
      say(message, [error.message, ...marked, ...others].join(' — '), 'error');
    }
  }
}
