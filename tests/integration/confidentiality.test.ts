/**
 * The confidentiality check against the real server, with text written by a real y-websocket
 * client: findings of every kind, each with its page's number and its block (and in the paper's own
 * fields, the cover's included); a number fixed by a
 * live edit disappears on the next scan while the other findings keep their ids; an editor's
 * acknowledgement is audited without the sensitive text and makes the gate pass, until a new
 * finding appears; authors and reviewers may check (seeing findings masked) but not acknowledge;
 * readers may check only when the paper lets readers export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { replacePageText, waitSaved, type CollabClient } from '../helpers/collabClient.js';
import { FRAGMENT_NAME } from '../../shared/collab.js';
import type { FindingView, ScanView } from '../../shared/confidentialityApi.js';
import { confidentialityGate } from '../../server/domain/confidentiality.js';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ConfidentialityProgress, ServerToClientEvents } from '../../shared/events.js';
import { waitFor } from '../helpers/waitFor.js';

let server: TestServer;
let editor: TestUser;
let author: TestUser;
let reviewer: TestUser;
let reader: TestUser;
let paperId: string;
const pageIds = {} as Record<'intro' | 'definitions' | 'cases', string>;
const clients: CollabClient[] = [];

const para = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const cell = (text: string) => ({ type: 'table_cell', content: [para(text)] });

/** Opens a page as `who` and replaces its text with these blocks; waits until the server stored it. */
const write = (who: TestUser, pageId: string, blocks: unknown[]) => replacePageText(server.wsUrl, who.client.cookie, pageId, blocks, (client) => clients.push(client));

/** The Y.XmlText holding `words`, anywhere in the page. */
function textHolding(node: Y.XmlFragment | Y.XmlElement, words: string): Y.XmlText | null {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) {
      const plain = (child.toDelta() as { insert: string }[]).map((d) => d.insert).join('');
      if (plain.includes(words)) return child;
    } else if (child instanceof Y.XmlElement) {
      const found = textHolding(child, words);
      if (found) return found;
    }
  }
  return null;
}

/** A scan's answer, or the error of a refused request. */
type Answer = ScanView & { error: { code: string; message: string } };
const scan = (who: TestUser) => who.client.request<Answer>('POST', `/api/papers/${paperId}/confidentiality/scan`);
const acknowledge = (who: TestUser, body: unknown) => who.client.request<Answer>('POST', `/api/papers/${paperId}/confidentiality/acknowledge`, body);
const brief = (f: FindingView) => ({ kind: f.kind, text: f.text, place: f.place, pageNumber: f.pageNumber, pageTitle: f.pageTitle, blockIndex: f.blockIndex });

let definitions: CollabClient;

beforeAll(async () => {
  server = await startServer();
  editor = await buildUser(server.url, { name: 'Edith Editor' });
  author = await buildUser(server.url, { name: 'Ada Author' });
  reviewer = await buildUser(server.url, { name: 'Rita Reviewer' });
  reader = await buildUser(server.url, { name: 'Rex Reader' });
  paperId = (await buildPaper(editor, { title: 'Discharge planning briefing' })).id;
  await editor.client.ok('PATCH', `/api/papers/${paperId}`, { description: 'Questions to briefings@example.org please.', acknowledgements: 'With thanks to the ward team (0113 496 0000).' });
  await addMember(editor, paperId, author, 'author');
  await addMember(editor, paperId, reviewer, 'reviewer');
  await addMember(editor, paperId, reader, 'reader');
  pageIds.intro = (await buildPage(author, paperId, { title: 'Introduction' })).id;
  pageIds.definitions = (await buildPage(author, paperId, { title: 'Definitions' })).id;
  pageIds.cases = (await buildPage(author, paperId, { title: 'Cases', parentId: pageIds.definitions })).id;

  await write(author, pageIds.intro, [para('The workshop met on 12 March 2024 and agreed the outline.')]);
  definitions = await write(author, pageIds.definitions, [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Identifiers' }] },
    para('An example NHS number is 943 476 5919 in the register.'),
    para('A mistyped one, 943 476 5918, fails the check.'),
    { type: 'bullet_list', content: [{ type: 'list_item', content: [para('Call the clinic on 020 7946 0018 before ten.')] }] },
    { type: 'table', content: [{ type: 'table_row', content: [cell('Address'), cell('Lives at SW1A 1AA now')] }] },
  ]);
  await write(author, pageIds.cases, [para('The patient, born on 12/03/1961, was discharged.'), para('Her daughter wrote from jane.doe@example.net yesterday.')]);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.stop();
});

