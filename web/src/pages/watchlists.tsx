// Watchlists (supervisors; officers, auditors and administrators may read it): each list with its
// kind, jurisdictions and legal basis, and every imported version: when and by whom, how many
// entries and what the import added, changed, removed and skipped, when the open cases were
// screened again against it and how many new hits that raised. No list contents.
import { formatDateTime, formatNumber, jurisdictionName, t, useLang } from '../i18n';
import { api } from '../lib/api';
import { useAsync } from '../lib/hooks';
import { Dl, ErrorBox, Loading, PageTitle, Section } from '../ui/common';
import { listKindName } from './screening';

export function WatchlistsPage() {
  useLang();
  const lists = useAsync(() => api.watchlists(), []);
  return (
    <>
      <PageTitle sub={t('watchlists.lede')}>{t('watchlists.title')}</PageTitle>
      {lists.error != null && <ErrorBox error={lists.error} onRetry={lists.reload} />}
      {!lists.data && !lists.error && <Loading />}
      {lists.data && lists.data.lists.length === 0 && <p class="muted">{t('watchlists.none')}</p>}
      {lists.data?.lists.map((l) => (
        <Section key={l.name} title={l.name} id={`list-${l.name}`} class="watchlist">
          <Dl
            items={[
              [t('watchlists.kind'), <span class={`chip list-kind list-kind-${l.kind}`}>{listKindName(l.kind)}</span>],
              [t('watchlists.jurisdictions'), l.jurisdictions.map(jurisdictionName).join(', ') || '—'],
              [t('watchlists.legalBasis'), l.legalBasis ? <cite class="legal-basis-cite">{l.legalBasis}</cite> : '—'],
              [t('watchlists.current'), <span data-testid="current-version">{l.version}</span>],
            ]}
          />
          <table class="table compact responsive versions-table">
            <caption>{t('watchlists.versionsCaption', { name: l.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('watchlists.col.version')}</th>
                <th scope="col">{t('watchlists.col.imported')}</th>
                <th scope="col">{t('watchlists.col.by')}</th>
                <th scope="col">{t('watchlists.col.entries')}</th>
                <th scope="col">{t('watchlists.col.added')}</th>
                <th scope="col">{t('watchlists.col.changed')}</th>
                <th scope="col">{t('watchlists.col.removed')}</th>
                <th scope="col">{t('watchlists.col.skipped')}</th>
                <th scope="col">{t('watchlists.col.rescreened')}</th>
                <th scope="col">{t('watchlists.col.newHits')}</th>
              </tr>
            </thead>
            <tbody>
              {l.versions.map((v) => (
                <tr key={v.version} data-version={v.version}>
                  <th scope="row" data-label={t('watchlists.col.version')}>
                    {v.version}{' '}
                    <span class="muted small mono" title={t('watchlists.sha256', { sha: v.sha256 })}>
                      {v.format} · {v.sha256.slice(0, 12)}…
                    </span>
                  </th>
                  <td data-label={t('watchlists.col.imported')}>{formatDateTime(v.importedAt)}</td>
                  <td data-label={t('watchlists.col.by')}>{v.importedBy}</td>
                  <td data-label={t('watchlists.col.entries')}>{formatNumber(v.entries)}</td>
                  <td data-label={t('watchlists.col.added')}>{formatNumber(v.added)}</td>
                  <td data-label={t('watchlists.col.changed')}>{formatNumber(v.changed)}</td>
                  <td data-label={t('watchlists.col.removed')}>{formatNumber(v.removed)}</td>
                  <td data-label={t('watchlists.col.skipped')}>{formatNumber(v.skipped)}</td>
                  <td data-label={t('watchlists.col.rescreened')}>
                    {v.rescreenedAt ? formatDateTime(v.rescreenedAt) : <span class="muted">{t('watchlists.notRescreened')}</span>}
                  </td>
                  <td data-label={t('watchlists.col.newHits')}>
                    {v.newHits > 0 ? <strong>{formatNumber(v.newHits)}</strong> : formatNumber(v.newHits)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      ))}
    </>
  );
}
