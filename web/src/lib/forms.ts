// Form state with validation as the user types: every rule runs on each change; a field shows its
// error once touched (changed or left) or after a submit attempt. Errors the API returns name the
// field by JSON path (applicant.birthDate); they are shown next to that field until it changes.
import { useRef, useState } from 'preact/hooks';
import { currentLang, formatDate, has, stateName, t, tOr } from '../i18n';
import { ApiError } from './api';
import { localToday } from './clock';

export interface Msg {
  key: string;
  params?: Record<string, string | number>;
}
export type Rule = (value: string, all: Record<string, string>) => Msg | null;

export interface Form<F extends string> {
  values: Record<F, string>;
  set: (name: F, value: string) => void;
  setMany: (values: Partial<Record<F, string>>) => void;
  touch: (name: F) => void;
  error: (name: F) => string | null;
  clientError: (name: F) => string | null;
  isValid: () => boolean;
  /** Replaces the rules (they may depend on data loaded after the form was made). */
  setRules: (r: Partial<Record<F, Rule[]>>) => void;
  /** Marks every field touched; returns the first invalid field, or null. */
  check: () => F | null;
  /** Puts an API error next to its field (by the map from JSON path to field); returns that field. */
  serverError: (e: unknown, map: Partial<Record<string, F>>) => F | null;
  formError: string | null;
  setFormError: (m: string | null) => void;
  reset: (values?: Partial<Record<F, string>>) => void;
  id: (name: F) => string;
}

let formCounter = 0;

export function useForm<F extends string>(
  initial: Record<F, string>,
  rules: Partial<Record<F, Rule[]>>,
): Form<F> {
  const prefix = useRef(`f${++formCounter}`).current;
  const [values, setValues] = useState(initial);
  const [touched, setTouched] = useState<Partial<Record<F, boolean>>>({});
  const [server, setServer] = useState<Partial<Record<F, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const rulesRef = useRef(rules);
  rulesRef.current = rules;
  const validate = (name: F): Msg | null => {
    for (const rule of rulesRef.current[name] ?? []) {
      const m = rule(values[name] ?? '', values);
      if (m) return m;
    }
    return null;
  };

  const msg = (m: Msg | null) => (m ? t(m.key, m.params) : null);

  return {
    values,
    set: (name, value) => {
      setValues((v) => ({ ...v, [name]: value }));
      setTouched((tt) => ({ ...tt, [name]: true }));
      setServer((s) => ({ ...s, [name]: undefined }));
      setFormError(null);
    },
    setMany: (vals) => setValues((v) => ({ ...v, ...vals })),
    touch: (name) => setTouched((tt) => (tt[name] ? tt : { ...tt, [name]: true })),
    error: (name) => (touched[name] ? msg(validate(name)) : null) ?? server[name] ?? null,
    clientError: (name) => msg(validate(name)),
    isValid: () => (Object.keys(values) as F[]).every((k) => !validate(k)),
    setRules: (r) => {
      rulesRef.current = r;
    },
    check: () => {
      const all: Partial<Record<F, boolean>> = {};
      for (const k of Object.keys(values) as F[]) all[k] = true;
      setTouched(all);
      const order = Object.keys(values) as F[];
      return order.find((k) => validate(k)) ?? null;
    },
    serverError: (e, map) => {
      if (!(e instanceof ApiError)) {
        setFormError(t('error.unexpected', { message: String((e as Error)?.message ?? e) }));
        return null;
      }
      const field = e.field ? (map[e.field] ?? map[e.field.replace(/\[\d+\]/g, '')]) : undefined;
      if (field) {
        setServer((s) => ({ ...s, [field]: serverDetail(e) }));
        return field;
      }
      setFormError(apiErrorText(e));
      return null;
    },
    formError,
    setFormError,
    reset: (vals) => {
      setValues({ ...initial, ...vals });
      setTouched({});
      setServer({});
      setFormError(null);
    },
    id: (name) => `${prefix}-${name}`,
  };
}

/**
 * What the server said, in the UI's language when it gave a reason the catalogs word
 * ("reason.held-by-another"), else its English message.
 */
export function serverDetail(e: ApiError): string {
  if (!e.reason || !has(`reason.${e.reason}`)) {
    // No words of our own for this refusal: in another language, say which answer it concerns,
    // and keep the server's English words for the record.
    const field = e.field ? tOr(`field.${e.field.replace(/\[\d+\]/g, '')}`, '') : '';
    return currentLang() !== 'en' && field ? `${t('error.checkField', { field })} (${e.message})` : e.message;
  }
  const params: Record<string, string> = { ...(e.params ?? {}) };
  if (params.state) params.state = stateName(params.state);
  if (params.date) params.date = formatDate(params.date);
  return t(`reason.${e.reason}`, params);
}

