// Staff sign-in: name and password, then (for accounts with an authenticator: supervisors and
// policy authors always) the 6-digit one-time code the server asks for. Too many attempts answer
// 429 with how long to wait; a session the server ended (idle, revoked) lands here with its reason.
import { useState } from 'preact/hooks';
import { homeFor } from '../app';
import { t, tn } from '../i18n';
import { api, ApiError } from '../lib/api';
import { focusField, rules, useForm, type Rule } from '../lib/forms';
import { navigate } from '../lib/router';
import { setSession, takeSessionEndedReason } from '../lib/session';
import { Alert, PageTitle } from '../ui/common';
import { FormError, TextField } from '../ui/fields';

const otpRule: Rule = (v) => (!v.trim() || /^\d{6}$/.test(v.trim()) ? null : { key: 'v.otp' });

/** "Too many attempts; try again in 5 minutes": from Retry-After, else the server's message. */
export function tooManyText(e: ApiError): string {
  const s = e.retryAfter;
  if (s === undefined || !Number.isFinite(s)) return t('login.tooManyMessage', { message: e.message });
  if (s >= 90) return tn('login.tooManyMinutes', Math.ceil(s / 60));
  return tn('login.tooManySeconds', Math.max(1, s));
}

export function LoginPage({ next }: { next?: string }) {
  const expired = new URLSearchParams(location.hash.split('?')[1] ?? '').get('expired');
  const [endedReason] = useState(takeSessionEndedReason);
  const [needOtp, setNeedOtp] = useState(false);
  const form = useForm(
    { name: '', password: '', otp: '' },
    {
      name: [rules.required(), rules.accountName()],
      password: [rules.required()],
      otp: needOtp ? [rules.required(), otpRule] : [],
    },
  );
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const bad = form.check();
    if (bad) return focusField(form.id(bad));
    setBusy(true);
    const otp = needOtp ? form.values.otp.trim() : '';
    try {
      const s = await api.login(form.values.name.trim(), form.values.password, otp || undefined);
      setSession(s);
      navigate(next && next !== '/login' ? next : homeFor(s.role));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && err.field === 'otp') {
        // The password was right; the account wants its one-time code (or the code was wrong).
        setNeedOtp(true);
        if (otp) {
          // Wrong or expired: said next to the field (until the code is changed).
          form.serverError(err, { otp: 'otp' });
        } else {
          form.reset({ name: form.values.name, password: form.values.password });
        }
        focusField(form.id('otp'));
      } else if (err instanceof ApiError && err.status === 429) {
        form.setFormError(tooManyText(err));
      } else {
        if (err instanceof ApiError && err.status === 401 && err.field === 'password') {
          setNeedOtp(false);
          form.setMany({ otp: '' });
        }
        const f = form.serverError(err, { name: 'name', password: 'password', otp: 'otp' });
        if (f) focusField(form.id(f));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="narrow">
      <PageTitle sub={t('login.lede')}>{t('login.title')}</PageTitle>
      {(expired || endedReason) && (
        <Alert kind="warning">
          <p>{t('login.expired')}</p>
          {endedReason && <p class="small" data-testid="session-ended-reason">{endedReason}</p>}
        </Alert>
      )}
      <form class="card form" onSubmit={submit} noValidate aria-busy={busy}>
        <TextField form={form} name="name" label={t('login.name')} autocomplete="username" required
          transform={(v) => v.toLowerCase()} />
        <TextField form={form} name="password" type="password" label={t('login.password')} autocomplete="current-password" required />
        {needOtp && (
          <TextField form={form} name="otp" label={t('login.otp')} hint={t('login.otpHint')}
            autocomplete="one-time-code" inputMode="numeric" required
            transform={(v) => v.replace(/\s+/g, '')} />
        )}
        <FormError message={form.formError} />
        <button class="btn btn-primary" type="submit" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
