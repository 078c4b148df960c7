// Officer (and supervisor/auditor, read-only): a case with applicant data, documents viewed in
// the page, the decision with the rules that matched and their citations, history and audit
// trail; actions for the officer who holds the case. The case is polled: a change by anyone else
// is announced, and two officers cannot act at once (the service refuses all but the holder).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { countryName, docName, formatDate, formatDateTime, jurisdictionName, kindName, t, tOr, useLang } from '../i18n';
import { api, ApiError, OPEN_STATES, splitVersionId, type AuditEntry, type Case, type Ground, type Session, type VersionDetail } from '../lib/api';
import { documentRules, loadVersion } from '../lib/dmn';
import { apiErrorText, focusField, rules, useForm } from '../lib/forms';
import { useAsync, useInterval } from '../lib/hooks';
import { href } from '../lib/router';
import { Alert, Dl, DocumentList, ErrorBox, GroundList, History, Loading, OutcomeBadge, PageTitle, Section, StateBadge } from '../ui/common';
import { FormError, TextAreaField, TextField } from '../ui/fields';
import { UploadForm } from '../ui/upload';

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
  const loaded = useAsync(() => api.getCase(number), [number]);
  const [c, setC] = useState<Case | null>(null);
  const [newer, setNewer] = useState<Case | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error' | 'warning'; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    if (loaded.data) {
      setC(loaded.data);
      setNewer(null);
    }
  }, [loaded.data]);

  // Poll for changes made by others (another officer, the applicant uploading, the system).
  useInterval(
    async () => {
      if (!c || busy) return;
      try {
        const latest = await api.getCase(number);
        if (latest.revision !== c.revision) setNewer(latest);
      } catch {
        /* keep showing what we have */
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

  const act = async (label: string, fn: () => Promise<Case>, success: string) => {
    setBusy(label);
    setMessage(null);
    try {
      const updated = await fn();
      setC(updated);
      setNewer(null);
      setMessage({ kind: 'success', text: success });
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

  return (
    <>
      <p class="breadcrumb"><a href={href('/officer')}>{t('case.back')}</a></p>
      <PageTitle sub={`${jurisdictionName(app.jurisdiction)} · ${kindName(app.kind)} · ${app.applicant.surname} ${app.applicant.givenNames}`}>
        {t('case.title', { number })}
      </PageTitle>

      <div class="case-layout">
      <aside class="case-side" aria-label={t('case.actions')}>
      <div class="case-status card" aria-live="polite">
        <p>
          <StateBadge state={c.state} />{' '}
          <span class="muted">{t('case.deadline', { date: formatDate(c.deadline) })}</span>{' '}
          {open && c.deadline < new Date().toISOString().slice(0, 10) && <span class="chip chip-missing">{t('queue.overdue')}</span>}
        </p>
        <div data-testid="hold">
          {!c.assignedOfficer && open && <p>{t('case.unheld')}</p>}
          {mine && <p class="ok-text">{t('case.heldByYou')}</p>}
          {heldByOther && (
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
        {message && <Alert kind={message.kind} live>{message.text}</Alert>}
        {busy && <p role="status" class="muted">{busy}</p>}
      </div>

      {isOfficer && (
        <Section title={t('case.actions')} id="actions" class="actions-card">
          <div class="action-row">
            {!mine && open && c.state !== 'submitted' && (
              <button type="button" class="btn btn-primary" disabled={!!busy || heldByOther}
                onClick={() => simple(t('case.claiming'), () => api.claim(number), t('case.claimed'))}>
                {t('case.claim')}
              </button>
            )}
            {canAct && c.state === 'ready-for-review' && (
              <button type="button" class="btn btn-primary" disabled={!!busy}
                onClick={() => simple(t('case.validating'), () => api.validate(number), t('case.validated'))}>
                {t('case.validate')}
              </button>
            )}
            {canAct && (c.state === 'awaiting-documents' || c.state === 'ready-for-review') && (
              <button type="button" class="btn btn-secondary" disabled={!!busy}
                onClick={() => simple(t('case.redeciding'), () => api.redecide(number), t('case.redecided'))}>
                {t('case.redecide')}
              </button>
            )}
          </div>
          {!canAct && open && <p class="muted small">{heldByOther ? t('case.readOnlyOther') : t('case.claimFirst')}</p>}
          {!open && <p class="muted">{t('case.closed')}</p>}
          {canAct && c.state === 'validated' && <ApproveForm number={number} act={act} />}
          {canAct && c.state === 'validated' && <RefuseForm c={c} version={version.data} act={act} />}
          {canAct && (c.state === 'awaiting-documents' || c.state === 'ready-for-review') && (
            <RequestDocumentsForm c={c} act={act} />
          )}
          {canAct && c.state === 'appealed' && <AppealDecisionForm c={c} act={act} />}
          {canAct && open && <OfficerWithdraw number={number} act={act} />}
        </Section>
      )}
      </aside>

      <div class="case-main">
      <div class="case-grid">
        <Section title={t('case.applicant')} id="applicant">
          <Dl
            items={[
              [t('apply.surname'), app.applicant.surname],
              [t('apply.givenNames'), app.applicant.givenNames],
              [t('apply.nativeName'), app.applicant.nativeName || '—'],
              [t('apply.birthDate'), formatDate(app.applicant.birthDate)],
              [t('apply.sex'), t(`sex.${app.applicant.sex}`)],
              [t('apply.citizenships'), app.applicant.citizenships.map((x) => `${x} (${countryName(x)})`).join(', ')],
              [t('apply.passportNumber'), app.applicant.passport.number],
              [t('apply.passportIssuingState'), app.applicant.passport.issuingState],
              [t('apply.passportExpiry'), formatDate(app.applicant.passport.expiry)],
              [t('apply.purpose'), app.purpose ? tOr(`purpose.${app.purpose}`, app.purpose) : '—'],
              [t('status.filed'), formatDate(app.filingDate)],
            ]}
          />
        </Section>

        <Section title={t('case.documents')} id="documents">
          <DocumentList documents={app.documents} fetchFile={(id) => api.document(number, id)} />
          {c.requestedDocuments.length > 0 && (
            <p>
              {t('case.requested')} {c.requestedDocuments.map(docName).join(', ')}
            </p>
          )}
          {isOfficer && open && (
            <details class="more">
              <summary>{t('case.uploadForApplicant')}</summary>
              <UploadForm kinds={c.decision?.requiredDocuments} idPrefix="officer-up" defaultIssuingState={app.applicant.citizenships[0]}
                onUpload={async (fd) => {
                  const r = await api.uploadAsOfficer(number, fd);
                  setC(r.case);
                  setNewer(null);
                }} />
            </details>
          )}
        </Section>
      </div>

      {c.decision && <DecisionSection c={c} version={version.data} />}

      {c.refusalGrounds.length > 0 && (
        <Section title={t('case.refusalGrounds')} id="refusal">
          <GroundList grounds={c.refusalGrounds} showIds />
        </Section>
      )}
      {c.appealReason && (
        <Section title={t('status.appealTitle')}>
          <p>{c.appealReason}</p>
        </Section>
      )}

      <div class="case-grid">
        <Section title={t('case.history')} id="history">
          <History history={c.history} showActor />
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
  return (
    <Section title={t('case.decision')} id="decision">
      <p>
        {t('status.decisionOutcome')} <OutcomeBadge outcome={d.outcome} />{' '}
        <span class="muted">
          {t('case.underVersion')}{' '}
          <a href={href(`/policies/${vp.jurisdiction}/${vp.kind}/versions/${vp.date}`)}>{d.policyVersion}</a>
        </span>
      </p>
      {version && <p class="muted small">{version.title} — {version.legalAct}; {version.article}</p>}
      <div class="grid-2">
        <div>
          <h3>{t('status.requiredDocs')}</h3>
          <ul class="plain-list">
            {d.requiredDocuments.map((x) => (
              <li key={x}>
                {docName(x)}{' '}
                <span class={`chip ${d.missingDocuments.includes(x) ? 'chip-missing' : 'chip-ok'}`}>
                  {d.missingDocuments.includes(x) ? t('apply.docMissing') : t('status.docReceived')}
                </span>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>{t('case.grounds')}</h3>
          <GroundList grounds={d.grounds} showIds />
        </div>
      </div>
      <h3>{t('case.matchedRules')}</h3>
      <table class="table compact responsive">
        <thead>
          <tr>
            <th scope="col">{t('case.col.table')}</th>
            <th scope="col">{t('case.col.rule')}</th>
            <th scope="col">{t('case.col.selected')}</th>
            <th scope="col">{t('case.col.citation')}</th>
          </tr>
        </thead>
        <tbody>
          {trace.flatMap((td) =>
            td.tables.flatMap((tb) =>
              tb.matched.map((m) => {
                const info = ruleInfo(m.id);
                return (
                  <tr key={`${tb.table}-${m.id}`}>
                    <td data-label={t('case.col.table')}>{tb.label || td.decision}</td>
                    <td data-label={t('case.col.rule')}><code>{m.id}</code> <span class="muted">#{m.rule}</span></td>
                    <td data-label={t('case.col.selected')}>{m.selected ? t('common.yes') : t('common.no')}</td>
                    <td data-label={t('case.col.citation')}>{info?.citation ?? m.annotation}</td>
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
        <ol class="audit">
          {audit.data.entries.map((e: AuditEntry) => (
            <li key={e.seq}>
              <p>
                <span class="mono">#{e.seq}</span> <time dateTime={e.at}>{formatDateTime(e.at)}</time> · <strong>{e.actor}</strong> ·{' '}
                <code>{e.action}</code>
              </p>
              {e.details != null && typeof e.details === 'object' && Object.keys(e.details as object).length > 0 && (
                <p class="muted small">
                  {Object.entries(e.details as Record<string, unknown>).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ')}
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

function RefuseForm({ c, version, act }: { c: Case; version?: VersionDetail; act: Act }) {
  const docRuleIds = useMemo(() => new Set([...(version ? documentRules(version.files).values() : [])].flat()), [version]);
  const initial = (): Ground[] => {
    const fromDecision = c.decision?.outcome === 'refuse' ? c.decision.grounds.filter((g) => !docRuleIds.has(g.ruleId)) : [];
    return fromDecision.length
      ? fromDecision.map((g) => ({ ...g }))
      : [{ ruleId: `${c.application.jurisdiction.toLowerCase()}-officer`, reason: '', citation: version ? `${version.legalAct}; ${version.article}` : '' }];
  };
  const [grounds, setGrounds] = useState<Ground[]>(initial);
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pick, setPick] = useState('');
  useEffect(() => {
    if (!touched) setGrounds(initial());
  }, [version]);

  const errorOf = (i: number, f: keyof Ground): string | null => {
    const server = serverErrors[`grounds[${i}].${f}`];
    if (server) return server;
    if (!touched) return null;
    const v = grounds[i][f].trim();
    if (!v) return t('v.required');
    if (f === 'ruleId' && !/^[A-Za-z0-9._-]+$/.test(v)) return t('v.ruleId');
    return null;
  };
  const update = (i: number, f: keyof Ground, v: string) => {
    setTouched(true);
    setServerErrors((s) => ({ ...s, [`grounds[${i}].${f}`]: '' }));
    setGrounds((gs) => gs.map((g, j) => (j === i ? { ...g, [f]: v } : g)));
  };
  const policyRules = (version?.rules ?? []).filter((r) => r.reason);

  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched(true);
    setFormError(null);
    const bad = grounds.findIndex((g) => !g.reason.trim() || !g.citation.trim() || !/^[A-Za-z0-9._-]+$/.test(g.ruleId.trim()));
    if (!grounds.length) return setFormError(t('refuse.needOne'));
    if (bad >= 0) return focusField(`ground-${bad}-${!grounds[bad].ruleId.trim() ? 'ruleId' : !grounds[bad].reason.trim() ? 'reason' : 'citation'}`);
    try {
      await act(t('case.refusing'), () => api.refuse(c.number, grounds.map((g) => ({ ruleId: g.ruleId.trim(), reason: g.reason.trim(), citation: g.citation.trim() }))), t('case.refused'));
    } catch (err) {
      if (err instanceof ApiError && err.field?.startsWith('grounds')) {
        const key = /\.\w+$/.test(err.field) ? err.field : `${err.field}.reason`;
        setServerErrors({ [key]: err.message });
        const m = /grounds\[(\d+)\]\.(\w+)/.exec(key);
        if (m) focusField(`ground-${m[1]}-${m[2]}`);
      } else setFormError(apiErrorText(err));
    }
  };

  const field = (i: number, f: keyof Ground, label: string, area: boolean) => {
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
      {grounds.map((_, i) => (
        <fieldset key={i} class="ground-edit">
          <legend>{t('refuse.ground', { n: i + 1 })}</legend>
          {field(i, 'ruleId', t('refuse.ruleId'), false)}
          {field(i, 'reason', t('refuse.reason'), true)}
          {field(i, 'citation', t('refuse.citation'), true)}
          <button type="button" class="btn btn-secondary btn-small" onClick={() => { setTouched(true); setGrounds((gs) => gs.filter((_, j) => j !== i)); }}
            aria-label={t('refuse.removeN', { n: i + 1 })}>
            {t('refuse.remove')}
          </button>
        </fieldset>
      ))}
      <div class="add-ground">
        <div class="field">
          <label for="refuse-pick">{t('refuse.addFromPolicy')}</label>
          <select id="refuse-pick" value={pick} onChange={(e) => setPick((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('apply.choose')}</option>
            {policyRules.map((r) => (
              <option key={r.id} value={r.id}>{r.id} — {r.reason.slice(0, 80)}</option>
            ))}
          </select>
        </div>
        <button type="button" class="btn btn-secondary btn-small" disabled={!pick} onClick={() => {
          const r = policyRules.find((x) => x.id === pick);
          if (r) setGrounds((gs) => [...gs, { ruleId: pick, reason: r.reason, citation: r.citation }]);
          setPick('');
        }}>{t('refuse.add')}</button>
        <button type="button" class="btn btn-secondary btn-small" onClick={() =>
          setGrounds((gs) => [...gs, { ruleId: `${c.application.jurisdiction.toLowerCase()}-officer`, reason: '', citation: '' }])}>
          {t('refuse.addOwn')}
        </button>
      </div>
      <FormError message={formError} />
      <button type="submit" class="btn btn-danger">{t('refuse.submit')}</button>
    </form>
    </details>
  );
}

function RequestDocumentsForm({ c, act }: { c: Case; act: Act }) {
  const known = [...new Set([...(c.decision?.requiredDocuments ?? []), 'no-objection-certificate', 'housing-owner-consent', 'birth-certificate', 'marriage-certificate', 'employment-contract'])];
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
              <label for={`req-kind-${i}`}>{docName(k)}</label>
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