describe('a scan of the whole paper', () => {
  it('finds every kind, each with its page number, page title and block, in reading order', async () => {
    const res = await scan(editor);
    expect(res.status).toBe(200);
    expect(res.body.pages).toBe(3);
    expect(res.body.findings.map(brief)).toEqual([
      { kind: 'email', text: 'briefings@example.org', place: 'paper_description', pageNumber: null, pageTitle: null, blockIndex: null },
      { kind: 'phone', text: '0113 496 0000', place: 'paper_acknowledgements', pageNumber: null, pageTitle: null, blockIndex: null },
      { kind: 'nhs_number', text: '943 476 5919', place: 'page_text', pageNumber: '2', pageTitle: 'Definitions', blockIndex: 1 },
      { kind: 'phone', text: '020 7946 0018', place: 'page_text', pageNumber: '2', pageTitle: 'Definitions', blockIndex: 3 },
      { kind: 'postcode', text: 'SW1A 1AA', place: 'page_text', pageNumber: '2', pageTitle: 'Definitions', blockIndex: 5 },
      { kind: 'date_of_birth', text: '12/03/1961', place: 'page_text', pageNumber: '2.1', pageTitle: 'Cases', blockIndex: 0 },
      { kind: 'email', text: 'jane.doe@example.net', place: 'page_text', pageNumber: '2.1', pageTitle: 'Cases', blockIndex: 1 },
    ]);
    const nhs = res.body.findings[2];
    expect(nhs).toMatchObject({ label: 'NHS number', pageId: pageIds.definitions, masked: false, acknowledged: false, acknowledgement: null });
    expect(nhs.context).toContain('example NHS number is 943 476 5919 in the register');
    expect(res.body.unacknowledged).toBe(7);
  });

  it('finds a page title too, and gives the same ids on a second scan', async () => {
    const page = await buildPage(author, paperId, { title: 'Ring 0161 496 0000 for help' });
    const first = await scan(editor);
    const titled = first.body.findings.find((f) => f.pageId === page.id)!;
    expect(brief(titled)).toEqual({ kind: 'phone', text: '0161 496 0000', place: 'page_title', pageNumber: '3', pageTitle: 'Ring 0161 496 0000 for help', blockIndex: null });
    const second = await scan(editor);
    expect(second.body.findings.map((f) => f.id)).toEqual(first.body.findings.map((f) => f.id));
    await editor.client.ok('DELETE', `/api/papers/${paperId}/pages/${page.id}`);
    expect((await scan(editor)).body.findings.some((f) => f.pageId === page.id)).toBe(false);
  });

  it('reports its progress, page by page, to the sockets of the person who named the check, and to no one else', async () => {
    const listen = (who: TestUser) => {
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connectSocket(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: who.client.cookie } });
      const heard: ConfidentialityProgress[] = [];
      socket.on('confidentiality:progress', (event) => heard.push(event));
      return { socket, heard };
    };
    const mine = listen(editor);
    const theirs = listen(author);
    await waitFor(() => mine.socket.connected && theirs.socket.connected, { message: 'sockets connected' });
    const res = await editor.client.request('POST', `/api/papers/${paperId}/confidentiality/scan`, { checkId: 'check-progress-1' });
    expect(res.status).toBe(200);
    await waitFor(() => mine.heard.some((e) => e.done === e.of), { message: 'the last progress event' });
    expect(mine.heard).toEqual([0, 1, 2, 3].map((done) => ({ paperId, checkId: 'check-progress-1', done, of: 3 })));
    // A scan without an id sends nothing; the other person heard nothing of this one.
    await scan(editor);
    const again = await editor.client.request('POST', `/api/papers/${paperId}/confidentiality/scan`, { checkId: 'check-progress-2' });
    expect(again.status).toBe(200);
    await waitFor(() => mine.heard.some((e) => e.checkId === 'check-progress-2' && e.done === 3), { message: 'the second check' });
    expect(mine.heard.filter((e) => e.checkId === 'check-progress-1')).toHaveLength(4);
    expect(theirs.heard).toEqual([]);
    const bad = await editor.client.request('POST', `/api/papers/${paperId}/confidentiality/scan`, { checkId: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('A check id is 8-64 letters, digits, - or _.');
    mine.socket.disconnect();
    theirs.socket.disconnect();
  });

  it('no longer lists a number fixed by a live edit, and the other findings keep their ids', async () => {
    const before = (await scan(editor)).body.findings;
    const text = textHolding(definitions.doc.getXmlFragment(FRAGMENT_NAME), '943 476 5919')!;
    const plain = (text.toDelta() as { insert: string }[]).map((d) => d.insert).join('');
    const at = plain.indexOf('943 476 5919');
    definitions.doc.transact(() => {
      text.delete(at, '943 476 5919'.length);
      text.insert(at, '[removed]');
    });
    // No wait for the store: the scan reads the open room's document as it is now.
    const after = (await scan(editor)).body.findings;
    expect(after.some((f) => f.kind === 'nhs_number')).toBe(false);
    expect(after.map((f) => f.id)).toEqual(before.filter((f) => f.kind !== 'nhs_number').map((f) => f.id));
    await waitSaved(definitions);
  });
});

