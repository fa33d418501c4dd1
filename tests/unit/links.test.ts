/** Link targets: every hostile one in the corpus is refused, as typed and after the Link form's normalising; ordinary ones are kept. */
import { describe, expect, it } from 'vitest';
import { safeHref } from '../../shared/schema.js';
import { normaliseUrl } from '../../client/editor/linkDialog.js';
import { HOSTILE_LINKS } from '../fixtures/hostile-strings.js';
import { limits } from '../../shared/limits.js';

describe('safeHref against the hostile corpus', () => {
  it.each(HOSTILE_LINKS.map((l) => [JSON.stringify(l), l]))('refuses %s', (_name, link) => {
    expect(safeHref(link)).toBeNull();
    expect(safeHref(normaliseUrl(link))).toBeNull();
  });

  it.each([
    ['https://www.nhs.uk/conditions?a=1#b', 'https://www.nhs.uk/conditions?a=1#b'],
    ['  HTTPS://WWW.NHS.UK  ', 'HTTPS://WWW.NHS.UK'],
    ['mailto:team@example.org', 'mailto:team@example.org'],
    ['tel:+441234567890', 'tel:+441234567890'],
    ['#section-2', '#section-2'],
    ['/papers/abc/pages/def', '/papers/abc/pages/def'],
    ['evidence/annex.pdf', 'evidence/annex.pdf'],
  ])('keeps %j', (link, expected) => expect(safeHref(link)).toBe(expected));

  it('refuses links that only look relative but leave the site, or do not parse', () => {
    for (const link of ['//evil.example', '/\\evil.example', '\\\\evil.example', '\\/evil.example', 'https://\u0001javascript:alert(1)', 'http://[::1', 'java script:alert(1)']) {
      expect(safeHref(link), JSON.stringify(link)).toBeNull();
    }
  });

  it('refuses a link longer than the shared limit', () => {
    const path = '/' + 'a'.repeat(limits.linkHrefChars);
    expect(safeHref(path.slice(0, limits.linkHrefChars))).not.toBeNull();
    expect(safeHref(path)).toBeNull();
  });

  it('normalises a bare domain to https, but not a scheme hidden by blanks', () => {
    expect(normaliseUrl('www.nhs.uk')).toBe('https://www.nhs.uk');
    expect(normaliseUrl('java\tscript:alert(1)')).toBe('java\tscript:alert(1)');
  });
});
