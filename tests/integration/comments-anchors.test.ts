/**
 * Inline comment anchors against the real server and real y-websocket clients: a reviewer starts a
 * thread on words of a sentence (positions made from their own copy of the page, as the browser
 * does), an author edits before, at the edges of, inside and after the range and deletes around
 * it, and the server keeps reporting the same words; deleting every commented word keeps the thread
 * with its quote, marked detached. The anchor resolves the same on the author's copy (the path
 * highlights take), and from the stored page once everyone has left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initProseMirrorDoc, updateYFragment } from 'y-prosemirror';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { connectClient, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';
import { FRAGMENT_NAME } from '../../shared/collab.js';
import { schema } from '../../shared/schema.js';
import { anchorFromRange, decodePosition, resolveAnchor } from '../../shared/commentAnchors.js';
import type { ThreadView } from '../../shared/comments.js';

let server: TestServer;
let author: TestUser;
let reviewer: TestUser;
let paperId: string;
const clients: CollabClient[] = [];

beforeAll(async () => {
  server = await startServer();
  author = await buildUser(server.url, { name: 'Ada Author' });
  reviewer = await buildUser(server.url, { name: 'Rita Reviewer' });
  paperId = (await buildPaper(author)).id;
  await addMember(author, paperId, reviewer, 'reviewer');
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.stop();
});

async function open(who: TestUser, pageId: string): Promise<CollabClient> {
  const client = connectClient(server.wsUrl, pageId, { cookie: who.client.cookie });
  clients.push(client);
  await waitSynced(client);
  return client;
}

/** The XmlText of the nth paragraph (made if the paragraph is still empty). */
function textOf(doc: Y.Doc, n = 0): Y.XmlText {
  const paragraph = doc.getXmlFragment(FRAGMENT_NAME).get(n) as Y.XmlElement;
  if (paragraph.length === 0) paragraph.insert(0, [new Y.XmlText()]);
  return paragraph.get(0) as Y.XmlText;
}

/** An anchor over `words` in a client's copy of the page, made as the browser makes it. */
function anchorOver(doc: Y.Doc, words: string) {
  const fragment = doc.getXmlFragment(FRAGMENT_NAME);
  const { doc: pm, mapping } = initProseMirrorDoc(fragment, schema);
  let from = -1;
  pm.descendants((node, pos) => {
    if (from < 0 && node.isText && node.text!.includes(words)) from = pos + node.text!.indexOf(words);
  });
  expect(from, `"${words}" is on the page`).toBeGreaterThan(0);
  return { ...anchorFromRange(fragment, mapping, from, from + words.length), quote: words };
}

const threadsOf = async (pageId: string): Promise<ThreadView[]> => (await reviewer.client.ok('GET', `/api/papers/${paperId}/pages/${pageId}/comments`)).threads;

/** Edits the author's copy, waits until the server has stored it, and returns the thread as the server shows it. */
async function afterEdit(writer: CollabClient, pageId: string, edit: () => void): Promise<ThreadView> {
  edit();
  await waitSaved(writer);
  const [thread] = await threadsOf(pageId);
  return thread;
}

