/**
 * Releases against the real server: freezing pins each page's revision, title and place so later
 * edits, renames and moves do not change what a release returns; pages not approved need a reason,
 * which the audit trail keeps; the confidentiality check stops a release until its findings are
 * acknowledged; comparing two releases names the pages added, removed, renamed, moved and changed;
 * and only editors freeze while every member reads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FRAGMENT_NAME } from '../../shared/collab.js';
import type { ReleaseCompareView, ReleaseDetailView, ReleaseView } from '../../shared/releases.js';
import { diffRuns, docText, historyWorld, write, type HistoryWorld } from '../helpers/historyWorld.js';
import { addMember, buildPage, buildUser, type TestUser } from '../helpers/factories.js';
import { roundTrip, connectClient, waitSynced, type CollabClient } from '../helpers/collabClient.js';

let world: HistoryWorld;

afterEach(async () => {
  await world?.stop();
});

const releasesPath = (rest = '') => `/api/papers/${world.paperId}/releases${rest}`;
const freeze = async (name: string, reason?: string, who: TestUser = world.editor): Promise<ReleaseView> =>
  (await who.client.ok('POST', releasesPath(), { name, ...(reason ? { reason } : {}) })).release;
const detail = (id: string, who: TestUser = world.editor): Promise<ReleaseDetailView> => who.client.ok('GET', releasesPath(`/${id}`));
const frozenText = async (releaseId: string, pageId: string, who: TestUser = world.editor) => docText((await who.client.ok('GET', releasesPath(`/${releaseId}/pages/${pageId}`))).doc);
const approve = (pageId: string) => world.editor.client.ok('POST', `/api/papers/${world.paperId}/pages/${pageId}/status`, { status: 'approved' });
const rename = (pageId: string, title: string) => world.editor.client.ok('PATCH', `/api/papers/${world.paperId}/pages/${pageId}`, { title });
const move = (pageId: string, parentId: string | null, index: number) => world.editor.client.ok('POST', `/api/papers/${world.paperId}/pages/${pageId}/move`, { parentId, index });

/** Opens a synced collab client on any page of the world's paper. */
async function openPage(pageId: string, who: TestUser): Promise<CollabClient> {
  const client = connectClient(world.server.wsUrl, pageId, { cookie: who.client.cookie });
  world.clients.push(client);
  await waitSynced(client);
  return client;
}

