// Every staff member's own account: who they are signed in as, changing the password (the new one
// checked by the server: at least 12 characters, not a dictionary word; their other sessions end)
// and setting up an authenticator app (the secret and its otpauth:// address shown once).
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { jurisdictionName, t, tn, useLang } from '../i18n';
import { api, type Session } from '../lib/api';
import { focusField, rules, useForm, type Rule } from '../lib/forms';
import { setSession } from '../lib/session';
import { Alert, Dl, PageTitle, Section } from '../ui/common';
import { FormError, TextField } from '../ui/fields';

export const MIN_PASSWORD = 12;

const sameAs = (other: string): Rule => (v, all) => (!v || v === all[other] ? null : { key: 'v.passwordsDiffer' });
const differentFrom = (other: string): Rule => (v, all) => (!v || v !== all[other] ? null : { key: 'v.passwordSame' });

export function jurisdictionsText(js: string[]): string {
  return js.includes('*') ? t('account.allJurisdictions') : js.map(jurisdictionName).join(', ') || '—';
}

export function AccountPage({ session }: { session: Session }) {
  useLang();
  return (
    <div class="narrow">
      <PageTitle sub={t('account.lede')}>{t('account.title')}</PageTitle>
      <Section title={t('account.who')} id="who">
        <Dl
          items={[
            [t('account.name'), <span data-testid="account-name">{session.name}</span>],
            [t('account.role'), t(`role.${session.role}`)],
            [t('account.jurisdictions'), jurisdictionsText(session.jurisdictions)],
            [t('account.totp'), session.totp ? t('account.totpOn') : t('account.totpOff')],
          ]}
        />
      </Section>
      <PasswordSection />
      <TotpSection session={session} />
    </div>
  );
}

function PasswordSection() {
  const form = useForm(
    { currentPassword: '', newPassword: '', confirm: '' },
    {
      currentPassword: [rules.required()],
      newPassword: [rules.required(), rules.minLength(MIN_PASSWORD), differentFrom('currentPassword')],
      confirm: [rules.required(), sameAs('newPassword')],
    },
  );
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(null);
    const bad = form.check();
    if (bad) return focusField(form.id(bad));
    setBusy(true);
    try {
      const r = await api.changePassword(form.values.currentPassword, form.values.newPassword);
      form.reset();
      setDone(
        r.sessionsEnded ? `${t('account.passwordChanged')} ${tn('account.sessionsEnded', r.sessionsEnded)}` : t('account.passwordChanged'),
      );
    } catch (err) {
      const f = form.serverError(err, { currentPassword: 'currentPassword', newPassword: 'newPassword' });
      if (f) focusField(form.id(f));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('account.password')} id="password">
      <p class="muted small">{t('account.passwordHint', { n: MIN_PASSWORD })}</p>
      {done && (
        <Alert kind="success" live>
          <p data-testid="password-changed">{done}</p>
        </Alert>
      )}
      <form class="form" onSubmit={submit} noValidate aria-busy={busy} aria-label={t('account.password')}>
        <TextField form={form} name="currentPassword" type="password" label={t('account.currentPassword')}
          autocomplete="current-password" required />
        <TextField form={form} name="newPassword" type="password" label={t('account.newPassword')}
          hint={t('account.newPasswordHint', { n: MIN_PASSWORD })} autocomplete="new-password" required />
        <TextField form={form} name="confirm" type="password" label={t('account.confirmPassword')}
          autocomplete="new-password" required />
        <FormError message={form.formError} />
        <button class="btn btn-primary" type="submit" disabled={busy}>
          {busy ? t('account.changing') : t('account.changePassword')}
        </button>
      </form>
    </Section>
  );
}

/** A secret shown once: the base32 key to type in, and the otpauth:// address an app can import. */
export function SecretOnce({ secret, uri, testId }: { secret: string; uri?: string; testId?: string }) {
  return (
    <Alert kind="warning" live>
      <p>{t('totp.showOnce')}</p>
      <Dl
        items={[
          [t('totp.secret'), <code class="mono wrap-anywhere" data-testid={testId ? `${testId}-secret` : undefined}>{secret}</code>],
          ...(uri
            ? ([[t('totp.uri'), <code class="mono wrap-anywhere" data-testid={testId ? `${testId}-uri` : undefined}>{uri}</code>]] as [string, ComponentChildren][])
            : []),
        ]}
      />
      <p class="small">{t('totp.howTo')}</p>
    </Alert>
  );
}

function TotpSection({ session }: { session: Session }) {
  const form = useForm({ password: '' }, { password: [rules.required()] });
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<{ secret: string; uri: string } | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    const bad = form.check();
    if (bad) return focusField(form.id(bad));
    setBusy(true);
    try {
      const r = await api.enrolTotp(form.values.password);
      form.reset();
      setSecret(r);
      setSession({ ...session, totp: true });
    } catch (err) {
      const f = form.serverError(err, { password: 'password' });
      if (f) focusField(form.id(f));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('totp.title')} id="totp">
      <p class="muted small">{session.totp ? t('totp.ledeOn') : t('totp.lede')}</p>
      {secret && <SecretOnce secret={secret.secret} uri={secret.uri} testId="totp" />}
      <form class="form" onSubmit={submit} noValidate aria-busy={busy} aria-label={t('totp.title')}>
        <TextField form={form} name="password" type="password" label={t('totp.password')}
          autocomplete="current-password" required />
        <FormError message={form.formError} />
        <button class="btn btn-secondary" type="submit" disabled={busy}>
          {busy ? t('totp.settingUp') : session.totp ? t('totp.replace') : t('totp.setUp')}
        </button>
      </form>
    </Section>
  );
}
