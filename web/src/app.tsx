// The shell: skip link, header with navigation for the signed-in role and the language switcher,
// and the page for the current route.
import { ProposalPage } from './pages/proposal';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { COMMON_CITIZENSHIPS, countryName, formatInZone, formatLocalTime, LANGS, setLang, t, useLang } from './i18n';
import { api, type Session } from './lib/api';
import { serverNow, useClock } from './lib/clock';
import { href, match, navigate, useRoute, type Route } from './lib/router';
import { clearSession, getSession } from './lib/session';
import { AccountPage } from './pages/account';
import { AccountsPage } from './pages/accounts';
import { ApplyPage } from './pages/apply';
import { ResumePage } from './pages/resume';
import { CasePage } from './pages/case';
import { HomePage } from './pages/home';
import { LoginPage } from './pages/login';
import { PoliciesPage } from './pages/policies';
import { PolicyKindPage } from './pages/policy-kind';
import { DraftPage } from './pages/draft';
import { VersionPage } from './pages/version';
import { QueuePage } from './pages/queue';
import { SearchPage } from './pages/search';
import { WatchlistsPage } from './pages/watchlists';
import { StatusLookupPage, StatusPage } from './pages/status';
import { DashboardPage } from './pages/dashboard';
import { LodgeClaimPage } from './pages/asylum';
import { VerifyPage } from './pages/verify';
import { PageTitle } from './ui/common';

export function useSession(): Session | null {
  const [s, setS] = useState(getSession);
  useEffect(() => {
    const on = () => setS(getSession());
    window.addEventListener('tamga:session', on);
    window.addEventListener('tamga:session-expired', on);
    return () => {
      window.removeEventListener('tamga:session', on);
      window.removeEventListener('tamga:session-expired', on);
    };
  }, []);
  return s;
}

export function homeFor(role: string): string {
  switch (role) {
    case 'officer':
      return '/officer';
    case 'supervisor':
      return '/supervisor';
    case 'policy-author':
      return '/policies';
    case 'auditor':
      return '/officer';
    case 'admin':
      return '/supervisor';
    default:
      return '/';
  }
}

function LangSwitch() {
  const lang = useLang();
  return (
    <div class="lang-switch" role="group" aria-label={t('nav.language')}>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === lang}
          onClick={() => setLang(l)}
          title={t(`lang.${l}.name`)}
        >
          {t(`lang.${l}.short`)}
        </button>
      ))}
    </div>
  );
}