describe('an inline anchor under concurrent edits', () => {
  it('stays on the same words through inserts and deletes before, at, inside and after it, and keeps the quote when they are deleted', async () => {
    const page = await buildPage(author, paperId, { title: 'Anchors' });
    const writer = await open(author, page.id);
    const sentence = 'Integrated care needs shared records across every service.';
    textOf(writer.doc).insert(0, `Opening words. ${sentence} Closing words.`);
    await waitSaved(writer);

    const reader = await open(reviewer, page.id);
    await waitFor(() => reader.doc.getXmlFragment(FRAGMENT_NAME).toString().includes('Closing words'), { message: 'the reviewer sees the text' });
    const created = await reviewer.client.request('POST', `/api/papers/${paperId}/pages/${page.id}/comments`, {
      kind: 'inline',
      anchor: anchorOver(reader.doc, 'shared records across'),
      text: 'Which records? Name them.',
    });
    expect(created.status).toBe(201);
    expect(created.body.thread).toMatchObject({ kind: 'inline', quote: 'shared records across', anchorText: 'shared records across', detached: false, resolved: false });
    const startedAt = created.body.thread.position as number;

    const text = textOf(writer.doc);
    const at = (words: string) => text.toString().indexOf(words);

    // Before the range, and exactly at its start: the range moves, its words do not change.
    let thread = await afterEdit(writer, page.id, () => text.insert(0, 'A new first sentence. '));
    expect(thread.anchorText).toBe('shared records across');
    expect(thread.position).toBe(startedAt + 'A new first sentence. '.length);
    thread = await afterEdit(writer, page.id, () => text.insert(at('shared records'), 'well-kept '));
    expect(thread.anchorText).toBe('shared records across');

    // Inside the range: the new words are part of what is commented on.
    thread = await afterEdit(writer, page.id, () => text.insert(at('records across'), 'and current '));
    expect(thread.anchorText).toBe('shared and current records across');

    // Exactly at its end, and after it: outside the range.
    thread = await afterEdit(writer, page.id, () => text.insert(at(' every service'), ' nearly'));
    expect(thread.anchorText).toBe('shared and current records across');
    thread = await afterEdit(writer, page.id, () => text.insert(at(' Closing'), ' More after.'));
    expect(thread.anchorText).toBe('shared and current records across');

    // A new paragraph above moves it further.
    thread = await afterEdit(writer, page.id, () => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('A paragraph typed above.')]);
      writer.doc.getXmlFragment(FRAGMENT_NAME).insert(0, [paragraph]);
    });
    expect(thread.anchorText).toBe('shared and current records across');

    // Deleting around it (the words touching each edge) leaves it whole.
    const para = textOf(writer.doc, 1);
    const left = (words: string) => para.toString().indexOf(words);
    thread = await afterEdit(writer, page.id, () => para.delete(left('needs well-kept '), 'needs well-kept '.length));
    expect(thread.anchorText).toBe('shared and current records across');
    thread = await afterEdit(writer, page.id, () => para.delete(left(' nearly every'), ' nearly every'.length));
    expect(thread.anchorText).toBe('shared and current records across');
    expect(para.toString()).toContain('care shared and current records across service.');

    // Deleting across one edge takes those words out of the range.
    thread = await afterEdit(writer, page.id, () => para.delete(left('care shared'), 'care shared'.length));
    expect(thread.anchorText).toBe('and current records across');

    // The highlight path (the author's own copy, through y-prosemirror's mapping) agrees.
    const fragment = writer.doc.getXmlFragment(FRAGMENT_NAME);
    const built = initProseMirrorDoc(fragment, schema);
    const local = resolveAnchor(writer.doc, fragment, built.mapping, built.doc, { from: decodePosition(thread.anchor!.from)!, to: decodePosition(thread.anchor!.to)! });
    expect(local.range?.text).toBe('and current records across');

    // Deleting every commented word keeps the thread, detached, with the quote it was made on.
    thread = await afterEdit(writer, page.id, () => para.delete(left(' and current records across'), ' and current records across'.length));
    expect(thread).toMatchObject({ detached: true, anchorText: null, quote: 'shared records across', resolved: false });
    expect(thread.comments.map((c) => c.text)).toEqual(['Which records? Name them.']);
    expect((await author.client.ok('GET', `/api/papers/${paperId}/pages/${page.id}`)).page.openComments).toBe(1);

    // Typing other words where they were does not bring the range back; nor do the same words far away.
    thread = await afterEdit(writer, page.id, () => para.insert(left(' service.'), ' replacement words'));
    expect(thread.detached).toBe(true);
    thread = await afterEdit(writer, page.id, () => textOf(writer.doc, 0).insert(0, `Elsewhere: shared records across teams. ${'More words here. '.repeat(5)}`));
    expect(thread.detached).toBe(true);

    // From the stored page, once nobody has it open, it reads the same.
    writer.destroy();
    reader.destroy();
    await waitFor(() => server.quire.collab.roomCount() === 0, { message: 'the room to close' });
    const [stored] = await threadsOf(page.id);
    expect(stored).toMatchObject({ id: thread.id, detached: true, quote: 'shared records across' });
  });

  it('keeps a range spanning two paragraphs, lists threads by position with page threads last, and detaches when a whole paragraph goes', async () => {
    const page = await buildPage(author, paperId, { title: 'Order' });
    const writer = await open(author, page.id);
    textOf(writer.doc).insert(0, 'First paragraph ends here.');
    const second = new Y.XmlElement('paragraph');
    second.insert(0, [new Y.XmlText('Second paragraph starts here and goes on.')]);
    writer.doc.getXmlFragment(FRAGMENT_NAME).insert(1, [second]);
    await waitSaved(writer);

    const path = `/api/papers/${paperId}/pages/${page.id}/comments`;
    const fragment = writer.doc.getXmlFragment(FRAGMENT_NAME);
    const { doc: pm, mapping } = initProseMirrorDoc(fragment, schema);
    const from = 1 + 'First paragraph '.length;
    const to = pm.child(0).nodeSize + 1 + 'Second paragraph'.length;
    const spanning = anchorFromRange(fragment, mapping, from, to);
    await reviewer.client.ok('POST', path, { kind: 'page', text: 'On the whole page.' });
    await reviewer.client.ok('POST', path, { kind: 'inline', anchor: { ...anchorOver(writer.doc, 'goes on'), quote: 'goes on' }, text: 'Later words.' });
    await reviewer.client.ok('POST', path, { kind: 'inline', anchor: { ...spanning, quote: 'ends here. Second paragraph' }, text: 'Across two.' });

    let threads = await threadsOf(page.id);
    expect(threads.map((t) => t.comments[0].text)).toEqual(['Across two.', 'Later words.', 'On the whole page.']);
    expect(threads[0].anchorText).toBe('ends here. Second paragraph');
    expect(threads[2]).toMatchObject({ kind: 'page', anchor: null, position: null, detached: false });

    // Removing the whole second paragraph detaches the thread on its words; the spanning one keeps its first half.
    fragment.delete(1, 1);
    await waitSaved(writer);
    threads = await threadsOf(page.id);
    const byText = new Map(threads.map((t) => [t.comments[0].text, t]));
    expect(byText.get('Later words.')).toMatchObject({ detached: true, quote: 'goes on' });
    expect(byText.get('Across two.')).toMatchObject({ detached: false, anchorText: 'ends here.' });
    writer.destroy();
  });

  it('finds its words again when the editor splits their paragraph before them or joins it to the one above', async () => {
    const page = await buildPage(author, paperId, { title: 'Splits' });
    const writer = await open(author, page.id);
    textOf(writer.doc).insert(0, 'Opening sentence here. The words under review stay put. Closing.');
    const above = new Y.XmlElement('paragraph');
    above.insert(0, [new Y.XmlText('A paragraph above.')]);
    writer.doc.getXmlFragment(FRAGMENT_NAME).insert(0, [above]);
    await waitSaved(writer);
    const path = `/api/papers/${paperId}/pages/${page.id}/comments`;
    await reviewer.client.ok('POST', path, { kind: 'inline', anchor: anchorOver(writer.doc, 'words under review'), text: 'Check.' });

    // What the editor does on Enter and on Backspace at a paragraph's start: the whole body as new ProseMirror nodes.
    const fragment = writer.doc.getXmlFragment(FRAGMENT_NAME);
    const rewrite = (paragraphs: string[]) => {
      const { meta } = initProseMirrorDoc(fragment, schema);
      const doc = schema.node('doc', null, paragraphs.map((t) => schema.node('paragraph', null, t ? [schema.text(t)] : [])));
      updateYFragment(writer.doc, fragment, doc, meta);
    };
    let [thread] = await (async () => {
      rewrite(['A paragraph above.', 'Opening sentence here.', ' The words under review stay put. Closing.']);
      await waitSaved(writer);
      return threadsOf(page.id);
    })();
    expect(fragment.toString()).toContain('<paragraph> The words under review stay put. Closing.</paragraph>');
    expect(thread).toMatchObject({ detached: false, anchorText: 'words under review' });

    rewrite(['A paragraph above.Opening sentence here. The words under review stay put. Closing.']);
    await waitSaved(writer);
    [thread] = await threadsOf(page.id);
    expect(thread).toMatchObject({ detached: false, anchorText: 'words under review' });
    writer.destroy();
  });
});
