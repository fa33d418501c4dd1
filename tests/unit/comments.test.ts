/** Comment text rules: mention tokens, safe links, normalising, the length rule, and anchor decoding. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { commentSegments, commentText, compareThreads, displayText, mentionedIds, mentionToken, rewriteMentions, type ThreadView } from '../../shared/comments.js';
import { decodePosition, encodePosition } from '../../shared/commentAnchors.js';
import { HOSTILE_LINKS } from '../fixtures/hostile-strings.js';

describe('mentions', () => {
  it('stores a mention as a token and shows it as @Name', () => {
    const token = mentionToken('Ada [the] Lovelace', 'user_123456');
    expect(token).toBe('@[Ada  the  Lovelace](user:user_123456)');
    const text = `Ask ${mentionToken('Ada', 'aaaaaaaa')} and ${mentionToken('Bo', 'bbbbbbbb')}, then ${mentionToken('Ada', 'aaaaaaaa')} again.`;
    expect(displayText(text)).toBe('Ask @Ada and @Bo, then @Ada again.');
    expect(mentionedIds(text)).toEqual(['aaaaaaaa', 'bbbbbbbb']);
    expect(commentSegments(text)).toEqual([
      { kind: 'text', text: 'Ask ' },
      { kind: 'mention', userId: 'aaaaaaaa', name: 'Ada' },
      { kind: 'text', text: ' and ' },
      { kind: 'mention', userId: 'bbbbbbbb', name: 'Bo' },
      { kind: 'text', text: ', then ' },
      { kind: 'mention', userId: 'aaaaaaaa', name: 'Ada' },
      { kind: 'text', text: ' again.' },
    ]);
  });

  it('renames kept mentions and turns dropped ones into plain text', () => {
    const text = `${mentionToken('Old name', 'aaaaaaaa')} and ${mentionToken('Stranger', 'zzzzzzzz')}`;
    expect(rewriteMentions(text, (id) => (id === 'aaaaaaaa' ? 'New Name' : null))).toBe(`${mentionToken('New Name', 'aaaaaaaa')} and @Stranger`);
  });

  it('leaves malformed tokens as text', () => {
    for (const text of ['@[Ada](user:short)', '@[Ada](http://x.example)', '@[](user:aaaaaaaa)', '@[A\nda](user:aaaaaaaa)']) {
      expect(mentionedIds(text), text).toEqual([]);
    }
  });
});

describe('links', () => {
  it('links http, https and mailto addresses, leaving the sentence’s punctuation outside', () => {
    expect(commentSegments('See https://www.nhs.uk/conditions, or mail team@example.org at mailto:team@example.org.')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', href: 'https://www.nhs.uk/conditions', text: 'https://www.nhs.uk/conditions' },
      { kind: 'text', text: ', or mail team@example.org at ' },
      { kind: 'link', href: 'mailto:team@example.org', text: 'mailto:team@example.org' },
      { kind: 'text', text: '.' },
    ]);
    expect(commentSegments('(see https://en.wikipedia.org/wiki/Care_(health))')).toEqual([
      { kind: 'text', text: '(see ' },
      { kind: 'link', href: 'https://en.wikipedia.org/wiki/Care_(health)', text: 'https://en.wikipedia.org/wiki/Care_(health)' },
      { kind: 'text', text: ')' },
    ]);
  });

  it('never links anything else', () => {
    for (const link of HOSTILE_LINKS) {
      const segments = commentSegments(`before ${link} after`);
      for (const s of segments) if (s.kind === 'link') expect(s.href, JSON.stringify(link)).toMatch(/^(https?:\/\/|mailto:)/i);
    }
    expect(commentSegments('javascript:alert(1) tel:+441234 ftp://files.example www.nhs.uk https://').every((s) => s.kind === 'text')).toBe(true);
  });
});

describe('the text rule', () => {
  const check = (text: unknown) => commentText.safeParse(text);

  it('keeps line breaks, drops other control characters and trims', () => {
    expect(check('  one\r\ntwo\u0000\u001b three\u2028four  ').data).toBe('one\ntwo three\nfour');
  });

  it('says what is wrong', () => {
    expect(check('').error?.issues[0].message).toBe('Write a comment first.');
    expect(check(' \n ').error?.issues[0].message).toBe('Write a comment first.');
    expect(check(42).error?.issues[0].message).toBe('Write a comment first.');
    expect(check('x'.repeat(2001)).error?.issues[0].message).toBe('A comment can be at most 2,000 characters.');
    expect(check('x'.repeat(2000)).success).toBe(true);
  });
});

describe('anchor positions', () => {
  it('decodes what it encodes and refuses anything else', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'hello');
    const position = Y.createRelativePositionFromTypeIndex(text, 2, -1);
    const decoded = decodePosition(encodePosition(position))!;
    expect(Y.createAbsolutePositionFromRelativePosition(decoded, doc)).toMatchObject({ index: 2, assoc: -1 });
    for (const junk of ['', 'AAAA', '////', 'not base64', encodePosition(position) + 'AA', 'A'.repeat(400)]) expect(decodePosition(junk), junk).toBeNull();
    // A position on a root type other than the page's fragment is refused (resolving it would create that root).
    const fragment = doc.getXmlFragment('prosemirror');
    expect(decodePosition(encodePosition(Y.createRelativePositionFromTypeIndex(fragment, 0)))).not.toBeNull();
    expect(decodePosition(encodePosition(Y.createRelativePositionFromTypeIndex(doc.getText('elsewhere'), 0)))).toBeNull();
  });
});

describe('thread order', () => {
  const thread = (id: string, position: number | null, createdAt: string) => ({ id, position, createdAt }) as ThreadView;
  it('lists threads by position, oldest first at the same place, page threads last', () => {
    const list = [thread('p', null, '2026-01-01'), thread('b', 20, '2026-01-02'), thread('a2', 5, '2026-01-03'), thread('a1', 5, '2026-01-02')];
    expect(list.sort(compareThreads).map((t) => t.id)).toEqual(['a1', 'a2', 'b', 'p']);
  });
});
