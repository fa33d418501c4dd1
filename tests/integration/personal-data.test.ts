import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, ApiClient, buildPage, buildPaper, buildUser } from '../helpers/factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

describe('downloading my data', () => {
  it('is a JSON attachment with profile, sessions, memberships, papers, pages and audit entries, and no secrets', async () => {
    const ada = await buildUser(server.url, { name: 'Ada Export' });
    const paper = await buildPaper(ada, { title: 'My own paper' });
    const page = await buildPage(ada, paper.id, { title: 'Chapter one' });
    const eve = await buildUser(server.url);
    const theirs = await buildPaper(eve, { title: 'Their paper' });
    await addMember(eve, theirs.id, ada, 'reviewer');
    await new ApiClient(server.url).request('POST', '/api/auth/signin', { email: ada.email, password: 'a wrong passphrase' });
    const { template } = await ada.client.ok('POST', `/api/papers/${paper.id}/save-as-template`, { name: 'My skeleton' });
    await ada.client.ok('PUT', `/api/papers/${paper.id}/pages/${page.id}/assignees`, { userIds: [ada.user.id] });

    const res = await fetch(`${server.url}/api/account/export`, { headers: { cookie: ada.client.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="quire-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    const data = JSON.parse(text);

    expect(data.format).toBe('quire-personal-data/1');
    expect(Object.keys(data.sections)).toEqual(['profile', 'sessions', 'memberships', 'papersCreated', 'pagesCreated', 'pagesLastEdited', 'auditEntries', 'notifications', 'watches', 'labelling', 'comments', 'history', 'templatesSaved', 'assignments', 'releasesFrozen', 'filesUploaded']);
    expect(data.profile).toEqual({ id: ada.user.id, name: 'Ada Export', email: ada.email, createdAt: expect.any(String) });
    expect(data.sessions).toEqual([{ createdAt: expect.any(String), lastSeenAt: expect.any(String), expiresAt: expect.any(String), current: true }]);
    expect(data.memberships).toEqual(
      expect.arrayContaining([
        { paperId: paper.id, paperTitle: 'My own paper', role: 'editor', addedAt: expect.any(String) },
        { paperId: theirs.id, paperTitle: 'Their paper', role: 'reviewer', addedAt: expect.any(String) },
      ]),
    );
    expect(data.memberships).toHaveLength(2);
    expect(data.papersCreated).toEqual([expect.objectContaining({ id: paper.id, title: 'My own paper' })]);
    expect(data.pagesCreated).toEqual([expect.objectContaining({ id: page.id, paperId: paper.id, title: 'Chapter one' })]);
    expect(data.templatesSaved).toEqual([{ id: template.id, name: 'My skeleton', sourcePaperId: paper.id, createdAt: expect.any(String), pageTitles: ['Chapter one'] }]);
    expect(data.assignments).toEqual({
      assignedToMe: [{ paperId: paper.id, pageId: page.id, pageTitle: 'Chapter one', assignedAt: expect.any(String) }],
      assignedByMe: [{ paperId: paper.id, pageId: page.id, pageTitle: 'Chapter one', assignee: 'Ada Export', assignedAt: expect.any(String) }],
    });
    const actions = data.auditEntries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['account.signup', 'account.signin_failed', 'account.exported']));

    // No secrets: no password hash, no session token or its hash.
    const token = ada.client.cookie.split('=')[1];
    const { password_hash } = server.db.prepare('SELECT password_hash FROM users WHERE id = ?').get(ada.user.id) as { password_hash: string };
    const hashes = (server.db.prepare('SELECT token_hash FROM sessions WHERE user_id = ?').all(ada.user.id) as { token_hash: string }[]).map((r) => r.token_hash);
    expect(text).not.toContain(token);
    expect(text).not.toContain(password_hash);
    expect(text).not.toContain('scrypt$');
    for (const hash of hashes) expect(text).not.toContain(hash);
    const keys: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) keys.push(k), walk(x);
    };
    walk(data);
    expect(keys.filter((k) => /password|token|hash/i.test(k))).toEqual([]);
  });

  it('needs a session', async () => {
    expect((await new ApiClient(server.url).request('GET', '/api/account/export')).status).toBe(401);
  });
});