describe('freezing a release', () => {
  it('pins each page’s text, title and place: later edits, renames and moves do not change it', async () => {
    world = await historyWorld();
    const definitions = world.pageId;
    const recommendations = (await buildPage(world.editor, world.paperId, { title: 'Recommendations' })).id;
    const funding = (await buildPage(world.editor, world.paperId, { title: 'Funding', parentId: recommendations })).id;
    const ada = await world.open(world.editor);
    await write(ada, 'Integrated care means one plan per person.');
    const fundingClient = await openPage(funding, world.editor);
    await write(fundingClient, 'Pool the budgets.');
    for (const id of [definitions, recommendations, funding]) await approve(id);

    const v1 = await freeze('v1.0 for consultation');
    expect(v1).toMatchObject({ name: 'v1.0 for consultation', createdBy: { id: world.editor.user.id, name: 'Edith Editor' }, pages: 3, notApproved: 0, reason: null });

    // Everything changes afterwards (the editor may still write on approved pages): text, a title, the order.
    await write(ada, 'Written after the release.');
    await write(fundingClient, 'Also top-slice the grant.');
    await rename(definitions, 'Terms');
    await move(funding, null, 0);

    const frozen = await detail(v1.id, world.reviewer);
    expect(frozen.pages.map((p) => [p.number, p.title, p.depth])).toEqual([
      ['1', 'Definitions', 1],
      ['2', 'Recommendations', 1],
      ['2.1', 'Funding', 2],
    ]);
    expect(await frozenText(v1.id, definitions, world.reviewer)).toBe('Integrated care means one plan per person.');
    expect(await frozenText(v1.id, funding)).toBe('Pool the budgets.');

    // The next release has the new text and tree; the list is newest first.
    const v2 = await freeze('v1.1');
    expect((await detail(v2.id)).pages.map((p) => [p.number, p.title])).toEqual([
      ['1', 'Funding'],
      ['2', 'Terms'],
      ['3', 'Recommendations'],
    ]);
    expect(await frozenText(v2.id, definitions)).toBe('Integrated care means one plan per person.\nWritten after the release.');
    const { releases } = await world.reviewer.client.ok('GET', releasesPath());
    expect(releases.map((r: ReleaseView) => r.name)).toEqual(['v1.1', 'v1.0 for consultation']);

    // The release's revision is the page's own: export reads it through the history module too.
    const pinned = frozen.pages.find((p) => p.pageId === definitions)!.revisionId;
    expect(docText((await world.revision(pinned)).doc)).toBe('Integrated care means one plan per person.');
  });

  it('asks for a reason while pages are not approved, and keeps the reason in the release and the audit trail', async () => {
    world = await historyWorld();
    const second = (await buildPage(world.editor, world.paperId, { title: 'Background' })).id;
    await approve(second);

    const refused = await world.editor.client.request('POST', releasesPath(), { name: 'v0.9' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('1 page is not approved (of 2). Give a reason for releasing the paper before it is approved.');
    const blank = await world.editor.client.request('POST', releasesPath(), { name: 'v0.9', reason: '   ' });
    expect(blank.status).toBe(409);
    expect((await world.editor.client.ok('GET', releasesPath())).releases).toEqual([]);

    const released = await freeze('v0.9', 'The board meets before Definitions can be approved.');
    expect(released).toMatchObject({ pages: 2, notApproved: 1, reason: 'The board meets before Definitions can be approved.' });
    const { entries } = await world.editor.client.ok('GET', `/api/papers/${world.paperId}/audit?action=paper.released`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: { name: 'Edith Editor' },
      target: released.id,
      detail: { name: 'v0.9', pages: 2, notApproved: 1, reason: 'The board meets before Definitions can be approved.' },
    });

    // The releaser's data download lists it; others' do not.
    expect((await world.editor.client.ok('GET', '/api/account/export')).releasesFrozen).toEqual([
      { paperId: world.paperId, id: released.id, name: 'v0.9', createdAt: released.createdAt, notApproved: 1, reason: 'The board meets before Definitions can be approved.' },
    ]);
    expect((await world.author.client.ok('GET', '/api/account/export')).releasesFrozen).toEqual([]);
  });

  it('refuses a missing or overlong name and an unknown release, each with a sentence', async () => {
    world = await historyWorld();
    const empty = await world.editor.client.request('POST', releasesPath(), { name: ' ', reason: 'Drafts.' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe('A release name is required.');
    const long = await world.editor.client.request('POST', releasesPath(), { name: 'v'.repeat(81), reason: 'Drafts.' });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toBe('A release name must be at most 80 characters.');
    const unknown = await world.editor.client.request('GET', releasesPath('/no-such-release'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('No such release of this paper.');
    const noTo = await world.editor.client.request('GET', releasesPath('/compare?from=abc'));
    expect(noTo.status).toBe(400);
    expect(noTo.body.error.message).toBe('Choose the later release.');
  });

  it('is stopped by the confidentiality check until its findings are acknowledged', async () => {
    world = await historyWorld();
    const ada = await world.open(world.author);
    await write(ada, 'Ask jo.bloggs@example.org for the figures.');
    await approve(world.pageId);

    const refused = await world.editor.client.request('POST', releasesPath(), { name: 'v1.0' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'confidentiality',
      message: '1 possible confidential detail needs checking first: run the confidentiality check and fix or acknowledge them.',
      findings: [{ kind: 'email', pageId: world.pageId, pageTitle: 'Definitions' }],
    });
    expect((await world.editor.client.ok('GET', releasesPath())).releases).toEqual([]);

    const scan = await world.editor.client.ok('POST', `/api/papers/${world.paperId}/confidentiality/scan`);
    await world.editor.client.ok('POST', `/api/papers/${world.paperId}/confidentiality/acknowledge`, { reason: 'A published work address.', findingIds: [scan.findings[0].id] });
    const released = await freeze('v1.0');
    expect(await frozenText(released.id, world.pageId)).toBe('Ask jo.bloggs@example.org for the figures.');
  });
});

describe('comparing releases', () => {
  it('names the pages added, removed, renamed, moved and changed, and leaves an edit undone as unchanged', async () => {
    world = await historyWorld();
    const definitions = world.pageId;
    const page = async (title: string) => (await buildPage(world.editor, world.paperId, { title })).id;
    const background = await page('Background');
    const annex = await page('Annex');
    const method = await page('Method');
    const summary = await page('Summary');
    const ada = await world.open(world.author);
    await write(ada, 'Integrated care means one plan per person.');
    const methodClient = await openPage(method, world.author);
    await write(methodClient, 'We asked twelve boards.');
    const v1 = await freeze('v1.0', 'Drafts.');

    await write(ada, 'A second sentence.');
    await rename(background, 'Context');
    await world.editor.client.ok('DELETE', `/api/papers/${world.paperId}/pages/${annex}`);
    const added = await page('Next steps');
    await move(summary, null, 0);
    // Method's text is typed and removed again: a new revision, the same text.
    await write(methodClient, 'A passing thought.');
    const fragment = methodClient.doc.getXmlFragment(FRAGMENT_NAME);
    fragment.delete(fragment.length - 1, 1);
    await roundTrip(methodClient);
    const v2 = await freeze('v1.1', 'Drafts.');

    // Asked in either order, the earlier release is "from".
    for (const [from, to] of [[v1.id, v2.id], [v2.id, v1.id]]) {
      const compared: ReleaseCompareView = await world.reviewer.client.ok('GET', releasesPath(`/compare?from=${from}&to=${to}`));
      expect(compared.from.name).toBe('v1.0');
      expect(compared.to.name).toBe('v1.1');
      const changes = Object.fromEntries(compared.pages.map((p) => [p.title, p.changes]));
      expect(changes).toEqual({
        Summary: ['moved'],
        Definitions: ['text_changed'],
        Context: ['renamed'],
        Method: ['unchanged'],
        'Next steps': ['added'],
        Annex: ['removed'],
      });
      expect(compared.pages.map((p) => p.title)).toEqual(['Summary', 'Definitions', 'Context', 'Method', 'Next steps', 'Annex']);
      expect(compared.pages.find((p) => p.pageId === background)).toMatchObject({ previousTitle: 'Background', number: '3', previousNumber: '2' });
      expect(compared.pages.find((p) => p.pageId === added)).toMatchObject({ fromRevisionId: null });
    }
    // Method's pinned revisions differ even though its text does not.
    const [m1, m2] = [(await detail(v1.id)).pages, (await detail(v2.id)).pages].map((pages) => pages.find((p) => p.pageId === method)!.revisionId);
    expect(m1).not.toBe(m2);

    // The changed page's text is compared through the history diff of its two pinned revisions.
    const compared: ReleaseCompareView = await world.editor.client.ok('GET', releasesPath(`/compare?from=${v1.id}&to=${v2.id}`));
    const changed = compared.pages.find((p) => p.pageId === definitions)!;
    const diff = await world.diff(changed.fromRevisionId!, changed.toRevisionId!, world.reviewer);
    expect(diffRuns(diff.doc).filter((r) => r.mark === 'insertion')).toEqual([{ text: 'A second sentence.', mark: 'insertion', user: world.author.user.id }]);
  });
});

describe('who may release', () => {
  it('lets only editors freeze, and every member list, open and compare releases', async () => {
    world = await historyWorld();
    const reader = await buildUser(world.server.url, { name: 'Rita Reader' });
    await addMember(world.editor, world.paperId, reader, 'reader');
    for (const who of [world.author, world.reviewer, reader]) {
      const refused = await who.client.request('POST', releasesPath(), { name: 'Mine', reason: 'Drafts.' });
      expect(refused.status).toBe(403);
    }
    const release = await freeze('v1.0', 'Drafts.');
    for (const who of [world.author, world.reviewer, reader]) {
      expect((await who.client.ok('GET', releasesPath())).releases.map((r: ReleaseView) => r.id)).toEqual([release.id]);
      expect((await detail(release.id, who)).pages).toHaveLength(1);
      expect(await frozenText(release.id, world.pageId, who)).toBe('');
    }
    const outsider = await buildUser(world.server.url, { name: 'Otto Outsider' });
    expect((await outsider.client.request('GET', releasesPath())).status).toBe(404);
  });
});
