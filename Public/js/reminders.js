// The reminder plan's controls, shared by the start-session dialog and the admin's settings:
// a switch and the three parts (first after, then every, at most), durations in ISO 8601 as
// the API takes them (P1D, PT12H). The server checks them and names the field at fault.
import { h, field } from './dom.js';

/** Controls for `plan` ({first, every, max} or null); `value()` answers the plan to send. */
export function reminderControls(plan, label = 'Remind the customer while something waits for them') {
  const on = h('input', { type: 'checkbox', name: 'remind', checked: Boolean(plan) });
  const first = h('input', { name: 'reminders.first', value: plan ? plan.first : 'P1D', size: '8', 'aria-describedby': 'duration-hint' });
  const every = h('input', { name: 'reminders.every', value: plan ? plan.every : 'P2D', size: '8' });
  const max = h('input', { name: 'reminders.max', type: 'number', min: '1', max: '10', value: String(plan ? plan.max : 3) });
  const parts = h('div', { class: 'row reminder-parts', hidden: !plan },
    field('First after', first), field('Then every', every), field('At most', max));
  on.addEventListener('change', () => { parts.hidden = !on.checked; });
  const node = h('fieldset', { class: 'reminders' },
    h('label', { class: 'check' }, on, ` ${label}`), parts,
    h('small', { class: 'hint', id: 'duration-hint' }, 'Durations like P1D (a day), PT12H (12 hours), P1W (a week).'));
  return {
    node,
    value: () => (on.checked ? { first: first.value.trim(), every: every.value.trim(), max: Number(max.value) } : { max: 0 }),
  };
}
