// Batch jobs in the browser, over the same API as pipelines: upload a CSV, TSV or JSON Lines
// file, pick a template, map the file's columns to its fields (checked as the server checks
// them), run a dry run and read its per-row report, then run it for real with a live progress
// bar and download the zip. A bulk send goes the same way and makes one session per row.
import { api, query } from './api.js';
import { h, mount, field, say, sayProblem } from './dom.js';
import { readRows, rowsFormat, mapParameter } from './rows-file.js';
import { offerColumns, drawMapping } from './batch-columns.js';
import { fetchReport, reportTable, resultsLink, drawJobs } from './batch-report.js';
import { followJob } from './batch-follow.js';

const contentTypes = { csv: 'text/csv', tsv: 'text/tab-separated-values', jsonl: 'application/jsonl' };

/** Draws the batch page into `app`; answers a function that stops following a running job. */
export function batchesView(app) {
  // `checked` is the request of the last dry run that finished, which a real run must repeat.
  const s = { template: null, file: null, mapping: {}, stop: () => {}, checked: null };
  const ui = controls();
  const bulk = () => ui.kindBulk.checked;
  for (const control of [ui.kindFill, ui.kindBulk]) control.addEventListener('change', changed);
  for (const control of [ui.stage, ui.nameColumn, ui.customerName, ui.customerPhone, ui.customerEmail, ui.channel]) {
    control.addEventListener('change', changed);
  }
  ui.template.addEventListener('change', pickTemplate);
  ui.file.addEventListener('change', readFile);
  ui.dryRun.addEventListener('click', () => start(true));
  ui.run.addEventListener('click', () => start(false));
  mount(app, h('h1', {}, 'Batch jobs'), ui.form, ui.recent);
  loadTemplates();
  changed();
  drawJobs(ui.jobs, ui.message);
  return () => s.stop();

  async function loadTemplates() {
    try {
      const items = (await api('GET', '/api/v1/templates')).items;
      mount(ui.template, h('option', { value: '' }, 'Choose a template'), items.map((t) => h('option', { value: t.slug }, `${t.name} (${t.folder})`)));
    } catch (error) {
      sayProblem(ui.message, error);
    }
  }

  async function pickTemplate() {
    s.template = null;
    s.mapping = {};
    try {
      if (ui.template.value) s.template = await api('GET', `/api/v1/templates/${encodeURIComponent(ui.template.value)}`);
    } catch (error) {
      sayProblem(ui.message, error);
    }
    changed();
  }

  async function readFile() {
    s.file = null;
    s.mapping = {};
    const chosen = ui.file.files[0];
    if (chosen) {
      try {
        const format = rowsFormat(chosen.name);
        if (!format) throw new Error('choose a .csv, .tsv or .jsonl file');
        s.file = { blob: chosen, ...readRows(await chosen.text(), format) };
        say(ui.message, `${chosen.name}: ${s.file.rows} row(s), ${s.file.columns.length} column(s).`);
      } catch (error) {
        say(ui.message, `${chosen.name}: ${error.message}`, 'error');
      }
    }
    const columns = s.file ? s.file.columns : [];
    offerColumns(ui.nameColumn, columns, [], 'row-000001.pdf, ...');
    offerColumns(ui.customerName, columns, ['name'], 'none');
    offerColumns(ui.customerPhone, columns, ['phone'], 'none');
    offerColumns(ui.customerEmail, columns, ['email'], 'none');
    changed();
  }

  /** Columns that fill no field on purpose: the PDF names, or a bulk send's customer. */
  function skipped() {
    if (!bulk()) return ui.nameColumn.value ? [ui.nameColumn.value] : [];
    return [ui.customerName.value, ui.customerPhone.value, ui.customerEmail.value].filter(Boolean);
  }

  /** Any change of settings redraws the mapping and asks for a new dry run before a real one. */
  function changed() {
    ui.fillOptions.hidden = bulk();
    ui.bulkOptions.hidden = !bulk();
    s.checked = null;
    ui.run.disabled = true;
    // Only the agent's fields are filled in a bulk send or at the send stage.
    const agentOnly = bulk() || ui.stage.value === 'send';
    const fields = s.template ? s.template.fields.filter((f) => !agentOnly || f.role === 'agent') : [];
    const wrong = drawMapping({
      rows: ui.mappingRows, list: ui.problems, columns: s.file && s.template ? s.file.columns : [], fields, skip: skipped(),
      skipLabel: bulk() ? 'the customer' : 'the PDF names', mapping: s.mapping, checked: !!s.file && s.file.hasHeader, onChange: changed,
    });
    ui.dryRun.disabled = !s.file || !s.template || wrong;
  }

  function request(dry) {
    const common = { template: s.template.slug, format: s.file.format, dryRun: dry ? 'true' : 'false', map: mapParameter(s.mapping, skipped()) };
    if (!bulk()) return `/api/v1/batch-jobs${query({ ...common, stage: ui.stage.value, nameColumn: ui.nameColumn.value })}`;
    return `/api/v1/bulk-sends${query({
      ...common, channel: ui.channel.value, nameColumn: ui.customerName.value, phoneColumn: ui.customerPhone.value, emailColumn: ui.customerEmail.value,
    })}`;
  }

  async function start(dry) {
    s.stop();
    mount(ui.outcome);
    let path;
    try {
      path = request(dry);
    } catch (error) {
      return say(ui.message, error.message, 'error');
    }
    if (!dry && s.checked !== path.replace('dryRun=false', 'dryRun=true')) return say(ui.message, 'Run a dry run of these settings first.', 'error');
    ui.dryRun.disabled = true;
    ui.run.disabled = true;
    try {
      const job = await api('POST', path, { file: s.file.blob.slice(0, s.file.blob.size, contentTypes[s.file.format]) });
      say(ui.message, dry ? 'Checking every row; nothing is written or sent.' : `Job ${job.id} started.`);
      ui.progressRow.hidden = false;
      showProgress({ rows: 0, done: 0, failed: 0 });
      s.stop = followJob(job.id, { onProgress: showProgress, onEnd: (ended) => finished(ended, path), onError: (error) => sayProblem(ui.message, error) });
    } catch (error) {
      sayProblem(ui.message, error);
      ui.dryRun.disabled = false;
    }
  }

  function showProgress(p) {
    ui.progress.max = Math.max(p.rows || 0, 1);
    ui.progress.value = p.done || 0;
    ui.progressText.textContent = `${p.done || 0} of ${p.rows || 0} row(s), ${p.failed || 0} failed`;
  }

  async function finished(job, path) {
    showProgress(job);
    ui.dryRun.disabled = false;
    drawJobs(ui.jobs, ui.message);
    if (job.state === 'failed') return say(ui.message, `The job failed: ${job.error || 'send it again'}.`, 'error');
    const lines = await fetchReport(job.id);
    const failed = lines.filter((l) => l.status === 'failed').length;
    if (job.dryRun) {
      s.checked = path;
      ui.run.disabled = false;
      say(ui.message, failed
        ? `Dry run: ${lines.length - failed} row(s) valid, ${failed} with problems (in red). Fix the file, or run: the rows in red are skipped.`
        : `Dry run: all ${lines.length} row(s) valid. Run it for real when ready.`, failed ? 'error' : 'info');
    } else {
      say(ui.message, `Done: ${lines.length - failed} row(s) ${job.kind === 'bulkSend' ? 'sent' : 'written'}, ${failed} failed.`, failed ? 'error' : 'info');
    }
    mount(ui.outcome, job.dryRun ? null : h('p', {}, resultsLink(job)), reportTable(lines, job));
  }
}

