import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, ApiClient, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { recordAudit } from '../../server/domain/audit.js';
import { csvCell, csvRow } from '../../server/domain/csv.js';
import type { AuditEntryView, AuditPageView } from '../../shared/api.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

interface Row {
  id: number;
  paper_id: string | null;
  actor_id: string | null;
  actor_name: string;
  action: string;
  target: string | null;
  detail: string;
  ip: string | null;
}
const rowsFor = (action: string, target?: string) =>
  server.db.prepare(`SELECT * FROM audit_log WHERE action = ? ${target ? 'AND target = ?' : ''} ORDER BY id`).all(...(target ? [action, target] : [action])) as Row[];

describe('account events in the audit trail', () => {
  it('records sign-up, sign-in, failed sign-in, sign-out and password change with actor and address', async () => {
    const ada = await buildUser(server.url, { name: 'Ada Audit' });
    expect(rowsFor('account.signup', ada.user.id)).toEqual([expect.objectContaining({ actor_id: ada.user.id, actor_name: 'Ada Audit', paper_id: null, ip: expect.stringContaining('127.0.0.1') })]);

    await ada.client.ok('POST', '/api/auth/signin', { email: ada.email, password: ada.password });
    expect(rowsFor('account.signin', ada.user.id)).toHaveLength(1);

    await new ApiClient(server.url).request('POST', '/api/auth/signin', { email: ada.email, password: 'not the password' });
    const failed = rowsFor('account.signin_failed', ada.email);
    expect(failed).toEqual([expect.objectContaining({ actor_id: ada.user.id, actor_name: 'Ada Audit', ip: expect.stringContaining('127.0.0.1') })]);
    expect(JSON.parse(failed[0].detail)).toEqual({ reason: 'wrong_password' });

    const stranger = `nobody-${Date.now()}@example.org`;
    await new ApiClient(server.url).request('POST', '/api/auth/signin', { email: stranger, password: 'whatever it is' });
    expect(rowsFor('account.signin_failed', stranger)).toEqual([expect.objectContaining({ actor_id: null, actor_name: 'Anonymous' })]);

    expect((await ada.client.request('POST', '/api/account/password', { currentPassword: ada.password, newPassword: 'a brand new passphrase' })).status).toBe(204);
    expect(rowsFor('account.password_changed', ada.user.id)).toEqual([expect.objectContaining({ actor_id: ada.user.id })]);

    await ada.client.ok('POST', '/api/auth/signout');
    expect(rowsFor('account.signout', ada.user.id)).toEqual([expect.objectContaining({ actor_id: ada.user.id })]);
  });

  it('records the export of one\'s data', async () => {
    const bea = await buildUser(server.url);
    await bea.client.ok('GET', '/api/account/export');
    expect(rowsFor('account.exported', bea.user.id)).toHaveLength(1);
  });
});

