/**
 * Detecting a file's true type from its bytes (server/files/sniff.ts): every kind the server
 * recognises, SVG in its many openings, and the files that pretend (HTML, text starting "BM",
 * a ZIP that is not an Office document).
 */
import { describe, expect, it } from 'vitest';
import { detectType, isSvgText } from '../../server/files/sniff.js';
import { bmpBytes, gifBytes, HTML_WITH_SCRIPT, jpegBytes, pdfBytes, pngBytes, sampleFile, SVG_WITH_SCRIPT, webpBytes } from '../fixtures/files/samples.js';

const text = (s: string) => new TextEncoder().encode(s);

describe('detectType', () => {
  it.each([
    ['PNG', pngBytes(), 'image/png', 'a PNG image'],
    ['JPEG', jpegBytes(), 'image/jpeg', 'a JPEG image'],
    ['GIF', gifBytes(), 'image/gif', 'a GIF image'],
    ['WebP', webpBytes(), 'image/webp', 'a WebP image'],
    ['BMP', bmpBytes(), 'image/bmp', 'a BMP image'],
    ['PDF', pdfBytes(), 'application/pdf', 'a PDF document'],
    ['Word', sampleFile('tiny.docx'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'a Word document'],
    ['Excel', sampleFile('tiny.xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'an Excel spreadsheet'],
    ['PowerPoint', sampleFile('tiny.pptx'), 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'a PowerPoint presentation'],
    ['another ZIP', sampleFile('tiny.zip'), 'application/zip', 'a ZIP archive'],
    ['an SVG with script', text(SVG_WITH_SCRIPT), 'image/svg+xml', 'an SVG drawing'],
  ])('recognises %s from its content', (_label, bytes, type, kind) => {
    expect(detectType(bytes)).toEqual({ type, kind });
  });

  it('calls HTML plain text, never HTML, so it can never be served as a page', () => {
    expect(detectType(text(HTML_WITH_SCRIPT)).type).toBe('text/plain');
    expect(detectType(text('<html><script>alert(1)</script></html>')).type).toBe('text/plain');
  });

  it('takes valid UTF-8 without NUL bytes as text, and anything else as unknown bytes', () => {
    expect(detectType(text('Résumé of the evidence — 2026\n')).type).toBe('text/plain');
    expect(detectType(Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69])).type).toBe('text/plain');
    expect(detectType(Buffer.from([0x68, 0x00, 0x69])).type).toBe('application/octet-stream');
    expect(detectType(Buffer.from([0xc3, 0x28, 0x41])).type).toBe('application/octet-stream');
    expect(detectType(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00])).type).toBe('application/octet-stream');
  });

  it('does not take text that starts with "BM" for a bitmap', () => {
    expect(detectType(text('BM is short for Board Meeting, and this note is long enough.')).type).toBe('text/plain');
  });

  it('is not fooled by a name inside a plain ZIP that merely mentions word', () => {
    expect(detectType(sampleFile('tiny.zip')).type).toBe('application/zip');
  });
});

describe('isSvgText', () => {
  it.each([
    ['a bare root', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ['a declaration', '<?xml version="1.0"?><svg></svg>'],
    ['white space, comments and a doctype with an internal subset', '\n  <!-- a > b --> <!DOCTYPE svg [ <!ENTITY x "<svg>"> ]>\n<svg>'],
    ['a prefixed root', '<svg:svg xmlns:svg="http://www.w3.org/2000/svg"></svg:svg>'],
    ['an upper-case root', '<SVG></SVG>'],
  ])('finds the <svg> root with %s', (_label, source) => {
    expect(isSvgText(source)).toBe(true);
  });

  it.each([
    ['another root holding an svg', '<html><svg></svg></html>'],
    ['an element whose name starts with svg', '<svgish/>'],
    ['text that mentions svg', 'This note is about <svg> files.'],
    ['an unclosed comment', '<!-- <svg>'],
  ])('refuses %s', (_label, source) => {
    expect(isSvgText(source)).toBe(false);
  });
});
