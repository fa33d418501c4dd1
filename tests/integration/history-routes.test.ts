/**
 * The revision routes: naming a version, opening one read-only, comparing two with concurrent
 * edits by two people attributed to each, the latest change for the header link, bad input, and
 * the role rules (reviewers list, open and compare, but neither name nor restore).
 */
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { FRAGMENT_NAME } from '../../shared/collab.js';
import { diffRuns, docText, historyWorld, pageText, textHolding, write, type HistoryWorld } from '../helpers/historyWorld.js';
import { addMember, buildUser } from '../helpers/factories.js';
import { waitSaved } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';

let world: HistoryWorld;

afterEach(async () => {
  await world?.stop();
});

describe('naming and opening versions', () => {
  it('names the current version, names an unnamed latest one instead of repeating it, and opens old ones as they were', async () => {
    world = await historyWorld();
    const ada = await world.open(world.author);
    await write(ada, 'Draft before the reviewers');

    const named = await world.name('after reviewer round 1', world.author);
    expect(named).toMatchObject({ number: 1, kind: 'named', name: 'after reviewer round 1', createdBy: { id: world.author.user.id, name: 'Ada Author' }, wordsAdded: 4 });
    // Nothing changed since: a second name makes a second named version (the first keeps its name).
    const again = await world.name('for the board', world.editor);
    expect(again).toMatchObject({ number: 2, kind: 'named', name: 'for the board', wordsAdded: 0, wordsRemoved: 0 });
    expect(again.contributors).toEqual([]);

    // An automatic revision that nothing changed since gets the name rather than a twin.
    await write(ada, 'Second thoughts');
    const auto = await world.server.quire.collab.history.take(world.pageId, world.paperId, { kind: 'auto' });
    const renamed = await world.name('after round 2');
    expect(renamed).toMatchObject({ id: auto!.id, number: 3, kind: 'named', name: 'after round 2', createdBy: { name: 'Edith Editor' } });

    await write(ada, 'Written after every version');
    const opened = await world.revision(named.id, world.reviewer);
    expect(opened.revision).toMatchObject({ id: named.id, name: 'after reviewer round 1' });
    expect(docText(opened.doc)).toBe('Draft before the reviewers');
    expect(docText((await world.revision(renamed.id)).doc)).toBe('Draft before the reviewers\nSecond thoughts');

    const entries = (await world.editor.client.ok('GET', `/api/papers/${world.paperId}/audit?action=page.revision_named`)).entries;
    expect(entries.map((e: { detail: { name: string } }) => e.detail.name)).toEqual(['after round 2', 'for the board', 'after reviewer round 1']);

    // Ada's data download lists the version she named and the ones her writing is in.
    const { history } = await world.author.client.ok('GET', '/api/account/export');
    expect(history.namedOrRestored).toEqual([expect.objectContaining({ pageId: world.pageId, number: 1, kind: 'named', name: 'after reviewer round 1' })]);
    expect(history.contributedTo.map((r: { number: number }) => r.number)).toEqual([1, 3]);
  });

  it('refuses a missing or overlong name, an unknown version and a page of another paper, each with a sentence', async () => {
    world = await historyWorld();
    const empty = await world.editor.client.request('POST', world.path('/revisions'), { name: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe('A version name is required.');
    const long = await world.editor.client.request('POST', world.path('/revisions'), { name: 'x'.repeat(81) });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toBe('A version name must be at most 80 characters.');
    const unknown = await world.editor.client.request('GET', world.path('/revisions/999'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('No such version of this page.');
    const noFrom = await world.editor.client.request('GET', world.path('/diff'));
    expect(noFrom.status).toBe(400);
    expect(noFrom.body.error.message).toBe('Choose the older version.');
    const otherPaper = (await world.editor.client.ok('POST', '/api/papers', { title: 'Another' })).paper.id;
    const wrongPaper = await world.editor.client.request('GET', `/api/papers/${otherPaper}/pages/${world.pageId}/revisions`);
    expect(wrongPaper.status).toBe(404);
  });
});

describe('comparing versions', () => {
  it('attributes each of two people’s concurrent edits between two versions to the right person', async () => {
    world = await historyWorld();
    const ada = await world.open(world.author);
    const edith = await world.open(world.editor);
    await write(ada, 'The service model is fragmented today.');
    await waitFor(() => pageText(edith.doc).includes('fragmented'));
    const before = await world.name('before the workshop');

    // Both edit at the same moment, neither waiting for the other: Ada deletes a word and adds a
    // sentence; Edith makes a word bold and adds her own paragraph.
    const adaText = textHolding(ada.doc, 'fragmented');
    adaText.delete(adaText.toString().indexOf(' today'), ' today'.length);
    adaText.insert(adaText.length, ' Patients repeat their story.');
    const edithText = textHolding(edith.doc, 'service model');
    edithText.format(edithText.toString().indexOf('service'), 'service'.length, { bold: {} });
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Carers are left out.')]);
    edith.doc.getXmlFragment(FRAGMENT_NAME).insert(1, [paragraph]);
    await Promise.all([waitSaved(ada), waitSaved(edith)]);
    await waitFor(() => pageText(ada.doc) === pageText(edith.doc) && pageText(ada.doc).includes('Carers'));
    const after = await world.name('after the workshop');

    // Asked newest first, the route still puts the older version first.
    const diff = await world.diff(after.id, before.id, world.reviewer);
    expect(diff.from.id).toBe(before.id);
    expect(diff.to!.id).toBe(after.id);
    const runs = diffRuns(diff.doc);
    const ada_ = world.author.user.id;
    const edith_ = world.editor.user.id;
    expect(runs).toContainEqual({ text: ' today', mark: 'deletion', user: ada_ });
    expect(runs).toContainEqual({ text: ' Patients repeat their story.', mark: 'insertion', user: ada_ });
    expect(runs).toContainEqual({ text: 'Carers are left out.', mark: 'insertion', user: edith_ });
    expect(runs).toContainEqual({ text: 'service', mark: 'format_change', user: edith_ });
    expect(diff.authors.map((a) => a.name).sort()).toEqual(['Ada Author', 'Edith Editor']);
    for (const a of diff.authors) expect(a.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(diff).toMatchObject({ wordsAdded: 8, wordsRemoved: 1 });
    expect(after.contributors.map((c) => c.name)).toEqual(['Ada Author', 'Edith Editor']);
    expect(after).toMatchObject({ wordsAdded: 8, wordsRemoved: 1 });
  });

  it('shows the latest change: the newest version against the live page once it changed, else the newest two', async () => {
    world = await historyWorld();
    const ada = await world.open(world.author);
    await write(ada, 'First');
    const first = await world.name('one');
    expect((await world.list()).latestChange).toBeNull();
    await write(ada, 'Second');
    expect((await world.list()).latestChange).toEqual({ from: first.id, to: 'current' });
    const live = await world.diff(first.id, 'current');
    expect(live.to).toBeNull();
    expect(diffRuns(live.doc)).toContainEqual({ text: 'Second', mark: 'insertion', user: world.author.user.id });
    const second = await world.name('two');
    expect((await world.list()).latestChange).toEqual({ from: first.id, to: second.id });
  });
});

describe('live updates', () => {
  it('tells everyone on the paper when a page’s list of versions changes', async () => {
    world = await historyWorld();
    const socket = connect(world.server.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: world.reviewer.client.cookie } });
    try {
      const heard: { paperId: string; pageId: string }[] = [];
      socket.on('revisions:changed', (event: { paperId: string; pageId: string }) => heard.push(event));
      await new Promise<void>((resolve) => socket.emit('paper:join', world.paperId, () => resolve()));
      const ada = await world.open(world.author);
      await write(ada, 'Worth keeping');
      await world.name('kept');
      await waitFor(() => heard.length === 1, { message: 'revisions:changed after naming' });
      expect(heard[0]).toEqual({ paperId: world.paperId, pageId: world.pageId });
      // Naming the same, unchanged version again makes a second one: heard again.
      await world.name('kept twice');
      await waitFor(() => heard.length === 2, { message: 'revisions:changed again' });
    } finally {
      socket.disconnect();
    }
  });
});

describe('who may do what', () => {
  it('lets reviewers and readers list, open and compare versions, but not name or restore them', async () => {
    world = await historyWorld();
    const reader = await buildUser(world.server.url, { name: 'Rita Reader' });
    await addMember(world.editor, world.paperId, reader, 'reader');
    const ada = await world.open(world.author);
    await write(ada, 'Some text');
    const v1 = await world.name('v1');
    await write(ada, 'More text');
    for (const who of [world.reviewer, reader]) {
      expect((await world.list(who)).revisions.map((r) => r.id)).toEqual([v1.id]);
      expect(docText((await world.revision(v1.id, who)).doc)).toBe('Some text');
      expect(diffRuns((await world.diff(v1.id, 'current', who)).doc)).toContainEqual({ text: 'More text', mark: 'insertion', user: world.author.user.id });
      const name = await who.client.request('POST', world.path('/revisions'), { name: 'mine' });
      expect(name.status).toBe(403);
      const restore = await who.client.request('POST', world.path(`/revisions/${v1.id}/restore`));
      expect(restore.status).toBe(403);
    }
    expect((await world.list()).revisions).toHaveLength(1);
    expect(pageText(ada.doc)).toBe('Some text\nMore text');
  });
});
