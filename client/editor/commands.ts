/**
 * Editing commands for Quire's schema, each `(state, dispatch?) => boolean` like ProseMirror's
 * own, plus the questions the toolbar asks ("is bold on here?").
 */
import { setBlockType, toggleMark, wrapIn, lift } from 'prosemirror-commands';
import { wrapInList } from 'prosemirror-schema-list';
import { TextSelection, type Command, type EditorState } from 'prosemirror-state';
import type { MarkType, NodeType, Attrs } from 'prosemirror-model';
import { addColumnAfter, addRowAfter, deleteColumn, deleteRow, isInTable } from 'prosemirror-tables';
import { schema, safeHref } from '../../shared/schema.js';

const { nodes, marks } = schema;

/** True if the mark is on across the selection (or stored at the cursor). */
export function markActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks || $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

/** True if the selection's textblock is of this type (and attrs, when given). */
export function blockActive(state: EditorState, type: NodeType, attrs?: Attrs): boolean {
  const { $from, to } = state.selection;
  if (to > $from.end()) return false;
  const parent = $from.parent;
  return parent.type === type && (!attrs || Object.entries(attrs).every(([k, v]) => parent.attrs[k] === v));
}

/** True if the selection sits inside a node of this type (a list, a quote). */
export function insideNode(state: EditorState, type: NodeType): boolean {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) if ($from.node(d).type === type) return true;
  return false;
}

export const toggleBold = toggleMark(marks.bold);
export const toggleItalic = toggleMark(marks.italic);
export const toggleUnderline = toggleMark(marks.underline);
export const toggleStrike = toggleMark(marks.strike);

/** Makes the selected blocks headings of a level (1-3). */
export const setHeading = (level: 1 | 2 | 3): Command => setBlockType(nodes.heading, { level });
export const setParagraph: Command = setBlockType(nodes.paragraph);
export const bulletList: Command = wrapInList(nodes.bullet_list);
export const orderedList: Command = wrapInList(nodes.ordered_list);

/** Wraps the selection in a block quote, or lifts it out when already quoted. */
export const toggleBlockquote: Command = (state, dispatch) => (insideNode(state, nodes.blockquote) ? lift(state, dispatch) : wrapIn(nodes.blockquote)(state, dispatch));

/** Inserts a horizontal rule at the selection. */
export const insertHorizontalRule: Command = (state, dispatch) => {
  const hr = nodes.horizontal_rule.create();
  if (!canInsert(state, nodes.horizontal_rule)) return false;
  dispatch?.(state.tr.replaceSelectionWith(hr).scrollIntoView());
  return true;
};

/** Inserts an empty table of rows x cols (first row as header cells). */
export function insertTable(rows = 3, cols = 3): Command {
  return (state, dispatch) => {
    if (!canInsert(state, nodes.table) || isInTable(state)) return false;
    const cell = (type: NodeType) => type.createAndFill()!;
    const row = (header: boolean) => nodes.table_row.create(null, Array.from({ length: cols }, () => cell(header ? nodes.table_header : nodes.table_cell)));
    const table = nodes.table.create(null, Array.from({ length: rows }, (_, i) => row(i === 0)));
    if (!dispatch) return true;
    const tr = state.tr.replaceSelectionWith(table);
    // Put the caret in the first cell, so typing and Tab fill the table.
    let firstCell = -1;
    tr.doc.nodesBetween(tr.mapping.map(state.selection.from, -1), tr.doc.content.size, (node, pos) => {
      if (firstCell >= 0) return false;
      if (node.type === nodes.table_header || node.type === nodes.table_cell) firstCell = pos;
      return firstCell < 0;
    });
    if (firstCell >= 0) tr.setSelection(TextSelection.near(tr.doc.resolve(firstCell + 1)));
    dispatch(tr.scrollIntoView());
    return true;
  };
}

export const tableCommands = { addRowAfter, deleteRow, addColumnAfter, deleteColumn };

/** Sets a link on the selection; throws RangeError for an unsafe URL (the dialog checks first). */
export function setLink(href: string): Command {
  const safe = safeHref(href);
  if (!safe) throw new RangeError(`Unsafe link: ${href}`);
  return (state, dispatch) => {
    const { from, to, empty } = state.selection;
    if (empty) return false;
    dispatch?.(state.tr.removeMark(from, to, marks.link).addMark(from, to, marks.link.create({ href: safe })).scrollIntoView());
    return true;
  };
}

/** Removes links from the selection. */
export const removeLink: Command = (state, dispatch) => {
  const { from, to } = state.selection;
  if (!state.doc.rangeHasMark(from, to, marks.link)) return false;
  dispatch?.(state.tr.removeMark(from, to, marks.link));
  return true;
};

/** The href of the link at the selection, if any. */
export function linkAt(state: EditorState): string | null {
  const { $from, from, to, empty } = state.selection;
  const found = empty ? marks.link.isInSet($from.marks()) : null;
  if (found) return String(found.attrs.href);
  let href: string | null = null;
  state.doc.nodesBetween(from, to, (node) => {
    const mark = marks.link.isInSet(node.marks);
    if (mark && href === null) href = String(mark.attrs.href);
  });
  return href;
}

function canInsert(state: EditorState, type: NodeType): boolean {
  const $from = state.selection.$from;
  for (let d = $from.depth; d >= 0; d--) {
    const index = $from.index(d);
    if ($from.node(d).canReplaceWith(index, index, type)) return true;
  }
  return false;
}
