// Small SVG charts drawn here (no chart library): horizontal bars, a two-series time chart with
// day/week/month buckets, and a share ring. Each has a text alternative and its data as a table.
import { formatDate, formatNumber, t } from '../i18n';
import { addDays, type DayCount } from '../lib/api';
import { useWidth } from '../lib/hooks';
import { CsvButton } from './common';

export interface Bar {
  key: string;
  label: string;
  value: number;
  cls?: string;
}

export function HBarChart({ bars, label }: { bars: Bar[]; label: string }) {
  const [ref, W] = useWidth(600);
  const max = Math.max(1, ...bars.map((b) => b.value));
  // Narrow screens put each label above its bar.
  const stacked = W < 460;
  const rowH = stacked ? 44 : 30;
  // Labels as wide as the longest needs (about 7 px a character), at most half the chart: a fixed
  // width cut long labels ("eligible → documents-missing") at their start.
  const labelW = stacked ? 0 : Math.min(W / 2, Math.max(80, ...bars.map((b) => b.label.length * 7.2 + 14)));
  const H = bars.length * rowH + 10;
  return (
    <figure class="chart" ref={ref}>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={label} class="chart-svg">
        <title>{label}</title>
        {bars.map((b, i) => {
          const w = ((W - labelW - 60) * b.value) / max;
          const y = 5 + i * rowH;
          const barY = stacked ? y + 18 : y + 4;
          const barH = stacked ? 20 : rowH - 10;
          return (
            <g key={b.key}>
              {stacked ? (
                <text x={0} y={y + 12} class="chart-label">{b.label}</text>
              ) : (
                <text x={labelW - 8} y={y + rowH / 2 + 4} text-anchor="end" class="chart-label">{b.label}</text>
              )}
              <rect x={labelW} y={barY} width={Math.max(b.value ? 2 : 0, w)} height={barH} rx={3} class={`bar ${b.cls ?? ''}`} />
              <text x={labelW + w + 6} y={barY + barH / 2 + 4} class="chart-value">{formatNumber(b.value)}</text>
            </g>
          );
        })}
      </svg>
      <DataTable caption={label} head={[t('chart.category'), t('chart.count')]} rows={bars.map((b) => [b.label, formatNumber(b.value)])} />
    </figure>
  );
}

export type Bucket = 'day' | 'week' | 'month';

export function bucketFor(from: string, to: string): Bucket {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  return days <= 92 ? 'day' : days <= 731 ? 'week' : 'month';
}

