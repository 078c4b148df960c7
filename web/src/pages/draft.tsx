// Policy author: a draft version of a (jurisdiction, kind), started from an existing version,
// edited in the dmn-js modeler, tested against the kind's policy tests (and any added here) and
// published with the day it takes effect. The draft is kept in localStorage until published.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatDate, jurisdictionName, kindName, t, tn, useLang } from '../i18n';
import { addDays, api, ApiError, today, type AppliesTo, type DmnFile, type DocumentLabels, type Draft, type Finding, type TestReport, type TextStatus } from '../lib/api';
import { applyRuleTexts, loadVersion, retarget, RULE_ID, ruleTexts, TEXT_COLUMNS, type RuleText } from '../lib/dmn';
import { focusField, isRealDate, rules, useForm } from '../lib/forms';
import { useAsync } from '../lib/hooks';
import { href } from '../lib/router';
import { Alert, ErrorBox, Loading, PageTitle, Section } from '../ui/common';
import { DmnEditor, type DmnHandle } from '../ui/dmn';
import { FormError, SelectField, TextAreaField, TextField } from '../ui/fields';
import { VersionTimeline } from '../ui/timeline';

interface Saved {
  base: string;
  meta: Record<Meta, string>;
  files: DmnFile[];
  tests: string;
  /** The names of the document kinds, by language (the base version's to begin with). */
  documents?: DocumentLabels;
}
type Meta = 'takesEffect' | 'title' | 'legalAct' | 'article' | 'basisStatus' | 'adopted' | 'published' | 'link' | 'note' | 'appliesTo' | 'decision' | 'deadlineDays' | 'tests';

const storageKey = (j: string, k: string) => `tamga.draft.${j}.${k}`;

function loadSaved(j: string, k: string): Saved | null {
  try {
    return JSON.parse(localStorage.getItem(storageKey(j, k)) ?? 'null') as Saved | null;
  } catch {
    return null;
  }
}

export function DraftPage({ j, k, from }: { j: string; k: string; from?: string }) {
  useLang();
  const policies = useAsync(() => api.policies(), []);
  const versions = policies.data?.jurisdictions.find((x) => x.jurisdiction === j)?.kinds.find((x) => x.kind === k)?.versions ?? [];
  const saved = loadSaved(j, k);
  const baseDate = from ?? saved?.base ?? [...versions].sort((a, b) => b.takesEffect.localeCompare(a.takesEffect))[0]?.takesEffect;
  const base = useAsync(async () => (baseDate ? loadVersion(j, k, baseDate) : undefined), [j, k, baseDate]);

  if (policies.error) return <ErrorBox error={policies.error} onRetry={policies.reload} />;
  if (base.error) return <ErrorBox error={base.error} onRetry={base.reload} />;
  if (!base.data || !policies.data) return <Loading />;

  const useSaved = saved && saved.base === base.data.takesEffect;
  const newest = [...versions].sort((a, b) => b.takesEffect.localeCompare(a.takesEffect))[0]?.takesEffect ?? today(j);
  // The legal basis and what the version applies to carry over from the version it starts from.
  const basis = base.data.legalBasis;
  const inherited: Record<Meta, string> = {
    takesEffect: [addDays(today(j), 30), addDays(newest, 1)].sort()[1],
    title: base.data.title,
    legalAct: basis?.act ?? base.data.legalAct,
    article: basis?.article ?? base.data.article,
    basisStatus: basis?.status ?? 'illustrative',
    adopted: basis?.adopted ?? '',
    published: basis?.published ?? '',
    link: basis?.link ?? '',
    note: basis?.note ?? '',
    appliesTo: base.data.appliesTo ?? 'filed-on-or-after',
    decision: base.data.decision,
    deadlineDays: String(base.data.deadlineDays),
    tests: '',
  };
  const start: Saved = useSaved
    ? { ...saved!, meta: { ...inherited, ...saved!.meta }, documents: saved!.documents ?? base.data.documents ?? {} }
    : {
        base: base.data.takesEffect,
        meta: {
          ...inherited,
          decision: base.data.decision,
          deadlineDays: String(base.data.deadlineDays),
          tests: '',
        },
        files: base.data.files,
        tests: '',
        documents: base.data.documents ?? {},
      };
  return <DraftEditor key={`${start.base}-${useSaved ? 'saved' : 'fresh'}`} j={j} k={k} start={start} versions={versions} restored={!!useSaved} />;
}

