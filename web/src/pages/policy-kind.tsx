// One (jurisdiction, kind): its versions in order, each with the law it models.
import { formatDate, jurisdictionName, kindName, t, tOr, useLang } from '../i18n';
import { api, today, versionInForce, type Session } from '../lib/api';
import { useAsync } from '../lib/hooks';
import { href } from '../lib/router';
import { ErrorBox, IllustrativeBadge, Loading, PageTitle } from '../ui/common';
import { VersionTimeline } from '../ui/timeline';
import { ProposalList } from './proposal';

export function PolicyKindPage({ session, j, k }: { session: Session | null; j: string; k: string }) {
  useLang();
  const policies = useAsync(() => api.policies(), []);
  if (policies.error) return <ErrorBox error={policies.error} onRetry={policies.reload} />;
  if (!policies.data) return <Loading />;
  const versions = policies.data.jurisdictions.find((x) => x.jurisdiction === j)?.kinds.find((x) => x.kind === k)?.versions ?? [];
  const current = versionInForce(versions, today(j));
  return (
    <>
      <p class="breadcrumb"><a href={href('/policies')}>{t('policies.title')}</a></p>
      <PageTitle sub={t('policyKind.lede')}>{`${jurisdictionName(j)} · ${kindName(k)}`}</PageTitle>
      <section class="card">
        <h2>{t('policyKind.timeline')}</h2>
        <VersionTimeline versions={versions} current={current?.takesEffect} />
        {session?.role === 'policy-author' && (
          <p><a class="btn btn-primary" href={href(`/policies/${j}/${k}/draft`)}>{t('policies.newDraft')}</a></p>
        )}
      </section>
      {session && ['policy-author', 'supervisor', 'auditor', 'admin'].includes(session.role) && <ProposalList j={j} k={k} />}
      <ol class="versions">
        {[...versions].reverse().map((v) => (
          <li key={v.id} class="card">
            <h2>
              <a href={href(`/policies/${j}/${k}/versions/${v.takesEffect}`)}>
                {t('policyKind.from', { date: formatDate(v.takesEffect) })}
              </a>{' '}
              {v === current && <span class="chip chip-ok">{t('policyKind.inForce')}</span>}{' '}
              {v.illustrative && <IllustrativeBadge />}
            </h2>
            <p>{v.title}</p>
            <p class="muted small">
              {v.legalBasis?.act ?? v.legalAct} — {v.legalBasis?.article ?? v.article}
            </p>
            <p class="small">
              {v.legalBasis && <span class={`chip basis-${v.legalBasis.status}`}>{tOr(`basis.status.${v.legalBasis.status}`, v.legalBasis.status)}</span>}{' '}
              {v.legalBasis?.adopted && <span class="muted">{t('basis.adoptedOn', { date: formatDate(v.legalBasis.adopted) })} · </span>}
              {v.legalBasis?.published && <span class="muted">{t('basis.publishedOn', { date: formatDate(v.legalBasis.published) })} · </span>}
              {v.appliesTo && <span class="muted">{tOr(`appliesTo.${v.appliesTo}`, v.appliesTo)}</span>}
            </p>
            <p class="muted small">
              {v.ends ? t('policyKind.ends', { date: formatDate(v.ends) }) : t('policyKind.noEnd')} ·{' '}
              {t('apply.deadline', { n: v.deadlineDays })}
            </p>
          </li>
        ))}
      </ol>
    </>
  );
}
