/**
 * The walk that turns the merged Yjs document of two versions into one ProseMirror document of the
 * diff schema: the newer text, with what the older one had and the newer one lost put back in place.
 * Each text run, inline atom and block is decided by the two versions' visibility: in both
 * (unchanged, or its formatting or attributes changed), only in the newer (inserted), only in the
 * older (deleted), or in neither (typed and removed between the two: not shown).
 */
import * as Y from 'yjs';
import { Fragment, type Mark, type Node, type NodeType } from 'prosemirror-model';
import { diffSchema, type BlockChangeAttrs } from '../../../shared/diffSchema.js';
import type { Attribution } from '../attribution.js';
import { isVisibleIn, runs, type Version } from './versions.js';
import { formattingChange, formattingMarks, type Formatting } from './formatting.js';
import { changedAttrs, describeNode, elementAttrs, nodeAttrs, type AttrSetter } from './blocks.js';
import { settleMoves } from './moves.js';
import { placeBlock } from './shape.js';
import { settleSplits } from './splits.js';

/**
 * Whether two blocks of different types hold their content alike: both textblocks, or the same
 * number of children of the same types (two lists of as many items, two cells of as many blocks).
 */
function sameShape(a: Node, b: Node): boolean {
  if (a.isTextblock || b.isTextblock) return a.isTextblock && b.isTextblock;
  if (a.childCount !== b.childCount) return false;
  for (let i = 0; i < a.childCount; i++) if (a.child(i).type !== b.child(i).type) return false;
  return true;
}

/** A block element placed in the output. */
interface Placed {
  node: Node;
  el: Y.XmlElement;
  item: Y.Item;
  inNewer: boolean;
}

/** One diff: walks the merged document once, deciding each piece by what each version shows. */
export class DiffWalk {
  constructor(
    private readonly older: Version,
    private readonly newer: Version,
    private readonly who: Attribution,
  ) {}

  /** The diff document of the page body held in this fragment of the merged document. */
  doc(fragment: Y.XmlFragment): Node {
    const type = diffSchema.topNodeType;
    const content = this.children(fragment, type);
    // y-prosemirror renders an empty page as a doc with no blocks; the diff shows one empty paragraph.
    return type.createAndFill(null, Fragment.fromArray(content)) ?? type.createAndFill()!;
  }

  private visible(item: Y.Item): { inOlder: boolean; inNewer: boolean } {
    return {
      inOlder: isVisibleIn(this.older, item.id.client, item.id.clock),
      inNewer: isVisibleIn(this.newer, item.id.client, item.id.clock),
    };
  }

  /** The nodes for the children of a Yjs element (or the root fragment), as the content of a node of this type. */
  private children(parent: Y.XmlFragment, type: NodeType): Node[] {
    const out: Node[] = [];
    // The last block placed, if it was inserted or deleted as a whole: it may pair with the next one.
    let whole: Placed | null = null;
    for (let item = parent._start; item !== null; item = item.right) {
      if (!(item.content instanceof Y.ContentType)) continue;
      const child = item.content.type;
      if (child instanceof Y.XmlText) {
        if (type.inlineContent) this.text(child, out);
        whole = null;
      } else if (child instanceof Y.XmlElement) {
        const { inOlder, inNewer } = this.visible(item);
        if (!inOlder && !inNewer) continue;
        const node = this.element(child, item, inOlder, inNewer);
        if (!node) continue;
        const placed: Placed = { node, el: child, item, inNewer };
        const retyped = whole && inOlder !== inNewer ? this.retyped(whole, placed) : null;
        if (retyped) {
          out[out.length - 1] = retyped;
          whole = null;
        } else {
          out.push(node);
          whole = inOlder !== inNewer && node.isBlock && !node.isLeaf ? placed : null;
        }
      }
    }
    return type.inlineContent ? out : settleSplits(out);
  }

  /**
   * A block whose type changed (a paragraph made a heading, a bulleted list made numbered): Yjs
   * sees the old element deleted and a new one inserted next to it. When one of two neighbours was
   * deleted and the other inserted, they differ in type, have the same shape and hold the same text,
   * they are shown as the new block marked changed, with the old type in words.
   */
  private retyped(first: Placed, second: Placed): Node | null {
    if (first.inNewer === second.inNewer || first.node.type === second.node.type || second.node.isLeaf) return null;
    const [gone, made] = first.inNewer ? [second, first] : [first, second];
    const text = (n: Node) => n.textBetween(0, n.content.size, '\n', '\n');
    if (!sameShape(gone.node, made.node) || text(gone.node) !== text(made.node)) return null;
    const plain = new DiffWalk(this.newer, this.newer, this.who).element(made.el, made.item, true, true);
    if (!plain) return null;
    const change: BlockChangeAttrs = {
      change: 'changed',
      changeUser: this.who.inserter(made.item.id.client),
      changeBefore: describeNode(gone.node.type.name, gone.node.attrs),
    };
    return plain.type.create({ ...plain.attrs, ...change }, plain.content);
  }