function bucketStart(date: string, bucket: Bucket): string {
  if (bucket === 'day') return date;
  if (bucket === 'month') return `${date.slice(0, 7)}-01`;
  const d = new Date(`${date}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
  return addDays(date, -dow);
}

function nextBucket(date: string, bucket: Bucket): string {
  if (bucket === 'day') return addDays(date, 1);
  if (bucket === 'week') return addDays(date, 7);
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/** Per-day counts summed into buckets covering [from, to], empty buckets included. */
export function bucketize(points: DayCount[], from: string, to: string, bucket: Bucket): DayCount[] {
  const out = new Map<string, number>();
  for (let d = bucketStart(from, bucket); d <= to; d = nextBucket(d, bucket)) out.set(d, 0);
  for (const p of points) {
    if (p.date < from || p.date > to) continue;
    const k = bucketStart(p.date, bucket);
    out.set(k, (out.get(k) ?? 0) + p.count);
  }
  return [...out.entries()].map(([date, count]) => ({ date, count }));
}

export interface Series {
  key: string;
  name: string;
  cls: string;
  points: DayCount[];
}

/** Axis ticks: a step of 1, 2 or 5 times a power of ten giving about four intervals. */
function ticksFor(max: number): number[] {
  const raw = Math.max(1, max) / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw && Number.isInteger(s)) ?? Math.ceil(raw);
  const top = Math.max(step, Math.ceil(Math.max(1, max) / step) * step);
  const out: number[] = [];
  for (let v = 0; v <= top; v += step) out.push(v);
  return out;
}

export function TimeChart({ series, from, to, label }: { series: Series[]; from: string; to: string; label: string }) {
  const [ref, W] = useWidth(760);
  const bucket = bucketFor(from, to);
  const data = series.map((s) => ({ ...s, points: bucketize(s.points, from, to, bucket) }));
  const n = data[0]?.points.length ?? 0;
  const ticks = ticksFor(Math.max(1, ...data.flatMap((s) => s.points.map((p) => p.count))));
  const max = ticks[ticks.length - 1];
  const H = W < 500 ? 220 : 280;
  const L = 44;
  const R = 40;
  const T = 12;
  const B = 40;
  const plotW = W - L - R;
  const plotH = H - T - B;
  const groupW = plotW / Math.max(1, n);
  const barW = Math.max(1, (groupW * 0.8) / data.length);
  const y = (v: number) => T + plotH - (plotH * v) / max;
  const labelEvery = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(plotW / 90))));
  const fmt = (d: string) => (bucket === 'month' ? d.slice(0, 7) : formatDate(d));
  const fullLabel = `${label} (${t(`chart.per.${bucket}`)})`;
  return (
    <figure class="chart" ref={ref}>
      <div class="legend" aria-hidden="true">
        {data.map((s) => (
          <span key={s.key}><span class={`swatch ${s.cls}`} /> {s.name}</span>
        ))}
        <span class="muted">{t(`chart.per.${bucket}`)}</span>
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={fullLabel} class="chart-svg">
        <title>{fullLabel}</title>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={L} x2={W - R} y1={y(v)} y2={y(v)} class="gridline" />
            <text x={L - 6} y={y(v) + 4} text-anchor="end" class="chart-axis">{formatNumber(v)}</text>
          </g>
        ))}
        {data.map((s, si) =>
          s.points.map((p, i) =>
            p.count > 0 ? (
              <rect key={`${s.key}-${p.date}`} x={L + i * groupW + groupW * 0.1 + si * barW} y={y(p.count)} width={barW}
                height={T + plotH - y(p.count)} class={`bar ${s.cls}`}>
                <title>{`${s.name}, ${fmt(p.date)}: ${formatNumber(p.count)}`}</title>
              </rect>
            ) : null,
          ),
        )}
        {(data[0]?.points ?? []).map((p, i) =>
          i % labelEvery === 0 ? (
            <text key={p.date} x={L + i * groupW + groupW / 2} y={H - B + 16} text-anchor="middle" class="chart-axis">{fmt(p.date)}</text>
          ) : null,
        )}
        <line x1={L} x2={W - R} y1={T + plotH} y2={T + plotH} class="axis" />
      </svg>
      <DataTable
        caption={fullLabel}
        head={[t(`chart.bucket.${bucket}`), ...data.map((s) => s.name)]}
        rows={(data[0]?.points ?? [])
          .map((p, i) => [fmt(p.date), ...data.map((s) => formatNumber(s.points[i].count))])
          .filter((_, i) => data.some((s) => s.points[i].count > 0))}
        empty={t('chart.noData')}
      />
    </figure>
  );
}

export function ShareRing({ part, whole, label }: { part: number; whole: number; label: string }) {
  const share = whole ? part / whole : 0;
  const r = 52;
  const c = 2 * Math.PI * r;
  const text = whole ? formatNumber(share, { style: 'percent', maximumFractionDigits: 1 }) : '—';
  const desc = whole ? t('chart.shareDesc', { part: formatNumber(part), whole: formatNumber(whole), share: text }) : t('chart.noData');
  return (
    <figure class="chart ring">
      <svg viewBox="0 0 140 140" role="img" aria-label={`${label}: ${desc}`} class="ring-svg">
        <title>{`${label}: ${desc}`}</title>
        <circle cx="70" cy="70" r={r} class="ring-bg" />
        <circle cx="70" cy="70" r={r} class="ring-fg" stroke-dasharray={`${c * share} ${c}`} transform="rotate(-90 70 70)" />
        <text x="70" y="76" text-anchor="middle" class="ring-text">{text}</text>
      </svg>
      <figcaption>{desc}</figcaption>
    </figure>
  );
}

export function DataTable({ caption, head, rows, empty, csv }: { caption: string; head: string[]; rows: string[][]; empty?: string; csv?: string }) {
  return (
    <details class="chart-data">
      <summary>{t('chart.showTable')}</summary>
      {rows.length ? (
        <>
        <CsvButton name={csv ?? `${caption.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '')}.csv`} rows={() => [head, ...rows]} />
        <table class="table compact">
          <caption class="sr-only">{caption}</caption>
          <thead>
            <tr>{head.map((h) => <th key={h} scope="col">{h}</th>)}</tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>{r.map((c, j) => (j === 0 ? <th key={j} scope="row">{c}</th> : <td key={j}>{c}</td>))}</tr>
            ))}
          </tbody>
        </table>
        </>
      ) : (
        <p class="muted">{empty ?? t('chart.noData')}</p>
      )}
    </details>
  );
}
