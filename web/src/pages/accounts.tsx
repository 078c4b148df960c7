// Staff accounts (administrator; supervisors see them and may disable, enable and sign out the
// officer, author and auditor accounts of their own jurisdictions — the server enforces this, the
// page only offers what it would allow). The administrator creates accounts; a supervisor's or
// policy author's new account comes with an authenticator secret, shown once.
import { useState } from 'preact/hooks';
import { t, tn, useLang } from '../i18n';
import { api, type Account, type CreatedAccount, type Session } from '../lib/api';
import { apiErrorText, focusField, rules, splitCodes, useForm, type Rule } from '../lib/forms';
import { useAsync } from '../lib/hooks';
import { Alert, ErrorBox, Loading, PageTitle, Section, withContext } from '../ui/common';
import { FormError, SelectField, TextField } from '../ui/fields';
import { jurisdictionsText, MIN_PASSWORD, SecretOnce } from './account';

const ROLES = ['officer', 'supervisor', 'policy-author', 'auditor', 'admin'];

const jurisdictionList: Rule = (v) => {
  const codes = splitCodes(v);
  const bad = codes.find((c) => c !== '*' && !/^[A-Z]{2}$/.test(c));
  return bad ? { key: 'v.jurisdictionList', params: { code: bad } } : null;
};

/** What the server lets this caller do to an account (mirrors its rule; it decides). */
function mayManage(session: Session, a: Account): boolean {
  if (a.name === session.name) return false;
  if (session.role === 'admin') return true;
  if (session.role !== 'supervisor') return false;
  if (a.role === 'admin' || a.role === 'supervisor') return false;
  const all = session.jurisdictions.includes('*');
  return a.jurisdictions.every((j) => j !== '*' && (all || session.jurisdictions.includes(j)));
}

