/**
 * The DOCX writer: the file is a zip whose word/document.xml has the numbered chapter and section
 * headings in Word's Heading 1 and Heading 2 styles, a table of contents field over headings 1-3,
 * real Word lists, bordered tables with a repeating header row, safe links only, and a footer
 * with PAGE and NUMPAGES fields; hostile text is XML text, never markup; cancelling stops it.
 */
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { writeDocx } from '../../server/export/docx.js';
import { wordText } from '../../server/export/docxBody.js';
import { bullets, cell, documentOf, heading, item, link, numbered, para, row, section, text } from './exportFixtures.js';
import { HOSTILE_LINKS, HOSTILE_TEXT } from '../fixtures/hostile-strings.js';

/** The text of each part of a written DOCX, by path. */
async function parts(doc: Parameters<typeof writeDocx>[0]): Promise<Record<string, string>> {
  const files = unzipSync(await writeDocx(doc));
  return Object.fromEntries(Object.entries(files).map(([path, bytes]) => [path, strFromU8(bytes)]));
}

/** The paragraphs of document.xml with their style and their text joined. */
function paragraphs(xml: string): { style: string | null; text: string }[] {
  return [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((m) => {
    const body = m[1] ?? m[2];
    const style = /<w:pStyle w:val="([^"]+)"/.exec(body)?.[1] ?? null;
    const texts = [...body.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]);
    return { style, text: texts.join('') };
  });
}

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

const table = { type: 'table', content: [row(cell('Measure', 'table_header'), cell('Value', 'table_header')), row(cell('Beds'), cell('42'))] };
const paper = documentOf([
  section('1', 'Background', 1, [para('Intro ', text('bold', [{ type: 'bold' }]), ' and ', text('a site', [link('https://example.org/x')])), heading(1, 'Inside')]),
  section('1.1', 'History', 2, [table, bullets(item(para('one'), numbered(1, item(para('nested')))))]),
  section('2', 'Options', 1, [{ type: 'blockquote', content: [para('quoted')] }, { type: 'horizontal_rule' }]),
  section(null, 'References', 1, [para('A reference')], true),
]);

