/**
 * One notification in the bell's list: a link to its page (or paper) with the sentence, the paper
 * and how long ago. Unread ones are marked by style and by a visually hidden "Unread:" for screen
 * readers. Every piece of text is a text node: names, titles and comments are never markup.
 */
import { h } from '../dom.js';
import { pageHref, paperHref } from '../router.js';
import type { NotificationView } from '../../shared/notifications.js';
import { relativeTime } from './relativeTime.js';

/** Where a notification leads: its page (opening the comment thread it is about), or the paper's overview. */
export function notificationHref(n: NotificationView): string {
  return n.pageId ? pageHref(n.paperId, n.pageId, n.threadId) : paperHref(n.paperId);
}

/** The list item of a notification; `onOpen` runs when it is followed (before the app navigates). */
export function notificationItem(n: NotificationView, onOpen: (n: NotificationView) => void): HTMLLIElement {
  const unread = n.readAt === null;
  return h(
    'li',
    { class: unread ? 'notification unread' : 'notification' },
    h(
      'a',
      { class: 'notification-link', href: notificationHref(n), onclick: () => onOpen(n) },
      unread ? h('span', { class: 'visually-hidden' }, 'Unread: ') : null,
      h('span', { class: 'notification-text' }, n.text),
      h('span', { class: 'notification-meta' }, `${n.paperTitle} · `, h('time', { datetime: n.createdAt }, relativeTime(n.createdAt))),
    ),
  );
}
