/**
 * The history worker thread gives the same answers as the server's own thread: the change a
 * revision measures, the attributed diff, and a version's document; small jobs stay in-thread.
 */
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { FRAGMENT_NAME } from '../../shared/collab.js';
import { HistoryThread } from '../../server/history/historyThread.js';
import { encodeDeleteRanges, type AttributionRows } from '../../server/history/attributionStore.js';

// Anything the worker side logs is a failure: it would have fallen back to the server's thread.
const workerLog: unknown[][] = [];
const inWorker = new HistoryThread((...args) => workerLog.push(args), 0);
const inThread = new HistoryThread(() => {}, Infinity);
afterAll(() => Promise.all([inWorker.close(), inThread.close()]));

function page(): { older: Uint8Array; newer: Uint8Array; rows: AttributionRows } {
  const doc = new Y.Doc();
  doc.clientID = 7;
  const p = new Y.XmlElement('paragraph');
  const text = new Y.XmlText('Care should follow the person');
  p.insert(0, [text]);
  doc.getXmlFragment(FRAGMENT_NAME).insert(0, [p]);
  const older = Y.encodeStateAsUpdate(doc);
  const deleted = text._start!.id;
  doc.clientID = 8;
  text.delete(0, 5);
  text.insert(text.length, ' and their carers');
  return {
    older,
    newer: Y.encodeStateAsUpdate(doc),
    rows: { clients: [[7, 'ada'], [8, 'bo']], deletions: [{ userId: 'bo', ranges: encodeDeleteRanges([deleted.client, deleted.clock, 5]) }] },
  };
}

describe('the history thread', () => {
  it('measures, diffs and rebuilds in the worker exactly as in the server thread', async () => {
    const { older, newer, rows } = page();
    const measured = await inWorker.measure([older], [newer]);
    expect(measured).toEqual({ wordsAdded: 3, wordsRemoved: 1, words: 7 });
    expect(await inThread.measure([older], [newer])).toEqual(measured);
    const diff = await inWorker.diff([older], [newer], rows);
    expect(diff).toEqual(await inThread.diff([older], [newer], rows));
    // Bo deleted "Care " and wrote " and their carers": both are his, nothing is Ada's.
    expect(diff.authorIds).toEqual(['bo']);
    expect(diff).toMatchObject({ wordsAdded: 3, wordsRemoved: 1 });
    const doc = await inWorker.doc([older, newer]);
    expect(doc).toEqual(await inThread.doc([older, newer]));
    expect(JSON.stringify(doc)).toContain('should follow the person and their carers');
    expect(workerLog).toEqual([]);
  });
});
