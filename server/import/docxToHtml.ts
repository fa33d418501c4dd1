/**
 * Word (DOCX) to HTML with mammoth, which maps Word's headings, lists, tables, links, bold and
 * italic to plain HTML and leaves looks (fonts, colours, sizes) behind. Embedded pictures are
 * handed over as bytes with a placeholder src (never a data: URL), and mammoth's messages about
 * what it could not map are turned into the preview's "not kept" lines in plain words.
 */
import mammoth from 'mammoth';
import { badRequest } from '../errors.js';
import { embeddedSrc, type EmbeddedPicture } from './importImages.js';
import type { NotKept } from './notKept.js';
import { checkUnzippedSize } from './unzippedSize.js';

/** The HTML of a Word file and the pictures it carries (by placeholder index). */
export interface DocxHtml {
  html: string;
  pictures: EmbeddedPicture[];
}

const NOT_A_DOCX = 'This file could not be read as a Word document. Save it from Word as a .docx file (not .doc) and choose it again.';

/** Converts a DOCX file's bytes to HTML, noting what mammoth could not map. */
export async function docxToHtml(bytes: Uint8Array, notKept: NotKept): Promise<DocxHtml> {
  checkUnzippedSize(bytes);
  const pictures: EmbeddedPicture[] = [];
  const convertImage = mammoth.images.imgElement(async (image) => {
    const index = pictures.length;
    pictures.push({ bytes: new Uint8Array(await image.readAsBuffer()), claimedType: image.contentType });
    return { src: embeddedSrc(index) };
  });
  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
  try {
    result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        convertImage,
        externalFileAccess: false,
        // Mammoth leaves comments out without a word; count them so the preview can say so.
        transformDocument: (document: { comments?: unknown[] }) => {
          for (let i = 0; i < (document.comments?.length ?? 0); i++) notKept.add('wordComments');
          return document;
        },
      },
    );
  } catch {
    throw badRequest(NOT_A_DOCX);
  }
  for (const message of result.messages) {
    const style = /^Unrecognised (?:paragraph|run|table|numbering) style: '([^']*)'/.exec(message.message);
    if (style) notKept.add('wordStyles', style[1]);
    else notKept.add('wordOther', message.message);
  }
  for (let i = result.value.match(/<li id="(?:footnote|endnote)-\d+">/g)?.length ?? 0; i > 0; i--) notKept.add('wordNotes');
  // The "back to the text" arrow of each note: in-page links cannot work in a page (ids are not kept).
  const html = result.value.replace(/ ?<a href="#(?:footnote|endnote)-ref-\d+">\u2191<\/a>/g, '');
  return { html, pictures };
}
