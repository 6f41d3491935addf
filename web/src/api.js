// The REST API: JSON in and out, the bearer token from sign-in, problems as errors.
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export const session = {
  get token() { return localStorage.getItem('resgraph-token') || ''; },
  set token(v) { v ? localStorage.setItem('resgraph-token', v) : localStorage.removeItem('resgraph-token'); },
};

export async function api(path, { method = 'GET', body, ifMatch } = {}) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (ifMatch) headers['If-Match'] = `"${ifMatch}"`;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const enc = encodeURIComponent;
