// Calls to the shop's HTTP API on this origin. Every failure becomes a Problem carrying the server's
// problem+json detail and field errors, so the page can always say what went wrong.

/** A failed call: HTTP status (0 when the shop could not be reached), the detail to show, field errors. */
export class Problem extends Error {
  constructor(status, detail, fieldErrors = []) {
    super(detail);
    this.status = status;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
  }
}

/**
 * Sends one request and answers the parsed JSON body (null when there is none).
 * The token goes in the Authorization header only: never in a URL, never in a cookie.
 */
export async function call(method, path, { body, token, headers = {} } = {}) {
  const sent = { Accept: 'application/json, application/problem+json', ...headers };
  if (body !== undefined) {
    sent['Content-Type'] = 'application/json';
  }
  if (token) {
    sent.Authorization = `Bearer ${token}`;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: sent,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new Problem(0, 'The shop cannot be reached. Check your connection and try again.');
  }
  const text = await response.text();
  const json = parseJson(text);
  if (response.ok) {
    return json;
  }
  throw problemOf(response.status, json);
}

function parseJson(text) {
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function problemOf(status, json) {
  const fieldErrors = Array.isArray(json?.errors)
    ? json.errors.filter((error) => error && typeof error.message === 'string')
    : [];
  const detail = typeof json?.detail === 'string' && json.detail ? json.detail : fallbackDetail(status);
  return new Problem(status, detail, fieldErrors);
}

function fallbackDetail(status) {
  if (status === 401) {
    return 'Please sign in.';
  }
  if (status === 429) {
    return 'Too many requests. Please wait a moment and try again.';
  }
  if (status >= 500) {
    return `The shop could not answer (${status}). Please try again shortly.`;
  }
  return `The shop refused the request (${status}).`;
}

/** A fresh random Idempotency-Key (a UUID v4); getRandomValues also works outside secure contexts. */
export function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
