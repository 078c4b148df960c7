// A kind's policy versions on a time axis: each version a band from the day it takes effect to the
// day it ends (the newest runs on), with today marked. Bands are links to the version.
import { useRef } from 'preact/hooks';
import { formatDate, t } from '../i18n';
import { addDays, today, type PolicyVersion } from '../lib/api';
import { useWidth } from '../lib/hooks';
import { href } from '../lib/router';

const DAY = 86_400_000;
let svgCounter = 0;
const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

export function VersionTimeline({ versions, current, extra }: { versions: PolicyVersion[]; current?: string; extra?: { takesEffect: string; label: string } }) {
  const [box, W] = useWidth(1000);
  const hatch = useRef(`tl-hatch-${++svgCounter}`).current;
  const sorted = [...versions].sort((a, b) => a.takesEffect.localeCompare(b.takesEffect));
  if (!sorted.length) return null;
  const now = today(sorted[0].jurisdiction);
  const start = ms(sorted[0].takesEffect);
  const lastStart = Math.max(ms(sorted[sorted.length - 1].takesEffect), extra ? ms(extra.takesEffect) : 0);
  const end = Math.max(ms(now), lastStart) + 180 * DAY;
  // Rows: the draft's label on top, bands, year labels, and "today" on its own row below, so that
  // the two markers' labels never overlap however close their days are.
  const H = 96;
  const x = (m: number) => ((m - start) / (end - start)) * (W - 20) + 10;
  const years: number[] = [];
  const yearStep = Math.max(1, Math.ceil((((end - start) / DAY / 365) * 44) / W));
  for (let y = new Date(start).getUTCFullYear() + 1; Date.UTC(y, 0, 1) < end; y += 1) if (y % yearStep === 0) years.push(y);
  // A marker's label is centred on it, except near an edge, where it is anchored inside the box
  // (a label centred on a day near the end was cut off).
  const anchor = (px: number): 'start' | 'middle' | 'end' => (px < 40 ? 'start' : px > W - 40 ? 'end' : 'middle');
  const label = t('timeline.label', { n: sorted.length, from: formatDate(sorted[0].takesEffect) });
  return (
    <div ref={box} class="timeline-box">
    <svg class="timeline-svg" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="group" aria-label={label}>
      <title>{label}</title>
      <defs>
        <pattern id={hatch} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <line x1="0" y1="0" x2="0" y2="8" class="tl-hatch" />
        </pattern>
      </defs>
      {years.map((y) => (
        <g key={y} aria-hidden="true">
          <line x1={x(Date.UTC(y, 0, 1))} x2={x(Date.UTC(y, 0, 1))} y1={8} y2={58} class="tl-grid" />
          <text x={x(Date.UTC(y, 0, 1)) + 3} y={72} class="tl-year">{y}</text>
        </g>
      ))}
      {sorted.map((v, i) => {
        const a = x(ms(v.takesEffect));
        const b = x(v.ends ? ms(addDays(v.ends, 1)) : end);
        const isCurrent = v.takesEffect === current;
        const inForce = v.takesEffect <= now && (!v.ends || v.ends >= now);
        const name = t('timeline.version', {
          from: formatDate(v.takesEffect),
          to: v.ends ? formatDate(v.ends) : t('timeline.open'),
        }) + (v.illustrative ? ` (${t('policy.illustrative')})` : '');
        return (
          // Named by its <title> (an SVG link's name): an aria-label that did not contain the
          // date drawn on the band failed WCAG 2.5.3, label in name.
          <a key={v.id} href={href(`/policies/${v.jurisdiction}/${v.kind}/versions/${v.takesEffect}`)}>
            <title>{name}</title>
            <rect x={a} y={14} width={Math.max(2, b - a - 2)} height={36} rx={4}
              class={`tl-band tl-${i % 3} ${isCurrent ? 'tl-current' : ''} ${inForce ? 'tl-inforce' : ''}`} />
            {v.illustrative && (
              <rect x={a} y={14} width={Math.max(2, b - a - 2)} height={36} rx={4} fill={`url(#${hatch})`} class="tl-illustrative" aria-hidden="true" />
            )}
            {b - a > 90 && (
              <text x={a + 6} y={37} class={`tl-label ${inForce ? 'tl-label-inforce' : ''}`} aria-hidden="true">
                {v.takesEffect}{v.illustrative && b - a > 150 ? ` · ${t('policy.illustrativeShort')}` : ''}
              </text>
            )}
          </a>
        );
      })}
      {extra && (
        <g aria-hidden="true">
          <line x1={x(ms(extra.takesEffect))} x2={x(ms(extra.takesEffect))} y1={6} y2={56} class="tl-draft" />
          <text x={x(ms(extra.takesEffect))} y={9} text-anchor={anchor(x(ms(extra.takesEffect)))} class="tl-year">{extra.label}</text>
        </g>
      )}
      <g aria-hidden="true">
        <line x1={x(ms(now))} x2={x(ms(now))} y1={10} y2={60} class="tl-today" />
        <line x1={x(ms(now))} x2={x(ms(now))} y1={60} y2={80} class="tl-today" />
        <text x={x(ms(now))} y={92} text-anchor={anchor(x(ms(now)))} class="tl-today-label">{t('timeline.today')}</text>
      </g>
    </svg>
    </div>
  );
}
