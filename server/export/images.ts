/**
 * What export does with an image. Export never fetches a remote URL: an image is embedded only
 * when its bytes come from Quire's own store, and any other image becomes a link to where it lives
 * (when the link is safe) with its alt text. Quire has no image store yet (the attachments part of
 * the issues), so today every image becomes a link; when the store lands, `stored` resolves its
 * files and writers embed them (HTML as a data: URL, so the file stays self-contained).
 */
import { safeHref } from '../../shared/schema.js';

/** An image as a writer should show it. */
export type ExportImage = { kind: 'embedded'; dataUrl: string; alt: string } | { kind: 'link'; href: string | null; text: string };

/** Reads an image from Quire's own store by its src, or null when the src is not one of Quire's files. */
export type StoredImages = (src: string) => { contentType: string; bytes: Uint8Array } | null;

/** No store: nothing is embedded. */
export const NO_STORED_IMAGES: StoredImages = () => null;

/** How to export an image with this src and alt text; never touches the network. */
export function exportImage(src: unknown, alt: unknown, stored: StoredImages = NO_STORED_IMAGES): ExportImage {
  const altText = typeof alt === 'string' && alt.trim() ? alt.trim() : 'Image';
  const file = typeof src === 'string' ? stored(src) : null;
  if (file) return { kind: 'embedded', dataUrl: `data:${file.contentType};base64,${Buffer.from(file.bytes).toString('base64')}`, alt: altText };
  return { kind: 'link', href: safeHref(src), text: `Image: ${altText}` };
}
