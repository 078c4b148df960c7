// The /api/v1 client: typed requests, the API's error shape as ApiError (with the offending
// field's JSON path), bearer tokens for staff and access codes for applicants.
import { clearSession, getSession } from './session';

export interface ApiErrorBody {
  error: { code: string; field: string | null; message: string };
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    public field: string | null,
    message: string,
    /** The parsed body when it was JSON (a 422 draft report is a body, not an error). */
    public body?: unknown,
  ) {
    super(message);
  }
}

export type Outcome = 'eligible' | 'documents-missing' | 'refuse';
export type State =
  | 'submitted'
  | 'awaiting-documents'
  | 'ready-for-review'
  | 'validated'
  | 'approved'
  | 'refused'
  | 'appealed'
  | 'appeal-upheld'
  | 'appeal-dismissed'
  | 'withdrawn';
export const STATES: State[] = [
  'submitted',
  'awaiting-documents',
  'ready-for-review',
  'validated',
  'approved',
  'refused',
  'appealed',
  'appeal-upheld',
  'appeal-dismissed',
  'withdrawn',
];
export const OPEN_STATES: State[] = [
  'submitted',
  'awaiting-documents',
  'ready-for-review',
  'validated',
  'appealed',
];

export interface Ground {
  ruleId: string;
  reason: string;
  citation: string;
}

export interface PolicyVersion {
  id: string;
  jurisdiction: string;
  kind: string;
  takesEffect: string;
  ends: string | null;
  title: string;
  legalAct: string;
  article: string;
  decision: string;
  deadlineDays: number;
  contentHash: string;
}

export interface Policies {
  jurisdictions: { jurisdiction: string; kinds: { kind: string; versions: PolicyVersion[] }[] }[];
}

export interface DmnFile {
  name: string;
  xml: string;
}

export interface PolicyRule {
  id: string;
  decision?: string;
  file?: string;
  reason: string;
  citation: string;
}

export interface VersionDetail extends PolicyVersion {
  files: DmnFile[];
  rules: PolicyRule[];
}

export interface PreviewRequest {
  filingDate: string;
  purpose?: string;
  citizenships: string[];
  birthDate?: string;
  passportExpiry?: string;
  documents?: string[];
}

export interface Preview {
  version: Pick<PolicyVersion, 'id' | 'takesEffect' | 'title' | 'legalAct' | 'article'> & Partial<PolicyVersion>;
  deadline?: string;
  outcome: Outcome;
  requiredDocuments: string[];
  missingDocuments: string[];
  grounds: Ground[];
}

export interface Passport {
  number: string;
  issuingState: string;
  expiry: string;
  mrz?: string;
}

export interface Applicant {
  surname: string;
  givenNames: string;
  nativeName?: string;
  birthDate: string;
  sex: 'M' | 'F' | 'X';
  citizenships: string[];
  passport: Passport;
}

export interface Application {
  jurisdiction: string;
  kind: string;
  purpose?: string;
  filingDate: string;
  applicant: Applicant;
}

export interface DocumentSummary {
  id: number;
  kind: string;
  fileName: string;
  contentType: string;
  size: number;
  uploadedAt: string;
  issuingState?: string;
  number?: string;
  issued?: string | null;
  expires?: string | null;
}

export interface Transition {
  from: State;
  to: State;
  by?: 'applicant' | 'authority' | 'system';
  actor?: string;
  at: string;
  reason: string;
}

export interface ApplicantDecision {
  outcome: Outcome;
  requiredDocuments: string[];
  missingDocuments: string[];
  grounds: Ground[];
  policyVersion: string;
}

export interface ApplicantView {
  number: string;
  jurisdiction: string;
  kind: string;
  state: State;
  filingDate: string;
  deadline: string;
  decision: ApplicantDecision | null;
  requestedDocuments: string[];
  refusalGrounds: Ground[];
  appealReason: string;
  updatedAt: string;
  documents: DocumentSummary[];
  history: Transition[];
  accessCode?: string;
}

