// Supervisor: open cases now (overdue, due within the week), backlog by state, applications
// received and decided per day, the share decided within the statutory deadline and the oldest
// open cases, over a chosen period (by default the 90 days to today: it does not move when a case
// is filed). Every table downloads as CSV.
import { useEffect } from 'preact/hooks';
import { formatDate, formatNumber, jurisdictionName, kindName, stateName, t, useLang } from '../i18n';
import { addDays, api, daysBetween, OPEN_STATES, today, type Session } from '../lib/api';
import { focusField, rules, useForm } from '../lib/forms';
import { useAsync } from '../lib/hooks';
import { href, navigate, type Route } from '../lib/router';
import { CsvButton, ErrorBox, Loading, PageTitle, Section, StateBadge } from '../ui/common';
import { HBarChart, ShareRing, TimeChart } from '../ui/charts';
import { FormError, SelectField, TextField } from '../ui/fields';

const PRESETS: [string, number][] = [
  ['30', 30],
  ['90', 90],
  ['365', 365],
];

export function DashboardPage({ session, route }: { session: Session; route: Route }) {
  useLang();
  const policies = useAsync(() => api.policies(), []);
  const firstDay =
    policies.data?.jurisdictions.flatMap((j) => j.kinds.flatMap((k) => k.versions.map((v) => v.takesEffect))).sort()[0] ?? null;
  // Without a chosen period: the 90 days to today, whatever was filed or decided since.
  const to = route.query.get('to') ?? today();
  const from = route.query.get('from') ?? addDays(to, -89);
  const jurisdiction = route.query.get('jurisdiction') ?? '';
  const stats = useAsync(() => api.stats({ from, to, jurisdiction }), [from, to, jurisdiction]);
  const jurisdictions = session.jurisdictions.includes('*')
    ? (policies.data?.jurisdictions ?? []).map((j) => j.jurisdiction)
    : session.jurisdictions;

  const form = useForm(
    { from, to, jurisdiction },
    {
      from: [rules.required(), rules.date()],
      to: [rules.required(), rules.date(), rules.after('from', 'v.toBeforeFrom')],
    },
  );
  const go = (q: { from?: string; to?: string; jurisdiction?: string }) =>
    navigate('/supervisor', { from: q.from, to: q.to, jurisdiction: q.jurisdiction || undefined }, true);
  const submit = (e: Event) => {
    e.preventDefault();
    const bad = form.check();
    if (bad) return focusField(form.id(bad));
    go(form.values);
  };
  const preset = (days: number | null) => {
    const f = days === null ? [firstDay ?? today(), addDays(today(), -3650)].sort()[1] : addDays(today(), -(days - 1));
    form.setMany({ from: f, to: today() });
    go({ from: f, to: today(), jurisdiction: form.values.jurisdiction });
  };

  const s = stats.data;
  useEffect(() => {
    if (s) form.setMany({ from: s.from, to: s.to });
  }, [s?.from, s?.to]);
  const received = s ? s.receivedPerDay.reduce((a, p) => a + p.count, 0) : 0;
  const decided = s ? s.decidedPerDay.reduce((a, p) => a + p.count, 0) : 0;
  const backlogTotal = s ? Object.entries(s.backlog).filter(([k]) => OPEN_STATES.includes(k as never)).reduce((a, [, n]) => a + n, 0) : 0;
  const backlogBars = s
    ? Object.entries(s.backlog)
        .filter(([state]) => OPEN_STATES.includes(state as never))
        .sort((a, b) => OPEN_STATES.indexOf(a[0] as never) - OPEN_STATES.indexOf(b[0] as never))
        .map(([state, n]) => ({ key: state, label: stateName(state), value: n, cls: `state-${state}` }))
    : [];

  return (
    <>
      <PageTitle sub={t('dash.lede')}>{t('dash.title')}</PageTitle>
      <form class="card period" onSubmit={submit} noValidate aria-label={t('dash.period')}>
        <div class="filter-row">
          <TextField form={form} name="from" type="date" label={t('dash.from')} required />
          <TextField form={form} name="to" type="date" label={t('dash.to')} required />
          {jurisdictions.length > 1 && (
            <SelectField form={form} name="jurisdiction" label={t('queue.jurisdiction')} placeholder={t('queue.any')}
              options={jurisdictions.map((j) => ({ value: j, label: jurisdictionName(j) }))} />
          )}
          <div class="field">
            <span class="label-like" aria-hidden="true">&nbsp;</span>
            <button type="submit" class="btn btn-primary">{t('dash.show')}</button>
          </div>
        </div>
        <div class="presets" role="group" aria-label={t('dash.presets')}>
          {PRESETS.map(([k, d]) => (
            <button key={k} type="button" class="btn btn-secondary btn-small" onClick={() => preset(d)}>{t(`dash.preset.${k}`)}</button>
          ))}
          <button type="button" class="btn btn-secondary btn-small" onClick={() => preset(null)}>{t('dash.preset.all')}</button>
        </div>
        <FormError message={form.formError} />
      </form>

      {stats.error != null && <ErrorBox error={stats.error} onRetry={stats.reload} />}
      {!s && !stats.error && <Loading />}
      {s && (
        <div aria-busy={stats.loading}>
          <p class="muted" role="status">{t('dash.showing', { from: formatDate(s.from), to: formatDate(s.to) })}</p>
          <ul class="kpis" data-testid="kpis">
            <li><span class="kpi-value" data-testid="kpi-received">{formatNumber(received)}</span><span class="kpi-label">{t('dash.kpi.received')}</span></li>
            <li><span class="kpi-value" data-testid="kpi-decided">{formatNumber(decided)}</span><span class="kpi-label">{t('dash.kpi.decided')}</span></li>
            <li><span class="kpi-value" data-testid="kpi-backlog">{formatNumber(backlogTotal)}</span><span class="kpi-label">{t('dash.kpi.backlog')}</span></li>
            <li>
              <a class="kpi-value" data-testid="kpi-overdue" href={href('/officer', { overdue: 'true', jurisdiction: jurisdiction || undefined })}>
                {formatNumber(s.open?.overdue ?? 0)}
              </a>
              <span class="kpi-label">{t('dash.kpi.overdue')}</span>
            </li>
            <li><span class="kpi-value" data-testid="kpi-due-week">{formatNumber(s.open?.dueWithinWeek ?? 0)}</span><span class="kpi-label">{t('dash.kpi.dueWeek')}</span></li>
            <li>
              <span class="kpi-value" data-testid="kpi-within">
                {s.decidedWithinDeadline.decided ? formatNumber(s.decidedWithinDeadline.withinDeadline / s.decidedWithinDeadline.decided, { style: 'percent', maximumFractionDigits: 1 }) : '—'}
              </span>
              <span class="kpi-label">{t('dash.kpi.within')}</span>
            </li>
          </ul>
          <div class="dash-grid">
            <Section title={t('dash.flow')} class="span-2">
              <TimeChart
                label={t('dash.flowLabel')}
                from={s.from}
                to={s.to}
                series={[
                  { key: 'received', name: t('dash.received'), cls: 'series-a', points: s.receivedPerDay },
                  { key: 'decided', name: t('dash.decided'), cls: 'series-b', points: s.decidedPerDay },
                ]}
              />
            </Section>
            <Section title={t('dash.backlog')}>
              {backlogBars.length ? <HBarChart bars={backlogBars} label={t('dash.backlogLabel')} /> : <p class="muted">{t('chart.noData')}</p>}
            </Section>
            <Section title={t('dash.within')}>
              <ShareRing part={s.decidedWithinDeadline.withinDeadline} whole={s.decidedWithinDeadline.decided} label={t('dash.within')} />
            </Section>
            {s.asylum && (
              <Section title={t('dash.asylum.title')}>
                <p class="small muted">{t('dash.asylum.lede', { n: s.asylum.suppressedBelow })}</p>
                <dl class="dl" data-testid="asylum-stats">
                  {(['open', 'received', 'decided'] as const).map((k) => (
                    <div key={k}>
                      <dt>{t(`dash.asylum.${k}`)}</dt>
                      <dd data-figure={k}>{s.asylum![k] === null ? t('dash.asylum.suppressed', { n: s.asylum!.suppressedBelow }) : formatNumber(s.asylum![k]!)}</dd>
                    </div>
                  ))}
                </dl>
              </Section>
            )}
            <Section title={t('dash.oldest')} class="span-2">
              {s.oldestOpen.length ? (
                <>
                  <HBarChart
                    label={t('dash.oldestLabel')}
                    bars={s.oldestOpen.slice(0, 10).map((c) => ({
                      key: c.number,
                      label: c.number,
                      value: Math.max(0, daysBetween(c.filingDate, today())),
                      cls: c.overdue ? 'bar-overdue' : '',
                    }))}
                  />
                  <CsvButton name="oldest-open-cases.csv" rows={() => [
                    [t('queue.col.number'), t('queue.col.applicant'), t('queue.col.kind'), t('queue.col.state'), t('queue.col.filed'), t('queue.col.deadline'), t('dash.daysSinceFiling')],
                    ...s.oldestOpen.map((c) => [c.number, c.applicantName, kindName(c.kind), stateName(c.state), c.filingDate, c.deadline,
                      Math.max(0, daysBetween(c.filingDate, today()))]),
                  ]} />
                  <table class="table compact responsive">
                    <thead>
                      <tr>
                        <th scope="col">{t('queue.col.number')}</th>
                        <th scope="col">{t('queue.col.applicant')}</th>
                        <th scope="col">{t('queue.col.kind')}</th>
                        <th scope="col">{t('queue.col.state')}</th>
                        <th scope="col">{t('queue.col.filed')}</th>
                        <th scope="col">{t('queue.col.deadline')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {s.oldestOpen.map((c) => (
                        <tr key={c.number}>
                          <th scope="row" data-label={t('queue.col.number')}><a class="mono" href={href(`/officer/cases/${c.number}`)}>{c.number}</a></th>
                          <td data-label={t('queue.col.applicant')}>{c.applicantName}</td>
                          <td data-label={t('queue.col.kind')}>{kindName(c.kind)}</td>
                          <td data-label={t('queue.col.state')}><StateBadge state={c.state} /></td>
                          <td data-label={t('queue.col.filed')}>{formatDate(c.filingDate)}</td>
                          <td data-label={t('queue.col.deadline')}>
                            {formatDate(c.deadline)} {c.overdue && <span class="chip chip-missing">{t('queue.overdue')}</span>}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              ) : (
                <p class="muted">{t('dash.noOpen')}</p>
              )}
            </Section>
          </div>
        </div>
      )}
    </>
  );
}
