/**
 * The page's status in its header: a badge ("Approved by Eve, 2 Mar"), the status buttons this
 * person's role allows ("Send for review", "Back to draft", "Approve", "Reopen"), and on an
 * approved page an author's "Ask an editor to reopen". Editors see who asked to reopen, and when.
 * The rule of who may do what is shared/pageStatus.ts's; the server enforces it.
 */
import { h, replaceChildren } from '../dom.js';
import { can } from '../../shared/permissions.js';
import { STATUS_NAMES, mayWriteText, statusChoices } from '../../shared/pageStatus.js';
import type { PageStatus, PageView } from '../../shared/api.js';
import { errorRegion, messageOf } from './forms.js';
import { labelsApi } from './labelsApi.js';
import { relativeTime } from './relativeTime.js';
import type { PageExtensionFactory } from './pageExtensions.js';

/** "2 Mar", or "2 Mar 2025" for another year. */
export function shortDate(iso: string): string {
  const date = new Date(iso);
  const sameYear = date.getFullYear() === new Date().getFullYear();
  return date.toLocaleDateString(undefined, sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' });
}

/** "Approved by Eve, 2 Mar", or just "Draft" for a page whose status nobody has set. */
export function statusSentence(page: PageView): string {
  const name = STATUS_NAMES[page.status];
  return page.statusSetBy && page.statusSetAt ? `${name} by ${page.statusSetBy.name}, ${shortDate(page.statusSetAt)}` : name;
}

/** "Reopening requested by Ben, 5 minutes ago", or null when nobody asked. */
export function reopenSentence(page: PageView): string | null {
  if (page.status !== 'approved' || !page.reopenRequestedBy || !page.reopenRequestedAt) return null;
  return `Reopening requested by ${page.reopenRequestedBy.name}, ${relativeTime(page.reopenRequestedAt)}`;
}

/** The button that moves a page from one status to another. */
function buttonName(from: PageStatus, to: PageStatus): string {
  if (to === 'approved') return 'Approve';
  if (from === 'approved') return 'Reopen';
  return to === 'in_review' ? 'Send for review' : 'Back to draft';
}

/** The status part of the page header. */
export const statusExtension: PageExtensionFactory = (ctx) => {
  const paperId = ctx.paper.id;
  const role = ctx.paper.role;
  let page: PageView | null = ctx.page();
  let busy = false;
  let shownFor = '';

  const badge = h('span', { class: 'status-badge' });
  const request = h('p', { class: 'reopen-request' });
  const controls = h('span', { class: 'status-controls' });
  const errors = errorRegion();
  const el = h('section', { class: 'page-status', 'aria-label': 'Status' }, h('p', { class: 'status-line' }, 'Status: ', badge, ' ', controls), request, errors.el);

  async function act(label: string, call: () => Promise<{ page: PageView }>, announce: string) {
    if (busy) return;
    busy = true;
    errors.clear();
    try {
      page = (await call()).page;
      render();
      ctx.announce(announce);
    } catch (err) {
      errors.show(`${label}: ${messageOf(err)}`);
    } finally {
      busy = false;
    }
  }

  function render() {
    if (!page) {
      badge.textContent = '';
      return;
    }
    const current = page;
    badge.className = `status-badge status-${current.status}`;
    badge.textContent = statusSentence(current);
    const asked = reopenSentence(current);
    const mine = current.reopenRequestedBy?.id === ctx.user.id;
    // Editors see who asked; the asker sees that they did.
    request.textContent = asked && (can(role, 'page.approve') || mine) ? asked : '';
    request.hidden = !request.textContent;
    // The buttons are rebuilt only when the status changes, so keyboard focus stays where it is.
    const key = `${current.status}|${current.statusSetAt}`;
    if (key === shownFor) return;
    shownFor = key;
    // Reopening (from approved) offers draft only: the author then sends it for review again.
    const choices = statusChoices(role, current.status).filter((to) => current.status !== 'approved' || to === 'draft');
    const buttons = choices.map((to) =>
      h(
        'button',
        { type: 'button', class: 'small', onclick: () => void act(buttonName(current.status, to), () => labelsApi.setStatus(paperId, ctx.pageId, to), `Status is now ${STATUS_NAMES[to]}.`) },
        buttonName(current.status, to),
      ),
    );
    // An author on an approved page may only ask.
    if (current.status === 'approved' && can(role, 'page.set_status') && !mayWriteText(role, current.status)) {
      buttons.push(
        h(
          'button',
          { type: 'button', class: 'small', onclick: () => void act('Asking to reopen', () => labelsApi.askToReopen(paperId, ctx.pageId), 'An editor has been asked to reopen this page.') },
          'Ask an editor to reopen',
        ),
      );
    }
    const hadFocus = controls.contains(document.activeElement);
    replaceChildren(controls, buttons);
    if (hadFocus) controls.querySelector<HTMLElement>('button')?.focus();
  }

  render();
  const timer = setInterval(render, 60_000);
  return {
    header: el,
    pageChanged(fresh) {
      page = fresh;
      render();
    },
    destroy() {
      clearInterval(timer);
    },
  };
};
