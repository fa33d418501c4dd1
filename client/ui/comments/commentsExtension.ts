/**
 * Comments on the page screen: a "Comments" button with the number of open threads that opens
 * the comments panel, a "Comment" button (and Ctrl+Alt+M in the text) that starts a comment on
 * the selected words, and highlights of every open thread's words in the editor. Threads are
 * fetched when the page opens and again whenever the server says this page's comments changed
 * ('comments:changed'), so new comments, replies and resolutions show for everyone, live.
 * Readers see the comments and highlights but no controls to comment.
 */
import type { EditorView } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import type * as Y from 'yjs';
import { h } from '../../dom.js';
import { selectRange } from '../../editor/selectRange.js';
import { threadInLocation } from '../../router.js';
import { can } from '../../../shared/permissions.js';
import type { MemberView } from '../../../shared/api.js';
import { compareThreads, type ThreadView } from '../../../shared/comments.js';
import { limits } from '../../../shared/limits.js';
import { anchorFromRange, rangeText, type YMapping } from '../../../shared/commentAnchors.js';
import type { PageContext, PageExtension, PageExtensionFactory } from '../pageExtensions.js';
import { commentsApi } from './api.js';
import { commentHighlightKey, commentHighlights, setActiveThread, setHighlightedThreads, threadRange } from './highlights.js';
import { CommentsPanel } from './panel.js';
import { threadSubject } from './threadItem.js';

