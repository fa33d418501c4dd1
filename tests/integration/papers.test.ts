import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPaper, buildUser } from '../helpers/factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

describe('papers', () => {
  it('creates a paper whose creator is its editor', async () => {
    const ada = await buildUser(server.url);
    const res = await ada.client.request('POST', '/api/papers', { title: ' Integrated care ', subtitle: 'A briefing', description: 'From the March masterclass' });
    expect(res.status).toBe(201);
    expect(res.body.paper).toEqual({
      id: expect.any(String),
      title: 'Integrated care',
      subtitle: 'A briefing',
      description: 'From the March masterclass',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      role: 'editor',
      readersMayExport: false,
      organisation: '',
      coverDate: null,
      editedBy: '',
      summary: '',
      acknowledgements: '',
    });
    const members = await ada.client.ok('GET', `/api/papers/${res.body.paper.id}/members`);
    expect(members.members).toEqual([expect.objectContaining({ userId: ada.user.id, role: 'editor' })]);
  });

  it('lists only my papers, each with my role', async () => {
    const ada = await buildUser(server.url);
    const bob = await buildUser(server.url);
    const mine = await buildPaper(ada, { title: 'Mine' });
    const shared = await buildPaper(bob, { title: 'Shared with Ada' });
    await buildPaper(bob, { title: 'Bob only' });
    await addMember(bob, shared.id, ada, 'reviewer');
    const { papers } = await ada.client.ok('GET', '/api/papers');
    const byTitle = Object.fromEntries(papers.map((p: { title: string; role: string }) => [p.title, p.role]));
    expect(byTitle).toEqual({ Mine: 'editor', 'Shared with Ada': 'reviewer' });
    expect(mine.subtitle).toBe('');
  });

  it('reads one paper', async () => {
    const ada = await buildUser(server.url);
    const paper = await buildPaper(ada, { title: 'Read me' });
    expect((await ada.client.ok('GET', `/api/papers/${paper.id}`)).paper).toEqual(paper);
  });

  it('lets an editor change details, leaving the others alone', async () => {
    const ada = await buildUser(server.url);
    const paper = await buildPaper(ada, { title: 'Old title', subtitle: 'Keep me' });
    const { paper: changed } = await ada.client.ok('PATCH', `/api/papers/${paper.id}`, { title: 'New title' });
    expect(changed).toMatchObject({ title: 'New title', subtitle: 'Keep me', role: 'editor' });
  });

  it('refuses detail changes by an author (403) and by a non-member (404)', async () => {
    const ada = await buildUser(server.url);
    const bob = await buildUser(server.url);
    const eve = await buildUser(server.url);
    const paper = await buildPaper(ada);
    await addMember(ada, paper.id, bob, 'author');
    const byAuthor = await bob.client.request('PATCH', `/api/papers/${paper.id}`, { title: 'Mine now' });
    expect(byAuthor.status).toBe(403);
    expect(byAuthor.body.error.code).toBe('forbidden');
    const byStranger = await eve.client.request('PATCH', `/api/papers/${paper.id}`, { title: 'Mine now' });
    expect(byStranger.status).toBe(404);
    expect(byStranger.body.error).toEqual({ code: 'not_found', message: 'Not found.' });
    expect((await ada.client.ok('GET', `/api/papers/${paper.id}`)).paper.title).toBe(paper.title);
  });

  it('explains a missing or too long title', async () => {
    const ada = await buildUser(server.url);
    const empty = await ada.client.request('POST', '/api/papers', { title: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe('Title is required.');
    const long = await ada.client.request('POST', '/api/papers', { title: 'x'.repeat(201) });
    expect(long.body.error.message).toBe('Title must be at most 200 characters.');
  });
});
