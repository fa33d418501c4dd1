/**
 * Comment anchors on the server: checking the ones a client sends, and resolving stored ones
 * against the page as it is now (the live room's document, or the stored one), to say where each
 * thread is, what text it covers, and whether that text is gone. shared/commentAnchors.ts has the
 * rules; this file reads the page and keeps the bytes.
 */
import * as Y from 'yjs';
import { initProseMirrorDoc } from 'y-prosemirror';
import { FRAGMENT_NAME } from '../../shared/collab.js';
import { schema } from '../../shared/schema.js';
import { decodePosition, decodePositionBytes, resolveAnchor, type ResolvedAnchor } from '../../shared/commentAnchors.js';
import type { CommentAnchorBody } from '../../shared/comments.js';
import { fromBase64 } from 'lib0/buffer';
import { badRequest } from '../errors.js';
import type { CollabServer } from '../collab/server.js';

const INVALID = 'The comment’s place in the text is not valid. Select the text again.';

/** The stored form of an anchor a client sent: both positions' bytes; 400 if either is not a relative position. */
export function checkAnchor(anchor: CommentAnchorBody): { from: Uint8Array; to: Uint8Array } {
  if (!decodePosition(anchor.from) || !decodePosition(anchor.to)) throw badRequest(INVALID, { 'anchor.from': INVALID });
  return { from: fromBase64(anchor.from), to: fromBase64(anchor.to) };
}

/** One page's text as it is now, for resolving many anchors against it. */
export class PageText {
  private constructor(
    private readonly ydoc: Y.Doc,
    private readonly built: ReturnType<typeof initProseMirrorDoc>,
  ) {}

  /** Reads the page now (null if it cannot be read: threads are then shown without their place). */
  static async load(collab: CollabServer, pageId: string): Promise<PageText | null> {
    let state: Uint8Array;
    try {
      state = await collab.currentState(pageId);
    } catch {
      return null;
    }
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, state);
    return new PageText(ydoc, initProseMirrorDoc(ydoc.getXmlFragment(FRAGMENT_NAME), schema));
  }

  /** Where a stored anchor is now (unreadable bytes count as text that is gone); with its quote, words re-created by a split or join are found again. */
  resolve(from: Uint8Array, to: Uint8Array, quote: string | null = null): ResolvedAnchor {
    const start = decodePositionBytes(from);
    const end = decodePositionBytes(to);
    if (!start || !end) return { position: null, range: null };
    return resolveAnchor(this.ydoc, this.ydoc.getXmlFragment(FRAGMENT_NAME), this.built.mapping, this.built.doc, { from: start, to: end, quote });
  }

  destroy(): void {
    this.ydoc.destroy();
  }
}
