// Anyone holding a notice (a bank, a landlord, a border guard) checks it: its verification code
// and the PDF file go to POST /notices/verify/{code}; the answer says whether a notice with this
// code was issued and whether this file is exactly that notice. It names no person.
import { useRef, useState } from 'preact/hooks';
import { formatDate, jurisdictionName, t, tOr, useLang } from '../i18n';
import { api, type NoticeCheck } from '../lib/api';
import { focusField, rules, useForm, type Rule } from '../lib/forms';
import { Alert, Dl, PageTitle } from '../ui/common';
import { FormError, TextField } from '../ui/fields';

const MAX_FILE = 10 * 1024 * 1024;

export function VerifyPage({ code }: { code?: string }) {
  useLang();
  const file = useRef<File | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<NoticeCheck | null>(null);
  const fileRule: Rule = () => {
    const f = file.current;
    if (!f) return { key: 'v.fileRequired' };
    if (f.size > MAX_FILE) return { key: 'v.fileSize' };
    if (f.size === 0) return { key: 'v.fileEmpty' };
    if (f.type && f.type !== 'application/pdf' && !/\.pdf$/i.test(f.name)) return { key: 'v.pdfOnly' };
    return null;
  };
  const form = useForm(
    { code: (code ?? '').toUpperCase(), file: '' },
    {
      code: [rules.required(), (v) => (!v || /^[A-Z0-9][A-Z0-9-]{5,63}$/.test(v.trim()) ? null : { key: 'v.noticeCode' })],
      file: [fileRule],
    },
  );

  const submit = async (e: Event) => {
    e.preventDefault();
    setResult(null);
    const bad = form.check();
    if (bad) return focusField(form.id(bad));
    setBusy(true);
    try {
      setResult(await api.verifyNotice(form.values.code.trim(), file.current!));
      requestAnimationFrame(() => document.getElementById('verify-result')?.focus());
    } catch (err) {
      const f = form.serverError(err, { code: 'code', file: 'file' });
      if (f) focusField(form.id(f));
    } finally {
      setBusy(false);
    }
  };

  const fileError = form.error('file');
  return (
    <div class="narrow">
      <PageTitle sub={t('verify.lede')}>{t('verify.title')}</PageTitle>
      <form class="card form" onSubmit={submit} noValidate aria-busy={busy}>
        <TextField form={form} name="code" label={t('verify.code')} hint={t('verify.codeHint')} required
          transform={(s) => s.toUpperCase()} autocomplete="off" />
        <div class={`field ${fileError ? 'has-error' : ''}`}>
          <label for={form.id('file')}>
            {t('verify.file')}
            <span class="req" aria-hidden="true"> *</span>
          </label>
          <input ref={input} id={form.id('file')} type="file" accept="application/pdf,.pdf" aria-required="true"
            aria-invalid={fileError ? 'true' : 'false'}
            aria-describedby={`${form.id('file')}-hint ${form.id('file')}-error`}
            onChange={(e) => {
              file.current = (e.currentTarget as HTMLInputElement).files?.[0] ?? null;
              setResult(null);
              form.set('file', file.current?.name ?? '');
            }} />
          <p class="hint" id={`${form.id('file')}-hint`}>{t('verify.fileHint')}</p>
          <p class="field-error" id={`${form.id('file')}-error`} aria-live="polite">{fileError ?? ''}</p>
        </div>
        <FormError message={form.formError} />
        <button class="btn btn-primary" type="submit" disabled={busy}>
          {busy ? t('verify.checking') : t('verify.submit')}
        </button>
      </form>
      <div aria-live="polite">{result && <Verdict result={result} />}</div>
      <p class="muted small">{t('verify.privacy')}</p>
    </div>
  );
}

function Verdict({ result }: { result: NoticeCheck }) {
  const kind = result.issued && result.matches ? 'success' : 'error';
  const head = !result.issued
    ? t('verify.notIssued', { code: result.code })
    : result.matches
      ? t('verify.matches', { code: result.code })
      : t('verify.differs', { code: result.code });
  return (
    <div id="verify-result" tabIndex={-1} data-testid="verify-result" data-issued={String(result.issued)} data-matches={String(result.matches)}>
      <Alert kind={kind}>
        <p>
          <strong>{head}</strong>
        </p>
        {result.issued && !result.matches && <p>{t('verify.differsText')}</p>}
        {result.issued && (
          <Dl
            items={[
              [t('verify.kind'), tOr(`notice.kind.${result.kind}`, result.kind ?? '—')],
              [t('verify.issuedOn'), formatDate(result.issuedOn)],
              [t('verify.authority'), result.jurisdiction ? jurisdictionName(result.jurisdiction) : '—'],
              [t('verify.language'), result.language ? tOr(`langName.${result.language}`, result.language) : '—'],
            ]}
          />
        )}
      </Alert>
    </div>
  );
}
