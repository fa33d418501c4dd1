/**
 * Where an inline comment is: two Yjs relative positions, one before the first commented
 * character and one after the last. A relative position names a Yjs item (a character as typed by
 * someone), not a number, so the range follows its words through everyone's inserts and deletes.
 * The start leans right (text typed just before the range stays out of it) and the end leans left
 * (text typed just after stays out too). A position whose character was deleted resolves to where
 * that character was, so deleting around the range shrinks it; deleting all of it collapses it.
 *
 * The client makes anchors from the editor's selection and resolves them for highlights; the server
 * resolves them against the stored page to order threads and to tell when their words are gone.
 * Both go through y-prosemirror's mapping between Yjs types and ProseMirror nodes.
 */
import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';
import type { Node } from 'prosemirror-model';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from 'y-prosemirror';
import { limits } from './limits.js';
import { FRAGMENT_NAME } from './collab.js';

/** y-prosemirror's map from Yjs types to the ProseMirror nodes made from them. */
export type YMapping = Parameters<typeof relativePositionToAbsolutePosition>[3];

/** An anchor as sent and stored: base64 of each encoded relative position. */
export interface EncodedAnchor {
  from: string;
  to: string;
}

/** Encodes a relative position as base64. */
export function encodePosition(position: Y.RelativePosition): string {
  return toBase64(Y.encodeRelativePosition(position));
}

/** Decodes a relative position from its bytes, or null if they are not one (or too many). */
export function decodePositionBytes(bytes: Uint8Array): Y.RelativePosition | null {
  if (bytes.length === 0 || bytes.length > limits.commentAnchorBytes) return null;
  try {
    const position = Y.decodeRelativePosition(bytes);
    // A position names an item, or a type (by item, or as the page's root fragment); resolving a
    // position that names another root would create that root in the document, so it is refused.
    if (!position.item && !position.type && position.tname !== FRAGMENT_NAME) return null;
    if (position.tname !== null && position.tname !== undefined && position.tname !== FRAGMENT_NAME) return null;
    // Re-encoding must give back the same bytes: trailing junk or a truncated varint is refused.
    const again = Y.encodeRelativePosition(position);
    return again.length === bytes.length && again.every((b, i) => b === bytes[i]) ? position : null;
  } catch {
    return null;
  }
}

/** Decodes a base64 relative position, or null. */
export function decodePosition(encoded: string): Y.RelativePosition | null {
  try {
    const bytes = fromBase64(encoded);
    // Only canonical base64: decoders differ on stray padding and junk, so anything else is refused.
    return toBase64(bytes) === encoded ? decodePositionBytes(bytes) : null;
  } catch {
    return null;
  }
}

/** Makes the anchor of the ProseMirror range [from, to) of the doc bound to `fragment`. */
export function anchorFromRange(fragment: Y.XmlFragment, mapping: YMapping, from: number, to: number): EncodedAnchor {
  const start = absolutePositionToRelativePosition(from, fragment, mapping) as Y.RelativePosition;
  let end = absolutePositionToRelativePosition(to, fragment, mapping) as Y.RelativePosition;
  // Lean the end on the last commented character, so text typed right after the range stays out.
  const doc = fragment.doc;
  const at = doc ? Y.createAbsolutePositionFromRelativePosition(end, doc) : null;
  if (at && at.type instanceof Y.XmlText && at.index > 0) end = Y.createRelativePositionFromTypeIndex(at.type, at.index, -1);
  return { from: encodePosition(start), to: encodePosition(end) };
}

/** The text of a range as an anchor shows it: blocks and line breaks become spaces, blanks collapse. */
export function rangeText(doc: Node, from: number, to: number): string {
  return doc.textBetween(from, to, ' ', ' ').replace(/\s+/g, ' ').trim();
}

/** An anchor resolved against a page as it is now. */
export interface ResolvedAnchor {
  /** Where the range starts now (also for a collapsed one), or null when not even that is known. */
  position: number | null;
  /** The range and its text, or null when its words are gone (deleted, or not seen here yet). */
  range: { from: number; to: number; text: string } | null;
}

