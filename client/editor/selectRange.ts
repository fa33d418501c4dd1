/** Selecting a range of the page's text from outside the editor (a comment thread, a finding). */
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';

/**
 * Selects a range and scrolls to it. Editable text takes the focus; read-only text cannot, and
 * ProseMirror leaves the page's selection alone there, so the words are selected in the page
 * itself, as dragging over them would.
 */
export function selectRange(view: EditorView, range: { from: number; to: number }): void {
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, range.from, range.to)).scrollIntoView());
  if (view.editable) {
    view.focus();
    return;
  }
  const start = view.domAtPos(range.from);
  const end = view.domAtPos(range.to);
  const selected = document.createRange();
  selected.setStart(start.node, start.offset);
  selected.setEnd(end.node, end.offset);
  const selection = document.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(selected);
}
