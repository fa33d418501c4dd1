/** Where a notification leads: the page, with the comment thread to open, and routes that ignore the query. */
import { describe, expect, it } from 'vitest';
import { pageHref, paperHref, parseRoute } from '../../client/router.js';
import { notificationHref } from '../../client/ui/notificationList.js';
import type { NotificationView } from '../../shared/notifications.js';

const notification = (over: Partial<NotificationView>): NotificationView => ({
  id: 1,
  kind: 'mention',
  paperId: 'paper1',
  paperTitle: 'Paper',
  pageId: 'page1',
  pageTitle: 'Page',
  threadId: null,
  actor: { id: 'u', name: 'Ada' },
  text: 'Ada mentioned you',
  createdAt: '2026-01-01T00:00:00.000Z',
  readAt: null,
  ...over,
});

describe('notification links', () => {
  it('lead to the page, naming the thread for comment notifications', () => {
    expect(notificationHref(notification({ threadId: 'th/1' }))).toBe('/papers/paper1/pages/page1?thread=th%2F1');
    expect(notificationHref(notification({ kind: 'status' }))).toBe(pageHref('paper1', 'page1'));
    expect(notificationHref(notification({ pageId: null }))).toBe(paperHref('paper1'));
  });

  it('route to the page whatever query follows the path', () => {
    expect(parseRoute('/papers/paper1/pages/page1?thread=th%2F1')).toEqual({ name: 'paper', paperId: 'paper1', pageId: 'page1' });
    expect(parseRoute('/papers/paper1#top')).toEqual({ name: 'paper', paperId: 'paper1', pageId: null });
  });
});
