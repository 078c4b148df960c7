// Tables as CSV files (RFC 4180) for a spreadsheet: a header row, then the rows as shown.

/**
 * A cell as CSV: quoted when it holds a comma, quote or line break. Text that a spreadsheet would
 * run as a formula (starting with = + - @, a tab or a carriage return) is prefixed with an
 * apostrophe (OWASP, "CSV injection"): a name typed by an applicant is data, never a formula.
 * Numbers are written as they are.
 */
function cell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: (string | number)[][]): string {
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Saves the rows as `name` (a byte-order mark first, so spreadsheets read the UTF-8 as UTF-8). */
export function downloadCsv(name: string, rows: (string | number)[][]): void {
  saveFile(name, new Blob(['\ufeff', toCsv(rows)], { type: 'text/csv;charset=utf-8' }));
}

/** Hands a file made or fetched here to the browser's downloads, as `name`. */
export function saveFile(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
