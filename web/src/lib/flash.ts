// One-shot messages carried across a navigation (e.g. "2 documents uploaded").
const KEY = 'tamga.flash';

export interface Flash {
  kind: 'success' | 'warning' | 'error' | 'info';
  text: string;
}

export function pushFlash(f: Flash): void {
  const all = JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as Flash[];
  all.push(f);
  sessionStorage.setItem(KEY, JSON.stringify(all));
}

export function takeFlashes(): Flash[] {
  const all = JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as Flash[];
  sessionStorage.removeItem(KEY);
  return all;
}
