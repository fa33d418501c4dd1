/**
 * Pictures an import brings in: those inside the file itself (data: URLs in HTML or Markdown,
 * pictures embedded in a Word file), never ones it links to, since Quire never fetches from
 * elsewhere. Each picture's real type is read from its bytes; PNG and JPEG (the types every export
 * can embed) up to the image size limit are stored and get a Quire file URL the schema keeps; the
 * rest are counted for the preview. The store is passed in, so conversion can be tested alone.
 */
import type { Db } from '../store/database.js';
import type { BlobStore } from '../files/blobStore.js';
import { insertFile } from '../store/files.js';
import { detectType } from '../files/sniff.js';
import { imageSize, imageSizeRefusal } from '../files/imageSize.js';
import { fileUrl, formatBytes, PLACEABLE_IMAGE_TYPES } from '../../shared/files.js';
import { limits } from '../../shared/limits.js';
import type { NotKept } from './notKept.js';

/** Where placed pictures go: returns the src an image node will hold. */
export interface PictureStore {
  place(picture: { bytes: Uint8Array; contentType: string; name: string; width: number | null; height: number | null }): { src: string; fileId: string };
}

/** A picture carried inside the source file (a Word file's embedded picture), waiting for its <img> to be reached. */
export interface EmbeddedPicture {
  bytes: Uint8Array;
  /** What the source said it is; only used in the "not kept" example, the bytes decide. */
  claimedType: string;
}

/** The src an embedded picture's <img> carries until it is placed: never a URL anything could fetch. */
export const embeddedSrc = (index: number) => `quire-embedded:${index}`;

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg' };

/** The bytes of a data: URL, or null when it is not one or cannot be decoded. */
export function dataUrlBytes(src: string): Uint8Array | null {
  const match = /^data:([^,]*?),(.*)$/is.exec(src.trim());
  if (!match) return null;
  try {
    if (/;base64$/i.test(match[1])) return new Uint8Array(Buffer.from(match[2].replace(/\s+/g, ''), 'base64'));
    return new Uint8Array(Buffer.from(decodeURIComponent(match[2]), 'utf8'));
  } catch {
    return null;
  }
}

/** Places the pictures of one import, naming them after the file and counting what it leaves out. */
export class ImportPictures {
  private placed = 0;
  readonly fileIds: string[] = [];

  constructor(
    private readonly store: PictureStore,
    private readonly baseName: string,
    private readonly notKept: NotKept,
    private readonly embedded: readonly EmbeddedPicture[] = [],
  ) {}

  /** How many pictures were placed. */
  get count(): number {
    return this.placed;
  }

  /**
   * Handles one <img>: returns the Quire src and alt to give it, or null when it is not brought in
   * (the reason is counted). `src` is the source's attribute; `alt` its description, if any.
   */
  take(src: string, alt: string): { src: string; alt: string } | null {
    const embedded = /^quire-embedded:(\d+)$/.exec(src);
    let bytes: Uint8Array | null;
    let claimed: string;
    if (embedded) {
      const picture = this.embedded[Number(embedded[1])];
      bytes = picture?.bytes ?? null;
      claimed = picture?.claimedType ?? 'unknown';
    } else if (/^\s*data:/i.test(src)) {
      bytes = dataUrlBytes(src);
      claimed = /^\s*data:([^;,]*)/i.exec(src)?.[1] || 'unknown';
    } else {
      this.notKept.add('remotePictures', src || '(a picture with no address)');
      return null;
    }
    if (!bytes || bytes.length === 0) {
      this.notKept.add('pictureTypes', `${claimed} (unreadable)`);
      return null;
    }
    const type = detectType(bytes).type;
    if (!(PLACEABLE_IMAGE_TYPES as readonly string[]).includes(type)) {
      this.notKept.add('pictureTypes', type === 'application/octet-stream' || type === 'text/plain' ? claimed : type);
      return null;
    }
    const size = imageSize(bytes, type);
    if (bytes.length > limits.imageBytes || (size && imageSizeRefusal(size))) {
      this.notKept.add('largePictures', size ? `${size.width} × ${size.height} pixels, ${formatBytes(bytes.length)}` : formatBytes(bytes.length));
      return null;
    }
    this.placed += 1;
    const name = `${this.baseName}-picture-${this.placed}.${EXTENSIONS[type]}`;
    const { src: stored, fileId } = this.store.place({ bytes, contentType: type, name, width: size?.width ?? null, height: size?.height ?? null });
    this.fileIds.push(fileId);
    const description = alt.replace(/\s+/g, ' ').trim().slice(0, limits.altTextChars);
    if (!description) this.notKept.add('noDescription', name);
    return { src: stored, alt: description || name };
  }
}

/** Stores pictures as files of a paper with no page yet (the page is given when the import is confirmed). */
export function storedPictures(deps: { db: Db; blobs: BlobStore; paperId: string; userId: string }): PictureStore {
  return {
    place(picture) {
      const sha256 = deps.blobs.put(picture.bytes);
      const fileId = insertFile(deps.db, {
        paperId: deps.paperId,
        pageId: null,
        sha256,
        name: picture.name,
        size: picture.bytes.length,
        contentType: picture.contentType,
        purpose: 'image',
        width: picture.width,
        height: picture.height,
        uploadedBy: deps.userId,
      });
      return { src: fileUrl(deps.paperId, fileId), fileId };
    },
  };
}
