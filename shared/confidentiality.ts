/**
 * The confidentiality check: finds text that looks like patient-identifiable data before a paper
 * is exported or released. Each detector is tuned to what a briefing paper legitimately holds
 * (publication dates, organisation phone numbers are rare; patients' details must never appear),
 * so it prefers a finding the editor acknowledges to a miss, but avoids flagging every date:
 *
 * - NHS numbers: ten digits (spaced 3-3-4 or hyphenated, or run together) whose modulus 11 check
 *   digit is right; a number of one repeated digit is not counted.
 * - Dates of birth: a date (12/03/1961, 12-3-61, 12 March 1961, March 12, 1961, 1961-03-12) soon
 *   after "date of birth", "DOB", "born" or "birthday" (the first date after the cue only). A date
 *   alone is not a finding.
 * - UK postcodes, in capitals as written on addresses (SW1A 1AA, M1 1AE, B33 8TH).
 * - UK phone numbers: 0 or +44 then 9-10 digits, spaced or not.
 * - Email addresses.
 *
 * Pure functions, shared by the server (which checks before export) and the client.
 */

export type FindingKind = 'nhs_number' | 'date_of_birth' | 'postcode' | 'phone' | 'email';

/** One match: its kind, the text found, and where it is in the scanned string. */
export interface Finding {
  kind: FindingKind;
  text: string;
  index: number;
}

/** How each kind is named to people. */
export const FINDING_LABELS: Record<FindingKind, string> = {
  nhs_number: 'NHS number',
  date_of_birth: 'Date of birth',
  postcode: 'Postcode',
  phone: 'Phone number',
  email: 'Email address',
};

/** Whether ten digits pass the NHS number's modulus 11 check. */
export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits) || /^(\d)\1{9}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

const NHS = /(?<![\d+])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d])/g;

function nhsNumbers(text: string): Finding[] {
  const found: Finding[] = [];
  for (const m of text.matchAll(NHS)) {
    if (isValidNhsNumber(m[1] + m[3] + m[4])) found.push({ kind: 'nhs_number', text: m[0], index: m.index });
  }
  return found;
}

const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE = new RegExp(
  [
    String.raw`\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b`,
    String.raw`\b\d{4}-\d{2}-\d{2}\b`,
    String.raw`\b\d{1,2}(?:st|nd|rd|th)?\s+(?:${MONTHS})\.?,?\s+\d{4}\b`,
    String.raw`\b(?:${MONTHS})\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b`,
  ].join('|'),
  'gi',
);
const BIRTH_CUE = /\b(?:date\s+of\s+birth|d\.?\s?o\.?\s?b\.?|born(?:\s+on)?|birth\s*date|birthday)\b/gi;
/** How far after a cue ("DOB:") a date still counts as a date of birth. */
const CUE_REACH = 40;

function datesOfBirth(text: string): Finding[] {
  const cueEnds = [...text.matchAll(BIRTH_CUE)].map((m) => m.index + m[0].length);
  if (cueEnds.length === 0) return [];
  const dates = [...text.matchAll(DATE)];
  const found: Finding[] = [];
  // Only the first date after each cue: in "DOB: 02/03/1961, discharged 05/06/2024" the second is not a birth date.
  for (const end of cueEnds) {
    const m = dates.find((d) => d.index >= end);
    if (m && m.index - end <= CUE_REACH && !found.some((f) => f.index === m.index)) found.push({ kind: 'date_of_birth', text: m[0], index: m.index });
  }
  return found;
}

// The Royal Mail's outward code shapes (A9, A99, AA9, AA99, A9A, AA9A) and the inward code 9AA.
const POSTCODE = /\b(?:GIR ?0AA|(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2})\b/g;

function postcodes(text: string): Finding[] {
  return [...text.matchAll(POSTCODE)].map((m) => ({ kind: 'postcode' as const, text: m[0], index: m.index }));
}

// 0 or +44 (with an optional (0)), then digits with single spaces or hyphens, brackets around an area code.
const PHONE = /(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d[\d\s()-]{7,15}\d(?!\d)/g;

function phones(text: string): Finding[] {
  const found: Finding[] = [];
  for (const m of text.matchAll(PHONE)) {
    let raw = m[0];
    let index = m.index;
    // A bracket that opens a whole number, "(0113 496 0000)", is not part of it; "(0113) 496 0000" keeps its pair.
    if (raw.startsWith('(') && !raw.includes(')')) {
      raw = raw.slice(1);
      index += 1;
    }
    if (/\s{2,}|--|[)(]{2}/.test(raw)) continue;
    const digits = raw.replace(/\D/g, '');
    const national = digits.startsWith('44') && raw.startsWith('+') ? digits.slice(2).replace(/^0/, '') : digits.replace(/^0/, '');
    if ((national.length === 9 || national.length === 10) && /^[1237-9]/.test(national)) found.push({ kind: 'phone', text: raw, index });
  }
  return found;
}

const EMAIL = /(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;

function emails(text: string): Finding[] {
  return [...text.matchAll(EMAIL)].map((m) => ({ kind: 'email' as const, text: m[0], index: m.index }));
}

/** Every finding in a piece of text, in order of position; an NHS number is not also a phone number. */
export function scanText(text: string): Finding[] {
  const nhs = nhsNumbers(text);
  const taken = (f: Finding) => nhs.some((n) => f.index < n.index + n.text.length && n.index < f.index + f.text.length);
  const found = [...nhs, ...datesOfBirth(text), ...postcodes(text), ...phones(text).filter((f) => !taken(f)), ...emails(text)];
  return found.sort((a, b) => a.index - b.index);
}
