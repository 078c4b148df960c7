// Uploading one document: its kind, the file (PDF, JPEG or PNG, at most 10 MiB) and optional
// details. Shared by the applicant's status page and the officer's case view.
import { useRef, useState } from 'preact/hooks';
import { docName, t } from '../i18n';
import { focusField, rules, useForm, type Rule } from '../lib/forms';
import { FormError, SelectField, TextField } from './fields';

const MAX_FILE = 10 * 1024 * 1024;
const TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

export function UploadForm({
  kinds,
  fixedKind,
  defaultIssuingState,
  onUpload,
  idPrefix,
  compact,
}: {
  kinds?: string[];
  fixedKind?: string;
  defaultIssuingState?: string;
  onUpload: (form: FormData) => Promise<void>;
  idPrefix: string;
  compact?: boolean;
}) {
  const file = useRef<File | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  type F = 'kind' | 'file' | 'issuingState' | 'number' | 'issued' | 'expires';
  const fileRule: Rule = () => {
    const f = file.current;
    if (!f) return { key: 'v.fileRequired' };
    if (!TYPES.includes(f.type) && !/\.(pdf|jpe?g|png)$/i.test(f.name)) return { key: 'v.fileType' };
    if (f.size > MAX_FILE) return { key: 'v.fileSize' };
    if (f.size === 0) return { key: 'v.fileEmpty' };
    return null;
  };
  const form = useForm<F>(
    {
      kind: fixedKind ?? (kinds?.length === 1 ? kinds[0] : ''),
      file: '',
      issuingState: defaultIssuingState ?? '',
      number: '',
      issued: '',
      expires: '',
    },
    {
      kind: [rules.required(), rules.maxLength(64)],
      file: [fileRule],
      issuingState: [rules.icao()],
      number: [rules.maxLength(64)],
      issued: [rules.date(), rules.past()],
      expires: [rules.date(), rules.after('issued', 'v.expiresBeforeIssued')],
    },
  );

  const submit = async (e: Event) => {
    e.preventDefault();
    const bad = form.check();
    if (bad) return focusField(form.id(bad));
    const fd = new FormData();
    fd.set('kind', form.values.kind);
    if (form.values.issuingState) fd.set('issuingState', form.values.issuingState.toUpperCase());
    if (form.values.number) fd.set('number', form.values.number);
    if (form.values.issued) fd.set('issued', form.values.issued);
    if (form.values.expires) fd.set('expires', form.values.expires);
    fd.set('file', file.current!, file.current!.name);
    setBusy(true);
    setDone(null);
    try {
      await onUpload(fd);
      setDone(t('upload.done', { name: docName(form.values.kind) }));
      file.current = null;
      if (input.current) input.current.value = '';
      form.reset({ kind: form.values.kind, issuingState: form.values.issuingState });
    } catch (err) {
      const f = form.serverError(err, { kind: 'kind', file: 'file', issuingState: 'issuingState', number: 'number', issued: 'issued', expires: 'expires' });
      if (f) focusField(form.id(f));
    } finally {
      setBusy(false);
    }
  };

  // Each UploadForm has its own ids (idPrefix) so several can be on one page.
  const scoped = { ...form, id: (n: F) => `${idPrefix}-${n}` };
  return (
    <form class={`upload-form ${compact ? 'compact' : ''}`} onSubmit={submit} noValidate aria-busy={busy}>
      {!fixedKind && kinds && kinds.length > 1 && (
        <SelectField form={scoped} name="kind" label={t('upload.kind')} required placeholder={t('apply.choose')}
          options={kinds.map((k) => ({ value: k, label: docName(k) }))} />
      )}
      {!fixedKind && !kinds?.length && (
        <TextField form={scoped} name="kind" label={t('upload.kind')} required hint={t('upload.kindHint')} />
      )}
      <div class="field">
        <label for={`${idPrefix}-file`}>
          {fixedKind ? t('upload.fileFor', { name: docName(fixedKind) }) : t('upload.file')}
          <span class="req" aria-hidden="true"> *</span>
        </label>
        <input
          ref={input}
          id={`${idPrefix}-file`}
          type="file"
          accept="application/pdf,image/jpeg,image/png"
          aria-required="true"
          aria-invalid={scoped.error('file') ? 'true' : 'false'}
          aria-describedby={`${idPrefix}-file-hint ${idPrefix}-file-error`}
          onChange={(e) => {
            file.current = (e.currentTarget as HTMLInputElement).files?.[0] ?? null;
            form.set('file', file.current?.name ?? '');
          }}
        />
        <p class="hint" id={`${idPrefix}-file-hint`}>{t('apply.fileHint')}</p>
        <p class="field-error" id={`${idPrefix}-file-error`} aria-live="polite">{scoped.error('file') ?? ''}</p>
      </div>
      <details class="more">
        <summary>{t('upload.details')}</summary>
        <div class="grid-2">
          <TextField form={scoped} name="issuingState" label={t('upload.issuingState')} hint={t('apply.icaoHint')} transform={(s) => s.toUpperCase()} />
          <TextField form={scoped} name="number" label={t('upload.number')} />
          <TextField form={scoped} name="issued" type="date" label={t('upload.issued')} />
          <TextField form={scoped} name="expires" type="date" label={t('upload.expires')} />
        </div>
      </details>
      <FormError message={form.formError} />
      <button class="btn btn-primary" type="submit" disabled={busy}>
        {busy ? t('upload.uploading') : fixedKind ? t('upload.submitFor', { name: docName(fixedKind) }) : t('upload.submit')}
      </button>
      <p role="status" class={done ? 'ok-text' : 'sr-only'}>{done ?? ''}</p>
    </form>
  );
}
