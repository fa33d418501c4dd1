/**
 * Real Yjs writers for the diff tests. A PageCopy stands for the server's copy of a page (a gc:true
 * Y.Doc, as the collab server keeps it); each Writer has its own Y.Doc (its own client id) and edits
 * the way the editor does, by applying a changed ProseMirror doc with y-prosemirror's
 * updateYFragment. Writers sync with the page copy explicitly, so edits made between two syncs are
 * concurrent. The page copy records who sent which client ids and deletions, as the server does, and
 * answers the diff's Attribution from that.
 */
import * as Y from 'yjs';
import { expect } from 'vitest';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { Fragment, Node } from 'prosemirror-model';
import { diffSchema } from '../../shared/diffSchema.js';
import { Transform } from 'prosemirror-transform';
import { schema } from '../../shared/schema.js';
import { FRAGMENT_NAME } from '../../shared/collab.js';
import type { Attribution } from '../../server/history/attribution.js';
import { diffStates, docJson, type DiffResult } from '../../server/history/diff/index.js';

const REMOTE = Symbol('remote');

interface Deletion {
  client: number;
  start: number;
  end: number;
  user: string;
}

/** The server's copy of one page, with the attribution it records. */
export class PageCopy {
  readonly doc = new Y.Doc();
  private readonly writers = new Map<number, string>();
  private readonly deletions: Deletion[] = [];

  readonly attribution: Attribution = {
    inserter: (client) => this.writers.get(client) ?? null,
    deleter: (client, clock) => {
      for (let i = this.deletions.length - 1; i >= 0; i--) {
        const d = this.deletions[i];
        if (d.client === client && clock >= d.start && clock < d.end) return d.user;
      }
      return null;
    },
  };

  /** A page whose first content was written by `user`. */
  static create(user: string, doc: unknown): PageCopy {
    const page = new PageCopy();
    const w = page.writer(user);
    w.set(doc);
    w.sync();
    return page;
  }

  /** A new writer on this page, synced to it. */
  writer(user: string): Writer {
    const w = new Writer(this, user);
    w.sync();
    return w;
  }

  /** Records, as the server does on receipt, who sent an update: its client ids and deletions. */
  record(user: string, update: Uint8Array): void {
    const { structs, ds } = Y.decodeUpdate(update);
    for (const s of structs) if (!this.writers.has(s.id.client)) this.writers.set(s.id.client, user);
    ds.clients.forEach((items, client) => {
      for (const d of items) this.deletions.push({ client, start: d.clock, end: d.clock + d.len, user });
    });
  }

  /** The page as a revision stores it: the full state of the gc:true copy. */
  revision(): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc);
  }
}

/** One person's editor: its own Y.Doc, edited through y-prosemirror. */
export class Writer {
  readonly doc = new Y.Doc();
  private readonly outbox: Uint8Array[] = [];

  constructor(
    private readonly page: PageCopy,
    readonly user: string,
  ) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) this.outbox.push(update);
    });
  }

  get fragment(): Y.XmlFragment {
    return this.doc.getXmlFragment(FRAGMENT_NAME);
  }

  /** The document this writer's editor shows. */
  node(): Node {
    return yXmlFragmentToProseMirrorRootNode(this.fragment, schema);
  }

  /** Replaces the editor's document, as the editor's sync plugin does after a transaction. */
  set(doc: unknown): this {
    const node = doc instanceof Node ? doc : schema.nodeFromJSON(doc);
    node.check();
    updateYFragment(this.doc, this.fragment, node, { mapping: new Map(), isOMark: new Map() });
    return this;
  }

  /** Applies a ProseMirror transform to the editor's document. */
  edit(change: (tr: Transform) => void): this {
    const tr = new Transform(this.node());
    change(tr);
    return this.set(tr.doc);
  }

  /** Sends this writer's changes to the page copy (recorded as theirs) and takes everyone else's. */
  sync(): this {
    for (const update of this.outbox.splice(0)) {
      this.page.record(this.user, update);
      Y.applyUpdate(this.page.doc, update, this);
    }
    Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(this.page.doc, Y.encodeStateVector(this.doc)), REMOTE);
    return this;
  }
}

