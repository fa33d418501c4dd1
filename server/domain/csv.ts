/**
 * CSV for people who open it in a spreadsheet: RFC 4180 (fields with a comma, quote, CR or LF
 * are quoted, quotes doubled, lines end CRLF) and safe against formula injection: a cell that
 * starts with = + - @ (or a tab or CR, which some spreadsheets skip before reading a formula)
 * is prefixed with an apostrophe, so the spreadsheet shows it as text instead of running it.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, neutralised against formulas and quoted when RFC 4180 requires it. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record (a line with its CRLF). */
export function csvRow(values: readonly unknown[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
