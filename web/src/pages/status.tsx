// Applicant: look up an application by number and access code; follow its state, read the
// decision with its decisive grounds and their legal basis (in the UI language when the policy
// translates them), open and download the notices as issued, upload missing documents, appeal a
// refusal before its deadline, withdraw.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { currentLang, docName, formatDate, formatDateLong, formatDateTime, formatInZone, formatLocalTime, jurisdictionName, kindName, purposeName, stateName, t, tOr, useLang } from '../i18n';
import { api, OPEN_STATES, splitVersionId, today, type ApplicantView, type LegalBasis } from '../lib/api';
import { timeZoneOf, useClock } from '../lib/clock';
import { documentRules, groundsForDocument, loadVersion } from '../lib/dmn';
import { takeFlashes, type Flash } from '../lib/flash';
import { saveFile } from '../lib/csv';
import { apiErrorText, focusField, rules, useForm } from '../lib/forms';
import { useAsync } from '../lib/hooks';
import { href, navigate } from '../lib/router';
import { forgetAccessCode, knownApplications, rememberAccessCode } from '../lib/session';
import { Alert, Dl, DocumentList, ErrorBox, GroundList, History, Loading, NoticeList, OutcomeBadge, PageTitle, Section, StateBadge } from '../ui/common';
import { FormError, TextAreaField, TextField } from '../ui/fields';
import { UploadForm } from '../ui/upload';

