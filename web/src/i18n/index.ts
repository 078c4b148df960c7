// Message catalogs (en.json, ru.json, kk.json, lv.json): every visible string goes through t().
// Keys are flat ("apply.title"); {name} placeholders are filled from params; plural forms are keys
// ending in .zero/.one/.few/.many/.other, chosen with Intl.PluralRules (CLDR: Russian one/few/
// many/other, Kazakh one/other, Latvian zero/one/other). The chosen language persists in
// localStorage and sets <html lang>.
import { useEffect, useState } from 'preact/hooks';
import type { DocumentLabels, Ground, PolicyRule, Purpose, Translations } from '../lib/api';
import en from './en.json';
import kk from './kk.json';
import lv from './lv.json';
import ru from './ru.json';

export type Lang = 'en' | 'ru' | 'kk' | 'lv';
export const LANGS: Lang[] = ['en', 'ru', 'kk', 'lv'];
const catalogs: Record<Lang, Record<string, string>> = { en, ru, kk, lv };
/** The locale numbers and dates are written in, by UI language. */
const LOCALES: Record<Lang, string> = { en: 'en-GB', ru: 'ru-RU', kk: 'kk-KZ', lv: 'lv-LV' };
const STORAGE_KEY = 'tamga.lang';

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && (LANGS as string[]).includes(saved)) return saved as Lang;
  } catch {
    /* storage may be unavailable */
  }
  const browser = navigator.language?.toLowerCase().slice(0, 2);
  return (LANGS as string[]).includes(browser) ? (browser as Lang) : 'en';
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

/** Plural message: key.zero / key.one / key.few / key.many / key.other, with {n}. */
export function tn(key: string, n: number, params?: Params): string {
  const form = new Intl.PluralRules(lang).select(n);
  const k = has(`${key}.${form}`) ? `${key}.${form}` : `${key}.other`;
  return t(k, { n: formatNumber(n), ...params });
}

export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(LOCALES[lang], options).format(n);
}

// Kazakh dates are written by hand: the browsers' trimmed ICU data has no Kazakh month names
// (Chromium printed "2026 M12 6"). Short: 26.09.2022, as Kazakh forms write it; long: "2022 жылғы
// 26 қыркүйек".
const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];
const two = (n: number) => String(n).padStart(2, '0');
function kkDay(d: Date, month: 'short' | 'long'): string {
  return month === 'long'
    ? `${d.getUTCFullYear()} жылғы ${d.getUTCDate()} ${KK_MONTHS[d.getUTCMonth()]}`
    : `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
}
const kkTime = (d: Date) => `${kkDay(d, 'short')}, ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;

/** A calendar day (UTC) in the UI language, with the month short or long. */
function formatDay(d: Date, month: 'short' | 'long'): string {
  if (lang === 'kk') return kkDay(d, month);
  return new Intl.DateTimeFormat(LOCALES[lang], {
    day: 'numeric',
    month,
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

/** "2022-09-26" -> "26 Sept 2022" / "26 сент. 2022 г."; dates are calendar days (UTC). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? iso : formatDay(d, 'short');
}

/** "2022-10-26" -> "26 October 2022" / "26 октября 2022 г." (as notices write dates). */
export function formatDateLong(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : formatDay(d, 'long');
}

const pad = (n: number) => String(n).padStart(2, '0');
const utcOffset = (minutes: number) =>
  `UTC${minutes < 0 ? '−' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;

function formatWall(utcMs: number, offsetMinutes: number): string {
  if (lang === 'kk') return `${kkTime(new Date(utcMs))} (${utcOffset(offsetMinutes)})`;
  const text = new Intl.DateTimeFormat(LOCALES[lang], {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(new Date(utcMs));
  return `${text} (${utcOffset(offsetMinutes)})`;
}

/**
 * A local time with its offset as written ("2022-09-21T17:30:00+06:00") ->
 * "21 Sept 2022, 17:30 (UTC+06:00)": the wall-clock time where it happened, not the reader's.
 */
export function formatLocalTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(iso);
  if (!m) return formatDateTime(iso);
  const offset = m[7] === 'Z' ? 0 : (m[8] === '-' ? -1 : 1) * (+m[9] * 60 + +m[10]);
  return formatWall(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0)), offset);
}

/** An instant shown in a time zone (IANA name), with the zone's offset then. */
export function formatInZone(iso: string | null | undefined, timeZone: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (!timeZone) return formatDateTime(iso);
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(d)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    const offset = m ? (m[1] === '-' ? -1 : 1) * (+m[2] * 60 + +m[3]) : 0;
    return formatWall(d.getTime() + offset * 60_000, offset);
  } catch {
    return formatDateTime(iso);
  }
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (lang === 'kk') return `${kkTime(d)} UTC`;
  return new Intl.DateTimeFormat(LOCALES[lang], {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  }).format(d);
}

/**
 * Where a policy text has no translation into the reader's language, the language they most
 * likely read next: Russian for Kazakh (an official language of Kazakhstan beside Kazakh, and
 * what the policies translate into), else English.
 */
const NEXT: Partial<Record<Lang, Lang>> = { kk: 'ru' };

/** A text in the current language: the translation when there is one, else the fallback's, else the English original. */
export function inLang(english: string, translations?: Translations): string {
  if (lang === 'en') return english;
  const next = NEXT[lang];
  return translations?.[lang] || (next && translations?.[next]) || english;
}

/** A ground's (or rule's) reason and citation in the UI language (English when not translated). */
export function groundReason(g: Pick<Ground | PolicyRule, 'reason' | 'reasonIn'>): string {
  return inLang(g.reason, g.reasonIn);
}
export function groundCitation(g: Pick<Ground | PolicyRule, 'citation' | 'citationIn'>): string {
  return inLang(g.citation, g.citationIn);
}

// Names the policies give document kinds and purposes, learned from every version the UI reads
// (GET /policies, a version's detail): used where no particular version is at hand.
const knownDocs: DocumentLabels = {};
const knownPurposes: Record<string, Purpose['label']> = {};
export function registerLabels(v: { documents?: DocumentLabels; purposes?: Purpose[] }): void {
  Object.assign(knownDocs, v.documents ?? {});
  for (const p of v.purposes ?? []) knownPurposes[p.code] = p.label;
}

/**
 * A document kind for people: as the given version words it, else the catalog's short name, else
 * as any version read so far words it, else the kind with dashes as spaces.
 */
export function docName(kind: string, labels?: DocumentLabels): string {
  const l = labels?.[kind];
  if (l) return inLang(l.en ?? kind, l);
  if (has(`doc.${kind}`)) return t(`doc.${kind}`);
  const k = knownDocs[kind];
  if (k) return inLang(k.en ?? kind, k);
  return kind.replace(/-/g, ' ');
}

/** A purpose code for people: the version's label in the UI language, else any version's, else the catalog's. */
export function purposeName(code: string, purposes?: Purpose[]): string {
  const l = purposes?.find((p) => p.code === code)?.label ?? knownPurposes[code];
  if (l) return inLang(l.en ?? code, l);
  return tOr(`purpose.${code}`, code);
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
