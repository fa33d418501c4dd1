import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

async function paperWithEditor() {
  const editor = await buildUser(server.url, { name: 'Edith Editor' });
  const paper = await buildPaper(editor);
  return { editor, paper };
}

describe('adding members', () => {
  it('adds an existing account by email with a role', async () => {
    const { editor, paper } = await paperWithEditor();
    const bob = await buildUser(server.url, { name: 'Bob Author' });
    const res = await editor.client.request('POST', `/api/papers/${paper.id}/members`, { email: bob.email.toUpperCase(), role: 'author' });
    expect(res.status).toBe(201);
    expect(res.body.member).toEqual({ userId: bob.user.id, name: 'Bob Author', email: bob.email, role: 'author', addedAt: expect.any(String) });
    const { members } = await bob.client.ok('GET', `/api/papers/${paper.id}/members`);
    expect(members.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [editor.user.id, 'editor'],
      [bob.user.id, 'author'],
    ]);
    expect((await bob.client.ok('GET', '/api/papers')).papers).toEqual([expect.objectContaining({ id: paper.id, role: 'author' })]);
  });

  it('explains that an unknown email needs an account first', async () => {
    const { editor, paper } = await paperWithEditor();
    const res = await editor.client.request('POST', `/api/papers/${paper.id}/members`, { email: 'nobody@example.org', role: 'reader' });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('No Quire account uses that email. Ask them to sign up first, then add them, or send them an invitation link.');
  });

  it('refuses adding someone twice, and an unknown role', async () => {
    const { editor, paper } = await paperWithEditor();
    const bob = await buildUser(server.url, { name: 'Bob' });
    await addMember(editor, paper.id, bob, 'reader');
    const twice = await editor.client.request('POST', `/api/papers/${paper.id}/members`, { email: bob.email, role: 'author' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('Bob is already a member of this paper.');
    const badRole = await editor.client.request('POST', `/api/papers/${paper.id}/members`, { email: bob.email, role: 'owner' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.message).toBe('Role must be one of: editor, author, reviewer, reader.');
  });

  it('lets only editors manage members', async () => {
    const { editor, paper } = await paperWithEditor();
    const author = await buildUser(server.url);
    const other = await buildUser(server.url);
    await addMember(editor, paper.id, author, 'author');
    expect((await author.client.request('POST', `/api/papers/${paper.id}/members`, { email: other.email, role: 'editor' })).status).toBe(403);
    expect((await author.client.request('PATCH', `/api/papers/${paper.id}/members/${author.user.id}`, { role: 'editor' })).status).toBe(403);
    expect((await author.client.request('DELETE', `/api/papers/${paper.id}/members/${editor.user.id}`)).status).toBe(403);
  });
});

describe('changing and removing members', () => {
  it('changes a role and removes a member, who then finds nothing', async () => {
    const { editor, paper } = await paperWithEditor();
    const bob = await buildUser(server.url);
    await addMember(editor, paper.id, bob, 'reader');
    const changed = await editor.client.request('PATCH', `/api/papers/${paper.id}/members/${bob.user.id}`, { role: 'reviewer' });
    expect(changed.status).toBe(200);
    expect(changed.body.member.role).toBe('reviewer');
    const removed = await editor.client.request('DELETE', `/api/papers/${paper.id}/members/${bob.user.id}`);
    expect(removed.status).toBe(204);
    expect((await bob.client.request('GET', `/api/papers/${paper.id}`)).status).toBe(404);
    expect((await editor.client.request('DELETE', `/api/papers/${paper.id}/members/${bob.user.id}`)).status).toBe(404);
  });

  it('never lets the last editor be demoted or removed', async () => {
    const { editor, paper } = await paperWithEditor();
    const message = 'A paper needs at least one editor. Make someone else an editor first.';
    const demote = await editor.client.request('PATCH', `/api/papers/${paper.id}/members/${editor.user.id}`, { role: 'author' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toBe(message);
    const remove = await editor.client.request('DELETE', `/api/papers/${paper.id}/members/${editor.user.id}`);
    expect(remove.status).toBe(409);
    expect(remove.body.error.message).toBe(message);

    // With a second editor, the first may step down.
    const second = await buildUser(server.url);
    await addMember(editor, paper.id, second, 'editor');
    expect((await editor.client.request('PATCH', `/api/papers/${paper.id}/members/${editor.user.id}`, { role: 'author' })).status).toBe(200);
    expect((await second.client.request('DELETE', `/api/papers/${paper.id}/members/${second.user.id}`)).status).toBe(409);
  });
});

describe('access', () => {
  it('answers 404 "Not found." to a non-member on every paper route, as for an unknown paper', async () => {
    const { editor, paper } = await paperWithEditor();
    const page = await buildPage(editor, paper.id);
    const stranger = await buildUser(server.url);
    const routes: [string, string, unknown?][] = [
      ['GET', ''],
      ['PATCH', '', { title: 'x' }],
      ['GET', '/members'],
      ['POST', '/members', { email: stranger.email, role: 'editor' }],
      ['PATCH', `/members/${editor.user.id}`, { role: 'reader' }],
      ['DELETE', `/members/${editor.user.id}`],
      ['GET', '/pages'],
      ['GET', '/trash'],
      ['GET', `/pages/${page.id}`],
      ['POST', '/pages', { title: 'x' }],
      ['POST', '/pages', { nonsense: true }],
      ['PATCH', `/pages/${page.id}`, { title: 'x' }],
      ['POST', `/pages/${page.id}/move`, { parentId: null, index: 0 }],
      ['DELETE', `/pages/${page.id}`],
      ['POST', `/pages/${page.id}/restore`],
    ];
    for (const paperId of [paper.id, 'no-such-paper']) {
      for (const [method, path, body] of routes) {
        const res = await stranger.client.request(method, `/api/papers/${paperId}${path}`, body);
        expect({ method, path, status: res.status, body: res.body }).toEqual({ method, path, status: 404, body: { error: { code: 'not_found', message: 'Not found.' } } });
      }
    }
    expect((await editor.client.ok('GET', `/api/papers/${paper.id}/pages`)).pages).toHaveLength(1);
  });

  it('lets reviewers and readers read but not write pages (403)', async () => {
    const { editor, paper } = await paperWithEditor();
    const chapter = await buildPage(editor, paper.id, { title: 'Chapter' });
    const trashed = await buildPage(editor, paper.id, { title: 'Gone' });
    await editor.client.ok('DELETE', `/api/papers/${paper.id}/pages/${trashed.id}`);
    for (const role of ['reviewer', 'reader'] as const) {
      const person: TestUser = await buildUser(server.url);
      await addMember(editor, paper.id, person, role);
      expect((await person.client.request('GET', `/api/papers/${paper.id}/pages`)).status).toBe(200);
      expect((await person.client.request('GET', `/api/papers/${paper.id}/pages/${chapter.id}`)).status).toBe(200);
      const writes: [string, string, unknown?][] = [
        ['POST', '/pages', { title: 'Mine' }],
        ['PATCH', `/pages/${chapter.id}`, { title: 'Renamed' }],
        ['POST', `/pages/${chapter.id}/move`, { parentId: null, index: 0 }],
        ['DELETE', `/pages/${chapter.id}`],
        ['POST', `/pages/${trashed.id}/restore`],
      ];
      for (const [method, path, body] of writes) {
        const res = await person.client.request(method, `/api/papers/${paper.id}${path}`, body);
        expect({ role, method, path, status: res.status, code: res.body.error?.code }).toEqual({ role, method, path, status: 403, code: 'forbidden' });
      }
    }
    const { pages } = await editor.client.ok('GET', `/api/papers/${paper.id}/pages`);
    expect(pages.map((p: { title: string }) => p.title)).toEqual(['Chapter']);
  });
});
