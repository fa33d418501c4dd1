/**
 * Import conversion in its worker thread gives what conversion in the server's thread gives: the
 * same document, pages and "not kept" lines, with the pictures coming back as bytes under
 * placeholder srcs that storing them replaces with real Quire file URLs. The file's bytes are
 * transferred (the caller's buffer is emptied), refusals keep their 400 and sentence, and a file
 * that takes longer than the converter allows fails with a sentence. Anything
 * logged means the worker failed and conversion fell back to this thread, so the test fails on it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportThread, IMPORT_TOO_SLOW } from '../../server/import/importThread.js';
import { storeHeldImport } from '../../server/import/heldImport.js';
import { convertImport } from '../../server/import/convert.js';
import type { PictureStore } from '../../server/import/importImages.js';
import { HttpError } from '../../server/errors.js';
import { ROOT } from '../helpers/server.js';
import { sampleDocx, TINY_PNG } from '../fixtures/import/sampleDocx.js';

const logged: unknown[][] = [];
const importer = new ImportThread((...args) => logged.push(args));
afterAll(() => importer.close());

/** A fresh copy of a fixture in a buffer of its own (as a request body of that size is). */
const fixture = (name: string) => new Uint8Array(readFileSync(join(ROOT, 'tests/fixtures/import', name)));

/** Names placed pictures as Quire file URLs of paper "p1", counting from 1. */
function memoryStore(): PictureStore & { placed: { bytes: Uint8Array; name: string }[] } {
  const placed: { bytes: Uint8Array; name: string }[] = [];
  return {
    placed,
    place(picture) {
      placed.push(picture);
      return { src: `/api/papers/p1/files/file${placed.length}`, fileId: `file${placed.length}` };
    },
  };
}

describe('import conversion in the worker thread', () => {
  it('converts a Markdown file as the server thread does, and hands its picture back to be stored', async () => {
    const bytes = fixture('sample.md');
    const inThread = await convertImport(new Uint8Array(bytes), 'Sample briefing.md', memoryStore());
    const held = await importer.convert(bytes, 'Sample briefing.md');
    // Transferred, not copied: this thread no longer holds the file.
    expect(bytes.byteLength).toBe(0);
    expect(held.pictures).toHaveLength(1);
    expect(Buffer.from(held.pictures[0].bytes).equals(TINY_PNG)).toBe(true);
    expect(held.documentJson).toContain(held.pictures[0].src);
    expect(held.documentJson).not.toContain('/api/papers/p1/');

    const store = memoryStore();
    const stored = storeHeldImport(held, store);
    expect(stored.fileIds).toEqual(['file1']);
    expect(store.placed.map((p) => p.name)).toEqual(['Sample-briefing-picture-1.png']);
    expect(JSON.parse(stored.documentJson)).toEqual(inThread.document);
    expect(JSON.parse(stored.pagesJson)).toEqual(inThread.pages);
    expect(stored.notKept).toEqual(inThread.notKept);
    expect(stored.format).toBe('markdown');
    expect(logged).toEqual([]);
  });

  it('brings a Word file\'s embedded pictures back, each in its place in the pages', async () => {
    const docx = await sampleDocx();
    const inThread = await convertImport(new Uint8Array(docx), 'Sample briefing.docx', memoryStore());
    const stored = storeHeldImport(await importer.convert(new Uint8Array(docx), 'Sample briefing.docx'), memoryStore());
    expect(stored.fileIds).toEqual(inThread.fileIds);
    expect(stored.fileIds.length).toBeGreaterThan(0);
    expect(JSON.parse(stored.documentJson)).toEqual(inThread.document);
    expect(JSON.parse(stored.pagesJson)).toEqual(inThread.pages);
    expect(stored.notKept).toEqual(inThread.notKept);
    expect(logged).toEqual([]);
  });

  it('refuses a file that is not what its name says with the same 400 and sentence', async () => {
    const refusal = importer.convert(new Uint8Array(Buffer.from('# just text')), 'notes.docx');
    await expect(refusal).rejects.toBeInstanceOf(HttpError);
    await expect(refusal).rejects.toMatchObject({ status: 400, code: 'bad_request', message: expect.stringMatching(/^This file is named \.docx but is not a Word document\./) });
    await expect(importer.convert(new Uint8Array(0), 'empty.md')).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^The file is empty\./) });
    expect(logged).toEqual([]);
  });

  it('fails a file that takes longer than the converter allows with a sentence', async () => {
    const slowLog: unknown[][] = [];
    const impatient = new ImportThread((...args) => slowLog.push(args), 1);
    try {
      const text = Buffer.from('# Heading\n\nA paragraph of *text* with a [link](https://example.org).\n\n'.repeat(5000));
      await expect(impatient.convert(new Uint8Array(text), 'long.md')).rejects.toMatchObject({ status: 422, code: 'import_too_slow', message: IMPORT_TOO_SLOW });
      expect(String(slowLog[0]?.[0])).toContain('import: a job took longer than 1 ms');
    } finally {
      await impatient.close();
    }
  });
});
