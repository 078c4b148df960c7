// The staff session (bearer token) lives in sessionStorage: one tab, gone when it closes.
// The applicant's number and access code are kept the same way so the status page survives a
// reload without putting the code in the URL.
import type { Session } from './api';

const KEY = 'tamga.session';
const APPLICATIONS = 'tamga.applications';
const ENDED = 'tamga.sessionEnded';

export function getSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    if (s.expiresAt && Date.parse(s.expiresAt) < Date.now()) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return s;
  } catch {
    return null;
  }
}

export function setSession(s: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(s));
  window.dispatchEvent(new CustomEvent('tamga:session'));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
  window.dispatchEvent(new CustomEvent('tamga:session'));
}

/**
 * The server ended the session (a 401 on a signed-in call: idle too long, revoked, the account
 * disabled): forget it, keep the server's reason for the sign-in page, and tell the app.
 */
export function endSession(reason: string): void {
  try {
    sessionStorage.setItem(ENDED, reason);
  } catch {
    /* storage may be unavailable */
  }
  clearSession();
  window.dispatchEvent(new CustomEvent('tamga:session-expired', { detail: { reason } }));
}

/** Why the last session ended (once; null when it was not ended by the server). */
export function takeSessionEndedReason(): string | null {
  try {
    const r = sessionStorage.getItem(ENDED);
    sessionStorage.removeItem(ENDED);
    return r;
  } catch {
    return null;
  }
}

export function rememberAccessCode(number: string, code: string): void {
  const all = knownApplications();
  all[number] = code;
  sessionStorage.setItem(APPLICATIONS, JSON.stringify(all));
}

export function knownApplications(): Record<string, string> {
  try {
    return JSON.parse(sessionStorage.getItem(APPLICATIONS) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

export function forgetAccessCode(number: string): void {
  const all = knownApplications();
  delete all[number];
  sessionStorage.setItem(APPLICATIONS, JSON.stringify(all));
}
