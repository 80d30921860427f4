/**
 * The operator's admin key, kept in sessionStorage (gone when the tab closes), and the signal
 * that it stopped working: any UNAUTHENTICATED or FORBIDDEN answer sends the user back to login.
 */
// The browser tests and the benchmark preset this entry (src/browser/chromium.ts).
const KEY = 'orderflow.adminKey';
const MESSAGE = 'orderflow.loginMessage';
const AUTH_FAILED = 'orderflow:auth-failed';

/** The stored key, or null when nobody logged in on this tab. */
export function adminKey(): string | null {
  return sessionStorage.getItem(KEY);
}

/** Stores the key the operator typed. */
export function storeAdminKey(key: string): void {
  sessionStorage.setItem(KEY, key);
  sessionStorage.removeItem(MESSAGE);
}

/** Forgets the key (log out). */
export function forgetAdminKey(): void {
  sessionStorage.removeItem(KEY);
}

/** Forgets the key, keeps `message` for the login page, and tells the app to show it. */
export function authFailed(message: string): void {
  forgetAdminKey();
  sessionStorage.setItem(MESSAGE, message);
  window.dispatchEvent(new CustomEvent(AUTH_FAILED, { detail: message }));
}

/** The message of the last auth failure, once (it is cleared when read). */
export function takeLoginMessage(): string | null {
  const message = sessionStorage.getItem(MESSAGE);
  sessionStorage.removeItem(MESSAGE);
  return message;
}

/** Calls `listener` on each auth failure; returns the unsubscribe function. */
export function onAuthFailed(listener: (message: string) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<string>).detail);
  window.addEventListener(AUTH_FAILED, handler);
  return () => window.removeEventListener(AUTH_FAILED, handler);
}
