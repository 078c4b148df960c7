// Policy library: jurisdictions and kinds, each with its versions on a timeline.
import { formatDate, jurisdictionName, kindName, t, tn, useLang } from '../i18n';
import { api, today, versionInForce, type Session } from '../lib/api';
import { useAsync } from '../lib/hooks';
import { href } from '../lib/router';
import { ErrorBox, Loading, PageTitle } from '../ui/common';
import { VersionTimeline } from '../ui/timeline';

export function PoliciesPage({ session }: { session: Session | null }) {
  useLang();
  const policies = useAsync(() => api.policies(), []);
  if (policies.error) return <ErrorBox error={policies.error} onRetry={policies.reload} />;
  if (!policies.data) return <Loading />;
  const author = session?.role === 'policy-author';
  return (
    <>
      <PageTitle sub={t('policies.lede')}>{t('policies.title')}</PageTitle>
      {policies.data.jurisdictions.map((j) => (
        <section key={j.jurisdiction} class="card" aria-labelledby={`j-${j.jurisdiction}`}>
          <h2 id={`j-${j.jurisdiction}`}>{jurisdictionName(j.jurisdiction)}</h2>
          {j.kinds.map((k) => {
            const current = versionInForce(k.versions, today(j.jurisdiction));
            return (
              <div key={k.kind} class="policy-kind">
                <h3>
                  <a href={href(`/policies/${j.jurisdiction}/${k.kind}`)}>{kindName(k.kind)}</a>
                </h3>
                <p class="muted small">
                  {tn('policies.summary', k.versions.length, { date: current ? formatDate(current.takesEffect) : '—' })}
                </p>
                <VersionTimeline versions={k.versions} current={current?.takesEffect} />
                {author && (
                  <p>
                    <a class="btn btn-secondary btn-small" href={href(`/policies/${j.jurisdiction}/${k.kind}/draft`)}>
                      {t('policies.newDraft')}
                    </a>
                  </p>
                )}
              </div>
            );
          })}
        </section>
      ))}
    </>
  );
}
