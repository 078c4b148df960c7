// Applying: choose jurisdiction and kind, answer what the policy in force needs, see the required
// documents live (POST /policies/{j}/{k}/preview on every change, with the attached documents'
// details), attach files with what they say, check the answers on one page, submit. What is typed
// survives a reload of the tab, and leaving with answers typed asks first. The filing time is the server's: nobody
// enters a filing date. An officer entering a paper or counter application uses the same form
// (`counter`), with when it was received and why it is entered later.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { COMMON_CITIZENSHIPS, countryName, currentLang, docName, formatDate, formatLocalTime, groundCitation, groundReason, jurisdictionName, kindName, purposeName, t, tOr, useLang } from '../i18n';
import { api, ASYLUM, today, type DocumentFacts, type DocumentLabels, type Ground, type NewApplication, type NoticeLanguage, type Preview, type PreviewRequest, type Purpose, type Session, ApiError } from '../lib/api';
import { timeZoneOf, useClock, wallNow, withOffset } from '../lib/clock';
import { documentRules, groundsForDocument, inputNames, loadVersion } from '../lib/dmn';
import { pushFlash } from '../lib/flash';
import { APPLICANT_FIELD_OF, APPLICANT_RULES, apiErrorText, focusField, isRealDate, rules, splitCodes, useForm, type Form, type Rule } from '../lib/forms';
import { useAsync, useDebounced } from '../lib/hooks';
import { href, navigate } from '../lib/router';
import { rememberAccessCode } from '../lib/session';
import { Alert, ErrorBox, GroundList, IllustrativeBadge, Loading, OutcomeBadge, PageTitle, withContext } from '../ui/common';
import { Fieldset, FormError, SelectField, TextAreaField, TextField } from '../ui/fields';
import { appendDetails, DETAIL_FIELDS, detailRules, DocumentDetails, type DetailField } from '../ui/upload';

const MAX_FILE = 10 * 1024 * 1024;
const FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
/** Languages notices are issued in (the UI's own). */
const NOTICE_LANGUAGES: NoticeLanguage[] = ['en', 'ru', 'kk', 'lv'];

type F =
  | 'jurisdiction'
  | 'kind'
  | 'surname'
  | 'givenNames'
  | 'nativeName'
  | 'birthDate'
  | 'sex'
  | 'citizenships'
  | 'passportNumber'
  | 'passportIssuingState'
  | 'passportIssued'
  | 'passportExpiry'
  | 'purpose'
  | 'language'
  | 'receivedAt'
  | 'receivedReason';

const FIELD_OF: Record<string, F> = {
  jurisdiction: 'jurisdiction',
  kind: 'kind',
  purpose: 'purpose',
  language: 'language',
  ...APPLICANT_FIELD_OF,
  'applicant.passport.issued': 'passportIssued',
  received: 'receivedAt',
  'received.at': 'receivedAt',
  'received.reason': 'receivedReason',
  citizenships: 'citizenships',
  birthDate: 'birthDate',
  passportExpiry: 'passportExpiry',
  passportIssuingState: 'passportIssuingState',
};

/** A file chosen for a required document, with what the document says. */
interface Attached {
  file: File;
  details: Record<DetailField, string>;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** What the preview may send of a document's details: only what is well formed. */
function facts(kind: string, d: Record<DetailField, string>): DocumentFacts {
  const out: DocumentFacts = { kind };
  if (/^[A-Z]{3}$/.test(d.issuingState.trim().toUpperCase())) out.issuingState = d.issuingState.trim().toUpperCase();
  if (d.number.trim()) out.number = d.number.trim();
  if (isRealDate(d.issued)) out.issued = d.issued;
  if (isRealDate(d.expires) && (!out.issued || d.expires >= out.issued)) out.expires = d.expires;
  return out;
}

/**
 * An applicant answers one group of questions per page (the GOV.UK pattern "one thing per page",
 * with the questions that belong together kept together), then attaches documents, then checks
 * the answers; an officer entering a paper application keeps the whole form on one page.
 */
const STEPS: { key: string; fields: F[] }[] = [
  { key: 'what', fields: ['jurisdiction', 'kind'] },
  { key: 'you', fields: ['surname', 'givenNames', 'nativeName', 'birthDate', 'sex', 'citizenships'] },
  { key: 'passport', fields: ['passportNumber', 'passportIssuingState', 'passportIssued', 'passportExpiry'] },
  { key: 'purpose', fields: ['purpose', 'language'] },
  { key: 'documents', fields: [] },
];
const LAST_STEP = STEPS.length - 1;
/** The step that asks a field (a document's fields, "file-…", are on the documents step). */
const stepOf = (field: string) => {
  const i = STEPS.findIndex((s) => (s.fields as string[]).includes(field));
  return i < 0 ? LAST_STEP : i;
};

/** Where the applicant's form keeps what was typed in this tab (sessionStorage). */
export const APPLY_DRAFT_KEY = 'tamga.applyDraft';
const SAVED_DRAFT_KEY = 'tamga.applySaved';

/** An application saved on the server to finish later, as this tab knows it. */
interface SavedRef {
  reference: string;
  accessCode: string;
  expiresAt: string;
}

export function rememberSavedDraft(saved: SavedRef | null): void {
  try {
    if (saved) sessionStorage.setItem(SAVED_DRAFT_KEY, JSON.stringify(saved));
    else sessionStorage.removeItem(SAVED_DRAFT_KEY);
  } catch {
    /* storage may be unavailable */
  }
}

function savedDraft(): SavedRef | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(SAVED_DRAFT_KEY) ?? 'null');
    return s && typeof s.reference === 'string' && typeof s.accessCode === 'string' ? (s as SavedRef) : null;
  } catch {
    return null;
  }
}

