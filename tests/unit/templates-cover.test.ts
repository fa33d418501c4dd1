/** The cover fields' rules as the client and server share them: key points, acknowledgements and the date. */
import { describe, expect, it } from 'vitest';
import { updatePaperBody } from '../../shared/api.js';
import { isCalendarDay, keyPoints, normaliseLines } from '../../shared/cover.js';

describe('cover rules', () => {
  it('makes key points one a line, dropping blank lines and outer blanks', () => {
    expect(keyPoints(' First\r\n\r\n\tSecond  \rThird\u2028Fourth\n')).toEqual(['First', 'Second', 'Third', 'Fourth']);
    expect(keyPoints('  \n \n')).toEqual([]);
  });

  it('keeps paragraphs of acknowledgements but no runs of blank lines or control characters', () => {
    expect(normaliseLines('Thanks\u0007 to all.\r\n\r\n\r\n\r\nAnd you.  ')).toBe('Thanks to all.\n\nAnd you.');
  });

  it('knows a real calendar day', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2026-13-01')).toBe(false);
    expect(isCalendarDay('2026-3-31')).toBe(false);
  });

  it('parses the cover fields of PATCH /papers/:paperId, leaving absent ones absent', () => {
    expect(updatePaperBody.parse({ summary: 'a\n\nb', coverDate: '' })).toEqual({ summary: 'a\nb', coverDate: null });
    expect(updatePaperBody.parse({})).toEqual({});
    expect(updatePaperBody.safeParse({ summary: 'x\n'.repeat(11) }).error?.issues[0].message).toBe('Key points: at most 10 lines, one point a line.');
  });
});
