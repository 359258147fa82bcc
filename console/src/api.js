import { session } from './session.js';

/** An RFC 9457 problem the API answered with, or a network failure put in the same shape. */
export class ApiProblem extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** The detail and each field error, as one message for a person. */
  describe() {
    const fields = (this.problem.errors ?? []).map((e) => `${e.field}: ${e.message ?? e.detail ?? ''}`);
    return [this.message, ...fields].join('\n');
  }
}

export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  const key = session.apiKey();
  if (key) init.headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, init);
  } catch (e) {
    throw new ApiProblem(0, { title: 'Network error', detail: `The gateway did not answer: ${e.message}` });
  }
  if (response.status === 401) {
    window.dispatchEvent(new CustomEvent('flowmesh:unauthorized'));
  }
  const text = await response.text();
  const payload = text ? safeJson(text) : null;
  if (!response.ok) {
    throw new ApiProblem(response.status, payload && typeof payload === 'object' ? payload : { detail: text });
  }
  return payload;
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') search.set(k, v);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
