// dmn-js in the page: the requirement graph (DRD) and the decision tables of one DMN file, as a
// viewer or as the modeler of a draft. Views are listed as tabs; ?view=<element id> opens one.
import { useEffect, useRef, useState } from 'preact/hooks';
import type DmnJS from 'dmn-js/lib/NavigatedViewer';
import type { DmnView } from 'dmn-js/lib/NavigatedViewer';
import { t, useLang } from '../i18n';
import { annotationsAsDescriptions, ensureDi, toDmn13, toDmn15 } from '../lib/dmn';
import { Alert, Loading } from './common';

export interface DmnHandle {
  /** The edited model as DMN 1.5 XML. */
  save: () => Promise<string>;
}

export function DmnEditor({
  xml,
  edit,
  initialView,
  onView,
  handle,
  onChange,
  label,
  marks,
}: {
  xml: string;
  edit?: boolean;
  initialView?: string;
  onView?: (id: string) => void;
  handle?: { current: DmnHandle | null };
  onChange?: () => void;
  label: string;
  /** Rule id -> the worst severity of the model checks' findings on it: the rule's row is marked. */
  marks?: Record<string, 'error' | 'warning'>;
}) {
  const lang = useLang();
  const container = useRef<HTMLDivElement>(null);
  const instance = useRef<DmnJS | null>(null);
  const [views, setViews] = useState<DmnView[]>([]);
  const [active, setActive] = useState<string | null>(null);
  const [activeType, setActiveType] = useState<string>('drd');
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => {
    let cancelled = false;
    let imported = false;
    let dmn: DmnJS | null = null;
    setReady(false);
    setError(null);
    (async () => {
      const mod = await import('../lib/dmnjs');
      if (cancelled || !container.current) return;
      const Ctor = edit ? mod.Modeler : mod.Viewer;
      dmn = new Ctor({ container: container.current, ...mod.viewOptions(lang) });
      instance.current = dmn;
      dmn.on('views.changed', (e: { views: DmnView[]; activeView: DmnView | null }) => {
        setViews(e.views);
        setActive(e.activeView?.element.id ?? null);
        setActiveType(e.activeView?.type ?? 'drd');
      });
      if (onChange) {
        // Edits happen in the viewer of each view (graph, table, literal expression), whose events
        // stay on its own event bus: the manager only says when a viewer is made.
        dmn.on('viewer.created', (e: { viewer: { on: (event: string, cb: () => void) => void } }) =>
          e.viewer.on('commandStack.changed', () => onChange()),
        );
      }
      try {
        const model = ensureDi(toDmn13(xml));
        await dmn.importXML(edit ? model : annotationsAsDescriptions(model));
        if (cancelled) return;
        const all = dmn.getViews();
        const wanted = all.find((v) => v.element.id === initialView) ?? all.find((v) => v.type === 'drd') ?? all[0];
        if (wanted) await dmn.open(wanted);
        fit(dmn, edit);
        requestAnimationFrame(() => dmn && fit(dmn, edit));
        imported = true;
        setReady(true);
      } catch (e) {
        if (!cancelled) setError((e as Error).message);
      }
    })();
    if (handle) {
      handle.current = {
        save: async () => {
          // Until the model is imported (just after a remount) the modeler holds nothing to save.
          if (!instance.current || !imported) return xml;
          const { xml: out } = await instance.current.saveXML({ format: true });
          return toDmn15(out);
        },
      };
    }
    // Keep the diagram fitted when the panel changes size (rotation, window resize).
    let lastWidth = 0;
    const ro = new ResizeObserver(() => {
      const w = container.current?.clientWidth ?? 0;
      if (!dmn || !imported || Math.abs(w - lastWidth) < 8) return;
      lastWidth = w;
      try {
        dmn.getActiveViewer()?.get('canvas').resized();
      } catch {
        /* not a diagram */
      }
      if (!edit) fit(dmn);
    });
    if (container.current) ro.observe(container.current);
    return () => {
      cancelled = true;
      ro.disconnect();
      dmn?.destroy();
      instance.current = null;
      if (handle) handle.current = null;
    };
    // The modeler keeps its own state: it is made once per mount (give it a key to start afresh).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    // A viewer follows the UI language; the modeler keeps its language while open (re-creating it
    // would drop edits not yet written into the draft).
  }, [edit ? 'edit' : `${lang}|${xml}`]);

  const openView = async (v: DmnView) => {
    const dmn = instance.current;
    if (!dmn) return;
    await dmn.open(v);
    fit(dmn, edit);
    onView?.(v.element.id);
  };

  const onKey = (e: KeyboardEvent, i: number) => {
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % views.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + views.length) % views.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = views.length - 1;
    if (next >= 0) {
      e.preventDefault();
      tabRefs.current[next]?.focus();
      openView(views[next]);
    }
  };

  // dmn-js renders the rows itself: a style sheet marks the rows (data-row-id) the findings name.
  const markCss = Object.entries(marks ?? {})
    .map(([id, severity]) => {
      const row = `.dmn-canvas [data-row-id="${CSS.escape(id)}"]`;
      return `${row}{background:var(--${severity === 'error' ? 'err' : 'warn'}-bg)}${row}.rule-index::after{content:" ${severity === 'error' ? '✖' : '⚠'}";color:var(--${severity === 'error' ? 'err' : 'warn'})}`;
    })
    .join('\n');
  return (
    <div class="dmn-editor">
      {markCss && <style data-testid="rule-marks">{markCss}</style>}
      <div role="tablist" aria-label={t('dmn.views', { name: label })} class="tabs">
        {views.map((v, i) => (
          <button
            key={v.element.id}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            role="tab"
            type="button"
            id={`dmn-tab-${v.element.id}`}
            aria-selected={active === v.element.id}
            aria-controls="dmn-panel"
            tabIndex={active === v.element.id ? 0 : -1}
            data-view-type={v.type}
            onClick={() => openView(v)}
            onKeyDown={(e) => onKey(e as KeyboardEvent, i)}
          >
            {v.type === 'drd' ? t('dmn.drd') : `${v.element.name ?? v.element.id}`}
            <span class="muted small"> · {t(`dmn.type.${v.type}`)}</span>
          </button>
        ))}
      </div>
      {error && <Alert kind="error" live>{t('dmn.importError', { message: error })}</Alert>}
      {!ready && !error && <Loading label={t('dmn.loading')} />}
      <div
        id="dmn-panel"
        role="tabpanel"
        aria-labelledby={active ? `dmn-tab-${active}` : undefined}
        class={`dmn-canvas ${edit ? 'editing' : ''} view-${activeType}`}
        ref={container}
        data-testid="dmn-canvas"
      />
    </div>
  );
}

function fit(dmn: DmnJS, edit = false) {
  try {
    const v = dmn.getActiveView();
    if (v?.type !== 'drd') return;
    const canvas = dmn.getActiveViewer()?.get('canvas');
    canvas.resized();
    canvas.zoom('fit-viewport', 'auto');
    // A margin round the graph (the fit leaves edges routed round the side on the border).
    const width = canvas.getSize?.().width ?? 800;
    const factor = edit ? Math.min(0.85, (width - 76) / width) : 0.9;
    canvas.zoom(Math.min(1, canvas.zoom() * factor), 'auto');
    // The modeler's palette sits on the left: move the graph clear of it.
    if (edit) canvas.scroll({ dx: 32, dy: 0 });
  } catch {
    /* not a diagram */
  }
}
