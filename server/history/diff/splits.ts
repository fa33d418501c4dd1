/**
 * Paragraphs split and joined. Pressing Enter in the middle of a paragraph makes y-prosemirror
 * delete the paragraph's tail and write it again in a new paragraph; joining two paragraphs deletes
 * the second and writes its text again at the end of the first. Read literally, every Enter would
 * show a paragraph's worth of text deleted and inserted (and count its words twice). So when a
 * textblock ends in deleted text and the next block, inserted as a whole, starts with that same text
 * inserted, the text is shown once, unchanged, in the new block (marked inserted: a new paragraph
 * break), and only what was typed after it stays inserted; and when a textblock ends in inserted
 * text that starts with the text of the next block, deleted as a whole, that text is shown once,
 * unchanged, in the first block, and the deleted block stays, emptied, to show the removed break.
 */
import { Fragment, type Node } from 'prosemirror-model';
import { diffSchema } from '../../../shared/diffSchema.js';

const { insertion, deletion, format_change } = diffSchema.marks;

/** A node without its change marks. */
function unmarked(node: Node): Node {
  return node.mark(node.marks.filter((m) => m.type !== insertion && m.type !== deletion && m.type !== format_change));
}

/** The first (or last) textblock inside a block, following first (or last) children. */
function edgeTextblock(node: Node, side: 'first' | 'last'): Node | null {
  let n: Node | null = node;
  while (n && !n.isTextblock) n = side === 'first' ? n.firstChild : n.lastChild;
  return n;
}

/** The block with its first (or last) textblock replaced. */
function withEdgeTextblock(node: Node, side: 'first' | 'last', replace: (textblock: Node) => Node): Node {
  if (node.isTextblock) return replace(node);
  const index = side === 'first' ? 0 : node.childCount - 1;
  return node.copy(node.content.replaceChild(index, withEdgeTextblock(node.child(index), side, replace)));
}

/** The number of characters at the end (or start) of a textblock carried by text with this mark. */
function markedEdge(textblock: Node, side: 'start' | 'end', mark: typeof insertion): number {
  let size = 0;
  const children: Node[] = [];
  textblock.forEach((child) => children.push(child));
  if (side === 'end') children.reverse();
  for (const child of children) {
    if (!child.isText || !mark.isInSet(child.marks)) break;
    size += child.nodeSize;
  }
  return size;
}

/** A piece of inline content with its change marks taken off. */
function plain(content: Fragment): Fragment {
  const nodes: Node[] = [];
  content.forEach((n) => nodes.push(unmarked(n)));
  return Fragment.fromArray(nodes);
}

/**
 * If `a` (in both versions) and `b` (inserted or deleted as a whole) are the two halves of a split or
 * join, the two blocks with the moved text shown once and unchanged, and how much of a split's
 * deleted tail is left for a following block; otherwise null.
 */
function settlePair(a: Node, b: Node): { a: Node; b: Node; rest: number } | null {
  const change = b.attrs.change;
  if ((change !== 'inserted' && change !== 'deleted') || a.attrs.change === 'inserted' || a.attrs.change === 'deleted') return null;
  const end = edgeTextblock(a, 'last');
  const start = edgeTextblock(b, 'first');
  if (!end || !start) return null;
  // A split leaves deleted text at the end of the first block; a join inserted text there.
  const tail = markedEdge(end, 'end', change === 'inserted' ? deletion : insertion);
  const head = markedEdge(start, 'start', change === 'inserted' ? insertion : deletion);
  const size = end.content.size;
  if (tail === 0) return null;
  if (change === 'inserted') {
    // Split: the new block starts with (the start of) the first block's deleted tail, then maybe new
    // typing. A new block holding only part of the tail leaves the rest for the next one (Enter twice).
    const moves = Math.min(head, tail);
    if (moves === 0 || (head < tail && head !== start.content.size)) return null;
    const cut = size - tail;
    const moved = plain(end.content.cut(cut, cut + moves));
    if (!moved.eq(plain(start.content.cut(0, moves)))) return null;
    return {
      a: withEdgeTextblock(a, 'last', (t) => t.copy(t.content.cut(0, cut).append(t.content.cut(cut + moves)))),
      b: withEdgeTextblock(b, 'first', (t) => t.copy(moved.append(t.content.cut(moves)))),
      rest: tail - moves,
    };
  }
  // Join: the first block's inserted tail starts with the deleted block's text (then maybe new typing).
  if (head === 0 || tail < head) return null;
  const moved = plain(start.content.cut(0, head));
  if (!moved.eq(plain(end.content.cut(size - tail, size - tail + head)))) return null;
  return {
    a: withEdgeTextblock(a, 'last', (t) => t.copy(t.content.cut(0, size - tail).append(moved).append(t.content.cut(size - tail + head)))),
    b: withEdgeTextblock(b, 'first', (t) => t.copy(t.content.cut(head))),
    rest: 0,
  };
}

/** The children of one parent with split and joined textblocks shown as moved breaks, not retyped text. */
export function settleSplits(nodes: readonly Node[]): Node[] {
  const out = [...nodes];
  for (let i = 0; i + 1 < out.length; i++) {
    // One block can have been split (or joined) several times: try its following blocks in turn.
    // A split's tail must be taken up whole, or the older text would read out of order.
    const replaced: Array<[number, Node]> = [];
    let rest = 0;
    for (let k = i + 1; k < out.length; k++) {
      const settled = settlePair(out[i], out[k]);
      if (!settled) break;
      if (replaced.length === 0) replaced.push([i, out[i]]);
      replaced.push([k, out[k]]);
      out[i] = settled.a;
      out[k] = settled.b;
      rest = settled.rest;
    }
    if (rest > 0) for (const [index, node] of replaced) out[index] = node;
  }
  return out;
}
