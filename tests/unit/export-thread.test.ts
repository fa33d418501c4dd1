/**
 * PDF and DOCX are written in the export worker thread, with the same writers as the server's
 * thread; a cancelled export is answered at once. Anything logged means the worker failed and the
 * export fell back to the server's thread, so the test fails on it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { ExportThread } from '../../server/export/exportThread.js';
import { writeDocx } from '../../server/export/docx.js';
import { documentOf, heading, para, section } from './exportFixtures.js';

const logged: unknown[][] = [];
const thread = new ExportThread((...args) => logged.push(args));
afterAll(() => thread.close());

const doc = documentOf([section('1', 'Introduction', 1, [para('Plan discharge from the day of admission.'), heading(2, 'Why')]), section('1.1', 'Scope', 2, [para('Adult wards.')])]);
const documentXml = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['word/document.xml']);
// The words and paragraph styles, without the ids docx numbers afresh on every call (bookmarks too).
const documentText = (bytes: Uint8Array) => documentXml(bytes).replace(/<(?!w:pStyle)[^>]+>/g, '').replace(/_Toc\d+/g, '_Toc');

describe('the export worker thread', () => {
  it('writes DOCX and PDF in the worker, as the writers do in the server thread', async () => {
    const docx = (await thread.write('docx', doc)) as Uint8Array;
    expect(documentText(docx)).toBe(documentText(await writeDocx(doc)));
    expect(documentXml(docx)).toContain('1.1 Scope');
    expect(documentXml(docx)).toContain('w:val="Heading2"');
    const pdf = (await thread.write('pdf', doc)) as Uint8Array;
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(logged).toEqual([]);
  });

  it('answers a cancelled export at once with the reason', async () => {
    const controller = new AbortController();
    const writing = thread.write('pdf', doc, controller.signal);
    controller.abort(new Error('cancelled by the person'));
    await expect(writing).rejects.toThrow('cancelled by the person');
    // The worker is still usable afterwards.
    expect(Buffer.from(((await thread.write('pdf', doc)) as Uint8Array).subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(logged).toEqual([]);
  });
});
