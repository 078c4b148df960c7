// The case's screening: each possible match of the applicant (an entry on a watchlist, or an
// earlier application) with where it comes from, the other record beside the applicant's, how
// the names matched part by part and what the dates, citizenships and documents added; the
// holding officer records whether it is the same person, with a reason. A confirmed hit on an
// entry-ban or sanctions list refuses the case on the list's legal basis (the service decides).
import type { ComponentChildren } from 'preact';
import { countryName, formatDate, formatDateTime, jurisdictionName, kindName, t, tn, tOr } from '../i18n';
import { api, type Case, type HitFinding, type ScreeningHit, type Session } from '../lib/api';
import { focusField, rules, useForm } from '../lib/forms';
import { href } from '../lib/router';
import { Dl, Section, StateBadge } from '../ui/common';
import { dateList, EvidenceView, ScoreChip } from '../ui/evidence';
import { FormError, TextAreaField } from '../ui/fields';

type Act = (label: string, fn: () => Promise<Case>, success: string) => Promise<boolean>;

/** Lists whose confirmed hit refuses the application (the service's rule, said to the officer). */
const REFUSING_KINDS = ['entry-ban', 'sanctions'];

export function listKindName(kind: string): string {
  return kind ? tOr(`watchlist.kind.${kind}`, kind) : '—';
}

export function ScreeningSection({ c, session, act }: { c: Case; session: Session; act: Act }) {
  const s = c.screening;
  if (!s) return null;
  const hits = s.hits;
  const open = hits.filter((h) => h.status === 'open').length;
  return (
    <Section title={t('screening.title')} id="screening" class={open ? 'screening-open' : ''}>
      {hits.length === 0 ? (
        <p class="muted" data-testid="screening-none">
          {s.screenedAt ? t('screening.none', { at: formatDateTime(s.screenedAt) }) : t('screening.notScreened')}
        </p>
      ) : (
        <>
          <p data-testid="screening-summary">
            {tn('screening.hits', hits.length)}
            {open > 0 && <> · <strong>{tn('screening.openHits', open)}</strong></>}
            {s.screenedAt && <span class="muted small"> · {t('screening.screenedAt', { at: formatDateTime(s.screenedAt) })}</span>}
          </p>
          <ol class="hits">
            {hits.map((h) => <HitCard key={h.id} c={c} hit={h} session={session} act={act} />)}
          </ol>
        </>
      )}
    </Section>
  );
}

function HitStatusChip({ status }: { status: string }) {
  return <span class={`chip hit-status hit-status-${status}`} data-testid="hit-status">{tOr(`screening.status.${status}`, status)}</span>;
}

function HitTitle({ hit }: { hit: ScreeningHit }) {
  if (hit.source === 'watchlist') {
    return <>{t('screening.hit.watchlist', { list: hit.list, kind: listKindName(hit.listKind), version: hit.listVersion })}</>;
  }
  if (!hit.entryId) {
    return <>{t('screening.hit.applicationWithheld', { jurisdiction: jurisdictionName(hit.subject.jurisdiction ?? '?') })}</>;
  }
  return (
    <>
      {t('screening.hit.application')}{' '}
      <a href={href(`/officer/cases/${hit.entryId}`)} class="mono">{hit.entryId}</a>
    </>
  );
}

