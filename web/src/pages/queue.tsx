// Officer work queue: cases of the officer's jurisdictions filtered by state, kind, citizenship,
// deadline and holder, sorted by deadline (overdue first) with the days left, or by filing date
// or applicant (the server sorts: pages follow its order); claim one, several or the next waiting
// case, or open a case. A supervisor filters by officer, sees their load and assigns cases.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { countryName, formatDate, formatNumber, jurisdictionName, kindName, t, tn, useLang } from '../i18n';
import { api, daysBetween, STATES, today, type CaseSummary, type Session } from '../lib/api';
import { apiErrorText, focusField, rules, useForm } from '../lib/forms';
import { useAsync } from '../lib/hooks';
import { href, navigate, type Route } from '../lib/router';
import { Alert, CsvButton, ErrorBox, Loading, PageTitle, StateBadge, withContext } from '../ui/common';
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
    assignee: q.get('assignee') ?? '',
    claimable: q.get('claimable') ?? '',
    // "deadline" is the queue's own order, as no sort at all.
    sort: q.get('sort') === 'deadline' ? '' : q.get('sort') ?? '',
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
        assignee: filters.assignee || undefined,
        open: filters.assignee ? 'true' : undefined,
        claimable: filters.claimable === 'true' ? 'true' : undefined,
        sort: filters.sort || undefined,
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
  const officers = useAsync(
    async () => (session.role === 'supervisor' ? api.officers() : undefined),
    [route.query.toString()],
  );
  const [claimError, setClaimError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  // A selection belongs to the list it was made in: another page, filter or order clears it.
  useEffect(() => setSelected([]), [route.query.toString()]);
  const [bulkResult, setBulkResult] = useState<{ claimed: string[]; failed: string[]; officer?: string } | null>(null);
  // A supervisor's bulk assignment: to whom, and why (needed to take a case from its holder).
  const [assignTo, setAssignTo] = useState('');
  const [assignReason, setAssignReason] = useState('');
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

  // "Next case": the first case of this queue (its filters) that nobody holds, claimed at once.
  const next = async () => {
    setClaiming('next');
    setClaimError(null);
    try {
      const c = await api.claimNext({
        state: filters.state || undefined,
        kind: filters.kind || undefined,
        citizenship: filters.citizenship || undefined,
        jurisdiction: filters.jurisdiction || undefined,
        overdue: filters.overdue === 'true' ? 'true' : undefined,
      });
      navigate(`/officer/cases/${c.number}`);
    } catch (e) {
      setClaimError(apiErrorText(e));
    } finally {
      setClaiming(null);
    }
  };

  // Acts on each selected case by its own call: a case that cannot be taken (another officer
  // took it meanwhile, four eyes, out of the officer's jurisdictions, held without a reason) is
  // reported, the rest go through. `officer`: whom a supervisor assigned them to.
  const actOnSelected = async (call: (number: string) => Promise<unknown>, officer?: string) => {
    setClaiming('bulk');
    setClaimError(null);
    const claimed: string[] = [];
    const failed: string[] = [];
    for (const number of selected) {
      try {
        await call(number);
        claimed.push(number);
      } catch (e) {
        failed.push(`${number}: ${apiErrorText(e)}`);
      }
    }
    setSelected([]);
    setBulkResult({ claimed, failed, officer });
    setClaiming(null);
    list.reload();
    if (officer) officers.reload();
  };
  const claimSelected = () => actOnSelected((number) => api.claim(number));
  const assignSelected = () => {
    if (assignTo) void actOnSelected((number) => api.assign(number, assignTo, assignReason.trim()), assignTo);
  };
  const isSupervisor = session.role === 'supervisor';
  // Which rows have a checkbox: an officer selects cases to claim, a supervisor cases to assign.
  const selectable = (c: { assignedOfficer: string; state: string }) =>
    CLAIMABLE.includes(c.state) && (isSupervisor || (isOfficer && !c.assignedOfficer));
  const toggle = (number: string, on: boolean) =>
    setSelected((s) => (on ? [...s.filter((n) => n !== number), number] : s.filter((n) => n !== number)));

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
          <button type="button" class="btn btn-primary" data-testid="next-case" disabled={claiming === 'next'}
            onClick={next}>
            {t('queue.nextCase')}
          </button>
          <a class="btn btn-secondary" href={href('/officer/apply')}>{t('queue.counter')}</a>
          <a class="btn btn-secondary" href={href('/officer/asylum')} data-testid="lodge-claim">{t('asylum.lodge.title')}</a>
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
            {session.role === 'supervisor' && (
              <SelectField form={filterForm} name="assignee" label={t('queue.officer')} placeholder={t('queue.any')}
                options={(officers.data?.officers ?? []).map((o) => ({ value: o.name, label: o.name }))} />
            )}
            <CheckboxField form={filterForm} name="overdue" label={t('queue.overdueOnly')} />
          </div>
          <datalist id="queue-icao">
            {['RUS', 'BLR', 'UKR', 'KAZ', 'KGZ', 'UZB'].map((c) => <option key={c} value={c}>{countryName(c)}</option>)}
          </datalist>
          <p class="muted small" data-testid="sorted">{t(filters.sort ? `queue.sorted.${filters.sort.replace('-', 'desc-')}` : 'queue.sorted')}</p>
        </form>
        <OpenByNumber />
      </div>
      </details>

      <SavedFilters user={session.name} current={route.query} />
      <div class="quick-filters" role="group" aria-label={t('queue.quick')}>
        {isOfficer && (
          <button type="button" class="btn btn-secondary btn-small" aria-pressed={filters.assignee === 'me'}
            data-testid="quick-mine"
            onClick={() => apply({ assignee: filters.assignee === 'me' ? '' : 'me', claimable: '' })}>
            {t('queue.quickMine')}
          </button>
        )}
        <button type="button" class="btn btn-secondary btn-small" aria-pressed={filters.claimable === 'true'}
          data-testid="quick-unassigned"
          onClick={() => apply({ claimable: filters.claimable === 'true' ? '' : 'true', assignee: '' })}>
          {t('queue.quickUnassigned')}
        </button>
        <button type="button" class="btn btn-secondary btn-small" aria-pressed={filters.state === 'screening-review'}
          data-testid="quick-screening"
          onClick={() => set('state', filters.state === 'screening-review' ? '' : 'screening-review')}>
          {t('queue.quickScreening')}
          {screening.data && <span class={`chip ${screening.data.total ? 'chip-screening' : 'chip-neutral'}`}>{formatNumber(screening.data.total)}</span>}
        </button>
      </div>
      {claimError && <Alert kind="error" live>{claimError}</Alert>}
      {bulkResult && (
        <Alert kind={bulkResult.failed.length ? 'error' : 'success'} live>
          {bulkResult.officer
            ? tn('queue.bulkAssigned', bulkResult.claimed.length, { officer: bulkResult.officer })
            : tn('queue.bulkClaimed', bulkResult.claimed.length)}
          {bulkResult.failed.length > 0 && <ul>{bulkResult.failed.map((f) => <li key={f}>{f}</li>)}</ul>}
        </Alert>
      )}
      {session.role === 'supervisor' && officers.data && officers.data.officers.length > 0 && (
        <details class="card workload">
          <summary>{t('queue.workload')}</summary>
          <table class="table" data-testid="workload">
            <caption class="sr-only">{t('queue.workload')}</caption>
            <thead><tr>
              <th scope="col">{t('queue.officer')}</th>
              <th scope="col" class="num">{t('queue.held')}</th>
              <th scope="col" class="num">{t('queue.heldOverdue')}</th>
            </tr></thead>
            <tbody>
              {officers.data.officers.map((o) => (
                <tr key={o.name}>
                  <th scope="row"><a href={href('/officer', { assignee: o.name })}>{o.name}</a></th>
                  <td class="num">{formatNumber(o.held)}</td>
                  <td class="num">{formatNumber(o.overdue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      {list.error != null && <ErrorBox error={list.error} onRetry={list.reload} />}
      {!data && !list.error && <Loading />}
      {data && (
        <>
          <p role="status" aria-live="polite" class="count">
            {data.totalExact === false ? t('queue.countMore', { n: formatNumber(data.total) }) : tn('queue.count', data.total)}
          </p>
          <p class="table-tools">
            <CsvButton name="cases.csv" label={t('queue.csv')} rows={() => [
              [t('queue.col.number'), t('queue.col.applicant'), t('queue.col.kind'), t('queue.col.citizenship'), t('queue.col.filed'),
                t('queue.col.deadline'), t('queue.col.daysLeft'), t('queue.col.state'), t('queue.col.officer')],
              ...data.cases.map((c) => [c.number, c.applicantName, kindName(c.kind), c.citizenships.join(' '), c.filingDate, c.deadline,
                OPEN.includes(c.state) ? daysLeft(c.deadline, c.jurisdiction) : '', t(`state.${c.state}`), c.assignedOfficer]),
            ]} />
          </p>
          {isOfficer && data.cases.some((c) => !c.assignedOfficer && CLAIMABLE.includes(c.state)) && (
            <p class="bulk-actions">
              <button type="button" class="btn btn-secondary btn-small" data-testid="claim-selected"
                disabled={!selected.length || claiming === 'bulk'} onClick={claimSelected}>
                {tn('queue.claimSelected', selected.length)}
              </button>
            </p>
          )}
          {isSupervisor && data.cases.some(selectable) && (officers.data?.officers.length ?? 0) > 0 && (
            <div class="bulk-actions bulk-assign" data-testid="bulk-assign">
              <label>
                {t('queue.assignTo')}{' '}
                <select value={assignTo} onChange={(e) => setAssignTo((e.target as HTMLSelectElement).value)} data-testid="assign-to">
                  <option value="">{t('apply.choose')}</option>
                  {officers.data!.officers.map((o) => <option key={o.name} value={o.name}>{o.name}</option>)}
                </select>
              </label>{' '}
              <label>
                {t('queue.assignReason')}{' '}
                <input type="text" value={assignReason} maxLength={4000} data-testid="assign-reason"
                  onInput={(e) => setAssignReason((e.target as HTMLInputElement).value)} />
              </label>{' '}
              <button type="button" class="btn btn-secondary btn-small" data-testid="assign-selected"
                disabled={!selected.length || !assignTo || claiming === 'bulk'} onClick={assignSelected}>
                {tn('queue.assignSelected', selected.length)}
              </button>
            </div>
          )}
          <table class="table responsive" aria-busy={list.loading}>
            <caption class="sr-only">{t('queue.caption')}</caption>
            <thead>
              <tr>
                {(isOfficer || isSupervisor) && <th scope="col"><span class="sr-only">{t('queue.col.select')}</span></th>}
                <th scope="col">{t('queue.col.number')}</th>
                <SortHeader label={t('queue.col.applicant')} sort={filters.sort} orders={['name']} onSort={(s) => set('sort', s)} />
                <th scope="col">{t('queue.col.kind')}</th>
                <th scope="col">{t('queue.col.citizenship')}</th>
                <SortHeader label={t('queue.col.filed')} sort={filters.sort} orders={['-filed', 'filed']} onSort={(s) => set('sort', s)} />
                <SortHeader label={t('queue.col.deadline')} sort={filters.sort} orders={['']} onSort={(s) => set('sort', s)} />
                <th scope="col">{t('queue.col.state')}</th>
                <th scope="col">{t('queue.col.officer')}</th>
                <th scope="col"><span class="sr-only">{t('queue.col.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {data.cases.map((c) => (
                <tr key={c.number} class={c.overdue ? 'overdue' : ''} data-number={c.number}>
                  {(isOfficer || isSupervisor) && (
                    <td class="select">
                      {selectable(c) && (
                        <input type="checkbox" checked={selected.includes(c.number)}
                          aria-label={t('queue.selectCase', { number: c.number })}
                          onChange={(e) => toggle(c.number, (e.target as HTMLInputElement).checked)} />
                      )}
                    </td>
                  )}
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
                    {formatDate(c.deadline)}
                    {/* The time left under the date: one column, so the table fits in every language. */}
                    <span class="days-left"><DaysLeft summary={c} /></span>
                  </td>
                  <td data-label={t('queue.col.state')}><StateBadge state={c.state} /></td>
                  <td data-label={t('queue.col.officer')}>{c.assignedOfficer || <span class="muted">{t('queue.unassigned')}</span>}</td>
                  <td class="actions">
                    {isOfficer && !c.assignedOfficer && CLAIMABLE.includes(c.state) ? (
                      <button type="button" class="btn btn-primary btn-small" disabled={claiming === c.number}
                        onClick={() => claim(c.number)} aria-label={withContext(t('queue.claim'), c.number)}>
                        {t('queue.claim')}
                      </button>
                    ) : (
                      <a class="btn btn-secondary btn-small" href={href(`/officer/cases/${c.number}`)} aria-label={withContext(t('queue.open'), c.number)}>
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

/** The filters an officer keeps under a name, in this browser (the URL's query without paging). */
interface SavedFilter {
  name: string;
  query: string;
}

function savedKey(user: string) {
  return `tamga.queueFilters.${user}`;
}

function loadSaved(user: string): SavedFilter[] {
  try {
    const list = JSON.parse(localStorage.getItem(savedKey(user)) ?? '[]');
    return Array.isArray(list) ? list.filter((f) => typeof f?.name === 'string' && typeof f?.query === 'string') : [];
  } catch {
    return [];
  }
}

function SavedFilters({ user, current }: { user: string; current: URLSearchParams }) {
  const [saved, setSaved] = useState<SavedFilter[]>(() => loadSaved(user));
  const form = useForm({ name: '' }, { name: [rules.required(), rules.maxLength(60)] });
  const query = new URLSearchParams(current);
  query.delete('trail');
  const store = (next: SavedFilter[]) => {
    setSaved(next);
    try {
      localStorage.setItem(savedKey(user), JSON.stringify(next));
    } catch {
      /* storage may be unavailable: the list lasts for this page */
    }
  };
  return (
    <div class="saved-filters" role="group" aria-label={t('queue.saved')}>
      {saved.map((f) => (
        <span key={f.name} class="saved-filter">
          <a class="btn btn-secondary btn-small" href={href('/officer', Object.fromEntries(new URLSearchParams(f.query)))}
            aria-current={f.query === query.toString() ? 'true' : undefined}>{f.name}</a>
          <button type="button" class="btn btn-link btn-small" aria-label={t('queue.savedRemove', { name: f.name })}
            onClick={() => store(saved.filter((x) => x.name !== f.name))}><span aria-hidden="true">×</span></button>
        </span>
      ))}
      {query.toString() && (
        <details class="save-filter">
          <summary class="btn btn-secondary btn-small">{t('queue.saveFilters')}</summary>
          <form noValidate onSubmit={(e) => {
            e.preventDefault();
            const bad = form.check();
            if (bad) return focusField(form.id(bad));
            const name = form.values.name.trim();
            store([...saved.filter((x) => x.name !== name), { name, query: query.toString() }]);
            form.reset();
          }}>
            <TextField form={form} name="name" label={t('queue.savedName')} required autocomplete="off" />
            <button type="submit" class="btn btn-primary btn-small">{t('queue.save')}</button>
          </form>
        </details>
      )}
    </div>
  );
}

const OPEN = ['submitted', 'awaiting-documents', 'ready-for-review', 'validated', 'screening-review', 'appealed'];

/** Whole days from the jurisdiction's today to the statutory deadline, for an open case. */
export function daysLeft(deadline: string, jurisdiction: string): number {
  return daysBetween(today(jurisdiction), deadline);
}

function DaysLeft({ summary }: { summary: CaseSummary }) {
  if (!OPEN.includes(summary.state)) return <span class="muted">—</span>;
  const n = daysLeft(summary.deadline, summary.jurisdiction);
  if (n < 0) return <span class="chip chip-missing">{tn('queue.daysOverdue', -n)}</span>;
  if (n === 0) return <span class="chip chip-missing">{t('queue.dueToday')}</span>;
  return <span class={n <= 7 ? 'chip chip-screening' : ''}>{tn('queue.daysLeft', n)}</span>;
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

/**
 * A column header that sorts the list by the server's order for it (`orders`: the sort values it
 * cycles through; '' is the queue's own, by deadline). aria-sort says which way it is sorted.
 */
function SortHeader({ label, sort, orders, onSort }: { label: string; sort: string; orders: string[]; onSort: (sort: string) => void }) {
  const active = orders.indexOf(sort);
  const descending = active >= 0 && orders[active].startsWith('-');
  const next = orders[(active + 1) % orders.length];
  return (
    <th scope="col" aria-sort={active < 0 ? undefined : descending ? 'descending' : 'ascending'}>
      <button type="button" class="sort-button" data-sort={orders.join(' ')}
        aria-label={withContext(label, t(active < 0 ? 'queue.sortBy' : 'queue.sortOther'))}
        onClick={() => onSort(active < 0 ? orders[0] : next)}>
        {label}
        <span aria-hidden="true" class="sort-mark">{active < 0 ? ' ↕' : descending ? ' ↓' : ' ↑'}</span>
      </button>
    </th>
  );
}