/** Quotes shorter than this are too common to look for again when their characters are gone. */
const REFIND_MIN_CHARS = 8;
/** How far (in positions) from where its characters were a quote may be found again. */
const REFIND_REACH = 64;

/** The doc's text as rangeText gives it (blocks and blanks as one space), with each character's position. */
function flatText(doc: Node): { text: string; pos: number[] } {
  let text = '';
  const pos: number[] = [];
  const blank = (at: number) => {
    if (text !== '' && !text.endsWith(' ')) {
      text += ' ';
      pos.push(at);
    }
  };
  doc.descendants((node, at) => {
    if (node.isText) {
      const chars = node.text ?? '';
      for (let i = 0; i < chars.length; i += 1) {
        if (/\s/.test(chars[i])) blank(at + i);
        else {
          text += chars[i];
          pos.push(at + i);
        }
      }
    } else if (node.isBlock || node.isLeaf) blank(at);
    return true;
  });
  return { text, pos };
}

/**
 * Finds a quote again after its characters were re-created rather than kept: y-prosemirror
 * rewrites the text after the caret when a paragraph is split, and a whole paragraph when two are
 * joined. The quote counts as found only where it cannot be a different passage: near where its
 * characters were (when that is known), or else only once in the whole page.
 */
function refind(doc: Node, quote: string, near: number | null): { from: number; to: number; text: string } | null {
  if (quote.length < REFIND_MIN_CHARS) return null;
  const { text, pos } = flatText(doc);
  const found: number[] = [];
  for (let i = text.indexOf(quote); i >= 0; i = text.indexOf(quote, i + 1)) found.push(i);
  let index: number | undefined;
  if (near !== null) {
    const distance = (i: number) => Math.abs(pos[i] - near);
    index = found.filter((i) => distance(i) <= REFIND_REACH).sort((a, b) => distance(a) - distance(b))[0];
  } else if (found.length === 1) index = found[0];
  if (index === undefined) return null;
  return { from: pos[index], to: pos[index + quote.length - 1] + 1, text: quote };
}

/**
 * Resolves an anchor against a Yjs doc and the ProseMirror doc built from it with `mapping`.
 * With its `quote`, an anchor whose characters are gone is looked for again (see refind).
 */
export function resolveAnchor(ydoc: Y.Doc, fragment: Y.XmlFragment, mapping: YMapping, doc: Node, anchor: { from: Y.RelativePosition; to: Y.RelativePosition; quote?: string | null }): ResolvedAnchor {
  const resolved = resolvePositions(ydoc, fragment, mapping, doc, anchor);
  if (resolved.range || !anchor.quote) return resolved;
  const again = refind(doc, anchor.quote, resolved.position);
  return again ? { position: again.from, range: again } : resolved;
}

function resolvePositions(ydoc: Y.Doc, fragment: Y.XmlFragment, mapping: YMapping, doc: Node, anchor: { from: Y.RelativePosition; to: Y.RelativePosition }): ResolvedAnchor {
  const size = doc.content.size;
  const inDoc = (pos: number | null) => (pos !== null && pos >= 0 && pos <= size ? pos : null);
  let from = inDoc(relativePositionToAbsolutePosition(ydoc, fragment, anchor.from, mapping));
  let to = inDoc(relativePositionToAbsolutePosition(ydoc, fragment, anchor.to, mapping));
  // One end in a block that was deleted whole (its items are gone): what is left of the range runs
  // to the end (or from the start) of the block the other end is in.
  if (from !== null && to === null) to = doc.resolve(from).end();
  else if (from === null && to !== null) from = doc.resolve(to).start();
  if (from === null || to === null || to <= from) return { position: from ?? to, range: null };
  const text = rangeText(doc, from, to);
  return { position: from, range: text === '' ? null : { from, to, text } };
}