export function AccountsPage({ session }: { session: Session }) {
  useLang();
  const list = useAsync(() => api.accounts(), []);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const isAdmin = session.role === 'admin';

  const act = async (a: Account, what: 'disable' | 'enable' | 'revoke') => {
    setBusy(`${what}:${a.name}`);
    setMessage(null);
    try {
      if (what === 'revoke') {
        const r = await api.revokeSessions(a.name);
        setMessage({ kind: 'success', text: tn('accounts.revoked', r.sessionsEnded, { name: a.name }) });
      } else {
        const updated = what === 'disable' ? await api.disableAccount(a.name) : await api.enableAccount(a.name);
        if (list.data) list.set({ accounts: list.data.accounts.map((x) => (x.name === updated.name ? updated : x)) });
        setMessage({ kind: 'success', text: t(what === 'disable' ? 'accounts.disabledDone' : 'accounts.enabledDone', { name: a.name }) });
      }
    } catch (e) {
      setMessage({ kind: 'error', text: apiErrorText(e) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageTitle sub={isAdmin ? t('accounts.ledeAdmin') : t('accounts.ledeSupervisor')}>{t('accounts.title')}</PageTitle>
      {isAdmin && <CreateAccount onCreated={(a) => list.data && list.set({ accounts: [...list.data.accounts, a].sort((x, y) => x.name.localeCompare(y.name)) })} />}
      <Section title={t('accounts.list')} id="accounts">
        {message && <Alert kind={message.kind} live><p data-testid="accounts-message">{message.text}</p></Alert>}
        {list.error != null && <ErrorBox error={list.error} onRetry={list.reload} />}
        {!list.data && !list.error && <Loading />}
        {list.data && (
          <table class="table compact responsive accounts-table">
            <caption class="sr-only">{t('accounts.list')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('accounts.col.name')}</th>
                <th scope="col">{t('accounts.col.role')}</th>
                <th scope="col">{t('accounts.col.jurisdictions')}</th>
                <th scope="col">{t('accounts.col.status')}</th>
                <th scope="col">{t('accounts.col.totp')}</th>
                <th scope="col">{t('accounts.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.accounts.map((a) => (
                <tr key={a.name} data-account={a.name}>
                  <th scope="row" data-label={t('accounts.col.name')}><span class="mono">{a.name}</span></th>
                  <td data-label={t('accounts.col.role')}>{t(`role.${a.role}`)}</td>
                  <td data-label={t('accounts.col.jurisdictions')}>
                    {jurisdictionsText(a.jurisdictions)}
                    {a.asylum?.length ? <span class="small muted" data-testid="asylum-role"> · {t('accounts.asylumRole', { list: jurisdictionsText(a.asylum) })}</span> : null}
                  </td>
                  <td data-label={t('accounts.col.status')}>
                    <span class={`chip ${a.disabled ? 'chip-missing' : 'chip-ok'}`} data-status={a.disabled ? 'disabled' : 'active'}>
                      {a.disabled ? t('accounts.disabled') : t('accounts.active')}
                    </span>
                  </td>
                  <td data-label={t('accounts.col.totp')}>{a.totp ? t('accounts.totpYes') : t('accounts.totpNo')}</td>
                  <td data-label={t('accounts.col.actions')}>
                    {mayManage(session, a) ? (
                      <div class="action-row">
                        {a.disabled ? (
                          <button type="button" class="btn btn-secondary btn-small" disabled={!!busy}
                            aria-label={withContext(t('accounts.enable'), a.name)} onClick={() => act(a, 'enable')}>
                            {t('accounts.enable')}
                          </button>
                        ) : (
                          <button type="button" class="btn btn-danger btn-small" disabled={!!busy}
                            aria-label={withContext(t('accounts.disable'), a.name)} onClick={() => act(a, 'disable')}>
                            {t('accounts.disable')}
                          </button>
                        )}
                        <button type="button" class="btn btn-secondary btn-small" disabled={!!busy}
                          aria-label={withContext(t('accounts.revoke'), a.name)} onClick={() => act(a, 'revoke')}>
                          {t('accounts.revoke')}
                        </button>
                      </div>
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}

function CreateAccount({ onCreated }: { onCreated: (a: CreatedAccount) => void }) {
  const form = useForm(
    { name: '', role: 'officer', jurisdictions: '', password: '' },
    {
      name: [rules.required(), rules.accountName()],
      role: [rules.required()],
      jurisdictions: [rules.required(), jurisdictionList],
      password: [rules.required(), rules.minLength(MIN_PASSWORD)],
    },
  );
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedAccount | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setCreated(null);
    const bad = form.check();
    if (bad) return focusField(form.id(bad));
    setBusy(true);
    try {
      const a = await api.createAccount({
        name: form.values.name.trim(),
        role: form.values.role,
        jurisdictions: splitCodes(form.values.jurisdictions),
        password: form.values.password,
      });
      form.reset();
      setCreated(a);
      onCreated(a);
    } catch (err) {
      const f = form.serverError(err, { name: 'name', role: 'role', jurisdictions: 'jurisdictions', password: 'password' });
      if (f) focusField(form.id(f));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('accounts.create')} id="create-account">
      {created && (
        <>
          <Alert kind="success" live>
            <p data-testid="account-created">{t('accounts.created', { name: created.name, role: t(`role.${created.role}`) })}</p>
          </Alert>
          {created.totpSecret && <SecretOnce secret={created.totpSecret} uri={created.totpUri} testId="new-account-totp" />}
        </>
      )}
      <form class="form" onSubmit={submit} noValidate aria-busy={busy} aria-label={t('accounts.create')}>
        <div class="grid-2">
          <TextField form={form} name="name" label={t('accounts.name')} autocomplete="off" required
            transform={(v) => v.toLowerCase()} />
          <SelectField form={form} name="role" label={t('accounts.role')} required
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          <TextField form={form} name="jurisdictions" label={t('accounts.jurisdictions')} hint={t('accounts.jurisdictionsHint')}
            required transform={(v) => v.toUpperCase()} />
          <TextField form={form} name="password" type="password" label={t('accounts.password')}
            hint={t('accounts.passwordHint', { n: MIN_PASSWORD })} autocomplete="new-password" required />
        </div>
        <FormError message={form.formError} />
        <button class="btn btn-primary" type="submit" disabled={busy}>
          {busy ? t('accounts.creating') : t('accounts.createSubmit')}
        </button>
      </form>
    </Section>
  );
}