describe('DOCX writer', () => {
  it('writes numbered chapters and sections in Heading 1 and Heading 2, a page heading one level further down', async () => {
    const xml = (await parts(paper))['word/document.xml'];
    const headings = paragraphs(xml).filter((p) => p.style?.startsWith('Heading'));
    expect(headings).toEqual([
      { style: 'Heading1', text: '1 Background' },
      { style: 'Heading2', text: 'Inside' },
      { style: 'Heading2', text: '1.1 History' },
      { style: 'Heading1', text: '2 Options' },
      { style: 'Heading1', text: 'Contributors' },
      { style: 'Heading1', text: 'References' },
    ]);
  });

  it('puts the cover first, then a contents field over headings 1-3, and asks for fields to be updated on open', async () => {
    const files = await parts(paper);
    const xml = files['word/document.xml'];
    const all = paragraphs(xml).map((p) => p.text);
    expect(all.slice(0, 6)).toEqual(['Northern Trust', 'Discharge planning', 'A briefing for ward managers', 'Edited by Dr Jane Smith', '31 March 2026', 'Whole paper, live text']);
    expect(all).toContain('Plan early');
    expect(all).toContain('With thanks to the ward team.');
    expect(xml).toMatch(/<w:instrText[^>]*>TOC \\h \\o &quot;1-3&quot;<\/w:instrText>/);
    expect(xml.indexOf('TOC \\h')).toBeLessThan(xml.indexOf('<w:pStyle w:val="Heading1"/>'));
    expect(xml.indexOf('w:br w:type="page"')).toBeLessThan(xml.indexOf('TOC \\h'));
    expect(files['word/settings.xml']).toContain('<w:updateFields');
  });

  it('has a footer with "Page N of M" as PAGE and NUMPAGES fields', async () => {
    const files = await parts(paper);
    const footer = Object.entries(files).find(([path]) => /^word\/footer\d*\.xml$/.test(path))?.[1] ?? '';
    expect(footer).toMatch(/Page [\s\S]*<w:instrText[^>]*>PAGE<\/w:instrText>[\s\S]* of [\s\S]*<w:instrText[^>]*>NUMPAGES<\/w:instrText>/);
  });

  it('writes tables with borders and a repeating header row of bold cells', async () => {
    const xml = (await parts(paper))['word/document.xml'];
    const tbl = /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(xml)?.[0] ?? '';
    expect(tbl).toContain('<w:tblBorders>');
    expect(tbl).toMatch(/<w:insideH w:val="single"/);
    expect(tbl).toContain('<w:tblHeader');
    const rows = [...tbl.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((r) => r[0]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/<w:b\/>[\s\S]*Measure/);
    expect(paragraphs(rows[1]).map((p) => p.text)).toEqual(['Beds', '42']);
  });

  it('uses real Word numbering for lists, nested one level down, and keeps safe links as hyperlinks', async () => {
    const files = await parts(paper);
    const xml = files['word/document.xml'];
    expect(xml).toMatch(/<w:ilvl w:val="0"\/>[\s\S]*?<w:t[^>]*>one<\/w:t>/);
    expect(xml).toMatch(/<w:ilvl w:val="1"\/>[\s\S]*?<w:t[^>]*>nested<\/w:t>/);
    expect(files['word/numbering.xml']).toContain('w:val="decimal"');
    expect(files['word/numbering.xml']).toContain('w:val="bullet"');
    expect(xml).toMatch(/<w:hyperlink [^>]*r:id="[^"]+"[\s\S]*?a site/);
    expect(files['word/_rels/document.xml.rels']).toContain('Target="https://example.org/x" TargetMode="External"');
  });

  it('starts a numbered list from its own first number', async () => {
    const files = await parts(documentOf([section('1', 'One', 1, [numbered(4, item(para('fourth')), item(para('fifth')))])]));
    const numbering = files['word/numbering.xml'];
    const levelZero = [...numbering.matchAll(/<w:lvl w:ilvl="0"[^>]*>([\s\S]*?)<\/w:lvl>/g)].map((m) => m[1]);
    expect(levelZero.some((lvl) => lvl.includes('<w:start w:val="4"/>') && lvl.includes('w:val="decimal"'))).toBe(true);
    const numIds = [...files['word/document.xml'].matchAll(/<w:numId w:val="(\d+)"\/><\/w:numPr><\/w:pPr><w:r><w:t[^>]*>(fourth|fifth)</g)].map((m) => m[1]);
    expect(numIds).toHaveLength(2);
    expect(new Set(numIds).size).toBe(1);
  });

  it('drops unsafe links to their text', async () => {
    for (const href of HOSTILE_LINKS) {
      const files = await parts(documentOf([section('1', 'One', 1, [para(text('click', [link(href)]))])]));
      expect(files['word/document.xml'], href).not.toMatch(/<w:hyperlink [^>]*r:id=/);
      expect(files['word/_rels/document.xml.rels'], href).not.toContain('TargetMode="External"');
      expect(paragraphs(files['word/document.xml']).some((p) => p.text === 'click'), href).toBe(true);
    }
  });

  it('writes hostile titles, names and text as XML text only', async () => {
    for (const { name, value } of HOSTILE_TEXT) {
      const doc = documentOf([section('1', value, 1, [para(value)])], { title: value, editedBy: value });
      doc.contributors[0].names = [value];
      const xml = (await parts(doc))['word/document.xml'];
      const texts = paragraphs(xml).map((p) => unescapeXml(p.text));
      const expected = wordText(value).replace(/[\r\n]/g, '');
      expect(texts.map((t) => t.replace(/[\r\n]/g, '')), name).toContain(expected);
      expect(texts.map((t) => t.replace(/[\r\n]/g, '')), name).toContain(`1 ${expected}`);
      // Nothing typed opens an element: every "<" in the text parts is escaped.
      for (const t of xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)) expect(t[1], name).not.toMatch(/[<>]/);
    }
  });

  it('stops with the reason when the export is cancelled', async () => {
    const controller = new AbortController();
    controller.abort(new Error('The export was cancelled.'));
    await expect(writeDocx(paper, controller.signal)).rejects.toThrow('The export was cancelled.');
  });

  it('gives the event loop back between chapters and stops there when cancelled part way', async () => {
    const controller = new AbortController();
    const written = writeDocx(paper, controller.signal);
    // Runs only if the writer yields before it has finished.
    setImmediate(() => controller.abort(new Error('The export was cancelled.')));
    await expect(written).rejects.toThrow('The export was cancelled.');
  });
});