export interface CaseDecision extends ApplicantDecision {
  policyHash: string;
  matchedRules: string[];
  warnings: string[];
  traceJson: string;
}

export interface Case {
  id: number;
  number: string;
  state: State;
  revision: number;
  application: Application & { documents: DocumentSummary[] };
  assignedOfficer: string;
  deadline: string;
  decision: CaseDecision | null;
  requestedDocuments: string[];
  refusalGrounds: Ground[];
  appealReason: string;
  history: Transition[];
  createdAt: string;
  updatedAt: string;
}

export interface CaseSummary {
  number: string;
  jurisdiction: string;
  kind: string;
  state: State;
  applicantName: string;
  citizenships: string[];
  filingDate: string;
  deadline: string;
  overdue: boolean;
  assignedOfficer: string;
  outcome: string;
}

export interface CasePage {
  cases: CaseSummary[];
  page: number;
  pageSize: number;
  total: number;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  caseNumber: string;
  details: unknown;
  hash: string;
}

export interface Session {
  name: string;
  role: string;
  jurisdictions: string[];
  token: string;
  expiresAt: string;
}

export interface Draft {
  takesEffect: string;
  title: string;
  legalAct: string;
  article: string;
  decision: string;
  deadlineDays: number;
  files: DmnFile[];
  tests?: unknown[];
}

export interface TestReport {
  loaded: boolean;
  error?: string;
  passed?: number;
  failed?: number;
  failures?: string[];
  unexercised?: string[];
}

export interface DayCount {
  date: string;
  count: number;
}

export interface Stats {
  from: string;
  to: string;
  backlog: Record<string, number>;
  receivedPerDay: DayCount[];
  decidedPerDay: DayCount[];
  decidedWithinDeadline: { decided: number; withinDeadline: number; share: number | null };
  oldestOpen: CaseSummary[];
}

interface RequestOptions {
  body?: unknown;
  form?: FormData;
  query?: Record<string, string | number | boolean | undefined | null>;
  accessCode?: string;
  auth?: boolean;
  signal?: AbortSignal;
}

const BASE = '/api/v1';

function url(path: string, query?: RequestOptions['query']): string {
  let u = BASE + path;
  if (query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    }
    const s = q.toString();
    if (s) u += `?${s}`;
  }
  return u;
}

