/**
 * One comment thread in the comments panel: what it is on (the commented words, or the quote
 * marked "On deleted text", or the page), its comments with author and time, and the controls
 * the person may use: reply, edit and delete their own comments, resolve or reopen. Forms come
 * from the panel, which keeps them (and what is typed in them) across re-renders.
 */
import { h, uniqueId } from '../../dom.js';
import type { ThreadView, CommentView } from '../../../shared/comments.js';
import { relativeTime } from '../relativeTime.js';
import { commentTextNodes } from './commentText.js';
import type { CommentForm } from './commentForm.js';

/** What a thread item may do and show, from the panel. */
export interface ThreadItemContext {
  myId: string;
  canComment: boolean;
  mayResolve(thread: ThreadView): boolean;
  active: boolean;
  /** The open reply form of this thread, if any. */
  replyForm: CommentForm | null;
  /** The open edit form of a comment, if any. */
  editForm(commentId: string): CommentForm | null;
  /** The comment whose deletion waits for a yes. */
  confirmingDelete: string | null;
  select(thread: ThreadView): void;
  openReply(thread: ThreadView): void;
  openEdit(thread: ThreadView, comment: CommentView): void;
  askDelete(thread: ThreadView, comment: CommentView | null): void;
  remove(thread: ThreadView, comment: CommentView): void;
  setResolved(thread: ThreadView, resolved: boolean): void;
}

const exactTime = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const time = (iso: string) => h('time', { datetime: iso, title: exactTime(iso) }, relativeTime(iso));

/** A short line saying what the thread is on, for its accessible name and announcements. */
export function threadSubject(thread: ThreadView): string {
  if (thread.kind === 'page') return 'the page';
  const words = thread.anchorText ?? thread.quote ?? '';
  const short = words.length > 60 ? `${words.slice(0, 57)}…` : words;
  return thread.detached ? `deleted text “${short}”` : `“${short}”`;
}

function subject(thread: ThreadView): HTMLElement {
  if (thread.kind === 'page') return h('p', { class: 'thread-subject' }, 'On the page');
  if (thread.detached) {
    return h('div', { class: 'thread-subject detached' }, h('p', { class: 'detached-note' }, 'On deleted text'), h('blockquote', { class: 'thread-quote' }, thread.quote ?? ''));
  }
  return h('blockquote', { class: 'thread-quote' }, thread.anchorText ?? thread.quote ?? '');
}

function comment(thread: ThreadView, item: CommentView, ctx: ThreadItemContext): HTMLElement {
  if (item.deleted) return h('li', { class: 'comment deleted' }, h('p', { class: 'comment-text' }, 'Comment deleted'));
  const mine = item.author.id === ctx.myId && ctx.canComment;
  const editing = mine ? ctx.editForm(item.id) : null;
  const confirming = ctx.confirmingDelete === item.id;
  return h(
    'li',
    { class: 'comment', 'data-comment-id': item.id },
    h('p', { class: 'comment-meta' }, h('strong', {}, item.author.name), ' ', time(item.createdAt), item.editedAt ? h('span', { class: 'comment-edited' }, ' (edited)') : null),
    editing ? editing.el : h('p', { class: 'comment-text' }, ...commentTextNodes(item.text, ctx.myId)),
    mine && !editing
      ? h(
          'div',
          { class: 'comment-actions' },
          confirming
            ? [
                h('span', { class: 'confirm-question' }, 'Delete this comment?'),
                h('button', { type: 'button', class: 'small danger', 'data-control': `delete-yes-${item.id}`, onclick: () => ctx.remove(thread, item) }, 'Delete'),
                h('button', { type: 'button', class: 'small', 'data-control': `delete-no-${item.id}`, onclick: () => ctx.askDelete(thread, null) }, 'Keep'),
              ]
            : [
                h('button', { type: 'button', class: 'small', 'data-control': `edit-${item.id}`, 'aria-label': 'Edit your comment', onclick: () => ctx.openEdit(thread, item) }, 'Edit'),
                h('button', { type: 'button', class: 'small', 'data-control': `delete-${item.id}`, 'aria-label': 'Delete your comment', onclick: () => ctx.askDelete(thread, item) }, 'Delete'),
              ],
        )
      : null,
  );
}

/** Builds one thread's element. */
export function threadItem(thread: ThreadView, ctx: ThreadItemContext): HTMLElement {
  const starter = thread.comments[0]?.deleted ? 'a deleted comment' : thread.author.name;
  const headingId = uniqueId('thread');
  const el = h(
    'article',
    {
      class: `thread${ctx.active ? ' active' : ''}${thread.resolved ? ' resolved' : ''}${thread.detached ? ' detached' : ''}`,
      'data-thread-id': thread.id,
      tabindex: 0,
      'aria-labelledby': headingId,
      'aria-current': ctx.active ? 'true' : null,
    },
    h('h3', { id: headingId, class: 'visually-hidden' }, `Comment by ${starter} on ${threadSubject(thread)}${thread.resolved ? ', resolved' : ''}`),
    subject(thread),
    thread.resolved && thread.resolvedBy ? h('p', { class: 'thread-resolved' }, `Resolved by ${thread.resolvedBy.name} `, time(thread.resolvedAt!)) : null,
    h('ol', { class: 'thread-comments' }, thread.comments.map((c) => comment(thread, c, ctx))),
    h(
      'div',
      { class: 'thread-actions' },
      ctx.canComment && !ctx.replyForm
        ? h('button', { type: 'button', class: 'small', 'data-control': `reply-${thread.id}`, 'aria-expanded': 'false', onclick: () => ctx.openReply(thread) }, 'Reply')
        : null,
      ctx.mayResolve(thread)
        ? h('button', { type: 'button', class: 'small', 'data-control': `resolve-${thread.id}`, onclick: () => ctx.setResolved(thread, !thread.resolved) }, thread.resolved ? 'Reopen' : 'Resolve')
        : null,
    ),
    ctx.replyForm?.el ?? null,
  );
  el.addEventListener('click', (event) => {
    if ((event.target as Element).closest('button, a, form, textarea, input')) return;
    ctx.select(thread);
  });
  el.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.target === el) {
      event.preventDefault();
      ctx.select(thread);
    }
  });
  return el;
}