/** An API error for people: a translated sentence by status, with the server's detail. */
export function apiErrorText(e: unknown): string {
  if (e instanceof ApiError) {
    const key = `error.${e.code}`;
    const head = t(
      ['invalid', 'unauthorized', 'forbidden', 'not-found', 'conflict', 'too-large',
        'unsupported-media-type', 'unavailable', 'network'].includes(e.code)
        ? key
        : 'error.http',
      { status: e.status },
    );
    return e.message && e.code !== 'network' ? `${head} ${serverDetail(e)}` : head;
  }
  return t('error.unexpected', { message: String((e as Error)?.message ?? e) });
}

export function focusField(id: string): void {
  requestAnimationFrame(() => {
    const el = document.getElementById(id);
    if (el) {
      el.focus();
      el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    }
  });
}

// Rules. Each returns a message key (with params) or null.
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isRealDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

export const rules = {
  required: (): Rule => (v) => (v.trim() ? null : { key: 'v.required' }),
  latin: (): Rule => (v) =>
    !v.trim() || /^[A-Za-z][A-Za-z '\-]*$/.test(v.trim()) ? null : { key: 'v.latin' },
  maxLength: (n: number): Rule => (v) => (v.length <= n ? null : { key: 'v.maxLength', params: { n } }),
  minLength: (n: number): Rule => (v) =>
    !v || v.length >= n ? null : { key: 'v.minLength', params: { n } },
  date: (): Rule => (v) => (!v || isRealDate(v) ? null : { key: 'v.date' }),
  past: (): Rule => (v) =>
    !v || !isRealDate(v) || v < localToday() ? null : { key: 'v.past' },
  notPast: (): Rule => (v) =>
    !v || !isRealDate(v) || v >= localToday() ? null : { key: 'v.expired' },
  after: (other: string, key: string): Rule => (v, all) =>
    !v || !all[other] || v >= all[other] ? null : { key },
  icao: (): Rule => (v) => (!v.trim() || /^[A-Za-z]{3}$/.test(v.trim()) ? null : { key: 'v.icao' }),
  icaoList: (): Rule => (v) => {
    const codes = splitCodes(v);
    const bad = codes.find((c) => !/^[A-Z]{3}$/.test(c));
    return bad ? { key: 'v.icaoList', params: { code: bad } } : null;
  },
  passportNumber: (): Rule => (v) =>
    !v.trim() || /^[A-Za-z0-9<]{1,20}$/.test(v.trim()) ? null : { key: 'v.passportNumber' },
  accountName: (): Rule => (v) =>
    !v || /^[a-z0-9._-]{1,64}$/.test(v) ? null : { key: 'v.accountName' },
};

/** The applicant and passport fields, as the application form and an asylum claim's lodging ask them. */
export type ApplicantField =
  | 'surname'
  | 'givenNames'
  | 'nativeName'
  | 'birthDate'
  | 'sex'
  | 'citizenships'
  | 'passportNumber'
  | 'passportIssuingState'
  | 'passportExpiry';

export const APPLICANT_RULES: Record<ApplicantField, Rule[]> = {
  surname: [rules.required(), rules.latin(), rules.maxLength(100)],
  givenNames: [rules.required(), rules.latin(), rules.maxLength(100)],
  nativeName: [rules.maxLength(200)],
  birthDate: [rules.required(), rules.date(), rules.past()],
  sex: [rules.required()],
  citizenships: [rules.required(), rules.icaoList()],
  passportNumber: [rules.required(), rules.passportNumber()],
  passportIssuingState: [rules.required(), rules.icao()],
  passportExpiry: [rules.required(), rules.date(), rules.after('birthDate', 'v.expiryBeforeBirth')],
};

/** The API's names of those fields in its errors (JSON paths), for Form.serverError. */
export const APPLICANT_FIELD_OF: Record<string, ApplicantField> = {
  'applicant.surname': 'surname',
  'applicant.givenNames': 'givenNames',
  'applicant.nativeName': 'nativeName',
  'applicant.birthDate': 'birthDate',
  'applicant.sex': 'sex',
  'applicant.citizenships': 'citizenships',
  'applicant.passport': 'passportNumber',
  'applicant.passport.number': 'passportNumber',
  'applicant.passport.issuingState': 'passportIssuingState',
  'applicant.passport.expiry': 'passportExpiry',
};

export function splitCodes(v: string): string[] {
  return v
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
}