describe('acknowledging findings', () => {
  it('is audited with the count and kinds, not the text, and makes the gate pass', async () => {
    expect(await confidentialityGate(server.db, server.quire.collab, paperId)).toMatchObject({ ok: false });
    const current = (await scan(editor)).body;
    const res = await acknowledge(editor, { reason: 'Fictitious examples from the NHS data dictionary.', findingIds: current.findings.map((f) => f.id) });
    expect(res.status).toBe(200);
    expect(res.body.unacknowledged).toBe(0);
    expect(res.body.findings.every((f) => f.acknowledged && f.acknowledgement?.by.name === 'Edith Editor' && f.acknowledgement.reason === 'Fictitious examples from the NHS data dictionary.')).toBe(true);

    expect(await confidentialityGate(server.db, server.quire.collab, paperId)).toEqual({ ok: true });
    const rescan = (await scan(editor)).body;
    expect(rescan.unacknowledged).toBe(0);
    expect(rescan.findings.every((f) => f.acknowledged)).toBe(true);

    const { entries } = await editor.client.ok('GET', `/api/papers/${paperId}/audit?action=confidentiality.acknowledged`);
    expect(entries).toHaveLength(1);
    expect(entries[0].actor.name).toBe('Edith Editor');
    expect(entries[0].detail).toEqual({ count: 6, kinds: { email: 2, phone: 2, postcode: 1, date_of_birth: 1 }, reason: 'Fictitious examples from the NHS data dictionary.' });
    const written = JSON.stringify(entries[0]);
    for (const f of current.findings) expect(written).not.toContain(f.text);
  });

  it('does not cover a finding that appears later: the gate fails again with only the new one', async () => {
    const client = await write(author, pageIds.intro, [para('The workshop met on 12 March 2024.'), para('Our test patient is 401 023 2137 on the spine.')]);
    const gate = await confidentialityGate(server.db, server.quire.collab, paperId);
    expect(gate.ok).toBe(false);
    if (gate.ok) return;
    expect(gate.findings.map((f) => ({ kind: f.kind, text: f.text, pageNumber: f.pageNumber }))).toEqual([{ kind: 'nhs_number', text: '401 023 2137', pageNumber: '1' }]);
    const view = (await scan(editor)).body;
    expect(view.unacknowledged).toBe(1);
    expect(view.findings.filter((f) => !f.acknowledged).map((f) => f.text)).toEqual(['401 023 2137']);

    const res = await acknowledge(editor, { reason: 'A test number issued for training.', findingIds: [view.findings.find((f) => !f.acknowledged)!.id] });
    expect(res.status).toBe(200);
    expect(await confidentialityGate(server.db, server.quire.collab, paperId)).toEqual({ ok: true });
    client.destroy();
  });

  it('refuses a finding that is no longer there, a blank reason and ids that no scan made, with sentences', async () => {
    const stale = await acknowledge(editor, { reason: 'Old.', findingIds: ['0123456789abcdef01234567'] });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toBe('None of these findings is in the paper now; they were fixed or changed. Run the check again.');
    const id = (await scan(editor)).body.findings[0].id;
    const blank = await acknowledge(editor, { reason: '   ', findingIds: [id] });
    expect(blank.status).toBe(400);
    expect(blank.body.error.message).toBe('Give a reason for keeping these findings.');
    const none = await acknowledge(editor, { reason: 'Fine.', findingIds: [] });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toBe('Choose at least one finding to acknowledge.');
    const forged = await acknowledge(editor, { reason: 'Fine.', findingIds: ['<script>'] });
    expect(forged.status).toBe(400);
    expect(forged.body.error.message).toBe('Finding ids come from a scan; run the check again.');
  });
});

describe('who may check and acknowledge', () => {
  it('lets authors and reviewers check, with findings masked, but not acknowledge', async () => {
    const full = (await scan(editor)).body;
    for (const who of [author, reviewer]) {
      const res = await scan(who);
      expect(res.status).toBe(200);
      expect(res.body.findings.map((f) => f.id)).toEqual(full.findings.map((f) => f.id));
      const nhs = res.body.findings.find((f) => f.kind === 'nhs_number')!;
      expect(nhs).toMatchObject({ text: '40* *** **37', masked: true });
      expect(nhs.context).not.toContain('401 023 2137');
      expect(nhs.context).toContain('40* *** **37');
      const refused = await acknowledge(who, { reason: 'Mine.', findingIds: [nhs.id] });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe('Only an editor of this paper can do that.');
    }
  });

  it('lets readers check only when the paper lets readers export', async () => {
    const refused = await scan(reader);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('Only editors, authors and reviewers can export this paper; an editor can allow readers to export.');
    await editor.client.ok('PATCH', `/api/papers/${paperId}`, { readersMayExport: true });
    const allowed = await scan(reader);
    expect(allowed.status).toBe(200);
    expect(allowed.body.findings.every((f) => f.masked)).toBe(true);
    expect((await acknowledge(reader, { reason: 'No.', findingIds: [allowed.body.findings[0].id] })).status).toBe(403);
  });
});