export function ApplyPage({ counter, session }: { counter?: boolean; session?: Session | null }) {
  useLang();
  useClock();
  const policies = useAsync(() => api.policies(), []);
  const [attached, setAttached] = useState<Record<string, Attached>>({});
  const checks = useRef<Record<string, () => string | null>>({});
  const [busy, setBusy] = useState<string | null>(null);
  // Answers checked on one page before they are sent ("check your answers").
  const [reviewing, setReviewing] = useState(false);
  const stepped = !counter;
  const [step, setStep] = useState(0);
  // Sent to a step by "Change" on the check-your-answers page: Continue goes straight back there.
  const [fromCheck, setFromCheck] = useState(false);
  // Shows step `n` (or, for a field, the step that asks it) and moves focus to what it asks.
  const goTo = (n: number, focus?: string, changing = false) => {
    setReviewing(false);
    setFromCheck(changing);
    setStep(n);
    requestAnimationFrame(() => {
      if (focus) return focusField(focus);
      const h = document.getElementById('step-title');
      h?.focus();
      h?.scrollIntoView({ block: 'start' });
    });
  };
  // What was typed is kept in this tab (sessionStorage: gone when the tab closes, so a shared
  // computer does not keep it), so a reload loses nothing; files must be chosen again.
  const draftKey = counter ? 'tamga.counterDraft' : APPLY_DRAFT_KEY;
  // Saved on the server to finish later (applicants only): its reference and code, and whether
  // the panel that shows them was just opened.
  const [saved, setSaved] = useState<SavedRef | null>(() => (counter ? null : savedDraft()));
  const [savedShown, setSavedShown] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [restored] = useState<Partial<Record<F, string>> | null>(() => {
    try {
      const saved = JSON.parse(sessionStorage.getItem(draftKey) ?? 'null');
      return saved && typeof saved === 'object' ? saved : null;
    } catch {
      return null;
    }
  });
  const submitted = useRef(false);

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
      passportNumber: '',
      passportIssuingState: '',
      passportIssued: '',
      passportExpiry: '',
      purpose: '',
      language: currentLang(),
      receivedAt: '',
      receivedReason: '',
      ...(restored ?? {}),
    },
    {},
  );
  const v = form.values;
  useEffect(() => {
    try {
      sessionStorage.setItem(draftKey, JSON.stringify(v));
    } catch {
      /* storage may be unavailable */
    }
  }, [v]);
  // Leaving (closing, reloading) with answers typed asks first; the browser words the question.
  const typed = (Object.keys(v) as F[]).some((k) => k !== 'language' && v[k]) || Object.keys(attached).length > 0;
  useEffect(() => {
    if (!typed) return;
    const warn = (e: BeforeUnloadEvent) => {
      if (submitted.current) return;
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [typed]);

  // Officers enter applications of their own jurisdictions only.
  const jurisdictions = useMemo(() => {
    const all = policies.data?.jurisdictions ?? [];
    const mine = session?.jurisdictions;
    return counter && mine && !mine.includes('*') ? all.filter((j) => mine.includes(j.jurisdiction)) : all;
  }, [policies.data, counter, session]);
  // An asylum claim is lodged in person with an officer (pages/asylum.tsx), not through this form.
  const kinds = useMemo(
    () => (jurisdictions.find((j) => j.jurisdiction === v.jurisdiction)?.kinds ?? []).filter((k) => k.kind !== ASYLUM),
    [jurisdictions, v.jurisdiction],
  );
  const zone = timeZoneOf(v.jurisdiction);
  // The filing date: today in the jurisdiction by the server's clock, or the day a paper
  // application was received (an officer's entry).
  const receivedOk = counter && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v.receivedAt) && isRealDate(v.receivedAt.slice(0, 10));
  const filingDate = receivedOk ? v.receivedAt.slice(0, 10) : today(v.jurisdiction || undefined);

  // Pre-select when there is only one choice; reset the kind when the jurisdiction changes.
  useEffect(() => {
    if (jurisdictions.length === 1 && !v.jurisdiction) form.setMany({ jurisdiction: jurisdictions[0].jurisdiction });
  }, [jurisdictions]);
  // (Only once the policies are known: answers restored after a reload arrive before them.)
  useEffect(() => {
    if (policies.data && v.kind && !kinds.some((k) => k.kind === v.kind)) form.setMany({ kind: '' });
  }, [v.jurisdiction, policies.data]);

  // The version in force on the filing date, then its models (inputs, which rule needs which document).
  const inForce = useAsync(
    async () => (v.jurisdiction && v.kind ? api.inForce(v.jurisdiction, v.kind, filingDate) : undefined),
    [v.jurisdiction, v.kind, filingDate],
  );
  const version = inForce.error ? undefined : inForce.data;
  const detail = useAsync(
    async () => (version ? loadVersion(version.jurisdiction, version.kind, version.takesEffect) : undefined),
    [version?.id],
  );
  const used = useMemo(() => new Set(detail.data ? inputNames(detail.data.files) : []), [detail.data]);
  const docRules = useMemo(() => (detail.data ? documentRules(detail.data.files) : undefined), [detail.data]);
  const purposes = version?.purposes ?? [];
  const labels = version?.documents;
  const needs = (input: string) => used.has(input);

  // A purpose the version in force does not know is cleared.
  useEffect(() => {
    if (version && v.purpose && !purposes.some((p) => p.code === v.purpose)) form.setMany({ purpose: '' });
  }, [version?.id]);

  // Validation rules depend on what the policy in force uses.
  const receivedRules: Rule[] = [
    (x) => (!x || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(x) ? null : { key: 'v.dateTime' }),
    (x) => (!x || !isRealDate(x.slice(0, 10)) || x <= wallNow(zone) ? null : { key: 'v.receivedFuture' }),
  ];
  const fieldRules: Partial<Record<F, Rule[]>> = {
    jurisdiction: [rules.required()],
    kind: [rules.required()],
    ...APPLICANT_RULES,
    purpose: [rules.required()],
    language: [rules.required()],
    passportIssued: [rules.date(), rules.past(), rules.after('birthDate', 'v.issuedBeforeBirth')],
    passportExpiry: [...APPLICANT_RULES.passportExpiry, rules.after('passportIssued', 'v.expiresBeforeIssued')],
    receivedAt: counter ? receivedRules : [],
    receivedReason: counter ? [(x, all) => (all.receivedAt && !x.trim() ? { key: 'v.receivedReason' } : null), rules.maxLength(4000)] : [],
  };
  form.setRules(fieldRules);
  const errorFor = (name: F) => form.clientError(name);

  // Live preview of what the policy in force requires for these answers and documents.
  const citizenships = splitCodes(v.citizenships).filter((c) => /^[A-Z]{3}$/.test(c));
  const attachedKinds = Object.keys(attached).sort();
  const okDate = (name: F) => (DATE_RE.test(v[name]) && !errorFor(name) ? v[name] : undefined);
  const previewReq: PreviewRequest | null =
    v.jurisdiction && v.kind
      ? {
          ...(receivedOk ? { filingDate } : {}),
          purpose: v.purpose || undefined,
          citizenships,
          birthDate: okDate('birthDate'),
          passportExpiry: okDate('passportExpiry'),
          passportIssuingState: /^[A-Z]{3}$/.test(v.passportIssuingState) ? v.passportIssuingState : undefined,
          documents: ['passport', ...attachedKinds.filter((k) => k !== 'passport').map((k) => facts(k, attached[k].details))],
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

  const onAttach = (kind: string, a: Attached | null) =>
    setAttached((all) => {
      const next = { ...all };
      if (a) next[kind] = a;
      else delete next[kind];
      return next;
    });

  const submit = async (e: Event) => {
    e.preventDefault();
    // One step at a time: its questions are checked, then the next step opens.
    if (stepped && !reviewing && step < LAST_STEP) {
      const fields = STEPS[step].fields;
      for (const f of fields) form.touch(f);
      const wrong = fields.find((f) => form.clientError(f));
      if (wrong) return focusField(form.id(wrong));
      if (!fromCheck) return goTo(step + 1);
    }
    const bad = form.check();
    const badDoc = Object.values(checks.current).map((c) => c()).find(Boolean);
    if (bad || badDoc) {
      setReviewing(false);
      form.setFormError(t('apply.fixErrors'));
      if (stepped) return goTo(bad ? stepOf(bad) : LAST_STEP, bad ? form.id(bad) : badDoc!);
      return focusField(bad ? form.id(bad) : badDoc!);
    }
    if (!reviewing) {
      setFromCheck(false);
      setReviewing(true);
      requestAnimationFrame(() => {
        const h = document.getElementById('check-title');
        h?.focus();
        h?.scrollIntoView({ block: 'start' });
      });
      return;
    }
    setBusy(t('apply.submitting'));
    const application: NewApplication = {
      jurisdiction: v.jurisdiction,
      kind: v.kind,
      purpose: v.purpose,
      language: v.language as NoticeLanguage,
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
          ...(v.passportIssued ? { issued: v.passportIssued } : {}),
          expiry: v.passportExpiry,
        },
      },
      ...(counter && v.receivedAt && zone
        ? { received: { at: withOffset(v.receivedAt, zone), reason: v.receivedReason.trim() } }
        : {}),
    };
    try {
      const created = await api.submit(application, !!counter);
      if (!counter) rememberAccessCode(created.number, created.accessCode!);
      let uploaded = 0;
      for (const [kind, a] of Object.entries(attached)) {
        setBusy(t('apply.uploading', { name: docName(kind, labels) }));
        const fd = new FormData();
        fd.set('kind', kind);
        appendDetails(fd, a.details);
        fd.set('file', a.file, a.file.name);
        try {
          if (counter) await api.uploadAsOfficer(created.number, fd);
          else await api.uploadAsApplicant(created.number, created.accessCode!, fd);
          uploaded++;
        } catch (err) {
          pushFlash({ kind: 'error', text: t('apply.uploadFailed', { name: docName(kind, labels), reason: apiErrorText(err) }) });
        }
      }
      if (uploaded) pushFlash({ kind: 'success', text: t('apply.uploaded', { n: uploaded }) });
      submitted.current = true;
      try {
        sessionStorage.removeItem(draftKey);
      } catch {
        /* ignore */
      }
      // The saved copy has served its purpose: it is deleted (a failure only leaves it to expire).
      if (saved) {
        api.discardDraft(saved.reference, saved.accessCode).catch(() => undefined);
        rememberSavedDraft(null);
      }
      if (counter) {
        pushFlash({ kind: 'success', text: t('counter.created', { number: created.number, code: created.accessCode ?? '' }) });
        navigate(`/officer/cases/${created.number}`);
      } else {
        navigate(`/status/${created.number}`, { new: '1' });
      }
    } catch (err) {
      const f = form.serverError(err, FIELD_OF);
      // Back to the answer the server refused; Continue then returns to the answers.
      if (f && stepped) goTo(stepOf(f), form.id(f), true);
      else if (f) focusField(form.id(f));
    } finally {
      setBusy(null);
    }
  };

  // Save and finish later: the answers typed so far (not the files) go to the server under a
  // reference and an access code shown once; saving again keeps both.
  const saveForLater = async () => {
    setBusy(t('apply.saving'));
    setSaveError(null);
    try {
      const answers = { ...v } as Record<string, string>;
      // A saved copy that is gone (expired, or discarded by a submission in another tab) is
      // replaced by a new one, with a new reference and code.
      const again = saved
        ? await api.saveDraft(saved.reference, saved.accessCode, answers).catch((e) => {
            if (e instanceof ApiError && e.status === 404) return null;
            throw e;
          })
        : null;
      const result = again ?? (await api.saveNewDraft(answers));
      const fresh = !again;
      const next = { reference: result.reference, accessCode: fresh ? result.accessCode! : saved!.accessCode, expiresAt: result.expiresAt };
      setSaved(next);
      rememberSavedDraft(next);
      setSavedShown(true);
    } catch (err) {
      setSaveError(err);
      setSavedShown(true);
    } finally {
      setBusy(null);
      requestAnimationFrame(() => document.getElementById('saved-for-later')?.focus());
    }
  };

  if (policies.error) return <ErrorBox error={policies.error} onRetry={policies.reload} />;
  if (!policies.data) return <Loading />;

  const required = preview?.requiredDocuments ?? [];
  const missing = new Set(preview?.missingDocuments ?? []);
  const refusal = preview?.outcome === 'refuse';
  // Grounds shown under a document (its requirement, why what was attached does not count) are
  // not repeated among the decisive ones.
  const all: Ground[] = preview ? [...preview.decisiveGrounds, ...preview.grounds.filter((g) => !preview.decisiveGrounds.some((d) => d.ruleId === g.ruleId))] : [];
  const underDocs = new Set(required.flatMap((d) => groundsForDocument(d, all, docRules).map((g) => g.ruleId)));
  const decisiveElse = (preview?.decisiveGrounds ?? []).filter((g) => !underDocs.has(g.ruleId));
  const decisiveIds = new Set((preview?.decisiveGrounds ?? []).map((g) => g.ruleId));

  return (
    <>
      {counter && <p class="breadcrumb"><a href={href('/officer')}>{t('case.back')}</a></p>}
      <PageTitle sub={counter ? t('counter.lede') : t('apply.lede')}>{counter ? t('counter.title') : t('apply.title')}</PageTitle>
      {restored && !reviewing && <Alert kind="info"><p data-testid="draft-restored">{t(saved ? 'apply.resumed' : 'apply.restored')}</p></Alert>}
      {savedShown && (
        <div id="saved-for-later" tabIndex={-1} data-testid="saved-for-later">
          {saveError != null ? (
            <ErrorBox error={saveError} />
          ) : saved && (
            <Alert kind="success">
              <p><strong>{t('apply.savedTitle')}</strong></p>
              <dl class="facts">
                <dt>{t('resume.reference')}</dt>
                <dd><code data-testid="draft-reference">{saved.reference}</code></dd>
                <dt>{t('lookup.code')}</dt>
                <dd><code data-testid="draft-code">{saved.accessCode}</code></dd>
              </dl>
              <p>{t('apply.savedText', { date: formatDate(saved.expiresAt.slice(0, 10)) })}</p>
              <p class="small">{t('apply.savedFiles')}</p>
            </Alert>
          )}
        </div>
      )}
      <form class={`apply-form ${stepped ? 'stepped' : ''}`} onSubmit={submit} noValidate aria-busy={!!busy}>
        {reviewing && (
          <CheckAnswers values={v} counter={!!counter} labels={labels} purposes={purposes} attached={attached}
            onChange={(field) => {
              const id = field.startsWith('file-') ? field : form.id(field as F);
              if (stepped) return goTo(stepOf(field), id, true);
              setReviewing(false);
              requestAnimationFrame(() => focusField(id));
            }} />
        )}
        {stepped && !reviewing && (
          <div class="step-progress">
            <h2 id="step-title" tabIndex={-1} data-step={STEPS[step].key}>
              <span class="step-count">{t('apply.stepOf', { n: step + 1, total: STEPS.length })}</span>{' '}
              {t(`apply.step.${STEPS[step].key}`)}
            </h2>
          </div>
        )}
        <div class="apply-main" hidden={reviewing || (stepped && step === LAST_STEP)}>
          <Fieldset legend={t('apply.what')} class="card" hidden={stepped && step !== 0}>
            <div class="grid-2">
              <SelectField form={form} name="jurisdiction" label={t('apply.jurisdiction')} required
                placeholder={t('apply.choose')}
                options={jurisdictions.map((j) => ({ value: j.jurisdiction, label: jurisdictionName(j.jurisdiction) }))} />
              <SelectField form={form} name="kind" label={t('apply.kind')} required
                placeholder={v.jurisdiction ? t('apply.choose') : t('apply.chooseJurisdictionFirst')}
                options={kinds.map((k) => ({ value: k.kind, label: kindName(k.kind) }))} />
            </div>
            {inForce.error != null && <ErrorBox error={inForce.error} />}
            {version && (
              <div class="law-in-force" data-testid="law-in-force">
                <p>
                  <strong>{receivedOk ? t('counter.lawOn', { date: formatDate(filingDate) }) : t('apply.lawInForce', { date: formatDate(filingDate) })}</strong>{' '}
                  {counter && version.illustrative && <IllustrativeBadge />}
                </p>
                <p>{version.title}</p>
                <p class="muted">
                  {version.legalBasis?.act ?? version.legalAct} — {version.legalBasis?.article ?? version.article}
                </p>
                <p class="muted">{t('apply.deadline', { n: version.deadlineDays })}</p>
                {!counter && <p class="muted small">{t('apply.filedByServer')}</p>}
              </div>
            )}
          </Fieldset>

          {counter && (
            <Fieldset legend={t('counter.receipt')} class="card">
              <p class="hint">{t('counter.receiptHint')}</p>
              <div class="grid-2">
                <TextField form={form} name="receivedAt" type="datetime-local" label={t('counter.receivedAt')}
                  hint={zone ? t('counter.receivedAtHint', { zone, now: formatLocalTime(withOffset(wallNow(zone), zone)) }) : t('counter.chooseJurisdiction')}
                  max={wallNow(zone)} />
                <TextAreaField form={form} name="receivedReason" label={t('counter.reason')} hint={t('counter.reasonHint')}
                  required={!!v.receivedAt} rows={3} />
              </div>
              {receivedOk && zone && !errorFor('receivedAt') && (
                <p class="small" data-testid="received-preview">{t('counter.receivedPreview', { when: formatLocalTime(withOffset(v.receivedAt, zone)) })}</p>
              )}
            </Fieldset>
          )}

          <Fieldset legend={counter ? t('case.applicant') : t('apply.you')} class="card" hidden={stepped && step !== 1}>
            <div class="grid-2">
              <TextField form={form} name="surname" label={t('apply.surname')} hint={counter ? t('counter.latinHint') : t('apply.surnameHint')} required autocomplete="family-name" />
              <TextField form={form} name="givenNames" label={t('apply.givenNames')} hint={counter ? t('counter.latinHint') : t('apply.givenNamesHint')} required autocomplete="given-name" />
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

          <Fieldset legend={t('apply.passport')} class="card" hidden={stepped && step !== 2}>
            <div class="grid-2">
              <TextField form={form} name="passportNumber" label={t('apply.passportNumber')} required transform={(s) => s.toUpperCase()} autocomplete="off" />
              <TextField form={form} name="passportIssuingState" label={t('apply.passportIssuingState')} required list="icao-codes"
                hint={t('apply.icaoHint')} transform={(s) => s.toUpperCase()} autocomplete="off" />
              <TextField form={form} name="passportIssued" type="date" label={t('apply.passportIssued')} hint={t('apply.optional')} />
              <TextField form={form} name="passportExpiry" type="date" label={t('apply.passportExpiry')} required
                hint={needs('Passport Expiry') || needs('Passport') ? t('apply.usedByPolicy') : undefined} />
            </div>
          </Fieldset>

          <Fieldset legend={t('apply.purposeTitle')} class="card" hidden={stepped && step !== 3}>
            <div class="grid-2">
              <SelectField form={form} name="purpose" label={counter ? t('counter.purpose') : t('apply.purpose')} required
                placeholder={version ? t('apply.choose') : t('apply.chooseKindFirst')}
                hint={needs('Purpose') ? t('apply.usedByPolicy') : undefined}
                options={purposes.map((p) => ({ value: p.code, label: purposeName(p.code, purposes) }))} />
              <SelectField form={form} name="language" label={counter ? t('counter.language') : t('apply.language')} required
                hint={counter ? t('counter.languageHint') : t('apply.languageHint')}
                options={NOTICE_LANGUAGES.map((l) => ({ value: l, label: t(`lang.${l}.name`) }))} />
            </div>
          </Fieldset>
        </div>

        <aside class={`apply-side ${stepped && step !== LAST_STEP ? 'off-step' : 'on-step'}`} aria-labelledby="required-docs-title" hidden={reviewing}>
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
                    field: tOr(`field.${previewError.field.replace(/\[\d+\]/g, '')}`, previewError.field),
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
                      <GroundList grounds={decisiveElse} decisive />
                    </Alert>
                  )}
                  <ul class="required-docs" data-testid="required-documents">
                    {required.map((d) => {
                      const g = groundsForDocument(d, all, docRules);
                      const isMissing = missing.has(d);
                      const isAttached = !!attached[d];
                      return (
                        <li key={d} class={isMissing ? 'missing' : 'present'} data-doc={d}>
                          <div class="doc-head">
                            <strong>{docName(d, labels)}</strong>{' '}
                            <span class={`chip ${isMissing ? 'chip-missing' : 'chip-ok'}`}>
                              {d === 'passport'
                                ? isMissing ? t('apply.docPassportNotValid') : t('apply.docFromPassport')
                                : isMissing ? (isAttached ? t('apply.docDoesNotCount') : t('apply.docMissing')) : t('apply.docAttached')}
                            </span>
                          </div>
                          {g.map((x) => (
                            <p key={x.ruleId} class={`small ${decisiveIds.has(x.ruleId) && x.ruleId !== g[0].ruleId ? 'err-text' : ''}`}>
                              {groundReason(x)} <cite>{groundCitation(x)}</cite>
                            </p>
                          ))}
                          {d !== 'passport' && (
                            <AttachDocument kind={d} name={docName(d)} onChange={onAttach}
                              register={(c) => {
                                if (c) checks.current[d] = c;
                                else delete checks.current[d];
                              }} />
                          )}
                        </li>
                      );
                    })}
                  </ul>
                  <p class="small">
                    {t('apply.outcomeNow')} <OutcomeBadge outcome={preview.outcome} />
                  </p>
                  {!refusal && decisiveElse.length > 0 && (
                    <div class="decisive-box">
                      <p class="small"><strong>{t('apply.whatDecides')}</strong></p>
                      <GroundList grounds={decisiveElse} decisive testId="preview-decisive" />
                    </div>
                  )}
                  {missing.size > 0 && !refusal && <p class="muted small">{counter ? t('counter.missingLater') : t('apply.missingLater')}</p>}
                </>
              )}
            </div>
          </section>
        </aside>

        <div class="apply-submit">
          <FormError message={form.formError} />
          <p class="muted small">{counter ? t('counter.declaration') : t('apply.declaration')}</p>
          {reviewing ? (
            <>
              <button class="btn btn-primary btn-large" type="submit" disabled={!!busy}>
                {busy ?? (counter ? t('counter.submit') : t('apply.submit'))}
              </button>{' '}
              <button class="btn btn-secondary" type="button" disabled={!!busy} onClick={() => {
                if (stepped) return goTo(LAST_STEP);
                setReviewing(false);
                requestAnimationFrame(() => focusField(form.id('jurisdiction')));
              }}>{t('apply.backToForm')}</button>
            </>
          ) : (
            <>
              <button class="btn btn-primary btn-large" type="submit" disabled={!!busy} data-testid="continue">
                {!stepped || step === LAST_STEP || fromCheck ? t('apply.checkAnswers') : t('apply.continue')}
              </button>
              {stepped && step > 0 && (
                <>
                  {' '}
                  <button class="btn btn-secondary" type="button" disabled={!!busy} data-testid="back" onClick={() => goTo(step - 1)}>
                    {t('apply.back')}
                  </button>
                </>
              )}
            </>
          )}
          {!counter && (
            <>
              {' '}
              <button class="btn btn-secondary" type="button" disabled={!!busy} onClick={saveForLater} data-testid="save-for-later">
                {t('apply.saveForLater')}
              </button>
            </>
          )}
          <p class="sr-only" role="status">{busy ?? ''}</p>
          {!counter && !restored && !saved && (
            <p class="muted small"><a href={href('/apply/resume')} data-testid="resume-link">{t('apply.resumeLink')}</a></p>
          )}
        </div>
      </form>
    </>
  );
}

