/**
 * Pictures in every export format, from the writers' side: a picture the export document carries
 * is embedded (HTML <img> with a data: URL, alt and width="N%"; Markdown reference-style data:
 * images; a PDF image XObject sized to the column, read back with pdfimages, its alt text as a
 * Span /Alt; a DOCX ImageRun in word/media with its alt text), an image the document does not
 * carry (another paper's file, a deleted one) shows as "Image: alt text", and the text around a
 * picture still reads in order. A JPEG is embedded as JPEG. The worker thread receives the
 * pictures' buffers by transfer.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { writeHtml } from '../../server/export/html.js';
import { writeMarkdown } from '../../server/export/markdown.js';
import { writePdf } from '../../server/export/pdf.js';
import { writeDocx } from '../../server/export/docx.js';
import { ExportThread } from '../../server/export/exportThread.js';
import { drawnSize, imageSrcs } from '../../server/export/images.js';
import { TEXT_WIDTH_PX } from '../../server/export/docxBody.js';
import { pdfPages } from '../helpers/pdfText.js';
import { cell, documentOf, para, row, section } from './exportFixtures.js';
import { imageNode, pngOf, storedPng } from './exportPictures.js';
import { jpegBytes } from '../fixtures/files/samples.js';

const run = promisify(execFile);
const OWN = '/api/papers/p1/files/chart';
const WIDE = '/api/papers/p1/files/wide';
const OTHER = '/api/papers/p2/files/theirs';

/** A paper with a 400x200 chart at half the column, a 200x100 picture at natural size, the chart again in a table, and another paper's file. */
function paper() {
  return documentOf(
    [
      section('1', 'Beds', 1, [
        para('Before the chart.'),
        imageNode(OWN, 'Bed occupancy chart', 50),
        para('After the chart.'),
        imageNode(WIDE, 'Ward map'),
        imageNode(OTHER, 'Someone else\u2019s picture'),
        { type: 'table', content: [row(cell('Ward', 'table_header'), cell('Picture', 'table_header')), row(cell('Alpha'), { type: 'table_cell', content: [imageNode(OWN, 'Bed occupancy chart', 100)] })] },
      ]),
    ],
    {},
    { [OWN]: storedPng(400, 200), [WIDE]: storedPng(200, 100) },
  );
}

