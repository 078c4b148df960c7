// Message catalogs (en.json, ru.json): every visible string goes through t(). Keys are flat
// ("apply.title"); {name} placeholders are filled from params; plural forms are keys ending in
// .one/.few/.many/.other chosen with Intl.PluralRules. The chosen language persists in
// localStorage and sets <html lang>.
import { useEffect, useState } from 'preact/hooks';
import en from './en.json';
import ru from './ru.json';

export type Lang = 'en' | 'ru';
export const LANGS: Lang[] = ['en', 'ru'];
const catalogs: Record<Lang, Record<string, string>> = { en, ru };
const STORAGE_KEY = 'tamga.lang';

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'ru') return saved;
  } catch {
    /* storage may be unavailable */
  }
  return navigator.language?.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

let lang: Lang = initialLang();
const listeners = new Set<() => void>();
document.documentElement.lang = lang;

export function currentLang(): Lang {
  return lang;
}

export function setLang(next: Lang): void {
  if (next === lang) return;
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* ignore */
  }
  document.documentElement.lang = next;
  listeners.forEach((l) => l());
}

/** Re-renders the calling component when the language changes. */
export function useLang(): Lang {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((n) => n + 1);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  return lang;
}

type Params = Record<string, string | number>;

function fill(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    params[name] === undefined ? m : String(params[name]),
  );
}

export function has(key: string): boolean {
  return key in catalogs[lang] || key in catalogs.en;
}

/** The message for key in the current language (English if the key is missing there). */
export function t(key: string, params?: Params): string {
  const text = catalogs[lang][key] ?? catalogs.en[key];
  if (text === undefined) {
    if (import.meta.env.DEV) console.warn(`i18n: missing key ${key}`);
    return key;
  }
  return fill(text, params);
}

/** t(key) when the catalog has it, else the fallback (data from the API, e.g. a new document kind). */
export function tOr(key: string, fallback: string, params?: Params): string {
  return has(key) ? t(key, params) : fallback;
}

/** Plural message: key.one / key.few / key.many / key.other, with {n}. */
export function tn(key: string, n: number, params?: Params): string {
  const form = new Intl.PluralRules(lang).select(n);
  const k = has(`${key}.${form}`) ? `${key}.${form}` : `${key}.other`;
  return t(k, { n: formatNumber(n), ...params });
}

export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', options).format(n);
}

/** "2022-09-26" -> "26 Sept 2022" / "26 сент. 2022 г."; dates are calendar days (UTC). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  }).format(d);
}

/** A document kind for people: the catalog's name, else the kind with dashes as spaces. */
export function docName(kind: string): string {
  return tOr(`doc.${kind}`, kind.replace(/-/g, ' '));
}

export function kindName(kind: string): string {
  return tOr(`kind.${kind}`, kind.replace(/-/g, ' '));
}

export function stateName(state: string): string {
  return tOr(`state.${state}`, state.replace(/-/g, ' '));
}

export function jurisdictionName(code: string): string {
  return tOr(`jurisdiction.${code}`, code);
}

/** A country by ICAO 9303 code, using Intl.DisplayNames where the code maps to ISO 3166 alpha-2. */
const ICAO_TO_ISO2: Record<string, string> = {
  RUS: 'RU', BLR: 'BY', UKR: 'UA', KAZ: 'KZ', LVA: 'LV', KGZ: 'KG', UZB: 'UZ', TJK: 'TJ',
  ARM: 'AM', AZE: 'AZ', GEO: 'GE', MDA: 'MD', LTU: 'LT', EST: 'EE', POL: 'PL', FIN: 'FI',
  DEU: 'DE', FRA: 'FR', GBR: 'GB', USA: 'US', CHN: 'CN', TUR: 'TR', ISR: 'IL', MNG: 'MN',
  TKM: 'TM', SRB: 'RS', IND: 'IN',
};
export const COMMON_CITIZENSHIPS = Object.keys(ICAO_TO_ISO2);

export function countryName(icao: string): string {
  const iso2 = ICAO_TO_ISO2[icao];
  if (!iso2) return icao;
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(iso2) ?? icao;
  } catch {
    return icao;
  }
}
