/**
 * An import converted away from the database, so the conversion can run in a worker thread
 * (importThread.ts): the worker converts with a picture store that only holds each picture's bytes
 * and gives its <img> a placeholder Quire file URL, unique to this conversion. Back in the server's
 * thread, storeHeldImport stores those pictures as files and puts their real URLs in place of the
 * placeholders, in the document and in every page it was split into. Which pictures are brought
 * in, and the preview's lines about those left out, are all decided during conversion, as before.
 *
 * The document and its pages cross as JSON text, not objects: a big file's document takes the
 * server's thread hundreds of milliseconds to receive as objects and as long again to write into
 * the preview's answer, while text crosses at once and goes into the answer as it is. The server's
 * thread parses it only when the preview is confirmed.
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

/** A converted file as JSON text, before anything is stored. */
interface ImportText extends Pick<ConvertedImport, 'format' | 'notKept'> {
  /** The page document, as JSON text (DocJSON). */
  documentJson: string;
  /** The document split at its top-level headings, as JSON text (ImportSection[]). */
  pagesJson: string;
}

/** A converted file whose pictures are not stored yet. */
export interface HeldImport extends ImportText {
  /** The pictures, in the order they appear. */
  pictures: HeldPicture[];
}

/** A converted file whose pictures are stored: what a preview keeps. */
export interface StoredImport extends ImportText {
  /** The files rows made for the pictures brought in, in the order they appear. */
  fileIds: string[];
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
  const converted = await convertImport(bytes, name, store);
  return { format: converted.format, notKept: converted.notKept, documentJson: JSON.stringify(converted.document), pagesJson: JSON.stringify(converted.pages), pictures };
}

/** Stores a held import's pictures in `store` and puts their real srcs in place of the placeholders. */
export function storeHeldImport(held: HeldImport, store: PictureStore): StoredImport {
  let { documentJson, pagesJson } = held;
  const fileIds: string[] = [];
  for (const { src, ...picture } of held.pictures) {
    const stored = store.place(picture);
    fileIds.push(stored.fileId);
    // Quoted, so "…-1" never matches inside "…-10"; the random part means no text of the file can match.
    const placeholder = JSON.stringify(src);
    documentJson = documentJson.replaceAll(placeholder, JSON.stringify(stored.src));
    pagesJson = pagesJson.replaceAll(placeholder, JSON.stringify(stored.src));
  }
  return { format: held.format, notKept: held.notKept, documentJson, pagesJson, fileIds };
}
