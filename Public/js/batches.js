// Batch jobs in the browser, over the same API as pipelines: upload a CSV, TSV or JSON Lines
// file, pick a template, map the file's columns to its fields (checked as the server checks
// them), run a dry run and read its per-row report, then run it for real with a live progress
// bar and download the zip. A bulk send goes the same way and makes one session per row.
import { api, query } from './api.js';
import { h, mount, field, say, sayProblem } from './dom.js';
import { readRows, rowsFormat, mappingProblems, mapParameter } from './rows-file.js';

/** Draws the batch page into `app`; answers a function that stops its live stream. */
export function batchesView(app) {
  const s = { kind: 'fill', template: null, file: null, mapping: {}, stream: null, poll: null, checked: null };
  const message = h('p', { class: 'message' });
  const kindFill = h('input', { type: 'radio', name: 'kind', value: 'fill', checked: true });
  const kindBulk = h('input', { type: 'radio', name: 'kind', value: 'bulk' });
  const templateSelect = h('select', { name: 'template' }, h('option', { value: '' }, 'Choose a template'));
  const file = h('input', { type: 'file', name: 'data', accept: '.csv,.tsv,.jsonl,text/csv,text/tab-separated-values' });
  const stage = h('select', { name: 'stage' },
    h('option', { value: 'send' }, 'Agent fields: documents ready to send'),
    h('option', { value: 'finish' }, 'Every field: finished documents (templates for pipelines)'));
  const nameColumn = h('select', { name: 'nameColumn' });
  const customerName = h('select', { name: 'customerName' });
  const customerPhone = h('select', { name: 'customerPhone' });
  const customerEmail = h('select', { name: 'customerEmail' });
  const channel = h('select', { name: 'channel' }, h('option', { value: 'email' }, 'Email'), h('option', { value: 'sms' }, 'SMS'));
  const fillOptions = h('div', { class: 'row' }, field('Fill', stage), field('Name each PDF after', nameColumn));
  const bulkOptions = h('div', { class: 'row', hidden: true },
    field('Customer name column', customerName), field('Phone column', customerPhone), field('Email column', customerEmail), field('Send by', channel));
  const mappingRows = h('tbody');
  const problems = h('ul', { class: 'problems', 'aria-live': 'polite' });
  const dryRun = h('button', { type: 'button', class: 'primary', 'data-test': 'dry-run', onclick: () => start(true) }, 'Dry run');
  const run = h('button', { type: 'button', 'data-test': 'run', disabled: true, onclick: () => start(false) }, 'Run');
  const progress = h('progress', { max: '1', value: '0', 'aria-label': 'Rows done' });
  const progressText = h('span', { class: 'hint' });
  const progressRow = h('div', { class: 'row batch-progress', hidden: true }, progress, progressText);
  const outcome = h('div', { class: 'batch-outcome' });
  const jobs = h('tbody');

  for (const control of [kindFill, kindBulk]) control.addEventListener('change', () => {
    s.kind = kindBulk.checked ? 'bulk' : 'fill';
    fillOptions.hidden = s.kind !== 'fill';
    bulkOptions.hidden = s.kind !== 'bulk';
    drawMapping();
  });
  templateSelect.addEventListener('change', pickTemplate);
  file.addEventListener('change', readFile);
  for (const control of [stage, nameColumn, customerName, customerPhone, customerEmail, channel]) control.addEventListener('change', drawMapping);

  mount(app, h('h1', {}, 'Batch jobs'),
    h('section', { class: 'card batch' },
      h('fieldset', { class: 'row' }, h('legend', {}, 'What to do'),
        h('label', { class: 'check' }, kindFill, ' Fill PDFs, one per row'),
        h('label', { class: 'check' }, kindBulk, ' Bulk send: one session per row')),
      h('div', { class: 'row' }, field('Template', templateSelect), field('Data file (CSV, TSV or JSON Lines)', file)),
      fillOptions, bulkOptions,
      h('h2', {}, 'Columns'),
      h('table', { class: 'list mapping' }, h('thead', {}, h('tr', {}, h('th', {}, 'Column'), h('th', {}, 'Fills'))), mappingRows),
      problems, message,
      h('div', { class: 'row' }, dryRun, run),
      progressRow, outcome),
    h('section', { class: 'card' }, h('h2', {}, 'Recent jobs'),
      h('table', { class: 'list' }, h('thead', {}, h('tr', {}, h('th', {}, 'Started'), h('th', {}, 'Template'), h('th', {}, 'Kind'),
        h('th', {}, 'State'), h('th', {}, 'Rows'), h('th', {}, ''))), jobs)));
  loadTemplates();
  drawMapping();
  drawJobs();
  return () => stopStream();

  async function loadTemplates() {
    try {
      const items = (await api('GET', '/api/v1/templates')).items;
      mount(templateSelect, h('option', { value: '' }, 'Choose a template'), items.map((t) => h('option', { value: t.slug }, `${t.name} (${t.folder})`)));
    } catch (error) {
      sayProblem(message, error);
    }
  }

  async function pickTemplate() {
    s.template = null;
    if (templateSelect.value) {
      try {
        s.template = await api('GET', `/api/v1/templates/${encodeURIComponent(templateSelect.value)}`);
      } catch (error) {
        sayProblem(message, error);
      }
    }
    s.mapping = {};
    drawMapping();
  }

  async function readFile() {
    s.file = null;
    s.mapping = {};
    const chosen = file.files[0];
    if (chosen) {
      const format = rowsFormat(chosen.name);
      try {
        if (!format) throw new Error('choose a .csv, .tsv or .jsonl file');
        s.file = { blob: chosen, name: chosen.name, ...readRows(await chosen.text(), format) };
        say(message, `${chosen.name}: ${s.file.rows} row(s), ${s.file.columns.length} column(s).`);
      } catch (error) {
        say(message, `${chosen.name}: ${error.message}`, 'error');
      }
    }
    const columns = s.file ? s.file.columns : [];
    const pick = (select, preferred, none) => {
      const keep = columns.includes(select.value) ? select.value : preferred.find((c) => columns.includes(c)) || '';
      mount(select, h('option', { value: '' }, none), columns.map((c) => h('option', { value: c, selected: c === keep }, c)));
    };
    pick(nameColumn, [], 'row-000001.pdf, ...');
    pick(customerName, ['name'], 'none');
    pick(customerPhone, ['phone'], 'none');
    pick(customerEmail, ['email'], 'none');
    drawMapping();
  }

  /** The fields a column may fill: the agent's when only they are filled, else every field. */
  function fillable() {
    if (!s.template) return [];
    const agentOnly = s.kind === 'bulk' || stage.value === 'send';
    return s.template.fields.filter((f) => !agentOnly || f.role === 'agent');
  }

  /** Columns that fill no field on purpose. */
  function skipped() {
    if (s.kind === 'fill') return nameColumn.value ? [nameColumn.value] : [];
    return [customerName.value, customerPhone.value, customerEmail.value].filter(Boolean);
  }

  function drawMapping() {
    invalidate();
    const fields = fillable();
    const ids = fields.map((f) => f.id);
    const columns = s.file ? s.file.columns : [];
    const skip = skipped();
    for (const column of columns) {
      if (!(column in s.mapping)) s.mapping[column] = ids.includes(column) ? column : null;
    }
    mount(mappingRows, columns.length ? columns.map((column) => {
      if (skip.includes(column)) return h('tr', {}, h('td', {}, column), h('td', { class: 'hint' }, s.kind === 'fill' ? 'the PDF names' : 'the customer'));
      const select = h('select', { name: `map-${column}`, 'aria-label': `Field filled by column ${column}` },
        h('option', { value: '?', selected: s.mapping[column] === null }, 'Choose a field'),
        h('option', { value: '', selected: s.mapping[column] === '' }, 'Leave out'),
        fields.map((f) => h('option', { value: f.id, selected: s.mapping[column] === f.id }, `${f.label || f.id} (${f.id}${f.required ? ', required' : ''})`)));
      select.addEventListener('change', () => {
        s.mapping[column] = select.value === '?' ? null : select.value;
        drawMapping();
      });
      return h('tr', {}, h('td', {}, column), h('td', {}, select));
    }) : h('tr', {}, h('td', { colspan: '2', class: 'hint' }, 'Choose a template and a data file.')));
    const found = s.file && s.template && s.file.hasHeader ? mappingProblems(s.mapping, ids, skip) : [];
    const required = fields.filter((f) => f.required && !f.value && !Object.values(s.mapping).includes(f.id)).map((f) => f.label || f.id);
    mount(problems, found.map((p) => h('li', { class: 'reason' }, p)),
      required.length && s.file ? h('li', { class: 'hint' }, `No column fills ${required.join(', ')}: every row will fail there.`) : null);
    dryRun.disabled = !s.file || !s.template || found.length > 0;
  }

  /** Any change of settings asks for a new dry run before a real one. */
  function invalidate() {
    s.checked = null;
    run.disabled = true;
  }

  function settings(dry) {
    const skip = skipped();
    const common = { template: s.template.slug, format: s.file.format, dryRun: dry ? 'true' : 'false', map: mapParameter(s.mapping, skip) };
    if (s.kind === 'fill') return `/api/v1/batch-jobs${query({ ...common, stage: stage.value, nameColumn: nameColumn.value })}`;
    return `/api/v1/bulk-sends${query({
      ...common, channel: channel.value, nameColumn: customerName.value, phoneColumn: customerPhone.value, emailColumn: customerEmail.value,
    })}`;
  }

  async function start(dry) {
    stopStream();
    mount(outcome);
    let path;
    try {
      path = settings(dry);
    } catch (error) {
      return say(message, error.message, 'error');
    }
    if (!dry && s.checked !== path.replace('dryRun=false', 'dryRun=true')) return say(message, 'Run a dry run of these settings first.', 'error');
    dryRun.disabled = true;
    run.disabled = true;
    try {
      const blob = s.file.blob.slice(0, s.file.blob.size, { csv: 'text/csv', tsv: 'text/tab-separated-values', jsonl: 'application/jsonl' }[s.file.format]);
      const job = await api('POST', path, { file: blob });
      say(message, dry ? 'Checking every row; nothing is written or sent.' : `Job ${job.id} started.`);
      follow(job, path);
    } catch (error) {
      sayProblem(message, error);
      drawMapping();
    }
  }

  function follow(job, path) {
    progressRow.hidden = false;
    showProgress({ rows: 0, done: 0, failed: 0 });
    const stream = new EventSource(`/api/v1/batch-jobs/${encodeURIComponent(job.id)}/stream`);
    s.stream = stream;
    stream.addEventListener('progress', (e) => showProgress(JSON.parse(e.data)));
    const end = async (e) => {
      stopStream();
      const ended = JSON.parse(e.data);
      showProgress(ended);
      if (ended.state === 'failed') {
        say(message, `The job failed: ${ended.error || 'send it again'}.`, 'error');
        dryRun.disabled = false;
      } else {
        await finished(ended, path);
      }
      drawJobs();
    };
    stream.addEventListener('done', end);
    stream.addEventListener('failed', end);
    // A refused stream (too many open for this account) is not retried by the browser: the
    // job is then followed by asking for it once a second.
    stream.addEventListener('error', () => {
      if (stream.readyState !== EventSource.CLOSED || s.stream !== stream) return;
      s.stream = null;
      const poll = async () => {
        if (s.stream) return;
        try {
          const now = await api('GET', `/api/v1/batch-jobs/${encodeURIComponent(job.id)}`);
          if (now.state === 'finished' || now.state === 'failed') return end({ data: JSON.stringify(now) });
          showProgress(now);
        } catch (error) {
          return sayProblem(message, error);
        }
        s.poll = setTimeout(poll, 1000);
      };
      poll();
    });
  }

  function showProgress(p) {
    progress.max = Math.max(p.rows || 0, 1);
    progress.value = p.done || 0;
    progressText.textContent = `${p.done || 0} of ${p.rows || 0} row(s), ${p.failed || 0} failed`;
  }

  async function finished(job, path) {
    const lines = await report(job.id);
    const failed = lines.filter((l) => l.status === 'failed').length;
    dryRun.disabled = false;
    if (job.dryRun) {
      s.checked = path;
      run.disabled = false;
      say(message, failed
        ? `Dry run: ${lines.length - failed} row(s) valid, ${failed} with problems (in red). Fix the file, or run: the rows in red are skipped.`
        : `Dry run: all ${lines.length} row(s) valid. Run it for real when ready.`, failed ? 'error' : 'info');
    } else {
      say(message, `Done: ${lines.length - failed} row(s) ${job.kind === 'bulkSend' ? 'sent' : 'written'}, ${failed} failed.`, failed ? 'error' : 'info');
    }
    mount(outcome,
      job.dryRun ? null : h('p', {}, h('a', {
        class: 'button primary', href: `/api/v1/batch-jobs/${encodeURIComponent(job.id)}/results.zip`, download: `batch-${job.id}.zip`, 'data-test': 'results',
      }, 'Download results (zip)')),
      reportTable(lines, job));
  }

  async function report(id) {
    const response = await fetch(`/api/v1/batch-jobs/${encodeURIComponent(id)}/report.jsonl`, { credentials: 'same-origin' });
    if (!response.ok) return [];
    return (await response.text()).split('\n').filter(Boolean).map((line) => JSON.parse(line)).sort((a, b) => a.row - b.row);
  }

  function reportTable(lines, job) {
    return h('table', { class: 'list report', 'aria-label': 'Report per row' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Row'), h('th', {}, 'Line'), h('th', {}, 'Result'), h('th', {}, 'Problems'))),
      h('tbody', {}, lines.map((l) => h('tr', { class: l.status === 'failed' ? 'bad' : 'good', 'data-row': String(l.row) },
        h('td', {}, String(l.row)), h('td', {}, l.line ? String(l.line) : ''),
        h('td', {}, result(l, job)),
        h('td', {}, h('ul', { class: 'plain' },
          (l.problems || []).map((p) => h('li', {}, h('strong', {}, p.label || p.field), ` (${p.field}): ${p.reason}`)),
          l.error ? h('li', {}, typeof l.error === 'string' ? l.error : l.error.message) : null))))));
  }

  function result(line, job) {
    if (line.status === 'failed') return 'Problems';
    if (line.session) return h('a', { href: `#/sessions/${line.session}` }, 'Session sent');
    if (line.status === 'valid') return job.kind === 'bulkSend' ? 'Valid' : `Valid: ${line.output || ''}`;
    return `Written: ${line.output || ''}`;
  }

  async function drawJobs() {
    try {
      const items = (await api('GET', '/api/v1/batch-jobs')).items.slice(0, 10);
      mount(jobs, items.length ? items.map((j) => h('tr', {},
        h('td', {}, new Date(j.createdAt).toLocaleString()), h('td', {}, j.template),
        h('td', {}, `${j.kind === 'bulkSend' ? 'Bulk send' : 'Fill'}${j.dryRun ? ', dry run' : ''}`), h('td', {}, j.state),
        h('td', {}, `${j.done} of ${j.rows}, ${j.failed} failed`),
        h('td', {}, j.state === 'finished' && !j.dryRun ? h('a', { href: `/api/v1/batch-jobs/${encodeURIComponent(j.id)}/results.zip` }, 'Zip') : null)))
        : h('tr', {}, h('td', { colspan: '6', class: 'hint' }, 'No batch jobs yet.')));
    } catch (error) {
      sayProblem(message, error);
    }
  }

  function stopStream() {
    if (s.stream) s.stream.close();
    s.stream = null;
    clearTimeout(s.poll);
  }
}
