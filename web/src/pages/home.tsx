import { t } from '../i18n';
import type { Session } from '../lib/api';
import { href } from '../lib/router';
import { homeFor } from '../app';
import { PageTitle } from '../ui/common';
import { AsylumInfo } from './asylum';

export function HomePage({ session }: { session: Session | null }) {
  return (
    <>
      <PageTitle sub={t('home.lede')}>{t('home.title')}</PageTitle>
      <div class="tiles">
        <a class="tile" href={href('/apply')}>
          <h2>{t('home.apply.title')}</h2>
          <p>{t('home.apply.text')}</p>
        </a>
        <a class="tile" href={href('/status')}>
          <h2>{t('home.status.title')}</h2>
          <p>{t('home.status.text')}</p>
        </a>
        <a class="tile" href={href('/verify')}>
          <h2>{t('home.verify.title')}</h2>
          <p>{t('home.verify.text')}</p>
        </a>
        <a class="tile" href={href('/policies')}>
          <h2>{t('home.policies.title')}</h2>
          <p>{t('home.policies.text')}</p>
        </a>
        <a class="tile" href={href(session ? homeFor(session.role) : '/login')}>
          <h2>{t('home.staff.title')}</h2>
          <p>{t('home.staff.text')}</p>
        </a>
      </div>
      <p class="muted">
        <a href={href('/apply/resume')}>{t('apply.resumeLink')}</a>
      </p>
      <AsylumInfo />
    </>
  );
}
