/**
 * Comment highlights in the editor: every open inline thread's words get the class
 * comment-highlight (the chosen thread's also comment-highlight-active), for everyone on the page.
 * The plugin keeps each thread's anchor and resolves it against the Yjs document whenever a
 * change arrives from Yjs (someone else's edit, or the first render), so highlights follow the
 * words as the server does; the editor's own edits simply map the ranges until Yjs has them.
 * Clicking highlighted words tells the comments panel which thread they belong to.
 */
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import type * as Y from 'yjs';
import type { ThreadView } from '../../../shared/comments.js';
import { decodePosition, resolveAnchor, type YMapping } from '../../../shared/commentAnchors.js';

interface Anchored {
  id: string;
  from: Y.RelativePosition;
  to: Y.RelativePosition;
  quote: string | null;
}

export interface HighlightState {
  anchors: Anchored[];
  activeId: string | null;
  /** Whether the anchors have been resolved against Yjs (the binding exists). */
  ready: boolean;
  /** Each highlighted thread's range now. */
  ranges: Map<string, { from: number; to: number }>;
  decorations: DecorationSet;
}

type Meta = { threads?: ThreadView[]; activeId?: string | null };

export const commentHighlightKey = new PluginKey<HighlightState>('commentHighlights');

/** The threads to highlight: open inline ones whose anchors decode. */
function anchorsOf(threads: ThreadView[]): Anchored[] {
  const out: Anchored[] = [];
  for (const thread of threads) {
    if (thread.resolved || !thread.anchor) continue;
    const from = decodePosition(thread.anchor.from);
    const to = decodePosition(thread.anchor.to);
    if (from && to) out.push({ id: thread.id, from, to, quote: thread.quote });
  }
  return out;
}

function decorate(doc: EditorState['doc'], ranges: Map<string, { from: number; to: number }>, activeId: string | null): DecorationSet {
  const decorations = [...ranges].map(([id, { from, to }]) =>
    Decoration.inline(from, to, { class: id === activeId ? 'comment-highlight comment-highlight-active' : 'comment-highlight', 'data-thread-id': id }, { threadId: id }),
  );
  return DecorationSet.create(doc, decorations);
}

/** Resolves every anchor against the Yjs document bound to this state (empty until the binding exists). */
function resolveAll(state: EditorState, anchors: Anchored[]): Map<string, { from: number; to: number }> | null {
  const ranges = new Map<string, { from: number; to: number }>();
  const binding = (ySyncPluginKey.getState(state) as { binding?: { doc: Y.Doc; type: Y.XmlFragment; mapping: YMapping } } | undefined)?.binding;
  if (!binding) return null;
  for (const anchor of anchors) {
    const { range } = resolveAnchor(binding.doc, binding.type, binding.mapping, state.doc, anchor);
    if (range) ranges.set(anchor.id, { from: range.from, to: range.to });
  }
  return ranges;
}

/** Maps ranges through the editor's own change (Yjs has not seen it yet). */
function mapRanges(ranges: Map<string, { from: number; to: number }>, tr: Transaction): Map<string, { from: number; to: number }> {
  const out = new Map<string, { from: number; to: number }>();
  for (const [id, { from, to }] of ranges) {
    const a = tr.mapping.map(from, 1);
    const b = tr.mapping.map(to, -1);
    if (b > a) out.set(id, { from: a, to: b });
  }
  return out;
}

/**
 * The highlight plugin. `onClick` hears which thread's words were clicked; `onRanges` hears the
 * ranges (and the doc) after every change, once they are known, so the panel can follow them.
 */
export function commentHighlights(onClick: (threadId: string) => void, onRanges: (ranges: ReadonlyMap<string, { from: number; to: number }>, doc: EditorState['doc']) => void): Plugin<HighlightState> {
  return new Plugin<HighlightState>({
    key: commentHighlightKey,
    view: () => ({
      update(view, previous) {
        const now = commentHighlightKey.getState(view.state);
        if (now?.ready && now !== commentHighlightKey.getState(previous)) onRanges(now.ranges, view.state.doc);
      },
    }),
    state: {
      init: (_config, state) => ({ anchors: [], activeId: null, ready: false, ranges: new Map(), decorations: DecorationSet.create(state.doc, []) }),
      apply(tr, value, _old, state) {
        const meta = tr.getMeta(commentHighlightKey) as Meta | undefined;
        const fromYjs = !!(tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin;
        const anchors = meta?.threads ? anchorsOf(meta.threads) : value.anchors;
        const activeId = meta && 'activeId' in meta ? (meta.activeId ?? null) : value.activeId;
        let ranges = value.ranges;
        let ready = value.ready;
        if (meta?.threads || fromYjs) {
          const resolved = resolveAll(state, anchors);
          ready = resolved !== null;
          ranges = resolved ?? new Map();
        } else if (tr.docChanged) ranges = mapRanges(ranges, tr);
        else if (activeId === value.activeId && anchors === value.anchors) return value;
        return { anchors, activeId, ready, ranges, decorations: decorate(state.doc, ranges, activeId) };
      },
    },
    props: {
      decorations: (state) => commentHighlightKey.getState(state)?.decorations,
      handleClick(view, pos) {
        const ranges = commentHighlightKey.getState(view.state)?.ranges;
        if (!ranges) return false;
        for (const [id, { from, to }] of ranges) {
          if (pos >= from && pos <= to) {
            onClick(id);
            break;
          }
        }
        return false;
      },
    },
  });
}

/** Gives the plugin a new list of threads (and optionally which one is chosen). */
export function setHighlightedThreads(view: EditorView, threads: ThreadView[], activeId?: string | null): void {
  const meta: Meta = activeId === undefined ? { threads } : { threads, activeId };
  view.dispatch(view.state.tr.setMeta(commentHighlightKey, meta));
}

/** Marks one thread's highlight as chosen (null: none). */
export function setActiveThread(view: EditorView, activeId: string | null): void {
  view.dispatch(view.state.tr.setMeta(commentHighlightKey, { activeId } satisfies Meta));
}

/** Where a thread's words are now in the editor, or null if they are not highlighted. */
export function threadRange(state: EditorState, threadId: string): { from: number; to: number } | null {
  return commentHighlightKey.getState(state)?.ranges.get(threadId) ?? null;
}
