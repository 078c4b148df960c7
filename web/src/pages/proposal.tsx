// A proposed policy version (four eyes): its tests and model checks against the library now, a
// simulation over the stored cases with charts and the changed cases, and approval by a second
// person (never the proposer) or withdrawal.
import { useState } from 'preact/hooks';
import { formatDate, formatNumber, jurisdictionName, kindName, t, useLang } from '../i18n';
import { api, ApiError, type Count, type Session, type Simulation } from '../lib/api';
import { useAsync } from '../lib/hooks';
import { href } from '../lib/router';
import { HBarChart } from '../ui/charts';
import { Alert, ErrorBox, Loading, PageTitle } from '../ui/common';
import { Report } from './draft';

function bars(counts: Count[]) {
  return [...counts].sort((a, b) => b.count - a.count).slice(0, 12).map((c) => ({ key: c.key, label: c.key.replace(' -> ', ' → ') || '—', value: c.count }));
}

function SimulationView({ s }: { s: Simulation }) {
  if (s.changed === 0 && s.errors === 0) {
    return (
      <div data-testid="simulation">
        <p>{t('proposal.totals', { cases: formatNumber(s.cases), pending: formatNumber(s.pendingCases), changed: '0', errors: '0' })}</p>
        <p>{t('proposal.noChange')}</p>
      </div>
    );
  }
  return (
    <div data-testid="simulation">
      <p><strong>{t('proposal.totals', { cases: formatNumber(s.cases), pending: formatNumber(s.pendingCases), changed: formatNumber(s.changed), errors: formatNumber(s.errors) })}</strong></p>
      <div class="grid-2">
        <div>
          <h3>{t('proposal.byOutcome')}</h3>
          <HBarChart bars={bars(s.byOutcome)} label={t('proposal.byOutcome')} />
        </div>
        <div>
          <h3>{t('proposal.byCitizenship')}</h3>
          <HBarChart bars={bars(s.byCitizenship)} label={t('proposal.byCitizenship')} />
        </div>
        <div>
          <h3>{t('proposal.byGround')}</h3>
          <HBarChart bars={bars(s.byGround)} label={t('proposal.byGround')} />
        </div>
        <div>
          <h3>{t('proposal.byMonth')}</h3>
          <HBarChart bars={[...s.byMonth].map((c) => ({ key: c.key, label: c.key, value: c.count }))} label={t('proposal.byMonth')} />
        </div>
      </div>
      <h3>{t('proposal.changedCases')}</h3>
      {!s.listedAll && <p class="muted small">{t('proposal.notAllListed', { n: s.changedCases.length })}</p>}
      <div class="table-scroll" tabIndex={0} role="region" aria-label={t('proposal.changedCases')}>
        <table class="table" data-testid="changed-cases">
          <thead>
            <tr><th scope="col">{t('proposal.case')}</th><th scope="col">{t('proposal.filed')}</th><th scope="col">{t('proposal.now')}</th><th scope="col">{t('proposal.simulated')}</th></tr>
          </thead>
          <tbody>
            {s.changedCases.map((c) => (
              <tr key={c.number}>
                <td><a href={href(`/officer/cases/${c.number}`)}>{c.number}</a> <span class="muted small">{c.citizenships.join(', ')}</span></td>
                <td>{formatDate(c.filingDate)}</td>
                <td>{c.current.outcome || '—'}</td>
                <td>
                  {c.error ?? c.simulated.outcome}
                  {!!c.simulated.missingDocuments.length && <span class="muted small"> ({t('proposal.missing', { docs: c.simulated.missingDocuments.join(', ') })})</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function ProposalPage({ session, j, k, id }: { session: Session; j: string; k: string; id: string }) {
  useLang();
  const proposal = useAsync(() => api.proposal(j, k, id), [j, k, id]);
  const [simulation, setSimulation] = useState<Simulation | null>(null);
  const [pending, setPending] = useState(true);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (proposal.error) return <ErrorBox error={proposal.error} onRetry={proposal.reload} />;
  if (!proposal.data) return <Loading />;
  const p = proposal.data;
  const shown = simulation ?? p.simulation ?? null;
  const own = p.proposedBy === session.name;
  const canAct = p.status === 'proposed' && (session.role === 'policy-author' || session.role === 'supervisor');

  const act = async (what: () => Promise<unknown>, label: string, after: string) => {
    setBusy(label);
    setError(null);
    try {
      await what();
      setDone(after);
      proposal.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  const simulate = async (e: Event) => {
    e.preventDefault();
    setBusy(t('proposal.running'));
    setError(null);
    try {
      setSimulation(await api.simulate(j, k, id, { pending, ...(from && to ? { from, to } : {}) }));
    } catch (err) {
      setError(err instanceof ApiError ? `${err.field ? `${err.field}: ` : ''}${err.message}` : String(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <p class="breadcrumb">
        <a href={href('/policies')}>{t('policies.title')}</a> › <a href={href(`/policies/${j}/${k}`)}>{`${jurisdictionName(j)} · ${kindName(k)}`}</a>
      </p>
      <PageTitle sub={t('proposal.lede', { date: formatDate(p.takesEffect) })}>{t('proposal.title', { id: p.id, kind: kindName(k), j: jurisdictionName(j) })}</PageTitle>
      <section class="card">
        <p>{p.title}</p>
        <p>
          {t('proposal.status')}: <span class={`chip ${p.status === 'approved' ? 'chip-ok' : ''}`} data-testid="proposal-status">{t(`proposal.status.${p.status}`)}</span>
        </p>
        <p class="muted small">{t('proposal.proposedBy', { name: p.proposedBy, date: formatDate(p.proposedAt.slice(0, 10)) })}</p>
        {p.decidedBy && <p class="muted small">{t('proposal.decidedBy', { name: p.decidedBy, date: formatDate(p.decidedAt.slice(0, 10)) })}</p>}
        {p.status === 'approved' && <p><a href={href(`/policies/${j}/${k}/versions/${p.takesEffect}`)}>{t('proposal.openVersion')}</a></p>}
      </section>
      <div aria-live="polite">
        {done && <Alert kind="success"><p>{done}</p></Alert>}
        {error && <Alert kind="error"><p>{error}</p></Alert>}
        {busy && <Loading label={busy} />}
      </div>
      {p.report && (
        <section class="card">
          <h2>{t('proposal.report')}</h2>
          <Report report={p.report} />
        </section>
      )}
      <section class="card" id="simulation">
        <h2>{t('proposal.simulate')}</h2>
        <p class="muted small">{t('proposal.simulateHelp')}</p>
        {p.status === 'proposed' && (
          <form noValidate onSubmit={simulate}>
            <div class="field checkbox">
              <input type="checkbox" id="sim-pending" checked={pending} onChange={(e) => setPending((e.currentTarget as HTMLInputElement).checked)} />
              <label for="sim-pending">{t('proposal.pending')}</label>
            </div>
            <div class="grid-2">
              <div class="field">
                <label for="sim-from">{t('proposal.from')}</label>
                <input id="sim-from" type="date" value={from} onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)} />
              </div>
              <div class="field">
                <label for="sim-to">{t('proposal.to')}</label>
                <input id="sim-to" type="date" value={to} onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)} />
              </div>
            </div>
            <button type="submit" class="btn btn-secondary" disabled={!!busy}>{t('proposal.run')}</button>
          </form>
        )}
        {!simulation && p.simulatedBy && <p class="muted small">{t('proposal.lastRun', { name: p.simulatedBy, date: formatDate(p.simulatedAt.slice(0, 10)) })}</p>}
        {shown && <SimulationView s={shown} />}
      </section>
      {canAct && (
        <section class="card" id="approve">
          <h2>{t('proposal.approve')}</h2>
          <p>{t('proposal.approveHelp', { date: formatDate(p.takesEffect) })}</p>
          {own && <Alert kind="info"><p data-testid="own-proposal">{t('proposal.ownProposal')}</p></Alert>}
          <p>
            <button type="button" class="btn btn-primary" disabled={!!busy || own}
              onClick={() => act(() => api.approveProposal(j, k, id), t('proposal.approving'), t('proposal.approved'))}>
              {t('proposal.approveButton')}
            </button>{' '}
            <button type="button" class="btn btn-secondary" disabled={!!busy}
              onClick={() => act(() => api.withdrawProposal(j, k, id), t('proposal.withdraw'), t('proposal.withdrawn'))}>
              {t('proposal.withdraw')}
            </button>
          </p>
        </section>
      )}
    </>
  );
}

/** The proposals of a kind, for the kind's page (staff who may see them). */
export function ProposalList({ j, k }: { j: string; k: string }) {
  const list = useAsync(() => api.proposals(j, k), [j, k]);
  if (list.error) return <ErrorBox error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;
  return (
    <section class="card">
      <h2>{t('proposal.list')}</h2>
      {list.data.length === 0 ? (
        <p class="muted">{t('proposal.none')}</p>
      ) : (
        <ul data-testid="proposals">
          {list.data.map((p) => (
            <li key={p.id}>
              <a href={href(`/policies/${j}/${k}/proposals/${p.id}`)}>{t('proposal.item', { id: p.id, date: formatDate(p.takesEffect) })}</a>{' '}
              <span class="chip">{t(`proposal.status.${p.status}`)}</span>{' '}
              <span class="muted small">{t('proposal.proposedBy', { name: p.proposedBy, date: formatDate(p.proposedAt.slice(0, 10)) })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
