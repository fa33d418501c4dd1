/** Member changes made over the HTTP API reach open editing connections at once. */
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/collab.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser } from '../helpers/factories.js';
import { addParagraph, connectClient, waitSaved, waitSynced, type CollabClient } from '../helpers/collabClient.js';
import { waitFor } from '../helpers/waitFor.js';

let server: TestServer;
const clients: CollabClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.stop();
});

async function setUp() {
  server = await startServer();
  const editor = await buildUser(server.url, { name: 'Edith Editor' });
  const author = await buildUser(server.url, { name: 'Arthur Author' });
  const paper = await buildPaper(editor);
  const page = await buildPage(editor, paper.id);
  await addMember(editor, paper.id, author, 'author');
  const connect = (cookie: string) => {
    const client = connectClient(server.wsUrl, page.id, { cookie });
    clients.push(client);
    return client;
  };
  return { editor, author, paper, page, connect };
}

describe('collab: membership changes', () => {
  it('closes a removed member’s connection with 4410 and refuses them afterwards', async () => {
    const { editor, author, paper, connect } = await setUp();
    const authorConn = connect(author.client.cookie);
    const editorConn = connect(editor.client.cookie);
    await Promise.all([waitSynced(authorConn), waitSynced(editorConn)]);

    await editor.client.ok('DELETE', `/api/papers/${paper.id}/members/${author.user.id}`);
    await waitFor(() => authorConn.closeCodes.includes(CloseCode.AccessRevoked), { message: 'the removed author closed with 4410' });
    expect(authorConn.provider.shouldConnect).toBe(false);

    const again = connect(author.client.cookie);
    await waitFor(() => again.closeCodes.includes(CloseCode.NotFound), { message: 'a new attempt refused with 4404' });
    addParagraph(editorConn.doc, 'The editor carries on');
    await waitSaved(editorConn);
    expect(editorConn.closeCodes).toEqual([]);
  });

  it('closes a writer demoted to reviewer, and the new connection is read-only', async () => {
    const { editor, author, paper, connect } = await setUp();
    const authorConn = connect(author.client.cookie);
    await waitSynced(authorConn);

    await editor.client.ok('PATCH', `/api/papers/${paper.id}/members/${author.user.id}`, { role: 'reviewer' });
    await waitFor(() => authorConn.closeCodes.includes(CloseCode.AccessRevoked), { message: 'the demoted author closed with 4410' });

    const reviewerConn = connect(author.client.cookie);
    const editorConn = connect(editor.client.cookie);
    await Promise.all([waitSynced(reviewerConn), waitSynced(editorConn)]);
    addParagraph(reviewerConn.doc, 'A reviewer cannot write this');
    addParagraph(editorConn.doc, 'Marker from the editor');
    await waitSaved(editorConn);
    await waitFor(() => reviewerConn.doc.getXmlFragment('prosemirror').toString().includes('Marker from the editor'), { message: 'the reviewer receives edits' });
    expect(editorConn.doc.getXmlFragment('prosemirror').toString()).not.toContain('A reviewer cannot write this');
  });

  it('keeps the connection of someone whose write access did not change', async () => {
    const { editor, author, paper, connect } = await setUp();
    const authorConn = connect(author.client.cookie);
    await waitSynced(authorConn);
    await editor.client.ok('PATCH', `/api/papers/${paper.id}/members/${author.user.id}`, { role: 'editor' });
    addParagraph(authorConn.doc, 'Still writing after promotion');
    await waitSaved(authorConn);
    expect(authorConn.closeCodes).toEqual([]);
  });
});
