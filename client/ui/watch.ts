/**
 * Watching from the page and the paper overview: a "Watch page" toggle in the page tools and a
 * "Watch paper" toggle on the overview, each a button with aria-pressed. Watching tells the person
 * of new comments and status changes there (a page's creator and its commenters watch it
 * automatically until they stop). The page toggle says when the whole paper is watched too.
 */
import { h, uniqueId } from '../dom.js';
import type { WatchView } from '../../shared/notifications.js';
import { messageOf } from './forms.js';
import { notificationsApi } from './notificationsApi.js';
import type { PageContext, PageExtension } from './pageExtensions.js';

/** A toggle button that shows `on` with aria-pressed and ignores clicks while a change is on its way. */
function toggle(label: string, describedBy: string, change: (on: boolean) => Promise<void>): { button: HTMLButtonElement; set(on: boolean): void } {
  let on = false;
  let pending = false;
  const button = h('button', { type: 'button', class: 'watch-toggle', 'aria-pressed': 'false', 'aria-describedby': describedBy }, label);
  button.addEventListener('click', () => {
    if (pending) return;
    pending = true;
    button.setAttribute('aria-busy', 'true');
    void change(!on).finally(() => {
      pending = false;
      button.removeAttribute('aria-busy');
    });
  });
  return {
    button,
    set(value) {
      on = value;
      button.setAttribute('aria-pressed', String(value));
    },
  };
}

/** The page tools' "Watch page" toggle. */
export function watchExtension(ctx: PageContext): PageExtension {
  let destroyed = false;
  const noteId = uniqueId('watch-note');
  const note = h('span', { id: noteId, class: 'hint' });
  const show = (view: WatchView) => {
    if (destroyed) return;
    control.set(view.pageIds.includes(ctx.pageId));
    note.textContent = view.paper ? 'You watch the whole paper too.' : '';
  };
  const control = toggle('Watch page', noteId, async (on) => {
    try {
      show(await notificationsApi.watchPage(ctx.paper.id, ctx.pageId, on));
      ctx.announce(on ? 'You are watching this page: you will be told of new comments and status changes.' : 'You stopped watching this page.');
    } catch (err) {
      ctx.announce(messageOf(err));
    }
  });
  const refresh = () =>
    void notificationsApi.watching(ctx.paper.id).then(show, (err) => {
      if (!destroyed) note.textContent = `Whether you watch this page is not known: ${messageOf(err)}`;
    });
  refresh();
  let openComments: number | null = null;
  return {
    tools: h('span', { class: 'watch-page' }, control.button, note),
    // A new thread (perhaps this person's: commenting starts watching) changes the count: look again.
    pageChanged(page) {
      if (openComments !== null && page.openComments !== openComments) refresh();
      openComments = page.openComments;
    },
    destroy: () => void (destroyed = true),
  };
}

/** The overview's "Watch paper" toggle with a line saying what it does. */
export function watchPaperControl(paperId: string, announce: (message: string) => void): HTMLElement {
  const hintId = uniqueId('watch-paper-hint');
  const control = toggle('Watch paper', hintId, async (on) => {
    try {
      control.set((await notificationsApi.watchPaper(paperId, on)).paper);
      announce(on ? 'You are watching this paper: you will be told of new comments and status changes on every page.' : 'You stopped watching this paper.');
    } catch (err) {
      announce(messageOf(err));
    }
  });
  const hint = h('p', { id: hintId, class: 'hint' }, 'Be told of new comments and status changes on every page of this paper.');
  void notificationsApi.watching(paperId).then(
    (view) => control.set(view.paper),
    (err) => (hint.textContent = `Whether you watch this paper is not known: ${messageOf(err)}`),
  );
  return h('div', { class: 'watch-paper' }, control.button, hint);
}
