// Asylum claims (docs/asylum.md): an officer lodges a claim for an applicant who asked for
// protection in person (LodgeClaimPage); an officer with the asylum role schedules and records the
// interview, answers the policy's legal questions with evidence and sees what the answers point to,
// cited (AsylumPanel); a refusal is proposed by one officer and confirmed by another. Ordinary
// cases of a person seeking protection carry a banner (ProtectionBanner). Applicants learn where
// a claim is lodged (AsylumInfo): the laws of KZ and LV have it lodged in person.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { formatDate, formatDateTime, inLang, jurisdictionName, kindName, t, tOr, useLang } from '../i18n';
import { timeZoneOf, withOffset } from '../lib/clock';
import { api, ASYLUM, type ApplicantView, type Case, type Checklist, type PolicyVersion, type Session } from '../lib/api';
import { APPLICANT_FIELD_OF, APPLICANT_RULES, apiErrorText, focusField, isRealDate, rules, splitCodes, useForm, type ApplicantField } from '../lib/forms';
import { useAsync } from '../lib/hooks';
import { href } from '../lib/router';
import { Alert, Dl, ErrorBox, GroundList, Loading, PageTitle, Section } from '../ui/common';
import { FormError, SelectField, TextAreaField, TextField } from '../ui/fields';

type Act = (label: string, fn: () => Promise<Case>, success: string) => Promise<boolean>;

/** The asylum versions in force today, by jurisdiction. */
function useAsylumVersions(): { versions: PolicyVersion[]; error: unknown; loading: boolean } {
  const policies = useAsync(() => api.policies(), []);
  const versions = useMemo(() => {
    const out: PolicyVersion[] = [];
    for (const j of policies.data?.jurisdictions ?? []) {
      const kind = j.kinds.find((k) => k.kind === ASYLUM);
      const current = kind?.versions.filter((v) => !v.ends).pop() ?? kind?.versions[kind.versions.length - 1];
      if (current?.asylum) out.push(current);
    }
    return out;
  }, [policies.data]);
  return { versions, error: policies.error, loading: !policies.data && !policies.error };
}

/** For applicants: where and how a claim for protection is lodged, from the law in force. */
export function AsylumInfo() {
  useLang();
  const { versions } = useAsylumVersions();
  if (versions.length === 0) return null;
  return (
    <Section title={t('asylum.info.title')} id="asylum-info">
      <p>{t('asylum.info.lede')}</p>
      <ul data-testid="asylum-info">
        {versions.map((v) => (
          <li key={v.id}>
            <strong>{jurisdictionName(v.jurisdiction)}:</strong>{' '}
            {v.asylum!.online ? t('asylum.info.online') : t('asylum.info.inPerson')}{' '}
            {inLang(v.asylum!.lodgingBasis.en ?? '', v.asylum!.lodgingBasis)}
          </li>
        ))}
      </ul>
      <p class="small muted">{t('asylum.info.confidential')}</p>
    </Section>
  );
}

type LodgeField = ApplicantField | 'jurisdiction' | 'language' | 'place' | 'location';

const FIELD_OF: Record<string, LodgeField> = {
  ...APPLICANT_FIELD_OF,
  jurisdiction: 'jurisdiction',
  language: 'language',
  'lodging.place': 'place',
  'lodging.location': 'location',
};