/** The document position of the first occurrence of `text` inside one text node (throws if absent). */
export function find(doc: Node, text: string): { from: number; to: number } {
  let found: { from: number; to: number } | null = null;
  doc.descendants((node, pos) => {
    if (found) return false;
    if (node.isText) {
      const i = node.text!.indexOf(text);
      if (i >= 0) found = { from: pos + i, to: pos + i + text.length };
    }
    return true;
  });
  if (!found) throw new Error(`No text "${text}" in the document`);
  return found;
}

/** Replaces the first occurrence of `text` with `by` (an empty string deletes it). */
export function replace(text: string, by: string): (tr: Transform) => void {
  return (tr) => {
    const { from, to } = find(tr.doc, text);
    if (by) tr.replaceWith(from, to, schema.text(by, tr.doc.resolve(from).marksAcross(tr.doc.resolve(to)) ?? []));
    else tr.delete(from, to);
  };
}

/** ProseMirror JSON builders for the tests. */
export const j = {
  doc: (...content: unknown[]) => ({ type: 'doc', content }),
  p: (...content: unknown[]) => ({ type: 'paragraph', content: content.filter((c) => c !== '').map((c) => (typeof c === 'string' ? j.t(c) : c)) }),
  h: (level: number, text: string) => ({ type: 'heading', attrs: { level }, content: [j.t(text)] }),
  t: (text: string, ...marks: string[]) => ({ type: 'text', text, ...(marks.length ? { marks: marks.map((type) => ({ type })) } : {}) }),
  ul: (...items: string[]) => ({ type: 'bullet_list', content: items.map((i) => ({ type: 'list_item', content: [j.p(i)] })) }),
  ol: (...items: string[]) => ({ type: 'ordered_list', content: items.map((i) => ({ type: 'list_item', content: [j.p(i)] })) }),
  hr: () => ({ type: 'horizontal_rule' }),
  table: (...rows: string[][]) => ({
    type: 'table',
    content: rows.map((cells) => ({ type: 'table_row', content: cells.map((c) => ({ type: 'table_cell', content: [j.p(c)] })) })),
  }),
};

/** A user id as the rendering shows it. */
const who = (user: unknown) => (user ? String(user) : 'someone');

/**
 * A diff document as readable lines, one per block, indented by depth: "[+text|bob]" inserted,
 * "[-text|ann]" deleted, "[~text|ann|not bold]" formatting changed, and a block's own change after
 * its name ("paragraph (inserted by bob)"). It also checks the document against the diff schema.
 */
export function render(json: unknown): string[] {
  const doc = diffSchema.nodeFromJSON(json);
  doc.check();
  const lines: string[] = [];
  const walk = (node: Node, depth: number) => {
    const change = node.attrs.change
      ? ` (${node.attrs.change} by ${who(node.attrs.changeUser)}${node.attrs.changeBefore ? `, was ${node.attrs.changeBefore}` : ''})`
      : '';
    let line = `${'  '.repeat(depth)}${node.type.name}${change}`;
    if (node.isTextblock) {
      let text = '';
      node.forEach((child) => {
        const body = child.isText ? child.text! : `<${child.type.name}>`;
        const ins = child.marks.find((m) => m.type.name === 'insertion');
        const del = child.marks.find((m) => m.type.name === 'deletion');
        const fmt = child.marks.find((m) => m.type.name === 'format_change');
        if (ins) text += `[+${body}|${who(ins.attrs.user)}]`;
        else if (del) text += `[-${body}|${who(del.attrs.user)}]`;
        else if (fmt) text += `[~${body}|${who(fmt.attrs.user)}|${fmt.attrs.before}]`;
        else text += body;
      });
      line += `: ${text}`;
    }
    lines.push(line);
    if (!node.isTextblock) node.forEach((child) => walk(child, depth + 1));
  };
  doc.forEach((child) => walk(child, 0));
  return lines;
}

