/**
 * Where the confidentiality check says a finding is, and how it shows it: the server and the page
 * screen must count text blocks the same way (so `?find=...&block=n` lands on the right words),
 * the page screen finds the words across marks and line breaks, and masking leaves enough to tell
 * findings apart without showing them.
 */
import { describe, expect, it } from 'vitest';
import { schema } from '../../shared/schema.js';
import { maskFinding } from '../../shared/confidentialityApi.js';
import { textBlocks } from '../../server/domain/confidentiality.js';
import { locateText } from '../../client/ui/findText.js';

const t = (text: string, marks: string[] = []) => ({ type: 'text', text, ...(marks.length ? { marks: marks.map((type) => ({ type })) } : {}) });
const para = (...content: unknown[]) => ({ type: 'paragraph', content });
const cell = (text: string) => ({ type: 'table_cell', content: [para(t(text))] });

const doc = schema.nodeFromJSON({
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [t('Ring 020 7946 0018')] },
    para(t('Number 943 '), t('476', ['bold']), t(' 5919 here.')),
    { type: 'bullet_list', content: [{ type: 'list_item', content: [para(t('Again 943 476 5919'))] }] },
    { type: 'table', content: [{ type: 'table_row', content: [cell('A'), cell('SW1A 1AA')] }] },
    para(t('Line one'), { type: 'hard_break' }, t('DOB 12/03/1961')),
  ],
});

describe('text blocks', () => {
  it('are headings, paragraphs, list items and table cells, in order, with a line break read as a space', () => {
    expect(textBlocks(doc)).toEqual(['Ring 020 7946 0018', 'Number 943 476 5919 here.', 'Again 943 476 5919', 'A', 'SW1A 1AA', 'Line one DOB 12/03/1961']);
  });
});

describe('locating a finding on the page', () => {
  const textAt = (range: { from: number; to: number } | null) => (range ? doc.textBetween(range.from, range.to) : null);

  it('finds words split across marks, preferring the block the check named', () => {
    const first = locateText(doc, '943 476 5919', null);
    const inList = locateText(doc, '943 476 5919', 2);
    expect(textAt(first)).toBe('943 476 5919');
    expect(textAt(inList)).toBe('943 476 5919');
    expect(inList!.from).toBeGreaterThan(first!.from);
  });

  it('falls back to the first match when the named block no longer has it, and finds words in table cells', () => {
    expect(locateText(doc, '943 476 5919', 0)).toEqual(locateText(doc, '943 476 5919', null));
    expect(textAt(locateText(doc, 'SW1A 1AA', 4))).toBe('SW1A 1AA');
  });

  it('matches across a line break as the check read it, and says null for words that are gone', () => {
    const range = locateText(doc, 'one DOB', 5);
    expect(range).not.toBeNull();
    expect(doc.textBetween(range!.from, range!.to, ' ', ' ')).toBe('one DOB');
    expect(locateText(doc, '401 023 2137', null)).toBeNull();
  });
});

describe('masking', () => {
  it('keeps separators and the first and last two letters or digits', () => {
    expect(maskFinding('943 476 5919')).toBe('94* *** **19');
    expect(maskFinding('jane.doe@example.net')).toBe('ja**.***@*******.*et');
    expect(maskFinding('SW1A 1AA')).toBe('SW** *AA');
  });

  it('shows only the first character of something short', () => {
    expect(maskFinding('M1 1AE')).toBe('M* ***');
  });
});
