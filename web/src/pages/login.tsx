import { useState } from 'preact/hooks';
import { homeFor } from '../app';
import { t } from '../i18n';
import { api } from '../lib/api';
import { focusField, rules, useForm } from '../lib/forms';
import { navigate } from '../lib/router';
import { setSession } from '../lib/session';
import { Alert, PageTitle } from '../ui/common';
import { FormError, TextField } from '../ui/fields';

export function LoginPage({ next }: { next?: string }) {
  const expired = new URLSearchParams(location.hash.split('?')[1] ?? '').get('expired');
  const form = useForm(
    { name: '', password: '' },
    { name: [rules.required(), rules.accountName()], password: [rules.required()] },
  );
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const bad = form.check();
    if (bad) return focusField(form.id(bad));
    setBusy(true);
    try {
      const s = await api.login(form.values.name.trim(), form.values.password);
      setSession(s);
      navigate(next && next !== '/login' ? next : homeFor(s.role));
    } catch (err) {
      const f = form.serverError(err, { name: 'name', password: 'password' });
      if (f) focusField(form.id(f));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="narrow">
      <PageTitle sub={t('login.lede')}>{t('login.title')}</PageTitle>
      {expired && <Alert kind="warning">{t('login.expired')}</Alert>}
      <form class="card form" onSubmit={submit} noValidate aria-busy={busy}>
        <TextField form={form} name="name" label={t('login.name')} autocomplete="username" required
          transform={(v) => v.toLowerCase()} />
        <TextField form={form} name="password" type="password" label={t('login.password')} autocomplete="current-password" required />
        <FormError message={form.formError} />
        <button class="btn btn-primary" type="submit" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