/** An officer lodges a claim for a person who asked for protection at the border or an office. */
export function LodgeClaimPage({ session }: { session: Session }) {
  useLang();
  const { versions, error, loading } = useAsylumVersions();
  const mine = versions.filter((v) => session.jurisdictions.includes('*') || session.jurisdictions.includes(v.jurisdiction));
  const form = useForm<LodgeField>(
    {
      jurisdiction: '', surname: '', givenNames: '', nativeName: '', birthDate: '', sex: '', citizenships: '',
      passportNumber: '', passportIssuingState: '', passportExpiry: '', language: 'ru', place: '', location: '',
    },
    {
      ...APPLICANT_RULES,
      jurisdiction: [rules.required()],
      place: [rules.required()],
      location: [rules.maxLength(1000)],
    },
  );
  const v = form.values;
  useEffect(() => {
    if (!v.jurisdiction && mine.length === 1) form.setMany({ jurisdiction: mine[0].jurisdiction });
  }, [mine.length]);
  const version = mine.find((x) => x.jurisdiction === v.jurisdiction);
  const [busy, setBusy] = useState(false);
  const [lodged, setLodged] = useState<ApplicantView | null>(null);

  if (error) return <ErrorBox error={error} />;
  if (loading) return <Loading />;

  const submit = async (e: Event) => {
    e.preventDefault();
    const bad = form.check();
    if (bad) return focusField(form.id(bad));
    setBusy(true);
    try {
      const r = await api.submit(
        {
          jurisdiction: v.jurisdiction,
          kind: ASYLUM,
          purpose: version?.purposes?.[0]?.code ?? 'international-protection',
          language: v.language as 'en' | 'ru' | 'kk' | 'lv',
          applicant: {
            surname: v.surname.trim().toUpperCase(),
            givenNames: v.givenNames.trim().toUpperCase(),
            nativeName: v.nativeName.trim(),
            birthDate: v.birthDate,
            sex: v.sex as 'M' | 'F' | 'X',
            citizenships: splitCodes(v.citizenships),
            passport: { number: v.passportNumber.trim().toUpperCase(), issuingState: v.passportIssuingState.trim().toUpperCase(), expiry: v.passportExpiry },
          },
          lodging: { place: v.place, location: v.location.trim() },
        },
        true,
      );
      setLodged(r);
    } catch (err) {
      const f = form.serverError(err, FIELD_OF);
      if (f) focusField(form.id(f));
    } finally {
      setBusy(false);
    }
  };

  if (lodged) return <Lodged view={lodged} session={session} onAnother={() => { setLodged(null); form.reset(); }} />;

  return (
    <>
      <p class="breadcrumb"><a href={href('/officer')}>{t('case.back')}</a></p>
      <PageTitle sub={t('asylum.lodge.lede')}>{t('asylum.lodge.title')}</PageTitle>
      {mine.length === 0 ? (
        <Alert kind="warning"><p>{t('asylum.lodge.none')}</p></Alert>
      ) : (
        <form class="form" onSubmit={submit} noValidate aria-busy={busy} aria-label={t('asylum.lodge.title')}>
          <Section title={t('asylum.lodge.where')} id="lodge-where">
            <div class="grid-2">
              <SelectField form={form} name="jurisdiction" label={t('apply.jurisdiction')} required placeholder=""
                options={mine.map((x) => ({ value: x.jurisdiction, label: jurisdictionName(x.jurisdiction) }))} />
              <SelectField form={form} name="place" label={t('asylum.lodge.place')} required placeholder=""
                options={(version?.asylum?.lodgingPlaces ?? []).map((p) => ({ value: p, label: tOr(`asylum.place.${p}`, p) }))} />
              <TextField form={form} name="location" label={t('asylum.lodge.location')} hint={t('asylum.lodge.locationHint')} />
              <SelectField form={form} name="language" label={t('asylum.lodge.language')} required
                options={['en', 'ru', 'kk', 'lv'].map((l) => ({ value: l, label: tOr(`langName.${l}`, l) }))} />
            </div>
            {version?.asylum && (
              <p class="small muted" data-testid="lodging-basis">{inLang(version.asylum.lodgingBasis.en ?? '', version.asylum.lodgingBasis)}</p>
            )}
          </Section>
          <Section title={t('asylum.lodge.person')} id="lodge-person">
            <div class="grid-2">
              <TextField form={form} name="surname" label={t('apply.surname')} required transform={(x) => x.toUpperCase()} />
              <TextField form={form} name="givenNames" label={t('apply.givenNames')} required transform={(x) => x.toUpperCase()} />
              <TextField form={form} name="nativeName" label={t('case.nativeName')} />
              <TextField form={form} name="birthDate" type="date" label={t('apply.birthDate')} required />
              <SelectField form={form} name="sex" label={t('apply.sex')} required placeholder=""
                options={['F', 'M', 'X'].map((s) => ({ value: s, label: t(`sex.${s}`) }))} />
              <TextField form={form} name="citizenships" label={t('apply.citizenships')} hint={t('asylum.lodge.citizenshipsHint')} required
                transform={(x) => x.toUpperCase()} />
              <TextField form={form} name="passportNumber" label={t('apply.passportNumber')} required transform={(x) => x.toUpperCase()} />
              <TextField form={form} name="passportIssuingState" label={t('apply.passportIssuingState')} required transform={(x) => x.toUpperCase()} />
              <TextField form={form} name="passportExpiry" type="date" label={t('apply.passportExpiry')} required />
            </div>
          </Section>
          <FormError message={form.formError} />
          <button class="btn btn-primary" type="submit" disabled={busy} data-testid="lodge-submit">
            {busy ? t('asylum.lodge.lodging') : t('asylum.lodge.submit')}
          </button>
        </form>
      )}
    </>
  );
}

