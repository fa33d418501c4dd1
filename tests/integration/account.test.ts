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

/** A second signed-in client (another browser) of the same person. */
async function otherSession(email: string, password: string): Promise<ApiClient> {
  const client = new ApiClient(server.url);
  await client.ok('POST', '/api/auth/signin', { email, password });
  return client;
}

describe('changing the password', () => {
  it('ends every other session but keeps the current one, and the new password works', async () => {
    const ada = await buildUser(server.url);
    const laptop = await otherSession(ada.email, ada.password);
    const phone = await otherSession(ada.email, ada.password);
    const res = await ada.client.request('POST', '/api/account/password', { currentPassword: ada.password, newPassword: 'an entirely new passphrase' });
    expect(res.status).toBe(204);
    expect((await ada.client.request('GET', '/api/me')).status).toBe(200);
    for (const old of [laptop, phone]) {
      const me = await old.request('GET', '/api/me');
      expect(me.status).toBe(401);
      expect(me.body.error.code).toBe('unauthenticated');
    }
    expect((await new ApiClient(server.url).request('POST', '/api/auth/signin', { email: ada.email, password: ada.password })).status).toBe(401);
    expect((await new ApiClient(server.url).request('POST', '/api/auth/signin', { email: ada.email, password: 'an entirely new passphrase' })).status).toBe(200);
  });

  it('refuses a wrong current password with a sentence and changes nothing', async () => {
    const bea = await buildUser(server.url);
    const laptop = await otherSession(bea.email, bea.password);
    const res = await bea.client.request('POST', '/api/account/password', { currentPassword: 'not my password', newPassword: 'an entirely new passphrase' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'bad_request', message: 'Your current password is not right. Nothing was changed.', fields: { currentPassword: expect.any(String) } });
    expect((await laptop.request('GET', '/api/me')).status).toBe(200);
    expect((await new ApiClient(server.url).request('POST', '/api/auth/signin', { email: bea.email, password: bea.password })).status).toBe(200);
  });

  it('applies the password rules to the new password and needs a session', async () => {
    const cy = await buildUser(server.url);
    const short = await cy.client.request('POST', '/api/account/password', { currentPassword: cy.password, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.fields).toEqual({ newPassword: 'Password must be at least 10 characters.' });
    expect((await new ApiClient(server.url).request('POST', '/api/account/password', { currentPassword: 'x', newPassword: 'a long passphrase' })).status).toBe(401);
  });
});

describe('deleting the account', () => {
  it('signs the person out everywhere, erases their details and keeps their pages as "Former member"', async () => {
    const editor = await buildUser(server.url, { name: 'Eve Editor' });
    const paper = await buildPaper(editor);
    const dan = await buildUser(server.url, { name: 'Dan Departing' });
    await addMember(editor, paper.id, dan, 'author');
    const page = await buildPage(dan, paper.id, { title: 'Dan’s chapter' });
    const laptop = await otherSession(dan.email, dan.password);

    const wrong = await dan.client.request('DELETE', '/api/account', { password: 'not my password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toBe('That password is not right. Your account was not deleted.');

    const res = await dan.client.request('DELETE', '/api/account', { password: dan.password });
    expect(res.status).toBe(204);
    expect(dan.client.cookie).toBe('');
    expect((await laptop.request('GET', '/api/me')).status).toBe(401);
    const signIn = await new ApiClient(server.url).request('POST', '/api/auth/signin', { email: dan.email, password: dan.password });
    expect(signIn.status).toBe(401);
    expect(signIn.body.error.message).toBe('Wrong email or password.');

    const { page: after } = await editor.client.ok('GET', `/api/papers/${paper.id}/pages/${page.id}`);
    expect(after.createdBy).toEqual({ id: dan.user.id, name: 'Former member' });
    const { members } = await editor.client.ok('GET', `/api/papers/${paper.id}/members`);
    expect(members.map((m: { userId: string }) => m.userId)).toEqual([editor.user.id]);

    const row = server.db.prepare('SELECT name, email, password_hash, deleted_at FROM users WHERE id = ?').get(dan.user.id) as Record<string, string>;
    expect(row.name).toBe('Former member');
    expect(row.email).not.toContain('@');
    expect(row.email).not.toContain(dan.email);
    expect(row.password_hash).not.toMatch(/^scrypt/);
    expect(row.deleted_at).toEqual(expect.any(String));
    expect(JSON.stringify(server.db.prepare('SELECT * FROM users WHERE id = ?').get(dan.user.id))).not.toContain('Dan Departing');

    // The email is free again, for a new account.
    expect((await new ApiClient(server.url).request('POST', '/api/auth/signup', { name: 'Dan Again', email: dan.email, password: 'a long passphrase' })).status).toBe(201);

    // The paper's trail says the member left, and shows them as "Former member" now.
    const { entries } = await editor.client.ok('GET', `/api/papers/${paper.id}/audit?action=member.removed`);
    expect(entries).toEqual([expect.objectContaining({ actor: { id: dan.user.id, name: 'Former member' }, target: dan.user.id, detail: { reason: 'account_deleted' } })]);
    expect(server.db.prepare("SELECT actor_name FROM audit_log WHERE action = 'account.deleted' AND actor_id = ?").all(dan.user.id)).toEqual([{ actor_name: 'Dan Departing' }]);
  });

  it('refuses while they are the only editor of a paper others belong to, naming it', async () => {
    const eve = await buildUser(server.url);
    const shared = await buildPaper(eve, { title: 'Integrated care' });
    const alone = await buildPaper(eve, { title: 'My notes' });
    const author = await buildUser(server.url);
    await addMember(eve, shared.id, author, 'author');
    const res = await eve.client.request('DELETE', '/api/account', { password: eve.password });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('You are the only editor of "Integrated care". Make another member an editor of it first, then delete your account.');
    expect((await eve.client.request('GET', '/api/me')).status).toBe(200);

    await eve.client.ok('PATCH', `/api/papers/${shared.id}/members/${author.user.id}`, { role: 'editor' });
    expect((await eve.client.request('DELETE', '/api/account', { password: eve.password })).status).toBe(204);
    const { papers } = await author.client.ok('GET', '/api/papers');
    expect(papers.map((p: { id: string }) => p.id)).toEqual([shared.id]);
    // The paper Eve was alone in stays in the database, its words attributed to "Former member".
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM papers WHERE id = ?').get(alone.id)).toEqual({ n: 1 });
  });
});
