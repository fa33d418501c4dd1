/**
 * Which format an imported file is, decided from its content first: a Word file is a ZIP archive
 * holding word/document.xml whatever it is called, and a file named .docx that is not one is
 * refused. Anything else must be UTF-8 text; it is HTML when named .html or .htm or when it begins
 * like an HTML document, and Markdown otherwise (a .txt file is read as Markdown).
 */
import { badRequest } from '../errors.js';
import { zipEntryNames } from '../files/zipEntries.js';
import { utf8Text } from '../files/sniff.js';
import type { ImportFormat } from '../../shared/imports.js';

/** A recognised file: its format, and its text when it is a text format. */
export type RecognisedFile = { format: 'docx' } | { format: Exclude<ImportFormat, 'docx'>; text: string };

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const TEXT_EXTENSIONS = new Set(['md', 'markdown', 'txt', 'html', 'htm']);
const NOT_UTF8 = 'This file is not UTF-8 text, so Quire cannot read it. Save it again with the encoding UTF-8 (in most editors: Save as, then Encoding) and choose it again.';
const TEXT_ONLY = 'Quire imports Markdown (.md, .txt), HTML (.html) and Word (.docx) files. This file is none of those.';

/** Decides a file's format from its bytes and name, or throws a 400 with a sentence. */
export function recogniseFile(bytes: Uint8Array, name: string): RecognisedFile {
  if (bytes.length === 0) throw badRequest('The file is empty. Choose a file with some text in it.');
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  if (ZIP.every((b, i) => bytes[i] === b)) {
    if (zipEntryNames(bytes).includes('word/document.xml')) return { format: 'docx' };
    throw badRequest(extension === 'docx' ? 'This file is named .docx but is not a Word document Quire can read. Save it from Word as a .docx file and choose it again.' : TEXT_ONLY);
  }
  if (extension === 'docx') throw badRequest('This file is named .docx but is not a Word document. Save it from Word as a .docx file and choose it again.');
  if (extension === 'doc') throw badRequest('Quire cannot read the old Word format (.doc). Save the file from Word as a .docx file and choose it again.');
  const text = utf8Text(bytes);
  if (text === null) throw badRequest(TEXT_EXTENSIONS.has(extension) ? NOT_UTF8 : TEXT_ONLY);
  const html = extension === 'html' || extension === 'htm' || /^\s*(<!doctype html|<html[\s>])/i.test(text);
  return { format: html ? 'html' : 'markdown', text };
}
