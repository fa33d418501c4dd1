/**
 * Pictures in the PDF export. Each picture is opened by pdfkit once per document (a picture placed
 * twice is embedded once) and drawn as an image XObject: at its width percentage of the text
 * column, or at its natural size (96 pixels to the inch, as a browser prints it) capped at the
 * column when it has none; scaled down to be no taller than the page's text area; moved whole to
 * the next page when it does not fit below the text. pdfkit reads a JPEG's EXIF orientation and
 * turns the picture upright, so its upright size is what is measured.
 *
 * The alt text goes into the file as the /Alt of a Span marked-content sequence around the
 * picture (PDF 1.5 section 14.9.3), which screen readers and text extraction can use without the
 * document being tagged; the writer does not tag the rest of the document, so it does not claim
 * to be a tagged PDF.
 *
 * pdfkit decodes some PNGs (those with transparency, or interlaced) with a zlib callback that
 * throws out of reach of any caller, which would end the thread. So each PNG's compressed data is
 * inflated here first, bounded by the size its header claims; a picture whose data is damaged is
 * shown as its alt text instead, like any picture export cannot embed.
 */
import { inflateSync } from 'node:zlib';
import type { Node as PmNode } from 'prosemirror-model';
import { drawnSize, exportImage, type ExportImage, type ExportImages } from './images.js';
import { bottomOf, type Frame, type Pdf } from './pdfBody.js';

/** A picture as pdfkit opened it (a PNG keeps its compressed pixel data in imgData). */
interface OpenedImage {
  width: number;
  height: number;
  orientation?: number;
  imgData?: Uint8Array;
}

/** Whether a PNG's pixel data inflates, within what a picture of its size can hold (8 bytes a pixel, a filter byte a row). */
function pngDataInflates(image: OpenedImage): boolean {
  if (!image.imgData) return true;
  try {
    inflateSync(image.imgData, { maxOutputLength: image.width * image.height * 8 + image.height + 1024 });
    return true;
  } catch {
    return false;
  }
}

/** Points per CSS pixel (72 points, 96 pixels to the inch). */
const POINTS_PER_PIXEL = 0.75;

/** The pictures of one PDF document. */
export class PdfPictures {
  private readonly opened = new Map<string, OpenedImage | null>();

  constructor(private readonly images: ExportImages) {}

  /** Draws an image node in the frame at the current y and moves below it; returns what was shown (a link for images it cannot embed, for the caller to write). */
  draw(pdf: Pdf, node: PmNode, frame: Frame): ExportImage {
    const shown = exportImage(node.attrs, this.images);
    if (shown.kind === 'link') return shown;
    const src = String(node.attrs.src);
    if (!this.opened.has(src)) this.opened.set(src, this.open(pdf, shown.image.bytes));
    const image = this.opened.get(src);
    if (!image) return { kind: 'link', href: null, text: `Image: ${shown.alt}` };
    const upright = (image.orientation ?? 1) > 4 ? { width: image.height, height: image.width } : image;
    const tallest = bottomOf(pdf) - pdf.page.margins.top;
    const size = drawnSize(upright, shown.width, frame.width, tallest, POINTS_PER_PIXEL);
    if (pdf.y + size.height > bottomOf(pdf)) pdf.addPage();
    const y = pdf.y;
    pdf.markContent('Span', { alt: shown.alt });
    pdf.image(image as unknown as Buffer, frame.x, y, { width: size.width, height: size.height });
    pdf.endMarkedContent();
    pdf.x = frame.x;
    pdf.y = y + size.height;
    return shown;
  }

  /** Opens a picture's bytes with pdfkit, or null when they cannot be read. */
  private open(pdf: Pdf, bytes: Uint8Array): OpenedImage | null {
    try {
      const image = (pdf as unknown as { openImage(src: Buffer): OpenedImage }).openImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return pngDataInflates(image) ? image : null;
    } catch {
      return null;
    }
  }
}