const CHANGE_MARKS = new Set(['insertion', 'deletion', 'format_change']);

/** Whether a block holds text that is neither inserted nor deleted. */
function holdsUnmarkedText(node: Node): boolean {
  let found = false;
  node.descendants((n) => {
    if (n.isText && !n.marks.some((m) => m.type.name === 'insertion' || m.type.name === 'deletion')) found = true;
    return !found;
  });
  return found;
}

/**
 * One side of a diff, rebuilt from the diff document alone as a node of the editing schema:
 * 'newer' drops what is marked deleted, 'older' drops what is marked inserted; both drop the change
 * marks and block change attributes. The newer side must equal the newer revision exactly; the older
 * side has the older text (its formatting is only described in words, and a split or joined
 * paragraph shows the break where it is now, so only its running text compares).
 */
export function side(json: unknown, which: 'newer' | 'older'): Node {
  const drop = which === 'newer' ? { mark: 'deletion', block: 'deleted' } : { mark: 'insertion', block: 'inserted' };
  const rebuild = (node: Node): Node | null => {
    if (node.marks.some((m) => m.type.name === drop.mark)) return null;
    // An inserted block whose text is unmarked is the second half of a split: its text was there before.
    if (node.attrs.change === drop.block && !(which === 'older' && holdsUnmarkedText(node))) return null;
    const marks = node.marks.filter((m) => !CHANGE_MARKS.has(m.type.name)).map((m) => schema.marks[m.type.name].create(m.attrs));
    if (node.isText) return schema.text(node.text!, marks);
    const children: Node[] = [];
    node.forEach((child) => {
      const c = rebuild(child);
      if (c) children.push(c);
    });
    const { change: _c, changeUser: _u, changeBefore: _b, ...attrs } = node.attrs;
    return schema.nodes[node.type.name].create(attrs, Fragment.fromArray(children), marks);
  };
  const out = rebuild(diffSchema.nodeFromJSON(json))!;
  return out;
}

/** The text of each textblock (and "---" for a horizontal rule), in order: what a reader reads. */
export function textLines(doc: Node): string[] {
  const lines: string[] = [];
  doc.descendants((node) => {
    if (node.isTextblock) lines.push(node.textContent);
    else if (node.type.name === 'horizontal_rule') lines.push('---');
    return !node.isTextblock;
  });
  return lines;
}

/**
 * The diff of two revisions, checked against both: with deletions dropped it is exactly the newer
 * page, and with insertions dropped it reads as the older page.
 */
export function checkedDiff(older: Uint8Array, newer: Uint8Array, who: Attribution): DiffResult {
  const diff = diffStates(older, newer, who);
  // A page whose blocks were all deleted renders as an empty doc, or in the diff as one empty paragraph.
  const filled = (doc: Node) => (doc.childCount ? doc : schema.topNodeType.createAndFill()!);
  expect(filled(side(diff.doc, 'newer')).toJSON()).toEqual(filled(schema.nodeFromJSON(docJson(newer))).toJSON());
  // Split and joined paragraphs show where the break is now, so the older side compares as running text.
  expect(textLines(side(diff.doc, 'older')).join('')).toEqual(textLines(schema.nodeFromJSON(docJson(older))).join(''));
  return diff;
}

/** Runs edits on a page made by ann and returns the checked diff from before to after them. */
export function diffAfter(start: unknown, edits: (page: PageCopy) => void): DiffResult & { lines: string[] } {
  const page = PageCopy.create('ann', start);
  const before = page.revision();
  edits(page);
  const diff = checkedDiff(before, page.revision(), page.attribution);
  return { ...diff, lines: render(diff.doc) };
}