function HitCard({ c, hit, session, act }: { c: Case; hit: ScreeningHit; session: Session; act: Act }) {
  const app = c.application;
  const a = app.applicant;
  const isApplication = hit.source === 'application';
  const withheld = isApplication && !hit.entryId;
  const otherLabel = isApplication ? t('screening.side.earlier') : t('screening.side.listed');
  const subject = hit.subject;
  const prefix = `hit-${hit.id}`;

  const source: [string, ComponentChildren][] = isApplication
    ? [
        [t('screening.field.case'), hit.entryId ? <a href={href(`/officer/cases/${hit.entryId}`)} class="mono">{hit.entryId}</a> : <span class="muted">{t('screening.withheldShort')}</span>],
        [t('screening.field.jurisdiction'), subject.jurisdiction ? jurisdictionName(subject.jurisdiction) : '—'],
        [t('screening.field.kind'), subject.kind ? kindName(subject.kind) : '—'],
        [t('screening.field.state'), subject.state ? <StateBadge state={subject.state} /> : '—'],
        [t('screening.field.filed'), formatDate(subject.filingDate)],
      ]
    : [[t('screening.field.entry'), <span class="mono">{hit.entryId || '—'}</span>]];
  if (hit.reason) source.push([isApplication ? t('screening.field.outcome') : t('screening.field.reason'), hit.reason]);
  if (hit.legalBasis) source.push([t('screening.field.legalBasis'), <cite class="legal-basis-cite">{hit.legalBasis}</cite>]);
  source.push([t('screening.field.raised'), formatDateTime(hit.raisedAt)]);

  const applicantDocs = [a.passport.number, ...app.documents.map((d) => d.number ?? '').filter(Boolean)];
  const rows: [string, string, string][] = [
    [t('screening.row.names'), [`${a.surname} ${a.givenNames}`, a.nativeName ?? ''].filter(Boolean).join('; '), (subject.names ?? []).join('; ') || '—'],
    [t('screening.row.birthDates'), dateList([a.birthDate]), dateList(subject.birthDates)],
    [t('screening.row.citizenships'), a.citizenships.map((x) => `${x} (${countryName(x)})`).join(', '), (subject.citizenships ?? []).map((x) => `${x} (${countryName(x)})`).join(', ') || '—'],
    [t('screening.row.documents'), applicantDocs.join(', '), (subject.documents ?? []).join(', ') || '—'],
  ];

  return (
    <li class={`hit hit-${hit.status}`} data-hit-id={hit.id} data-status={hit.status} data-source={hit.source} aria-labelledby={`${prefix}-title`}>
      <h3 id={`${prefix}-title`} tabIndex={-1} class="hit-title"><HitTitle hit={hit} /></h3>
      <p class="hit-meta">
        <HitStatusChip status={hit.status} /> <ScoreChip score={hit.score} />
      </p>
      <Dl items={source} />
      {withheld ? (
        <p class="muted small" data-testid="hit-withheld">{t('screening.withheld')}</p>
      ) : (
        <>
          <table class="table compact responsive compare" data-testid="hit-compare">
            <caption class="evidence-caption">{t('screening.compareCaption')}</caption>
            <thead>
              <tr>
                <td />
                <th scope="col">{t('screening.side.applicant')}</th>
                <th scope="col">{otherLabel}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([label, mine, other]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td data-label={t('screening.side.applicant')}>{mine}</td>
                  <td data-label={otherLabel}>{other}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <EvidenceView evidence={hit.evidence} leftLabel={t('screening.side.applicant')} rightLabel={otherLabel} idPrefix={prefix} />
        </>
      )}
      {hit.status !== 'open' ? (
        <div class="hit-finding" data-testid="hit-finding">
          <p>
            <strong>{tOr(`screening.status.${hit.status}`, hit.status)}</strong>{' '}
            <span class="muted">{t('screening.adjudicated', { name: hit.adjudicatedBy || '?', at: formatDateTime(hit.adjudicatedAt) })}</span>
          </p>
          {hit.adjudicationReason && <p class="finding-reason">{hit.adjudicationReason}</p>}
        </div>
      ) : (
        <HitAction c={c} hit={hit} session={session} act={act} />
      )}
    </li>
  );
}

/** For an open hit: the finding form for the officer who holds the case, else what to do first. */
function HitAction({ c, hit, session, act }: { c: Case; hit: ScreeningHit; session: Session; act: Act }) {
  const isOfficer = session.role === 'officer';
  const mine = c.assignedOfficer === session.name;
  if (c.state !== 'screening-review') return <p class="muted small hit-hint">{t('screening.hint.notInReview')}</p>;
  if (!isOfficer) return <p class="muted small hit-hint">{t('screening.hint.officersOnly')}</p>;
  if (!mine) {
    return (
      <p class="muted small hit-hint" data-testid="hit-claim-first">
        {c.assignedOfficer ? t('screening.hint.heldByOther', { name: c.assignedOfficer }) : t('screening.hint.claimFirst')}
      </p>
    );
  }
  return <HitForm c={c} hit={hit} act={act} />;
}

function HitForm({ c, hit, act }: { c: Case; hit: ScreeningHit; act: Act }) {
  const form = useForm(
    { finding: '', reason: '' },
    {
      finding: [(v) => (v ? null : { key: 'screening.form.chooseFinding' })],
      reason: [rules.required(), rules.maxLength(4000)],
    },
  );
  const prefix = `hit-${hit.id}`;
  const radio = (v: HitFinding) => `${prefix}-${v}`;
  const errorId = `${prefix}-form-error`;
  const refuses = REFUSING_KINDS.includes(hit.listKind);
  const submit = async (e: Event) => {
    e.preventDefault();
    const bad = form.check();
    if (bad) return focusField(bad === 'finding' ? radio('same-person') : form.id(bad));
    const finding = form.values.finding as HitFinding;
    try {
      await act(t('screening.form.recording'), () => api.adjudicateHit(c.number, hit.id, finding, form.values.reason.trim()),
        t('screening.form.recorded'));
      // The form goes with the open hit: keyboard and screen-reader users land on the hit, now with its finding.
      requestAnimationFrame(() => document.getElementById(`${prefix}-title`)?.focus());
    } catch (err) {
      const field = form.serverError(err, { finding: 'finding', reason: 'reason' });
      if (field) focusField(field === 'finding' ? radio('same-person') : form.id(field));
      else requestAnimationFrame(() => document.getElementById(errorId)?.focus());
    }
  };
  const findingError = form.error('finding');
  return (
    <form class="action-form hit-form" noValidate onSubmit={submit} aria-labelledby={`${prefix}-form-title`}>
      <h4 id={`${prefix}-form-title`}>{t('screening.form.title')}</h4>
      <fieldset aria-describedby={`${prefix}-finding-error`} aria-required="true">
        <legend>{t('screening.form.finding')}<span class="req" aria-hidden="true"> *</span></legend>
        {(['same-person', 'not-same-person'] as const).map((v) => (
          <div class="field checkbox" key={v}>
            <input type="radio" name={`${prefix}-finding`} id={radio(v)} value={v} checked={form.values.finding === v}
              aria-invalid={findingError ? 'true' : 'false'}
              onChange={() => form.set('finding', v)} />
            <label for={radio(v)}>{t(`screening.form.${v}`)}</label>
          </div>
        ))}
        <p class="field-error" id={`${prefix}-finding-error`} aria-live="polite">{findingError ?? ''}</p>
        {refuses && <p class="hint">{t('screening.form.refusesHint', { basis: hit.legalBasis || '—' })}</p>}
      </fieldset>
      <TextAreaField form={form} name="reason" label={t('screening.form.reason')} hint={t('screening.form.reasonHint')} required />
      <div id={errorId} tabIndex={-1} class="form-error-box">
        <FormError message={form.formError} />
      </div>
      <button type="submit" class="btn btn-primary">{t('screening.form.submit')}</button>
    </form>
  );
}
