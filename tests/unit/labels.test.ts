/** The label rules (normalising, case-free keys, length and characters, the tree filter) and the page status rules by role. */
import { describe, expect, it } from 'vitest';
import { LABEL_BAD_CHARS, LABEL_REQUIRED, LABEL_TOO_LONG, addLabelBody, hasAllLabels, labelKey, labelProblem, normaliseLabel } from '../../shared/labels.js';
import { APPROVE_REFUSED, REOPEN_REFUSED, mayWriteText, statusChangeRefusal, statusChoices } from '../../shared/pageStatus.js';

describe('normalising a label', () => {
  it('trims and collapses inner white space of any kind to one space', () => {
    expect(normaliseLabel('  Evidence \t\n needed  ')).toBe('Evidence needed');
    expect(normaliseLabel('a\u00a0\u2003b')).toBe('a b');
  });

  it('composes accents, so the same word typed two ways is one label', () => {
    const decomposed = 'Re\u0301sume\u0301';
    expect(normaliseLabel(decomposed)).toBe('Résumé');
    expect(labelKey(decomposed)).toBe(labelKey('RÉSUMÉ'));
  });

  it('keys labels without case in any script', () => {
    expect(labelKey(' Legal  Review')).toBe('legal review');
    expect(labelKey('ДАННЫЕ')).toBe(labelKey('данные'));
    expect(labelKey('Legal')).not.toBe(labelKey('Legals'));
  });
});

describe('checking label text', () => {
  it('accepts letters of any language, digits, spaces and - _ . & ( ) /', () => {
    for (const ok of ['legal', 'Évaluation (phase 2)', 'R&D / costs_v1.2-final', 'डेटा', '患者データ', 'x'.repeat(40)]) expect(labelProblem(ok), ok).toBeNull();
  });

  it('refuses other characters with the sentence naming what is allowed', () => {
    for (const bad of ['<b>', 'needs review!', 'a,b', 'quote"', 'emoji 🙂', 'tab\u0000', '#tag']) expect(labelProblem(bad), bad).toBe(LABEL_BAD_CHARS);
    expect(LABEL_BAD_CHARS).toBe('Labels may use letters, numbers, spaces and - _ . & ( ) /');
  });

  it('counts characters, not UTF-16 units, against the limit of 40', () => {
    expect(labelProblem('x'.repeat(41))).toBe(LABEL_TOO_LONG);
    expect(LABEL_TOO_LONG).toBe('A label can be at most 40 characters.');
    // Each of these letters is two UTF-16 units; 40 of them are still 40 characters.
    expect(labelProblem('𝒜'.repeat(40))).toBeNull();
  });

  it('refuses an empty label and one of punctuation alone', () => {
    expect(labelProblem('')).toBe(LABEL_REQUIRED);
    expect(labelProblem('--')).toBe(LABEL_REQUIRED);
    expect(labelProblem('( )')).toBe(LABEL_REQUIRED);
  });

  it('normalises before checking in the request body', () => {
    expect(addLabelBody.parse({ name: '   legal   team ' })).toEqual({ name: 'legal team' });
    // Forty characters once the spaces are collapsed.
    expect(addLabelBody.safeParse({ name: `${'x'.repeat(20)}     ${'y'.repeat(19)}` }).success).toBe(true);
    const refused = addLabelBody.safeParse({ name: '   ' });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0].message).toBe(LABEL_REQUIRED);
  });
});

describe('filtering by labels', () => {
  it('keeps pages that have every chosen label, compared without case', () => {
    expect(hasAllLabels(['Legal', 'Evidence needed'], ['legal'])).toBe(true);
    expect(hasAllLabels(['Legal', 'Evidence needed'], ['Legal', 'EVIDENCE NEEDED'])).toBe(true);
    expect(hasAllLabels(['Legal'], ['Legal', 'Evidence needed'])).toBe(false);
    expect(hasAllLabels([], [])).toBe(true);
  });
});

describe('page status by role', () => {
  it('lets authors move between draft and in review, and nothing else', () => {
    expect(statusChangeRefusal('author', 'draft', 'in_review')).toBeNull();
    expect(statusChangeRefusal('author', 'in_review', 'draft')).toBeNull();
    expect(statusChangeRefusal('author', 'in_review', 'approved')).toBe(APPROVE_REFUSED);
    expect(statusChangeRefusal('author', 'approved', 'draft')).toBe(REOPEN_REFUSED);
    expect(statusChoices('author', 'draft')).toEqual(['in_review']);
    expect(statusChoices('author', 'approved')).toEqual([]);
  });

  it('lets editors make every change, and reviewers and readers none', () => {
    expect(statusChoices('editor', 'approved')).toEqual(['draft', 'in_review']);
    expect(statusChoices('editor', 'draft')).toEqual(['in_review', 'approved']);
    for (const role of ['reviewer', 'reader', null] as const) {
      expect(statusChoices(role, 'draft')).toEqual([]);
      expect(statusChangeRefusal(role, 'draft', 'in_review')).toMatch(/does not allow/);
    }
  });

  it('makes an approved page read-only for authors but not editors', () => {
    expect(mayWriteText('author', 'in_review')).toBe(true);
    expect(mayWriteText('author', 'approved')).toBe(false);
    expect(mayWriteText('editor', 'approved')).toBe(true);
    expect(mayWriteText('reviewer', 'draft')).toBe(false);
  });
});
