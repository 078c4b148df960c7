// The staff session (bearer token) lives in sessionStorage: one tab, gone when it closes.
// The applicant's number and access code are kept the same way so the status page survives a
// reload without putting the code in the URL.
import type { Session } from './api';

const KEY = 'tamga.session';
const APPLICATIONS = 'tamga.applications';

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