function DraftEditor({ j, k, start, versions, restored }: { j: string; k: string; start: Saved; versions: import('../lib/api').PolicyVersion[]; restored: boolean }) {
  const [files, setFiles] = useState<DmnFile[]>(start.files);
  const [documents, setDocuments] = useState<DocumentLabels>(start.documents ?? {});
  const [fileIndex, setFileIndex] = useState(0);
  const [dirty, setDirty] = useState(false);
  const [report, setReport] = useState<TestReport | null>(null);
  const [published, setPublished] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const handle = useRef<DmnHandle | null>(null);
  const autosave = useRef<ReturnType<typeof setTimeout> | null>(null);
  const fileIndexRef = useRef(0);
  fileIndexRef.current = fileIndex;
  // Modeler edits are written into the draft a second after the last change (and so survive a reload).
  const onModelChange = () => {
    setDirty(true);
    if (autosave.current) clearTimeout(autosave.current);
    autosave.current = setTimeout(async () => {
      if (!handle.current) return;
      const xml = await handle.current.save();
      setFiles((fs) => fs.map((f, i) => (i === fileIndexRef.current ? { ...f, xml } : f)));
      setDirty(false);
    }, 1000);
  };
  useEffect(() => () => {
    if (autosave.current) clearTimeout(autosave.current);
  }, []);
  // Reasons, citations and rule ids edited beside the modeler are written into the model's XML,
  // and the modeler starts afresh on it.
  const [modelRev, setModelRev] = useState(0);
  const [textsApplied, setTextsApplied] = useState(false);
  const applyTexts = async (edits: { id: string; newId: string; cells: Record<string, string> }[]) => {
    if (autosave.current) clearTimeout(autosave.current);
    const current = handle.current ? await handle.current.save() : files[fileIndex].xml;
    const xml = applyRuleTexts(current, edits);
    setFiles((fs) => fs.map((f, i) => (i === fileIndex ? { ...f, xml } : f)));
    setDirty(false);
    setModelRev((r) => r + 1);
    setTextsApplied(true);
  };
  const taken = new Set(versions.map((v) => v.takesEffect));
  const latest = [...taken].sort().pop();

  const form = useForm<Meta>(
    { ...start.meta, tests: start.tests },
    {
      takesEffect: [
        rules.required(),
        rules.date(),
        (v) => (taken.has(v) ? { key: 'v.dateTaken' } : v && latest && v <= latest ? { key: 'v.afterLatest', params: { date: formatDate(latest) } } : null),
      ],
      title: [rules.required(), rules.maxLength(4000)],
      legalAct: [rules.required(), rules.maxLength(4000)],
      article: [rules.required(), rules.maxLength(4000)],
      basisStatus: [rules.required()],
      adopted: [rules.date()],
      published: [rules.date(), rules.after('adopted', 'v.publishedBeforeAdopted')],
      link: [(v) => (!v || /^https?:\/\/\S+$/.test(v.trim()) ? null : { key: 'v.link' }), rules.maxLength(2000)],
      note: [rules.maxLength(8000)],
      appliesTo: [rules.required()],
      decision: [rules.required()],
      deadlineDays: [
        rules.required(),
        (v) => (/^\d+$/.test(v) && +v >= 1 && +v <= 3650 ? null : { key: 'v.deadlineDays' }),
      ],
      tests: [
        (v) => {
          if (!v.trim()) return null;
          try {
            const p = JSON.parse(v);
            return Array.isArray(p) ? null : { key: 'v.testsArray' };
          } catch (e) {
            return { key: 'v.json', params: { message: (e as Error).message } };
          }
        },
      ],
    },
  );

  // Keep the draft (metadata and the last saved XML) across reloads.
  useEffect(() => {
    const s: Saved = { base: start.base, meta: form.values, files, tests: form.values.tests, documents };
    localStorage.setItem(storageKey(j, k), JSON.stringify(s));
  }, [form.values, files, documents]);

  const collect = async (): Promise<Draft | null> => {
    const bad = form.check();
    if (bad) {
      focusField(form.id(bad));
      return null;
    }
    let current = files;
    if (handle.current) {
      const xml = await handle.current.save();
      current = files.map((f, i) => (i === fileIndex ? { ...f, xml } : f));
      setFiles(current);
    }
    const v = form.values;
    return {
      takesEffect: v.takesEffect,
      title: v.title.trim(),
      legalBasis: {
        act: v.legalAct.trim(),
        article: v.article.trim(),
        status: v.basisStatus as TextStatus,
        ...(v.adopted ? { adopted: v.adopted } : {}),
        ...(v.published ? { published: v.published } : {}),
        ...(v.link.trim() ? { link: v.link.trim() } : {}),
        ...(v.note.trim() ? { note: v.note.trim() } : {}),
      },
      appliesTo: v.appliesTo as AppliesTo,
      decision: v.decision.trim(),
      deadlineDays: Number(v.deadlineDays),
      files: current.map((f) => ({ ...f, xml: retarget(f.xml, start.base, v.takesEffect) })),
      // A kind without its English name is left out: the server then names the rule requiring it.
      ...(Object.keys(documents).length
        ? { documents: Object.fromEntries(Object.entries(documents).filter(([, n]) => n.en?.trim()).map(([kind, n]) => [kind, Object.fromEntries(Object.entries(n).filter(([, x]) => x?.trim()).map(([l, x]) => [l, (x ?? "").trim()]))])) as DocumentLabels }
        : {}),
      ...(v.tests.trim() ? { tests: JSON.parse(v.tests) as unknown[] } : {}),
    };
  };

  const fieldMap: Record<string, Meta> = {
    takesEffect: 'takesEffect', title: 'title', legalAct: 'legalAct', article: 'article', decision: 'decision', deadlineDays: 'deadlineDays', tests: 'tests',
    'legalBasis.act': 'legalAct', 'legalBasis.article': 'article', 'legalBasis.status': 'basisStatus', 'legalBasis.adopted': 'adopted',
    'legalBasis.published': 'published', 'legalBasis.link': 'link', 'legalBasis.note': 'note', appliesTo: 'appliesTo',
  };

  const runTests = async () => {
    setReport(null);
    const draft = await collect();
    if (!draft) return;
    setBusy(t('draft.testing'));
    try {
      setReport(await api.testDraft(j, k, draft));
    } catch (e) {
      const f = form.serverError(e, fieldMap);
      if (f) focusField(form.id(f));
    } finally {
      setBusy(null);
    }
  };

  const publish = async (e: Event) => {
    e.preventDefault();
    if (!confirm) {
      setConfirmError(t('draft.confirmFirst'));
      return focusField('publish-confirm');
    }
    const draft = await collect();
    if (!draft) return;
    setBusy(t('draft.publishing'));
    setReport(null);
    try {
      const p = await api.propose(j, k, draft);
      localStorage.removeItem(storageKey(j, k));
      setPublished(String(p.id));
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && err.body && typeof err.body === 'object' && 'loaded' in err.body) {
        // A draft that does not load or fails its tests: the body is the report.
        form.setFormError(t('draft.notPublished'));
        setReport(err.body as TestReport);
      } else {
        const f = form.serverError(err, fieldMap);
        if (f) focusField(form.id(f));
      }
    } finally {
      setBusy(null);
    }
  };

  const switchFile = async (i: number) => {
    if (autosave.current) clearTimeout(autosave.current);
    if (handle.current) {
      const xml = await handle.current.save();
      setFiles((fs) => fs.map((f, j2) => (j2 === fileIndex ? { ...f, xml } : f)));
    }
    setFileIndex(i);
  };

  const discard = () => {
    localStorage.removeItem(storageKey(j, k));
    location.reload();
  };

  if (published) {
    return (
      <>
        <PageTitle>{t('draft.publishedTitle')}</PageTitle>
        <Alert kind="success" live>
          <p>{t('draft.published', { id: published })}</p>
          <p><a href={href(`/policies/${j}/${k}/proposals/${published}`)}>{t('draft.openPublished')}</a></p>
        </Alert>
      </>
    );
  }

  const takesEffectOk = isRealDate(form.values.takesEffect);
  return (
    <>
      <p class="breadcrumb">
        <a href={href('/policies')}>{t('policies.title')}</a> › <a href={href(`/policies/${j}/${k}`)}>{`${jurisdictionName(j)} · ${kindName(k)}`}</a>
      </p>
      <PageTitle sub={t('draft.lede', { date: formatDate(start.base) })}>{t('draft.title', { kind: kindName(k), j: jurisdictionName(j) })}</PageTitle>
      {restored && (
        <Alert kind="info">
          <p>{t('draft.restored')}</p>
          <button type="button" class="btn btn-secondary btn-small" onClick={discard}>{t('draft.discard')}</button>
        </Alert>
      )}
      <VersionTimeline versions={versions} extra={takesEffectOk ? { takesEffect: form.values.takesEffect, label: t('draft.marker') } : undefined} />

      <form noValidate onSubmit={publish}>
        <Section title={t('draft.meta')}>
          <div class="grid-2">
            <TextField form={form} name="takesEffect" type="date" label={t('draft.takesEffect')} hint={t('draft.takesEffectHint')} required />
            <TextField form={form} name="deadlineDays" type="number" inputMode="numeric" label={t('draft.deadlineDays')} required min="1" max="3650" />
            <TextField form={form} name="title" label={t('draft.titleField')} required class="span-2" />
            <TextField form={form} name="decision" label={t('version.decision')} hint={t('draft.decisionHint')} required />
            <SelectField form={form} name="appliesTo" label={t('basis.appliesTo')} hint={t('draft.appliesToHint')} required
              options={(['filed-on-or-after', 'pending'] as const).map((a) => ({ value: a, label: t(`appliesTo.${a}`) }))} />
          </div>
        </Section>

        <Section title={t('basis.title')} id="draft-basis">
          <p class="muted small">{t('draft.basisHint')}</p>
          <div class="grid-2">
            <TextAreaField form={form} name="legalAct" label={t('basis.act')} required rows={2} />
            <TextAreaField form={form} name="article" label={t('basis.article')} required rows={2} />
            <TextField form={form} name="adopted" type="date" label={t('basis.adopted')} hint={t('apply.optional')} />
            <TextField form={form} name="published" type="date" label={t('basis.published')} hint={t('apply.optional')} />
            <SelectField form={form} name="basisStatus" label={t('basis.status')} hint={t('draft.statusHint')} required
              options={(['enacted', 'reported', 'illustrative'] as const).map((x) => ({ value: x, label: t(`basis.status.${x}`) }))} />
            <TextField form={form} name="link" type="url" label={t('basis.link')} hint={t('apply.optional')} />
            <TextAreaField form={form} name="note" label={t('basis.note')} rows={4} class="span-2" />
          </div>
        </Section>

        <Section title={t('draft.models')} id="models">
          {files.length > 1 && (
            <div class="field">
              <label for="draft-file">{t('version.file')}</label>
              <select id="draft-file" value={fileIndex} onChange={(e) => switchFile(Number((e.currentTarget as HTMLSelectElement).value))}>
                {files.map((f, i) => <option key={f.name} value={i}>{f.name}</option>)}
              </select>
            </div>
          )}
          <p class="muted small">
            {t('draft.modelerHelp')} <span aria-live="polite">{dirty ? t('draft.unsaved') : ''}</span>
          </p>
          <DmnEditor key={`${fileIndex}-${modelRev}`} xml={files[fileIndex].xml} edit label={files[fileIndex].name} handle={handle} onChange={onModelChange}
            marks={ruleMarks(report?.findings ?? [], files[fileIndex].name)} />
        </Section>

        <Section title={t('rules.title')} id="rule-texts">
          <RuleTextsEditor key={`${fileIndex}-${modelRev}`} xml={files[fileIndex].xml} file={files[fileIndex].name}
            findings={report?.findings ?? []} onApply={applyTexts} applied={textsApplied} onEdit={() => setTextsApplied(false)} />
        </Section>

        <Section title={t('docs.title')} id="document-names">
          <DocumentNames files={files} names={documents} onChange={setDocuments} findings={report?.findings ?? []} />
        </Section>

        <Section title={t('draft.tests')} id="tests">
          <TextAreaField form={form} name="tests" label={t('draft.testsField')} hint={t('draft.testsHint')} rows={6} />
          <button type="button" class="btn btn-secondary" onClick={runTests} disabled={!!busy}>{t('draft.runTests')}</button>
          <div aria-live="polite">
            {busy && <Loading label={busy} />}
            {report && <Report report={report} />}
          </div>
        </Section>

        <Section title={t('draft.publish')} id="publish">
          <p>{t('draft.publishText')}</p>
          <div class="field checkbox">
            <input type="checkbox" id="publish-confirm" checked={confirm} aria-describedby="publish-confirm-error"
              onChange={(e) => { setConfirm((e.currentTarget as HTMLInputElement).checked); setConfirmError(null); }} />
            <label for="publish-confirm">
              {t('draft.confirm', { date: takesEffectOk ? formatDate(form.values.takesEffect) : '…' })}
            </label>
          </div>
          <p class="field-error" id="publish-confirm-error" aria-live="polite">{confirmError ?? ''}</p>
          <FormError message={form.formError} />
          <button type="submit" class="btn btn-primary" disabled={!!busy}>{t('draft.publishButton')}</button>
        </Section>
      </form>
    </>
  );
}