/**
 * "Check your answers": every answer as it will be sent, grouped as the form asks them, each with
 * a Change button that goes back to its field; the documents attached.
 */
function CheckAnswers({ values: v, counter, labels, purposes, attached, onChange }: {
  values: Record<F, string>;
  counter: boolean;
  labels?: DocumentLabels;
  purposes: Purpose[];
  attached: Record<string, Attached>;
  onChange: (field: string) => void;
}) {
  const row = (field: F, label: string, value: string) => (
    <div class="check-row" key={field}>
      <dt>{label}</dt>
      <dd>{value || '—'}</dd>
      <dd class="change">
        <button type="button" class="btn btn-link" onClick={() => onChange(field)}
          aria-label={withContext(t('apply.change'), label)}>{t('apply.change')}</button>
      </dd>
    </div>
  );
  return (
    <section class="card check-answers" aria-labelledby="check-title" data-testid="check-answers">
      <h2 id="check-title" tabIndex={-1}>{t('apply.checkTitle')}</h2>
      <p>{t('apply.checkLede')}</p>
      <h3>{t('apply.what')}</h3>
      <dl class="check-list">
        {row('jurisdiction', t('apply.jurisdiction'), jurisdictionName(v.jurisdiction))}
        {row('kind', t('apply.kind'), kindName(v.kind))}
        {counter && v.receivedAt && row('receivedAt', t('counter.receivedAt'), v.receivedAt.replace('T', ' '))}
      </dl>
      <h3>{counter ? t('case.applicant') : t('apply.you')}</h3>
      <dl class="check-list">
        {row('surname', t('apply.surname'), v.surname.trim().toUpperCase())}
        {row('givenNames', t('apply.givenNames'), v.givenNames.trim().toUpperCase())}
        {row('nativeName', t('apply.nativeName'), v.nativeName.trim())}
        {row('birthDate', t('apply.birthDate'), formatDate(v.birthDate))}
        {row('sex', t('apply.sex'), v.sex ? t(`sex.${v.sex}`) : '')}
        {row('citizenships', t('apply.citizenships'), splitCodes(v.citizenships).map((c) => `${c} (${countryName(c)})`).join(', '))}
      </dl>
      <h3>{t('apply.passport')}</h3>
      <dl class="check-list">
        {row('passportNumber', t('apply.passportNumber'), v.passportNumber.trim().toUpperCase())}
        {row('passportIssuingState', t('apply.passportIssuingState'), v.passportIssuingState.trim().toUpperCase())}
        {row('passportIssued', t('apply.passportIssued'), v.passportIssued ? formatDate(v.passportIssued) : '')}
        {row('passportExpiry', t('apply.passportExpiry'), formatDate(v.passportExpiry))}
      </dl>
      <h3>{t('apply.purposeTitle')}</h3>
      <dl class="check-list">
        {row('purpose', counter ? t('counter.purpose') : t('apply.purpose'), purposeName(v.purpose, purposes))}
        {row('language', counter ? t('counter.language') : t('apply.language'), tOr(`langName.${v.language}`, v.language))}
      </dl>
      <h3>{t('apply.checkDocuments')}</h3>
      {Object.keys(attached).length ? (
        <dl class="check-list">
          {Object.entries(attached).map(([kind, a]) => (
            <div class="check-row" key={kind}>
              <dt>{docName(kind, labels)}</dt>
              <dd>{a.file.name}</dd>
              <dd class="change">
                <button type="button" class="btn btn-link" onClick={() => onChange(`file-${kind}`)}
                  aria-label={withContext(t('apply.change'), docName(kind, labels))}>{t('apply.change')}</button>
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p class="muted">{t('apply.checkNoDocuments')}</p>
      )}
    </section>
  );
}

/**
 * A file for one required document and what the document says (its issuing state above all: the
 * policy checks who issued it). Reports the file and details up; registers its check for submit.
 */
function AttachDocument({
  kind,
  name,
  onChange,
  register,
}: {
  kind: string;
  name: string;
  onChange: (kind: string, a: Attached | null) => void;
  register: (check: (() => string | null) | null) => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const empty = Object.fromEntries(DETAIL_FIELDS.map((f) => [f, ''])) as Record<DetailField, string>;
  const form = useForm<DetailField>(empty, detailRules(true));
  const prefix = `file-${kind}`;
  const scoped: Form<DetailField> = { ...form, id: (n) => `${prefix}-${n}` };

  useEffect(() => {
    onChange(kind, file ? { file, details: form.values } : null);
  }, [file, form.values]);
  useEffect(() => () => {
    onChange(kind, null);
    register(null);
  }, []);
  // Only an attached document's details are checked (and required).
  register(file ? () => {
    const bad = form.check();
    return bad ? scoped.id(bad) : null;
  } : null);

  const choose = (f: File | null) => {
    setFileError(null);
    if (!f) return setFile(null);
    if (!FILE_TYPES.includes(f.type) && !/\.(pdf|jpe?g|png)$/i.test(f.name)) setFileError(t('v.fileType'));
    else if (f.size > MAX_FILE) setFileError(t('v.fileSize'));
    else if (f.size === 0) setFileError(t('v.fileEmpty'));
    else return setFile(f);
    setFile(null);
  };

  return (
    <div class="attach">
      <div class="field">
        <label for={prefix}>{t('apply.attach', { name })}</label>
        <input id={prefix} type="file" accept="application/pdf,image/jpeg,image/png"
          aria-invalid={fileError ? 'true' : 'false'}
          aria-describedby={`${prefix}-hint ${prefix}-error`}
          onChange={(e) => choose((e.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
        <p class="hint" id={`${prefix}-hint`}>{t('apply.fileHint')}</p>
        <p class="field-error" id={`${prefix}-error`} aria-live="polite">{fileError ?? ''}</p>
      </div>
      {file && (
        <fieldset class="doc-details">
          <legend>{t('apply.docDetails')}</legend>
          <p class="hint">{t('apply.docDetailsHint')}</p>
          <DocumentDetails form={scoped} requireState />
        </fieldset>
      )}
    </div>
  );
}
