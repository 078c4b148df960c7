// The /api/v1 client: typed requests, the API's error shape as ApiError (with the offending
// field's JSON path), bearer tokens for staff and access codes for applicants.
import { registerLabels } from '../i18n';
import { localToday } from './clock';
import { endSession, getSession } from './session';

export interface ApiErrorBody {
  error: { code: string; field: string | null; message: string; reason?: string; params?: Record<string, string> };
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    public field: string | null,
    message: string,
    /** The parsed body when it was JSON (a 422 draft report is a body, not an error). */
    public body?: unknown,
    /** Seconds to wait before trying again (the Retry-After header of a 429 or 503). */
    public retryAfter?: number,
    /** A stable code of this refusal ("held-by-another") and its parameters: the UI words it. */
    public reason?: string,
    public params?: Record<string, string>,
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
  | 'screening-review'
  | 'approved'
  | 'refused'
  | 'appealed'
  | 'appeal-upheld'
  | 'appeal-dismissed'
  | 'withdrawn'
  // Asylum claims only (docs/asylum.md).
  | 'registered'
  | 'interview-scheduled'
  | 'examination'
  | 'refusal-proposed';
export const STATES: State[] = [
  'submitted',
  'awaiting-documents',
  'ready-for-review',
  'validated',
  'screening-review',
  'approved',
  'refused',
  'appealed',
  'appeal-upheld',
  'appeal-dismissed',
  'withdrawn',
  'registered',
  'interview-scheduled',
  'examination',
  'refusal-proposed',
];
export const OPEN_STATES: State[] = [
  'submitted',
  'awaiting-documents',
  'ready-for-review',
  'validated',
  'screening-review',
  'appealed',
  'registered',
  'interview-scheduled',
  'examination',
  'refusal-proposed',
];
/** The application kind that follows the asylum procedure. */
export const ASYLUM = 'asylum';

/** Texts by language code ("ru", "kk", ...); English is the ground's own reason and citation. */
export type Translations = Partial<Record<string, string>>;

export interface Ground {
  ruleId: string;
  reason: string;
  citation: string;
  reasonIn?: Translations;
  citationIn?: Translations;
  /** The number of the ground on the jurisdiction's refusal form (e.g. Annex VI of the Visa Code). */
  formGround?: number;
}

export type TextStatus = 'enacted' | 'reported' | 'illustrative';

/** What a version models: the act and article, when it was adopted and published, and how sure we are of its text. */
export interface LegalBasis {
  act: string;
  article: string;
  adopted: string | null;
  published: string | null;
  link: string;
  status: TextStatus;
  note: string;
}

export interface Purpose {
  code: string;
  label: { en: string; ru: string } & Translations;
}

/** Document kind -> its name in each language, as the version words it. */
export type DocumentLabels = Record<string, { en: string; ru: string } & Translations>;

export type AppliesTo = 'filed-on-or-after' | 'pending';

export interface PolicyVersion {
  id: string;
  /** Four eyes: who proposed the version and who approved it (none before four eyes). */
  approval?: { proposal: number; proposedBy: string; proposedAt: string; approvedBy: string; approvedAt: string } | null;
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
  legalBasis?: LegalBasis;
  /** True when the act's own text was not found: the version is an illustrative model. */
  illustrative?: boolean;
  appliesTo?: AppliesTo;
  purposes?: Purpose[];
  documents?: DocumentLabels;
  refusalForm?: string;
  deadlineMonths?: number;
  /** An asylum procedure's public part (null for other kinds). */
  asylum?: AsylumProcedure | null;
}

export interface AsylumProcedure {
  lodgingPlaces: string[];
  /** Whether the law lets an applicant lodge online (neither KZ nor LV does). */
  online: boolean;
  lodgingBasis: Translations;
  timeLimits: Translations;
  extensionMonths: number;
  certificateTitle: Translations;
  questions: number;
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
  output?: string;
  reason: string;
  citation: string;
  reasonIn?: Translations;
  citationIn?: Translations;
  formGround?: number;
}

export interface VersionDetail extends PolicyVersion {
  files: DmnFile[];
  rules: PolicyRule[];
}

/** A document at hand, as an upload describes it (what the policy checks: who issued it, when, until when). */
export interface DocumentFacts {
  kind: string;
  issuingState?: string;
  number?: string;
  issued?: string;
  expires?: string;
}

export interface PreviewRequest {
  /** Default: today in the jurisdiction. */
  filingDate?: string;
  purpose?: string;
  citizenships: string[];
  birthDate?: string;
  passportExpiry?: string;
  passportIssuingState?: string;
  documents?: (string | DocumentFacts)[];
}

export interface Preview {
  version: Pick<PolicyVersion, 'id' | 'takesEffect' | 'title' | 'legalAct' | 'article'> & Partial<PolicyVersion>;
  policyVersion?: string;
  filingDate?: string;
  deadline?: string;
  outcome: Outcome;
  requiredDocuments: string[];
  missingDocuments: string[];
  /** What decides: the refusal ground, the missing document's requirement, why a document does not count. */
  decisiveGrounds: Ground[];
  /** Every matched rule that gives a reason. */
  grounds: Ground[];
  matchedRules?: string[];
}

export type Verification = 'unverified' | 'verified' | 'rejected';

export interface Passport {
  number: string;
  issuingState: string;
  expiry: string;
  issued?: string | null;
  mrz?: string;
  verification?: Verification;
  verifiedBy?: string;
  verificationNote?: string;
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

export type NoticeLanguage = 'en' | 'ru' | 'kk' | 'lv';

/** POST /applications: the server fixes the filing time by its clock; an officer may record a paper receipt. */
export interface NewApplication {
  jurisdiction: string;
  kind: string;
  purpose: string;
  language?: NoticeLanguage;
  applicant: Applicant;
  received?: { at: string; reason: string };
  /** An asylum claim: where it was lodged (a place its policy lists). */
  lodging?: { place: string; location?: string };
}

/** When and how the application was received (for a paper one: entered later, with a reason). */
export interface Receipt {
  filedAt: string;
  recordedAt: string;
  recordedBy: string;
  reason: string;
  timeZone: string;
  localTime: string;
}

export interface Application {
  jurisdiction: string;
  kind: string;
  purpose?: string;
  filingDate: string;
  language?: NoticeLanguage;
  receipt?: Receipt;
  applicant: Applicant;
}

export type NoticeKind =
  | 'documents-requested'
  | 'approval'
  | 'refusal'
  | 'appeal-upheld'
  | 'appeal-dismissed'
  | 'reassessment';

export interface Notice {
  code: string;
  kind: NoticeKind | string;
  language: string;
  issuedOn: string;
  issuedAt: string;
  /** The PDF's SHA-256 (applicant view); officers get pdfSha256 and htmlSha256. */
  sha256?: string;
  pdfSha256?: string;
  htmlSha256?: string;
}

export interface NoticeCheck {
  code: string;
  issued: boolean;
  matches: boolean;
  jurisdiction?: string;
  kind?: string;
  language?: string;
  issuedOn?: string;
  verdict: string;
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
  holderName?: string;
  holderBirthDate?: string | null;
  sha256?: string;
  verification?: Verification;
  verifiedBy?: string;
  verifiedAt?: string;
  verificationNote?: string;
}

export interface Transition {
  from: State;
  to: State;
  by?: 'applicant' | 'authority' | 'system';
  actor?: string;
  at: string;
  /** In English, as the audit trail has it (all a step written before codes had). */
  reason: string;
  /** The step as a code ("case.claim") with what a person typed for it and what it was about. */
  action?: string;
  note?: string;
  params?: Record<string, string>;
}

export interface ApplicantDecision {
  outcome: Outcome;
  requiredDocuments: string[];
  missingDocuments: string[];
  decisiveGrounds: Ground[];
  grounds: Ground[];
  matchedRules?: string[];
  policyVersion: string;
}

export interface ApplicantView {
  number: string;
  jurisdiction: string;
  kind: string;
  purpose?: string;
  language?: NoticeLanguage;
  state: State;
  filingDate: string;
  /** The filing instant (UTC) and the same in the jurisdiction's local time, with its offset. */
  filedAt?: string;
  filedLocalTime?: string;
  /** Set when an officer entered a paper application received earlier. */
  receiptReason?: string;
  deadline: string;
  /** The last day to appeal a refusal (YYYY-MM-DD). */
  appealDeadline?: string | null;
  decision: ApplicantDecision | null;
  requestedDocuments: string[];
  refusalGrounds: Ground[];
  appealReason: string;
  updatedAt: string;
  documents: DocumentSummary[];
  notices?: Notice[];
  history: Transition[];
  accessCode?: string;
}

export interface CaseDecision extends ApplicantDecision {
  policyHash: string;
  matchedRules: string[];
  warnings: string[];
  traceJson: string;
}

/** How one part of a name matched a part of the other name. */
export interface EvidencePart {
  left: string;
  right: string;
  how: 'exact' | 'transliteration' | 'phonetic' | 'edit-distance' | 'gender-form' | string;
  score: number;
  detail: string;
}

/** What moved the score beyond the names: a birth date, a citizenship, a document number. */
export interface EvidenceFactor {
  factor: 'birth-date' | 'citizenship' | 'document' | string;
  effect: number;
  detail: string;
}

/** Why two records may be the same person (only {score} when the other record is out of scope). */
export interface Evidence {
  applicantName?: string;
  otherName?: string;
  nameScore?: number;
  parts?: EvidencePart[];
  unmatchedApplicant?: string[];
  unmatchedOther?: string[];
  factors?: EvidenceFactor[];
  score: number;
}

/** The listed person, or the earlier application (with its jurisdiction, kind, state and filing date). */
export interface HitSubject {
  names?: string[];
  birthDates?: string[];
  citizenships?: string[];
  documents?: string[];
  jurisdiction?: string;
  kind?: string;
  state?: State | string;
  filingDate?: string;
}

export type HitStatus = 'open' | 'same-person' | 'not-same-person';
export type HitFinding = Exclude<HitStatus, 'open'>;

/** A possible match of the applicant: an entry on a watchlist, or an earlier application. */
export interface ScreeningHit {
  id: number;
  source: 'watchlist' | 'application';
  list: string;
  listKind: 'entry-ban' | 'wanted' | 'sanctions' | '' | string;
  listVersion: number;
  /** The list entry's id, or the earlier case's number ("" when withheld). */
  entryId: string;
  legalBasis: string;
  reason: string;
  subject: HitSubject;
  score: number;
  evidence: Evidence;
  raisedAt: string;
  status: HitStatus;
  adjudicatedBy: string;
  adjudicatedAt: string;
  adjudicationReason: string;
}

export interface Screening {
  screenedAt: string;
  hits: ScreeningHit[];
}

export interface PersonResult {
  number: string;
  jurisdiction: string;
  name: string;
  score: number;
  evidence: Evidence;
}

export interface WatchlistVersion {
  version: number;
  importedAt: string;
  importedBy: string;
  format: string;
  sha256: string;
  entries: number;
  added: number;
  changed: number;
  removed: number;
  skipped: number;
  rescreenedAt: string | null;
  newHits: number;
}

export interface Watchlist {
  name: string;
  kind: string;
  legalBasis: string;
  jurisdictions: string[];
  version: number;
  /** Newest first. */
  versions: WatchlistVersion[];
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
  appealDeadline?: string | null;
  notices?: Notice[];
  /** The applicant screened against the watchlists and earlier applications (officers only). */
  screening?: Screening;
  history: Transition[];
  /** Staff only: never in the applicant's view. */
  internalNotes?: InternalNote[];
  /** An asylum claim's own data. */
  asylum?: AsylumClaim | null;
  /** The applicant seeks or has international protection (an ordinary case); the claim's number only for the asylum role. */
  protection?: { status: 'asylum-pending' | 'refugee'; claim: string; foundAt: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface AsylumClaim {
  lodgingPlace: string;
  lodgingLocation: string;
  registeredAt: string;
  interview: {
    scheduledFor: string;
    place: string;
    language: string;
    scheduledBy: string;
    recordedAt: string;
    recordedBy: string;
    record: string;
  } | null;
  answers: { question: string; answer: 'yes' | 'no'; evidence: string; answeredBy: string; answeredAt: string }[];
  refusalProposedBy: string;
  refusalProposedAt: string;
  proposedGrounds: Ground[];
  extendedMonths: number;
  extensionReason: string;
}

/** The legal questions of a claim with the officers' answers (GET /cases/{n}/checklist). */
export interface Checklist {
  number: string;
  policyVersion: string;
  questions: {
    id: string;
    group: string;
    question: Translations;
    guidance: Translations;
    citation: Translations;
    answer: 'yes' | 'no' | null;
    evidence?: string;
    answeredBy?: string;
    answeredAt?: string;
  }[];
  remaining: string[];
  pointsTo: string;
  implications: Ground[];
  timeLimits: Translations;
  extensionMonths: number;
  extendedMonths: number;
  automaticRefusal: false;
}

export interface OfficerLoad {
  name: string;
  jurisdictions: string[];
  held: number;
  overdue: number;
}

export interface InternalNote {
  at: string;
  author: string;
  text: string;
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
  /** Counted up to 10,000; totalExact is false when more match. */
  total: number;
  totalExact: boolean;
  /** The cursor of the next page (the `cursor` query); null on the last page. */
  next: string | null;
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
  /** True when the account signs in with a one-time code from an authenticator app. */
  totp?: boolean;
  /** Jurisdictions where the account holds the asylum role (sees asylum claims). */
  asylum?: string[];
}

/** A staff account as the administrator (and a supervisor, for their jurisdictions) sees it. */
export interface Account {
  name: string;
  role: string;
  jurisdictions: string[];
  disabled: boolean;
  /** True when the account signs in with a one-time code. */
  totp: boolean;
  /** Jurisdictions where the account holds the asylum role. */
  asylum?: string[];
}

/** A new account; supervisors and policy authors get an authenticator secret, shown once. */
export interface CreatedAccount extends Account {
  totpSecret?: string;
  totpUri?: string;
}

export interface NewAccount {
  name: string;
  password: string;
  role: string;
  jurisdictions: string[];
}

/** What the case page polls: no personal data, and not written to the audit trail. */
export interface CaseRevision {
  number: string;
  revision: number;
  state: State;
  assignedOfficer: string;
  updatedAt: string;
}

export interface Draft {
  takesEffect: string;
  title: string;
  /** Either the full legal basis, or (the simple form) legalAct and article. */
  legalBasis?: Omit<LegalBasis, 'adopted' | 'published' | 'link' | 'note'> & Partial<Pick<LegalBasis, 'link' | 'note'>> & { adopted?: string; published?: string };
  legalAct?: string;
  article?: string;
  appliesTo?: AppliesTo;
  decision: string;
  deadlineDays: number;
  files: DmnFile[];
  /** Every document kind's name by language (the base version's unless changed). */
  documents?: DocumentLabels;
  tests?: unknown[];
}

export interface TestReport {
  loaded: boolean;
  error?: string;
  passed?: number;
  failed?: number;
  failures?: string[];
  unexercised?: string[];
  errors?: number;
  findings?: Finding[];
}

/** A draft proposed by one policy author, in force once a second person approves it (four eyes). */
export interface Proposal {
  id: number;
  jurisdiction: string;
  kind: string;
  takesEffect: string;
  title?: string;
  status: 'proposed' | 'approved' | 'withdrawn';
  proposedBy: string;
  proposedAt: string;
  decidedBy: string;
  decidedAt: string;
  version: string;
  simulatedBy: string;
  simulatedAt: string;
  draft?: Draft;
  report?: TestReport;
  simulation?: Simulation | null;
}

export interface Count {
  key: string;
  count: number;
}

export interface SimulatedOutcome {
  outcome: string;
  missingDocuments: string[];
  grounds: string[];
}

/** A draft run over stored cases: nothing is written to them. */
export interface Simulation {
  version: string;
  pending: boolean;
  period: { from: string | null; to: string | null } | null;
  cases: number;
  pendingCases: number;
  changed: number;
  errors: number;
  byOutcome: Count[];
  byGround: Count[];
  byCitizenship: Count[];
  byMonth: Count[];
  changedCases: {
    number: string;
    state: State;
    pending: boolean;
    filingDate: string;
    citizenships: string[];
    current: SimulatedOutcome;
    simulated: SimulatedOutcome;
    error?: string;
  }[];
  listedAll: boolean;
}

/** A finding of the model checks: FEEL that does not compile, or the decision-table analysis. */
export interface Finding {
  severity: 'error' | 'warning' | 'info';
  kind: string;
  file?: string;
  line?: number;
  element?: string;
  table?: string;
  rules?: string[];
  message: string;
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
  /** Open cases now, whatever the period. */
  open?: { cases: number; overdue: number; dueWithinWeek: number };
  oldestOpen: CaseSummary[];
  /** Asylum claims, never in the figures above; null below suppressedBelow. */
  asylum?: { open: number | null; received: number | null; decided: number | null; suppressedBelow: number };
}

interface RequestOptions {
  body?: unknown;
  form?: FormData;
  query?: Record<string, string | number | boolean | undefined | null>;
  accessCode?: string;
  auth?: boolean;
  signal?: AbortSignal;
  /**
   * The call checks the caller's password again (changing it, setting up an authenticator): a 401
   * naming that body field is a wrong password, not an ended session.
   */
  reauth?: boolean;
  /** A 401 does not end the session here (signing out: the token may already be gone). */
  quiet401?: boolean;
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
    // A 401 on a signed-in call means the session is over (idle, revoked, the account disabled):
    // back to the sign-in page with the server's reason. Not so a wrong password on a call that
    // checks it again (it names its body field).
    const wrongPassword = opts.reauth && !!err.field && err.field !== 'Authorization';
    // Several calls may fail together: the first one ends it.
    if (res.status === 401 && session && opts.auth !== false && !wrongPassword && !opts.quiet401 &&
      getSession()?.token === session.token) {
      endSession(err.message);
    }
    const retry = res.headers.get('Retry-After');
    const retryAfter = retry && /^\d+$/.test(retry.trim()) ? Number(retry.trim()) : undefined;
    throw new ApiError(res.status, err.code, err.field ?? null, err.message, parsed, retryAfter, err.reason, err.params);
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

export interface Health {
  status: string;
  jurisdictions: string[];
  clock?: {
    now: string;
    /** True when the server runs on a training clock (`--clock`) rather than real time. */
    shifted: boolean;
    startedAt: string;
    jurisdictions: Record<string, { timeZone: string; localTime: string }>;
  };
}

/** An unfinished application kept on the server (save and return), 30 days after its last save. */
export interface DraftSaved {
  reference: string;
  /** Only when the draft is new: shown once. */
  accessCode?: string;
  savedAt: string;
  expiresAt: string;
}
export interface SavedDraft {
  reference: string;
  answers: Record<string, unknown>;
  savedAt: string;
  expiresAt: string;
}

export const api = {
  health: () => json<Health>('GET', '/health', { auth: false }),
  /** With otp when the account signs in with a one-time code (a 401 naming "otp" asks for it). */
  login: (name: string, password: string, otp?: string) =>
    json<Session>('POST', '/auth/login', { body: otp ? { name, password, otp } : { name, password }, auth: false }),
  logout: () => json<unknown>('POST', '/auth/logout', { body: {}, quiet401: true }),
  /** Ends the caller's other sessions; this one stays. */
  changePassword: (currentPassword: string, newPassword: string) =>
    json<{ changed: boolean; sessionsEnded?: number }>('POST', '/auth/password', {
      body: { currentPassword, newPassword },
      reauth: true,
    }),
  /** A new authenticator secret for one's own account (shown once). */
  enrolTotp: (password: string) =>
    json<{ secret: string; uri: string }>('POST', '/auth/totp', { body: { password }, reauth: true }),

  accounts: () => json<{ accounts: Account[] }>('GET', '/accounts'),
  createAccount: (account: NewAccount) => json<CreatedAccount>('POST', '/accounts', { body: account }),
  disableAccount: (name: string) => json<Account>('POST', `/accounts/${enc(name)}/disable`, { body: {} }),
  enableAccount: (name: string) => json<Account>('POST', `/accounts/${enc(name)}/enable`, { body: {} }),
  revokeSessions: (name: string) =>
    json<{ sessionsEnded: number }>('POST', `/accounts/${enc(name)}/revoke-sessions`, { body: {} }),

  policies: () =>
    json<Policies>('GET', '/policies', { auth: false }).then((p) => {
      for (const j of p.jurisdictions) for (const k of j.kinds) for (const v of k.versions) registerLabels(v);
      return p;
    }),
  version: (j: string, k: string, date: string) =>
    json<VersionDetail>('GET', `/policies/${enc(j)}/${enc(k)}/versions/${enc(date)}`).then((v) => {
      registerLabels(v);
      return v;
    }),
  inForce: (j: string, k: string, date: string) =>
    json<PolicyVersion>('GET', `/policies/${enc(j)}/${enc(k)}/in-force`, { query: { date }, auth: false }),
  preview: (j: string, k: string, body: PreviewRequest, signal?: AbortSignal) =>
    json<Preview>('POST', `/policies/${enc(j)}/${enc(k)}/preview`, { body, auth: false, signal }),
  testDraft: (j: string, k: string, draft: Draft) =>
    json<TestReport>('POST', `/policies/${enc(j)}/${enc(k)}/drafts/test`, { body: draft }),
  propose: (j: string, k: string, draft: Draft) =>
    json<Proposal>('POST', `/policies/${enc(j)}/${enc(k)}/proposals`, { body: draft }),
  proposals: (j: string, k: string) =>
    json<{ proposals: Proposal[] }>('GET', `/policies/${enc(j)}/${enc(k)}/proposals`).then((r) => r.proposals),
  proposal: (j: string, k: string, id: string) =>
    json<Proposal>('GET', `/policies/${enc(j)}/${enc(k)}/proposals/${enc(id)}`),
  simulate: (j: string, k: string, id: string, body: { pending: boolean; from?: string; to?: string }) =>
    json<Simulation>('POST', `/policies/${enc(j)}/${enc(k)}/proposals/${enc(id)}/simulate`, { body }),
  approveProposal: (j: string, k: string, id: string) =>
    json<PolicyVersion>('POST', `/policies/${enc(j)}/${enc(k)}/proposals/${enc(id)}/approve`, { body: {} }),
  withdrawProposal: (j: string, k: string, id: string) =>
    json<Proposal>('POST', `/policies/${enc(j)}/${enc(k)}/proposals/${enc(id)}/withdraw`, { body: {} }),

  /** An applicant's own submission (no token), or an officer entering a counter/paper application. */
  submit: (application: NewApplication, asOfficer = false) =>
    json<ApplicantView>('POST', '/applications', { body: application, auth: asOfficer }),
  status: (number: string, accessCode: string) =>
    json<ApplicantView>('POST', '/status', { body: { number, accessCode }, auth: false }),
  /** Save and return: a new saved application answers its reference and access code (once). */
  saveNewDraft: (answers: Record<string, string>) =>
    json<DraftSaved>('POST', '/drafts', { body: { answers }, auth: false }),
  saveDraft: (reference: string, accessCode: string, answers: Record<string, string>) =>
    json<DraftSaved>('POST', `/drafts/${enc(reference)}`, { body: { answers }, accessCode, auth: false }),
  draft: (reference: string, accessCode: string) =>
    json<SavedDraft>('GET', `/drafts/${enc(reference)}`, { accessCode, auth: false }),
  discardDraft: (reference: string, accessCode: string) =>
    json<{ discarded: boolean }>('POST', `/drafts/${enc(reference)}/discard`, { body: {}, accessCode, auth: false }),
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
  /** A notice as issued: the PDF, or a self-contained HTML page. With an access code as the applicant, else with the token. */
  notice: (number: string, code: string, format: 'pdf' | 'html', accessCode?: string) =>
    send('GET', `/applications/${enc(number)}/notices/${enc(code)}`, {
      query: { format },
      accessCode,
      auth: !accessCode,
    }).then((r) => r.blob()),
  /** The application's receipt (PDF), made on demand in `language`. */
  receipt: (number: string, language: string, accessCode?: string) =>
    send('GET', `/applications/${enc(number)}/receipt`, { query: { language }, accessCode, auth: !accessCode }).then((r) => r.blob()),
  verifyNotice: (code: string, file: File) => {
    const form = new FormData();
    form.set('file', file, file.name);
    return json<NoticeCheck>('POST', `/notices/verify/${enc(code)}`, { form, auth: false });
  },

  cases: (query: RequestOptions['query']) => json<CasePage>('GET', '/cases', { query }),
  getCase: (number: string) => json<Case>('GET', `/applications/${enc(number)}`),
  /** The case's revision, state and holder (for polling: not audited, no personal data). */
  caseRevision: (number: string, signal?: AbortSignal) =>
    json<CaseRevision>('GET', `/cases/${enc(number)}/revision`, { signal }),
  audit: (number: string) =>
    json<{ number: string; entries: AuditEntry[] }>('GET', `/cases/${enc(number)}/audit`),
  document: (number: string, id: number) =>
    send('GET', `/applications/${enc(number)}/documents/${id}`).then((r) => r.blob()),
  uploadAsOfficer: (number: string, form: FormData) =>
    json<{ document: DocumentSummary; case: Case }>('POST', `/applications/${enc(number)}/documents`, {
      form,
    }),
  claim: (number: string) => caseAction(number, 'claim'),
  /** Hands a held case back to the queue; a supervisor taking another's case gives a reason. */
  release: (number: string, reason = '') => caseAction(number, 'release', reason ? { reason } : {}),
  /** A supervisor gives a case to an officer (a reason when another officer holds it). */
  assign: (number: string, officer: string, reason: string) =>
    caseAction(number, 'assign', reason ? { officer, reason } : { officer }),
  /** Claims the first case of the caller's queue that nobody holds (404 when none waits). */
  claimNext: (query: RequestOptions['query']) => json<Case>('POST', '/cases/next', { query, body: {} }),
  addNote: (number: string, text: string) => caseAction(number, 'notes', { text }),
  /** The officers a supervisor assigns to, with the open cases each holds. */
  officers: () => json<{ officers: OfficerLoad[] }>('GET', '/officers'),
  /** The officer's check of a document (id 0: the passport); a rejection needs a note. */
  verifyDocument: (number: string, id: number, state: 'verified' | 'rejected', note: string) =>
    json<Case>('POST', `/cases/${enc(number)}/documents/${id}/verification`, {
      body: note ? { state, note } : { state },
    }),
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
  /** Asylum claims (docs/asylum.md). */
  checklist: (number: string) => json<Checklist>('GET', `/cases/${enc(number)}/checklist`),
  answerQuestion: (number: string, question: string, answer: 'yes' | 'no' | '', evidence: string) =>
    caseAction(number, 'checklist', { question, answer, evidence }),
  scheduleInterview: (number: string, scheduledFor: string, place: string, language: string) =>
    caseAction(number, 'interview', { scheduledFor, place, language }),
  recordInterview: (number: string, record: string) => caseAction(number, 'interview/record', { record }),
  extendDeadline: (number: string, months: number, reason: string) =>
    caseAction(number, 'extend-deadline', { months, reason }),
  confirmRefusal: (number: string, reason: string) =>
    caseAction(number, 'refusal/confirm', reason ? { reason } : {}),
  declineRefusal: (number: string, reason: string) => caseAction(number, 'refusal/decline', { reason }),
  /** The holding officer's finding on a screening hit: the same person as listed, or not. */
  adjudicateHit: (number: string, hitId: number, finding: HitFinding, reason: string) =>
    caseAction(number, `screening/${hitId}`, { finding, reason }),
  /** Applications in the caller's jurisdictions whose applicant may be this person, best first. */
  persons: (query: { name?: string; birthDate?: string; document?: string }, signal?: AbortSignal) =>
    json<{ results: PersonResult[] }>('GET', '/persons', { query, signal }),
  watchlists: () => json<{ lists: Watchlist[] }>('GET', '/watchlists'),

  stats: (query: RequestOptions['query']) => json<Stats>('GET', '/stats', { query }),
};

/**
 * Today as YYYY-MM-DD by the server's clock: in a jurisdiction's time zone when one is given,
 * else in UTC.
 */
export function today(jurisdiction?: string): string {
  return localToday(jurisdiction);
}

/** Whole days from one calendar day (YYYY-MM-DD) to another; negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / 86_400_000);
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
