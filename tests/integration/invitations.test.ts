/** Invitation links: create, preview, accept (new and existing accounts), expiry, revoke, limits, who may, and the audit trail. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { startServer, type TestServer } from '../helpers/server.js';
import { ApiClient, addMember, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

async function paperWithEditor() {
  const editor = await buildUser(server.url, { name: 'Edith Editor' });
  const paper = await buildPaper(editor, { title: 'Integrated care' });
  return { editor, paper };
}

async function invite(editor: TestUser, paperId: string, body: Record<string, unknown> = {}) {
  const res = await editor.client.request('POST', `/api/papers/${paperId}/invitations`, { role: 'author', expiresInDays: 7, ...body });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { invitation: { id: string; role: string; useCount: number; maxUses: number | null; expiresAt: string }; token: string; path: string };
}

const auditRows = (paperId: string, action: string) =>
  server.db.prepare('SELECT actor_id, actor_name, action, target, detail FROM audit_log WHERE paper_id = ? AND action = ? ORDER BY id').all(paperId, action) as {
    actor_id: string;
    actor_name: string;
    target: string;
    detail: string;
  }[];

describe('creating and listing invitations', () => {
  it('creates a link with a role and an expiry, shows it among the open ones, and never stores the token', async () => {
    const { editor, paper } = await paperWithEditor();
    const before = Date.now();
    const created = await invite(editor, paper.id, { role: 'reviewer', expiresInDays: 14, maxUses: 30 });
    expect(created.path).toBe(`/invite/${created.token}`);
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(created.invitation).toEqual({
      id: expect.any(String),
      paperId: paper.id,
      role: 'reviewer',
      createdBy: { id: editor.user.id, name: 'Edith Editor' },
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
      maxUses: 30,
      useCount: 0,
      revokedAt: null,
    });
    const days = (Date.parse(created.invitation.expiresAt) - before) / 86_400_000;
    expect(days).toBeGreaterThan(13.99);
    expect(days).toBeLessThan(14.01);

    const { invitations } = await editor.client.ok('GET', `/api/papers/${paper.id}/invitations`);
    expect(invitations).toEqual([created.invitation]);

    const stored = server.db.prepare('SELECT * FROM invitations WHERE id = ?').get(created.invitation.id) as Record<string, unknown>;
    expect(Object.values(stored)).not.toContain(created.token);
    expect(stored.token_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
  });

  it('refuses an expiry outside 1-30 days, a bad role and a bad most-uses, naming the field', async () => {
    const { editor, paper } = await paperWithEditor();
    const bad = async (body: object) => (await editor.client.request('POST', `/api/papers/${paper.id}/invitations`, { role: 'author', expiresInDays: 7, ...body })).body.error;
    expect(await bad({ expiresInDays: 0 })).toMatchObject({ code: 'bad_request', message: 'An invitation must last at least 1 day.', fields: { expiresInDays: expect.any(String) } });
    expect((await bad({ expiresInDays: 31 })).message).toBe('An invitation can last at most 30 days.');
    expect((await bad({ role: 'owner' })).message).toBe('Role must be one of: editor, author, reviewer, reader.');
    expect((await bad({ maxUses: 0 })).message).toBe('Most uses must be at least 1.');
  });

  it('lets only editors create, list and revoke invitations', async () => {
    const { editor, paper } = await paperWithEditor();
    const created = await invite(editor, paper.id);
    for (const role of ['author', 'reviewer', 'reader'] as const) {
      const person = await buildUser(server.url);
      await addMember(editor, paper.id, person, role);
      expect((await person.client.request('POST', `/api/papers/${paper.id}/invitations`, { role: 'editor', expiresInDays: 7 })).status).toBe(403);
      expect((await person.client.request('GET', `/api/papers/${paper.id}/invitations`)).status).toBe(403);
      expect((await person.client.request('DELETE', `/api/papers/${paper.id}/invitations/${created.invitation.id}`)).status).toBe(403);
    }
    const stranger = await buildUser(server.url);
    expect((await stranger.client.request('POST', `/api/papers/${paper.id}/invitations`, { role: 'editor', expiresInDays: 7 })).status).toBe(404);
    expect(auditRows(paper.id, 'invitation.created')).toHaveLength(1);
  });
});

describe('following a link', () => {
  it('previews the paper, role and expiry for anyone holding a valid link, and nothing for a bad one', async () => {
    const { editor, paper } = await paperWithEditor();
    const created = await invite(editor, paper.id, { role: 'reviewer' });
    const visitor = new ApiClient(server.url);
    const preview = await visitor.request('GET', `/api/invitations/${created.token}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({ invitation: { paperTitle: 'Integrated care', role: 'reviewer', invitedBy: 'Edith Editor', expiresAt: created.invitation.expiresAt } });

    const message = "This invitation link is not valid. Check that you copied all of it, or ask the paper's editor for a new one.";
    for (const token of [created.token.slice(0, -1) + (created.token.endsWith('A') ? 'B' : 'A'), 'short', '../../etc']) {
      const res = await visitor.request('GET', `/api/invitations/${encodeURIComponent(token)}`);
      expect({ token, status: res.status, body: res.body }).toEqual({ token, status: 404, body: { error: { code: 'not_found', message } } });
    }
  });

  it('joins a person who signs up with the link with its role, and counts the use', async () => {
    const { editor, paper } = await paperWithEditor();
    const created = await invite(editor, paper.id, { role: 'author' });
    const visitor = new ApiClient(server.url);
    expect((await visitor.request('POST', `/api/invitations/${created.token}/accept`)).status).toBe(401);

    const newcomer = await buildUser(server.url, { name: 'Nina Newcomer' });
    const accepted = await newcomer.client.request('POST', `/api/invitations/${created.token}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ paperId: paper.id, role: 'author', alreadyMember: false });
    expect((await newcomer.client.ok('GET', `/api/papers/${paper.id}`)).paper.role).toBe('author');
    const { invitations } = await editor.client.ok('GET', `/api/papers/${paper.id}/invitations`);
    expect(invitations[0].useCount).toBe(1);

    const [row] = auditRows(paper.id, 'invitation.accepted');
    expect(row).toMatchObject({ actor_id: newcomer.user.id, actor_name: 'Nina Newcomer', target: created.invitation.id });
    expect(JSON.parse(row.detail)).toMatchObject({ role: 'author', invitedBy: 'Edith Editor', useCount: 1 });
    const [added] = auditRows(paper.id, 'member.added');
    expect(added).toMatchObject({ actor_id: newcomer.user.id, target: newcomer.user.id });
    expect(JSON.parse(added.detail)).toMatchObject({ role: 'author', via: 'invitation' });
  });

  it('lets many people join with one link until its most uses, then says it is used up', async () => {
    const { editor, paper } = await paperWithEditor();
    const created = await invite(editor, paper.id, { role: 'reader', maxUses: 2 });
    for (let i = 0; i < 2; i++) {
      const person = await buildUser(server.url);
      expect((await person.client.request('POST', `/api/invitations/${created.token}/accept`)).status).toBe(200);
    }
    const third = await buildUser(server.url);
    const res = await third.client.request('POST', `/api/invitations/${created.token}/accept`);
    expect(res.status).toBe(410);
    expect(res.body.error.message).toBe("This invitation link has already been used by as many people as it allows. Ask the paper's editor for a new one.");
    expect((await third.client.request('GET', `/api/invitations/${created.token}`)).status).toBe(410);
    expect((await editor.client.ok('GET', `/api/papers/${paper.id}/invitations`)).invitations).toEqual([]);
    expect((await third.client.request('GET', `/api/papers/${paper.id}`)).status).toBe(404);
  });

  it('tells an existing member they are already in, keeping their role and the link unused', async () => {
    const { editor, paper } = await paperWithEditor();
    const bob = await buildUser(server.url);
    await addMember(editor, paper.id, bob, 'reviewer');
    const created = await invite(editor, paper.id, { role: 'editor', maxUses: 1 });
    const res = await bob.client.request('POST', `/api/invitations/${created.token}/accept`);
    expect(res.body).toEqual({ paperId: paper.id, role: 'reviewer', alreadyMember: true });
    expect((await bob.client.ok('GET', `/api/papers/${paper.id}`)).paper.role).toBe('reviewer');
    expect((await editor.client.ok('GET', `/api/papers/${paper.id}/invitations`)).invitations[0].useCount).toBe(0);
    expect(auditRows(paper.id, 'invitation.accepted')).toEqual([]);
  });

  it('refuses an expired link with the date it expired', async () => {
    const { editor, paper } = await paperWithEditor();
    const created = await invite(editor, paper.id);
    server.db.prepare('UPDATE invitations SET expires_at = ? WHERE id = ?').run('2026-03-01T10:00:00.000Z', created.invitation.id);
    const person = await buildUser(server.url);
    for (const [method, path] of [['GET', ''], ['POST', '/accept']]) {
      const res = await person.client.request(method, `/api/invitations/${created.token}${path}`);
      expect({ status: res.status, body: res.body }).toEqual({ status: 410, body: { error: { code: 'gone', message: "This invitation link expired on 1 March 2026. Ask the paper's editor for a new one." } } });
    }
    expect((await editor.client.ok('GET', `/api/papers/${paper.id}/invitations`)).invitations).toEqual([]);
  });
});

describe('revoking', () => {
  it('withdraws a link so nobody else can join, records it, and refuses a second revoke', async () => {
    const { editor, paper } = await paperWithEditor();
    const created = await invite(editor, paper.id, { role: 'author' });
    const kept = await invite(editor, paper.id, { role: 'reader' });
    expect((await editor.client.request('DELETE', `/api/papers/${paper.id}/invitations/${created.invitation.id}`)).status).toBe(204);
    expect((await editor.client.ok('GET', `/api/papers/${paper.id}/invitations`)).invitations.map((i: { id: string }) => i.id)).toEqual([kept.invitation.id]);

    const person = await buildUser(server.url);
    const res = await person.client.request('POST', `/api/invitations/${created.token}/accept`);
    expect(res.status).toBe(410);
    expect(res.body.error.message).toBe("This invitation link was withdrawn by the paper's editor. Ask the paper's editor for a new one.");

    const again = await editor.client.request('DELETE', `/api/papers/${paper.id}/invitations/${created.invitation.id}`);
    expect(again.status).toBe(409);
    expect((await editor.client.request('DELETE', `/api/papers/${paper.id}/invitations/nope`)).status).toBe(404);

    const [row] = auditRows(paper.id, 'invitation.revoked');
    expect(row).toMatchObject({ actor_id: editor.user.id, actor_name: 'Edith Editor', target: created.invitation.id });
    expect(JSON.parse(row.detail)).toMatchObject({ role: 'author', useCount: 0 });
  });

  it('cannot revoke another paper’s invitation', async () => {
    const a = await paperWithEditor();
    const b = await paperWithEditor();
    const created = await invite(a.editor, a.paper.id);
    expect((await b.editor.client.request('DELETE', `/api/papers/${b.paper.id}/invitations/${created.invitation.id}`)).status).toBe(404);
  });
});

describe('the audit trail of membership and pages', () => {
  it('records member and page changes with the actor’s name and useful detail', async () => {
    const { editor, paper } = await paperWithEditor();
    const bob = await buildUser(server.url, { name: 'Bob Author' });
    await addMember(editor, paper.id, bob, 'author');
    await editor.client.ok('PATCH', `/api/papers/${paper.id}/members/${bob.user.id}`, { role: 'reviewer' });
    await editor.client.ok('DELETE', `/api/papers/${paper.id}/members/${bob.user.id}`);
    const { page } = await editor.client.ok('POST', `/api/papers/${paper.id}/pages`, { title: 'Intro' });
    const { page: second } = await editor.client.ok('POST', `/api/papers/${paper.id}/pages`, { title: 'Methods' });
    await editor.client.ok('PATCH', `/api/papers/${paper.id}/pages/${page.id}`, { title: 'Introduction' });
    await editor.client.ok('POST', `/api/papers/${paper.id}/pages/${second.id}/move`, { parentId: page.id, index: 0 });
    await editor.client.ok('DELETE', `/api/papers/${paper.id}/pages/${page.id}`);
    await editor.client.ok('POST', `/api/papers/${paper.id}/pages/${page.id}/restore`);

    const rows = server.db.prepare('SELECT actor_name, action, target, detail FROM audit_log WHERE paper_id = ? ORDER BY id').all(paper.id) as { actor_name: string; action: string; target: string; detail: string }[];
    expect(rows.map((r) => r.action)).toEqual(['paper.created', 'member.added', 'member.role_changed', 'member.removed', 'page.created', 'page.created', 'page.renamed', 'page.moved', 'page.deleted', 'page.restored']);
    expect(rows.every((r) => r.actor_name === 'Edith Editor')).toBe(true);
    const detail = (action: string) => JSON.parse(rows.find((r) => r.action === action)!.detail);
    expect(detail('member.added')).toMatchObject({ name: 'Bob Author', role: 'author' });
    expect(detail('member.role_changed')).toEqual({ name: 'Bob Author', from: 'author', to: 'reviewer' });
    expect(detail('member.removed')).toMatchObject({ name: 'Bob Author', role: 'reviewer' });
    expect(detail('page.renamed')).toEqual({ from: 'Intro', to: 'Introduction' });
    expect(detail('page.moved')).toMatchObject({ title: 'Methods', from: { parentId: null, index: 1 }, to: { parentId: page.id, parentTitle: 'Introduction', index: 0 } });
    expect(detail('page.deleted')).toEqual({ title: 'Introduction', subPages: 1 });
    expect(detail('page.restored')).toEqual({ title: 'Introduction', pages: 2 });
  });

  it('writes nothing to the trail when a change is refused', async () => {
    const { editor, paper } = await paperWithEditor();
    const count = () => (server.db.prepare('SELECT COUNT(*) AS n FROM audit_log WHERE paper_id = ?').get(paper.id) as { n: number }).n;
    const before = count();
    expect((await editor.client.request('DELETE', `/api/papers/${paper.id}/members/${editor.user.id}`)).status).toBe(409);
    expect((await editor.client.request('PATCH', `/api/papers/${paper.id}/members/${editor.user.id}`, { role: 'reader' })).status).toBe(409);
    expect(count()).toBe(before);
  });
});
