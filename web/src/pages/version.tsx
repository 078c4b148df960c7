// One policy version: what law it models, its rules with reasons and citations, and its models
// in dmn-js (requirement graph and decision tables).
import { useState } from 'preact/hooks';
import { formatDate, jurisdictionName, kindName, t, useLang } from '../i18n';
import type { Session } from '../lib/api';
import { loadVersion } from '../lib/dmn';
import { useAsync } from '../lib/hooks';
import { href, navigate, type Route } from '../lib/router';
import { Dl, ErrorBox, Loading, PageTitle, Section } from '../ui/common';
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
      <PageTitle sub={d.title}>{t('version.title', { date: formatDate(d.takesEffect) })}</PageTitle>
      <Section title={t('version.about')}>
        <Dl
          items={[
            [t('version.id'), <code>{d.id}</code>],
            [t('version.legalAct'), d.legalAct],
            [t('version.article'), d.article],
            [t('version.period'), d.ends ? t('version.periodClosed', { from: formatDate(d.takesEffect), to: formatDate(d.ends) }) : t('version.periodOpen', { from: formatDate(d.takesEffect) })],
            [t('version.decision'), d.decision],
            [t('version.deadline'), t('apply.deadline', { n: d.deadlineDays })],
            [t('version.hash'), <code class="wrap-anywhere">{d.contentHash}</code>],
          ]}
        />
        {session?.role === 'policy-author' && (
          <p>
            <a class="btn btn-primary" href={href(`/policies/${j}/${k}/draft`, { from: d.takesEffect })}>{t('version.draftFrom')}</a>
          </p>
        )}
      </Section>
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
                <td data-label={t('version.reason')}>{r.reason || <span class="muted">—</span>}</td>
                <td data-label={t('case.col.citation')}>{r.citation || <span class="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </>
  );
}
