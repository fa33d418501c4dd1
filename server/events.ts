/**
 * Events inside one Quire server, from the layer that changes data (routes, collab) to the layers
 * that tell people (socket.io). One instance per app, passed explicitly.
 */
import { EventEmitter } from 'node:events';

export interface AppEventMap {
  /** The page tree of a paper changed (create, rename, move, delete, restore). */
  'tree:changed': [paperId: string];
  /** A page's body was stored with edits by this user. */
  'page:edited': [paperId: string, pageId: string, userId: string];
  /** A paper's members changed; userId's access may have changed. */
  'members:changed': [paperId: string, userId: string];
}

export class AppEvents extends EventEmitter<AppEventMap> {}
