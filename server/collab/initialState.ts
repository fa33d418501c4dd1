/**
 * The first Yjs state of a new page, made once on the server from ProseMirror JSON, so clients
 * never insert initial content (which would duplicate when a second person joins).
 */
import * as Y from 'yjs';
import { prosemirrorJSONToYDoc } from 'y-prosemirror';
import { schema, EMPTY_DOC, type DocJSON } from '../../shared/schema.js';
import { FRAGMENT_NAME } from '../../shared/collab.js';

/** Encodes a ProseMirror document (validated against the schema) as a Yjs update. */
export function initialPageState(doc: DocJSON = EMPTY_DOC): Uint8Array {
  schema.nodeFromJSON(doc).check();
  const ydoc = prosemirrorJSONToYDoc(schema, doc, FRAGMENT_NAME);
  const update = Y.encodeStateAsUpdate(ydoc);
  ydoc.destroy();
  return update;
}