/** The page's controls, laid out: the job's settings, the columns, the run, recent jobs. */
function controls() {
  const select = (name, ...options) => h('select', { name }, options.map(([value, label]) => h('option', { value }, label)));
  const ui = {
    kindFill: h('input', { type: 'radio', name: 'kind', value: 'fill', checked: true }),
    kindBulk: h('input', { type: 'radio', name: 'kind', value: 'bulk' }),
    template: select('template', ['', 'Choose a template']),
    file: h('input', { type: 'file', name: 'data', accept: '.csv,.tsv,.jsonl,text/csv,text/tab-separated-values' }),
    stage: select('stage', ['send', 'Agent fields: documents ready to send'], ['finish', 'Every field: finished documents (templates for pipelines)']),
    nameColumn: select('nameColumn'),
    customerName: select('customerName'),
    customerPhone: select('customerPhone'),
    customerEmail: select('customerEmail'),
    channel: select('channel', ['email', 'Email'], ['sms', 'SMS']),
    mappingRows: h('tbody'),
    problems: h('ul', { class: 'problems', 'aria-live': 'polite' }),
    message: h('p', { class: 'message' }),
    dryRun: h('button', { type: 'button', class: 'primary', 'data-test': 'dry-run' }, 'Dry run'),
    run: h('button', { type: 'button', 'data-test': 'run', disabled: true }, 'Run'),
    progress: h('progress', { max: '1', value: '0', 'aria-label': 'Rows done' }),
    progressText: h('span', { class: 'hint' }),
    outcome: h('div', { class: 'batch-outcome' }),
    jobs: h('tbody'),
  };
  ui.fillOptions = h('div', { class: 'row' }, field('Fill', ui.stage), field('Name each PDF after', ui.nameColumn));
  ui.bulkOptions = h('div', { class: 'row' }, field('Customer name column', ui.customerName), field('Phone column', ui.customerPhone),
    field('Email column', ui.customerEmail), field('Send by', ui.channel));
  ui.progressRow = h('div', { class: 'row batch-progress', hidden: true }, ui.progress, ui.progressText);
  ui.form = h('section', { class: 'card batch' },
    h('fieldset', { class: 'row' }, h('legend', {}, 'What to do'),
      h('label', { class: 'check' }, ui.kindFill, ' Fill PDFs, one per row'),
      h('label', { class: 'check' }, ui.kindBulk, ' Bulk send: one session per row')),
    h('div', { class: 'row' }, field('Template', ui.template), field('Data file (CSV, TSV or JSON Lines)', ui.file)),
    ui.fillOptions, ui.bulkOptions,
    h('h2', {}, 'Columns'),
    h('table', { class: 'list mapping' }, h('thead', {}, h('tr', {}, h('th', {}, 'Column'), h('th', {}, 'Fills'))), ui.mappingRows),
    ui.problems, ui.message,
    h('div', { class: 'row' }, ui.dryRun, ui.run),
    ui.progressRow, ui.outcome);
  ui.recent = h('section', { class: 'card' }, h('h2', {}, 'Recent jobs'),
    h('table', { class: 'list' }, h('thead', {}, h('tr', {}, h('th', {}, 'Started'), h('th', {}, 'Template'), h('th', {}, 'Kind'),
      h('th', {}, 'State'), h('th', {}, 'Rows'), h('th', {}, ''))), ui.jobs));
  return ui;
}