/** pdfimages -list as rows: page, width, height, x-ppi. */
async function pdfImages(bytes: Uint8Array): Promise<{ page: number; width: number; height: number; ppi: number }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-pdfimages-'));
  try {
    const file = join(dir, 'export.pdf');
    writeFileSync(file, bytes);
    const { stdout } = await run('pdfimages', ['-list', file]);
    return stdout
      .split('\n')
      .slice(2)
      .filter((line) => line.trim())
      .map((line) => line.trim().split(/\s+/))
      .map((cols) => ({ page: Number(cols[0]), width: Number(cols[3]), height: Number(cols[4]), ppi: Number(cols[12]) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every content stream of a PDF, inflated. */
function contentStreams(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('latin1');
  const out: string[] = [];
  for (const m of text.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = text.indexOf('endstream', start);
    try {
      out.push(inflateSync(Buffer.from(text.slice(start, end), 'latin1')).toString('latin1'));
    } catch {
      // Not a Flate stream (an image's raw bytes, a font): skip it.
    }
  }
  return out.join('\n');
}

describe('pictures in the HTML export', () => {
  it('embeds a data: URL with the alt text and the width percentage, and shows an unknown file as its alt text', () => {
    const html = writeHtml(paper());
    const chart = Buffer.from(storedPng(400, 200).bytes).toString('base64');
    expect(html).toContain(`<p class="image"><img src="data:image/png;base64,${chart}" alt="Bed occupancy chart" width="50%" /></p>`);
    expect(html).toMatch(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="Ward map" \/>/);
    expect(html).toContain('Image: Someone else\u2019s picture');
    expect(html).not.toContain(OTHER.replace('/api', ''));
    // The picture in the table cell is embedded too, at the whole cell's width.
    expect(html).toMatch(/<td><img src="data:image\/png;base64,[^"]+" alt="Bed occupancy chart" width="100%" \/><\/td>|<td><p class="image"><img [^>]+width="100%" \/><\/p><\/td>/);
    expect(html.indexOf('Before the chart.')).toBeLessThan(html.indexOf('alt="Bed occupancy chart"'));
    expect(html.indexOf('alt="Bed occupancy chart"')).toBeLessThan(html.indexOf('After the chart.'));
  });
});

describe('pictures in the Markdown export', () => {
  it('places reference-style images and defines each picture once, as a data: URL, at the end', () => {
    const md = writeMarkdown(paper());
    expect(md).toContain('Before the chart.\n\n![Bed occupancy chart][image-1]\n\nAfter the chart.\n\n![Ward map][image-2]');
    expect(md).toContain('Image: Someone else\u2019s picture');
    // The chart in the table cell reuses its definition.
    expect(md).toMatch(/\| Alpha \| !\[Bed occupancy chart\]\[image-1\] \|/);
    const definitions = [...md.matchAll(/^\[(image-\d+)\]: (data:image\/png;base64,[A-Za-z0-9+/=]+)$/gm)];
    expect(definitions.map((d) => d[1])).toEqual(['image-1', 'image-2']);
    expect(definitions[0][2]).toBe(`data:image/png;base64,${Buffer.from(storedPng(400, 200).bytes).toString('base64')}`);
    expect(md.trimEnd().endsWith(definitions[1][0])).toBe(true);
  });
});

describe('pictures in the PDF export', () => {
  it('draws image XObjects at their width percentage or natural size, with the text around them in order', async () => {
    const bytes = await writePdf(paper());
    const images = await pdfImages(bytes);
    // The chart (placed twice, drawn once: the table shows it as text) and the map; not the other paper's file.
    expect(images.map((i) => [i.width, i.height])).toEqual([
      [400, 200],
      [200, 100],
    ]);
    // Half of the 467-point column is 3.24 inches: 400 pixels over it is 123 pixels to the inch.
    expect(images[0].ppi).toBe(123);
    // Natural size at 96 pixels to the inch.
    expect(images[1].ppi).toBe(96);
    const text = (await pdfPages(bytes)).join('\n');
    expect(text).toMatch(/Before the chart\.[\s\S]*After the chart\.[\s\S]*Image: Someone else\u2019s picture/);
    // A table cell holds text in the PDF's grid: the picture shows as its alt text there.
    expect(text).toMatch(/Alpha +Image: Bed occupancy chart/);
  });

  it('keeps the alt text as the picture\'s /Alt, outside any tagged structure', async () => {
    const bytes = await writePdf(paper());
    expect(contentStreams(bytes)).toMatch(/\/Span <<\s*\/Alt \(Bed occupancy chart\)\s*>> BDC[\s\S]*?\/I\d+ Do[\s\S]*?EMC/);
    expect(Buffer.from(bytes).toString('latin1')).not.toContain('/StructTreeRoot');
  });

  it('scales a picture taller than the page to fit it, and moves a picture that does not fit to the next page whole', async () => {
    const filler = Array.from({ length: 30 }, (_, i) => para(`Filler paragraph ${i + 1} before the tall picture.`));
    const doc = documentOf([section('1', 'Tall', 1, [...filler, imageNode('/api/papers/p1/files/tall', 'Tall picture'), para('After the tall picture.')])], {}, { '/api/papers/p1/files/tall': storedPng(100, 4000) });
    const bytes = await writePdf(doc);
    const [image] = await pdfImages(bytes);
    const pages = await pdfPages(bytes);
    const fillerPage = pages.findIndex((p) => p.includes('Filler paragraph 30')) + 1;
    expect(image.page).toBe(fillerPage + 1);
    // The text area is 706 points tall: 4000 pixels over 9.8 inches is 408 pixels to the inch.
    const drawn = drawnSize({ width: 100, height: 4000 }, null, 467.28, 841.89 - 64 - 72, 0.75);
    expect(Math.round(100 / (drawn.width / 72))).toBe(image.ppi);
    expect(image.ppi).toBeGreaterThan(400);
    // It fills the page's text area, so the text after it starts the next page.
    expect(pages[image.page]).toContain('After the tall picture.');
  });
});

describe('a PNG with transparency in the PDF export', () => {
  it('is drawn with its alpha channel as a soft mask', async () => {
    const src = '/api/papers/p1/files/logo';
    const doc = documentOf([section('1', 'Logo', 1, [para('Before.'), imageNode(src, 'Trust logo'), para('After.')])], {}, { [src]: { contentType: 'image/png', bytes: pngOf(30, 20, [10, 20, 30], false, true), width: 30, height: 20 } });
    const bytes = await writePdf(doc);
    // pdfimages lists the picture and its soft mask (smask) of the same size.
    expect((await pdfImages(bytes)).map((i) => `${i.width}x${i.height}`)).toEqual(['30x20', '30x20']);
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/\/SMask \d+ 0 R/);
    expect((await pdfPages(bytes)).join('\n')).toMatch(/Before\.[\s\S]*After\./);
  });
});

describe('a damaged picture in the PDF export', () => {
  it('shows a PNG whose pixel data does not inflate as its alt text, and the export still finishes', async () => {
    const damaged = pngOf(40, 40);
    damaged[25] = 6; // colour type RGBA: pdfkit would decode the pixels itself
    const idat = Buffer.from(damaged).indexOf('IDAT', 0, 'latin1');
    damaged.fill(0x55, idat + 4, idat + 24);
    const doc = documentOf([section('1', 'Damaged', 1, [para('Before.'), imageNode('/api/papers/p1/files/bad', 'Broken chart'), para('After.')])], {}, { '/api/papers/p1/files/bad': { contentType: 'image/png', bytes: damaged, width: 40, height: 40 } });
    const bytes = await writePdf(doc);
    expect(await pdfImages(bytes)).toEqual([]);
    expect((await pdfPages(bytes)).join('\n')).toMatch(/Before\.\n+ *Image: Broken chart\n+ *After\./);
  });
});

describe('a JPEG picture', () => {
  it('is embedded as JPEG in HTML, PDF (DCT, not re-encoded) and DOCX', async () => {
    const jpeg = new Uint8Array(jpegBytes(64, 48));
    const src = '/api/papers/p1/files/photo';
    const doc = documentOf([section('1', 'Photo', 1, [imageNode(src, 'Ward photo', 40)])], {}, { [src]: { contentType: 'image/jpeg', bytes: jpeg, width: 64, height: 48 } });
    expect(writeHtml(doc)).toContain(`<img src="data:image/jpeg;base64,${Buffer.from(jpeg).toString('base64')}" alt="Ward photo" width="40%" />`);
    const dir = mkdtempSync(join(tmpdir(), 'quire-pdfimages-'));
    try {
      writeFileSync(join(dir, 'export.pdf'), await writePdf(doc));
      const { stdout } = await run('pdfimages', ['-list', join(dir, 'export.pdf')]);
      expect(stdout.split('\n')[2].trim().split(/\s+/).slice(3, 10)).toEqual(['64', '48', 'gray', '1', '8', 'jpeg', 'no']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const files = unzipSync(await writeDocx(doc));
    const media = Object.keys(files).filter((p) => p.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    expect(media[0]).toMatch(/\.jpe?g$/);
    expect(Buffer.from(files[media[0]]).equals(Buffer.from(jpeg))).toBe(true);
  });
});

describe('pictures in the DOCX export', () => {
  it('puts each placed picture in word/media with its size in the text width and its alt text', async () => {
    const files = unzipSync(await writeDocx(paper()));
    // The chart is placed twice and stored once.
    const media = Object.keys(files).filter((p) => p.startsWith('word/media/'));
    expect(media).toHaveLength(2);
    expect(media.every((p) => p.endsWith('.png'))).toBe(true);
    const xml = strFromU8(files['word/document.xml']);
    const drawings = [...xml.matchAll(/<wp:extent cx="(\d+)" cy="(\d+)"\/>[\s\S]*?<wp:docPr [^>]*name="([^"]*)" descr="([^"]*)"[^>]*title="([^"]*)"/g)].map((m) => ({ cx: Number(m[1]), cy: Number(m[2]), name: m[3], descr: m[4], title: m[5] }));
    expect(drawings.map((d) => d.descr)).toEqual(['Bed occupancy chart', 'Ward map', 'Bed occupancy chart']);
    expect(drawings.every((d) => d.name === d.descr && d.title === d.descr)).toBe(true);
    const emu = (px: number) => Math.round(px) * 9525;
    expect(drawings[0]).toMatchObject({ cx: emu(TEXT_WIDTH_PX / 2), cy: emu(TEXT_WIDTH_PX / 4) });
    expect(drawings[1]).toMatchObject({ cx: emu(200), cy: emu(100) });
    // In the table, the picture fills its cell's half of the text width, not the page's.
    expect(drawings[2].cx).toBeLessThan(emu(TEXT_WIDTH_PX / 2));
    expect(drawings[2].cx).toBeGreaterThan(emu(TEXT_WIDTH_PX / 2 - 20));
    expect(xml).toContain('Image: Someone else\u2019s picture');
    expect(xml.indexOf('Before the chart.')).toBeLessThan(xml.indexOf('descr="Bed occupancy chart"'));
    expect(xml.indexOf('descr="Bed occupancy chart"')).toBeLessThan(xml.indexOf('After the chart.'));
  });
});

describe('pictures and the export worker thread', () => {
  const logged: unknown[][] = [];
  const thread = new ExportThread((...args) => logged.push(args));
  afterAll(() => thread.close());

  it('hands the pictures to the worker by transfer, and the worker embeds them', async () => {
    const doc = paper();
    const chart = doc.images[OWN];
    expect(chart.bytes.byteLength).toBeGreaterThan(0);
    const files = unzipSync((await thread.write('docx', doc)) as Uint8Array);
    expect(Object.keys(files).filter((p) => p.startsWith('word/media/'))).toHaveLength(2);
    // Transferred, not copied: the server's thread no longer holds the bytes.
    expect(chart.bytes.byteLength).toBe(0);
    expect(logged).toEqual([]);
  });

  it('copies a picture that is a view into a shared buffer instead of taking the buffer', async () => {
    const png = pngOf(4, 4);
    // Small Buffers share Node's pool: transferring the pool would break every other Buffer in it.
    const pooled = Buffer.from(png);
    const neighbour = Buffer.from('still here');
    expect(pooled.buffer).toBe(neighbour.buffer);
    const doc = documentOf([section('1', 'Small', 1, [imageNode(OWN, 'Tiny')])], {}, { [OWN]: { contentType: 'image/png', bytes: pooled, width: 4, height: 4 } });
    const files = unzipSync((await thread.write('docx', doc)) as Uint8Array);
    expect(Object.keys(files).filter((p) => p.startsWith('word/media/'))).toHaveLength(1);
    expect(pooled.byteLength).toBe(png.byteLength);
    expect(neighbour.toString()).toBe('still here');
    expect(logged).toEqual([]);
  });
});

describe('finding the pictures of a page', () => {
  it('lists every image src in a body, nested ones included', () => {
    const body = { type: 'doc', content: [imageNode(OWN, 'a'), { type: 'blockquote', content: [imageNode(OTHER, 'b')] }, para('text')] } as const;
    expect(imageSrcs(body as never)).toEqual([OWN, OTHER]);
    expect(pngOf(3, 2).byteLength).toBeGreaterThan(20);
  });
});
