/**
 * A page's Yjs state read as its ProseMirror document (shared/schema.ts), the way the editor would
 * show it, and the words on it. Used to open a revision read-only, to restore one, and to count
 * the words a revision holds.
 */
import * as Y from 'yjs';
import type { Node as PMNode } from 'prosemirror-model';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { FRAGMENT_NAME } from '../../shared/collab.js';
import { schema } from '../../shared/schema.js';
import { countWordsIn } from './diff/words.js';

/** The ProseMirror document of a Yjs doc's page body. */
export function pageDocOf(doc: Y.Doc): PMNode {
  return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(FRAGMENT_NAME), schema);
}

/** The ProseMirror document of a page state (a Yjs update). */
export function pageDocOfState(state: Uint8Array): PMNode {
  const doc = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(doc, state);
    return pageDocOf(doc);
  } finally {
    doc.destroy();
  }
}

/** Words in a document, counted as the diff counts them, across blocks and table cells. */
export function countWords(node: PMNode): number {
  return countWordsIn(node.textBetween(0, node.content.size, ' ', ' '));
}
