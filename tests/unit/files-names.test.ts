/**
 * Cleaning uploaded file names and writing the Content-Disposition header
 * (server/files/fileNames.ts): traversal, control and bidi characters, length, and the two
 * filename parameters every browser reads.
 */
import { describe, expect, it } from 'vitest';
import { asciiFallback, cleanFileName, contentDisposition } from '../../server/files/fileNames.js';
import { limits } from '../../shared/limits.js';

describe('cleanFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\win.ini', 'win.ini'],
    ['/abs/path', 'path'],
    ['C:\\Users\\ana\\Desktop\\Budget 2026.xlsx', 'Budget 2026.xlsx'],
    ['report\u0000.pdf', 'report.pdf'],
    ['invoice\u202Egpj.exe', 'invoicegpj.exe'],
    ['\u2067name\u2069.txt', 'name.txt'],
    ['tab\there\r\n.txt', 'tabhere.txt'],
    ['  ..hidden..  ', 'hidden'],
    ['a:b*c?.txt', 'a_b_c_.txt'],
    ['Notes — résumé.pdf', 'Notes — résumé.pdf'],
  ])('cleans %j to %j', (raw, clean) => {
    expect(cleanFileName(raw)).toBe(clean);
  });

  it.each([[''], ['..'], ['../'], ['\u202E'], ['   '], [undefined], [42]])('never leaves an empty name (%j)', (raw) => {
    expect(cleanFileName(raw)).toBe('file');
  });

  it('cuts a long name to the limit and keeps its extension', () => {
    const cleaned = cleanFileName(`${'evidence '.repeat(60)}summary.docx`);
    expect([...cleaned].length).toBeLessThanOrEqual(limits.fileNameChars);
    expect(cleaned.endsWith('.docx')).toBe(true);
    expect(cleaned.startsWith('evidence evidence')).toBe(true);
  });

  it('cuts by characters, never through an emoji', () => {
    const cleaned = cleanFileName(`${'📄'.repeat(300)}.txt`);
    expect([...cleaned]).toHaveLength(limits.fileNameChars);
    expect(cleaned).toBe(`${'📄'.repeat(limits.fileNameChars - 4)}.txt`);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII name and the exact UTF-8 name', () => {
    expect(contentDisposition('attachment', 'Notes — résumé.pdf')).toBe(`attachment; filename="Notes _ resume.pdf"; filename*=UTF-8''Notes%20%E2%80%94%20r%C3%A9sum%C3%A9.pdf`);
    expect(contentDisposition('inline', 'chart.png')).toBe(`inline; filename="chart.png"; filename*=UTF-8''chart.png`);
  });

  it('cannot be broken out of by quotes, backslashes or line breaks in a name', () => {
    const header = contentDisposition('attachment', 'a"; filename="evil.html\r\nX-Injected: 1\\.txt');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.match(/"/g)).toHaveLength(2);
    expect(header).toContain("filename*=UTF-8''");
    expect(header).not.toMatch(/filename\*=UTF-8''[^;]*['()*]/);
  });

  it('falls back to "file" when nothing ASCII is left', () => {
    expect(asciiFallback('报告')).toBe('__');
    expect(asciiFallback('   ')).toBe('file');
  });
});
