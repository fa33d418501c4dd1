/**
 * The notification bell in the app header: a button named "Notifications, 3 unread" with a
 * visible count, which opens a list of the person's notifications (a disclosure panel: Escape or a
 * click elsewhere closes it and Escape returns focus to the button). Following an item marks it
 * read and goes to its page; "Mark all as read" clears the count. The bell keeps its own
 * socket.io connection, where the server sends 'notification:new' (announced in a polite live
 * region) and 'notifications:unread' (read in another tab) to this person's room.
 */
import { h, replaceChildren, uniqueId } from '../dom.js';
import { openPaperSocket, type PaperSocket } from '../socket.js';
import type { NotificationView } from '../../shared/notifications.js';
import { messageOf } from './forms.js';
import { notificationItem } from './notificationList.js';
import { notificationsApi } from './notificationsApi.js';

const EMPTY = 'Nothing yet. You are told here when someone mentions you or replies to your comment, and of new comments and status changes on pages you watch.';

/** The bell, its list and its live connection; destroy() closes the connection. */
export class NotificationBell {
  readonly el: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly badge = h('span', { class: 'notification-count', 'aria-hidden': 'true' });
  private readonly heading = h('h2', { tabindex: '-1' }, 'Notifications');
  private readonly markAll: HTMLButtonElement;
  private readonly list = h('ul', { class: 'notification-list' });
  private readonly message = h('p', { class: 'notification-message', role: 'status' });
  private readonly older: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly announcer = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true' });
  private readonly socket: PaperSocket;
  private items: NotificationView[] = [];
  private nextBefore: number | null = null;
  private unread = 0;
  /** The list shown may be out of date (read elsewhere): reload it when next opened. */
  private stale = true;
  private destroyed = false;

  constructor() {
    const panelId = uniqueId('notifications');
    this.button = h('button', { type: 'button', class: 'notification-bell', 'aria-expanded': 'false', 'aria-controls': panelId, onclick: () => this.toggle() }, 'Notifications', this.badge);
    this.markAll = h('button', { type: 'button', class: 'small', onclick: () => void this.readAll() }, 'Mark all as read');
    this.older = h('button', { type: 'button', class: 'small', onclick: () => void this.load(true) }, 'Show older');
    this.panel = h(
      'div',
      { id: panelId, class: 'notification-panel', role: 'region', 'aria-label': 'Notifications' },
      h('div', { class: 'notification-head' }, this.heading, this.markAll),
      this.message,
      this.list,
      this.older,
    );
    this.panel.hidden = true;
    this.older.hidden = true;
    this.el = h('div', { class: 'notifications', onkeydown: (e: Event) => this.onKey(e as KeyboardEvent), onfocusout: (e: Event) => this.onFocusOut(e as FocusEvent) }, this.button, this.panel, this.announcer);
    document.addEventListener('pointerdown', this.onPointerDown);
    this.setUnread(0);

    this.socket = openPaperSocket();
    // Every (re)connection may have missed events: fetch the count and list again.
    this.socket.on('connect', () => void this.load(false));
    this.socket.on('notification:new', ({ notification, unread }) => this.received(notification, unread));
    this.socket.on('notifications:unread', ({ unread }) => {
      this.setUnread(unread);
      if (unread === 0) this.showAllRead();
      else this.stale = true;
      if (!this.panel.hidden && this.stale) void this.load(false);
    });
    void this.load(false);
  }

  destroy(): void {
    this.destroyed = true;
    document.removeEventListener('pointerdown', this.onPointerDown);
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private readonly onPointerDown = (event: PointerEvent) => {
    if (!this.panel.hidden && !this.el.contains(event.target as Node)) this.close(false);
  };

  private onKey(event: KeyboardEvent) {
    if (event.key !== 'Escape' || this.panel.hidden) return;
    event.preventDefault();
    this.close(true);
  }

  /** Tabbing out of the list closes it, so it never covers the page behind. */
  private onFocusOut(event: FocusEvent) {
    const to = event.relatedTarget as Node | null;
    if (to && !this.el.contains(to)) this.close(false);
  }

  private toggle() {
    if (this.panel.hidden) this.open();
    else this.close(true);
  }

  private open() {
    this.panel.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    this.heading.focus();
    if (this.stale) void this.load(false);
    else this.render();
  }

  private close(returnFocus: boolean) {
    this.panel.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    if (returnFocus) this.button.focus();
  }

  /** Loads the newest notifications (or, with `older`, the next older ones) and the unread count. */
  private async load(older: boolean) {
    try {
      const view = await notificationsApi.list(older ? this.nextBefore : null);
      if (this.destroyed) return;
      const shown = this.items.length;
      this.items = older ? [...this.items, ...view.notifications.filter((n) => !this.items.some((m) => m.id === n.id))] : view.notifications;
      this.nextBefore = view.nextBefore;
      this.stale = false;
      this.setUnread(view.unread);
      const fromOlder = document.activeElement === this.older;
      this.render();
      // "Show older" may disappear: keyboard users continue at the first of the older items.
      if (older && fromOlder) this.list.querySelectorAll<HTMLElement>('.notification-link')[shown]?.focus();
    } catch (err) {
      if (!this.destroyed) this.message.textContent = messageOf(err);
    }
  }

  private render() {
    this.message.textContent = this.items.length ? '' : EMPTY;
    replaceChildren(this.list, this.items.map((n) => notificationItem(n, (item) => this.follow(item))));
    this.older.hidden = this.nextBefore === null;
  }

  private received(notification: NotificationView, unread: number) {
    if (!this.items.some((n) => n.id === notification.id)) this.items = [notification, ...this.items];
    this.setUnread(unread);
    if (!this.panel.hidden) this.render();
    this.announce(`New notification: ${notification.text}`);
  }

  /** An item was followed: the app goes to its page; here it is marked read and the list closes. */
  private follow(item: NotificationView) {
    this.close(false);
    if (item.readAt !== null) return;
    this.items = this.items.map((n) => (n.id === item.id ? { ...n, readAt: new Date().toISOString() } : n));
    this.setUnread(Math.max(0, this.unread - 1));
    this.render();
    notificationsApi.read(item.id).then(
      ({ unread }) => this.setUnread(unread),
      (err) => this.announce(messageOf(err)),
    );
  }

  private async readAll() {
    try {
      this.setUnread((await notificationsApi.readAll()).unread);
      this.showAllRead();
      this.announce('All notifications marked as read.');
    } catch (err) {
      this.message.textContent = messageOf(err);
    }
  }

  private showAllRead() {
    const now = new Date().toISOString();
    this.items = this.items.map((n) => (n.readAt === null ? { ...n, readAt: now } : n));
    if (!this.panel.hidden) this.render();
  }

  private setUnread(unread: number) {
    this.unread = unread;
    this.button.setAttribute('aria-label', unread ? `Notifications, ${unread} unread` : 'Notifications');
    this.badge.textContent = unread ? String(unread) : '';
    this.badge.hidden = unread === 0;
    // The button is disabled with nothing unread (here or in another tab): keep keyboard focus in the list.
    if (unread === 0 && document.activeElement === this.markAll) this.heading.focus();
    this.markAll.disabled = unread === 0;
  }

  private announce(message: string) {
    // Clear first so the same sentence twice is announced twice.
    this.announcer.textContent = '';
    requestAnimationFrame(() => (this.announcer.textContent = message));
  }
}
