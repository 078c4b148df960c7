// Why two records may name the same person, as the matcher found it: the names compared part by
// part (how each part matched: exactly, by a transliteration system, phonetically, by a small
// spelling difference, by the gender form), the parts left over on either side, and what the
// birth dates, citizenships and document numbers added to or took from the score.
import { formatDate, formatNumber, t, tOr } from '../i18n';
import type { Evidence } from '../lib/api';

/** A score (0..1) as the matcher gives it, with two decimals: "0.93". */
export function formatScore(score: number): string {
  return formatNumber(score, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A factor's effect on the score, always signed: "+0.08", "−0.30". */
export function formatEffect(effect: number): string {
  return formatNumber(effect, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
}

/** A full date as a date; a year or a year and month (lists give partial birth dates) as written. */
export function formatPartialDate(s: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? formatDate(s) : s;
}

export function ScoreChip({ score, label }: { score: number; label?: string }) {
  const cls = score >= 0.9 ? 'score-high' : score >= 0.75 ? 'score-mid' : 'score-low';
  return (
    <span class={`chip score-chip ${cls}`} data-testid="score">
      {label ?? t('evidence.score')} {formatScore(score)}
    </span>
  );
}

export function EvidenceView({
  evidence,
  leftLabel,
  rightLabel,
  idPrefix,
}: {
  evidence: Evidence;
  /** Whose name is on the left: the applicant's, or the name searched for. */
  leftLabel: string;
  /** Whose name is on the right: the listed person's, or the earlier applicant's. */
  rightLabel: string;
  idPrefix: string;
}) {
  const parts = evidence.parts ?? [];
  const factors = evidence.factors ?? [];
  const unmatchedLeft = evidence.unmatchedApplicant ?? [];
  const unmatchedRight = evidence.unmatchedOther ?? [];
  return (
    <div class="evidence" data-testid="evidence">
      {(evidence.applicantName || evidence.otherName) && (
        <p class="evidence-names">
          {t('evidence.compared', { left: evidence.applicantName ?? '—', right: evidence.otherName ?? '—' })}
          {evidence.nameScore !== undefined && (
            <>
              {' '}
              <span class="muted">({t('evidence.nameScore', { score: formatScore(evidence.nameScore) })})</span>
            </>
          )}
        </p>
      )}
      {parts.length > 0 && (
        <table class="table compact responsive evidence-parts">
          <caption class="evidence-caption">{t('evidence.partsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{leftLabel}</th>
              <th scope="col">{rightLabel}</th>
              <th scope="col">{t('evidence.col.how')}</th>
              <th scope="col">{t('evidence.col.score')}</th>
              <th scope="col">{t('evidence.col.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {parts.map((p, i) => (
              <tr key={i} data-how={p.how}>
                <td data-label={leftLabel} class="part">{p.left}</td>
                <td data-label={rightLabel} class="part">{p.right}</td>
                <td data-label={t('evidence.col.how')}>
                  <span class={`chip how-${p.how}`}>{tOr(`evidence.how.${p.how}`, p.how)}</span>
                </td>
                <td data-label={t('evidence.col.score')}>{formatScore(p.score)}</td>
                <td data-label={t('evidence.col.detail')} class="small wrap-anywhere">{p.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {unmatchedLeft.length > 0 && (
        <p class="small">{t('evidence.unmatched', { whose: leftLabel, parts: unmatchedLeft.join(' ') })}</p>
      )}
      {unmatchedRight.length > 0 && (
        <p class="small">{t('evidence.unmatched', { whose: rightLabel, parts: unmatchedRight.join(' ') })}</p>
      )}
      {factors.length > 0 && (
        <>
          <p class="label-like" id={`${idPrefix}-factors`}>{t('evidence.factors')}</p>
          <ul class="factors" aria-labelledby={`${idPrefix}-factors`}>
            {factors.map((f, i) => (
              <li key={i} data-factor={f.factor}>
                <span class={`chip effect ${f.effect > 0 ? 'effect-up' : f.effect < 0 ? 'effect-down' : ''}`}>{formatEffect(f.effect)}</span>{' '}
                <strong>{tOr(`evidence.factor.${f.factor}`, f.factor)}</strong>: {f.detail}
              </li>
            ))}
          </ul>
        </>
      )}
      <p class="evidence-total">
        {t('evidence.total')} <strong>{formatScore(evidence.score)}</strong>
      </p>
    </div>
  );
}

/** Dates given for a record, partial ones as written. */
export function dateList(dates: string[] | undefined): string {
  return dates && dates.length ? dates.map(formatPartialDate).join(', ') : '—';
}
