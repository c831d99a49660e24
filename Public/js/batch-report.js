// What a batch job did, per row (its report.jsonl: the row, the line, the PDF written or the
// session sent, or every problem per field, bad rows in red), and the caller's recent jobs.
import { api } from './api.js';
import { h, mount, sayProblem } from './dom.js';

const jobPath = (id) => `/api/v1/batch-jobs/${encodeURIComponent(id)}`;

/** The report's lines, by row (empty when the job left none). */
export async function fetchReport(id) {
  const response = await fetch(`${jobPath(id)}/report.jsonl`, { credentials: 'same-origin' });
  if (!response.ok) return [];
  return (await response.text()).split('\n').filter(Boolean).map((line) => JSON.parse(line)).sort((a, b) => a.row - b.row);
}

/** The link to a finished job's zip (its PDFs, or its sessions' report, with the summary). */
export function resultsLink(job) {
  return h('a', { class: 'button primary', href: `${jobPath(job.id)}/results.zip`, download: `batch-${job.id}.zip`, 'data-test': 'results' },
    'Download results (zip)');
}

/** The report as a table: one row per data row, a failed one in red with its problems. */
export function reportTable(lines, job) {
  return h('table', { class: 'list report', 'aria-label': 'Report per row' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Row'), h('th', {}, 'Line'), h('th', {}, 'Result'), h('th', {}, 'Problems'))),
    h('tbody', {}, lines.map((l) => h('tr', { class: l.status === 'failed' ? 'bad' : 'good', 'data-row': String(l.row) },
      h('td', {}, String(l.row)), h('td', {}, l.line ? String(l.line) : ''),
      h('td', {}, outcome(l, job)),
      h('td', {}, h('ul', { class: 'plain' },
        (l.problems || []).map((p) => h('li', {}, h('strong', {}, p.label || p.field), ` (${p.field}): ${p.reason}`)),
        // A fill job's row error is {code, message}; a bulk send's is its message.
        l.error ? h('li', {}, typeof l.error === 'string' ? l.error : l.error.message) : null))))));
}

function outcome(line, job) {
  if (line.status === 'failed') return 'Problems';
  if (line.session) return h('a', { href: `#/sessions/${line.session}` }, 'Session sent');
  if (line.status === 'valid') return job.kind === 'bulkSend' ? 'Valid' : `Valid: ${line.output || ''}`;
  return `Written: ${line.output || ''}`;
}

/** The caller's ten most recent jobs into `rows`, each with its zip once it is there. */
export async function drawJobs(rows, message) {
  try {
    const items = (await api('GET', '/api/v1/batch-jobs')).items.slice(0, 10);
    mount(rows, items.length ? items.map((j) => h('tr', {},
      h('td', {}, new Date(j.createdAt).toLocaleString()), h('td', {}, j.template),
      h('td', {}, `${j.kind === 'bulkSend' ? 'Bulk send' : 'Fill'}${j.dryRun ? ', dry run' : ''}`), h('td', {}, j.state),
      h('td', {}, `${j.done} of ${j.rows}, ${j.failed} failed`),
      h('td', {}, j.state === 'finished' && !j.dryRun ? h('a', { href: `${jobPath(j.id)}/results.zip` }, 'Zip') : null)))
      : h('tr', {}, h('td', { colspan: '6', class: 'hint' }, 'No batch jobs yet.')));
  } catch (error) {
    sayProblem(message, error);
  }
}
