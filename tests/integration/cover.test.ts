/**
 * The cover and front matter of a paper against the real server: editors set organisation, date,
 * "edited by", key points and acknowledgements with PATCH /papers/:paperId; every member reads them
 * back; other roles are refused; each bad value gets its own sentence; the audit trail names the
 * fields that changed; and the paper's room hears 'paper:changed'.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startServer, type TestServer } from '../helpers/server.js';
import { addMember, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { waitFor } from '../helpers/waitFor.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

async function paperWithMembers() {
  const ada = await buildUser(server.url, { name: 'Ada Editor' });
  const paper = await buildPaper(ada, { title: 'Dementia care at home' });
  const others = {} as Record<'author' | 'reviewer' | 'reader', TestUser>;
  for (const role of ['author', 'reviewer', 'reader'] as const) {
    others[role] = await buildUser(server.url, { name: `A ${role}` });
    await addMember(ada, paper.id, others[role], role);
  }
  return { ada, paper, others, path: `/api/papers/${paper.id}` };
}

const COVER = {
  organisation: 'Faculty of Public Health',
  coverDate: '2026-03-31',
  editedBy: 'Dr Jane Smith, on behalf of the Faculty',
  summary: 'Carers need a named contact.\r\n\r\n  Joint funding works where budgets are pooled.  \nShare records with consent.',
  acknowledgements: 'We thank everyone at the spring masterclass.\r\n\r\nAnd the people who shared their stories.',
};

describe('cover fields', () => {
  it('are empty on a new paper', async () => {
    const { paper } = await paperWithMembers();
    expect(paper).toMatchObject({ organisation: '', coverDate: null, editedBy: '', summary: '', acknowledgements: '' });
  });

  it('are set by an editor, tidied, and read back by every member', async () => {
    const { ada, others, path } = await paperWithMembers();
    const { paper } = await ada.client.ok('PATCH', path, COVER);
    const expected = {
      organisation: 'Faculty of Public Health',
      coverDate: '2026-03-31',
      editedBy: 'Dr Jane Smith, on behalf of the Faculty',
      // One key point a line; blank lines and surrounding blanks gone.
      summary: 'Carers need a named contact.\nJoint funding works where budgets are pooled.\nShare records with consent.',
      acknowledgements: 'We thank everyone at the spring masterclass.\n\nAnd the people who shared their stories.',
    };
    expect(paper).toMatchObject(expected);
    for (const member of Object.values(others)) expect((await member.client.ok('GET', path)).paper).toMatchObject(expected);
    // Fields not given are left alone; the date can be cleared with "" or null.
    const { paper: later } = await ada.client.ok('PATCH', path, { coverDate: '' });
    expect(later).toMatchObject({ ...expected, coverDate: null });
    await ada.client.ok('PATCH', path, { coverDate: '2026-04-01' });
    expect((await ada.client.ok('PATCH', path, { coverDate: null })).paper.coverDate).toBeNull();
  });

  it('are changed only by editors', async () => {
    const { others, path } = await paperWithMembers();
    for (const member of Object.values(others)) {
      const res = await member.client.request('PATCH', path, { organisation: 'Not mine to set' });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe('Only an editor of this paper can do that.');
    }
    const stranger = await buildUser(server.url);
    expect((await stranger.client.request('PATCH', path, { organisation: 'No' })).status).toBe(404);
  });

  it('refuses bad values with a sentence naming the problem, changing nothing', async () => {
    const { ada, path } = await paperWithMembers();
    const refused = async (body: object) => {
      const res = await ada.client.request('PATCH', path, body);
      expect(res.status).toBe(400);
      return res.body.error.message as string;
    };
    expect(await refused({ summary: Array.from({ length: 11 }, (_, i) => `Point ${i + 1}`).join('\n') })).toBe('Key points: at most 10 lines, one point a line.');
    expect(await refused({ summary: `Short\n${'x'.repeat(301)}` })).toBe('Each key point must be at most 300 characters; point 2 has 301.');
    expect(await refused({ acknowledgements: 'a'.repeat(4001) })).toBe('Acknowledgements must be at most 4000 characters.');
    expect(await refused({ coverDate: '2026-02-30' })).toBe('Cover date must be a date like 2026-03-31, or empty.');
    expect(await refused({ coverDate: '31/03/2026' })).toBe('Cover date must be a date like 2026-03-31, or empty.');
    expect(await refused({ organisation: 'o'.repeat(201) })).toBe('Organisation must be at most 200 characters.');
    expect(await refused({ editedBy: 42 })).toBe('Edited by must be text.');
    // Ten points of 300 characters, and 4,000 characters of thanks, are fine.
    const points = Array.from({ length: 10 }, () => 'p'.repeat(300)).join('\n');
    const { paper } = await ada.client.ok('PATCH', path, { summary: points, acknowledgements: 'a'.repeat(4000) });
    expect(paper.summary.split('\n')).toHaveLength(10);
    expect((await ada.client.ok('GET', path)).paper.organisation).toBe('');
  });

  it('records the changed field names in the audit trail', async () => {
    const { ada, path } = await paperWithMembers();
    await ada.client.ok('PATCH', path, { organisation: 'NHS England', editedBy: 'Ada Editor' });
    await ada.client.ok('PATCH', path, { organisation: 'NHS England', summary: 'One point' });
    const { entries } = await ada.client.ok('GET', `${path}/audit?action=paper.updated`);
    expect(entries.map((e: { detail: object }) => Object.keys(e.detail))).toEqual([['summary'], ['organisation', 'editedBy']]);
    expect(entries[1].detail.organisation).toEqual({ from: '', to: 'NHS England' });
    expect(entries[1].actor.name).toBe('Ada Editor');
  });

  it('tells everyone in the paper that it changed', async () => {
    const { ada, paper, others, path } = await paperWithMembers();
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: others.reader.client.cookie } });
    try {
      const heard: string[] = [];
      socket.on('paper:changed', ({ paperId }) => heard.push(paperId));
      const joined = await new Promise<{ ok: boolean }>((resolve) => socket.emit('paper:join', paper.id, resolve));
      expect(joined.ok).toBe(true);
      await ada.client.ok('PATCH', path, { acknowledgements: 'Thanks to all.' });
      await waitFor(() => heard.length > 0, { message: 'paper:changed' });
      expect(heard).toEqual([paper.id]);
    } finally {
      socket.disconnect();
    }
  });
});
