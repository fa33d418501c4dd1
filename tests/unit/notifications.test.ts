/** The rules of who is told of a comment or status change, and the sentences notifications read as. */
import { describe, expect, it } from 'vitest';
import { commentRecipients, statusRecipients } from '../../server/domain/notifications.js';
import { excerptOf, notificationText, pageLabel } from '../../server/domain/notificationText.js';
import type { CommentPosted } from '../../server/events.js';
import type { Role } from '../../shared/roles.js';
import { EXCERPT_CHARS } from '../../shared/notifications.js';

const comment = (over: Partial<CommentPosted>): CommentPosted => ({
  paperId: 'paper',
  pageId: 'page',
  threadId: 'thread',
  commentId: 'comment',
  authorId: 'author',
  threadAuthorId: 'author',
  participantIds: [],
  mentionedIds: [],
  text: 'Text',
  isReply: false,
  ...over,
});
const everyone = () => true;
const byId = (list: { userId: string }[]) => Object.fromEntries(list.map((r) => [r.userId, r]));

describe('who hears of a comment', () => {
  it('tells mentioned people, watchers, and for a reply the thread author and writers, one reason each', () => {
    const got = commentRecipients(
      comment({ isReply: true, threadAuthorId: 'starter', participantIds: ['starter', 'writer', 'mentioned'], mentionedIds: ['mentioned'] }),
      ['watcher', 'starter', 'writer', 'mentioned'],
      everyone,
    );
    expect(byId(got)).toEqual({
      mentioned: { userId: 'mentioned', kind: 'mention' },
      starter: { userId: 'starter', kind: 'reply', ownThread: true },
      writer: { userId: 'writer', kind: 'reply', ownThread: false },
      watcher: { userId: 'watcher', kind: 'comment' },
    });
  });

  it('ignores the thread and its writers for a new thread', () => {
    const got = commentRecipients(comment({ isReply: false, threadAuthorId: 'author', participantIds: ['old'] }), [], everyone);
    expect(got).toEqual([]);
  });

  it('never tells the author of the comment, whatever reason they would have', () => {
    const got = commentRecipients(comment({ isReply: true, threadAuthorId: 'author', participantIds: ['author'], mentionedIds: ['author'] }), ['author'], everyone);
    expect(got).toEqual([]);
  });

  it('tells only members', () => {
    const got = commentRecipients(comment({ mentionedIds: ['gone', 'here'] }), ['gone2'], (id) => id === 'here');
    expect(got.map((r) => r.userId)).toEqual(['here']);
  });
});

describe('who hears of a status change', () => {
  const roles = new Map<string, Role>([
    ['ed', 'editor'],
    ['ed2', 'editor'],
    ['au', 'author'],
    ['re', 'reviewer'],
  ]);

  it('tells watchers who are members, except the actor', () => {
    const got = statusRecipients({ paperId: 'p', pageId: 'g', actorId: 'ed', from: 'in_review', to: 'approved' }, ['ed', 're', 'gone', 're'], roles);
    expect(got).toEqual([{ userId: 're', kind: 'status' }]);
  });

  it('tells the editors of a request to reopen, not the watchers', () => {
    const got = statusRecipients({ paperId: 'p', pageId: 'g', actorId: 'au', from: 'approved', to: 'approved', reopenRequested: true }, ['re'], roles);
    expect(got.map((r) => [r.userId, r.kind]).sort()).toEqual([
      ['ed', 'reopen'],
      ['ed2', 'reopen'],
    ]);
  });
});

describe('the sentence of a notification', () => {
  const base = { actorName: 'Eve', pageLabel: pageLabel('Definitions', '2.1'), excerpt: '', detail: {} };

  it('names the actor, what happened and the numbered page', () => {
    expect(notificationText({ ...base, kind: 'status', detail: { from: 'in_review', to: 'approved' } })).toBe('Eve approved 2.1 Definitions');
    expect(notificationText({ ...base, kind: 'status', detail: { from: 'draft', to: 'in_review' } })).toBe('Eve sent 2.1 Definitions for review');
    expect(notificationText({ ...base, kind: 'status', detail: { from: 'approved', to: 'draft' } })).toBe('Eve reopened 2.1 Definitions');
    expect(notificationText({ ...base, kind: 'status', detail: { from: 'in_review', to: 'draft' } })).toBe('Eve moved 2.1 Definitions back to draft');
    expect(notificationText({ ...base, kind: 'status', detail: { to: 'bogus' } })).toBe('Eve changed the status of 2.1 Definitions');
    expect(notificationText({ ...base, kind: 'reopen' })).toBe('Eve asked to reopen 2.1 Definitions');
    expect(notificationText({ ...base, kind: 'mention', excerpt: 'See @Ada' })).toBe('Eve mentioned you on 2.1 Definitions: “See @Ada”');
    expect(notificationText({ ...base, kind: 'comment', detail: { isReply: false } })).toBe('Eve commented on 2.1 Definitions');
  });

  it('shows a page outside the live tree by its title alone', () => {
    expect(pageLabel('Old notes', undefined)).toBe('Old notes');
  });

  it('keeps an excerpt to one short line, and mention tokens as the names people read', () => {
    expect(excerptOf('  two\n\nlines\t here ')).toBe('two lines here');
    const long = excerptOf('word '.repeat(100));
    expect(long.length).toBe(EXCERPT_CHARS);
    expect(long.endsWith('…')).toBe(true);
    expect(excerptOf('Ask @[Ada Lovelace](user:abcdef123) please')).toBe('Ask @Ada Lovelace please');
  });

  it('leaves markup in names and comments as plain text (the client shows it as text)', () => {
    expect(notificationText({ ...base, actorName: '<img src=x onerror=alert(1)>', kind: 'mention', excerpt: '<b>hi</b>' })).toBe('<img src=x onerror=alert(1)> mentioned you on 2.1 Definitions: “<b>hi</b>”');
  });
});
