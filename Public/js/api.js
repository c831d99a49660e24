// The Signet API as the pages call it: same-origin cookies carry the login, every write carries
// the CSRF token issued with that cookie, and problem+json answers become ApiError with the
// per-field `errors` list the pages mark fields with.

let csrfToken = '';

/** Remembers the CSRF token (from login, or from the customer's session) for later writes. */
export function setCsrf(token, remember = true) {
  csrfToken = token || '';
  if (remember) sessionStorage.setItem('signet.csrf', csrfToken);
}

/** The token remembered in this tab, if any (an agent's login survives a reload). */
export function storedCsrf() {
  csrfToken = sessionStorage.getItem('signet.csrf') || '';
  return csrfToken;
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

/**
 * Calls `path`. `json` sends a JSON body; `file` sends raw bytes (a File or Blob). Answers the
 * parsed JSON, or null for an empty answer.
 */
export async function api(method, path, { json, file } = {}) {
  const headers = { Accept: 'application/json' };
  let body;
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (file !== undefined) {
    headers['Content-Type'] = file.type || 'application/octet-stream';
    body = file;
  }
  const response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) throw new ApiError(response.status, closeBidi(data) || { title: response.statusText });
  return closeBidi(data);
}

// Bidi controls that open a run: embeddings and overrides (closed by PDF, U+202C) and isolates
// (closed by PDI, U+2069).
const embeddings = '\u202A\u202B\u202D\u202E';
const isolates = '\u2066\u2067\u2068';

/**
 * Someone's text with every bidi run it opens closed at its end: a right-to-left override in a
 * name or label would otherwise run on to the end of the paragraph and reverse the page's own
 * words after it ("take a photo" shown as "otohp a ekat"). Applied to every string the API
 * answers, so it holds wherever the pages show them.
 */
export function closeBidi(value) {
  if (typeof value === 'string') {
    if (!/[\u202A-\u202E\u2066-\u2069]/.test(value)) return value;
    const open = [];
    for (const c of value) {
      if (embeddings.includes(c)) open.push('\u202C');
      else if (isolates.includes(c)) open.push('\u2069');
      else if (c === '\u202C' && open[open.length - 1] === '\u202C') open.pop();
      else if (c === '\u2069') {
        // A PDI also closes the embeddings opened inside its isolate.
        const at = open.lastIndexOf('\u2069');
        if (at >= 0) open.length = at;
      }
    }
    return value + open.reverse().join('');
  }
  if (Array.isArray(value)) return value.map(closeBidi);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, closeBidi(v)]));
  return value;
}

/**
 * Query string from an object, leaving out empty values. Spaces are written %20, not "+": the
 * server decodes percent escapes only, as RFC 3986 has it.
 */
export function query(params) {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
