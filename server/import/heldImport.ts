/**
 * An import converted away from the database, so the conversion can run in a worker thread
 * (importThread.ts): the worker converts with a picture store that only holds each picture's bytes
 * and gives its <img> a placeholder Quire file URL, unique to this conversion. Back in the server's
 * thread, storeHeldImport stores those pictures as files and puts their real URLs in place of the
 * placeholders, in the document and in every page it was split into. Which pictures are brought
 * in, and the preview's lines about those left out, are all decided during conversion, as before.
 */
import { randomBytes } from 'node:crypto';
import { fileUrl } from '../../shared/files.js';
import { convertImport, type ConvertedImport } from './convert.js';
import type { PictureStore } from './importImages.js';

/** A picture brought in by a conversion, waiting to be stored: its placeholder src and what storing it needs. */
export interface HeldPicture {
  src: string;
  bytes: Uint8Array;
  contentType: string;
  name: string;
  width: number | null;
  height: number | null;
}

/** A converted file whose pictures are not stored yet. */
export interface HeldImport extends Omit<ConvertedImport, 'fileIds'> {
  /** The pictures, in the order they appear. */
  pictures: HeldPicture[];
}

/** Converts a file (bytes and its cleaned name), holding its pictures instead of storing them. */
export async function convertHeld(bytes: Uint8Array, name: string): Promise<HeldImport> {
  const pictures: HeldPicture[] = [];
  const nonce = randomBytes(9).toString('base64url');
  const store: PictureStore = {
    place(picture) {
      const fileId = `held-${nonce}-${pictures.length + 1}`;
      const src = fileUrl('import', fileId);
      pictures.push({ ...picture, src });
      return { src, fileId };
    },
  };
  const { fileIds: _placeholders, ...converted } = await convertImport(bytes, name, store);
  return { ...converted, pictures };
}

interface JsonNode {
  type?: string;
  attrs?: { src?: unknown };
  content?: JsonNode[];
}

/** Puts the real src of each held picture in place of its placeholder, in place. */
function rewriteSrcs(node: JsonNode, real: ReadonlyMap<string, string>): void {
  if (node.type === 'image' && node.attrs && typeof node.attrs.src === 'string') {
    const src = real.get(node.attrs.src);
    if (src) node.attrs.src = src;
  }
  for (const child of node.content ?? []) rewriteSrcs(child, real);
}

/** Stores a held import's pictures in `store` and returns the import as the preview keeps it. */
export function storeHeldImport(held: HeldImport, store: PictureStore): ConvertedImport {
  const real = new Map<string, string>();
  const fileIds: string[] = [];
  for (const { src, ...picture } of held.pictures) {
    const stored = store.place(picture);
    real.set(src, stored.src);
    fileIds.push(stored.fileId);
  }
  // The pages may share nodes with the document; a src already rewritten is not a placeholder, so it is left alone.
  rewriteSrcs(held.document as JsonNode, real);
  for (const page of held.pages) rewriteSrcs(page.doc as JsonNode, real);
  return { format: held.format, document: held.document, pages: held.pages, notKept: held.notKept, fileIds };
}