function Lodged({ view, session, onAnother }: { view: ApplicantView; session: Session; onAnother: () => void }) {
  const certificate = view.notices?.find((n) => n.kind === 'asylum-certificate');
  const [error, setError] = useState<string | null>(null);
  const sees = (session.asylum ?? []).some((j) => j === '*' || j === view.jurisdiction);
  const download = async () => {
    if (!certificate) return;
    setError(null);
    try {
      // Under the officer's own name: the lodging officer may print the certificate of a claim
      // they can no longer read.
      const blob = await api.notice(view.number, certificate.code, 'pdf');
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${view.number}-certificate.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(apiErrorText(e));
    }
  };
  return (
    <>
      <PageTitle>{t('asylum.lodged.title')}</PageTitle>
      <Alert kind="success" live>
        <p data-testid="lodged-number">{t('asylum.lodged.registered', { number: view.number, date: formatDate(view.filingDate) })}</p>
      </Alert>
      <Section title={t('asylum.lodged.give')} id="lodged-give">
        <Dl items={[
          [t('status.number'), <strong class="mono" data-testid="lodged-reference">{view.number}</strong>],
          [t('asylum.lodged.code'), <strong class="mono" data-testid="lodged-code">{view.accessCode}</strong>],
          [t('asylum.lodged.deadline'), formatDate(view.deadline)],
        ]} />
        <p class="small">{t('asylum.lodged.codeOnce')}</p>
        {certificate && (
          <button type="button" class="btn btn-primary" data-testid="certificate-pdf" onClick={download}>
            {t('asylum.lodged.certificate')}
          </button>
        )}
        {error && <Alert kind="error">{error}</Alert>}
      </Section>
      <p class="action-row">
        {sees && <a class="btn btn-secondary" href={href(`/officer/cases/${view.number}`)}>{t('asylum.lodged.open')}</a>}
        <button type="button" class="btn btn-secondary" onClick={onAnother}>{t('asylum.lodged.another')}</button>
      </p>
      {!sees && <p class="small muted" data-testid="lodged-handed-over">{t('asylum.lodged.handedOver')}</p>}
    </>
  );
}

/** On an ordinary case: the person seeks or has international protection. */
export function ProtectionBanner({ c }: { c: Case }) {
  if (!c.protection) return null;
  return (
    <Alert kind="warning">
      <p data-testid="protection" data-status={c.protection.status}>
        <strong>{t(`asylum.protection.${c.protection.status}`)}</strong> {t('asylum.protection.rules')}
      </p>
      {c.protection.status === 'asylum-pending' && <p data-testid="no-removal">{t('asylum.protection.noRemoval')}</p>}
      {c.protection.claim && (
        <p class="small">
          <a href={href(`/officer/cases/${c.protection.claim}`)}>{t('asylum.protection.claim', { number: c.protection.claim })}</a>
        </p>
      )}
    </Alert>
  );
}

const GROUPS = ['inclusion', 'military-service', 'subsidiary', 'exclusion', 'non-refoulement'];

