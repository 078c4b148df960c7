// Officer (and supervisor/auditor, read-only): a case with its screening hits (pages/screening.tsx),
// applicant data and how it was received,
// documents viewed in the page with the officer's check of each, the decision with what decided
// it apart from every rule that matched, the notices issued, history and audit trail; actions for
// the officer who holds the case. The case's revision is polled (GET /cases/{n}/revision: not
// audited, unlike a read of the case); a change by anyone else is announced, and
// two officers cannot act at once (the service refuses all but the holder).
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { countryName, docName, formatDate, formatDateLong, formatDateTime, formatInZone, formatLocalTime, groundCitation, groundReason, inLang, jurisdictionName, kindName, purposeName, stateName, t, tn, tOr, useLang } from '../i18n';
import { api, ApiError, OPEN_STATES, splitVersionId, today, type AuditEntry, type Case, type DocumentLabels, type Ground, type Receipt, type Session, type State, type Verification, type VersionDetail } from '../lib/api';
import { timeZoneOf, useClock } from '../lib/clock';
import { documentRules, loadVersion } from '../lib/dmn';
import { takeFlashes, type Flash } from '../lib/flash';
import { apiErrorText, focusField, rules, useForm } from '../lib/forms';
import { useAsync, useInterval } from '../lib/hooks';
import { href } from '../lib/router';
import { Alert, Dl, DocumentList, ErrorBox, GroundList, History, IllustrativeBadge, Loading, NoticeList, OutcomeBadge, PageTitle, Section, StateBadge, VerificationChip, withContext } from '../ui/common';
import { FormError, SelectField, TextAreaField, TextField } from '../ui/fields';
import { UploadForm } from '../ui/upload';
import { AsylumPanel, ProtectionBanner } from './asylum';
import { ScreeningSection } from './screening';

const POLL_MS = 10_000;

interface TraceTable {
  table: string;
  label: string;
  matched: { rule: number; id: string; annotation: string; selected: boolean }[];
}
interface TraceDecision {
  decision: string;
  id: string;
  tables: TraceTable[];
}