async function send(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.form) {
    body = opts.form;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const session = getSession();
  if (opts.auth !== false && session) headers.Authorization = `Bearer ${session.token}`;
  if (opts.accessCode) headers['X-Access-Code'] = opts.accessCode;
  let res: Response;
  try {
    res = await fetch(url(path, opts.query), { method, headers, body, signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', null, (e as Error).message);
  }
  if (!res.ok) {
    let err: ApiErrorBody['error'] = { code: 'http', field: null, message: res.statusText };
    let parsed: unknown;
    try {
      parsed = await res.json();
      const e = (parsed as ApiErrorBody)?.error;
      if (e) err = e;
    } catch {
      /* not JSON */
    }
    if (res.status === 401 && session && opts.auth !== false) {
      clearSession();
      window.dispatchEvent(new CustomEvent('tamga:session-expired'));
    }
    throw new ApiError(res.status, err.code, err.field ?? null, err.message, parsed);
  }
  return res;
}

async function json<T>(method: string, path: string, opts?: RequestOptions): Promise<T> {
  const res = await send(method, path, opts);
  return (await res.json()) as T;
}

const enc = encodeURIComponent;
const caseAction = (number: string, action: string, body: unknown = {}) =>
  json<Case>('POST', `/cases/${enc(number)}/${action}`, { body });

export const api = {
  health: () => json<{ status: string; jurisdictions: string[] }>('GET', '/health', { auth: false }),
  login: (name: string, password: string) =>
    json<Session>('POST', '/auth/login', { body: { name, password }, auth: false }),
  logout: () => json<unknown>('POST', '/auth/logout'),

  policies: () => json<Policies>('GET', '/policies', { auth: false }),
  version: (j: string, k: string, date: string) =>
    json<VersionDetail>('GET', `/policies/${enc(j)}/${enc(k)}/versions/${enc(date)}`),
  preview: (j: string, k: string, body: PreviewRequest, signal?: AbortSignal) =>
    json<Preview>('POST', `/policies/${enc(j)}/${enc(k)}/preview`, { body, auth: false, signal }),
  testDraft: (j: string, k: string, draft: Draft) =>
    json<TestReport>('POST', `/policies/${enc(j)}/${enc(k)}/drafts/test`, { body: draft }),
  publish: (j: string, k: string, draft: Draft) =>
    json<PolicyVersion>('POST', `/policies/${enc(j)}/${enc(k)}/versions`, { body: draft }),

  submit: (application: Application) =>
    json<ApplicantView>('POST', '/applications', { body: application, auth: false }),
  status: (number: string, accessCode: string) =>
    json<ApplicantView>('POST', '/status', { body: { number, accessCode }, auth: false }),
  uploadAsApplicant: (number: string, accessCode: string, form: FormData) =>
    json<{ document: DocumentSummary; case: ApplicantView }>(
      'POST',
      `/applications/${enc(number)}/documents`,
      { form, accessCode, auth: false },
    ),
  appeal: (number: string, accessCode: string, reason: string) =>
    json<ApplicantView>('POST', `/applications/${enc(number)}/appeal`, {
      body: { reason },
      accessCode,
      auth: false,
    }),
  withdrawAsApplicant: (number: string, accessCode: string, reason: string) =>
    json<ApplicantView>('POST', `/applications/${enc(number)}/withdraw`, {
      body: reason ? { reason } : {},
      accessCode,
      auth: false,
    }),
  documentAsApplicant: (number: string, accessCode: string, id: number) =>
    send('GET', `/applications/${enc(number)}/documents/${id}`, { accessCode, auth: false }).then(
      (r) => r.blob(),
    ),

  cases: (query: RequestOptions['query']) => json<CasePage>('GET', '/cases', { query }),
  getCase: (number: string) => json<Case>('GET', `/applications/${enc(number)}`),
  audit: (number: string) =>
    json<{ number: string; entries: AuditEntry[] }>('GET', `/cases/${enc(number)}/audit`),
  document: (number: string, id: number) =>
    send('GET', `/applications/${enc(number)}/documents/${id}`).then((r) => r.blob()),
  uploadAsOfficer: (number: string, form: FormData) =>
    json<{ document: DocumentSummary; case: Case }>('POST', `/applications/${enc(number)}/documents`, {
      form,
    }),
  claim: (number: string) => caseAction(number, 'claim'),
  requestDocuments: (number: string, kinds: string[], reason: string) =>
    caseAction(number, 'request-documents', { kinds, reason }),
  validate: (number: string) => caseAction(number, 'validate'),
  approve: (number: string, reason: string) =>
    caseAction(number, 'approve', reason ? { reason } : {}),
  refuse: (number: string, grounds: Ground[]) => caseAction(number, 'refuse', { grounds }),
  redecide: (number: string) => caseAction(number, 'redecide'),
  decideAppeal: (number: string, upheld: boolean, reason: string) =>
    caseAction(number, 'appeal-decision', { upheld, reason }),
  withdraw: (number: string, reason: string) =>
    caseAction(number, 'withdraw', reason ? { reason } : {}),

  stats: (query: RequestOptions['query']) => json<Stats>('GET', '/stats', { query }),
};

/** Today as YYYY-MM-DD in UTC, the calendar the API uses. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The version of a (jurisdiction, kind) in force on a date: the latest taking effect on or before it. */
export function versionInForce(versions: PolicyVersion[], date: string): PolicyVersion | undefined {
  let found: PolicyVersion | undefined;
  for (const v of versions) if (v.takesEffect <= date && (!found || v.takesEffect > found.takesEffect)) found = v;
  return found;
}

/** "KZ/permanent-residence/2022-09-22" -> its parts. */
export function splitVersionId(id: string): { jurisdiction: string; kind: string; date: string } {
  const [jurisdiction, kind, date] = id.split('/');
  return { jurisdiction, kind, date };
}
