/**
 * The fonts of the PDF export: DejaVu Sans (the dejavu-fonts-ttf package) in its four faces,
 * embedded and subset by pdfkit, so the text of any Latin, Greek or Cyrillic script prints as
 * written (Welsh ŵ and ŷ, Polish ł, Greek, Ukrainian), not only the Windows-1252 letters of the
 * standard 14 PDF fonts. Characters DejaVu has no glyph for (CJK scripts, most emoji) are printed
 * as "?", so a reader sees that something is missing rather than a blank.
 *
 * The files are found through the package itself (so the server and the export worker thread
 * find them wherever node_modules is) and read once per thread: they are the same bytes for
 * every export, never changed, so keeping them is a cache of a dependency, not state.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

/** The names the writer gives its four faces in a pdfkit document. */
export const FONT = { regular: 'Quire-Sans', bold: 'Quire-Sans-Bold', italic: 'Quire-Sans-Oblique', boldItalic: 'Quire-Sans-BoldOblique' } as const;

type Face = keyof typeof FONT;

const FILES: Readonly<Record<Face, string>> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  boldItalic: 'DejaVuSans-BoldOblique.ttf',
};

let fontBytes: Readonly<Record<Face, Buffer>> | null = null;
let hasGlyph: ((codePoint: number) => boolean) | null = null;

/** The folder of the DejaVu TrueType files. */
export function fontFolder(): string {
  return join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

function loadFonts(): Readonly<Record<Face, Buffer>> {
  const folder = fontFolder();
  fontBytes ??= Object.fromEntries(Object.entries(FILES).map(([face, file]) => [face, readFileSync(join(folder, file))])) as Record<Face, Buffer>;
  return fontBytes;
}

/** Registers the four faces with a document under the names in FONT. */
export function registerFonts(pdf: PDFKit.PDFDocument): void {
  const bytes = loadFonts();
  for (const face of Object.keys(FILES) as Face[]) pdf.registerFont(FONT[face], bytes[face]);
}

/**
 * Whether the regular face has a glyph for a character. pdfkit keeps the parsed font (fontkit's)
 * on the font it sets; if a later pdfkit hides it, every character is taken as present.
 */
export function fontHasGlyph(codePoint: number): boolean {
  if (!hasGlyph) {
    const probe = new PDFDocument({ autoFirstPage: false, font: null as unknown as string });
    registerFonts(probe);
    probe.font(FONT.regular);
    const parsed = (probe as unknown as { _font?: { font?: { hasGlyphForCodePoint?(cp: number): boolean } } })._font?.font;
    hasGlyph = parsed?.hasGlyphForCodePoint ? (cp) => parsed.hasGlyphForCodePoint!(cp) : () => true;
  }
  return hasGlyph(codePoint);
}
