// The columns of a batch's data file and what each fills: a field of the template, nothing
// ("leave out"), or the PDF names or the customer (columns that fill no field on purpose).
// The mapping is checked as the server checks it before it accepts a job.
import { h, mount } from './dom.js';
import { mappingProblems } from './rows-file.js';

/**
 * Offers `columns` in `select` (after a `none` choice), keeping its current choice when the
 * new file has it, else picking the first of `preferred` the file has.
 */
export function offerColumns(select, columns, preferred, none) {
  const keep = columns.includes(select.value) ? select.value : preferred.find((c) => columns.includes(c)) || '';
  mount(select, h('option', { value: '' }, none), columns.map((c) => h('option', { value: c, selected: c === keep }, c)));
}

/**
 * Draws what each of `columns` fills into `rows` (a tbody), and the mapping's problems into
 * `list`. `mapping` ({column: field id, '' to leave out, null not chosen}) is filled in for new
 * columns (a column named like a field fills it) and changed as the agent picks, then
 * `onChange()` runs. `skip` columns fill `skipLabel`. `checked` is false for a file without
 * a header (JSON Lines), whose keys the server checks per row. Answers whether the mapping
 * has a problem.
 */
export function drawMapping({ rows, list, columns, fields, skip, skipLabel, mapping, checked, onChange }) {
  const ids = fields.map((f) => f.id);
  for (const column of columns) {
    if (!(column in mapping)) mapping[column] = ids.includes(column) ? column : null;
  }
  mount(rows, columns.length ? columns.map((column) => {
    if (skip.includes(column)) return h('tr', {}, h('td', {}, column), h('td', { class: 'hint' }, skipLabel));
    const select = h('select', { name: `map-${column}`, 'aria-label': `Field filled by column ${column}` },
      h('option', { value: '?', selected: mapping[column] === null }, 'Choose a field'),
      h('option', { value: '', selected: mapping[column] === '' }, 'Leave out'),
      fields.map((f) => h('option', { value: f.id, selected: mapping[column] === f.id }, `${f.label || f.id} (${f.id}${f.required ? ', required' : ''})`)));
    select.addEventListener('change', () => {
      mapping[column] = select.value === '?' ? null : select.value;
      onChange();
      // The table was drawn anew: keyboard users stay on the column they were mapping.
      const again = rows.querySelector(`select[name="${CSS.escape(select.name)}"]`);
      if (again) again.focus();
    });
    return h('tr', {}, h('td', {}, column), h('td', {}, select));
  }) : h('tr', {}, h('td', { colspan: '2', class: 'hint' }, 'Choose a template and a data file.')));
  const problems = checked ? mappingProblems(mapping, ids, skip) : [];
  // Not a problem for the job (the rows fail one by one), but worth knowing before it runs.
  const unfilled = fields.filter((f) => f.required && !f.value && !Object.values(mapping).includes(f.id)).map((f) => f.label || f.id);
  mount(list, problems.map((p) => h('li', { class: 'reason' }, p)),
    unfilled.length && columns.length ? h('li', { class: 'hint' }, `No column fills ${unfilled.join(', ')}: every row will fail there.`) : null);
  return problems.length > 0;
}
