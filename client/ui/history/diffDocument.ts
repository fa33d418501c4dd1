/**
 * A comparison of two versions shown as the rendered page: a read-only ProseMirror view of the
 * diff document (shared/diffSchema.ts) whose insertions, deletions and formatting changes are
 * coloured by author. Colours come from the server's DiffView and are set through CSSOM
 * (element.style.setProperty and decoration styles), since the CSP forbids style attributes.
 * Each change says who made it in its title ("Inserted by Ada Lovelace"), and `changes` lists them
 * in document order so the dialog can step through them with the keyboard.
 */
import { EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet, EditorView, type MarkViewConstructor } from 'prosemirror-view';
import type { Mark, Node as PMNode } from 'prosemirror-model';
import { diffSchema, type BlockChange } from '../../../shared/diffSchema.js';
import { h } from '../../dom.js';
import type { DiffAuthor, DiffView } from '../../../shared/history.js';

const COLOR = /^#[0-9a-fA-F]{6}$/;
const UNKNOWN_COLOR = '#4b5563';

export type ChangeKind = 'insertion' | 'deletion' | 'format';

/** One change in the diff, in document order. */
export interface DiffChange {
  from: number;
  to: number;
  kind: ChangeKind;
  /** A whole block (row, item, rule, paragraph) rather than a run of text. */
  block: boolean;
  author: string;
  /** A short sentence about it: "Ada Lovelace inserted “new words”". */
  summary: string;
}

/** Who made a change, as shown: a name and a safe colour. */
interface Who {
  name: string;
  color: string;
}

const VERB: Record<ChangeKind, string> = { insertion: 'Inserted', deletion: 'Deleted', format: 'Formatting changed' };

/** The change marks of a text node: which of insertion, deletion and format_change it carries. */
function changeMark(marks: readonly Mark[]): { kind: ChangeKind; mark: Mark } | null {
  for (const mark of marks) {
    if (mark.type.name === 'insertion') return { kind: 'insertion', mark };
    if (mark.type.name === 'deletion') return { kind: 'deletion', mark };
  }
  const format = marks.find((m) => m.type.name === 'format_change');
  return format ? { kind: 'format', mark: format } : null;
}

/** The block-level change a node carries (an inserted or deleted row, item, rule ...), if any. */
function blockChange(node: PMNode): { kind: ChangeKind; user: string | null; before: string | null } | null {
  const change = node.attrs.change as BlockChange | null | undefined;
  if (change !== 'inserted' && change !== 'deleted' && change !== 'changed') return null;
  const user = typeof node.attrs.changeUser === 'string' ? node.attrs.changeUser : null;
  const before = typeof node.attrs.changeBefore === 'string' && node.attrs.changeBefore ? node.attrs.changeBefore : null;
  return { kind: change === 'inserted' ? 'insertion' : change === 'deleted' ? 'deletion' : 'format', user, before };
}

/** A sentence about one change: "Ada Lovelace inserted “new words”". */
function describe(kind: ChangeKind, name: string, what: string, before: string | null, block: boolean): string {
  const was = before ? ` (was ${before})` : '';
  if (kind === 'insertion') return `${name} inserted ${what}`;
  if (kind === 'deletion') return `${name} deleted ${what}`;
  return block ? `${name} changed ${what}${was}` : `${name} changed the formatting of ${what}${was}`;
}

const quote = (text: string) => {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  return trimmed.length > 60 ? `“${trimmed.slice(0, 57)}…”` : `“${trimmed}”`;
};

/** The read-only view of one comparison, with its changes and authors. */
export class DiffDocument {
  readonly el: HTMLElement;
  readonly changes: DiffChange[];
  private readonly view: EditorView;
  private readonly authors = new Map<string, Who>();
  private current = -1;

  constructor(diff: DiffView, label: string) {
    for (const author of diff.authors) this.authors.set(author.id, { name: author.name, color: COLOR.test(author.color) ? author.color : UNKNOWN_COLOR });
    const doc = diffSchema.nodeFromJSON(diff.doc);
    this.changes = this.collectChanges(doc);
    this.el = document.createElement('div');
    this.el.className = 'diff-document';
    const markView = (kind: ChangeKind): MarkViewConstructor => (mark) => this.changeElement(kind, mark);
    this.view = new EditorView(this.el, {
      state: EditorState.create({ schema: diffSchema, doc }),
      editable: () => false,
      markViews: { insertion: markView('insertion'), deletion: markView('deletion'), format_change: markView('format') },
      decorations: (state) => this.decorations(state.doc),
      attributes: { role: 'document', 'aria-label': label, class: 'page-text diff-text' },
    });
  }

