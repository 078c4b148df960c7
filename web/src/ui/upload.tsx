// Uploading one document: its kind, the file (PDF, JPEG or PNG, at most 10 MiB) and what the
// document says (issuing state, number, dates, whom it names), which the policy checks. Shared by
// the applicant's status page, the officer's case view and (the fields) the application form.
import { useRef, useState } from 'preact/hooks';
import { docName, t } from '../i18n';
import type { DocumentLabels } from '../lib/api';
import { focusField, rules, useForm, type Form, type Rule } from '../lib/forms';
import { FormError, SelectField, TextField } from './fields';

const MAX_FILE = 10 * 1024 * 1024;
const TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

export type DetailField = 'issuingState' | 'number' | 'issued' | 'expires' | 'holderName' | 'holderBirthDate';
export const DETAIL_FIELDS: DetailField[] = ['issuingState', 'number', 'issued', 'expires', 'holderName', 'holderBirthDate'];

/** Rules for what a document says; the issuing state is an ISO 3166 alpha-3 code. */
export function detailRules(requireState = false): Record<DetailField, Rule[]> {
  return {
    issuingState: [...(requireState ? [rules.required()] : []), rules.icao()],
    number: [rules.maxLength(64)],
    issued: [rules.date(), rules.past()],
    expires: [rules.date(), rules.after('issued', 'v.expiresBeforeIssued')],
    holderName: [rules.maxLength(200)],
    holderBirthDate: [rules.date(), rules.past()],
  };
}

/** The fields of what a document says (inside a form that has them). */
export function DocumentDetails<F extends string>({ form, requireState }: { form: Form<F | DetailField>; requireState?: boolean }) {
  const f = form as Form<DetailField>;
  return (
    <>
      <div class="grid-2">
        <TextField form={f} name="issuingState" label={t('upload.issuingState')} hint={t('upload.isoHint')} required={requireState}
          transform={(s) => s.toUpperCase()} list="iso-codes" autocomplete="off" />
        <TextField form={f} name="number" label={t('upload.number')} autocomplete="off" />
        <TextField form={f} name="issued" type="date" label={t('upload.issued')} />
        <TextField form={f} name="expires" type="date" label={t('upload.expires')} />
      </div>
      <details class="more">
        <summary>{t('upload.holderTitle')}</summary>
        <p class="hint">{t('upload.holderHint')}</p>
        <div class="grid-2">
          <TextField form={f} name="holderName" label={t('upload.holderName')} autocomplete="off" />
          <TextField form={f} name="holderBirthDate" type="date" label={t('upload.holderBirthDate')} />
        </div>
      </details>
    </>
  );
}

/** The details as multipart fields (only those given). */
export function appendDetails(fd: FormData, v: Record<DetailField, string>): void {
  if (v.issuingState.trim()) fd.set('issuingState', v.issuingState.trim().toUpperCase());
  if (v.number.trim()) fd.set('number', v.number.trim());
  if (v.issued) fd.set('issued', v.issued);
  if (v.expires) fd.set('expires', v.expires);
  if (v.holderName.trim()) fd.set('holderName', v.holderName.trim());
  if (v.holderBirthDate) fd.set('holderBirthDate', v.holderBirthDate);
}

export function UploadForm({
  kinds,
  fixedKind,
  defaultIssuingState,
  onUpload,
  idPrefix,
  compact,
  labels,
}: {
  kinds?: string[];
  fixedKind?: string;
  defaultIssuingState?: string;
  onUpload: (form: FormData) => Promise<void>;
  idPrefix: string;
  compact?: boolean;
  labels?: DocumentLabels;
}) {
  const file = useRef<File | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  type F = 'kind' | 'file' | DetailField;
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
      holderName: '',
      holderBirthDate: '',
    },
    {
      kind: [rules.required(), rules.maxLength(64)],
      file: [fileRule],
      ...detailRules(),
    },
  );

  const submit = async (e: Event) => {
    e.preventDefault();
    const bad = form.check();
    if (bad) return focusField(scoped.id(bad));
    const fd = new FormData();
    fd.set('kind', form.values.kind);
    appendDetails(fd, form.values);
    fd.set('file', file.current!, file.current!.name);
    setBusy(true);
    setDone(null);
    try {
      await onUpload(fd);
      setDone(t('upload.done', { name: docName(form.values.kind, labels) }));
      file.current = null;
      if (input.current) input.current.value = '';
      form.reset({ kind: form.values.kind, issuingState: form.values.issuingState });
    } catch (err) {
      const f = form.serverError(err, { kind: 'kind', file: 'file', issuingState: 'issuingState', number: 'number', issued: 'issued', expires: 'expires', holderName: 'holderName', holderBirthDate: 'holderBirthDate' });
      if (f) focusField(scoped.id(f));
    } finally {
      setBusy(false);
    }
  };

  // Each UploadForm has its own ids (idPrefix) so several can be on one page.
  const scoped = { ...form, id: (n: F) => `${idPrefix}-${n}` };
  const name = fixedKind ? docName(fixedKind) : '';
  return (
    <form class={`upload-form ${compact ? 'compact' : ''}`} onSubmit={submit} noValidate aria-busy={busy}>
      {!fixedKind && kinds && kinds.length > 1 && (
        <SelectField form={scoped} name="kind" label={t('upload.kind')} required placeholder={t('apply.choose')}
          options={kinds.map((k) => ({ value: k, label: docName(k, labels) }))} />
      )}
      {!fixedKind && !kinds?.length && (
        <TextField form={scoped} name="kind" label={t('upload.kind')} required hint={t('upload.kindHint')} />
      )}
      <div class="field">
        <label for={`${idPrefix}-file`}>
          {fixedKind ? t('upload.fileFor', { name }) : t('upload.file')}
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
      <fieldset class="doc-details">
        <legend>{t('upload.details')}</legend>
        <p class="hint">{t('upload.detailsHint')}</p>
        <DocumentDetails form={scoped as unknown as Form<DetailField>} />
      </fieldset>
      <FormError message={form.formError} />
      <button class="btn btn-primary" type="submit" disabled={busy}>
        {busy ? t('upload.uploading') : fixedKind ? t('upload.submitFor', { name }) : t('upload.submit')}
      </button>
      <p role="status" class={done ? 'ok-text' : 'sr-only'}>{done ?? ''}</p>
    </form>
  );
}
