// Inputs for an agent's fields in the console's send forms (templates and workflows), and the
// value each holds, in the shape the API takes.
import { h } from './dom.js';

/** The input for agent field `f`, by its kind. */
export function agentInput(f) {
  const name = `value-${f.id}`;
  switch (f.kind) {
    case 'checkbox': return h('input', { type: 'checkbox', name });
    case 'dropdown':
    case 'radio':
      return h('select', { name }, h('option', { value: '' }, '—'), (f.options || []).map((o) => {
        const value = typeof o === 'string' ? o : o.value;
        return h('option', { value }, typeof o === 'string' ? o : o.label || o.value);
      }));
    case 'date': return h('input', { type: 'date', name });
    case 'number': return h('input', { type: 'text', inputmode: 'decimal', name });
    case 'email': return h('input', { type: 'email', name });
    case 'phone': return h('input', { type: 'tel', name, placeholder: '+447700900123' });
    case 'signature':
    case 'initials':
      return h('input', { type: 'text', name, placeholder: 'Type your name to sign' });
    case 'image': {
      // A stamp or logo travels as a data: URL; the server never reads files named by a client.
      const input = h('input', { type: 'file', name, accept: 'image/png,image/jpeg' });
      input.addEventListener('change', () => {
        const reader = new FileReader();
        reader.onload = () => {
          input.dataset.value = reader.result;
        };
        if (input.files[0]) reader.readAsDataURL(input.files[0]);
      });
      return input;
    }
    default: return f.multiline ? h('textarea', { name, rows: '2' }) : h('input', { type: 'text', name, maxlength: f.maxLength || undefined });
  }
}

/** What `input` holds for field `f`, or undefined when it is empty. */
export function valueOf(f, input) {
  if (f.kind === 'checkbox') return input.checked;
  if (f.kind === 'image') return input.dataset.value ? { image: input.dataset.value } : undefined;
  const v = input.value.trim();
  if (!v) return undefined;
  if (f.kind === 'signature' || f.kind === 'initials') return { typed: v };
  return v;
}
