/**
 * Automatic revisions: taken once editing on a page goes quiet, at least every max interval while
 * people keep typing, and when the last writer leaves; never when nothing changed. Each records
 * who contributed since the previous one and how many words were added and removed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { historyWorld, pageText, textHolding, write, type HistoryWorld } from '../helpers/historyWorld.js';
import { waitSaved } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';

let world: HistoryWorld;

afterEach(async () => {
  await world?.stop();
});

describe('automatic revisions', () => {
  it('takes one once editing has been quiet, with who contributed and the words added and removed', async () => {
    world = await historyWorld();
    const { collab } = world.server.quire;
    collab.options.revisionQuietMs = 200;
    const ada = await world.open(world.author);
    await write(ada, 'Integrated care joins up services');

    const [first] = (await waitFor(async () => ((await world.list()).revisions.length === 1 ? world.list() : null), { message: 'a revision after a quiet spell' })).revisions;
    expect(first).toMatchObject({ number: 1, kind: 'auto', name: null, createdBy: null, words: 5, wordsAdded: 5, wordsRemoved: 0, restoredFrom: null });
    expect(first.contributors).toEqual([{ id: world.author.user.id, name: 'Ada Author' }]);

    // The editor replaces one word of Ada's: both the deletion and the insertion are theirs.
    const edith = await world.open(world.editor);
    await waitFor(() => pageText(edith.doc).includes('joins up'));
    const text = textHolding(edith.doc, 'joins up');
    const at = text.toString().indexOf('joins');
    text.delete(at, 'joins'.length);
    text.insert(at, 'connects');
    await waitSaved(edith);
    const second = (await waitFor(async () => ((await world.list()).revisions.length === 2 ? world.list() : null), { message: 'a second revision' })).revisions[0];
    expect(second).toMatchObject({ number: 2, kind: 'auto', words: 5, wordsAdded: 1, wordsRemoved: 1 });
    expect(second.contributors).toEqual([{ id: world.editor.user.id, name: 'Edith Editor' }]);
  });

  it('takes one at least every max interval while someone keeps typing, before any quiet spell', async () => {
    world = await historyWorld();
    const { collab } = world.server.quire;
    collab.options.revisionMaxMs = 300;
    const ada = await world.open(world.author);
    // Typing never pauses for the quiet interval (an hour here), so only the max interval can fire.
    let typed = 0;
    while ((await world.list()).revisions.length < 2) {
      for (let i = 0; i < 5; i++) await write(ada, `Sentence ${typed++} of a long afternoon.`);
      expect(typed, 'two revisions within 2,000 sentences').toBeLessThan(2_000);
    }
    const { revisions } = await world.list();
    expect(revisions.map((r) => r.kind)).toEqual(['auto', 'auto']);
    // The second covers only what was typed after the first.
    expect(revisions[1].wordsAdded).toBeGreaterThan(0);
    expect(revisions[0].wordsAdded).toBeLessThan(5 * typed);
    expect(revisions[0].wordsAdded + revisions[1].wordsAdded).toBeLessThanOrEqual(revisions[0].words);
  });

  it('takes one when the last writer leaves, though a reviewer is still on the page', async () => {
    world = await historyWorld();
    const { collab } = world.server.quire;
    const rhys = await world.open(world.reviewer);
    const ada = await world.open(world.author);
    await write(ada, 'Written just before leaving');
    expect((await world.list()).revisions).toHaveLength(0);
    ada.destroy();
    const { revisions } = await waitFor(async () => ((await world.list()).revisions.length === 1 ? world.list() : null), { message: 'a revision when the writer left' });
    expect(revisions[0]).toMatchObject({ kind: 'auto', wordsAdded: 4 });
    expect(collab.hasRoom(world.pageId)).toBe(true);
    expect(rhys.provider.wsconnected).toBe(true);
  });

  it('takes one when the server shuts down with a writer still on the page', async () => {
    world = await historyWorld();
    const ada = await world.open(world.author);
    await write(ada, 'Typed as the server stops');
    await world.server.quire.close();
    expect(ada.closeCodes).toContain(4503);
    const rows = world.server.db.prepare('SELECT kind, words_added AS wordsAdded, contributors FROM page_revisions WHERE page_id = ?').all(world.pageId);
    expect(rows).toEqual([{ kind: 'auto', wordsAdded: 5, contributors: JSON.stringify([world.author.user.id]) }]);
  });

  it('takes none when nothing changed: not when a writer comes and goes, nor when the room unloads, nor on demand', async () => {
    world = await historyWorld();
    const { collab } = world.server.quire;
    collab.options.unloadGraceMs = 0;
    const ada = await world.open(world.author);
    await write(ada, 'Some settled text');
    ada.destroy();
    await waitFor(async () => (await world.list()).revisions.length === 1, { message: 'the first revision' });
    await waitFor(() => !collab.hasRoom(world.pageId), { message: 'the room unloaded' });

    // A writer opens the page, types nothing and leaves; the room loads and unloads again.
    const again = await world.open(world.author);
    again.destroy();
    await waitFor(() => collab.connectionCount() === 0 && !collab.hasRoom(world.pageId), { message: 'the room unloaded again' });
    expect(await collab.history.take(world.pageId, world.paperId, { kind: 'auto' })).toBeNull();
    expect((await world.list()).revisions).toHaveLength(1);
  });
});