/** An asylum claim's own part of the case page. */
export function AsylumPanel({ c, session, act }: { c: Case; session: Session; act: Act }) {
  useLang();
  const claim = c.asylum!;
  const mine = session.role === 'officer' && c.assignedOfficer === session.name;
  const examining = ['registered', 'interview-scheduled', 'examination'].includes(c.state);
  const checklist = useAsync(() => api.checklist(c.number), [c.number, c.revision]);
  return (
    <>
      <Section title={t('asylum.claim.title')} id="asylum-claim">
        <Dl items={[
          [t('asylum.lodge.place'), tOr(`asylum.place.${claim.lodgingPlace}`, claim.lodgingPlace) + (claim.lodgingLocation ? ` — ${claim.lodgingLocation}` : '')],
          [t('asylum.claim.registered'), formatDateTime(claim.registeredAt)],
          [t('asylum.claim.deadline'), formatDate(c.deadline) + (claim.extendedMonths ? ` (${t('asylum.claim.extended', { n: claim.extendedMonths })})` : '')],
        ]} />
        {checklist.data && <p class="small muted">{inLang(checklist.data.timeLimits.en ?? '', checklist.data.timeLimits)}</p>}
      </Section>
      <InterviewSection c={c} mine={mine} act={act} />
      {c.state === 'refusal-proposed' && <RefusalProposal c={c} session={session} mine={mine} act={act} />}
      <Section title={t('asylum.checklist.title')} id="checklist">
        <p class="small">{t('asylum.checklist.lede')}</p>
        {checklist.error != null && <ErrorBox error={checklist.error} onRetry={checklist.reload} />}
        {!checklist.data && !checklist.error && <Loading />}
        {checklist.data && <ChecklistView list={checklist.data} number={c.number} editable={mine && examining} act={act} />}
      </Section>
      {mine && (c.state === 'examination' || c.state === 'validated') && <ProposeRefusalForm number={c.number} act={act} />}
      {mine && ['registered', 'interview-scheduled', 'examination', 'validated'].includes(c.state) && checklist.data && checklist.data.extendedMonths < checklist.data.extensionMonths && (
        <ExtendForm number={c.number} left={checklist.data.extensionMonths - checklist.data.extendedMonths} act={act} />
      )}
    </>
  );
}

