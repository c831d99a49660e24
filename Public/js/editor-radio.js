// The options of a radio group in the field editor's properties: value and label each, which
// one is selected, add and remove. The geometry of each option's box stays with the editor.
import { h, field, say } from './dom.js';

/**
 * The options' fieldset for group `f`, option `selected` (an index, or null) highlighted;
 * `select`, `addOption`, `removeOption`, `redraw` and `message` are the editor's.
 */
export function radioOptions(f, selected, { select, addOption, removeOption, redraw, message }) {
  const edit = (o, key) => (e) => {
    const value = e.target.value.trim();
    if (key === 'value' && (!value || f.options.some((other) => other !== o && other.value === value))) {
      return say(message, 'Each option needs a value of its own.', 'error');
    }
    if (value) o[key] = value;
    else delete o[key];
    redraw();
  };
  return h('fieldset', { class: 'options' }, h('legend', {}, 'Options, each with its own box'),
    h('ol', { class: 'radio-options' }, f.options.map((o, i) => h('li', { class: i === selected ? 'selected' : null },
      field('Value', h('input', { name: `option-${i}-value`, value: o.value, onchange: edit(o, 'value') })),
      field('Label', h('input', { name: `option-${i}-label`, value: o.label || '', onchange: edit(o, 'label') })),
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'link', onclick: () => select(f.id, i), 'aria-label': `Select option ${o.label || o.value}` }, 'Select'),
        h('button', { type: 'button', class: 'link danger', onclick: () => removeOption(f, i), 'aria-label': `Remove option ${o.label || o.value}` }, 'Remove'))))),
    h('button', { type: 'button', onclick: () => addOption(f), 'data-test': 'add-option' }, 'Add option'));
}