describe("reading a paper's trail", () => {
  let editor: TestUser;
  let paperId: string;
  let ids: number[];

  beforeAll(async () => {
    editor = await buildUser(server.url, { name: 'Eve Editor' });
    paperId = (await buildPaper(editor)).id;
    const actor = { id: editor.user.id, name: 'Eve Editor' };
    ids = [];
    const add = (entry: Parameters<typeof recordAudit>[1]) => {
      recordAudit(server.db, entry);
      ids.push((server.db.prepare('SELECT MAX(id) AS id FROM audit_log').get() as { id: number }).id);
    };
    add({ paperId, actor, action: 'page.created', target: 'page-one', detail: { title: 'Plain title' } });
    add({ paperId, actor: { id: 'someone-else', name: '=HYPERLINK("http://evil.example","click")' }, action: 'page.renamed', target: '+SUM(A1:A9)', detail: { title: 'Say "hello", then\nleave' } });
    add({ paperId, actor, action: 'page.deleted', target: '@cmd', detail: {} });
    add({ paperId, actor, action: 'member.added', target: '-2+3', detail: { role: 'author' } });
    // An entry of another paper never shows.
    add({ paperId: 'another-paper', actor, action: 'page.created', target: 'elsewhere' });
  });

  const list = (query = '') => editor.client.request<AuditPageView>('GET', `/api/papers/${paperId}/audit${query}`);

  it('lists entries newest first, pages with before, and filters by action, person and date', async () => {
    const all = await list();
    expect(all.status).toBe(200);
    const mine = all.body.entries.filter((e) => e.id >= ids[0]);
    expect(mine.map((e) => e.action)).toEqual(['member.added', 'page.deleted', 'page.renamed', 'page.created']);
    expect(mine.every((e) => e.target !== 'elsewhere')).toBe(true);
    expect(mine[0]).toEqual({ id: ids[3], at: expect.any(String), action: 'member.added', actor: { id: editor.user.id, name: 'Eve Editor' }, target: '-2+3', detail: { role: 'author' }, ip: null });

    const first = await list('?limit=2');
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.nextBefore).toBe(first.body.entries[1].id);
    const second = await list(`?limit=2&before=${first.body.nextBefore}`);
    expect(second.body.entries.map((e) => e.id)).toEqual(all.body.entries.slice(2, 4).map((e) => e.id));

    expect((await list('?action=page.renamed')).body.entries.map((e) => e.id)).toEqual([ids[1]]);
    expect((await list('?actor=hyperlink')).body.entries.map((e) => e.id)).toEqual([ids[1]]);
    expect((await list(`?actor=${editor.user.id}&action=page.created`)).body.entries.map((e) => e.id)).toEqual([ids[0]]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await list(`?from=${today}&to=${today}`)).body.entries.length).toBe(all.body.entries.length);
    expect((await list('?to=2000-01-01')).body).toEqual({ entries: [], nextBefore: null });
  });

  it('refuses a bad filter with a sentence', async () => {
    const res = await list('?action=page.exploded');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'bad_request', message: 'Choose an action from the list.' } });
    expect((await list('?from=yesterday')).body).toMatchObject({ error: { message: 'Dates must look like 2026-03-31.' } });
  });

  it('downloads the trail as CSV with RFC 4180 quoting and formulas neutralised', async () => {
    const res = await fetch(`${server.url}/api/papers/${paperId}/audit.csv`, { headers: { cookie: editor.client.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="quire-audit-.+\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith('\uFEFFid,at,action,actor_id,actor_name,target,detail,ip\r\n')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[lines.length - 1]).toBe('');
    const renamed = lines.find((l) => l.startsWith(`${ids[1]},`))!;
    // The name starts with = and has quotes: neutralised with ', then quoted with the quotes doubled.
    expect(renamed).toContain(`,someone-else,"'=HYPERLINK(""http://evil.example"",""click"")",'+SUM(A1:A9),`);
    // The detail holds a quote, a comma and a newline (as JSON \n): one quoted cell.
    expect(renamed).toContain(`"{""title"":""Say \\""hello\\"", then\\nleave""}"`);
    expect(lines.find((l) => l.startsWith(`${ids[2]},`))).toContain(`,'@cmd,{},`);
    expect(lines.find((l) => l.startsWith(`${ids[3]},`))).toContain(`,'-2+3,`);
    // Filters apply to the download too.
    const filtered = await (await fetch(`${server.url}/api/papers/${paperId}/audit.csv?action=page.deleted&actor=`, { headers: { cookie: editor.client.cookie } })).text();
    expect(filtered.split('\r\n').filter(Boolean)).toHaveLength(2);
  });

  it('answers 403 to every other role and 404 to a non-member', async () => {
    for (const role of ['author', 'reviewer', 'reader'] as const) {
      const member = await buildUser(server.url);
      await addMember(editor, paperId, member, role);
      const res = await member.client.request('GET', `/api/papers/${paperId}/audit`);
      expect(res.status, role).toBe(403);
      expect(res.body.error.message).toBe('Only an editor of this paper can do that.');
      expect((await member.client.request('GET', `/api/papers/${paperId}/audit.csv`)).status, role).toBe(403);
    }
    const outsider = await buildUser(server.url);
    expect((await outsider.client.request('GET', `/api/papers/${paperId}/audit`)).status).toBe(404);
    expect((await outsider.client.request('GET', `/api/papers/${paperId}/audit.csv`)).status).toBe(404);
    expect((await new ApiClient(server.url).request('GET', `/api/papers/${paperId}/audit`)).status).toBe(401);
  });

  it('has no route that changes or deletes an entry', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      const res = await editor.client.request(method, `/api/papers/${paperId}/audit`, method === 'DELETE' ? undefined : {});
      expect(res.status, method).toBe(404);
      expect((await editor.client.request(method, `/api/papers/${paperId}/audit/${ids[0]}`)).status, method).toBe(404);
    }
    expect((await editor.client.request<AuditPageView>('GET', `/api/papers/${paperId}/audit?action=page.created`)).body.entries.map((e: AuditEntryView) => e.id)).toEqual([ids[0]]);
  });
});

describe('the audit_log table', () => {
  it('refuses UPDATE and DELETE, even from code with the database in hand', () => {
    recordAudit(server.db, { actor: null, action: 'account.signin_failed', target: 'x@example.org' });
    const { id } = server.db.prepare('SELECT MAX(id) AS id FROM audit_log').get() as { id: number };
    expect(() => server.db.prepare("UPDATE audit_log SET actor_name = 'Someone else' WHERE id = ?").run(id)).toThrow('The audit log is append-only.');
    expect(() => server.db.prepare('DELETE FROM audit_log WHERE id = ?').run(id)).toThrow('The audit log is append-only.');
    expect(() => server.db.prepare('DELETE FROM audit_log').run()).toThrow('The audit log is append-only.');
    expect(server.db.prepare('SELECT actor_name FROM audit_log WHERE id = ?').get(id)).toEqual({ actor_name: 'Anonymous' });
  });
});

describe('CSV cells', () => {
  it('quotes per RFC 4180 and neutralises formula starts', () => {
    expect(csvRow(['plain', 42, null, 'a,b', 'say "hi"', 'two\nlines'])).toBe('plain,42,,"a,b","say ""hi""","two\nlines"\r\n');
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1'].map(csvCell)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\t=1"]);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvCell('a - b = c')).toBe('a - b = c');
  });
});