function Nav({ session, route }: { session: Session | null; route: Route }) {
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [route.path]);
  const links: [string, string][] = [];
  if (!session || session.role === 'applicant') {
    links.push(['/apply', t('nav.apply')], ['/status', t('nav.status')], ['/verify', t('nav.verify')]);
  }
  if (session?.role === 'officer' || session?.role === 'supervisor') links.push(['/officer', t('nav.queue')]);
  if (session?.role === 'supervisor' || session?.role === 'admin') links.push(['/supervisor', t('nav.dashboard')]);
  if (session?.role === 'auditor') links.push(['/officer', t('nav.cases')]);
  if (session?.role === 'officer' || session?.role === 'supervisor') links.push(['/search', t('nav.search')]);
  if (session && ['officer', 'supervisor', 'auditor', 'admin'].includes(session.role)) links.push(['/watchlists', t('nav.watchlists')]);
  links.push(['/policies', t('nav.policies')]);
  if (session?.role === 'admin' || session?.role === 'supervisor') links.push(['/accounts', t('nav.accounts')]);
  const current = (p: string) =>
    route.path === p || (route.path.startsWith(`${p}/`) && !links.some(([q]) => q !== p && q.startsWith(`${p}/`) && route.path.startsWith(q)));
  const logout = async () => {
    try {
      await api.logout();
    } catch {
      /* the token may already be gone */
    }
    clearSession();
    navigate('/');
  };
  return (
    <nav aria-label={t('nav.main')} class="nav">
      <button
        type="button"
        class="nav-toggle"
        aria-expanded={open}
        aria-controls="nav-links"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">☰</span> {t('nav.menu')}
      </button>
      <ul id="nav-links" class={open ? 'open' : ''}>
        {links.map(([p, label]) => (
          <li key={p}>
            <a href={href(p)} aria-current={current(p) ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
        {session ? (
          <li class="who">
            <a href={href('/account')} class="account-link" title={t('nav.account')}
              aria-current={route.path === '/account' ? 'page' : undefined}>
              {t('nav.signedInAs', { name: session.name, role: t(`role.${session.role}`) })}
            </a>{' '}
            <button type="button" class="link" onClick={logout}>
              {t('nav.logout')}
            </button>
          </li>
        ) : (
          <li>
            <a href={href('/login')} aria-current={current('/login') ? 'page' : undefined}>
              {t('nav.login')}
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** On a training server (a shifted clock) every page says so, with the server's time. */
function ClockBanner() {
  const clock = useClock(30_000);
  if (!clock?.shifted) return null;
  return (
    <div class="clock-banner" role="note" data-testid="clock-banner">
      <div class="wrap">
        {t('clock.banner', {
          started: bare(formatLocalTime(clock.startedAt)),
          now: bare(formatInZone(serverNow().toISOString(), startedZone(clock.startedAt, clock.jurisdictions))),
        })}
      </div>
    </div>
  );
}

/** "26 Sept 2022, 10:00 (UTC+06:00)" -> "26 Sept 2022, 10:00 UTC+06:00" (the banner has its own brackets). */
const bare = (s: string) => s.replace(/ \((UTC[^)]*)\)$/, ' $1');

/** The zone of the jurisdiction whose offset the start was written in (else UTC). */
function startedZone(startedAt: string, zones: Record<string, { timeZone: string; localTime: string }>): string {
  const off = /([+-]\d{2}:\d{2})$/.exec(startedAt)?.[1];
  const hit = Object.values(zones).find((z) => off && z.localTime.endsWith(off));
  return hit?.timeZone ?? 'UTC';
}

function RequireRole({ session, roles, children }: { session: Session | null; roles: string[]; children: ComponentChildren }) {
  const route = useRoute();
  useEffect(() => {
    // An ended session has already been sent to sign-in (with its reason): keep that address.
    if (!session && !location.hash.startsWith('#/login')) navigate('/login', { next: route.path }, true);
  }, [session]);
  if (!session) return null;
  if (!roles.includes(session.role)) {
    return (
      <>
        <PageTitle>{t('forbidden.title')}</PageTitle>
        <p>{t('forbidden.text', { role: t(`role.${session.role}`) })}</p>
      </>
    );
  }
  return <>{children}</>;
}

const STAFF = ['officer', 'supervisor', 'policy-author', 'auditor', 'admin'];

function Page({ route, session }: { route: Route; session: Session | null }) {
  let m: Record<string, string> | null;
  if (route.path === '/') return <HomePage session={session} />;
  if (route.path === '/apply') return <ApplyPage />;
  if (route.path === '/apply/resume') return <ResumePage />;
  if (route.path === '/status') return <StatusLookupPage />;
  if ((m = match('/status/:number', route))) return <StatusPage number={m.number} />;
  if (route.path === '/verify') return <VerifyPage code={route.query.get('code') ?? undefined} />;
  if (route.path === '/login') return <LoginPage next={route.query.get('next') ?? undefined} />;
  if (route.path === '/officer')
    return (
      <RequireRole session={session} roles={['officer', 'supervisor', 'auditor']}>
        <QueuePage session={session!} route={route} />
      </RequireRole>
    );
  if (route.path === '/officer/asylum')
    return (
      <RequireRole session={session} roles={['officer']}>
        <LodgeClaimPage session={session!} />
      </RequireRole>
    );
  if (route.path === '/officer/apply')
    return (
      <RequireRole session={session} roles={['officer']}>
        <ApplyPage counter session={session} />
      </RequireRole>
    );
  if ((m = match('/officer/cases/:number', route)))
    return (
      <RequireRole session={session} roles={['officer', 'supervisor', 'auditor']}>
        <CasePage session={session!} number={m.number} />
      </RequireRole>
    );
  if (route.path === '/search')
    return (
      <RequireRole session={session} roles={['officer', 'supervisor']}>
        <SearchPage route={route} />
      </RequireRole>
    );
  if (route.path === '/watchlists')
    return (
      <RequireRole session={session} roles={['officer', 'supervisor', 'auditor', 'admin']}>
        <WatchlistsPage />
      </RequireRole>
    );
  if (route.path === '/policies') return <PoliciesPage session={session} />;
  if ((m = match('/policies/:j/:k', route))) return <PolicyKindPage session={session} j={m.j} k={m.k} />;
  if ((m = match('/policies/:j/:k/versions/:date', route)))
    return <VersionPage session={session} j={m.j} k={m.k} date={m.date} route={route} />;
  if ((m = match('/policies/:j/:k/proposals/:id', route)))
    return (
      <RequireRole session={session} roles={['policy-author', 'supervisor', 'auditor', 'admin']}>
        <ProposalPage session={session!} j={m.j} k={m.k} id={m.id} />
      </RequireRole>
    );
  if ((m = match('/policies/:j/:k/draft', route)))
    return (
      <RequireRole session={session} roles={['policy-author']}>
        <DraftPage j={m.j} k={m.k} from={route.query.get('from') ?? undefined} />
      </RequireRole>
    );
  if (route.path === '/account')
    return (
      <RequireRole session={session} roles={STAFF}>
        <AccountPage session={session!} />
      </RequireRole>
    );
  if (route.path === '/accounts')
    return (
      <RequireRole session={session} roles={['admin', 'supervisor']}>
        <AccountsPage session={session!} />
      </RequireRole>
    );
  if (route.path === '/supervisor')
    return (
      <RequireRole session={session} roles={['supervisor', 'admin']}>
        <DashboardPage session={session!} route={route} />
      </RequireRole>
    );
  return (
    <>
      <PageTitle>{t('notFound.title')}</PageTitle>
      <p>
        <a href={href('/')}>{t('notFound.home')}</a>
      </p>
    </>
  );
}

export function App() {
  useLang();
  const route = useRoute();
  const session = useSession();
  useEffect(() => {
    const on = () => navigate('/login', { next: location.hash.replace(/^#/, '').split('?')[0], expired: '1' });
    window.addEventListener('tamga:session-expired', on);
    return () => window.removeEventListener('tamga:session-expired', on);
  }, []);
  useEffect(() => {
    document.title = t('app.title');
  });
  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        {t('nav.skip')}
      </a>
      <ClockBanner />
      <header class="site-header">
        <div class="wrap header-row">
          <a class="brand" href={href(session ? homeFor(session.role) : '/')}>
            <svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28">
              <rect x="2" y="2" width="28" height="28" rx="6" fill="currentColor" />
              <path d="M9 10h14M16 10v13M11 23h10" stroke="#fff" stroke-width="3" stroke-linecap="round" fill="none" />
            </svg>
            <span>{t('app.name')}</span>
          </a>
          <Nav session={session} route={route} />
          <LangSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} class="wrap">
        <Page key={route.path} route={route} session={session} />
      </main>
      <datalist id="iso-codes">
        {COMMON_CITIZENSHIPS.map((c) => (
          <option key={c} value={c}>
            {countryName(c)}
          </option>
        ))}
      </datalist>
      <footer class="site-footer wrap">
        <p class="muted">{t('footer.text')}</p>
      </footer>
    </>
  );
}
