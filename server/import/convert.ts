/**
 * One import's conversion, from the file's bytes to what the preview shows: the format is
 * recognised, Markdown and Word are turned into HTML, the HTML becomes a page document through
 * the schema (htmlToDoc), and that document is also split at its top-level headings. Pictures go
 * to the given store; nothing else is written.
 */
import type { DocJSON } from '../../shared/schema.js';
import { titleFromFileName, type ImportFormat, type ImportSection, type NotKeptLine } from '../../shared/imports.js';
import { recogniseFile } from './fileFormat.js';
import { markdownToHtml } from './markdownToHtml.js';
import { docxToHtml } from './docxToHtml.js';
import { htmlToDoc } from './htmlToDoc.js';
import { ImportPictures, type EmbeddedPicture, type PictureStore } from './importImages.js';
import { splitAtHeadings } from './splitPages.js';
import { NotKept } from './notKept.js';

/** A converted file, before anything becomes a page. */
export interface ConvertedImport {
  format: ImportFormat;
  document: DocJSON;
  pages: ImportSection[];
  notKept: NotKeptLine[];
  /** The files rows made for the pictures brought in, in the order they appear. */
  fileIds: string[];
}

/** Converts a file (bytes and the name it was chosen with), placing its pictures in `store`. */
export async function convertImport(bytes: Uint8Array, name: string, store: PictureStore): Promise<ConvertedImport> {
  const file = recogniseFile(bytes, name);
  const notKept = new NotKept();
  let html: string;
  let embedded: EmbeddedPicture[] = [];
  if (file.format === 'docx') {
    ({ html, pictures: embedded } = await docxToHtml(bytes, notKept));
  } else {
    html = file.format === 'markdown' ? markdownToHtml(file.text) : file.text;
  }
  const title = titleFromFileName(name);
  const pictures = new ImportPictures(store, title.replace(/[^\w.-]+/g, '-').slice(0, 60) || 'import', notKept, embedded);
  const document = htmlToDoc(html, notKept, pictures);
  return { format: file.format, document, pages: splitAtHeadings(document, title), notKept: notKept.lines(), fileIds: pictures.fileIds };
}
