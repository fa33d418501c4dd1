import { describe, expect, it } from 'vitest';
import { createPageBody, createPaperBody, movePageBody, signUpBody } from '../../shared/api.js';
import { limits } from '../../shared/limits.js';

describe('one-line fields', () => {
  it('turns line breaks, tabs and control characters into single spaces', () => {
    const body = createPaperBody.parse({ title: ' Integrated\r\ncare\u0000for\u2028older people\t', subtitle: 'Spring\nmasterclass' });
    expect(body.title).toBe('Integrated care for older people');
    expect(body.subtitle).toBe('Spring masterclass');
    expect(signUpBody.parse({ name: 'Ada\u0007 Lovelace', email: 'ada@example.org', password: 'a long passphrase' }).name).toBe('Ada Lovelace');
  });

  it('still refuses a title that is only control characters', () => {
    const result = createPageBody.safeParse({ title: '\n\u0000\t' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe('Page title is required.');
  });

  it('bounds tree positions by the page limit', () => {
    expect(movePageBody.safeParse({ parentId: null, index: limits.pagesPerPaper + 1 }).success).toBe(false);
    expect(movePageBody.safeParse({ parentId: null, index: 3 }).success).toBe(true);
  });
});
