/**
 * One saved version's text shown read-only: a ProseMirror view of shared/schema.ts that cannot be
 * edited, named as that version so it is never mistaken for the live page.
 */
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { schema } from '../../../shared/schema.js';

/** Renders a revision's document (ProseMirror JSON of shared/schema.ts) into a new element; destroy() frees the view. */
export function revisionDocument(docJson: unknown, label: string): { el: HTMLElement; destroy(): void } {
  const el = document.createElement('div');
  el.className = 'revision-document';
  const view = new EditorView(el, {
    state: EditorState.create({ schema, doc: schema.nodeFromJSON(docJson) }),
    editable: () => false,
    attributes: { role: 'document', 'aria-label': label, class: 'page-text revision-text' },
  });
  return { el, destroy: () => view.destroy() };
}
