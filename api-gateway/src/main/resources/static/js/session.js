// Who is signed in. The access token lives in this tab's sessionStorage (gone when the tab closes, never sent
// as a cookie, never put in a URL) and is sent only in the Authorization header of calls to this origin.
import { call, Problem } from './api.js';

const STORAGE_KEY = 'shop.session';
// Stop using a token a little before it expires rather than have a call fail half-way.
const EXPIRY_MARGIN_MS = 15_000;

const listeners = new Set();
let current = restore();

/** The signed-in shopper ({ name, email }) or null. */
export function currentUser() {
  return usable() ? { name: current.name, email: current.email } : null;
}

/** Calls fn(user) now and whenever someone signs in or out. */
export function onSessionChange(fn) {
  listeners.add(fn);
  fn(currentUser());
}

export async function signIn(email, password) {
  const issued = await call('POST', '/api/auth/token', { body: { email, password } });
  const me = await call('GET', '/api/users/me', { token: issued.access_token });
  store({
    token: issued.access_token,
    expiresAt: Date.now() + issued.expires_in * 1000,
    name: me.name,
    email: me.email,
  });
}

export async function register(name, email, password) {
  await call('POST', '/api/users', { body: { name, email, password } });
  await signIn(email, password);
}

export function signOut() {
  store(null);
}

/** A call with the shopper's token; a refused or expired token signs the shopper out. */
export async function authorizedCall(method, path, options = {}) {
  if (!usable()) {
    signOut();
    throw new Problem(401, 'Your session has ended. Please sign in again.');
  }
  try {
    return await call(method, path, { ...options, token: current.token });
  } catch (problem) {
    if (problem.status === 401) {
      signOut();
      throw new Problem(401, 'Your session has ended. Please sign in again.');
    }
    throw problem;
  }
}

function usable() {
  return current !== null && current.expiresAt - EXPIRY_MARGIN_MS > Date.now();
}

function store(session) {
  current = session;
  if (session) {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  } else {
    sessionStorage.removeItem(STORAGE_KEY);
  }
  const user = currentUser();
  listeners.forEach((fn) => fn(user));
}

function restore() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY));
    return saved && typeof saved.token === 'string' && saved.expiresAt > Date.now() ? saved : null;
  } catch {
    return null;
  }
}
