// Officer work queue: cases of the officer's jurisdictions filtered by state, kind, citizenship
// and deadline, sorted by deadline (overdue first); claim from the list or open a case.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { countryName, formatDate, formatNumber, jurisdictionName, kindName, t, tn, useLang } from '../i18n';
import { api, STATES, type Session } from '../lib/api';
import { apiErrorText, focusField, rules, useForm } from '../lib/forms';
import { useAsync } from '../lib/hooks';
import { href, navigate, type Route } from '../lib/router';
import { Alert, ErrorBox, Loading, PageTitle, StateBadge } from '../ui/common';
import { CheckboxField, FormError, SelectField, TextField } from '../ui/fields';

const PAGE_SIZE = 25;
const CLAIMABLE = ['awaiting-documents', 'ready-for-review', 'validated', 'screening-review', 'appealed'];

export function QueuePage({ session, route }: { session: Session; route: Route }) {
  useLang();
  const q = route.query;
  const filters = {
    state: q.get('state') ?? '',
    kind: q.get('kind') ?? '',
    citizenship: q.get('citizenship') ?? '',
    jurisdiction: q.get('jurisdiction') ?? '',
    overdue: q.get('overdue') ?? '',
  };
  // Pages follow the server's cursors (keyset paging: page 1,000 costs what page 1 does); the
  // trail of cursors that led here is in the URL, so Previous and a reload work.
  const trail = (q.get('trail') ?? '').split('~').filter(Boolean);
  const page = trail.length + 1;
  const policies = useAsync(() => api.policies(), []);
  const list = useAsync(
    async () =>
      session.role === 'auditor' ? undefined : api.cases({
        state: filters.state,
        kind: filters.kind,
        citizenship: filters.citizenship,
        jurisdiction: filters.jurisdiction,
        overdue: filters.overdue === 'true' ? 'true' : undefined,
        cursor: trail.length ? trail[trail.length - 1] : undefined,
        pageSize: PAGE_SIZE,
      }),
    [route.query.toString()],
  );
  // How many cases wait for an officer's finding on a screening hit (whatever the other filters).
  const screening = useAsync(
    async () => (session.role === 'auditor' ? undefined : api.cases({ state: 'screening-review', page: 1, pageSize: 1 })),
    [route.query.toString()],
  );
  const [claimError, setClaimError] = useState<string | null>(null);
  // Filters are open on wide screens and behind a toggle on phones.
  const [wide] = useState(() => window.matchMedia('(min-width: 720px)').matches || Object.values(filters).some(Boolean));
  const [claiming, setClaiming] = useState<string | null>(null);

  const form = useForm(
    { ...filters },
    { citizenship: [rules.icao()] },
  );
  const apply = (next: Partial<typeof filters>) => {
    const merged = { ...form.values, ...next };
    if (merged.citizenship && !/^[A-Z]{3}$/.test(merged.citizenship)) return;
    navigate('/officer', { ...merged, trail: undefined }, true);
  };
  const set = (name: keyof typeof filters, value: string) => {
    form.set(name, value);
    apply({ [name]: value });
  };
  const filterForm = { ...form, set };

  const kinds = [...new Set((policies.data?.jurisdictions ?? []).flatMap((j) => j.kinds.map((k) => k.kind)))];
  const jurisdictions = session.jurisdictions.includes('*')
    ? (policies.data?.jurisdictions ?? []).map((j) => j.jurisdiction)
    : session.jurisdictions;
  const isOfficer = session.role === 'officer';

  const claim = async (number: string) => {
    setClaiming(number);
    setClaimError(null);
    try {
      await api.claim(number);
      navigate(`/officer/cases/${number}`);
    } catch (e) {
      setClaimError(`${number}: ${apiErrorText(e)}`);
      list.reload();
    } finally {
      setClaiming(null);
    }
  };

  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  if (session.role === 'auditor') {
    // Auditors read cases and their audit trails by number; they do not list cases.
    return (
      <>
        <PageTitle sub={t('queue.auditorLede')}>{t('queue.titleRead')}</PageTitle>
        <div class="narrow"><OpenByNumber /></div>
      </>
    );
  }

  return (
    <>
      <PageTitle sub={t('queue.lede', { jurisdictions: jurisdictions.map(jurisdictionName).join(', ') })}>
        {session.role === 'officer' ? t('queue.title') : t('queue.titleRead')}
      </PageTitle>
      {isOfficer && (
        <p class="page-actions">
          <a class="btn btn-secondary" href={href('/officer/apply')}>{t('queue.counter')}</a>
        </p>
      )}
      <details class="tools" open={wide}>
      <summary class="btn btn-secondary">{t('queue.filtersToggle')}</summary>
      <div class="queue-tools">
        <form class="card filters" role="search" aria-label={t('queue.filters')} onSubmit={(e) => { e.preventDefault(); apply({}); }}>
          <h2 class="sr-only">{t('queue.filters')}</h2>
          <div class="filter-row">
            <SelectField form={filterForm} name="state" label={t('queue.state')} placeholder={t('queue.any')}
              options={STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))} />
            <SelectField form={filterForm} name="kind" label={t('queue.kind')} placeholder={t('queue.any')}
              options={kinds.map((k) => ({ value: k, label: kindName(k) }))} />
            <TextField form={filterForm} name="citizenship" label={t('queue.citizenship')} hint={t('apply.icaoHint')}
              list="queue-icao" transform={(s) => s.toUpperCase()} />
            {jurisdictions.length > 1 && (
              <SelectField form={filterForm} name="jurisdiction" label={t('queue.jurisdiction')} placeholder={t('queue.any')}
                options={jurisdictions.map((j) => ({ value: j, label: jurisdictionName(j) }))} />
            )}
            <CheckboxField form={filterForm} name="overdue" label={t('queue.overdueOnly')} />
          </div>
          <datalist id="queue-icao">
            {['RUS', 'BLR', 'UKR', 'KAZ', 'KGZ', 'UZB'].map((c) => <option key={c} value={c}>{countryName(c)}</option>)}
          </datalist>
          <p class="muted small">{t('queue.sorted')}</p>
        </form>
        <OpenByNumber />
      </div>
      </details>

      <div class="quick-filters" role="group" aria-label={t('queue.quick')}>
        <button type="button" class="btn btn-secondary btn-small" aria-pressed={filters.state === 'screening-review'}
          data-testid="quick-screening"
          onClick={() => set('state', filters.state === 'screening-review' ? '' : 'screening-review')}>
          {t('queue.quickScreening')}
          {screening.data && <span class={`chip ${screening.data.total ? 'chip-screening' : 'chip-neutral'}`}>{formatNumber(screening.data.total)}</span>}
        </button>
      </div>
      {claimError && <Alert kind="error" live>{claimError}</Alert>}
      {list.error != null && <ErrorBox error={list.error} onRetry={list.reload} />}
      {!data && !list.error && <Loading />}
      {data && (
        <>
          <p role="status" aria-live="polite" class="count">
            {data.totalExact === false ? t('queue.countMore', { n: formatNumber(data.total) }) : tn('queue.count', data.total)}
          </p>
          <table class="table responsive" aria-busy={list.loading}>
            <caption class="sr-only">{t('queue.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('queue.col.number')}</th>
                <th scope="col">{t('queue.col.applicant')}</th>
                <th scope="col">{t('queue.col.kind')}</th>
                <th scope="col">{t('queue.col.citizenship')}</th>
                <th scope="col">{t('queue.col.filed')}</th>
                <th scope="col">{t('queue.col.deadline')}</th>
                <th scope="col">{t('queue.col.state')}</th>
                <th scope="col">{t('queue.col.officer')}</th>
                <th scope="col"><span class="sr-only">{t('queue.col.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {data.cases.map((c) => (
                <tr key={c.number} class={c.overdue ? 'overdue' : ''} data-number={c.number}>
                  <th scope="row" data-label={t('queue.col.number')}>
                    <a href={href(`/officer/cases/${c.number}`)} class="mono">{c.number}</a>
                  </th>
                  <td data-label={t('queue.col.applicant')}>{c.applicantName}</td>
                  <td data-label={t('queue.col.kind')}>{kindName(c.kind)}</td>
                  <td data-label={t('queue.col.citizenship')}>
                    {c.citizenships.map((x) => <abbr key={x} title={countryName(x)}>{x}</abbr>).reduce<ComponentChildren[]>((a, el, i) => (i ? [...a, ', ', el] : [el]), [])}
                  </td>
                  <td data-label={t('queue.col.filed')}>{formatDate(c.filingDate)}</td>
                  <td data-label={t('queue.col.deadline')}>
                    {formatDate(c.deadline)} {c.overdue && <span class="chip chip-missing">{t('queue.overdue')}</span>}
                  </td>
                  <td data-label={t('queue.col.state')}><StateBadge state={c.state} /></td>
                  <td data-label={t('queue.col.officer')}>{c.assignedOfficer || <span class="muted">{t('queue.unassigned')}</span>}</td>
                  <td class="actions">
                    {isOfficer && !c.assignedOfficer && CLAIMABLE.includes(c.state) ? (
                      <button type="button" class="btn btn-primary btn-small" disabled={claiming === c.number}
                        onClick={() => claim(c.number)} aria-label={t('queue.claimCase', { number: c.number })}>
                        {t('queue.claim')}
                      </button>
                    ) : (
                      <a class="btn btn-secondary btn-small" href={href(`/officer/cases/${c.number}`)} aria-label={t('queue.openCase', { number: c.number })}>
                        {t('queue.open')}
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.total === 0 && <p class="muted">{t('queue.empty')}</p>}
          <nav class="pager" aria-label={t('queue.pages')}>
            <a class={`btn btn-secondary ${page <= 1 ? 'disabled' : ''}`} aria-disabled={page <= 1}
              href={page > 1 ? href('/officer', { ...filters, trail: trail.slice(0, -1).join('~') || undefined }) : undefined}>
              {t('queue.prev')}
            </a>
            <span>{data.totalExact === false ? t('queue.pageOnly', { page }) : t('queue.page', { page, pages: Math.max(pages, page) })}</span>
            <a class={`btn btn-secondary ${data.next ? '' : 'disabled'}`} aria-disabled={!data.next}
              href={data.next ? href('/officer', { ...filters, trail: [...trail, data.next].join('~') }) : undefined}>
              {t('queue.next')}
            </a>
          </nav>
        </>
      )}
    </>
  );
}

function OpenByNumber() {
  const form = useForm({ number: '' }, {
    number: [rules.required(), (v) => (!v || /^[A-Z]{2}-\d{4}-\d{6}$/.test(v.trim()) ? null : { key: 'v.number' })],
  });
  return (
    <form class="card open-by-number" onSubmit={(e) => {
      e.preventDefault();
      const bad = form.check();
      if (bad) return focusField(form.id(bad));
      navigate(`/officer/cases/${form.values.number.trim()}`);
    }} noValidate>
      <TextField form={form} name="number" label={t('queue.openByNumber')} hint={t('lookup.numberHint')}
        transform={(s) => s.toUpperCase()} autocomplete="off" />
      <FormError message={form.formError} />
      <button type="submit" class="btn btn-secondary">{t('queue.open')}</button>
    </form>
  );
}
