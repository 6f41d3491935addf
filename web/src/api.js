// The REST API: JSON in and out, problems as errors. Signed in either by the session cookie
// (the browser sends it; writes echo its CSRF token) or by a bearer token pasted at sign-in.
// Credentials that stop working (a revoked token, an ended or suspended session) sign the
// person out with the server's message, and reads go on anonymously.
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
  csrf: '',  // the cookie session's, from /api/me; kept in memory only
};

const signedOutListeners = [];
// `fn(message)` runs when the server refuses the credentials the app holds.
export function onSignedOut(fn) { signedOutListeners.push(fn); }
export function signedOut(message) {
  session.token = '';
  session.csrf = '';
  for (const fn of signedOutListeners) fn(message);
}

// Signing in and joining answer 401 for a wrong password: that is no signing out.
const SIGN_IN_PATHS = ['/api/session', '/api/join'];

export async function api(path, { method = 'GET', body, ifMatch } = {}, retried = false) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (session.csrf && method !== 'GET') headers['X-CSRF-Token'] = session.csrf;
  if (ifMatch) headers['If-Match'] = `"${ifMatch}"`;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (res.status === 401 && !retried && !SIGN_IN_PATHS.includes(path)) {
    const hadCredentials = Boolean(session.token || session.csrf);
    if (hadCredentials || method === 'GET') {
      signedOut(data?.detail || 'You were signed out.');
      // The server has cleared the cookie: a read goes on as anyone's.
      if (method === 'GET') return api(path, { method, body, ifMatch }, true);
    }
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const enc = encodeURIComponent;