function InterviewSection({ c, mine, act }: { c: Case; mine: boolean; act: Act }) {
  const interview = c.asylum!.interview;
  const schedule = useForm<'when' | 'place' | 'language'>(
    { when: '', place: interview?.place ?? '', language: interview?.language ?? c.application.language ?? '' },
    { when: [rules.required(), (x) => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(x) && isRealDate(x.slice(0, 10)) ? null : { key: 'v.dateTime' })], place: [rules.required(), rules.maxLength(1000)], language: [rules.maxLength(64)] },
  );
  const record = useForm<'record'>({ record: '' }, { record: [rules.required(), rules.maxLength(100_000)] });
  const canSchedule = mine && (c.state === 'registered' || c.state === 'interview-scheduled');
  const canRecord = mine && c.state === 'interview-scheduled';
  const submitSchedule = async (e: Event) => {
    e.preventDefault();
    const bad = schedule.check();
    if (bad) return focusField(schedule.id(bad));
    // The time is the jurisdiction's wall-clock time, sent with that zone's offset then.
    const zone = c.application.receipt?.timeZone ?? timeZoneOf(c.application.jurisdiction);
    const when = zone ? withOffset(schedule.values.when, zone) : `${schedule.values.when}:00Z`;
    await act(t('asylum.interview.scheduling'), () => api.scheduleInterview(c.number, when, schedule.values.place.trim(), schedule.values.language.trim()), t('asylum.interview.scheduled'))
      .catch((err) => { const f = schedule.serverError(err, { scheduledFor: 'when', place: 'place', language: 'language' }); if (f) focusField(schedule.id(f)); });
  };
  const submitRecord = async (e: Event) => {
    e.preventDefault();
    const bad = record.check();
    if (bad) return focusField(record.id(bad));
    await act(t('asylum.interview.recording'), () => api.recordInterview(c.number, record.values.record), t('asylum.interview.recorded'))
      .catch((err) => { const f = record.serverError(err, { record: 'record' }); if (f) focusField(record.id(f)); });
  };
  return (
    <Section title={t('asylum.interview.title')} id="interview">
      {interview ? (
        <Dl items={[
          [t('asylum.interview.when'), interview.scheduledFor.replace('T', ' ')],
          [t('asylum.interview.place'), interview.place],
          [t('asylum.interview.language'), interview.language ? tOr(`langName.${interview.language}`, interview.language) : '—'],
          [t('asylum.interview.recordedAt'), interview.recordedAt ? `${formatDateTime(interview.recordedAt)} · ${interview.recordedBy}` : '—'],
        ]} />
      ) : (
        <p data-testid="no-interview">{t('asylum.interview.none')}</p>
      )}
      {interview?.record && (
        <details class="more"><summary>{t('asylum.interview.record')}</summary><p class="pre-wrap" data-testid="interview-record">{interview.record}</p></details>
      )}
      {canSchedule && (
        <form class="form" onSubmit={submitSchedule} noValidate aria-label={t('asylum.interview.schedule')}>
          <div class="grid-2">
            <TextField form={schedule} name="when" type="datetime-local" label={t('asylum.interview.when')} required />
            <TextField form={schedule} name="place" label={t('asylum.interview.place')} required />
            <TextField form={schedule} name="language" label={t('asylum.interview.language')} hint={t('asylum.interview.languageHint')} />
          </div>
          <FormError message={schedule.formError} />
          <button class="btn btn-secondary" type="submit" data-action="schedule-interview">{interview ? t('asylum.interview.reschedule') : t('asylum.interview.schedule')}</button>
        </form>
      )}
      {canRecord && (
        <form class="form" onSubmit={submitRecord} noValidate aria-label={t('asylum.interview.recordTitle')}>
          <TextAreaField form={record} name="record" label={t('asylum.interview.recordTitle')} hint={t('asylum.interview.recordHint')} rows={6} required />
          <FormError message={record.formError} />
          <button class="btn btn-primary" type="submit" data-action="record-interview">{t('asylum.interview.recordSubmit')}</button>
        </form>
      )}
    </Section>
  );
}

