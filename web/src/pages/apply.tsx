// Applicant: choose jurisdiction and kind, answer what the policy in force needs, see the required
// documents live (POST /policies/{j}/{k}/preview on every change), attach files, submit.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { COMMON_CITIZENSHIPS, countryName, docName, formatDate, jurisdictionName, kindName, t, tOr, useLang } from '../i18n';
import { api, today, versionInForce, type Preview, type PreviewRequest, ApiError } from '../lib/api';
import { documentRules, groundsForDocument, inputNames, loadVersion } from '../lib/dmn';
import { pushFlash } from '../lib/flash';
import { apiErrorText, focusField, rules, splitCodes, useForm, type Rule } from '../lib/forms';
import { useAsync, useDebounced } from '../lib/hooks';
import { navigate } from '../lib/router';
import { rememberAccessCode } from '../lib/session';
import { Alert, ErrorBox, GroundList, Loading, OutcomeBadge, PageTitle } from '../ui/common';
import { Fieldset, FormError, SelectField, TextField } from '../ui/fields';

const PURPOSES = ['family', 'employment', 'study', 'tourism', 'humanitarian', 'business', 'other'];
const MAX_FILE = 10 * 1024 * 1024;
const FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

type F =
  | 'jurisdiction'
  | 'kind'
  | 'surname'
  | 'givenNames'
  | 'nativeName'
  | 'birthDate'
  | 'sex'
  | 'citizenships'
  | 'purpose'
  | 'passportNumber'
  | 'passportIssuingState'
  | 'passportExpiry';

const FIELD_OF: Record<string, F> = {
  jurisdiction: 'jurisdiction',
  kind: 'kind',
  purpose: 'purpose',
  'applicant.surname': 'surname',
  'applicant.givenNames': 'givenNames',
  'applicant.nativeName': 'nativeName',
  'applicant.birthDate': 'birthDate',
  'applicant.sex': 'sex',
  'applicant.citizenships': 'citizenships',
  'applicant.passport': 'passportNumber',
  'applicant.passport.number': 'passportNumber',
  'applicant.passport.issuingState': 'passportIssuingState',
  'applicant.passport.expiry': 'passportExpiry',
  citizenships: 'citizenships',
  birthDate: 'birthDate',
  passportExpiry: 'passportExpiry',
};

