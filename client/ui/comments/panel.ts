/**
 * The comments panel beside the page text: a form for a new comment on selected text (when one
 * was started), a form for a comment on the page as a whole, a filter (Open, Resolved, Mine), and
 * the threads in the order of the page. It re-renders whenever the threads change (anyone's
 * comment, live) and keeps every open form, with what is typed in it and the caret, across
 * re-renders, so nobody loses a draft because someone else commented.
 */
import { h, replaceChildren } from '../../dom.js';
import type { MemberView } from '../../../shared/api.js';
import type { EncodedAnchor } from '../../../shared/commentAnchors.js';
import type { CommentView, ThreadView } from '../../../shared/comments.js';
import { mentionedIds } from '../../../shared/comments.js';
import { messageOf } from '../forms.js';
import { CommentForm } from './commentForm.js';
import type { CommentsApi } from './api.js';
import { threadItem, threadSubject } from './threadItem.js';

export type CommentFilter = 'open' | 'resolved' | 'mine';

export interface CommentsPanelOptions {
  api: CommentsApi;
  myId: string;
  canComment: boolean;
  mayResolve(thread: ThreadView): boolean;
  members(): Promise<MemberView[]>;
  /** Scrolls to and selects a thread's words in the editor (and marks it chosen). */
  select(thread: ThreadView): void;
  /** The threads changed here: fetch them again. */
  changed(): Promise<void>;
  announce(message: string): void;
  close(): void;
}

/** A comment on selected text that has been started and not yet posted. */
export interface PendingInline {
  anchor: EncodedAnchor;
  quote: string;
}

const FILTERS: { value: CommentFilter; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'mine', label: 'Mine' },
];

export class CommentsPanel {
  readonly el: HTMLElement;
  private readonly heading = h('h2', { tabindex: -1 }, 'Comments');
  private readonly status = h('p', { class: 'comments-status', role: 'status' });
  private readonly newArea = h('div', { class: 'comments-new' });
  private readonly filterGroup = h('div', { class: 'comments-filter', role: 'group', 'aria-label': 'Show comments' });
  private readonly list = h('div', { class: 'thread-list' });
  private threads: ThreadView[] = [];
  private loaded = false;
  private filter: CommentFilter = 'open';
  private activeId: string | null = null;
  private inlineForm: CommentForm | null = null;
  private readonly pageForm: CommentForm | null;
  private readonly replyForms = new Map<string, CommentForm>();
  private readonly editForms = new Map<string, CommentForm>();
  private confirmingDelete: string | null = null;

  constructor(private readonly options: CommentsPanelOptions) {
    this.pageForm = options.canComment
      ? new CommentForm({
          label: 'Comment on this page',
          submitLabel: 'Post comment',
          members: options.members,
          submit: async (text) => {
            const { thread } = await options.api.start({ kind: 'page', text });
            this.said(`Comment posted on the page${mentionNote(text)}.`);
            this.activeId = thread.id;
            await options.changed();
          },
        })
      : null;
    this.el = h(
      'section',
      { class: 'comments-panel' },
      h('div', { class: 'panel-head' }, this.heading, h('button', { type: 'button', class: 'small', onclick: () => options.close() }, 'Close comments')),
      this.status,
      this.newArea,
      this.filterGroup,
      this.list,
    );
    this.render();
  }

  /** Moves the focus to the panel's heading (after opening). */
  focus(): void {
    this.heading.focus();
  }

  /** Shows a new list of threads. */
  setThreads(threads: ThreadView[]): void {
    this.threads = threads;
    this.loaded = true;
    for (const id of this.replyForms.keys()) if (!threads.some((t) => t.id === id)) this.replyForms.delete(id);
    const commentIds = new Set(threads.flatMap((t) => t.comments.filter((c) => !c.deleted).map((c) => c.id)));
    for (const id of this.editForms.keys()) if (!commentIds.has(id)) this.editForms.delete(id);
    this.render();
  }

  /** Marks one thread as chosen (from a click on its words) and scrolls it into view (the focus stays where it is unless `focus`). */
  setActive(threadId: string | null, reveal = false, focus = false): void {
    this.activeId = threadId;
    const thread = this.threads.find((t) => t.id === threadId);
    if (reveal && thread) {
      // A chosen thread is always listed: switch to a filter that shows it.
      if (!this.shown(thread)) this.filter = thread.resolved ? 'resolved' : 'open';
    }
    this.render();
    if (reveal && threadId) {
      const el = this.list.querySelector<HTMLElement>(`[data-thread-id="${CSS.escape(threadId)}"]`);
      el?.scrollIntoView({ block: 'nearest' });
      if (focus) el?.focus();
    }
  }