function ChecklistView({ list, number, editable, act }: { list: Checklist; number: string; editable: boolean; act: Act }) {
  const groups = [...new Set([...GROUPS.filter((g) => list.questions.some((q) => q.group === g)), ...list.questions.map((q) => q.group)])];
  return (
    <>
      <div class="card checklist-summary" data-testid="points-to" data-outcome={list.pointsTo}>
        <p>
          <strong>{t('asylum.checklist.pointsTo')}</strong> {tOr(`outcome.${list.pointsTo}`, list.pointsTo)}
        </p>
        <p class="small">
          {list.remaining.length > 0
            ? t('asylum.checklist.remaining', { n: list.remaining.length })
            : t('asylum.checklist.complete')}
        </p>
        <p class="small muted" data-testid="never-refuses">{t('asylum.checklist.support')}</p>
        {list.implications.length > 0 && (
          <>
            <h3 class="h4">{t('asylum.checklist.implications')}</h3>
            <GroundList grounds={list.implications} testId="implications" />
          </>
        )}
      </div>
      {groups.map((g) => (
        <section key={g} class="checklist-group" aria-labelledby={`group-${g}`}>
          <h3 id={`group-${g}`} class="h4">{tOr(`asylum.group.${g}`, g)}</h3>
          <ol class="checklist">
            {list.questions.filter((q) => q.group === g).map((q) => (
              <li key={q.id} data-question={q.id} data-answer={q.answer ?? ''}>
                <p><strong>{inLang(q.question.en ?? q.id, q.question)}</strong>{' '}
                  <span class={`chip ${q.answer === 'yes' ? 'chip-ok' : q.answer === 'no' ? 'chip-missing' : ''}`}>
                    {q.answer ? t(`asylum.answer.${q.answer}`) : t('asylum.answer.open')}
                  </span>
                </p>
                <p class="small">{inLang(q.guidance.en ?? '', q.guidance)}</p>
                <p class="small muted">{t('asylum.checklist.source', { citation: inLang(q.citation.en ?? '', q.citation) })}</p>
                {q.answer && q.evidence && (
                  <p class="small">{t('asylum.checklist.evidence', { evidence: q.evidence, by: q.answeredBy ?? '', when: formatDateTime(q.answeredAt) })}</p>
                )}
                {editable && <AnswerForm number={number} question={q.id} label={inLang(q.question.en ?? q.id, q.question)} answer={q.answer} evidence={q.evidence ?? ''} act={act} />}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </>
  );
}

function AnswerForm({ number, question, label, answer, evidence, act }: { number: string; question: string; label: string; answer: 'yes' | 'no' | null; evidence: string; act: Act }) {
  const form = useForm<'answer' | 'evidence'>(
    { answer: answer ?? '', evidence },
    { answer: [rules.required()], evidence: [(x, all) => (all.answer === 'withdraw' ? null : rules.required()(x, all)), rules.maxLength(4000)] },
  );
  const submit = async (e: Event) => {
    e.preventDefault();
    const bad = form.check();
    if (bad) return focusField(form.id(bad));
    const withdraw = form.values.answer === 'withdraw';
    await act(t('asylum.answer.saving'), () => api.answerQuestion(number, question, withdraw ? '' : (form.values.answer as 'yes' | 'no'), withdraw ? '' : form.values.evidence.trim()), t('asylum.answer.saved'))
      .catch((err) => { const f = form.serverError(err, { answer: 'answer', evidence: 'evidence' }); if (f) focusField(form.id(f)); });
  };
  return (
    <details class="more" open={!answer}>
      <summary>{answer ? t('asylum.answer.change') : t('asylum.answer.give')}</summary>
      <form class="form answer-form" onSubmit={submit} noValidate aria-label={label}>
        <SelectField form={form} name="answer" label={t('asylum.answer.label')} required placeholder=""
          options={[
            { value: 'yes', label: t('asylum.answer.yes') },
            { value: 'no', label: t('asylum.answer.no') },
            ...(answer ? [{ value: 'withdraw', label: t('asylum.answer.withdraw') }] : []),
          ]} />
        <TextAreaField form={form} name="evidence" label={t('asylum.answer.evidence')} hint={t('asylum.answer.evidenceHint')} rows={2} required />
        <FormError message={form.formError} />
        <button class="btn btn-secondary btn-small" type="submit" data-action="answer">{t('asylum.answer.save')}</button>
      </form>
    </details>
  );
}

function ProposeRefusalForm({ number, act }: { number: string; act: Act }) {
  const form = useForm<'reason' | 'citation'>(
    { reason: '', citation: '' },
    { reason: [rules.required(), rules.maxLength(4000)], citation: [rules.required(), rules.maxLength(1000)] },
  );
  const submit = async (e: Event) => {
    e.preventDefault();
    const bad = form.check();
    if (bad) return focusField(form.id(bad));
    await act(t('asylum.refusal.proposing'), () => api.refuse(number, [{ ruleId: 'officer', reason: form.values.reason.trim(), citation: form.values.citation.trim() }]), t('asylum.refusal.proposed'))
      .catch((err) => { form.serverError(err, { 'grounds[0].reason': 'reason', 'grounds[0].citation': 'citation' }); });
  };
  return (
    <Section title={t('asylum.refusal.propose')} id="propose-refusal">
      <p class="small">{t('asylum.refusal.proposeLede')}</p>
      <details class="more">
        <summary>{t('asylum.refusal.write')}</summary>
        <form class="form" onSubmit={submit} noValidate aria-label={t('asylum.refusal.propose')}>
          <TextAreaField form={form} name="reason" label={t('asylum.refusal.reason')} hint={t('asylum.refusal.reasonHint')} rows={4} required />
          <TextField form={form} name="citation" label={t('asylum.refusal.citation')} required />
          <FormError message={form.formError} />
          <button class="btn btn-danger" type="submit" data-action="propose-refusal">{t('asylum.refusal.proposeSubmit')}</button>
        </form>
      </details>
    </Section>
  );
}

function RefusalProposal({ c, session, mine, act }: { c: Case; session: Session; mine: boolean; act: Act }) {
  const claim = c.asylum!;
  const own = claim.refusalProposedBy === session.name;
  const form = useForm<'reason'>({ reason: '' }, { reason: [rules.maxLength(1000)] });
  const decline = async () => {
    if (!form.values.reason.trim()) {
      form.setFormError(t('asylum.refusal.declineReason'));
      return focusField(form.id('reason'));
    }
    await act(t('asylum.refusal.declining'), () => api.declineRefusal(c.number, form.values.reason.trim()), t('asylum.refusal.declined')).catch(() => undefined);
  };
  return (
    <Section title={t('asylum.refusal.proposalTitle')} id="refusal-proposal">
      <p data-testid="refusal-proposal">{t('asylum.refusal.proposedBy', { name: claim.refusalProposedBy, when: formatDateTime(claim.refusalProposedAt) })}</p>
      <GroundList grounds={claim.proposedGrounds} />
      {own && <p class="muted small" data-testid="four-eyes">{t('asylum.refusal.ownProposal')}</p>}
      {mine && !own && (
        <form class="form" onSubmit={(e) => e.preventDefault()} noValidate aria-label={t('asylum.refusal.proposalTitle')}>
          <TextAreaField form={form} name="reason" label={t('asylum.refusal.answerReason')} hint={t('asylum.refusal.answerHint')} rows={2} />
          <FormError message={form.formError} />
          <div class="action-row">
            <button type="button" class="btn btn-danger" data-action="confirm-refusal"
              onClick={() => act(t('asylum.refusal.confirming'), () => api.confirmRefusal(c.number, form.values.reason.trim()), t('asylum.refusal.confirmed')).catch(() => undefined)}>
              {t('asylum.refusal.confirm')}
            </button>
            <button type="button" class="btn btn-secondary" data-action="decline-refusal" onClick={decline}>{t('asylum.refusal.decline')}</button>
          </div>
        </form>
      )}
    </Section>
  );
}

function ExtendForm({ number, left, act }: { number: string; left: number; act: Act }) {
  const form = useForm<'months' | 'reason'>(
    { months: '', reason: '' },
    {
      months: [rules.required(), (x) => (/^\d+$/.test(x) && +x >= 1 && +x <= left ? null : { key: 'v.range', params: { min: 1, max: left } })],
      reason: [rules.required(), rules.maxLength(1000)],
    },
  );
  const submit = async (e: Event) => {
    e.preventDefault();
    const bad = form.check();
    if (bad) return focusField(form.id(bad));
    await act(t('asylum.extend.extending'), () => api.extendDeadline(number, +form.values.months, form.values.reason.trim()), t('asylum.extend.extended'))
      .catch((err) => { const f = form.serverError(err, { months: 'months', reason: 'reason' }); if (f) focusField(form.id(f)); });
  };
  return (
    <details class="more card">
      <summary>{t('asylum.extend.title')}</summary>
      <form class="form" onSubmit={submit} noValidate aria-label={t('asylum.extend.title')}>
        <p class="small">{t('asylum.extend.lede', { n: left })}</p>
        <TextField form={form} name="months" inputMode="numeric" label={t('asylum.extend.months')} required />
        <TextAreaField form={form} name="reason" label={t('asylum.extend.reason')} rows={2} required />
        <FormError message={form.formError} />
        <button class="btn btn-secondary" type="submit" data-action="extend-deadline">{t('asylum.extend.submit')}</button>
      </form>
    </details>
  );
}

export function isAsylum(kind: string): boolean {
  return kind === ASYLUM;
}

export const asylumKindName = () => kindName(ASYLUM);