export function Report({ report }: { report: TestReport }) {
  if (!report.loaded) {
    return (
      <Alert kind="error" testId="test-report">
        <p><strong>{t('draft.notLoaded')}</strong></p>
        <pre class="pre">{report.error}</pre>
        <Findings findings={report.findings} />
      </Alert>
    );
  }
  const ok = (report.failed ?? 0) === 0 && (report.errors ?? 0) === 0;
  return (
    <div class={`alert ${ok ? 'alert-success' : 'alert-error'}`} data-testid="test-report">
      <p>
        <strong>{tn('draft.passed', report.passed ?? 0)}</strong>, <strong>{tn('draft.failed', report.failed ?? 0)}</strong>
      </p>
      {!!report.failures?.length && (
        <>
          <h3>{t('draft.failures')}</h3>
          <ul>{report.failures.map((f) => <li key={f}><code class="wrap-anywhere">{f}</code></li>)}</ul>
        </>
      )}
      {!!report.unexercised?.length && (
        <>
          <h3>{t('draft.unexercised')}</h3>
          <ul>{report.unexercised.map((f) => <li key={f}><code class="wrap-anywhere">{f}</code></li>)}</ul>
        </>
      )}
      <Findings findings={report.findings} />
    </div>
  );
}

/** The checker's and the table analysis's findings, each with file:line, table and rules. */
function Findings({ findings }: { findings?: Finding[] }) {
  if (!findings?.length) return null;
  return (
    <>
      <h3>{t('draft.findings')}</h3>
      <p>{t('draft.findingsHelp')}</p>
      <ul data-testid="findings">
        {findings.map((f, i) => (
          <li key={i} class={`finding finding-${f.severity}`}>
            <strong>{t(`draft.severity.${f.severity}`)}</strong>{' '}
            <code class="wrap-anywhere">
              {[f.file && `${f.file}${f.line ? `:${f.line}` : ''}`, f.table && `${t('draft.table')} ${f.table}`,
                f.rules?.length ? `${t('draft.rules')} ${f.rules.join(', ')}` : '']
                .filter(Boolean).join(' · ')}
            </code>
            : {f.message}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * Each rule's readable id, reason and citation in English and Russian, edited beside the modeler
 * (dmn-js shows no annotation columns while editing), with the model checks' findings on the rule
 * they concern. A rule that gives an outcome or a required document needs all four texts.
 */
function RuleTextsEditor({ xml, file, findings, onApply, applied, onEdit }: {
  xml: string;
  file: string;
  findings: Finding[];
  onApply: (edits: { id: string; newId: string; cells: Record<string, string> }[]) => Promise<void>;
  /** The last edits were written into the model (the editor starts afresh on it, so the parent knows). */
  applied: boolean;
  onEdit: () => void;
}) {
  // The rules follow the model as the modeler saves it (a rule added there appears here); what was
  // typed here for a rule is kept until applied.
  const rows = useMemo<RuleText[]>(() => ruleTexts(xml), [xml]);
  const [edited, setValues] = useState<Record<string, { newId: string; cells: Record<string, string> }>>({});
  const values: Record<string, { newId: string; cells: Record<string, string> }> = Object.fromEntries(
    rows.map((r) => [r.id, edited[r.id] ?? { newId: r.id, cells: { ...r.cells } }]),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const shown = rows.filter((r) => r.id && r.output);
  if (!shown.length) return <p class="muted">{t('rules.none')}</p>;
  const set = (id: string, field: string, value: string) => {
    onEdit();
    setValues((v) => {
      const was = v[id] ?? values[id];
      return { ...v, [id]: field === 'id' ? { ...was, newId: value } : { ...was, cells: { ...was.cells, [field]: value } } };
    });
  };
  const apply = async () => {
    const problems: Record<string, string> = {};
    const ids = new Map<string, number>();
    for (const r of rows) ids.set(values[r.id]?.newId ?? r.id, (ids.get(values[r.id]?.newId ?? r.id) ?? 0) + 1);
    for (const r of shown) {
      const id = values[r.id].newId.trim();
      if (!RULE_ID.test(id)) problems[r.id] = t('rules.badId');
      else if ((ids.get(id) ?? 0) > 1) problems[r.id] = t('rules.takenId');
    }
    setErrors(problems);
    const first = Object.keys(problems)[0];
    if (first) return focusField(`rule-${first}-id`);
    const edits = shown
      .filter((r) => values[r.id].newId.trim() !== r.id || TEXT_COLUMNS.some((c) => values[r.id].cells[c] !== r.cells[c]))
      .map((r) => ({ id: r.id, newId: values[r.id].newId.trim(), cells: values[r.id].cells }));
    await onApply(edits);
  };
  const label: Record<string, string> = {
    Reason: t('rules.reason'),
    Citation: t('rules.citation'),
    'Reason (ru)': t('rules.reasonRu'),
    'Citation (ru)': t('rules.citationRu'),
  };
  return (
    <>
      <p class="muted small">{t('rules.help')}</p>
      {shown.map((r) => {
        const mine = findings.filter((f) => (!f.file || f.file.endsWith(file)) && f.rules?.includes(r.id));
        const missing = TEXT_COLUMNS.some((c) => !values[r.id].cells[c]?.trim());
        return (
          <fieldset key={r.id} class={`rule-texts ${missing ? 'rule-texts-missing' : ''}`} data-rule={r.id}>
            <legend>
              {t('rules.rule', { id: r.id, output: r.output })} <span class="muted small">{r.decision}</span>
            </legend>
            <div class="grid-2">
              <div class="field">
                <label for={`rule-${r.id}-id`}>{t('rules.id')}</label>
                <input id={`rule-${r.id}-id`} value={values[r.id].newId} aria-invalid={errors[r.id] ? 'true' : undefined}
                  aria-describedby={`rule-${r.id}-error`} onInput={(e) => set(r.id, 'id', (e.currentTarget as HTMLInputElement).value)} />
                <p class="field-error" id={`rule-${r.id}-error`}>{errors[r.id] ?? ''}</p>
              </div>
              {TEXT_COLUMNS.map((c) => (
                <div class="field" key={c}>
                  <label for={`rule-${r.id}-${c}`}>{label[c]}</label>
                  <textarea id={`rule-${r.id}-${c}`} rows={2} lang={c.endsWith('(ru)') ? 'ru' : 'en'} value={values[r.id].cells[c]}
                    onInput={(e) => set(r.id, c, (e.currentTarget as HTMLTextAreaElement).value)} />
                </div>
              ))}
            </div>
            <RuleFindingList findings={mine} />
          </fieldset>
        );
      })}
      <button type="button" class="btn btn-secondary" onClick={apply}>{t('rules.apply')}</button>
      <p aria-live="polite" class="small">{applied ? t('rules.applied') : ''}</p>
    </>
  );
}

/** Rule id -> the worst severity of the findings on it in `file`: marked on the rule's row in dmn-js. */
function ruleMarks(findings: Finding[], file: string): Record<string, 'error' | 'warning'> {
  const marks: Record<string, 'error' | 'warning'> = {};
  for (const f of findings) {
    if (f.file && !f.file.endsWith(file)) continue;
    for (const r of f.rules ?? []) if (marks[r] !== 'error') marks[r] = f.severity === 'error' ? 'error' : 'warning';
  }
  return marks;
}

/**
 * The names applicants read for each document kind, in English and Russian: those of the base
 * version, and every kind a Required Documents rule of the draft asks for (a new one starts empty).
 */
function DocumentNames({ files, names, onChange, findings }: {
  files: DmnFile[];
  names: DocumentLabels;
  onChange: (n: DocumentLabels) => void;
  findings: Finding[];
}) {
  const required = useMemo(() => {
    const kinds = new Set<string>();
    for (const f of files) for (const r of ruleTexts(f.xml)) if (r.decision === 'Required Documents' && r.output) kinds.add(r.output);
    return kinds;
  }, [files]);
  const kinds = [...new Set([...Object.keys(names), ...required])];
  const set = (kind: string, lang: 'en' | 'ru', value: string) => onChange({ ...names, [kind]: { ...(names[kind] ?? { en: '', ru: '' }), [lang]: value } });
  return (
    <>
      <p class="muted small">{t('docs.help')}</p>
      {kinds.map((kind) => {
        const n = names[kind];
        const missing = required.has(kind) && (!n?.en?.trim() || !n?.ru?.trim());
        const mine = findings.filter((f) => f.kind === 'document-name' && f.message.includes(`"${kind}"`));
        return (
          <fieldset key={kind} class={`rule-texts ${missing ? 'rule-texts-missing' : ''}`} data-doc={kind}>
            <legend><code>{kind}</code> {required.has(kind) ? '' : <span class="muted small">{t('docs.notRequired')}</span>}</legend>
            <div class="grid-2">
              <div class="field">
                <label for={`doc-${kind}-en`}>{t('docs.en')}</label>
                <input id={`doc-${kind}-en`} lang="en" value={n?.en ?? ''} onInput={(e) => set(kind, 'en', (e.currentTarget as HTMLInputElement).value)} />
              </div>
              <div class="field">
                <label for={`doc-${kind}-ru`}>{t('docs.ru')}</label>
                <input id={`doc-${kind}-ru`} lang="ru" value={n?.ru ?? ''} onInput={(e) => set(kind, 'ru', (e.currentTarget as HTMLInputElement).value)} />
              </div>
            </div>
            <RuleFindingList findings={mine} />
          </fieldset>
        );
      })}
    </>
  );
}

/** The findings on one rule or document, under its fields. */
function RuleFindingList({ findings }: { findings: Finding[] }) {
  if (!findings.length) return null;
  return (
    <ul class="rule-findings">
      {findings.map((f, i) => <li key={i} class={`finding finding-${f.severity}`}><strong>{t(`draft.severity.${f.severity}`)}</strong>: {f.message}</li>)}
    </ul>
  );
}
