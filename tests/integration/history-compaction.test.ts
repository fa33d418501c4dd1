/**
 * Compaction of the collaboration log never breaks history: versions taken before and after the
 * log was folded into snapshots (and after a restart, with nothing in memory) still open with
 * their own text, compare with each other and with the live page, and keep who did what.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { diffRuns, docText, historyWorld, pageText, textHolding, write, type HistoryWorld } from '../helpers/historyWorld.js';
import { waitSaved } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';

let world: HistoryWorld;

afterEach(async () => {
  await world?.stop();
});

const logRows = (w: HistoryWorld) => (w.server.db.prepare('SELECT COUNT(*) AS n FROM page_updates WHERE page_id = ?').get(w.pageId) as { n: number }).n;
const snapshotUpTo = (w: HistoryWorld) => (w.server.db.prepare('SELECT last_update_id AS n FROM page_snapshots WHERE page_id = ?').get(w.pageId) as { n: number }).n;

describe('history and compaction', () => {
  it('opens and compares versions from before and after compactions, also after a restart', async () => {
    world = await historyWorld();
    world.server.quire.collab.options.compactAfterUpdates = 3;
    const ada = await world.open(world.author);
    const edith = await world.open(world.editor);
    for (let i = 1; i <= 6; i++) await write(ada, `Ada's point ${i}.`);
    const early = await world.name('early');
    await waitFor(() => pageText(edith.doc).includes('point 6'));

    // Edith adds notes and deletes two of Ada's points; the log is compacted several times.
    await write(edith, "Edith's note 1.");
    for (const n of [2, 5]) {
      const text = textHolding(edith.doc, `point ${n}.`);
      text.delete(0, text.length);
      await waitSaved(edith);
    }
    for (let i = 2; i <= 6; i++) await write(edith, `Edith's note ${i}.`);
    await waitFor(() => snapshotUpTo(world) > 0 && logRows(world) < 12, { message: 'the log compacted' });
    const late = await world.name('late');
    await write(ada, 'Written after the late version.');

    await world.restart();
    expect(logRows(world)).toBeLessThan(3);

    const earlyText = ['1', '2', '3', '4', '5', '6'].map((n) => `Ada's point ${n}.`).join('\n');
    expect(docText((await world.revision(early.id)).doc)).toBe(earlyText);
    const lateText = ["Ada's point 1.", "Ada's point 3.", "Ada's point 4.", "Ada's point 6.", ...[1, 2, 3, 4, 5, 6].map((n) => `Edith's note ${n}.`)].join('\n');
    expect(docText((await world.revision(late.id)).doc)).toBe(lateText);

    const runs = diffRuns((await world.diff(early.id, late.id, world.reviewer)).doc);
    expect(runs).toContainEqual({ text: "Ada's point 2.", mark: 'deletion', user: world.editor.user.id });
    expect(runs).toContainEqual({ text: "Ada's point 5.", mark: 'deletion', user: world.editor.user.id });
    expect(runs).toContainEqual({ text: "Edith's note 4.", mark: 'insertion', user: world.editor.user.id });
    expect(runs).toContainEqual({ text: "Ada's point 1.", mark: null, user: null });

    const live = diffRuns((await world.diff(late.id, 'current')).doc);
    expect(live.filter((r) => r.mark)).toEqual([{ text: 'Written after the late version.', mark: 'insertion', user: world.author.user.id }]);
    const fromStart = diffRuns((await world.diff(early.id, 'current')).doc);
    expect(fromStart).toContainEqual({ text: "Ada's point 2.", mark: 'deletion', user: world.editor.user.id });
  });
});