  /** Starts a comment on selected text. */
  startInline(pending: PendingInline): void {
    this.inlineForm = new CommentForm({
      label: 'Comment on the selected text',
      submitLabel: 'Post comment',
      before: h('figure', { class: 'comments-quote' }, h('figcaption', {}, 'Selected text'), h('blockquote', { class: 'thread-quote' }, pending.quote)),
      members: this.options.members,
      submit: async (text) => {
        const { thread } = await this.options.api.start({ kind: 'inline', anchor: { ...pending.anchor, quote: pending.quote }, text });
        this.inlineForm = null;
        this.activeId = thread.id;
        this.filter = 'open';
        this.said(`Comment posted on “${shorten(pending.quote)}”${mentionNote(text)}.`);
        await this.options.changed();
        this.render();
      },
      cancel: () => {
        this.inlineForm = null;
        this.render();
        this.heading.focus();
      },
    });
    this.render();
    this.inlineForm.focus();
  }

  /** Says something in the panel's status line and to screen readers. */
  private said(message: string) {
    this.status.textContent = message;
    this.options.announce(message);
  }

  private shown(thread: ThreadView): boolean {
    if (this.filter === 'open') return !thread.resolved;
    if (this.filter === 'resolved') return thread.resolved;
    const me = this.options.myId;
    return thread.author.id === me || thread.comments.some((c) => c.author.id === me || mentionedIds(c.text).includes(me));
  }

  private count(filter: CommentFilter): number {
    const keep = this.filter;
    this.filter = filter;
    const n = this.threads.filter((t) => this.shown(t)).length;
    this.filter = keep;
    return n;
  }

  private render() {
    const focus = rememberFocus(this.el);
    // The forms stay in place when they are already (moving a form would take the focus from it).
    const forms = [this.inlineForm?.el, this.pageForm?.el].filter((el): el is HTMLFormElement => !!el);
    if (forms.length !== this.newArea.children.length || forms.some((el, i) => this.newArea.children[i] !== el)) replaceChildren(this.newArea, forms);
    replaceChildren(
      this.filterGroup,
      FILTERS.map(({ value, label }) =>
        h(
          'button',
          {
            type: 'button',
            class: 'small',
            'aria-pressed': String(this.filter === value),
            onclick: () => {
              this.filter = value;
              this.render();
            },
          },
          `${label} (${this.count(value)})`,
        ),
      ),
    );
    const visible = this.threads.filter((t) => this.shown(t));
    const empty = !this.loaded ? 'Loading comments…' : this.filter === 'open' ? 'No open comments.' : this.filter === 'resolved' ? 'No resolved comments.' : 'No comments of yours.';
    replaceChildren(
      this.list,
      visible.length
        ? h(
            'ol',
            { class: 'threads' },
            visible.map((thread) => h('li', {}, threadItem(thread, this.itemContext(thread)))),
          )
        : h('p', { class: 'empty' }, empty),
    );
    restoreFocus(this.el, focus);
  }

  private itemContext(thread: ThreadView) {
    return {
      myId: this.options.myId,
      canComment: this.options.canComment,
      mayResolve: this.options.mayResolve,
      active: thread.id === this.activeId,
      replyForm: this.replyForms.get(thread.id) ?? null,
      editForm: (commentId: string) => this.editForms.get(commentId) ?? null,
      confirmingDelete: this.confirmingDelete,
      select: (t: ThreadView) => {
        this.activeId = t.id;
        this.render();
        this.options.select(t);
      },
      openReply: (t: ThreadView) => this.openReply(t),
      openEdit: (t: ThreadView, c: CommentView) => this.openEdit(t, c),
      askDelete: (_t: ThreadView, c: CommentView | null) => {
        this.confirmingDelete = c?.id ?? null;
        this.render();
        const control = c ? `delete-no-${c.id}` : null;
        if (control) this.el.querySelector<HTMLElement>(`[data-control="${control}"]`)?.focus();
      },
      remove: (t: ThreadView, c: CommentView) => void this.remove(t, c),
      setResolved: (t: ThreadView, resolved: boolean) => void this.setResolved(t, resolved),
    };
  }