export function CasePage({ session, number }: { session: Session; number: string }) {
  useLang();
  useClock();
  const [flashes] = useState<Flash[]>(() => takeFlashes());
  const loaded = useAsync(() => api.getCase(number), [number]);
  const [c, setC] = useState<Case | null>(null);
  const [newer, setNewer] = useState<Case | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error' | 'warning'; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const polling = useRef(false);
  useEffect(() => {
    if (loaded.data) {
      setC(loaded.data);
      setNewer(null);
    }
  }, [loaded.data]);

  // Poll for changes made by others (another officer, the applicant uploading, the system): only
  // the revision (not audited, no personal data); the full case (an audited read) only when it moved.
  useInterval(
    async () => {
      if (!c || busy || polling.current) return;
      polling.current = true;
      try {
        const known = newer?.revision ?? c.revision;
        const rev = await api.caseRevision(number);
        if (rev.revision !== known) {
          const latest = await api.getCase(number);
          if (latest.revision !== c.revision) setNewer(latest);
        }
      } catch {
        /* keep showing what we have (a 401 ends the session and leaves the page) */
      } finally {
        polling.current = false;
      }
    },
    c ? POLL_MS : null,
  );

  const vp = c?.decision ? splitVersionId(c.decision.policyVersion) : null;
  const version = useAsync(
    async () => (vp ? loadVersion(vp.jurisdiction, vp.kind, vp.date) : undefined),
    [c?.decision?.policyVersion],
  );

  if (loaded.error && !c) {
    return (
      <>
        <PageTitle>{t('case.title', { number })}</PageTitle>
        <ErrorBox error={loaded.error} onRetry={loaded.reload} />
        <p><a href={href('/officer')}>{t('case.back')}</a></p>
      </>
    );
  }
  if (!c) return <Loading />;

  const isOfficer = session.role === 'officer';
  const mine = c.assignedOfficer === session.name;
  const heldByOther = !!c.assignedOfficer && !mine;
  const open = OPEN_STATES.includes(c.state);
  const canAct = isOfficer && mine;
  // Four eyes (the service enforces them; the page only explains): who filed, validated or refused.
  const did = (to: State) => c.history.some((h) => h.actor === session.name && h.from !== h.to && h.to === to);
  const filedByMe = c.history[0]?.actor === session.name;
  const validatedByMe = did('validated');
  const refusedByMe = did('refused');
  const mayApprove = !filedByMe && !validatedByMe;
  const barredFromAppeal = c.state === 'appealed' && refusedByMe;
  // A claim's examination is complete once every legal question of its policy is answered.
  const answeredAll = !!c.asylum && c.asylum.answers.length >= (version.data?.asylum?.questions ?? 0);

  const act = async (label: string, fn: () => Promise<Case>, success: string) => {
    setBusy(label);
    setMessage(null);
    try {
      const updated = await fn();
      setC(updated);
      setNewer(null);
      setMessage({ kind: 'success', text: success });
      // The button acted on may be gone with the state it belonged to: focus goes to what
      // happened, not to the page's body.
      const active = document.activeElement;
      requestAnimationFrame(() => {
        if (!active || !active.isConnected || active === document.body) document.getElementById('case-message')?.focus();
      });
      return true;
    } catch (e) {
      setMessage({ kind: 'error', text: apiErrorText(e) });
      if (e instanceof ApiError && e.status === 409) {
        // Someone else changed or holds the case: show the latest state.
        try {
          setNewer(await api.getCase(number));
        } catch {
          /* ignore */
        }
      }
      throw e;
    } finally {
      setBusy(null);
    }
  };
  const simple = (label: string, fn: () => Promise<Case>, success: string) => act(label, fn, success).catch(() => undefined);

  const app = c.application;
  const last = newer?.history[newer.history.length - 1];
  const labels = version.data?.documents;
  const receipt = app.receipt;
  const passport = app.applicant.passport;
  const onCase = (updated: Case) => {
    setC(updated);
    setNewer(null);
  };

  return (
    <>
      <p class="breadcrumb"><a href={href('/officer')}>{t('case.back')}</a></p>
      <PageTitle sub={`${jurisdictionName(app.jurisdiction)} · ${kindName(app.kind)} · ${app.applicant.surname} ${app.applicant.givenNames}`}>
        {t('case.title', { number })}
      </PageTitle>
      {flashes.map((f, i) => (
        <Alert key={i} kind={f.kind} live>
          <p data-testid="flash">{f.text}</p>
        </Alert>
      ))}

      <div class="case-layout">
      <aside class="case-side" aria-label={t('case.actions')}>
      <div class="case-status card" aria-live="polite">
        <p>
          <StateBadge state={c.state} />{' '}
          {open && c.state !== 'appealed' && <span class="muted">{t('case.deadline', { date: formatDate(c.deadline) })}</span>}{' '}
          {open && c.state !== 'appealed' && c.deadline < today(app.jurisdiction) && <span class="chip chip-missing">{t('queue.overdue')}</span>}
        </p>
        {c.state === 'screening-review' && (
          <Alert kind="warning">
            <p data-testid="screening-waiting">
              {tn('screening.waiting', c.screening?.hits.filter((h) => h.status === 'open').length ?? 0)}
            </p>
            <button type="button" class="btn btn-secondary btn-small" onClick={() => {
              const h = document.getElementById('screening-title');
              h?.scrollIntoView({ block: 'start' });
              if (h) { h.tabIndex = -1; h.focus({ preventScroll: true }); }
            }}>
              {t('screening.goTo')}
            </button>
          </Alert>
        )}
        {c.state === 'refused' && c.appealDeadline && (
          <p class="small" data-testid="case-appeal-deadline">{t('case.appealDeadline', { date: formatDateLong(c.appealDeadline) })}</p>
        )}
        <div data-testid="hold">
          {!c.assignedOfficer && open && <p>{t('case.unheld')}</p>}
          {mine && open && <p class="ok-text">{t('case.heldByYou')}</p>}
          {heldByOther && open && (
            <Alert kind="warning">{t('case.heldByOther', { name: c.assignedOfficer })}</Alert>
          )}
        </div>
        {newer && (
          <Alert kind="warning" live>
            <p>
              {t('case.changed', {
                who: last?.actor ?? '?',
                when: formatDateTime(last?.at),
                what: last?.reason ?? '',
              })}
            </p>
            <button type="button" class="btn btn-secondary" onClick={() => { setC(newer); setNewer(null); }}>
              {t('case.showLatest')}
            </button>
          </Alert>
        )}
        {message && <div id="case-message" tabIndex={-1}><Alert kind={message.kind} live>{message.text}</Alert></div>}
        {busy && <p role="status" class="muted">{busy}</p>}
      </div>

      {isOfficer && (
        <Section title={t('case.actions')} id="actions" class="actions-card">
          <div class="action-row">
            {!mine && open && c.state !== 'submitted' && (
              <button type="button" class="btn btn-primary" disabled={!!busy || heldByOther || barredFromAppeal} data-action="claim"
                onClick={() => simple(t('case.claiming'), () => api.claim(number), t('case.claimed'))}>
                {t('case.claim')}
              </button>
            )}
            {canAct && (c.state === 'ready-for-review' || (c.asylum && c.state === 'examination' && answeredAll)) && (
              <button type="button" class="btn btn-primary" disabled={!!busy} data-action="validate"
                onClick={() => simple(t('case.validating'), () => api.validate(number), t('case.validated'))}>
                {c.asylum ? t('asylum.examinationComplete') : t('case.validate')}
              </button>
            )}
            {canAct && (c.state === 'awaiting-documents' || c.state === 'ready-for-review') && (
              <button type="button" class="btn btn-secondary" disabled={!!busy}
                onClick={() => simple(t('case.redeciding'), () => api.redecide(number), t('case.redecided'))}>
                {t('case.redecide')}
              </button>
            )}
            {canAct && open && (
              <button type="button" class="btn btn-secondary" disabled={!!busy}
                onClick={() => simple(t('case.releasing'), () => api.release(number), t('case.released'))}>
                {t('case.release')}
              </button>
            )}
          </div>
          {barredFromAppeal && <p class="muted small" data-testid="four-eyes">{t('case.fourEyesAppeal')}</p>}
          {canAct && c.asylum && c.state === 'examination' && !answeredAll && (
            <p class="muted small" data-testid="answer-all-first">{t('asylum.answerAllFirst')}</p>
          )}
          {c.state === 'validated' && !mayApprove && (
            <p class="muted small" data-testid="four-eyes">
              {filedByMe ? t('case.fourEyesFiled') : t('case.fourEyesValidated')}
            </p>
          )}
          {!canAct && open && !barredFromAppeal && <p class="muted small">{heldByOther ? t('case.readOnlyOther') : t('case.claimFirst')}</p>}
          {!open && <p class="muted">{t('case.closed')}</p>}
          {canAct && c.state === 'validated' && mayApprove && <ApproveForm number={number} act={act} />}
          {canAct && c.state === 'validated' && !c.asylum && <RefuseForm c={c} version={version.data} act={act} />}
          {canAct && (c.state === 'awaiting-documents' || c.state === 'ready-for-review') && (
            <RequestDocumentsForm c={c} act={act} labels={labels} />
          )}
          {canAct && c.state === 'appealed' && <AppealDecisionForm c={c} act={act} />}
          {canAct && open && !c.asylum && <OfficerWithdraw number={number} act={act} />}
        </Section>
      )}
      {session.role === 'supervisor' && open && c.state !== 'submitted' && (
        <Section title={t('assign.title')} id="assign" class="actions-card">
          <AssignForm c={c} act={act} />
        </Section>
      )}
      </aside>

      <div class="case-main">
      <ProtectionBanner c={c} />
      {c.asylum && <AsylumPanel c={c} session={session} act={act} />}
      <NotesSection c={c} act={act} canAdd={session.role === 'officer' || session.role === 'supervisor'} />
      {c.screening && (c.screening.hits.length > 0 || c.screening.screenedAt) && (
        <ScreeningSection c={c} session={session} act={act} />
      )}
      <div class="case-grid">
        <Section title={t('case.applicant')} id="applicant">
          <Dl
            items={[
              [t('apply.surname'), app.applicant.surname],
              [t('apply.givenNames'), app.applicant.givenNames],
              [t('case.nativeName'), app.applicant.nativeName || '—'],
              [t('apply.birthDate'), formatDate(app.applicant.birthDate)],
              [t('apply.sex'), t(`sex.${app.applicant.sex}`)],
              [t('apply.citizenships'), app.applicant.citizenships.map((x) => `${x} (${countryName(x)})`).join(', ')],
              [t('apply.passportNumber'), app.applicant.passport.number],
              [t('apply.passportIssuingState'), app.applicant.passport.issuingState],
              [t('apply.passportExpiry'), formatDate(app.applicant.passport.expiry)],
              [t('counter.purpose'), app.purpose ? purposeName(app.purpose, version.data?.purposes) : '—'],
              [t('status.filed'), receipt ? formatInZone(receipt.filedAt, receipt.timeZone) : formatDate(app.filingDate)],
              [t('status.noticeLanguage'), app.language ? tOr(`langName.${app.language}`, app.language) : '—'],
            ]}
          />
          {receipt && <ReceiptNote receipt={receipt} />}
        </Section>

        <Section title={t('case.documents')} id="documents">
          <ul class="doc-list passport-row" data-testid="passport">
            <li data-doc-id="0">
              <div class="doc-main">
                <strong>{docName('passport', labels)}</strong>{' '}
                {passport.verification && <VerificationChip state={passport.verification} />}
                <p class="small doc-facts">
                  {[
                    t('documents.numberIs', { number: passport.number }),
                    t('documents.issuedBy', { state: passport.issuingState }),
                    passport.issued ? t('documents.issuedOn', { date: formatDate(passport.issued) }) : '',
                    t('documents.validUntil', { date: formatDate(passport.expiry) }),
                  ].filter(Boolean).join(' · ')}
                </p>
                {passport.verification && passport.verification !== 'unverified' && (passport.verifiedBy || passport.verificationNote) && (
                  <p class={`small ${passport.verification === 'rejected' ? 'err-text' : 'muted'}`}>
                    {passport.verifiedBy ? t(`verification.by.${passport.verification}`, { name: passport.verifiedBy }) : ''}
                    {passport.verificationNote ? `${passport.verifiedBy ? ': ' : ''}${passport.verificationNote}` : ''}
                  </p>
                )}
                {canAct && open && (
                  <VerifyControls number={number} id={0} name={docName('passport', labels)} state={passport.verification ?? 'unverified'} act={act} />
                )}
              </div>
            </li>
          </ul>
          <DocumentList documents={app.documents} labels={labels} fetchFile={(id) => api.document(number, id)}
            actions={canAct && open ? (d) => (
              <VerifyControls number={number} id={d.id} name={docName(d.kind, labels)} state={d.verification ?? 'unverified'} act={act} />
            ) : undefined} />
          {c.requestedDocuments.length > 0 && (
            <p>
              {t('case.requested')} {c.requestedDocuments.map((k) => docName(k, labels)).join(', ')}
            </p>
          )}
          {isOfficer && open && (
            <details class="more">
              <summary>{t('case.uploadForApplicant')}</summary>
              <UploadForm kinds={c.decision?.requiredDocuments.filter((d) => d !== 'passport')} labels={labels} idPrefix="officer-up"
                onUpload={async (fd) => {
                  const r = await api.uploadAsOfficer(number, fd);
                  onCase(r.case);
                }} />
            </details>
          )}
        </Section>
      </div>

      {c.decision && <DecisionSection c={c} version={version.data} />}

      {c.refusalGrounds.length > 0 && (
        <Section title={t('case.refusalGrounds')} id="refusal">
          <GroundList grounds={c.refusalGrounds} showIds decisive />
          {c.appealDeadline && <p class="small">{t('case.appealDeadline', { date: formatDateLong(c.appealDeadline) })}</p>}
        </Section>
      )}

      <Section title={t('case.notices')} id="notices">
        <NoticeList number={number} notices={c.notices ?? []} timeZone={receipt?.timeZone ?? timeZoneOf(app.jurisdiction)}
          fetchNotice={(code, format) => api.notice(number, code, format)} />
      </Section>
      {c.appealReason && (
        <Section title={t('status.appealTitle')}>
          <p>{c.appealReason}</p>
        </Section>
      )}

      <div class="case-grid">
        <Section title={t('case.history')} id="history">
          <History history={c.history} showActor timeZone={receipt?.timeZone ?? timeZoneOf(app.jurisdiction)} />
        </Section>
        <AuditSection number={number} revision={c.revision} />
      </div>
      </div>
      </div>
    </>
  );
}