  /** One element: an inline atom gets an insertion or deletion mark, a block the change attributes. */
  private element(el: Y.XmlElement, item: Y.Item, inOlder: boolean, inNewer: boolean): Node | null {
    const type = diffSchema.nodes[el.nodeName];
    if (!type || type === diffSchema.topNodeType || type.isText) return null;
    const olderAttrs = inOlder ? elementAttrs(el, this.older) : new Map<string, AttrSetter>();
    const newerAttrs = inNewer ? elementAttrs(el, this.newer) : olderAttrs;
    const attrs = nodeAttrs(type, inNewer ? newerAttrs : olderAttrs);
    if (type.isInline) {
      const marks: Mark[] = [];
      if (!inOlder) marks.push(diffSchema.marks.insertion.create({ user: this.who.inserter(item.id.client) }));
      else if (!inNewer) marks.push(diffSchema.marks.deletion.create({ user: this.who.deleter(item.id.client, item.id.clock) }));
      try {
        return type.createChecked(attrs, null, marks);
      } catch {
        return null;
      }
    }
    const change = this.blockChange(type, item, inOlder, inNewer, olderAttrs, newerAttrs);
    let content = type.isLeaf ? [] : this.children(el, type);
    if (type.inlineContent) content = settleMoves(content);
    return placeBlock(type, attrs, change, content);
  }

  /** What happened to a block as a whole, and who did it. */
  private blockChange(
    type: NodeType,
    item: Y.Item,
    inOlder: boolean,
    inNewer: boolean,
    olderAttrs: Map<string, AttrSetter>,
    newerAttrs: Map<string, AttrSetter>,
  ): Partial<BlockChangeAttrs> {
    if (!inOlder) return { change: 'inserted', changeUser: this.who.inserter(item.id.client) };
    if (!inNewer) return { change: 'deleted', changeUser: this.who.deleter(item.id.client, item.id.clock) };
    const changed = changedAttrs(type, olderAttrs, newerAttrs);
    if (changed.length === 0) return {};
    return {
      change: 'changed',
      changeUser: this.attrChanger(changed, olderAttrs, newerAttrs),
      changeBefore: describeNode(type.name, nodeAttrs(type, olderAttrs)),
    };
  }

  /**
   * Who changed these node attributes (or format attributes of text): whoever set the newer value,
   * or else whoever deleted the item that held the older one.
   */
  private attrChanger(names: string[], older: Map<string, AttrSetter>, newer: Map<string, AttrSetter>): string | null {
    for (const name of names) {
      const set = newer.get(name)?.item;
      if (set && !isVisibleIn(this.older, set.id.client, set.id.clock)) {
        const user = this.who.inserter(set.id.client);
        if (user) return user;
      }
      const was = older.get(name)?.item;
      if (was && !isVisibleIn(this.newer, was.id.client, was.id.clock)) {
        const user = this.who.deleter(was.id.client, was.id.clock);
        if (user) return user;
      }
    }
    return null;
  }

  /** The text nodes of one Y.XmlText, with each version's formatting tracked along the way. */
  private text(t: Y.XmlText, out: Node[]): void {
    const olderFormat: Formatting = new Map();
    const newerFormat: Formatting = new Map();
    // Marks are recomputed only after a format item, not for every run of text.
    let dirty = true;
    let olderMarks: Mark[] = [];
    let newerMarks: Mark[] = [];
    let bothMarks: Mark[] = [];
    for (let item = t._start; item !== null; item = item.right) {
      const content = item.content;
      if (content instanceof Y.ContentFormat) {
        const { inOlder, inNewer } = this.visible(item);
        if (inOlder) olderFormat.set(content.key, { value: content.value, item });
        if (inNewer) newerFormat.set(content.key, { value: content.value, item });
        dirty ||= inOlder || inNewer;
        continue;
      }
      if (!(content instanceof Y.ContentString)) continue;
      const { client, clock } = item.id;
      for (const run of runs(this.older, this.newer, client, clock, item.length)) {
        if (!run.inOlder && !run.inNewer) continue;
        if (dirty) {
          olderMarks = formattingMarks(olderFormat);
          newerMarks = formattingMarks(newerFormat);
          const change = formattingChange(olderFormat, newerFormat);
          bothMarks = change
            ? [...newerMarks, diffSchema.marks.format_change.create({ user: this.attrChanger(change.attrs, olderFormat, newerFormat), before: change.before })]
            : newerMarks;
          dirty = false;
        }
        const str = content.str.slice(run.offset, run.offset + run.length);
        if (run.inOlder && run.inNewer) {
          out.push(diffSchema.text(str, bothMarks));
        } else if (run.inNewer) {
          out.push(diffSchema.text(str, [...newerMarks, diffSchema.marks.insertion.create({ user: this.who.inserter(client) })]));
        } else {
          this.deletedText(str, client, clock + run.offset, olderMarks, out);
        }
      }
    }
  }

  /** Deleted text, split where the person who deleted it changes (one merged deletion can hold several people's). */
  private deletedText(str: string, client: number, clock: number, marks: Mark[], out: Node[]): void {
    let start = 0;
    let user = this.who.deleter(client, clock);
    const flush = (end: number) => {
      out.push(diffSchema.text(str.slice(start, end), [...marks, diffSchema.marks.deletion.create({ user })]));
      start = end;
    };
    for (let i = 1; i < str.length; i++) {
      const next = this.who.deleter(client, clock + i);
      if (next !== user) {
        flush(i);
        user = next;
      }
    }
    flush(str.length);
  }
}
