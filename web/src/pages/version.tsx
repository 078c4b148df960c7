// One policy version: what law it models, its rules with reasons and citations, and its models
// in dmn-js (requirement graph and decision tables).
import { useState } from 'preact/hooks';
import { docName, formatDate, groundCitation, groundReason, jurisdictionName, kindName, purposeName, t, tOr, useLang } from '../i18n';
import type { Session } from '../lib/api';
import { loadVersion } from '../lib/dmn';
import { useAsync } from '../lib/hooks';
import { href, navigate, type Route } from '../lib/router';
import { Alert, Dl, ErrorBox, IllustrativeBadge, LegalBasisView, Loading, PageTitle, Section } from '../ui/common';
import { DmnEditor } from '../ui/dmn';

export function VersionPage({ session, j, k, date, route }: { session: Session | null; j: string; k: string; date: string; route: Route }) {
  useLang();
  const v = useAsync(() => loadVersion(j, k, date), [j, k, date]);
  const [file, setFile] = useState(0);
  const view = route.query.get('view') ?? undefined;
  if (v.error) return <ErrorBox error={v.error} onRetry={v.reload} />;
  if (!v.data) return <Loading />;
  const d = v.data;
  return (
    <>
      <p class="breadcrumb">
        <a href={href('/policies')}>{t('policies.title')}</a> › <a href={href(`/policies/${j}/${k}`)}>{`${jurisdictionName(j)} · ${kindName(k)}`}</a>
      </p>
      <PageTitle sub={d.title}>
        {t('version.title', { date: formatDate(d.takesEffect) })}
        {d.illustrative && <> <IllustrativeBadge /></>}
      </PageTitle>
      {d.illustrative && (
        <Alert kind="warning">
          <p>{t('policy.illustrativeText')}</p>
        </Alert>
      )}
      <Section title={t('version.about')}>
        <Dl
          items={[
            [t('version.id'), <code>{d.id}</code>],
            ...(d.legalBasis ? [] : ([[t('version.legalAct'), d.legalAct], [t('version.article'), d.article]] as [string, string][])),
            [t('version.period'), d.ends ? t('version.periodClosed', { from: formatDate(d.takesEffect), to: formatDate(d.ends) }) : t('version.periodOpen', { from: formatDate(d.takesEffect) })],
            ...(d.appliesTo && !d.legalBasis ? ([[t('basis.appliesTo'), tOr(`appliesTo.${d.appliesTo}`, d.appliesTo)]] as [string, string][]) : []),
            [t('version.decision'), d.decision],
            [t('version.deadline'), t('apply.deadline', { n: d.deadlineDays })],
            ...(d.refusalForm ? ([[t('version.refusalForm'), tOr(`refusalForm.${d.refusalForm}`, d.refusalForm)]] as [string, string][]) : []),
            ...(d.approval
              ? ([[t('version.approval'), t('version.approvedBy', { proposer: d.approval.proposedBy, approver: d.approval.approvedBy, date: formatDate(d.approval.approvedAt.slice(0, 10)) })]] as [string, string][])
              : []),
            [t('version.hash'), <code class="wrap-anywhere">{d.contentHash}</code>],
          ]}
        />
        {session?.role === 'policy-author' && (
          <p>
            <a class="btn btn-primary" href={href(`/policies/${j}/${k}/draft`, { from: d.takesEffect })}>{t('version.draftFrom')}</a>
          </p>
        )}
      </Section>
      {d.legalBasis && (
        <Section title={t('basis.title')} id="legal-basis">
          <LegalBasisView basis={d.legalBasis} appliesTo={d.appliesTo} />
        </Section>
      )}
      {(!!d.purposes?.length || !!d.documents) && (
        <Section title={t('version.purposesDocs')} id="purposes">
          <div class="grid-2">
            {!!d.purposes?.length && (
              <div>
                <h3>{t('version.purposes')}</h3>
                <ul class="plain-list">
                  {d.purposes.map((p) => <li key={p.code}>{purposeName(p.code, d.purposes)} <code class="muted">{p.code}</code></li>)}
                </ul>
              </div>
            )}
            {d.documents && (
              <div>
                <h3>{t('version.documents')}</h3>
                <ul class="plain-list">
                  {Object.keys(d.documents).map((k) => <li key={k}>{docName(k, d.documents)} <code class="muted">{k}</code></li>)}
                </ul>
              </div>
            )}
          </div>
        </Section>
      )}
      <Section title={t('version.models')} id="models">
        {d.files.length > 1 && (
          <div class="field">
            <label for="dmn-file">{t('version.file')}</label>
            <select id="dmn-file" value={file} onChange={(e) => setFile(Number((e.currentTarget as HTMLSelectElement).value))}>
              {d.files.map((f, i) => <option key={f.name} value={i}>{f.name}</option>)}
            </select>
          </div>
        )}
        <p class="muted small">{t('version.fileName', { name: d.files[file]?.name ?? '' })}</p>
        {d.files[file] && (
          <DmnEditor xml={d.files[file].xml} label={d.files[file].name} initialView={view}
            onView={(id) => navigate(`/policies/${j}/${k}/versions/${date}`, { view: id }, true)} />
        )}
      </Section>
      <Section title={t('version.rules')} id="rules">
        <table class="table compact responsive">
          <thead>
            <tr>
              <th scope="col">{t('case.col.rule')}</th>
              <th scope="col">{t('version.reason')}</th>
              <th scope="col">{t('case.col.citation')}</th>
            </tr>
          </thead>
          <tbody>
            {d.rules.map((r) => (
              <tr key={r.id}>
                <td data-label={t('case.col.rule')}><code>{r.id}</code></td>
                <td data-label={t('version.reason')}>{groundReason(r) || <span class="muted">—</span>}</td>
                <td data-label={t('case.col.citation')}>{groundCitation(r) || <span class="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </>
  );
}
