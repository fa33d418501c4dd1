/**
 * The PDF sets its text in embedded DejaVu Sans, so letters beyond Windows-1252 (Welsh ŵ ŷ, Polish
 * ł, Greek, Cyrillic) print as written on the cover, in headings, body, contents, footer and
 * contributors, and pdftotext reads them back exactly; characters DejaVu has no glyph for (CJK)
 * print as "?". The contents still give the pages pdftotext finds the headings on, and pdffonts
 * finds only embedded, subset DejaVu faces (no standard font).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writePdf } from '../../server/export/pdf.js';
import { contentsLines, pageWithLine, pdfPages } from '../helpers/pdfText.js';
import { documentOf, para, section } from './exportFixtures.js';

const run = promisify(execFile);

const WORDS = 'Gwenllïan ŵyr ŷd, Łódź, Ελλάδα, Київ';
const NAME = 'Siân Łukasiewicz';

describe('Unicode text in the PDF export', () => {
  it('prints Welsh, Polish, Greek and Cyrillic letters exactly everywhere, and keeps the contents right', async () => {
    const filler = Array.from({ length: 60 }, (_, i) => para(`Paragraph ${i + 1} about Łódź and Київ.`));
    const doc = documentOf(
      [section('1', 'Ελλάδα', 1, [para(WORDS), ...filler]), section('1.1', 'Łódź', 2, [para(WORDS)]), section('2', 'Gwenllïan', 1, [para('Chinese 中文 is outside the font.')])],
      { title: `Papur ${WORDS}`, editedBy: NAME },
    );
    doc.contributors = doc.contributors.map((c) => ({ ...c, names: [NAME] }));
    const pages = await pdfPages(await writePdf(doc));
    const all = pages.join('\n');
    expect(all).not.toMatch(/Gwenll\?|\?yr|\?d,|\?\u00f3d\?/);
    expect(pages[0]).toContain(`Edited by ${NAME}`);
    expect(all).toContain(WORDS);
    expect(all).toMatch(/\n *1\.1 Łódź\n/);
    expect(all).toMatch(new RegExp(`1 Ελλάδα\\n+ *${NAME}`));
    expect(all).toContain('Chinese ?? is outside the font.');
    // The footer carries the title on every page but the cover.
    expect(pages[2]).toMatch(/Papur Gwenllïan ŵyr ŷd, Łódź, Ελλάδα, Київ +Page 3 of/);
    // Contents entries in these scripts point at the pages their headings are on.
    const contents = contentsLines(pages[1]);
    expect(contents.map(([entry]) => entry)).toEqual(['1 Ελλάδα', '1.1 Łódź', '2 Gwenllïan', 'Contributors']);
    for (const [entry, page] of contents) expect(pageWithLine(pages, entry, 2), entry).toBe(page);
  });

  it('embeds every font it uses, all DejaVu Sans, subset, with a Unicode map (pdffonts)', async () => {
    const bytes = await writePdf(documentOf([section('1', 'Ελλάδα', 1, [para(WORDS)])], { editedBy: NAME }));
    const dir = mkdtempSync(join(tmpdir(), 'quire-pdffonts-'));
    try {
      writeFileSync(join(dir, 'export.pdf'), bytes);
      const { stdout } = await run('pdffonts', [join(dir, 'export.pdf')]);
      const fonts = stdout.split('\n').slice(2).filter((l) => l.trim()).map((l) => l.trim().split(/\s+/));
      expect(fonts.map((f) => f[0].replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['DejaVuSans', 'DejaVuSans-Bold', 'DejaVuSans-Oblique']);
      // emb, sub and uni are all "yes".
      for (const f of fonts) expect(f.slice(-5, -2)).toEqual(['yes', 'yes', 'yes']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
