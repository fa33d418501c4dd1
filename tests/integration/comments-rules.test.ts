/**
 * Comment rules against the real server: who may comment, reply, edit, delete, resolve and reopen;
 * the text rules and their messages; mentions of members and of anyone else; what deleting keeps;
 * the audit trail; and the live events (socket.io and the 'comment:posted' AppEvent).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { waitFor } from '../helpers/waitFor.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';
import type { CommentPosted } from '../../server/events.js';
import { mentionToken, type ThreadView } from '../../shared/comments.js';

let server: TestServer;
let editor: TestUser;
let author: TestUser;
let reviewer: TestUser;
let otherReviewer: TestUser;
let reader: TestUser;
let outsider: TestUser;
let paperId: string;
const posted: CommentPosted[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServer();
  editor = await buildUser(server.url, { name: 'Edith Editor' });
  author = await buildUser(server.url, { name: 'Ada Author' });
  reviewer = await buildUser(server.url, { name: 'Rita Reviewer' });
  otherReviewer = await buildUser(server.url, { name: 'Ravi Reviewer' });
  reader = await buildUser(server.url, { name: 'Rob Reader' });
  outsider = await buildUser(server.url, { name: 'Olga Outsider' });
  paperId = (await buildPaper(editor)).id;
  await addMember(editor, paperId, author, 'author');
  await addMember(editor, paperId, reviewer, 'reviewer');
  await addMember(editor, paperId, otherReviewer, 'reviewer');
  await addMember(editor, paperId, reader, 'reader');
  server.quire.events.on('comment:posted', (p) => posted.push(p));
});

afterEach(() => {
  while (sockets.length) sockets.pop()!.disconnect();
});

afterAll(async () => {
  await server.stop();
});

const commentsPath = (pageId: string) => `/api/papers/${paperId}/pages/${pageId}/comments`;

async function pageThread(who: TestUser, pageId: string, text = 'A remark on the page.'): Promise<ThreadView> {
  return (await who.client.ok('POST', commentsPath(pageId), { kind: 'page', text })).thread;
}

const threads = async (pageId: string, who: TestUser = reader): Promise<ThreadView[]> => (await who.client.ok('GET', commentsPath(pageId))).threads;
const openCount = async (pageId: string) => (await reader.client.ok('GET', `/api/papers/${paperId}/pages/${pageId}`)).page.openComments as number;

describe('who may do what', () => {
  it('lets readers read but not comment, reply or resolve; reviewers comment, even on an approved page', async () => {
    const page = await buildPage(editor, paperId, { title: 'Roles' });
    const thread = await pageThread(reviewer, page.id);
    expect(await threads(page.id)).toHaveLength(1);

    const refused = await reader.client.request('POST', commentsPath(page.id), { kind: 'page', text: 'Let me in.' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/editor, author or reviewer|does not allow/i);
    expect((await reader.client.request('POST', `${commentsPath(page.id)}/${thread.id}/replies`, { text: 'Me too.' })).status).toBe(403);
    expect((await reader.client.request('POST', `${commentsPath(page.id)}/${thread.id}/resolve`)).status).toBe(403);
    expect((await outsider.client.request('GET', commentsPath(page.id))).status).toBe(404);

    await editor.client.ok('POST', `/api/papers/${paperId}/pages/${page.id}/status`, { status: 'approved' });
    const onApproved = await reviewer.client.request('POST', commentsPath(page.id), { kind: 'page', text: 'Still a remark after approval.' });
    expect(onApproved.status).toBe(201);
  });

  it('lets reviewers resolve and reopen only threads they started; authors and editors any', async () => {
    const page = await buildPage(editor, paperId, { title: 'Resolving' });
    const mine = await pageThread(reviewer, page.id, 'Mine.');
    const authors = await pageThread(author, page.id, 'The author’s.');
    expect(await openCount(page.id)).toBe(2);

    const notMine = await reviewer.client.request('POST', `${commentsPath(page.id)}/${authors.id}/resolve`);
    expect(notMine.status).toBe(403);
    expect(notMine.body.error.message).toBe('Only the person who started this thread, an author or an editor can resolve it.');
    expect((await otherReviewer.client.request('POST', `${commentsPath(page.id)}/${mine.id}/resolve`)).status).toBe(403);

    const resolved = await reviewer.client.ok('POST', `${commentsPath(page.id)}/${mine.id}/resolve`);
    expect(resolved.thread).toMatchObject({ resolved: true, resolvedBy: { id: reviewer.user.id, name: 'Rita Reviewer' } });
    expect(await openCount(page.id)).toBe(1);
    const again = await reviewer.client.request('POST', `${commentsPath(page.id)}/${mine.id}/resolve`);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('This thread is already resolved.');

    // An author resolves a reviewer's thread, and the reviewer may reopen their own.
    const other = await pageThread(otherReviewer, page.id, 'Ravi’s.');
    expect((await author.client.request('POST', `${commentsPath(page.id)}/${other.id}/resolve`)).status).toBe(200);
    expect((await otherReviewer.client.request('POST', `${commentsPath(page.id)}/${other.id}/reopen`)).status).toBe(200);
    expect((await editor.client.request('POST', `${commentsPath(page.id)}/${authors.id}/resolve`)).status).toBe(200);
    expect((await reviewer.client.request('POST', `${commentsPath(page.id)}/${authors.id}/reopen`)).status).toBe(403);
    expect(await openCount(page.id)).toBe(1);

    const trail = (await editor.client.ok('GET', `/api/papers/${paperId}/audit?action=comment.resolved`)).entries;
    expect(trail.map((e: { actor: { name: string } }) => e.actor.name)).toEqual(['Edith Editor', 'Ada Author', 'Rita Reviewer']);
    expect(trail[0].detail).toMatchObject({ pageTitle: 'Resolving', threadId: authors.id, startedBy: 'Ada Author' });
  });

  it('lets people edit and delete only their own comments', async () => {
    const page = await buildPage(editor, paperId, { title: 'Editing' });
    const thread = await pageThread(reviewer, page.id, 'Frist remark.');
    const commentPath = `${commentsPath(page.id)}/${thread.id}/messages/${thread.comments[0].id}`;

    const byOther = await author.client.request('PATCH', commentPath, { text: 'Rewritten by someone else.' });
    expect(byOther.status).toBe(403);
    expect(byOther.body.error.message).toBe('You can only edit your own comments.');
    const delOther = await editor.client.request('DELETE', commentPath);
    expect(delOther.status).toBe(403);
    expect(delOther.body.error.message).toBe('You can only delete your own comments.');

    const edited = await reviewer.client.ok('PATCH', commentPath, { text: 'First remark.' });
    expect(edited.thread.comments[0]).toMatchObject({ text: 'First remark.', deleted: false });
    expect(edited.thread.comments[0].editedAt).not.toBeNull();
    expect((await threads(page.id))[0].comments[0].text).toBe('First remark.');
  });
});

describe('deleting', () => {
  it('keeps a thread whose first comment is deleted while replies remain, and removes it with its last comment', async () => {
    const page = await buildPage(editor, paperId, { title: 'Deleting' });
    const thread = await pageThread(reviewer, page.id, 'Opening remark.');
    const replied = (await author.client.ok('POST', `${commentsPath(page.id)}/${thread.id}/replies`, { text: 'A reply.' })).thread as ThreadView;
    const [first, reply] = replied.comments;

    expect((await reviewer.client.request('DELETE', `${commentsPath(page.id)}/${thread.id}/messages/${first.id}`)).status).toBe(204);
    let [kept] = await threads(page.id);
    expect(kept.comments).toMatchObject([{ id: first.id, deleted: true, text: '' }, { id: reply.id, text: 'A reply.', deleted: false }]);
    expect(kept.author.id).toBe(reviewer.user.id);
    expect(await openCount(page.id)).toBe(1);
    // A deleted comment cannot be edited or deleted again.
    expect((await reviewer.client.request('PATCH', `${commentsPath(page.id)}/${thread.id}/messages/${first.id}`, { text: 'Back?' })).status).toBe(404);

    expect((await author.client.request('DELETE', `${commentsPath(page.id)}/${thread.id}/messages/${reply.id}`)).status).toBe(204);
    expect(await threads(page.id)).toEqual([]);
    expect(await openCount(page.id)).toBe(0);

    // A reply deleted from a thread with others left simply goes.
    const other = await pageThread(reviewer, page.id, 'Another.');
    const withReply = (await author.client.ok('POST', `${commentsPath(page.id)}/${other.id}/replies`, { text: 'Short-lived.' })).thread as ThreadView;
    await author.client.ok('DELETE', `${commentsPath(page.id)}/${other.id}/messages/${withReply.comments[1].id}`);
    [kept] = await threads(page.id);
    expect(kept.comments.map((c) => c.text)).toEqual(['Another.']);

    const trail = (await editor.client.ok('GET', `/api/papers/${paperId}/audit?action=comment.deleted`)).entries;
    expect(trail[0]).toMatchObject({ actor: { name: 'Ada Author' }, detail: { threadId: other.id, threadDeleted: false } });
  });

  it('answers 404 for a thread of another page, and refuses comments on a page in the trash', async () => {
    const page = await buildPage(editor, paperId, { title: 'Here' });
    const elsewhere = await buildPage(editor, paperId, { title: 'Elsewhere' });
    const thread = await pageThread(reviewer, page.id);
    const wrong = await reviewer.client.request('POST', `${commentsPath(elsewhere.id)}/${thread.id}/replies`, { text: 'Hello?' });
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.message).toBe('This comment thread was not found. It may have been deleted.');

    await editor.client.ok('DELETE', `/api/papers/${paperId}/pages/${page.id}`);
    const trashed = await reviewer.client.request('POST', commentsPath(page.id), { kind: 'page', text: 'Too late.' });
    expect(trashed.status).toBe(409);
    expect(trashed.body.error.message).toBe('This page is in the trash. Restore it before commenting on it.');
    expect(await threads(page.id)).toHaveLength(1);
  });
});

describe('comment text', () => {
  it('refuses empty and over-long text with a sentence, and counts a mention as its @Name', async () => {
    const page = await buildPage(editor, paperId, { title: 'Text rules' });
    const post = (body: unknown) => reviewer.client.request('POST', commentsPath(page.id), body);

    for (const text of ['', '   \n\t ', undefined]) {
      const res = await post({ kind: 'page', text });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe('Write a comment first.');
    }
    const tooLong = await post({ kind: 'page', text: 'x'.repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toBe('A comment can be at most 2,000 characters.');
    expect((await post({ kind: 'page', text: 'x'.repeat(2000) })).status).toBe(201);

    // "@Ada Author" is 11 characters however long the stored token is.
    const token = mentionToken('Ada Author', author.user.id);
    expect((await post({ kind: 'page', text: `${token} ${'y'.repeat(2000 - 12)}` })).status).toBe(201);

    const kind = await post({ kind: 'sideways', text: 'Hm.' });
    expect(kind.status).toBe(400);
    expect(kind.body.error.message).toBe('Say whether the comment is on selected text (inline) or on the page.');
    const noAnchor = await post({ kind: 'inline', text: 'Where?' });
    expect(noAnchor.status).toBe(400);
    const badAnchor = await post({ kind: 'inline', anchor: { from: 'AAAA', to: 'not base64!', quote: 'words' }, text: 'Where?' });
    expect(badAnchor.status).toBe(400);
    expect(badAnchor.body.error.message).toBe('The comment’s place in the text is not valid. Select the text again.');
    const junkAnchor = await post({ kind: 'inline', anchor: { from: 'AAAA', to: 'AAAA', quote: 'words' }, text: 'Where?' });
    expect(junkAnchor.status).toBe(400);
    const noQuote = await post({ kind: 'inline', anchor: { from: 'AAAA', to: 'AAAA', quote: '  ' }, text: 'Where?' });
    expect(noQuote.body.error.message).toContain('Select some text to comment on.');

    // Control characters go; line breaks stay; markup stays text.
    const kept = await post({ kind: 'page', text: 'Line one\r\nLine\u0007 two <b>not bold</b>' });
    expect(kept.body.thread.comments[0].text).toBe('Line one\nLine two <b>not bold</b>');
  });

  it('keeps mentions of members under their current name and turns anyone else into plain text', async () => {
    const page = await buildPage(editor, paperId, { title: 'Mentions' });
    const text = `Could ${mentionToken('Someone Else Entirely', author.user.id)} and ${mentionToken('Olga', outsider.user.id)} look? ${mentionToken('Rob', reader.user.id)} too.`;
    posted.length = 0;
    const { thread } = await reviewer.client.ok('POST', commentsPath(page.id), { kind: 'page', text });
    expect(thread.comments[0].text).toBe(`Could ${mentionToken('Ada Author', author.user.id)} and @Olga look? ${mentionToken('Rob Reader', reader.user.id)} too.`);
    expect(posted).toEqual([
      expect.objectContaining({ paperId, pageId: page.id, threadId: thread.id, commentId: thread.comments[0].id, authorId: reviewer.user.id, threadAuthorId: reviewer.user.id, participantIds: [], mentionedIds: [author.user.id, reader.user.id], isReply: false }),
    ]);

    // A reply names the thread's starter and everyone who wrote before; a self-mention tells nobody.
    await author.client.ok('POST', `${commentsPath(page.id)}/${thread.id}/replies`, { text: 'On it.' });
    await otherReviewer.client.ok('POST', `${commentsPath(page.id)}/${thread.id}/replies`, { text: `Me too, ${mentionToken('Ravi', otherReviewer.user.id)}.` });
    expect(posted.slice(1)).toEqual([
      expect.objectContaining({ isReply: true, authorId: author.user.id, threadAuthorId: reviewer.user.id, participantIds: [reviewer.user.id], mentionedIds: [] }),
      expect.objectContaining({ isReply: true, authorId: otherReviewer.user.id, threadAuthorId: reviewer.user.id, participantIds: [reviewer.user.id, author.user.id], mentionedIds: [] }),
    ]);
  });
});

describe('personal data', () => {
  it('puts one’s own comments and resolutions in the data download, and nobody else’s', async () => {
    const page = await buildPage(editor, paperId, { title: 'Download' });
    const thread = await pageThread(otherReviewer, page.id, 'Ravi wrote this.');
    await author.client.ok('POST', `${commentsPath(page.id)}/${thread.id}/replies`, { text: 'Ada replied.' });
    await otherReviewer.client.ok('POST', `${commentsPath(page.id)}/${thread.id}/resolve`);
    const data = (await otherReviewer.client.ok('GET', '/api/account/export')) as { comments: { written: { text: string; pageTitle: string }[]; resolved: { threadId: string }[] } };
    const written = data.comments.written.filter((c) => c.pageTitle === 'Download').map((c) => c.text);
    expect(written).toEqual(['Ravi wrote this.']);
    expect(data.comments.resolved.map((r) => r.threadId)).toContain(thread.id);
  });
});

describe('live', () => {
  it('tells everyone on the paper when threads change, and sends the new open count in the tree', async () => {
    const page = await buildPage(editor, paperId, { title: 'Live' });
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: reader.client.cookie } });
    sockets.push(socket);
    const received: { event: string; data: any }[] = [];
    socket.onAny((event, data) => received.push({ event, data }));
    const joined = await new Promise<{ ok: boolean }>((resolve) => socket.emit('paper:join', paperId, resolve));
    expect(joined.ok).toBe(true);

    const thread = await pageThread(reviewer, page.id);
    await waitFor(() => received.some((r) => r.event === 'comments:changed' && r.data.pageId === page.id), { message: 'comments:changed' });
    const tree = await waitFor(() => received.find((r) => r.event === 'tree:changed' && r.data.pages.some((p: any) => p.id === page.id && p.openComments === 1)), { message: 'tree count 1' });
    expect(tree.data.paperId).toBe(paperId);

    received.length = 0;
    await author.client.ok('POST', `${commentsPath(page.id)}/${thread.id}/replies`, { text: 'Reply.' });
    await waitFor(() => received.some((r) => r.event === 'comments:changed'), { message: 'comments:changed after reply' });
    await author.client.ok('POST', `${commentsPath(page.id)}/${thread.id}/resolve`);
    await waitFor(() => received.find((r) => r.event === 'tree:changed' && r.data.pages.some((p: any) => p.id === page.id && p.openComments === 0)), { message: 'tree count 0' });
    // A reply does not change the count, so it sent no tree.
    const firstTree = received.findIndex((r) => r.event === 'tree:changed');
    expect(received.slice(0, firstTree).filter((r) => r.event === 'comments:changed')).toHaveLength(2);
  });
});
