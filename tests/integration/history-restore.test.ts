/**
 * Restoring a version as a new change: people editing the page see it change under them without
 * reconnecting, the text it replaced stays in history and can be compared, the restore is itself
 * a revision, it is audited, and an author cannot restore on an approved page.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { diffRuns, docText, historyWorld, pageText, textHolding, write, type HistoryWorld } from '../helpers/historyWorld.js';
import { waitSaved } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';

let world: HistoryWorld;

afterEach(async () => {
  await world?.stop();
});

describe('restoring a version', () => {
  it('changes the page under two live editors, keeps the newer text in history, and is itself a revision', async () => {
    world = await historyWorld();
    const ada = await world.open(world.author);
    const edith = await world.open(world.editor);
    let reconnects = 0;
    for (const c of [ada, edith]) c.provider.on('status', ({ status }: { status: string }) => status === 'connecting' && reconnects++);
    await write(ada, 'Care should follow the person.');
    await write(ada, 'Budgets are pooled locally.');
    await waitFor(() => pageText(edith.doc).includes('pooled'));
    const original = await world.name('agreed wording');

    // Ada rewrites one sentence and adds another; Edith changes a word.
    const first = textHolding(ada.doc, 'follow the person');
    first.delete(0, first.length);
    first.insert(0, 'Care is organised by institutions.');
    await write(ada, 'Nobody owns the pathway.');
    await waitFor(() => pageText(edith.doc).includes('Nobody'));
    const second = textHolding(edith.doc, 'pooled');
    second.delete(second.toString().indexOf('locally'), 'locally'.length);
    second.insert(second.toString().indexOf('.'), 'nationally');
    await waitSaved(edith);
    await waitFor(() => pageText(ada.doc) === pageText(edith.doc) && pageText(ada.doc).includes('nationally'));
    const rewritten = pageText(ada.doc);

    const res = await world.editor.client.request('POST', world.path(`/revisions/${original.id}/restore`));
    expect(res.status).toBe(201);
    const restore = res.body.revision;
    expect(restore).toMatchObject({ kind: 'restore', restoredFrom: original.number, createdBy: { id: world.editor.user.id } });

    // Both live editors converge on the restored text without reconnecting.
    const wanted = 'Care should follow the person.\nBudgets are pooled locally.';
    await waitFor(() => pageText(ada.doc) === wanted && pageText(edith.doc) === wanted, { message: 'both clients show the restored text' });
    expect(reconnects).toBe(0);
    expect(ada.closeCodes).toEqual([]);

    // Nothing after the restored version is lost: the rewritten text is a revision of its own.
    const { revisions } = await world.list();
    expect(revisions.map((r) => r.kind)).toEqual(['restore', 'auto', 'named']);
    const kept = revisions[1];
    expect(docText((await world.revision(kept.id)).doc)).toBe(rewritten);
    expect(docText((await world.revision(restore.id)).doc)).toBe(wanted);

    // The restore's diff shows the rewritten text deleted and the old text back, by the editor.
    const runs = diffRuns((await world.diff(kept.id, restore.id)).doc);
    expect(runs).toContainEqual({ text: 'Nobody owns the pathway.', mark: 'deletion', user: world.editor.user.id });
    expect(runs.filter((r) => r.mark === 'insertion').map((r) => r.user)).toEqual(runs.filter((r) => r.mark === 'insertion').map(() => world.editor.user.id));
    expect(restore.contributors).toEqual([{ id: world.editor.user.id, name: 'Edith Editor' }]);

    // Editing goes on after a restore, and the restore is audited.
    await write(ada, 'Typed after the restore.');
    await waitFor(() => pageText(edith.doc).endsWith('Typed after the restore.'));
    const audit = (await world.editor.client.ok('GET', `/api/papers/${world.paperId}/audit?action=page.revision_restored`)).entries;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ target: world.pageId, detail: { restoredFrom: original.number, revision: restore.number } });
  });

  it('restores on a page nobody has open, and the next person to open it sees the restored text', async () => {
    world = await historyWorld();
    const { collab } = world.server.quire;
    collab.options.unloadGraceMs = 0;
    const ada = await world.open(world.author);
    await write(ada, 'Version one.');
    const v1 = await world.name('one');
    await write(ada, 'Version two.');
    ada.destroy();
    await waitFor(() => !collab.hasRoom(world.pageId), { message: 'room unloaded' });

    const restore = await world.author.client.ok('POST', world.path(`/revisions/${v1.id}/restore`));
    expect(restore.revision).toMatchObject({ kind: 'restore', restoredFrom: 1 });
    await waitFor(() => !collab.hasRoom(world.pageId), { message: 'room unloaded after the restore' });
    const later = await world.open(world.reviewer);
    expect(pageText(later.doc)).toBe('Version one.');
  });

  it('refuses an author on an approved page and anyone on a page in the trash, with a sentence; lets an editor restore an approved page', async () => {
    world = await historyWorld();
    const ada = await world.open(world.author);
    await write(ada, 'Approved wording.');
    const v1 = await world.name('one');
    await write(ada, 'A late addition.');
    world.server.db.prepare("UPDATE pages SET status = 'approved' WHERE id = ?").run(world.pageId);

    const refused = await world.author.client.request('POST', world.path(`/revisions/${v1.id}/restore`));
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('This page is approved, so only an editor can change its text. Ask an editor to reopen it.');
    expect((await world.list()).revisions).toHaveLength(1);

    const allowed = await world.editor.client.request('POST', world.path(`/revisions/${v1.id}/restore`));
    expect(allowed.status).toBe(201);
    const unknown = await world.editor.client.request('POST', world.path('/revisions/12345/restore'));
    expect(unknown.status).toBe(404);

    // A page in the trash keeps its history, but its text cannot change until it is restored.
    await world.editor.client.ok('DELETE', world.path());
    expect((await world.list()).revisions.length).toBeGreaterThan(1);
    const trashed = await world.editor.client.request('POST', world.path(`/revisions/${v1.id}/restore`));
    expect(trashed.status).toBe(409);
    expect(trashed.body.error.message).toBe('This page is in the trash. Restore the page first, then one of its versions.');
  });
});