/** Makes the comments capability of one page screen. */
export const commentsExtension: PageExtensionFactory = (ctx: PageContext): PageExtension => {
  const api = commentsApi(ctx.paper.id, ctx.pageId);
  const role = ctx.paper.role;
  const myId = ctx.user.id;
  const canComment = can(role, 'comment.create');
  const mayResolve = (thread: ThreadView) => (thread.author.id === myId ? can(role, 'comment.resolve_own') : can(role, 'comment.resolve_any'));
  let threads: ThreadView[] = [];
  let loaded = false;
  let destroyed = false;
  let generation = 0;
  let panel: CommentsPanel | null = null;
  let members: Promise<MemberView[]> | null = null;

  const countLabel = h('span', { class: 'comment-tool-count' });
  const toggleButton = h('button', { type: 'button', 'aria-expanded': 'false', onclick: () => (isOpen() ? close() : open().focus()) }, 'Comments ', countLabel);
  const commentButton = canComment
    ? h('button', { type: 'button', 'aria-keyshortcuts': 'Control+Alt+M', title: 'Comment on the selected text (Ctrl+Alt+M)', onclick: () => startInline() }, 'Comment')
    : null;
  const tools = h('span', { class: 'comment-tools' }, commentButton, toggleButton);

  const openCount = () => threads.filter((t) => !t.resolved).length;
  const renderCount = (n: number) => {
    countLabel.textContent = `(${n})`;
    toggleButton.setAttribute('aria-label', `Comments, ${n} open`);
  };
  renderCount(ctx.page()?.openComments ?? 0);

  /**
   * The open inline threads as the text on screen has them now (their words, deleted or not, and
   * their order), so the panel follows everyone's edits between fetches.
   */
  let shownKey = '';
  const follow = (ranges: ReadonlyMap<string, { from: number; to: number }>, doc: EditorView['state']['doc']) => {
    const live = threads
      .map((t): ThreadView => {
        if (t.kind !== 'inline' || t.resolved) return t;
        const range = ranges.get(t.id);
        return range ? { ...t, anchorText: rangeText(doc, range.from, range.to), detached: false, position: range.from } : { ...t, anchorText: null, detached: true };
      })
      .sort(compareThreads);
    const key = live.map((t) => `${t.id}:${t.detached}:${t.anchorText}`).join('|');
    if (key === shownKey) return;
    shownKey = key;
    panel?.setThreads(live);
  };

  /** Fetches the threads again; a later call's answer wins over an earlier one's. */
  const refresh = async () => {
    const mine = ++generation;
    try {
      const list = (await api.list()).threads;
      if (destroyed || mine !== generation) return;
      if (loaded) {
        const said = changesBy(threads, list, myId);
        if (said) ctx.announce(said);
      }
      threads = list;
      shownKey = '';
      loaded = true;
      renderCount(openCount());
      panel?.setThreads(threads);
      // The highlights resolve the anchors on this copy of the text, and the panel follows them.
      const view = ctx.view();
      if (view) setHighlightedThreads(view, threads);
    } catch {
      // Offline or refused: the last list stays; the next change or page event tries again.
    }
  };

  const isOpen = () => !!panel?.el.isConnected;
  // The panel is kept when closed (or replaced by another), so what was typed in it is there when it opens again.
  const close = () => {
    if (panel) ctx.closePanel(panel.el);
    toggleButton.setAttribute('aria-expanded', 'false');
    const view = ctx.view();
    if (view) setActiveThread(view, null);
    toggleButton.focus();
  };
  const open = (): CommentsPanel => {
    if (panel && isOpen()) return panel;
    panel ??= new CommentsPanel({
      api,
      myId,
      canComment,
      mayResolve,
      // Everyone but oneself can be mentioned.
      members: () => (members ??= api.members().then((r) => r.members.filter((m) => m.userId !== myId), (err) => ((members = null), Promise.reject(err)))),
      select: (thread) => select(thread),
      changed: refresh,
      announce: (m) => ctx.announce(m),
      close,
    });
    if (loaded) panel.setThreads(threads);
    const view = ctx.view();
    const highlights = view ? commentHighlightKey.getState(view.state) : undefined;
    if (view && highlights?.ready) {
      shownKey = '';
      follow(highlights.ranges, view.state.doc);
    }
    ctx.showPanel(panel.el, 'Comments', () => toggleButton.setAttribute('aria-expanded', 'false'));
    toggleButton.setAttribute('aria-expanded', 'true');
    return panel;
  };

  /** Scrolls to and selects a thread's words in the editor. */
  const select = (thread: ThreadView) => {
    const view = ctx.view();
    if (!view) return;
    setActiveThread(view, thread.id);
    const range = threadRange(view.state, thread.id);
    if (!range) {
      if (thread.kind === 'inline') ctx.announce(thread.detached ? 'The words this comment was on have been deleted.' : 'These words are not on the page now.');
      return;
    }
    selectRange(view, range);
  };

  /** The page's selection inside the text as editor positions, or null when there is none there. */
  const domSelectionRange = (view: EditorView): { from: number; to: number; empty: boolean } | null => {
    const selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const { anchorNode, anchorOffset, focusNode, focusOffset } = selection;
    if (!anchorNode || !focusNode || !view.dom.contains(anchorNode) || !view.dom.contains(focusNode)) return null;
    try {
      const a = view.posAtDOM(anchorNode, anchorOffset);
      const b = view.posAtDOM(focusNode, focusOffset);
      return { from: Math.min(a, b), to: Math.max(a, b), empty: a === b };
    } catch {
      return null;
    }
  };

  /** Starts a comment on the editor's selection (the Comment button and Ctrl+Alt+M). */
  const startInline = (): boolean => {
    const view = ctx.view();
    if (!canComment || !view) return false;
    // What the person sees selected: the page's own selection, which the editor takes up a moment
    // later (and, in read-only text, not at all while others' edits arrive).
    const { from, to, empty } = domSelectionRange(view) ?? view.state.selection;
    const quote = rangeText(view.state.doc, from, to);
    const binding = (ySyncPluginKey.getState(view.state) as { binding?: { type: Y.XmlFragment; mapping: YMapping } } | undefined)?.binding;
    const shown = open();
    if (empty || quote === '' || !binding) {
      ctx.announce('Select some words in the text first, then choose Comment.');
      shown.focus();
      return true;
    }
    const anchor = anchorFromRange(binding.type, binding.mapping, from, to);
    const limit = limits.commentQuoteChars;
    shown.startInline({ anchor, quote: quote.length > limit ? `${quote.slice(0, limit - 1)}…` : quote });
    return true;
  };

  // Anywhere on the page screen (a reviewer's text cannot take the focus): Ctrl+Alt+M comments on the selection.
  const onKey = (event: KeyboardEvent) => {
    if (event.ctrlKey && event.altKey && !event.metaKey && event.code === 'KeyM' && startInline()) event.preventDefault();
  };
  document.addEventListener('keydown', onKey);

  // A notification leads here with ?thread=<id>: open the panel on that thread once both it and the text are here.
  let wanted = threadInLocation();
  const revealWanted = () => {
    const view = ctx.view();
    if (!wanted || !loaded || !view) return;
    const thread = threads.find((t) => t.id === wanted);
    wanted = null;
    const shown = open();
    if (!thread) {
      ctx.announce('That comment thread has been deleted.');
      shown.focus();
      return;
    }
    select(thread);
    shown.setActive(thread.id, true, true);
  };

  void refresh().then(revealWanted);
  ctx.onLive('comments:changed', ({ paperId, pageId }) => {
    if (paperId === ctx.paper.id && pageId === ctx.pageId) void refresh();
  });

  return {
    tools,
    plugins: [
      commentHighlights(
        (threadId) => {
          const view = ctx.view();
          if (view) setActiveThread(view, threadId);
          // Show the thread without taking the focus from the text.
          open().setActive(threadId, true);
        },
        (ranges, doc) => follow(ranges, doc),
      ),
    ],
    pageChanged(page) {
      // A count that differs from the list means events were missed (a reconnect): catch up.
      if (loaded && page.openComments !== openCount()) void refresh();
      else if (!loaded) renderCount(page.openComments);
    },
    editorReady(view: EditorView) {
      if (loaded) setHighlightedThreads(view, threads);
      revealWanted();
    },
    destroy() {
      destroyed = true;
      document.removeEventListener('keydown', onKey);
    },
  };
};

/** A sentence about what other people changed between two lists of threads (null if nothing, or only mine). */
function changesBy(before: ThreadView[], after: ThreadView[], myId: string): string | null {
  const old = new Map(before.map((t) => [t.id, t]));
  const said: string[] = [];
  for (const thread of after) {
    const was = old.get(thread.id);
    const on = threadSubject(thread);
    if (!was) {
      if (thread.author.id !== myId) said.push(`${thread.author.name} commented on ${on}.`);
      continue;
    }
    const known = new Set(was.comments.map((c) => c.id));
    for (const c of thread.comments) if (!known.has(c.id) && c.author.id !== myId) said.push(`${c.author.name} replied to the comment on ${on}.`);
    const who = thread.resolvedBy;
    if (thread.resolved && !was.resolved && who && who.id !== myId) said.push(`${who.name} resolved the comment on ${on}.`);
  }
  if (said.length === 0) return null;
  return said.length > 2 ? `${said.length} changes to the comments on this page.` : said.join(' ');
}