export function ApplyPage() {
  useLang();
  const policies = useAsync(() => api.policies(), []);
  const filingDate = today();
  const [files, setFiles] = useState<Record<string, File>>({});
  const [fileErrors, setFileErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);

  const form = useForm<F>(
    {
      jurisdiction: '',
      kind: '',
      surname: '',
      givenNames: '',
      nativeName: '',
      birthDate: '',
      sex: '',
      citizenships: '',
      purpose: '',
      passportNumber: '',
      passportIssuingState: '',
      passportExpiry: '',
    },
    {},
  );
  const v = form.values;

  const kinds = useMemo(
    () => policies.data?.jurisdictions.find((j) => j.jurisdiction === v.jurisdiction)?.kinds ?? [],
    [policies.data, v.jurisdiction],
  );
  const inForce = useMemo(() => {
    const k = kinds.find((x) => x.kind === v.kind);
    return k ? versionInForce(k.versions, filingDate) : undefined;
  }, [kinds, v.kind, filingDate]);

  // Pre-select when there is only one choice; reset the kind when the jurisdiction changes.
  useEffect(() => {
    const js = policies.data?.jurisdictions ?? [];
    if (js.length === 1 && !v.jurisdiction) form.setMany({ jurisdiction: js[0].jurisdiction });
  }, [policies.data]);
  useEffect(() => {
    if (v.kind && !kinds.some((k) => k.kind === v.kind)) form.setMany({ kind: '' });
  }, [v.jurisdiction]);

  const detail = useAsync(
    async () => (inForce ? loadVersion(inForce.jurisdiction, inForce.kind, inForce.takesEffect) : undefined),
    [inForce?.id],
  );
  const used = useMemo(() => new Set(detail.data ? inputNames(detail.data.files) : []), [detail.data]);
  const docRules = useMemo(() => (detail.data ? documentRules(detail.data.files) : undefined), [detail.data]);
  const needs = (input: string) => used.has(input);

  // Validation rules depend on what the policy in force uses.
  const fieldRules: Partial<Record<F, Rule[]>> = {
    jurisdiction: [rules.required()],
    kind: [rules.required()],
    surname: [rules.required(), rules.latin(), rules.maxLength(100)],
    givenNames: [rules.required(), rules.latin(), rules.maxLength(100)],
    nativeName: [rules.maxLength(200)],
    birthDate: [rules.required(), rules.date(), rules.past()],
    sex: [rules.required()],
    citizenships: [rules.required(), rules.icaoList()],
    purpose: needs('Purpose') ? [rules.required()] : [],
    passportNumber: [rules.required(), rules.passportNumber()],
    passportIssuingState: [rules.required(), rules.icao()],
    passportExpiry: [rules.required(), rules.date(), rules.after('birthDate', 'v.expiryBeforeBirth')],
  };
  form.setRules(fieldRules);
  const errorFor = (name: F) => form.clientError(name);

  // Live preview of what the policy in force requires for these answers.
  const citizenships = splitCodes(v.citizenships).filter((c) => /^[A-Z]{3}$/.test(c));
  const attachedKinds = Object.keys(files).sort();
  const previewReq: PreviewRequest | null =
    v.jurisdiction && v.kind
      ? {
          filingDate,
          purpose: v.purpose || undefined,
          citizenships,
          birthDate: /^\d{4}-\d{2}-\d{2}$/.test(v.birthDate) && !errorFor('birthDate') ? v.birthDate : undefined,
          passportExpiry: /^\d{4}-\d{2}-\d{2}$/.test(v.passportExpiry) && !errorFor('passportExpiry') ? v.passportExpiry : undefined,
          documents: ['passport', ...attachedKinds.filter((k) => k !== 'passport')],
        }
      : null;
  const previewKey = useDebounced(JSON.stringify([v.jurisdiction, v.kind, previewReq]), 250);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [previewBusy, setPreviewBusy] = useState(false);
  useEffect(() => {
    const [j, k, req] = JSON.parse(previewKey) as [string, string, PreviewRequest | null];
    if (!req) {
      setPreview(null);
      return;
    }
    const ctrl = new AbortController();
    setPreviewBusy(true);
    api
      .preview(j, k, req, ctrl.signal)
      .then((p) => {
        setPreview(p);
        setPreviewError(null);
      })
      .catch((e) => {
        if (ctrl.signal.aborted) return;
        setPreview(null);
        setPreviewError(e);
      })
      .finally(() => !ctrl.signal.aborted && setPreviewBusy(false));
    return () => ctrl.abort();
  }, [previewKey]);

  const chooseFile = (kind: string, f: File | null) => {
    const next = { ...files };
    const errs = { ...fileErrors };
    delete errs[kind];
    if (!f) delete next[kind];
    else if (!FILE_TYPES.includes(f.type) && !/\.(pdf|jpe?g|png)$/i.test(f.name)) {
      errs[kind] = t('v.fileType');
      delete next[kind];
    } else if (f.size > MAX_FILE) {
      errs[kind] = t('v.fileSize');
      delete next[kind];
    } else if (f.size === 0) {
      errs[kind] = t('v.fileEmpty');
      delete next[kind];
    } else next[kind] = f;
    setFiles(next);
    setFileErrors(errs);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const bad = form.check();
    if (bad) {
      form.setFormError(t('apply.fixErrors'));
      return focusField(form.id(bad));
    }
    setBusy(t('apply.submitting'));
    try {
      const created = await api.submit({
        jurisdiction: v.jurisdiction,
        kind: v.kind,
        purpose: v.purpose || undefined,
        filingDate,
        applicant: {
          surname: v.surname.trim().toUpperCase(),
          givenNames: v.givenNames.trim().toUpperCase(),
          ...(v.nativeName.trim() ? { nativeName: v.nativeName.trim() } : {}),
          birthDate: v.birthDate,
          sex: v.sex as 'M' | 'F' | 'X',
          citizenships: splitCodes(v.citizenships),
          passport: {
            number: v.passportNumber.trim().toUpperCase(),
            issuingState: v.passportIssuingState.trim().toUpperCase(),
            expiry: v.passportExpiry,
          },
        },
      });
      rememberAccessCode(created.number, created.accessCode!);
      let uploaded = 0;
      for (const [kind, file] of Object.entries(files)) {
        setBusy(t('apply.uploading', { name: docName(kind) }));
        const fd = new FormData();
        fd.set('kind', kind);
        fd.set('issuingState', kind === 'passport' ? v.passportIssuingState.toUpperCase() : (splitCodes(v.citizenships)[0] ?? ''));
        fd.set('file', file, file.name);
        try {
          await api.uploadAsApplicant(created.number, created.accessCode!, fd);
          uploaded++;
        } catch (err) {
          pushFlash({ kind: 'error', text: t('apply.uploadFailed', { name: docName(kind), reason: apiErrorText(err) }) });
        }
      }
      if (uploaded) pushFlash({ kind: 'success', text: t('apply.uploaded', { n: uploaded }) });
      navigate(`/status/${created.number}`, { new: '1' });
    } catch (err) {
      const f = form.serverError(err, FIELD_OF);
      if (f) focusField(form.id(f));
    } finally {
      setBusy(null);
    }
  };

  if (policies.error) return <ErrorBox error={policies.error} onRetry={policies.reload} />;
  if (!policies.data) return <Loading />;

  const required = preview?.requiredDocuments ?? [];
  const missing = new Set(preview?.missingDocuments ?? []);
  const refusal = preview?.outcome === 'refuse';

  return (
    <>
      <PageTitle sub={t('apply.lede')}>{t('apply.title')}</PageTitle>
      <form class="apply-form" onSubmit={submit} noValidate aria-busy={!!busy}>
        <div class="apply-main">
          <Fieldset legend={t('apply.what')} class="card">
            <div class="grid-2">
              <SelectField form={form} name="jurisdiction" label={t('apply.jurisdiction')} required
                placeholder={t('apply.choose')}
                options={policies.data.jurisdictions.map((j) => ({ value: j.jurisdiction, label: jurisdictionName(j.jurisdiction) }))} />
              <SelectField form={form} name="kind" label={t('apply.kind')} required
                placeholder={v.jurisdiction ? t('apply.choose') : t('apply.chooseJurisdictionFirst')}
                options={kinds.map((k) => ({ value: k.kind, label: kindName(k.kind) }))} />
            </div>
            {inForce && (
              <div class="law-in-force">
                <p>
                  <strong>{t('apply.lawInForce', { date: formatDate(filingDate) })}</strong>
                </p>
                <p>{inForce.title}</p>
                <p class="muted">
                  {inForce.legalAct} — {inForce.article}
                </p>
                <p class="muted">{t('apply.deadline', { n: inForce.deadlineDays })}</p>
              </div>
            )}
          </Fieldset>

          <Fieldset legend={t('apply.you')} class="card">
            <div class="grid-2">
              <TextField form={form} name="surname" label={t('apply.surname')} hint={t('apply.surnameHint')} required autocomplete="family-name" />
              <TextField form={form} name="givenNames" label={t('apply.givenNames')} hint={t('apply.givenNamesHint')} required autocomplete="given-name" />
              <TextField form={form} name="nativeName" label={t('apply.nativeName')} hint={t('apply.nativeNameHint')} />
              <TextField form={form} name="birthDate" type="date" label={t('apply.birthDate')} required autocomplete="bday" max={filingDate}
                hint={needs('Birth Date') ? t('apply.usedByPolicy') : undefined} />
              <SelectField form={form} name="sex" label={t('apply.sex')} required placeholder={t('apply.choose')}
                options={['F', 'M', 'X'].map((s) => ({ value: s, label: t(`sex.${s}`) }))} />
              <TextField form={form} name="citizenships" label={t('apply.citizenships')} required list="icao-codes"
                hint={`${t('apply.citizenshipsHint')}${needs('Citizenships') ? ` ${t('apply.usedByPolicy')}` : ''}`}
                transform={(s) => s.toUpperCase()} autocomplete="off" />
            </div>
            <datalist id="icao-codes">
              {COMMON_CITIZENSHIPS.map((c) => (
                <option key={c} value={c}>
                  {countryName(c)}
                </option>
              ))}
            </datalist>
          </Fieldset>

          <Fieldset legend={t('apply.passport')} class="card">
            <div class="grid-2">
              <TextField form={form} name="passportNumber" label={t('apply.passportNumber')} required transform={(s) => s.toUpperCase()} autocomplete="off" />
              <TextField form={form} name="passportIssuingState" label={t('apply.passportIssuingState')} required list="icao-codes"
                hint={t('apply.icaoHint')} transform={(s) => s.toUpperCase()} autocomplete="off" />
              <TextField form={form} name="passportExpiry" type="date" label={t('apply.passportExpiry')} required
                hint={needs('Passport Expiry') ? t('apply.usedByPolicy') : undefined} />
            </div>
          </Fieldset>

          <Fieldset legend={t('apply.purposeTitle')} class="card">
            <SelectField form={form} name="purpose" label={t('apply.purpose')} required={needs('Purpose')}
              placeholder={t('apply.choose')}
              hint={needs('Purpose') ? t('apply.usedByPolicy') : t('apply.purposeOptional')}
              options={PURPOSES.map((p) => ({ value: p, label: t(`purpose.${p}`) }))} />
          </Fieldset>
        </div>

        <aside class="apply-side" aria-labelledby="required-docs-title">
          <section class="card requirements">
            <h2 id="required-docs-title">{t('apply.requiredTitle')}</h2>
            <div aria-live="polite" aria-busy={previewBusy}>
              {!previewReq && <p class="muted">{t('apply.requiredEmpty')}</p>}
              {previewReq && !preview && !previewError && <Loading label={t('apply.requiredLoading')} />}
              {previewError != null && !(previewError instanceof ApiError && previewError.field) && (
                <ErrorBox error={previewError} />
              )}
              {previewError instanceof ApiError && previewError.field && (
                <p class="muted">{t('apply.requiredNeedsAnswer', {
                    field: tOr(`field.${previewError.field.replace(/\[\d+\]$/, '')}`, previewError.field),
                  })}</p>
              )}
              {preview && (
                <>
                  <p class="muted small">{t('apply.requiredUnder', { version: preview.version.title })}</p>
                  {refusal && (
                    <Alert kind="warning">
                      <p>
                        <strong>{t('apply.wouldRefuse')}</strong>
                      </p>
                      <GroundList grounds={preview.grounds.filter((g) => !required.some((d) => groundsForDocument(d, [g], docRules).length))} />
                    </Alert>
                  )}
                  <ul class="required-docs" data-testid="required-documents">
                    {required.map((d) => {
                      const g = groundsForDocument(d, preview.grounds, docRules);
                      const isMissing = missing.has(d);
                      return (
                        <li key={d} class={isMissing ? 'missing' : 'present'} data-doc={d}>
                          <div class="doc-head">
                            <strong>{docName(d)}</strong>{' '}
                            <span class={`chip ${isMissing ? 'chip-missing' : 'chip-ok'}`}>
                              {d === 'passport' ? t('apply.docFromPassport') : isMissing ? t('apply.docMissing') : t('apply.docAttached')}
                            </span>
                          </div>
                          {g.map((x) => (
                            <p key={x.ruleId} class="small">
                              {x.reason} <cite>{x.citation}</cite>
                            </p>
                          ))}
                          {d !== 'passport' && (
                            <div class="field">
                              <label for={`file-${d}`}>{t('apply.attach', { name: docName(d) })}</label>
                              <input id={`file-${d}`} type="file" accept="application/pdf,image/jpeg,image/png"
                                aria-describedby={`file-${d}-hint file-${d}-error`}
                                onChange={(e) => chooseFile(d, (e.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
                              <p class="hint" id={`file-${d}-hint`}>{t('apply.fileHint')}</p>
                              <p class="field-error" id={`file-${d}-error`} aria-live="polite">{fileErrors[d] ?? ''}</p>
                            </div>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                  <p class="small">
                    {t('apply.outcomeNow')} <OutcomeBadge outcome={preview.outcome} />
                  </p>
                  {missing.size > 0 && !refusal && <p class="muted small">{t('apply.missingLater')}</p>}
                </>
              )}
            </div>
          </section>
        </aside>

        <div class="apply-submit">
          <FormError message={form.formError} />
          <p class="muted small">{t('apply.declaration')}</p>
          <button class="btn btn-primary btn-large" type="submit" disabled={!!busy}>
            {busy ?? t('apply.submit')}
          </button>
          <p class="sr-only" role="status">{busy ?? ''}</p>
        </div>
      </form>
    </>
  );
}