function DecisionSection({ c, version }: { c: Case; version?: VersionDetail }) {
  const d = c.decision!;
  const trace = useMemo<TraceDecision[]>(() => {
    try {
      return JSON.parse(d.traceJson) as TraceDecision[];
    } catch {
      return [];
    }
  }, [d.traceJson]);
  const ruleInfo = (id: string) => version?.rules.find((r) => r.id === id);
  const vp = splitVersionId(d.policyVersion);
  const labels = version?.documents;
  const decisiveIds = new Set((d.decisiveGrounds ?? []).map((g) => g.ruleId));
  return (
    <Section title={t('case.decision')} id="decision">
      <p>
        {t('status.decisionOutcome')} <OutcomeBadge outcome={d.outcome} />{' '}
        <span class="muted">
          {t('case.underVersion')}{' '}
          <a href={href(`/policies/${vp.jurisdiction}/${vp.kind}/versions/${vp.date}`)}>{d.policyVersion}</a>
        </span>{' '}
        {version?.illustrative && <IllustrativeBadge />}
      </p>
      {version && (
        <p class="muted small">
          {version.title} — {version.legalBasis?.act ?? version.legalAct}; {version.legalBasis?.article ?? version.article}
          {version.legalBasis && <> · {tOr(`basis.status.${version.legalBasis.status}`, version.legalBasis.status)}</>}
        </p>
      )}
      <div class="decisive-box" data-testid="decisive">
        <h3>{t('case.decisive')}</h3>
        <p class="muted small">{t('case.decisiveHint')}</p>
        <GroundList grounds={d.decisiveGrounds ?? []} showIds decisive testId="case-decisive-grounds" />
      </div>
      <div class="grid-2">
        <div>
          <h3>{t('status.requiredDocs')}</h3>
          <ul class="plain-list">
            {d.requiredDocuments.map((x) => (
              <li key={x}>
                {docName(x, labels)}{' '}
                <span class={`chip ${d.missingDocuments.includes(x) ? 'chip-missing' : 'chip-ok'}`}>
                  {d.missingDocuments.includes(x) ? t('apply.docMissing') : x === 'passport' ? t('case.passportGiven') : t('status.docReceived')}
                </span>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>{t('case.grounds')}</h3>
          <GroundList grounds={d.grounds.filter((g) => !decisiveIds.has(g.ruleId))} showIds testId="case-other-grounds" />
        </div>
      </div>
      <h3>{t('case.matchedRules')}</h3>
      <table class="table compact responsive">
        <thead>
          <tr>
            <th scope="col">{t('case.col.table')}</th>
            <th scope="col">{t('case.col.rule')}</th>
            <th scope="col">{t('case.col.selected')}</th>
            <th scope="col">{t('case.col.decisive')}</th>
            <th scope="col">{t('case.col.citation')}</th>
          </tr>
        </thead>
        <tbody>
          {trace.flatMap((td) =>
            td.tables.flatMap((tb) =>
              tb.matched.map((m) => {
                const info = ruleInfo(m.id);
                return (
                  <tr key={`${tb.table}-${m.id}`} class={decisiveIds.has(m.id) ? 'decisive-row' : ''}>
                    <td data-label={t('case.col.table')}>{tb.label || td.decision}</td>
                    <td data-label={t('case.col.rule')}><code>{m.id}</code> <span class="muted">#{m.rule}</span></td>
                    <td data-label={t('case.col.selected')}>{m.selected ? t('common.yes') : t('common.no')}</td>
                    <td data-label={t('case.col.decisive')}>{decisiveIds.has(m.id) ? <strong>{t('common.yes')}</strong> : t('common.no')}</td>
                    <td data-label={t('case.col.citation')}>{info ? groundCitation(info) || m.annotation : m.annotation}</td>
                  </tr>
                );
              }),
            ),
          )}
        </tbody>
      </table>
      {d.warnings.length > 0 && (
        <Alert kind="warning">
          <p>{t('case.warnings')}</p>
          <ul>{d.warnings.map((w) => <li key={w}>{w}</li>)}</ul>
        </Alert>
      )}
    </Section>
  );
}

function AuditSection({ number, revision }: { number: string; revision: number }) {
  const audit = useAsync(() => api.audit(number), [number, revision]);
  return (
    <Section title={t('case.audit')} id="audit">
      {audit.error != null ? (
        audit.error instanceof ApiError && audit.error.status === 403 ? (
          <p class="muted">{t('case.auditForbidden')}</p>
        ) : (
          <ErrorBox error={audit.error} onRetry={audit.reload} />
        )
      ) : !audit.data ? (
        <Loading />
      ) : (
        // A scrolling region is reachable by keyboard (tabIndex) and says what it holds.
        <ol class="audit" tabIndex={0} aria-label={t('case.audit')}>
          {audit.data.entries.map((e: AuditEntry) => (
            <li key={e.seq}>
              <p>
                <span class="mono">#{e.seq}</span> <time dateTime={e.at}>{formatDateTime(e.at)}</time> · <strong>{e.actor}</strong> ·{' '}
                <span data-action={e.action}>{tOr(`auditAction.${e.action}`, e.action)}</span> <code class="muted small">{e.action}</code>
              </p>
              {e.details != null && typeof e.details === 'object' && Object.keys(e.details as object).length > 0 && (
                <p class="muted small">
                  {Object.entries(e.details as Record<string, unknown>).map(([k, v]) => `${tOr(`auditDetail.${k}`, k)}: ${auditValue(k, v)}`).join(' · ')}
                </p>
              )}
              <p class="muted small mono" title={e.hash}>{t('case.hash')} {e.hash.slice(0, 16)}…</p>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

/** An audit detail's value: states and outcomes in words, other values (ids, codes) as recorded. */
function auditValue(key: string, v: unknown): string {
  if (typeof v !== 'string') return JSON.stringify(v);
  if (key === 'state') return stateName(v);
  if (key === 'outcome') return tOr(`outcome.${v}`, v);
  return v;
}

type Act = (label: string, fn: () => Promise<Case>, success: string) => Promise<boolean>;

function ApproveForm({ number, act }: { number: string; act: Act }) {
  const form = useForm({ reason: '' }, { reason: [rules.maxLength(4000)] });
  return (
    <form class="action-form" noValidate onSubmit={async (e) => {
      e.preventDefault();
      try {
        await act(t('case.approving'), () => api.approve(number, form.values.reason.trim()), t('case.approved'));
      } catch (err) {
        form.serverError(err, { reason: 'reason' });
      }
    }}>
      <h3>{t('case.approve')}</h3>
      <TextField form={form} name="reason" label={t('case.approveNote')} hint={t('case.approveNoteHint')} />
      <button type="submit" class="btn btn-primary">{t('case.approve')}</button>
    </form>
  );
}

type GroundText = Pick<Ground, 'ruleId' | 'reason' | 'citation' | 'formGround'>;
type GroundField = 'ruleId' | 'reason' | 'citation';
/** The reasons of the Schengen standard refusal form (Annex VI to the Visa Code), by number. */
const ANNEX_VI = Array.from({ length: 17 }, (_, i) => i + 1);

function RefuseForm({ c, version, act }: { c: Case; version?: VersionDetail; act: Act }) {
  const docRuleIds = useMemo(() => new Set([...(version ? documentRules(version.files).values() : [])].flat()), [version]);
  // The grounds are pre-filled from what decided the case (the refusal ground), as the policy
  // words them in English: the server keeps the policy's translations for the notices only while
  // the officer keeps its words.
  const decisive = c.decision?.decisiveGrounds ?? [];
  const initial = (): GroundText[] => {
    const fromDecision = c.decision?.outcome === 'refuse'
      ? (decisive.length ? decisive : c.decision.grounds.filter((g) => !docRuleIds.has(g.ruleId)))
      : [];
    return fromDecision.length
      ? fromDecision.map((g) => ({ ruleId: g.ruleId, reason: g.reason, citation: g.citation, formGround: g.formGround }))
      : [{ ruleId: `${c.application.jurisdiction.toLowerCase()}-officer`, reason: '', citation: version ? `${version.legalBasis?.act ?? version.legalAct}; ${version.legalBasis?.article ?? version.article}` : '' }];
  };
  /** The policy's own text of a rule, to tell whether a ground keeps its words (and translations). */
  const policyText = (id: string) => version?.rules.find((r) => r.id === id) ?? decisive.find((g) => g.ruleId === id) ?? c.decision?.grounds.find((g) => g.ruleId === id);
  const [grounds, setGrounds] = useState<GroundText[]>(initial);
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pick, setPick] = useState('');
  // A refusal is final for the officer: the form asks once more, naming what will happen.
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (!touched) setGrounds(initial());
  }, [version]);
  useEffect(() => {
    if (confirming) document.getElementById('refuse-confirm')?.focus();
  }, [confirming]);

  const errorOf = (i: number, f: GroundField): string | null => {
    const server = serverErrors[`grounds[${i}].${f}`];
    if (server) return server;
    if (!touched) return null;
    const v = grounds[i][f].trim();
    if (!v) return t('v.required');
    if (f === 'ruleId' && !/^[A-Za-z0-9._-]+$/.test(v)) return t('v.ruleId');
    return null;
  };
  const update = (i: number, f: GroundField, v: string) => {
    setTouched(true);
    setConfirming(false);
    setServerErrors((s) => ({ ...s, [`grounds[${i}].${f}`]: '' }));
    setGrounds((gs) => gs.map((g, j) => (j === i ? { ...g, [f]: v } : g)));
  };
  const policyRules = (version?.rules ?? []).filter((r) => r.reason && !decisive.some((g) => g.ruleId === r.id));
  const pickable = [...decisive.map((g) => ({ id: g.ruleId, reason: g.reason, citation: g.citation, formGround: g.formGround })),
    ...policyRules.map((r) => ({ id: r.id, reason: r.reason, citation: r.citation, formGround: r.formGround }))];
  // A Schengen visa refusal is notified on the standard form: at least one ground names one of its
  // reasons. A policy rule brings its own; the officer's own ground chooses one.
  const annexVi = version?.refusalForm === 'schengen-annex-vi';
  const ruleOf = (id: string) => version?.rules.find((r) => r.id === id.trim());
  const formReason = (g: GroundText) => (ruleOf(g.ruleId) ? ruleOf(g.ruleId)!.formGround ?? 0 : g.formGround ?? 0);

  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched(true);
    setFormError(null);
    const bad = grounds.findIndex((g) => !g.reason.trim() || !g.citation.trim() || !/^[A-Za-z0-9._-]+$/.test(g.ruleId.trim()));
    if (!grounds.length) return setFormError(t('refuse.needOne'));
    if (bad >= 0) return focusField(`ground-${bad}-${!grounds[bad].ruleId.trim() ? 'ruleId' : !grounds[bad].reason.trim() ? 'reason' : 'citation'}`);
    if (annexVi && !grounds.some((g) => formReason(g) > 0)) {
      setFormError(t('refuse.needFormGround'));
      const own = grounds.findIndex((g) => !ruleOf(g.ruleId));
      if (own >= 0) focusField(`ground-${own}-formGround`);
      return;
    }
    if (!confirming) return setConfirming(true);
    try {
      await act(t('case.refusing'), () => api.refuse(c.number, grounds.map((g) => ({
        ruleId: g.ruleId.trim(),
        reason: g.reason.trim(),
        citation: g.citation.trim(),
        ...(!ruleOf(g.ruleId) && g.formGround ? { formGround: g.formGround } : {}),
      }))), t('case.refused'));
    } catch (err) {
      if (err instanceof ApiError && err.field?.startsWith('grounds')) {
        const key = /\.\w+$/.test(err.field) ? err.field : `${err.field}.reason`;
        setServerErrors({ [key]: err.message });
        const m = /grounds\[(\d+)\]\.(\w+)/.exec(key);
        if (m) focusField(`ground-${m[1]}-${m[2]}`);
      } else setFormError(apiErrorText(err));
    }
  };

  const field = (i: number, f: GroundField, label: string, area: boolean) => {
    const id = `ground-${i}-${f}`;
    const err = errorOf(i, f);
    const props = {
      id,
      value: grounds[i][f],
      'aria-invalid': err ? ('true' as const) : ('false' as const),
      'aria-describedby': `${id}-error`,
      'aria-required': 'true' as const,
      onInput: (e: Event) => update(i, f, (e.currentTarget as HTMLInputElement).value),
    };
    return (
      <div class={`field ${err ? 'has-error' : ''}`}>
        <label for={id}>{label}<span class="req" aria-hidden="true"> *</span></label>
        {area ? <textarea rows={4} {...props} /> : <input type="text" {...props} />}
        <p class="field-error" id={`${id}-error`} aria-live="polite">{err ?? ''}</p>
      </div>
    );
  };

  return (
    <details class="action-form" open={c.decision?.outcome === 'refuse'}>
    <summary>{t('refuse.title')}</summary>
    <form class="refuse-form" noValidate onSubmit={submit}>
      <p class="muted small">{t('refuse.prefilled')}</p>
      {grounds.map((g, i) => {
        const p = policyText(g.ruleId.trim());
        const kept = !!p && p.reason === g.reason.trim() && p.citation === g.citation.trim();
        const translated = kept && inLang(p.reason, p.reasonIn) !== p.reason;
        return (
        <fieldset key={i} class="ground-edit">
          <legend>{t('refuse.ground', { n: i + 1 })}{decisive.some((d) => d.ruleId === g.ruleId) && <> <span class="chip chip-decisive">{t('refuse.decisive')}</span></>}</legend>
          {field(i, 'ruleId', t('refuse.ruleId'), false)}
          {field(i, 'reason', t('refuse.reason'), true)}
          {translated && <p class="hint translation"><span class="label">{t('refuse.inNotices')}</span> {groundReason(p)}</p>}
          {field(i, 'citation', t('refuse.citation'), true)}
          {translated && <p class="hint translation"><span class="label">{t('refuse.inNotices')}</span> {groundCitation(p)}</p>}
          {annexVi && (ruleOf(g.ruleId) ? (
            <p class="hint">{formReason(g) ? t('refuse.formGroundOfRule', { n: formReason(g), reason: t(`annexVi.${formReason(g)}`) }) : t('refuse.ruleNoFormGround')}</p>
          ) : (
            <div class="field">
              <label for={`ground-${i}-formGround`}>{t('refuse.formGround')}</label>
              <select id={`ground-${i}-formGround`} value={String(g.formGround ?? '')} aria-describedby={`ground-${i}-formGround-hint`}
                onChange={(e) => {
                  const n = Number((e.currentTarget as HTMLSelectElement).value);
                  setTouched(true);
                  setFormError(null);
                  setGrounds((gs) => gs.map((x, j) => (j === i ? { ...x, formGround: n || undefined } : x)));
                }}>
                <option value="">{t('refuse.formGroundNone')}</option>
                {ANNEX_VI.map((n) => <option key={n} value={String(n)}>{`${n}. ${t(`annexVi.${n}`)}`}</option>)}
              </select>
              <p class="hint" id={`ground-${i}-formGround-hint`}>{t('refuse.formGroundHint')}</p>
            </div>
          ))}
          <p class="hint">{kept ? t('refuse.keptWords') : p ? t('refuse.ownWords') : t('refuse.officerGround')}</p>
          <button type="button" class="btn btn-secondary btn-small" onClick={() => { setTouched(true); setGrounds((gs) => gs.filter((_, j) => j !== i)); }}
            aria-label={withContext(t('refuse.remove'), t('refuse.ground', { n: i + 1 }))}>
            {t('refuse.remove')}
          </button>
        </fieldset>
        );
      })}
      <div class="add-ground">
        <div class="field">
          <label for="refuse-pick">{t('refuse.addFromPolicy')}</label>
          <select id="refuse-pick" value={pick} onChange={(e) => setPick((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('apply.choose')}</option>
            {decisive.length > 0 && (
              <optgroup label={t('refuse.pickDecisive')}>
                {decisive.map((g) => (
                  <option key={g.ruleId} value={g.ruleId}>{g.ruleId} — {groundReason(g).slice(0, 80)}</option>
                ))}
              </optgroup>
            )}
            <optgroup label={t('refuse.pickOther')}>
              {policyRules.map((r) => (
                <option key={r.id} value={r.id}>{r.id} — {groundReason(r).slice(0, 80)}</option>
              ))}
            </optgroup>
          </select>
        </div>
        <button type="button" class="btn btn-secondary btn-small" disabled={!pick} onClick={() => {
          const r = pickable.find((x) => x.id === pick);
          if (r) setGrounds((gs) => [...gs, { ruleId: r.id, reason: r.reason, citation: r.citation, formGround: r.formGround }]);
          setPick('');
        }}>{t('refuse.add')}</button>
        <button type="button" class="btn btn-secondary btn-small" onClick={() =>
          setGrounds((gs) => [...gs, { ruleId: `${c.application.jurisdiction.toLowerCase()}-officer`, reason: '', citation: '' }])}>
          {t('refuse.addOwn')}
        </button>
      </div>
      <FormError message={formError} />
      {confirming ? (
        <div class="confirm-step" role="group" aria-labelledby="refuse-confirm-text" data-testid="refuse-confirm">
          <p id="refuse-confirm-text"><strong>{tn('refuse.confirmText', grounds.length, { number: c.number })}</strong></p>
          <button id="refuse-confirm" type="submit" class="btn btn-danger">{t('refuse.confirm')}</button>{' '}
          <button type="button" class="btn btn-secondary" onClick={() => {
            setConfirming(false);
            requestAnimationFrame(() => document.getElementById('refuse-submit')?.focus());
          }}>{t('refuse.back')}</button>
        </div>
      ) : (
        <button id="refuse-submit" type="submit" class="btn btn-danger">{t('refuse.submit')}</button>
      )}
    </form>
    </details>
  );
}

function RequestDocumentsForm({ c, act, labels }: { c: Case; act: Act; labels?: DocumentLabels }) {
  const known = [...new Set([
    ...(c.decision?.requiredDocuments ?? []).filter((k) => k !== 'passport'),
    ...Object.keys(labels ?? {}).filter((k) => k !== 'passport'),
    'birth-certificate', 'marriage-certificate', 'employment-contract',
  ])];
  const [kinds, setKinds] = useState<string[]>([]);
  const form = useForm({ other: '', reason: '' }, {
    other: [(v) => (!v || /^[a-z0-9-]+$/.test(v.trim()) ? null : { key: 'v.docKind' })],
    reason: [rules.required(), rules.maxLength(4000)],
  });
  const [kindsError, setKindsError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const all = [...kinds, ...(form.values.other.trim() ? [form.values.other.trim()] : [])];
    const bad = form.check();
    if (!all.length) {
      setKindsError(t('request.pickOne'));
      return focusField('req-kind-0');
    }
    if (bad) return focusField(form.id(bad));
    try {
      await act(t('case.requesting'), () => api.requestDocuments(c.number, all, form.values.reason.trim()), t('case.requestedOk'));
    } catch (err) {
      if (err instanceof ApiError && err.field?.startsWith('kinds')) setKindsError(err.message);
      else form.serverError(err, { reason: 'reason' });
    }
  };
  return (
    <details class="action-form">
      <summary>{t('request.title')}</summary>
      <form noValidate onSubmit={submit}>
        <fieldset aria-describedby="req-kinds-error">
          <legend>{t('request.kinds')}</legend>
          {known.map((k, i) => (
            <div class="field checkbox" key={k}>
              <input type="checkbox" id={`req-kind-${i}`} checked={kinds.includes(k)} onChange={(e) => {
                setKindsError(null);
                const on = (e.currentTarget as HTMLInputElement).checked;
                setKinds((ks) => (on ? [...ks, k] : ks.filter((x) => x !== k)));
              }} />
              <label for={`req-kind-${i}`}>{docName(k, labels)}</label>
            </div>
          ))}
          <p class="field-error" id="req-kinds-error" aria-live="polite">{kindsError ?? ''}</p>
        </fieldset>
        <TextField form={form} name="other" label={t('request.otherKind')} hint={t('request.otherHint')} transform={(s) => s.toLowerCase()} />
        <TextAreaField form={form} name="reason" label={t('request.reason')} hint={t('request.reasonHint')} required />
        <FormError message={form.formError} />
        <button type="submit" class="btn btn-primary">{t('request.submit')}</button>
      </form>
    </details>
  );
}

function AppealDecisionForm({ c, act }: { c: Case; act: Act }) {
  const form = useForm({ upheld: '', reason: '' }, { upheld: [rules.required()], reason: [rules.required(), rules.maxLength(4000)] });
  const submit = async (e: Event) => {
    e.preventDefault();
    const bad = form.check();
    if (bad) return focusField(bad === 'upheld' ? 'appeal-upheld-yes' : form.id(bad));
    try {
      await act(t('case.decidingAppeal'), () => api.decideAppeal(c.number, form.values.upheld === 'yes', form.values.reason.trim()), t('case.appealDecided'));
    } catch (err) {
      form.serverError(err, { reason: 'reason', upheld: 'upheld' });
    }
  };
  const err = form.error('upheld');
  return (
    <form class="action-form" noValidate onSubmit={submit}>
      <h3>{t('appealDecision.title')}</h3>
      <p>{t('appealDecision.reasonGiven')} <q>{c.appealReason}</q></p>
      <fieldset aria-describedby="appeal-upheld-error">
        <legend>{t('appealDecision.outcome')}</legend>
        {(['yes', 'no'] as const).map((v) => (
          <div class="field checkbox" key={v}>
            <input type="radio" name="upheld" id={`appeal-upheld-${v}`} checked={form.values.upheld === v} onChange={() => form.set('upheld', v)} />
            <label for={`appeal-upheld-${v}`}>{t(`appealDecision.${v}`)}</label>
          </div>
        ))}
        <p class="field-error" id="appeal-upheld-error" aria-live="polite">{err ?? ''}</p>
      </fieldset>
      <TextAreaField form={form} name="reason" label={t('appealDecision.reason')} required />
      <FormError message={form.formError} />
      <button type="submit" class="btn btn-primary">{t('appealDecision.submit')}</button>
    </form>
  );
}

/**
 * The staff's internal notes on the case, newest last, and a form to add one. Never shown to the
 * applicant (the server leaves them out of the applicant's view).
 */
function NotesSection({ c, act, canAdd }: { c: Case; act: Act; canAdd: boolean }) {
  const notes = c.internalNotes ?? [];
  const form = useForm({ text: '' }, { text: [rules.required(), rules.maxLength(4000)] });
  return (
    <Section title={t('notes.title')} id="notes">
      <p class="muted small">{t('notes.lede')}</p>
      {notes.length === 0 ? <p class="muted">{t('notes.none')}</p> : (
        <ol class="notes" data-testid="notes">
          {notes.map((n, i) => (
            <li key={i}>
              <p class="note-meta small muted">{t('notes.by', { who: n.author, when: formatDateTime(n.at) })}</p>
              <p class="note-text">{n.text}</p>
            </li>
          ))}
        </ol>
      )}
      {canAdd && <form noValidate onSubmit={async (e) => {
        e.preventDefault();
        const bad = form.check();
        if (bad) return focusField(form.id(bad));
        try {
          await act(t('notes.adding'), () => api.addNote(c.number, form.values.text.trim()), t('notes.added'));
          form.reset();
          requestAnimationFrame(() => document.getElementById(form.id('text'))?.focus());
        } catch (err) {
          form.serverError(err, { text: 'text' });
        }
      }}>
        <TextAreaField form={form} name="text" label={t('notes.new')} required />
        <FormError message={form.formError} />
        <button type="submit" class="btn btn-secondary">{t('notes.add')}</button>
      </form>}
    </Section>
  );
}

/**
 * A supervisor's assignment: to an officer of the case's jurisdiction (with the open cases each
 * holds), with a reason when the case is taken from its holder; or back to the queue.
 */
function AssignForm({ c, act }: { c: Case; act: Act }) {
  const officers = useAsync(() => api.officers(), [c.number]);
  const held = !!c.assignedOfficer;
  const form = useForm({ officer: '', reason: '' }, {
    officer: [rules.required()],
    reason: held ? [rules.required(), rules.maxLength(1000)] : [rules.maxLength(1000)],
  });
  const choices = (officers.data?.officers ?? []).filter(
    (o) => o.name !== c.assignedOfficer && (o.jurisdictions.includes('*') || o.jurisdictions.includes(c.application.jurisdiction)),
  );
  return (
    <>
      <p data-testid="assign-holder">{held ? t('assign.heldBy', { name: c.assignedOfficer }) : t('case.unheld')}</p>
      <form noValidate onSubmit={async (e) => {
        e.preventDefault();
        const bad = form.check();
        if (bad) return focusField(form.id(bad));
        try {
          await act(t('assign.assigning'), () => api.assign(c.number, form.values.officer, form.values.reason.trim()),
            t('assign.assigned', { name: form.values.officer }));
          form.reset();
        } catch (err) {
          form.serverError(err, { officer: 'officer', reason: 'reason' });
        }
      }}>
        <SelectField form={form} name="officer" label={t('assign.officer')} placeholder={t('assign.choose')}
          options={choices.map((o) => ({ value: o.name, label: t('assign.officerLoad', { name: o.name, n: o.held, overdue: o.overdue }) }))} />
        <TextAreaField form={form} name="reason" label={held ? t('assign.reasonHeld') : t('assign.reason')} required={held} />
        <FormError message={form.formError} />
        <button type="submit" class="btn btn-primary">{held ? t('assign.reassign') : t('assign.assign')}</button>{' '}
        {held && (
          <button type="button" class="btn btn-secondary" onClick={async () => {
            if (form.clientError('reason')) {
              form.touch('reason');
              return focusField(form.id('reason'));
            }
            try {
              await act(t('case.releasing'), () => api.release(c.number, form.values.reason.trim()), t('case.released'));
              form.reset();
            } catch (err) {
              form.serverError(err, { reason: 'reason' });
            }
          }}>{t('assign.takeBack')}</button>
        )}
      </form>
    </>
  );
}

function OfficerWithdraw({ number, act }: { number: string; act: Act }) {
  const form = useForm({ reason: '' }, { reason: [rules.required(), rules.maxLength(4000)] });
  return (
    <details class="action-form danger-zone">
      <summary>{t('case.withdraw')}</summary>
      <form noValidate onSubmit={async (e) => {
        e.preventDefault();
        const bad = form.check();
        if (bad) return focusField(form.id(bad));
        try {
          await act(t('case.withdrawing'), () => api.withdraw(number, form.values.reason.trim()), t('case.withdrawn'));
        } catch (err) {
          form.serverError(err, { reason: 'reason' });
        }
      }}>
        <TextAreaField form={form} name="reason" label={t('case.withdrawReason')} required />
        <FormError message={form.formError} />
        <button type="submit" class="btn btn-danger">{t('case.withdraw')}</button>
      </form>
    </details>
  );
}

/**
 * How the application was received: filed through the portal (the server's clock), or on paper
 * and entered later by an officer with a reason.
 */
function ReceiptNote({ receipt }: { receipt: Receipt }) {
  const backdated = !!receipt.reason || receipt.filedAt !== receipt.recordedAt;
  const filed = receipt.localTime ? formatLocalTime(receipt.localTime) : formatInZone(receipt.filedAt, receipt.timeZone);
  if (!backdated) {
    return (
      <p class="small muted receipt" data-testid="receipt">
        {receipt.recordedBy && receipt.recordedBy !== 'applicant'
          ? t('receipt.counter', { at: filed, by: receipt.recordedBy })
          : t('receipt.online', { at: filed })}
      </p>
    );
  }
  return (
    <Alert kind="info">
      <p class="receipt" data-testid="receipt">
        {t('receipt.paper', {
          at: filed,
          entered: formatInZone(receipt.recordedAt, receipt.timeZone),
          by: receipt.recordedBy,
        })}
        {receipt.reason ? `: ${receipt.reason}` : ''}
      </p>
    </Alert>
  );
}

/** The holding officer's check of a document (id 0: the passport): verify, or reject with a note. */
function VerifyControls({ number, id, name, state, act }: { number: string; id: number; name: string; state: Verification; act: Act }) {
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const noteId = `verify-${id}-note`;
  // Focus without a smooth scroll: the note sits right under the button that asked for it.
  const focusNote = () => requestAnimationFrame(() => document.getElementById(noteId)?.focus());
  const run = async (to: 'verified' | 'rejected') => {
    if (to === 'rejected' && !note.trim()) {
      setError(t('verify.noteRequired'));
      return focusNote();
    }
    setError(null);
    try {
      await act(
        to === 'verified' ? t('verify.verifying') : t('verify.rejecting'),
        () => api.verifyDocument(number, id, to, to === 'rejected' ? note.trim() : ''),
        t(to === 'verified' ? 'verify.verifiedOk' : 'verify.rejectedOk', { name }),
      );
      setRejecting(false);
      setNote('');
    } catch (e) {
      if (e instanceof ApiError && e.field === 'note') setError(e.message);
    }
  };
  let controls: ComponentChildren = null;
  if (rejecting) {
    controls = (
      <div class="verify-reject">
        <div class={`field ${error ? 'has-error' : ''}`}>
          <label for={noteId}>{t('verify.note', { name })}<span class="req" aria-hidden="true"> *</span></label>
          <textarea id={noteId} rows={2} value={note} aria-required="true" aria-invalid={error ? 'true' : 'false'}
            aria-describedby={`${noteId}-error`}
            onInput={(e) => { setNote((e.currentTarget as HTMLTextAreaElement).value); setError(null); }} />
          <p class="field-error" id={`${noteId}-error`} aria-live="polite">{error ?? ''}</p>
        </div>
        <div class="action-row">
          <button type="button" class="btn btn-danger btn-small" onClick={() => run('rejected')}>{t('verify.confirmReject')}</button>
          <button type="button" class="btn btn-secondary btn-small" onClick={() => { setRejecting(false); setError(null); }}>{t('verify.cancel')}</button>
        </div>
      </div>
    );
  } else {
    controls = (
      <div class="action-row verify-row">
        {state !== 'verified' && (
          <button type="button" class="btn btn-secondary btn-small" aria-label={withContext(t('verify.verify'), name)} onClick={() => run('verified')}>
            {t('verify.verify')}
          </button>
        )}
        {state !== 'rejected' && (
          <button type="button" class="btn btn-secondary btn-small" aria-label={withContext(t('verify.reject'), name)} onClick={() => { setRejecting(true); focusNote(); }}>
            {t('verify.reject')}
          </button>
        )}
      </div>
    );
  }
  return <div class="verify-controls">{controls}</div>;
}
