// Returning to an application saved unfinished (save and return): its reference and access code
// fetch the answers (GET /drafts/{reference}), which the application form then opens with.
import { useState } from 'preact/hooks';
import { t, useLang } from '../i18n';
import { api } from '../lib/api';
import { focusField, rules, useForm } from '../lib/forms';
import { navigate } from '../lib/router';
import { PageTitle } from '../ui/common';
import { FormError, TextField } from '../ui/fields';
import { APPLY_DRAFT_KEY, rememberSavedDraft } from './apply';

export function ResumePage() {
  useLang();
  const form = useForm(
    { reference: '', accessCode: '' },
    {
      reference: [rules.required(), (v) => (!v || /^DR-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(v.trim()) ? null : { key: 'v.draftReference' })],
      accessCode: [rules.required(), rules.minLength(6)],
    },
  );
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const bad = form.check();
    if (bad) return focusField(form.id(bad));
    setBusy(true);
    try {
      const reference = form.values.reference.trim();
      const code = form.values.accessCode.trim();
      const draft = await api.draft(reference, code);
      // Only the form's own text answers are taken back.
      const answers: Record<string, string> = {};
      for (const [k, value] of Object.entries(draft.answers)) if (typeof value === 'string') answers[k] = value;
      sessionStorage.setItem(APPLY_DRAFT_KEY, JSON.stringify(answers));
      rememberSavedDraft({ reference, accessCode: code, expiresAt: draft.expiresAt });
      navigate('/apply');
    } catch (err) {
      const f = form.serverError(err, { reference: 'reference', 'X-Access-Code': 'accessCode', answers: 'reference' });
      if (f) focusField(form.id(f));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="narrow">
      <PageTitle sub={t('resume.lede')}>{t('resume.title')}</PageTitle>
      <form class="card form" onSubmit={submit} noValidate aria-busy={busy}>
        <TextField form={form} name="reference" label={t('resume.reference')} hint={t('resume.referenceHint')} required
          transform={(s) => s.toUpperCase()} autocomplete="off" />
        <TextField form={form} name="accessCode" label={t('lookup.code')} hint={t('resume.codeHint')} required autocomplete="off"
          transform={(s) => s.toUpperCase()} />
        <FormError message={form.formError} />
        <button class="btn btn-primary" type="submit" disabled={busy}>
          {t('resume.submit')}
        </button>
      </form>
    </div>
  );
}