  private openReply(thread: ThreadView) {
    const form = new CommentForm({
      label: `Reply to ${thread.comments[0]?.deleted ? 'this thread' : `${thread.author.name}’s comment`}`,
      submitLabel: 'Post reply',
      members: this.options.members,
      submit: async (text) => {
        await this.options.api.reply(thread.id, text);
        this.replyForms.delete(thread.id);
        this.said(`Reply posted${mentionNote(text)}.`);
        await this.options.changed();
        this.focusThread(thread.id);
      },
      cancel: () => {
        this.replyForms.delete(thread.id);
        this.render();
        this.el.querySelector<HTMLElement>(`[data-control="reply-${CSS.escape(thread.id)}"]`)?.focus();
      },
    });
    this.replyForms.set(thread.id, form);
    this.render();
    form.focus();
  }

  private openEdit(thread: ThreadView, comment: CommentView) {
    const form = new CommentForm({
      label: 'Edit your comment',
      submitLabel: 'Save',
      initial: comment.text,
      members: this.options.members,
      submit: async (text) => {
        await this.options.api.edit(thread.id, comment.id, text);
        this.editForms.delete(comment.id);
        this.said('Comment changed.');
        await this.options.changed();
        this.focusThread(thread.id);
      },
      cancel: () => {
        this.editForms.delete(comment.id);
        this.render();
        this.el.querySelector<HTMLElement>(`[data-control="edit-${CSS.escape(comment.id)}"]`)?.focus();
      },
    });
    this.editForms.set(comment.id, form);
    this.render();
    form.focus();
  }

  private async remove(thread: ThreadView, comment: CommentView) {
    try {
      await this.options.api.remove(thread.id, comment.id);
      this.confirmingDelete = null;
      this.said('Comment deleted.');
      await this.options.changed();
      if (!this.focusThread(thread.id)) this.heading.focus();
    } catch (err) {
      this.said(messageOf(err));
    }
  }

  private async setResolved(thread: ThreadView, resolved: boolean) {
    try {
      if (resolved) await this.options.api.resolve(thread.id);
      else await this.options.api.reopen(thread.id);
      this.said(`${resolved ? 'Resolved' : 'Reopened'} the comment on ${threadSubject(thread)}.`);
      await this.options.changed();
      // The thread may have left the current filter; keep the focus in the panel.
      if (!this.focusThread(thread.id)) this.heading.focus();
    } catch (err) {
      this.said(messageOf(err));
    }
  }

  /** Focuses a thread if it is listed; says whether it was. */
  private focusThread(threadId: string): boolean {
    const el = this.list.querySelector<HTMLElement>(`[data-thread-id="${CSS.escape(threadId)}"]`);
    el?.focus();
    return !!el;
  }
}

const shorten = (text: string) => (text.length > 40 ? `${text.slice(0, 37)}…` : text);
const mentionNote = (text: string) => {
  const n = mentionedIds(text).length;
  return n === 0 ? '' : n === 1 ? ', mentioning 1 member' : `, mentioning ${n} members`;
};

interface Focus {
  control: string | null;
  threadId: string | null;
  textarea: HTMLTextAreaElement | null;
  start: number;
  end: number;
}

/** Where the focus is inside the panel, to put it back after re-rendering. */
function rememberFocus(root: HTMLElement): Focus | null {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || !root.contains(active)) return null;
  const textarea = active instanceof HTMLTextAreaElement ? active : null;
  return {
    control: active.getAttribute('data-control'),
    threadId: active.getAttribute('data-thread-id'),
    textarea,
    start: textarea?.selectionStart ?? 0,
    end: textarea?.selectionEnd ?? 0,
  };
}

function restoreFocus(root: HTMLElement, focus: Focus | null) {
  if (!focus || root.contains(document.activeElement)) return;
  if (focus.textarea?.isConnected) {
    focus.textarea.focus();
    focus.textarea.setSelectionRange(focus.start, focus.end);
    return;
  }
  const target = focus.control
    ? root.querySelector<HTMLElement>(`[data-control="${CSS.escape(focus.control)}"]`)
    : focus.threadId
      ? root.querySelector<HTMLElement>(`[data-thread-id="${CSS.escape(focus.threadId)}"]`)
      : null;
  target?.focus();
}