export function StatusLookupPage() {
  useLang();
  const prefill = new URLSearchParams(location.hash.split('?')[1] ?? '').get('number') ?? '';
  const form = useForm(
    { number: prefill, accessCode: '' },
    {
      number: [rules.required(), (v) => (!v || /^[A-Z]{2}-\d{4}-\d{6}$/.test(v.trim()) ? null : { key: 'v.number' })],
      accessCode: [rules.required(), rules.minLength(6)],
    },
  );
  const [busy, setBusy] = useState(false);
  const known = Object.keys(knownApplications());

  const submit = async (e: Event) => {
    e.preventDefault();
    const bad = form.check();
    if (bad) return focusField(form.id(bad));
    setBusy(true);
    try {
      const number = form.values.number.trim();
      const code = form.values.accessCode.trim();
      await api.status(number, code);
      rememberAccessCode(number, code);
      navigate(`/status/${number}`);
    } catch (err) {
      const f = form.serverError(err, { number: 'number', accessCode: 'accessCode' });
      if (f) focusField(form.id(f));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="narrow">
      <PageTitle sub={t('lookup.lede')}>{t('lookup.title')}</PageTitle>
      <form class="card form" onSubmit={submit} noValidate aria-busy={busy}>
        <TextField form={form} name="number" label={t('lookup.number')} hint={t('lookup.numberHint')} required
          transform={(s) => s.toUpperCase()} autocomplete="off" />
        <TextField form={form} name="accessCode" label={t('lookup.code')} hint={t('lookup.codeHint')} required autocomplete="off" />
        <FormError message={form.formError} />
        <button class="btn btn-primary" type="submit" disabled={busy}>
          {t('lookup.submit')}
        </button>
      </form>
      {known.length > 0 && (
        <Section title={t('lookup.recent')}>
          <ul>
            {known.map((n) => (
              <li key={n}>
                <a href={href(`/status/${n}`)}>{n}</a>
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}

/** States in which the application still awaits its decision (a running deadline). */
const UNDECIDED = ['submitted', 'awaiting-documents', 'ready-for-review', 'validated'];

export function StatusPage({ number }: { number: string }) {
  useLang();
  useClock();
  const code = knownApplications()[number];
  const [isNew] = useState(() => new URLSearchParams(location.hash.split('?')[1] ?? '').get('new') === '1');
  // The number and code are shown once, right after submitting; a reload shows the plain status.
  useEffect(() => {
    if (isNew) history.replaceState(null, '', `#/status/${encodeURIComponent(number)}`);
  }, []);
  const [flashes] = useState<Flash[]>(() => takeFlashes());
  useEffect(() => {
    if (!code) navigate('/status', { number }, true);
  }, [code]);
  const view = useAsync(() => (code ? api.status(number, code) : Promise.reject(new Error('no code'))), [number, code]);
  const c = view.data;
  const versionParts = c?.decision ? splitVersionId(c.decision.policyVersion) : null;
  const version = useAsync(
    async () => (versionParts ? loadVersion(versionParts.jurisdiction, versionParts.kind, versionParts.date) : undefined),
    [c?.decision?.policyVersion],
  );
  const docRules = useMemo(() => (version.data ? documentRules(version.data.files) : undefined), [version.data]);

  if (!code) return null;
  if (view.error && !c) {
    return (
      <>
        <PageTitle>{t('status.title', { number })}</PageTitle>
        <ErrorBox error={view.error} onRetry={view.reload} />
        <p>
          <a href={href('/status', { number })} onClick={() => forgetAccessCode(number)}>{t('status.lookupAgain')}</a>
        </p>
      </>
    );
  }
  if (!c) return <Loading />;

  const labels = version.data?.documents;
  const open = OPEN_STATES.includes(c.state);
  const undecided = UNDECIDED.includes(c.state);
  const decision = c.decision;
  const decisive = decision?.decisiveGrounds ?? [];
  const allGrounds = decision ? [...decisive, ...decision.grounds.filter((g) => !decisive.some((d) => d.ruleId === g.ruleId))] : [];
  const missing = decision?.missingDocuments ?? [];
  const requested = c.requestedDocuments.filter((k) => !c.documents.some((d) => d.kind === k) && !missing.includes(k));
  const refusedNow = c.state === 'refused' || c.state === 'appealed' || c.state === 'appeal-dismissed';
  const appealOpen = c.state === 'refused' && (!c.appealDeadline || today(c.jurisdiction) <= c.appealDeadline);
  // The automatic assessment is shown beside the final decision only where they agree: never
  // "meets the requirements" beside a refusal.
  const final = c.state === 'approved' || c.state === 'appeal-upheld' ? 'eligible' : refusedNow || c.state === 'appeal-dismissed' ? 'refuse' : null;
  const assessmentAgrees = !final || !decision || decision.outcome === final || (final === 'eligible' && decision.outcome !== 'refuse');
  const upload = async (fd: FormData) => {
    const res = await api.uploadAsApplicant(number, code, fd);
    view.set(res.case);
  };
  const acting = (v: ApplicantView) => view.set(v);

  const facts: [string, ComponentChildren][] = [
    [t('status.filed'), <span data-testid="filed-at">{c.filedLocalTime ? formatLocalTime(c.filedLocalTime) : formatDate(c.filingDate)}</span>],
  ];
  if (c.receiptReason) facts.push([t('status.receivedOnPaper'), c.receiptReason]);
  if (undecided) facts.push([t('status.deadline'), formatDate(c.deadline)]);
  if (c.state === 'refused' && c.appealDeadline) {
    facts.push([t('status.appealUntil'), <strong data-testid="appeal-deadline">{formatDateLong(c.appealDeadline)}</strong>]);
  }
  if (c.purpose) facts.push([t('apply.purpose'), purposeName(c.purpose, version.data?.purposes)]);
  if (c.language) facts.push([t('status.noticeLanguage'), tOr(`langName.${c.language}`, c.language)]);
  const zone = timeZoneOf(c.jurisdiction);
  facts.push([t('status.updated'), zone ? formatInZone(c.updatedAt, zone) : formatDateTime(c.updatedAt)]);

  return (
    <>
      <PageTitle sub={`${jurisdictionName(c.jurisdiction)} · ${kindName(c.kind)}`}>{t('status.title', { number })}</PageTitle>
      {flashes.map((f, i) => (
        <Alert key={i} kind={f.kind} live>
          {f.text}
        </Alert>
      ))}
      {isNew && (
        <div class="alert alert-success received" role="status">
          <h2>{t('status.received')}</h2>
          <p>{t('status.keepThese')}</p>
          <Dl
            items={[
              [t('status.number'), <strong class="mono" data-testid="application-number">{c.number}</strong>],
              [t('status.accessCode'), <strong class="mono" data-testid="access-code">{code}</strong>],
            ]}
          />
          <p class="no-print">
            <button type="button" class="btn btn-secondary" onClick={() => window.print()}>{t('status.print')}</button>{' '}
            <ReceiptButton number={c.number} code={code} />
          </p>
        </div>
      )}

      <section class={`card status-hero state-${c.state}`} aria-labelledby="state-title">
        <h2 id="state-title">
          {t('status.stateIs')} <StateBadge state={c.state} />
        </h2>
        <p class="plain" data-testid="state-explanation">{t(`explain.${c.state}`)}</p>
        <Dl items={facts} />
      </section>

      {open && (missing.length > 0 || requested.length > 0) && (
        <Section title={t('status.missingTitle')} id="missing">
          <p>{t('status.missingText')}</p>
          <ul class="required-docs" data-testid="missing-documents">
            {[...missing, ...requested].map((kind) => {
              const g = groundsForDocument(kind, allGrounds, docRules);
              return (
                <li key={kind} class="missing" data-doc={kind}>
                  <h3>{docName(kind, labels)}</h3>
                  {requested.includes(kind) && <p class="muted">{t('status.requestedByOfficer')}</p>}
                  <GroundList grounds={g} />
                  <UploadForm fixedKind={kind} idPrefix={`up-${kind}`} onUpload={upload} compact labels={labels} />
                </li>
              );
            })}
          </ul>
        </Section>
      )}

      {c.state === 'approved' && (
        <Alert kind="success">
          <p data-testid="approved">{t('status.approvedText')}</p>
        </Alert>
      )}

      {(refusedNow || c.state.startsWith('appeal-')) && c.refusalGrounds.length > 0 && (
        <Section title={t('status.refusalTitle')} id="refusal">
          <p>{t('status.refusalText')}</p>
          <GroundList grounds={c.refusalGrounds} decisive testId="refusal-grounds" />
          {version.data?.legalBasis && <LawApplied basis={version.data.legalBasis} />}
          {c.state === 'refused' && c.appealDeadline && (
            <p class={appealOpen ? '' : 'err-text'}>
              {appealOpen
                ? t('status.appealDeadlineText', { date: formatDateLong(c.appealDeadline) })
                : t('status.appealClosed', { date: formatDateLong(c.appealDeadline) })}
            </p>
          )}
        </Section>
      )}
      {appealOpen && <AppealForm number={number} code={code} onDone={acting} />}
      {c.appealReason && (
        <Section title={t('status.appealTitle')}>
          <p>{c.appealReason}</p>
        </Section>
      )}

      <Section title={t('status.noticesTitle')} id="notices">
        <p class="muted small">{t('status.noticesText')}</p>
        <NoticeList number={number} notices={c.notices ?? []} timeZone={zone}
          fetchNotice={(n, format) => api.notice(number, n, format, code)} />
        <p class="small"><a href={href('/verify')}>{t('status.verifyLink')}</a></p>
      </Section>

      {decision && (
        <Section title={t('status.decisionTitle')} id="decision">
          {undecided && (
            <p>
              {t('status.decisionOutcome')} <OutcomeBadge outcome={decision.outcome} />
            </p>
          )}
          <p class="muted small">
            {t('status.decidedUnder', { version: version.data?.title ?? decision.policyVersion })}
          </p>
          <h3>{t('status.requiredDocs')}</h3>
          <ul class="plain-list">
            {decision.requiredDocuments.map((d) => (
              <li key={d}>
                {docName(d, labels)}{' '}
                <span class={`chip ${missing.includes(d) ? 'chip-missing' : 'chip-ok'}`}>
                  {missing.includes(d) ? t('apply.docMissing') : t('status.docReceived')}
                </span>
              </li>
            ))}
          </ul>
          {assessmentAgrees && decisive.length > 0 && !(refusedNow && c.refusalGrounds.length > 0) && (
            <>
              <h3>{t('status.groundsTitle')}</h3>
              <GroundList grounds={decisive} decisive testId="decisive-grounds" />
            </>
          )}
          {!assessmentAgrees && <p class="muted">{t('status.officerDecided')}</p>}
          {version.data?.legalBasis && !(refusedNow && c.refusalGrounds.length) && <LawApplied basis={version.data.legalBasis} />}
        </Section>
      )}

      <Section title={t('status.documentsTitle')} id="documents">
        <DocumentList documents={c.documents} labels={labels} fetchFile={(id) => api.documentAsApplicant(number, code, id)} />
        {open && (
          <details class="more">
            <summary>{t('status.uploadOther')}</summary>
            <UploadForm kinds={decision?.requiredDocuments.filter((d) => d !== 'passport')} labels={labels} idPrefix="up-other" onUpload={upload} />
          </details>
        )}
      </Section>

      <Section title={t('status.historyTitle')} id="history">
        <History history={c.history} timeZone={zone} />
      </Section>

      {open && <WithdrawForm number={number} code={code} onDone={acting} />}
    </>
  );
}

/** The act and article the deciding version models, with a link to its text. */
function LawApplied({ basis }: { basis: LegalBasis }) {
  // The legal basis is written in English only (the policies translate grounds, not acts).
  return (
    <p class="small law-applied">
      <span class="muted">{t('status.lawApplied')}</span> <span lang="en">{basis.act}; {basis.article}</span>
      {basis.link && (
        <>
          {' '}
          (<a href={basis.link} target="_blank" rel="noopener noreferrer">{t('status.lawText')}</a>)
        </>
      )}
    </p>
  );
}

function AppealForm({ number, code, onDone }: { number: string; code: string; onDone: (v: ApplicantView) => void }) {
  const form = useForm({ reason: '' }, { reason: [rules.required(), rules.minLength(10), rules.maxLength(4000)] });
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const bad = form.check();
    if (bad) return focusField(form.id(bad));
    setBusy(true);
    try {
      onDone(await api.appeal(number, code, form.values.reason.trim()));
    } catch (err) {
      const f = form.serverError(err, { reason: 'reason' });
      if (f) focusField(form.id(f));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title={t('appeal.title')} id="appeal">
      <p>{t('appeal.text')}</p>
      <form onSubmit={submit} noValidate class="form">
        <TextAreaField form={form} name="reason" label={t('appeal.reason')} hint={t('appeal.reasonHint')} required rows={5} />
        <FormError message={form.formError} />
        <button class="btn btn-primary" type="submit" disabled={busy}>{t('appeal.submit')}</button>
      </form>
    </Section>
  );
}

function WithdrawForm({ number, code, onDone }: { number: string; code: string; onDone: (v: ApplicantView) => void }) {
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!confirm) {
      setError(t('withdraw.confirmFirst'));
      return;
    }
    setBusy(true);
    try {
      onDone(await api.withdrawAsApplicant(number, code, ''));
    } catch (err) {
      setError(apiErrorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details class="card danger-zone">
      <summary>{t('withdraw.title')}</summary>
      <form onSubmit={submit} noValidate>
        <p>{t('withdraw.text', { state: stateName('withdrawn') })}</p>
        <div class="field checkbox">
          <input id="withdraw-confirm" type="checkbox" checked={confirm} onChange={(e) => {
            setConfirm((e.currentTarget as HTMLInputElement).checked);
            setError(null);
          }} aria-describedby="withdraw-error" />
          <label for="withdraw-confirm">{t('withdraw.confirm')}</label>
        </div>
        <p class="field-error" id="withdraw-error" aria-live="polite">{error ?? ''}</p>
        <button class="btn btn-danger" type="submit" disabled={busy}>{t('withdraw.submit')}</button>
      </form>
    </details>
  );
}

/** The receipt of the application as a PDF in the UI's language (GET /applications/{n}/receipt). */
function ReceiptButton({ number, code }: { number: string; code: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const blob = await api.receipt(number, currentLang(), code);
      saveFile(`receipt-${number}.pdf`, new Blob([blob], { type: 'application/pdf' }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="btn btn-secondary" disabled={busy} onClick={download} data-testid="receipt-pdf">
        {t('status.receipt')}
      </button>
      {error != null && <span class="err-text" role="alert"> {apiErrorText(error)}</span>}
    </>
  );
}
