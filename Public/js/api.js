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
  if (!response.ok) throw new ApiError(response.status, data || { title: response.statusText });
  return data;
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
