/**
 * What export does with an image. Export never fetches anything: a picture is embedded only when
 * its src names a file of the paper being exported in Quire's own store (shared/files.ts), the
 * file is not deleted, its type is one every format can place (PNG or JPEG) and its bytes are
 * there. Any other image (another paper's file, a deleted file, a missing blob, an outside URL)
 * becomes its alt text as "Image: ..." (a link only for a safe outside URL: a Quire file URL means
 * nothing in a downloaded file), never an error.
 *
 * Files are resolved in the server's thread while the export is assembled (storedImages reads
 * the database and the blob store), and the bytes travel with the ExportDocument to the writers,
 * which may run in the export worker: the writers themselves never read the store. Files are
 * immutable by id, so a release exports exactly the pictures it placed.
 */
import { safeHref, imageWidth, type DocJSON } from '../../shared/schema.js';
import { parseFileUrl, PLACEABLE_IMAGE_TYPES } from '../../shared/files.js';
import type { Db } from '../store/database.js';
import type { BlobStore } from '../files/blobStore.js';
import { fileById } from '../store/files.js';
import { imageSize, imageSizeRefusal } from '../files/imageSize.js';

/** A picture's bytes as the writers embed them, with its size in pixels. */
export interface StoredImage {
  contentType: (typeof PLACEABLE_IMAGE_TYPES)[number];
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** The pictures an export embeds, by the src the image nodes carry. */
export type ExportImages = Readonly<Record<string, StoredImage>>;

/** Finds the stored picture an image's src names, or null when it must not or cannot be embedded. */
export type ImageResolver = (src: string) => StoredImage | null;

/** No store: nothing is embedded. */
export const NO_IMAGES: ImageResolver = () => null;

/** An image as a writer should show it: embedded (with its width, a percentage of the column, or null), or as text. */
export type ExportImage =
  | { kind: 'embedded'; image: StoredImage; alt: string; width: number | null }
  | { kind: 'link'; href: string | null; text: string };

const isPlaceable = (type: string): type is StoredImage['contentType'] => (PLACEABLE_IMAGE_TYPES as readonly string[]).includes(type);

/** Resolves only the files of this paper that are not deleted, are PNG or JPEG, and whose bytes are stored and readable. */
export function storedImages(db: Db, blobs: BlobStore, paperId: string): ImageResolver {
  return (src) => {
    const named = parseFileUrl(src);
    if (!named || named.paperId !== paperId) return null;
    const row = fileById(db, paperId, named.fileId);
    if (!row || row.deletedAt || !isPlaceable(row.contentType)) return null;
    const bytes = blobs.read(row.sha256);
    if (!bytes) return null;
    // A header that cannot be read, or a size uploads refuse, is not handed to a writer to decode.
    const size = imageSize(bytes, row.contentType);
    if (!size || imageSizeRefusal(size)) return null;
    // A fresh buffer of its own, so it can be handed to the export worker without copying.
    return { contentType: row.contentType, bytes: new Uint8Array(bytes), width: size.width, height: size.height };
  };
}

/** The src of every image in a page body, in order (repeats included). */
export function imageSrcs(body: DocJSON): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const { type, attrs, content } = node as { type?: unknown; attrs?: { src?: unknown }; content?: unknown };
    if (type === 'image' && typeof attrs?.src === 'string') out.push(attrs.src);
    if (Array.isArray(content)) content.forEach(walk);
  };
  walk(body);
  return out;
}

/**
 * The buffers of an export's pictures, to transfer to the worker rather than copy. Only a buffer a
 * picture has to itself is transferred: a view into a larger one (Node's shared pool of small
 * Buffers) is copied instead. Node 20 quietly copies the pool when asked to transfer it; newer
 * versions refuse the message, so it is left out of the list here.
 */
export function imageBuffers(images: ExportImages): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const { bytes } of Object.values(images)) {
    if (bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.byteLength > 0) buffers.add(bytes.buffer);
  }
  return [...buffers];
}

/** The alt text of an image as export writes it: trimmed, "Image" when empty. */
export function altText(alt: unknown): string {
  return typeof alt === 'string' && alt.trim() ? alt.trim().replace(/\s+/g, ' ') : 'Image';
}

/** How to export an image node with these attributes; never touches the store or the network. */
export function exportImage(attrs: { src?: unknown; alt?: unknown; width?: unknown }, images: ExportImages): ExportImage {
  const alt = altText(attrs.alt);
  const image = typeof attrs.src === 'string' && Object.hasOwn(images, attrs.src) ? images[attrs.src] : null;
  // An empty buffer is one already handed to the worker thread: it is not there to embed.
  if (image && image.bytes.byteLength > 0) return { kind: 'embedded', image, alt, width: imageWidth(attrs.width) };
  // A Quire file URL means nothing outside Quire (and names another paper's file): text only.
  return { kind: 'link', href: parseFileUrl(attrs.src) ? null : safeHref(attrs.src), text: `Image: ${alt}` };
}

/** A picture as a data: URL, so an HTML or Markdown file stays self-contained. */
export function dataUrl(image: StoredImage): string {
  return `data:${image.contentType};base64,${Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength).toString('base64')}`;
}

/**
 * The size a picture is drawn at, in the units of `column` and `tallest` (`perPixel` of them to a
 * pixel at 96 to the inch): its width percentage of the column, or its natural size capped at the
 * column when it has none, then scaled down to be no taller than `tallest`.
 */
export function drawnSize(natural: { width: number; height: number }, widthPercent: number | null, column: number, tallest: number, perPixel: number): { width: number; height: number } {
  let width = widthPercent === null ? Math.min(natural.width * perPixel, column) : (column * widthPercent) / 100;
  let height = (width * natural.height) / natural.width;
  if (height > tallest) {
    width *= tallest / height;
    height = tallest;
  }
  return { width, height };
}
