/**
 * The schema of a compared page (a diff of two revisions): Quire's one editing schema
 * (shared/schema.ts) with the same nodes and marks, plus what a comparison needs to show.
 *
 * - Marks `insertion` (<ins>), `deletion` (<del>) and `format_change` (<span class="format-change">)
 *   on text and inline atoms, each with the user id of who made the change (`data-user`), and for a
 *   formatting change a short description of the old formatting (`data-before`, e.g. "not bold").
 * - Attributes `change`, `changeUser` and `changeBefore` on every block node, so that whole blocks
 *   that were inserted, deleted or changed (a horizontal rule, an empty paragraph, a table row, a
 *   heading whose level changed) show even when they hold no text. They render as the class
 *   `change-inserted`, `change-deleted` or `change-changed` plus `data-user` and `data-before`.
 *
 * No inline styles (the CSP forbids them): the client colours each author through CSSOM.
 * server/history/diff builds documents of this schema; client/ui/history renders them read-only.
 */
import { Schema, type NodeSpec, type MarkSpec, type DOMOutputSpec, type Node, type Mark } from 'prosemirror-model';
import { schema } from './schema.js';

/** What happened to a whole block between the two versions. */
export type BlockChange = 'inserted' | 'deleted' | 'changed';

/** The attributes every block node of the diff schema adds to its editing-schema attributes. */
export interface BlockChangeAttrs {
  change: BlockChange | null;
  changeUser: string | null;
  /** For 'changed': what it was before, in words ("heading 2", "bulleted list"). */
  changeBefore: string | null;
}

const changeAttrSpecs = {
  change: { default: null, validate: 'string|null' },
  changeUser: { default: null, validate: 'string|null' },
  changeBefore: { default: null, validate: 'string|null' },
};

/** Adds the change class and data attributes to a node's DOM form (an array spec, as all of ours are). */
function withChange(out: DOMOutputSpec, node: Node): DOMOutputSpec {
  const change = node.attrs.change as BlockChange | null;
  if (!change || !Array.isArray(out)) return out;
  const extra: Record<string, string> = { class: `change-${change}` };
  if (node.attrs.changeUser) extra['data-user'] = String(node.attrs.changeUser);
  if (node.attrs.changeBefore) extra['data-before'] = String(node.attrs.changeBefore);
  const [tag, second, ...rest] = out as unknown as [string, ...unknown[]];
  const hasAttrs = second !== undefined && second !== null && typeof second === 'object' && !Array.isArray(second) && !('nodeType' in second);
  if (!hasAttrs) return [tag, extra, ...(second === undefined ? [] : [second]), ...rest] as unknown as DOMOutputSpec;
  const attrs = { ...(second as Record<string, string>) };
  attrs.class = attrs.class ? `${attrs.class} ${extra.class}` : extra.class;
  for (const key of ['data-user', 'data-before']) if (extra[key]) attrs[key] = extra[key];
  return [tag, attrs, ...rest] as unknown as DOMOutputSpec;
}

const nodes: Record<string, NodeSpec> = {};
schema.spec.nodes.forEach((name, spec) => {
  if (name === 'doc' || name === 'text' || spec.inline) {
    nodes[name] = spec;
    return;
  }
  const toDOM = spec.toDOM;
  nodes[name] = {
    ...spec,
    attrs: { ...(spec.attrs ?? {}), ...changeAttrSpecs },
    toDOM: toDOM ? (node) => withChange(toDOM(node), node) : undefined,
  };
});

/** data-user only when the user is known. */
function userAttrs(mark: Mark): Record<string, string> {
  return mark.attrs.user ? { 'data-user': String(mark.attrs.user) } : {};
}

const changeMarks: Record<string, MarkSpec> = {
  /** <ins data-user>: text or an inline atom that the newer version added. */
  insertion: {
    attrs: { user: { default: null, validate: 'string|null' } },
    inclusive: false,
    excludes: 'insertion deletion',
    toDOM: (mark) => ['ins', userAttrs(mark), 0],
  },
  /** <del data-user>: text or an inline atom that the newer version removed, put back where it was. */
  deletion: {
    attrs: { user: { default: null, validate: 'string|null' } },
    inclusive: false,
    excludes: 'insertion deletion',
    toDOM: (mark) => ['del', userAttrs(mark), 0],
  },
  /** <span class="format-change" data-user data-before>: text in both versions whose formatting changed. */
  format_change: {
    attrs: { user: { default: null, validate: 'string|null' }, before: { validate: 'string' } },
    inclusive: false,
    toDOM: (mark) => ['span', { class: 'format-change', ...userAttrs(mark), 'data-before': String(mark.attrs.before) }, 0],
  },
};

const marks: Record<string, MarkSpec> = { ...changeMarks };
schema.spec.marks.forEach((name, spec) => {
  marks[name] = spec;
});

/** The schema of a compared page: the editing schema plus change marks and block change attributes. */
export const diffSchema = new Schema({ nodes, marks });