  /** Moves to the next (+1) or previous (-1) change, scrolls it into view and returns it (null when there are none). */
  step(direction: 1 | -1): { change: DiffChange; index: number } | null {
    if (this.changes.length === 0) return null;
    this.current = this.current < 0 ? (direction === 1 ? 0 : this.changes.length - 1) : (this.current + direction + this.changes.length) % this.changes.length;
    const change = this.changes[this.current];
    this.view.setProps({ decorations: (state) => this.decorations(state.doc) });
    const dom = change.block ? this.view.nodeDOM(change.from) : this.view.domAtPos(change.from + 1).node;
    const el = dom instanceof Element ? dom : (dom?.parentElement ?? null);
    el?.scrollIntoView({ block: 'center' });
    return { change, index: this.current };
  }

  destroy(): void {
    this.view.destroy();
  }

  private who(user: unknown): Who {
    return (typeof user === 'string' && this.authors.get(user)) || { name: 'someone', color: UNKNOWN_COLOR };
  }

  /** The element a change mark renders as: <ins>, <del> or a span, in its author's colour. */
  private changeElement(kind: ChangeKind, mark: Mark): { dom: HTMLElement } {
    const who = this.who(mark.attrs.user);
    const dom = document.createElement(kind === 'insertion' ? 'ins' : kind === 'deletion' ? 'del' : 'span');
    dom.className = `diff-${kind}`;
    dom.style.setProperty('--change-color', who.color);
    const before = kind === 'format' && typeof mark.attrs.before === 'string' && mark.attrs.before ? ` (was ${mark.attrs.before})` : '';
    const said = `${VERB[kind]} by ${who.name}${before}`;
    dom.title = said;
    // Read out before the changed text where CSS alt text is supported (see styles.css).
    dom.dataset.said = said;
    return { dom };
  }

  /** Node decorations colouring whole inserted or deleted blocks, and the change stepped to. */
  private decorations(doc: PMNode): DecorationSet {
    const decorations: Decoration[] = [];
    doc.descendants((node, pos) => {
      const change = blockChange(node);
      if (!change) return true;
      const who = this.who(change.user);
      const was = change.before ? ` (was ${change.before})` : '';
      const verb = change.kind === 'format' ? 'Changed' : VERB[change.kind];
      decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: `diff-block diff-block-${change.kind}`, style: `--change-color: ${who.color}`, title: `${verb} by ${who.name}${was}` }));
      // Inside an inserted or deleted block everything is; a changed block (a heading's level) may hold other changes.
      return change.kind === 'format';
    });
    const current = this.changes[this.current];
    if (current) decorations.push(current.block ? Decoration.node(current.from, current.to, { class: 'diff-current' }) : Decoration.inline(current.from, current.to, { class: 'diff-current' }));
    return DecorationSet.create(doc, decorations);
  }

  /** The changes in document order; neighbouring text with the same kind of change by the same person is one change. */
  private collectChanges(doc: PMNode): DiffChange[] {
    const changes: DiffChange[] = [];
    let run: { change: DiffChange; user: string | null; before: string | null; text: string } | null = null;
    const finish = () => {
      if (run) run.change.summary = describe(run.change.kind, run.change.author, quote(run.text), run.before, false);
      run = null;
    };
    doc.descendants((node, pos) => {
      const block = node.isText ? null : blockChange(node);
      if (block) {
        finish();
        const who = this.who(block.user);
        const what = node.textContent ? quote(node.textContent) : `a ${node.type.name.replace(/_/g, ' ')}`;
        changes.push({ from: pos, to: pos + node.nodeSize, kind: block.kind, block: true, author: who.name, summary: describe(block.kind, who.name, what, block.before, true) });
        return block.kind === 'format';
      }
      if (!node.isInline) return true;
      const found = changeMark(node.marks);
      if (!found) {
        finish();
        return false;
      }
      const user = typeof found.mark.attrs.user === 'string' ? found.mark.attrs.user : null;
      const before = typeof found.mark.attrs.before === 'string' ? found.mark.attrs.before : null;
      const text = node.isText ? (node.text ?? '') : ' ';
      if (run && run.change.kind === found.kind && run.user === user && run.before === before && run.change.to === pos) {
        run.change.to = pos + node.nodeSize;
        run.text += text;
      } else {
        finish();
        const change: DiffChange = { from: pos, to: pos + node.nodeSize, kind: found.kind, block: false, author: this.who(user).name, summary: '' };
        changes.push(change);
        run = { change, user, before, text };
      }
      return false;
    });
    finish();
    return changes;
  }
}

/** The people whose changes a diff shows, for its legend. */
function legendAuthors(diff: DiffView): DiffAuthor[] {
  return diff.authors.map((a) => ({ ...a, color: COLOR.test(a.color) ? a.color : UNKNOWN_COLOR }));
}

/** The legend of a diff: each person whose changes it shows, in their colour (set through CSSOM); null when it shows none. */
export function diffLegend(diff: DiffView): HTMLElement | null {
  if (!diff.authors.length) return null;
  return h(
    'ul',
    { class: 'diff-legend', 'aria-label': 'Changes by' },
    legendAuthors(diff).map((author) => {
      const swatch = h('span', { class: 'diff-swatch', 'aria-hidden': 'true' });
      swatch.style.setProperty('--change-color', author.color);
      return h('li', {}, swatch, author.name);
    }),
  );
}
