import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { docName, formatDateTime, stateName, t, tOr } from '../i18n';
import type { DocumentSummary, Ground, State, Transition } from '../lib/api';
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

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div class="alert alert-error" role="alert">
      <p>{apiErrorText(error)}</p>
      {onRetry && (
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
}: {
  kind?: 'info' | 'success' | 'warning' | 'error';
  children: ComponentChildren;
  live?: boolean;
}) {
  return (
    <div class={`alert alert-${kind}`} role={live ? (kind === 'error' ? 'alert' : 'status') : undefined}>
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

/** Grounds as the policy states them: the reason in plain language, then the legal citation. */
export function GroundList({ grounds, showIds }: { grounds: Ground[]; showIds?: boolean }) {
  if (!grounds.length) return <p class="muted">{t('grounds.none')}</p>;
  return (
    <ul class="grounds">
      {grounds.map((g) => (
        <li key={g.ruleId}>
          <p class="reason">{g.reason}</p>
          <p class="citation">
            <span class="label">{t('grounds.citation')}</span> <cite>{g.citation}</cite>
          </p>
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

export function History({ history, showActor }: { history: Transition[]; showActor?: boolean }) {
  return (
    <ol class="timeline">
      {history.map((h, i) => (
        <li key={i}>
          <time dateTime={h.at}>{formatDateTime(h.at)}</time>
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
              {h.reason ? ` — ${h.reason}` : ''}
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
export function DocumentList({
  documents,
  fetchFile,
}: {
  documents: DocumentSummary[];
  fetchFile: (id: number) => Promise<Blob>;
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
          <li key={d.id}>
            <div>
              <strong>{docName(d.kind)}</strong>
              <span class="muted">
                {' '}
                {d.fileName || t('documents.file')} · {formatSize(d.size)} · {formatDateTime(d.uploadedAt)}
              </span>
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
          aria-label={t('documents.viewerLabel', { name: docName(open.kind) })}
        >
          {busy && <Loading />}
          {error != null && <ErrorBox error={error} />}
          {url && open.contentType === 'application/pdf' && (
            <iframe src={url} title={t('documents.viewerLabel', { name: docName(open.kind) })} />
          )}
          {url && open.contentType !== 'application/pdf' && (
            <img src={url} alt={t('documents.imageAlt', { name: docName(open.kind) })} />
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
