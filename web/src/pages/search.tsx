// Person search (officers, supervisors): the applications in the caller's jurisdictions whose
// applicant may be the person named, in any script and order ("Yuriy Ivanov" finds "ИВАНОВ ЮРИЙ"
// and "IOURI IVANOV"), optionally narrowed by a birth date and a document number; best matches
// first, each with how the names matched part by part on demand. The query is in the address, so
// a search can be shared, reloaded and gone back to.
import { useEffect, useState } from 'preact/hooks';
import { jurisdictionName, t, tn, useLang } from '../i18n';
import { api, ApiError } from '../lib/api';
import { focusField, rules, useForm } from '../lib/forms';
import { useAsync } from '../lib/hooks';
import { href, navigate, type Route } from '../lib/router';
import { ErrorBox, Loading, PageTitle, withContext } from '../ui/common';
import { EvidenceView, formatScore } from '../ui/evidence';
import { FormError, TextField } from '../ui/fields';

export function SearchPage({ route }: { route: Route }) {
  useLang();
  const q = route.query;
  const query = { name: q.get('name') ?? '', birthDate: q.get('birthDate') ?? '', document: q.get('document') ?? '' };
  const form = useForm(
    { ...query },
    {
      // A name, or a passport number alone.
      name: [(v, all) => (v.trim() || all.document.trim() ? null : { key: 'search.nameOrDocument' }), rules.maxLength(200)],
      birthDate: [rules.date(), rules.past()],
      document: [rules.passportNumber()],
    },
  );
  const searched = !!query.name.trim() || !!query.document.trim();
  const results = useAsync(
    async (signal) =>
      searched
        ? api.persons({ name: query.name.trim() || undefined, birthDate: query.birthDate || undefined, document: query.document || undefined }, signal)
        : undefined,
    [route.query.toString()],
  );
  const [open, setOpen] = useState<string | null>(null);
  useEffect(() => {
    setOpen(null);
    form.setMany(query); // back and forward in the history bring their own search
  }, [route.query.toString()]);

  // An error the API names a field for goes next to that field.
  useEffect(() => {
    if (results.error instanceof ApiError && results.error.field) {
      const f = form.serverError(results.error, { name: 'name', birthDate: 'birthDate', document: 'document' });
      if (f) focusField(form.id(f));
    }
  }, [results.error]);

  const submit = (e: Event) => {
    e.preventDefault();
    const bad = form.check();
    if (bad) return focusField(form.id(bad));
    navigate('/search', {
      name: form.values.name.trim() || undefined,
      birthDate: form.values.birthDate || undefined,
      document: form.values.document.trim().toUpperCase() || undefined,
    });
  };

  const data = results.data;
  const fieldError = results.error instanceof ApiError && !!results.error.field;
  return (
    <>
      <PageTitle sub={t('search.lede')}>{t('search.title')}</PageTitle>
      <form class="card search-form" role="search" aria-label={t('search.title')} noValidate onSubmit={submit}>
        <div class="filter-row">
          <TextField form={form} name="name" label={t('search.name')} hint={t('search.nameHint')} autocomplete="off" />
          <TextField form={form} name="birthDate" label={t('search.birthDate')} hint={t('search.optional')} type="date" />
          <TextField form={form} name="document" label={t('search.document')} hint={t('search.documentHint')}
            transform={(s) => s.toUpperCase()} autocomplete="off" />
        </div>
        <FormError message={form.formError} />
        <button type="submit" class="btn btn-primary">{t('search.submit')}</button>
      </form>

      {searched && results.error != null && !fieldError && <ErrorBox error={results.error} onRetry={results.reload} />}
      {searched && !data && results.loading && <Loading />}
      {data && (
        <section aria-labelledby="search-results-title" aria-busy={results.loading}>
          <h2 id="search-results-title">{t('search.results')}</h2>
          <p role="status" aria-live="polite" class="count" data-testid="search-count">
            {tn('search.count', data.results.length, { name: query.name })}
          </p>
          {data.results.length > 0 && (
            <table class="table responsive search-results">
              <caption class="sr-only">{t('search.caption', { name: query.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('search.col.score')}</th>
                  <th scope="col">{t('search.col.number')}</th>
                  <th scope="col">{t('search.col.jurisdiction')}</th>
                  <th scope="col">{t('search.col.name')}</th>
                  <th scope="col"><span class="sr-only">{t('search.col.evidence')}</span></th>
                </tr>
              </thead>
              <tbody>
                {data.results.flatMap((r) => {
                  const id = `evidence-${r.number}`;
                  const shown = open === r.number;
                  const rows = [
                    <tr key={r.number} data-number={r.number}>
                      <td data-label={t('search.col.score')}><strong>{formatScore(r.score)}</strong></td>
                      <th scope="row" data-label={t('search.col.number')}>
                        <a href={href(`/officer/cases/${r.number}`)} class="mono">{r.number}</a>
                      </th>
                      <td data-label={t('search.col.jurisdiction')}>{jurisdictionName(r.jurisdiction)}</td>
                      <td data-label={t('search.col.name')}>{r.name}</td>
                      <td class="actions">
                        <button type="button" class="btn btn-secondary btn-small" aria-expanded={shown} aria-controls={shown ? id : undefined}
                          aria-label={withContext(shown ? t('search.hideEvidence') : t('search.showEvidence'), r.number)}
                          onClick={() => setOpen(shown ? null : r.number)}>
                          {shown ? t('search.hideEvidence') : t('search.showEvidence')}
                        </button>
                      </td>
                    </tr>,
                  ];
                  if (shown) {
                    rows.push(
                      <tr key={`${r.number}-evidence`} class="evidence-row" id={id}>
                        <td colSpan={5}>
                          <EvidenceView evidence={r.evidence} leftLabel={t('search.side.searched')} rightLabel={t('search.side.application')}
                            idPrefix={id} />
                        </td>
                      </tr>,
                    );
                  }
                  return rows;
                })}
              </tbody>
            </table>
          )}
          {data.results.length === 0 && <p class="muted">{t('search.empty')}</p>}
        </section>
      )}
    </>
  );
}
