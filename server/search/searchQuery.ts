/**
 * What a person typed, turned into an FTS5 MATCH expression that can never be an SQL or FTS5
 * syntax error. Text in double quotes is a phrase; every other word is its own term, and all terms
 * must match (AND). Each term is written as an FTS5 string (inner quotes doubled), so operators a
 * person types (AND, OR, NOT, NEAR, brackets, *, -, ^, column names with ":") are just words. The
 * last word is a prefix while it is still being typed (no space after it), for search as you type.
 */

/** Most terms one search uses; the rest of a very long query is ignored rather than slowing every search. */
export const MAX_TERMS = 12;

/** A term to match: its text and whether it is a phrase the person quoted. */
export interface SearchTerm {
  text: string;
  phrase: boolean;
}

// Control characters carry no words, and a NUL would end the expression early inside SQLite.
const CONTROL = /[\u0000-\u001f\u007f]/gu;

/** Typed text with control characters made spaces, in Unicode NFC like the indexed text. */
function cleaned(typed: string): string {
  return typed.normalize('NFC').replace(CONTROL, ' ');
}

// A term with no letter or digit would become an empty FTS5 phrase: it cannot match anything useful.
const HAS_WORD = /[\p{L}\p{N}]/u;

/** Splits typed text into quoted phrases and single words, dropping terms with no letter or digit. */
export function searchTerms(typed: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const text = cleaned(typed);
  let i = 0;
  while (i < text.length && terms.length < MAX_TERMS) {
    if (/\s/u.test(text[i]!)) {
      i += 1;
      continue;
    }
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      if (end > i + 1) {
        const phrase = text.slice(i + 1, end).trim();
        if (HAS_WORD.test(phrase)) terms.push({ text: phrase, phrase: true });
        i = end + 1;
        continue;
      }
      // An unclosed quote (still typing) or an empty pair: the rest is read as plain words.
      i += 1;
      continue;
    }
    let end = i;
    while (end < text.length && !/\s/u.test(text[end]!) && text[end] !== '"') end += 1;
    const word = text.slice(i, end);
    if (HAS_WORD.test(word)) terms.push({ text: word, phrase: false });
    i = end;
  }
  return terms;
}

/** An FTS5 string literal: the text in double quotes with any inner double quote doubled. */
function ftsString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * The MATCH expression for typed text, or null when there is nothing to search for (an empty or
 * all-punctuation query, which returns no results rather than an error).
 */
export function matchExpression(typed: string): string | null {
  const terms = searchTerms(typed);
  if (terms.length === 0) return null;
  const stillTyping = !/[\s"]$/u.test(cleaned(typed));
  return terms
    .map((term, index) => {
      const prefix = index === terms.length - 1 && !term.phrase && stillTyping;
      return ftsString(term.text) + (prefix ? '*' : '');
    })
    .join(' ');
}
