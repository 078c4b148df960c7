import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { countryName, docName, formatDate, formatDateTime, formatInZone, groundCitation, groundReason, has, stateName, t, tOr } from '../i18n';
import { ApiError, type DocumentLabels, type DocumentSummary, type Ground, type LegalBasis, type Notice, type State, type Transition, type Verification } from '../lib/api';
import { downloadCsv, saveFile } from '../lib/csv';
import { apiErrorText } from '../lib/forms';
import { useObjectUrl } from '../lib/hooks';

/** The page's heading; takes focus when the page opens so keyboard and screen-reader users land on it. */
export function PageTitle({ children, sub }: { children: ComponentChildren; sub?: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, []);
  return (
    <header class="page-title">
      <h1 tabIndex={-1} ref={ref}>
        {children}
      </h1>
      {sub && <p class="lede">{sub}</p>}
    </header>
  );
}

export function Loading({ label }: { label?: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

/** A button that saves a table as a CSV file; `rows` (header first) is read when clicked. */
export function CsvButton({ name, rows, label }: { name: string; rows: () => (string | number)[][]; label?: string }) {
  return (
    <button type="button" class="btn btn-secondary btn-small csv" data-testid={`csv-${name.replace(/\.csv$/, '')}`}
      onClick={() => downloadCsv(name, rows())}>
      {label ?? t('csv.download')}
    </button>
  );
}

/**
 * A control's accessible name: its visible text first, then what it acts on, so that the name
 * contains the label in every language (WCAG 2.5.3, "Label in Name") and still tells one row's
 * button from the next.
 */
export function withContext(visible: string, context: string): string {
  return `${visible} — ${context}`;
}

/**
 * An error, with "Try again" where trying again can help: not for a request the server refused as
 * it stands (unknown case, no permission: a 4xx other than a timeout or "too many requests").
 */
export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const final = error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
  return (
    <div class="alert alert-error" role="alert">
      <p>{apiErrorText(error)}</p>
      {onRetry && !final && (
        <button type="button" class="btn btn-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Alert({
  kind = 'info',
  children,
  live,
  testId,
}: {
  kind?: 'info' | 'success' | 'warning' | 'error';
  children: ComponentChildren;
  live?: boolean;
  testId?: string;
}) {
  return (
    <div class={`alert alert-${kind}`} role={live ? (kind === 'error' ? 'alert' : 'status') : undefined} data-testid={testId}>
      {children}
    </div>
  );
}

export function StateBadge({ state }: { state: State | string }) {
  return <span class={`badge state-${state}`}>{stateName(state)}</span>;
}

export function OutcomeBadge({ outcome }: { outcome: string }) {
  return <span class={`badge outcome-${outcome}`}>{tOr(`outcome.${outcome}`, outcome)}</span>;
}

/**
 * Grounds as the policy states them, in the UI language when the policy translates them: the
 * reason in plain language, then the legal citation.
 */
export function GroundList({ grounds, showIds, decisive, testId }: { grounds: Ground[]; showIds?: boolean; decisive?: boolean; testId?: string }) {
  if (!grounds.length) return <p class="muted">{t('grounds.none')}</p>;
  return (
    <ul class={`grounds ${decisive ? 'decisive' : ''}`} data-testid={testId}>
      {grounds.map((g, i) => (
        <li key={`${g.ruleId}-${i}`}>
          <p class="reason">{groundReason(g)}</p>
          {g.citation && (
            <p class="citation">
              <span class="label">{t('grounds.citation')}</span> <cite>{groundCitation(g)}</cite>
            </p>
          )}
          {!!g.formGround && (
            <p class="rule-id">{t('grounds.formGround', { n: g.formGround })}</p>
          )}
          {showIds && (
            <p class="rule-id">
              <span class="label">{t('grounds.rule')}</span> <code>{g.ruleId}</code>
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

/** A time in the jurisdiction's zone when known (the applicant's and the office's clock), else UTC. */
const when = (iso: string, timeZone?: string) => (timeZone ? formatInZone(iso, timeZone) : formatDateTime(iso));

/**
 * A step of a case's history in the reader's language: the phrase of its code with its parts
 * (outcomes, document names and verifications translated), then what a person typed for it; the
 * English reason for a step written before codes, or of a code this UI does not know. Staff read
 * the names behind a step ("Assigned to officer.kz") where the applicant's phrase has none.
 */
export function stepText(h: Transition, staff: boolean): string {
  if (!h.action || !has(`history.${h.action}`)) return h.reason;
  const p = h.params ?? {};
  const params: Record<string, string> = {
    ...p,
    outcome: p.outcome ? tOr(`outcome.${p.outcome}`, p.outcome) : '',
    document: p.document ? docName(p.document) : '',
    verification: p.verification ? tOr(`verification.${p.verification}`, p.verification) : '',
    receivedAt: p.receivedAt ? formatDateTime(p.receivedAt) : '',
    from: p.from ? formatDate(p.from) : '',
  };
  const key = staff && has(`history.${h.action}.staff`) && Object.keys(p).length ? `history.${h.action}.staff` : `history.${h.action}`;
  let text = t(key, params);
  if (p.outcome && !['case.decide', 'case.redecide', 'case.redecide-pending', 'asylum.answer'].includes(h.action)) {
    text += `; ${t('history.redecided', params)}`;
  }
  return h.note ? `${text}: ${h.note}` : text;
}

export function History({ history, showActor, timeZone }: { history: Transition[]; showActor?: boolean; timeZone?: string }) {
  return (
    <ol class="timeline">
      {history.map((h, i) => (
        <li key={i}>
          <time dateTime={h.at}>{when(h.at, timeZone)}</time>
          <div>
            <p>
              {h.from !== h.to ? (
                <>
                  <StateBadge state={h.from} /> <span aria-hidden="true">→</span>
                  <span class="sr-only">{t('history.to')}</span> <StateBadge state={h.to} />
                </>
              ) : (
                <StateBadge state={h.to} />
              )}
            </p>
            <p class="muted">
              {showActor && h.actor
                ? h.actor
                : h.by
                  ? tOr(`actor.${h.by}`, h.by)
                  : ''}
              {stepText(h, !!showActor) ? ` — ${stepText(h, !!showActor)}` : ''}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}

function formatSize(n: number): string {
  if (n < 1024) return t('size.bytes', { n });
  if (n < 1024 * 1024) return t('size.kib', { n: (n / 1024).toFixed(0) });
  return t('size.mib', { n: (n / 1024 / 1024).toFixed(1) });
}

/**
 * Documents with an in-page viewer: the file is fetched with the caller's credentials (token or
 * access code) and shown from an object URL, a PDF in an <iframe>, an image in an <img>.
 */
export function VerificationChip({ state }: { state: Verification }) {
  const cls = state === 'verified' ? 'chip-ok' : state === 'rejected' ? 'chip-missing' : 'chip-neutral';
  return <span class={`chip ${cls}`} data-verification={state}>{t(`verification.${state}`)}</span>;
}

/** What the document says: who issued it, its number, when it was issued and until when it is valid, whom it names. */
function DocumentFacts({ d }: { d: DocumentSummary }) {
  const facts: string[] = [];
  if (d.issuingState) facts.push(t('documents.issuedBy', { state: `${d.issuingState}${countryName(d.issuingState) !== d.issuingState ? ` (${countryName(d.issuingState)})` : ''}` }));
  if (d.number) facts.push(t('documents.numberIs', { number: d.number }));
  if (d.issued) facts.push(t('documents.issuedOn', { date: formatDate(d.issued) }));
  if (d.expires) facts.push(t('documents.validUntil', { date: formatDate(d.expires) }));
  if (d.holderName) facts.push(t('documents.holder', { name: d.holderName }));
  if (d.holderBirthDate) facts.push(t('documents.holderBorn', { date: formatDate(d.holderBirthDate) }));
  if (!facts.length) return null;
  return <p class="small doc-facts">{facts.join(' · ')}</p>;
}

export function DocumentList({
  documents,
  fetchFile,
  labels,
  actions,
}: {
  documents: DocumentSummary[];
  fetchFile: (id: number) => Promise<Blob>;
  /** The deciding version's names for document kinds. */
  labels?: DocumentLabels;
  /** Extra controls under a document (the officer's verification). */
  actions?: (d: DocumentSummary) => ComponentChildren;
}) {
  const [open, setOpen] = useState<DocumentSummary | null>(null);
  const [blob, setBlob] = useState<Blob | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const url = useObjectUrl(blob);
  const viewerRef = useRef<HTMLDivElement>(null);

  const show = async (d: DocumentSummary) => {
    if (open?.id === d.id) {
      setOpen(null);
      setBlob(null);
      return;
    }
    setOpen(d);
    setBlob(null);
    setError(null);
    setBusy(true);
    try {
      const b = await fetchFile(d.id);
      setBlob(new Blob([b], { type: d.contentType }));
      requestAnimationFrame(() => viewerRef.current?.focus());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!documents.length) return <p class="muted">{t('documents.none')}</p>;
  return (
    <div class="documents">
      <ul class="doc-list">
        {documents.map((d) => (
          <li key={d.id} data-doc-id={d.id}>
            <div class="doc-main">
              <strong>{docName(d.kind, labels)}</strong>{' '}
              {d.verification && <VerificationChip state={d.verification} />}
              <span class="muted small doc-file">
                {d.fileName || t('documents.file')} · {formatSize(d.size)} · {formatDateTime(d.uploadedAt)}
              </span>
              <DocumentFacts d={d} />
              {d.verification && d.verification !== 'unverified' && (d.verifiedBy || d.verificationNote) && (
                <p class={`small ${d.verification === 'rejected' ? 'err-text' : 'muted'}`}>
                  {d.verifiedBy ? t(`verification.by.${d.verification}`, { name: d.verifiedBy }) : ''}
                  {d.verificationNote ? `${d.verifiedBy ? ': ' : ''}${d.verificationNote}` : ''}
                </p>
              )}
              {actions?.(d)}
            </div>
            <button
              type="button"
              class="btn btn-secondary btn-small"
              aria-expanded={open?.id === d.id}
              aria-controls="doc-viewer"
              onClick={() => show(d)}
            >
              {open?.id === d.id ? t('documents.hide') : t('documents.view')}
            </button>
          </li>
        ))}
      </ul>
      {open && (
        <div
          class="doc-viewer"
          id="doc-viewer"
          tabIndex={-1}
          ref={viewerRef}
          aria-label={t('documents.viewerLabel', { name: docName(open.kind, labels) })}
        >
          {busy && <Loading />}
          {error != null && <ErrorBox error={error} />}
          {url && open.contentType === 'application/pdf' && (
            <iframe src={url} title={t('documents.viewerLabel', { name: docName(open.kind, labels) })} />
          )}
          {url && open.contentType !== 'application/pdf' && (
            <img src={url} alt={t('documents.imageAlt', { name: docName(open.kind, labels) })} />
          )}
          {url && (
            <p>
              <a href={url} download={open.fileName || `${open.kind}`}>
                {t('documents.download')}
              </a>
            </p>
          )}
        </div>
      )}
    </div>
  );
}

export function Section({
  title,
  children,
  id,
  class: cls,
}: {
  title: string;
  children: ComponentChildren;
  id?: string;
  class?: string;
}) {
  const hid = id ? `${id}-title` : undefined;
  return (
    <section class={`card ${cls ?? ''}`} id={id} aria-labelledby={hid}>
      <h2 id={hid}>{title}</h2>
      {children}
    </section>
  );
}

export function Dl({ items }: { items: [string, ComponentChildren][] }) {
  return (
    <dl class="dl">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The staff-facing mark of a version modelled without the act's own text. */
export function IllustrativeBadge() {
  return (
    <span class="badge badge-illustrative" title={t('policy.illustrativeHint')} data-testid="illustrative">
      {t('policy.illustrative')}
    </span>
  );
}

/** A version's legal basis: the act, its article, when adopted and published, a link, how sure the text is. */
export function LegalBasisView({ basis, appliesTo, compact }: { basis: LegalBasis; appliesTo?: string; compact?: boolean }) {
  const items: [string, ComponentChildren][] = [
    [t('basis.act'), basis.act],
    [t('basis.article'), basis.article],
  ];
  if (!compact || basis.adopted) items.push([t('basis.adopted'), basis.adopted ? formatDate(basis.adopted) : t('basis.unknown')]);
  if (!compact || basis.published) items.push([t('basis.published'), basis.published ? formatDate(basis.published) : t('basis.unknown')]);
  items.push([t('basis.status'), <span class={`chip basis-${basis.status}`}>{tOr(`basis.status.${basis.status}`, basis.status)}</span>]);
  if (appliesTo) items.push([t('basis.appliesTo'), tOr(`appliesTo.${appliesTo}`, appliesTo)]);
  if (basis.link) {
    items.push([t('basis.link'), <a href={basis.link} target="_blank" rel="noopener noreferrer" class="wrap-anywhere">{basis.link}</a>]);
  }
  return (
    <div class="legal-basis">
      <Dl items={items} />
      {basis.note && (
        compact ? (
          <details class="more">
            <summary>{t('basis.note')}</summary>
            <p class="small basis-note">{basis.note}</p>
          </details>
        ) : (
          <>
            <h3>{t('basis.note')}</h3>
            <p class="basis-note">{basis.note}</p>
          </>
        )
      )}
    </div>
  );
}

/**
 * Notices as issued (decision letters, requests for documents): each opens as its HTML page in a
 * sandboxed frame (no scripts, no access to this page) and downloads as its PDF. The files are
 * fetched with the caller's credentials (the applicant's access code or the officer's token).
 */
export function NoticeList({
  number,
  notices,
  fetchNotice,
  timeZone,
}: {
  number: string;
  notices: Notice[];
  fetchNotice: (code: string, format: 'pdf' | 'html') => Promise<Blob>;
  timeZone?: string;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const [html, setHtml] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ code: string; error: unknown } | null>(null);
  const frameBox = useRef<HTMLDivElement>(null);

  const view = async (code: string) => {
    if (open === code) {
      setOpen(null);
      setHtml(null);
      return;
    }
    setOpen(code);
    setHtml(null);
    setError(null);
    setBusy(`html-${code}`);
    try {
      setHtml(await (await fetchNotice(code, 'html')).text());
      requestAnimationFrame(() => frameBox.current?.focus());
    } catch (e) {
      setError({ code, error: e });
    } finally {
      setBusy(null);
    }
  };
  const download = async (n: Notice) => {
    setError(null);
    setBusy(`pdf-${n.code}`);
    try {
      const blob = await fetchNotice(n.code, 'pdf');
      saveFile(`notice-${number}-${n.code}.pdf`, new Blob([blob], { type: 'application/pdf' }));
    } catch (e) {
      setError({ code: n.code, error: e });
    } finally {
      setBusy(null);
    }
  };

  if (!notices.length) return <p class="muted">{t('notices.none')}</p>;
  const sorted = [...notices].sort((a, b) => b.issuedAt.localeCompare(a.issuedAt));
  return (
    <div class="notices">
      <ul class="notice-list" data-testid="notices">
        {sorted.map((n) => {
          const title = tOr(`notice.kind.${n.kind}`, n.kind);
          return (
            <li key={n.code} data-code={n.code} data-kind={n.kind}>
              <div class="notice-main">
                <strong>{title}</strong>
                <span class="muted small">
                  {' '}
                  {t('notices.issued', { date: when(n.issuedAt, timeZone) })} · {tOr(`notices.lang.${n.language}`, n.language)}
                </span>
                <p class="small">
                  {t('notices.code')} <code class="notice-code">{n.code}</code>
                </p>
              </div>
              <div class="notice-actions">
                <button type="button" class="btn btn-secondary btn-small" aria-expanded={open === n.code}
                  aria-controls="notice-viewer" disabled={busy === `html-${n.code}`}
                  aria-label={withContext(open === n.code ? t('notices.hide') : t('notices.view'), `${title} ${n.code}`)}
                  onClick={() => view(n.code)}>
                  {open === n.code ? t('notices.hide') : t('notices.view')}
                </button>
                <button type="button" class="btn btn-secondary btn-small" disabled={busy === `pdf-${n.code}`}
                  aria-label={withContext(busy === `pdf-${n.code}` ? t('notices.downloading') : t('notices.download'), `${title} ${n.code}`)}
                  onClick={() => download(n)}>
                  {busy === `pdf-${n.code}` ? t('notices.downloading') : t('notices.download')}
                </button>
              </div>
              {error?.code === n.code && <ErrorBox error={error.error} />}
            </li>
          );
        })}
      </ul>
      {open && (
        <div class="doc-viewer notice-viewer" id="notice-viewer" tabIndex={-1} ref={frameBox}
          aria-label={t('notices.viewerLabel', { code: open })}>
          {busy === `html-${open}` && <Loading />}
          {html !== null && (
            <iframe sandbox="" srcdoc={html} title={t('notices.viewerLabel', { code: open })} />
          )}
        </div>
      )}
    </div>
  );
}
