/**
 * The role matrix, walked over every HTTP route against the real server: each route registered in
 * Express must declare its access (an action of shared/permissions.ts, or open access), and each
 * route answers every role as the matrix says (allowed: its success status; refused: 403), a
 * non-member 404 and an anonymous visitor 401. A route without a declaration fails this test; a
 * route without a case below is still walked, with an empty body, and must not be refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { ApiClient, addMember, buildPage, buildPaper, buildUser, type TestUser } from '../helpers/factories.js';
import { apiRouter } from '../../server/routes/index.js';
import { routeTable, type RouteEntry } from '../../server/routes/guards.js';
import { can, type Action } from '../../shared/permissions.js';
import { ROLES, type Role } from '../../shared/roles.js';
import { waitFor } from '../helpers/waitFor.js';
import { insertNotification } from '../../server/store/notifications.js';

let server: TestServer;
let paperId: string;
let editor: TestUser;
const members = {} as Record<Role, TestUser>;
let stranger: TestUser;
let spare: TestUser;

beforeAll(async () => {
  server = await startServer();
  editor = await buildUser(server.url, { name: 'Edith Editor' });
  paperId = (await buildPaper(editor, { title: 'Matrix paper' })).id;
  members.editor = editor;
  for (const role of ROLES.filter((r) => r !== 'editor')) {
    members[role] = await buildUser(server.url, { name: `A ${role}` });
    await addMember(editor, paperId, members[role], role);
  }
  stranger = await buildUser(server.url, { name: 'Stan Stranger' });
  spare = await buildUser(server.url, { name: 'Spare Member' });
});

afterAll(async () => {
  await server.stop();
});

/** Route parameters and a body for one attempt; built fresh for each attempt so no attempt depends on another. */
interface Attempt {
  params?: Record<string, string>;
  body?: unknown;
  /** A query string for the URL, without the "?". */
  query?: string;
}

interface Case {
  /** The access the route must declare. */
  access: RouteEntry['access'];
  /** The success status for someone allowed. */
  ok: number;
  /** Makes the fixture for one attempt by this persona (most fixtures are the same for everyone). */
  setup?: (persona: Persona) => Promise<Attempt>;
}

const paperPath = () => `/api/papers/${paperId}`;
const freshPage = async (): Promise<Attempt> => ({ params: { pageId: (await buildPage(editor, paperId, { title: 'Scratch' })).id } });
const trashedPage = async (): Promise<Attempt> => {
  const { params } = await freshPage();
  await editor.client.ok('DELETE', `${paperPath()}/pages/${params!.pageId}`);
  return { params };
};
/** The spare person as a reader of the paper (added again if an earlier attempt removed them). */
const spareMember = async (): Promise<Attempt> => {
  const res = await editor.client.request('POST', `${paperPath()}/members`, { email: spare.email, role: 'reader' });
  if (res.status !== 201 && res.status !== 409) throw new Error(`adding the spare member failed: ${res.status}`);
  return { params: { userId: spare.user.id } };
};
const invitation = async (): Promise<{ id: string; token: string }> => {
  const created = await editor.client.ok('POST', `${paperPath()}/invitations`, { role: 'reader', expiresInDays: 3 });
  return { id: created.invitation.id, token: created.token };
};
const action = (name: Action) => ({ action: name });
/** Acknowledges whatever the confidentiality check finds (other cases leave findings behind) before the editor releases. */
const clearedForRelease = async (persona: Persona): Promise<Attempt> => {
  if (persona === 'editor') {
    const scan = await editor.client.ok('POST', `${paperPath()}/confidentiality/scan`);
    const findingIds = scan.findings.filter((f: { acknowledged: boolean }) => !f.acknowledged).map((f: { id: string }) => f.id);
    if (findingIds.length) await editor.client.ok('POST', `${paperPath()}/confidentiality/acknowledge`, { reason: 'Matrix fixtures.', findingIds });
  }
  return { body: { name: 'Matrix release', reason: 'Matrix fixtures are drafts.' } };
};
/** Two releases the editor froze once (reading them changes nothing), and a page they hold. */
let frozenReleases: Promise<{ from: string; to: string; pageId: string }> | undefined;
const frozenRelease = async (): Promise<Attempt> => {
  frozenReleases ??= (async () => {
    const { params } = await freshPage();
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { body } = await clearedForRelease('editor');
      ids.push((await editor.client.ok('POST', `${paperPath()}/releases`, body)).release.id);
    }
    return { from: ids[0], to: ids[1], pageId: params!.pageId };
  })();
  const { from, to, pageId } = await frozenReleases;
  return { params: { releaseId: to, pageId }, query: `from=${from}&to=${to}` };
};
let labelCount = 0;
/** A new label of the paper, on a fresh page (labels with no page are listed too). */
const freshLabel = async (): Promise<{ pageId: string; labelId: string }> => {
  const { params } = await freshPage();
  labelCount += 1;
  const added = await editor.client.ok('POST', `${paperPath()}/pages/${params!.pageId}/labels`, { name: `Matrix label ${labelCount}` });
  return { pageId: params!.pageId, labelId: added.label.id };
};
/** A fresh page with one named version, taken by the editor. */
const revisedPage = async (): Promise<Attempt> => {
  const { params } = await freshPage();
  const { revision } = await editor.client.ok('POST', `${paperPath()}/pages/${params!.pageId}/revisions`, { name: 'For the matrix' });
  return { params: { ...params, revisionId: String(revision.id) } };
};
/** A fresh page an editor has approved. */
const approvedPage = async (): Promise<Attempt> => {
  const { params } = await freshPage();
  await editor.client.ok('POST', `${paperPath()}/pages/${params!.pageId}/status`, { status: 'approved' });
  return { params };
};
let strangerPaperId: string | undefined;
/** A notification of the persona's own to mark read (the stranger's is in a paper of their own). */
const ownNotification = async (persona: Persona): Promise<Attempt> => {
  if (persona === 'anonymous') return { params: { id: '1' } };
  const who = persona === 'non-member' ? stranger : members[persona];
  const paper = persona === 'non-member' ? (strangerPaperId ??= (await buildPaper(stranger, { title: 'Stranger paper' })).id) : paperId;
  return { params: { id: String(insertNotification(server.db, { userId: who.user.id, paperId: paper, pageId: null, kind: 'status', actorId: editor.user.id })) } };
};

let commentPageId: string | undefined;
/** A page for comment threads, made once. */
const commentPage = async (): Promise<string> => (commentPageId ??= (await buildPage(editor, paperId, { title: 'Comments' })).id);
/** A page thread to act on: the persona's own when their role may comment (edit, delete and resolve need that), else the editor's. */
const ownThread = async (persona: Persona, resolved = false): Promise<Attempt> => {
  const who = persona !== 'anonymous' && persona !== 'non-member' && can(persona, 'comment.create') ? members[persona] : editor;
  const pageId = await commentPage();
  const { thread } = await who.client.ok('POST', `${paperPath()}/pages/${pageId}/comments`, { kind: 'page', text: 'A remark for the matrix.' });
  if (resolved) await who.client.ok('POST', `${paperPath()}/pages/${pageId}/comments/${thread.id}/resolve`);
  return { params: { pageId, threadId: thread.id, commentId: thread.comments[0].id } };
};

/** Acknowledges every finding the confidentiality check has now (earlier cases leave some), so an export may start. */
const exportReady = async (): Promise<void> => {
  const scan = await editor.client.ok('POST', `${paperPath()}/confidentiality/scan`);
  const waiting = scan.findings.filter((f: { acknowledged: boolean }) => !f.acknowledged).map((f: { id: string }) => f.id);
  if (waiting.length) await editor.client.ok('POST', `${paperPath()}/confidentiality/acknowledge`, { reason: 'Matrix fixture.', findingIds: waiting });
};
/** An export job of the persona's own when their role may export (jobs are private), else the editor's; finished if asked. */
const ownExport = async (persona: Persona, finished: boolean): Promise<Attempt> => {
  const who = persona !== 'anonymous' && persona !== 'non-member' && can(persona, 'paper.export') ? members[persona] : editor;
  await exportReady();
  const { jobId } = await who.client.ok('POST', `${paperPath()}/exports`, { format: 'markdown' });
  if (finished) await waitFor(async () => (await who.client.ok('GET', `${paperPath()}/exports/${jobId}`)).job.status === 'done', { message: 'the export to finish' });
  return { params: { jobId } };
};

/** A template the persona saved from a one-page paper of their own (anyone signed in may rename or delete their own). */
const ownTemplate = async (persona: Persona): Promise<Attempt> => {
  if (persona === 'anonymous') return { params: { id: 'briefing-paper' } };
  const who = persona === 'non-member' ? stranger : members[persona];
  const own = await buildPaper(who, { title: 'Template source' });
  await buildPage(who, own.id, { title: 'Chapter' });
  const { template } = await who.client.ok('POST', `/api/papers/${own.id}/save-as-template`, { name: 'Matrix template' });
  return { params: { id: template.id } };
};

let filesPageId: string | undefined;
/** A page for the file routes, made once (uploads and removals leave it as it was). */
const filesPage = async (): Promise<Attempt> => ({ params: { pageId: (filesPageId ??= (await buildPage(editor, paperId, { title: 'Files' })).id) } });
/** An attachment, uploaded by the persona when their role may edit pages (removing needs that), else by the editor. */
const ownAttachment = async (persona: Persona): Promise<Attempt> => {
  const who = persona !== 'anonymous' && persona !== 'non-member' && can(persona, 'page.edit') ? members[persona] : editor;
  const { params } = await filesPage();
  const res = await fetch(`${server.url}${paperPath()}/pages/${params!.pageId}/files?purpose=attachment&name=matrix.txt`, { method: 'POST', headers: { cookie: who.client.cookie }, body: 'A file for the matrix.' });
  if (res.status !== 201) throw new Error(`uploading the matrix attachment failed: ${res.status} ${await res.text()}`);
  return { params: { fileId: ((await res.json()) as { file: { id: string } }).file.id } };
};

/** An import preview of the persona's own when their role may create pages (only its maker may confirm it), else the editor's. The matrix's JSON body "{}" is the file: Markdown text. */
const ownImport = async (persona: Persona): Promise<Attempt> => {
  const who = persona !== 'anonymous' && persona !== 'non-member' && can(persona, 'page.create') ? members[persona] : editor;
  const preview = await who.client.ok('POST', `${paperPath()}/imports?name=matrix.md`, {});
  return { params: { importId: preview.importId }, body: { mode: 'page', parentId: null } };
};

/** One case per route: the access it must declare, its success status and the fixture it needs. */
const CASES: Record<string, Case> = {
  'POST /auth/signup': { access: { open: 'anyone' }, ok: 201, setup: async () => ({ body: { name: 'New Person', email: `new-${Math.random().toString(36).slice(2)}@example.org`, password: 'a long passphrase' } }) },
  'POST /auth/signin': { access: { open: 'anyone' }, ok: 200, setup: async () => ({ body: { email: spare.email, password: spare.password } }) },
  'POST /auth/signout': { access: { open: 'anyone' }, ok: 204 },
  'GET /me': { access: { open: 'signedIn' }, ok: 200 },
  'GET /invitations/:token': { access: { open: 'anyone' }, ok: 200, setup: async () => ({ params: { token: (await invitation()).token } }) },
  'POST /invitations/:token/accept': { access: { open: 'signedIn' }, ok: 200, setup: async () => ({ params: { token: (await invitation()).token } }) },
  'GET /papers': { access: { open: 'signedIn' }, ok: 200 },
  'POST /papers': { access: { open: 'signedIn' }, ok: 201, setup: async () => ({ body: { title: 'Another paper' } }) },
  'GET /papers/:paperId': { access: action('paper.read'), ok: 200 },
  'PATCH /papers/:paperId': { access: action('paper.update'), ok: 200, setup: async () => ({ body: { subtitle: 'Changed' } }) },
  'GET /papers/:paperId/members': { access: action('members.read'), ok: 200 },
  'POST /papers/:paperId/members': {
    access: action('members.manage'),
    ok: 201,
    setup: async () => ({ body: { email: (await buildUser(server.url, { name: 'Newcomer' })).email, role: 'reader' } }),
  },
  'PATCH /papers/:paperId/members/:userId': { access: action('members.manage'), ok: 200, setup: async () => ({ ...(await spareMember()), body: { role: 'reviewer' } }) },
  'DELETE /papers/:paperId/members/:userId': { access: action('members.manage'), ok: 204, setup: spareMember },
  'GET /papers/:paperId/pages': { access: action('page.read'), ok: 200 },
  'GET /papers/:paperId/trash': { access: action('page.read'), ok: 200 },
  'GET /papers/:paperId/pages/:pageId': { access: action('page.read'), ok: 200, setup: freshPage },
  'POST /papers/:paperId/pages': { access: action('page.create'), ok: 201, setup: async () => ({ body: { title: 'New chapter' } }) },
  'PATCH /papers/:paperId/pages/:pageId': { access: action('page.rename'), ok: 200, setup: async () => ({ ...(await freshPage()), body: { title: 'Renamed' } }) },
  'POST /papers/:paperId/pages/:pageId/move': { access: action('page.move'), ok: 200, setup: async () => ({ ...(await freshPage()), body: { parentId: null, index: 0 } }) },
  'DELETE /papers/:paperId/pages/:pageId': { access: action('page.delete'), ok: 200, setup: freshPage },
  'POST /papers/:paperId/pages/:pageId/restore': { access: action('page.restore'), ok: 200, setup: trashedPage },
  'GET /papers/:paperId/pages/:pageId/revisions': { access: action('page.read'), ok: 200, setup: revisedPage },
  'POST /papers/:paperId/pages/:pageId/revisions': { access: action('page.edit'), ok: 201, setup: async () => ({ ...(await freshPage()), body: { name: 'After round 1' } }) },
  'GET /papers/:paperId/pages/:pageId/revisions/:revisionId': { access: action('page.read'), ok: 200, setup: revisedPage },
  'GET /papers/:paperId/pages/:pageId/diff': {
    access: action('page.read'),
    ok: 200,
    setup: async () => {
      const attempt = await revisedPage();
      return { ...attempt, query: `from=${attempt.params!.revisionId}&to=current` };
    },
  },
  'POST /papers/:paperId/pages/:pageId/revisions/:revisionId/restore': { access: action('page.edit'), ok: 201, setup: revisedPage },
  'GET /papers/:paperId/labels': { access: action('page.read'), ok: 200 },
  'POST /papers/:paperId/pages/:pageId/labels': { access: action('label.edit'), ok: 200, setup: async () => ({ ...(await freshPage()), body: { name: 'Evidence needed' } }) },
  'DELETE /papers/:paperId/pages/:pageId/labels/:labelId': { access: action('label.edit'), ok: 200, setup: async () => ({ params: await freshLabel() }) },
  'PATCH /papers/:paperId/labels/:labelId': { access: action('label.manage'), ok: 200, setup: async () => ({ params: await freshLabel(), body: { name: `Renamed label ${++labelCount}` } }) },
  'POST /papers/:paperId/labels/:labelId/merge': { access: action('label.manage'), ok: 200, setup: async () => ({ params: await freshLabel(), body: { intoLabelId: (await freshLabel()).labelId } }) },
  'DELETE /papers/:paperId/labels/:labelId': { access: action('label.manage'), ok: 204, setup: async () => ({ params: await freshLabel() }) },
  'POST /papers/:paperId/pages/:pageId/status': { access: action('page.set_status'), ok: 200, setup: async () => ({ ...(await freshPage()), body: { status: 'in_review' } }) },
  'POST /papers/:paperId/pages/:pageId/reopen-request': { access: action('page.set_status'), ok: 200, setup: approvedPage },
  'GET /papers/:paperId/pages/:pageId/comments': { access: action('comment.read'), ok: 200, setup: async () => ({ params: { pageId: await commentPage() } }) },
  'POST /papers/:paperId/pages/:pageId/comments': { access: action('comment.create'), ok: 201, setup: async () => ({ params: { pageId: await commentPage() }, body: { kind: 'page', text: 'A new remark.' } }) },
  'POST /papers/:paperId/pages/:pageId/comments/:threadId/replies': { access: action('comment.create'), ok: 201, setup: async () => ({ ...(await ownThread('editor')), body: { text: 'A reply.' } }) },
  'PATCH /papers/:paperId/pages/:pageId/comments/:threadId/messages/:commentId': { access: action('comment.create'), ok: 200, setup: async (persona) => ({ ...(await ownThread(persona)), body: { text: 'Edited.' } }) },
  'DELETE /papers/:paperId/pages/:pageId/comments/:threadId/messages/:commentId': { access: action('comment.create'), ok: 204, setup: (persona) => ownThread(persona) },
  'POST /papers/:paperId/pages/:pageId/comments/:threadId/resolve': { access: action('comment.resolve_own'), ok: 200, setup: (persona) => ownThread(persona) },
  'POST /papers/:paperId/pages/:pageId/comments/:threadId/reopen': { access: action('comment.resolve_own'), ok: 200, setup: (persona) => ownThread(persona, true) },
  'GET /papers/:paperId/invitations': { access: action('invitations.manage'), ok: 200 },
  'POST /papers/:paperId/invitations': { access: action('invitations.manage'), ok: 201, setup: async () => ({ body: { role: 'author', expiresInDays: 7, maxUses: 30 } }) },
  'GET /papers/:paperId/audit': { access: action('audit.read'), ok: 200 },
  'GET /papers/:paperId/audit.csv': { access: action('audit.read'), ok: 200 },
  'POST /papers/:paperId/confidentiality/scan': { access: action('paper.export'), ok: 200 },
  'GET /papers/:paperId/dashboard': { access: action('page.read'), ok: 200 },
  'PUT /papers/:paperId/pages/:pageId/assignees': { access: action('page.assign'), ok: 200, setup: async () => ({ ...(await freshPage()), body: { userIds: [editor.user.id] } }) },
  'POST /papers/:paperId/confidentiality/acknowledge': {
    access: action('paper.release'),
    ok: 200,
    setup: async () => {
      // A page whose title holds an email address: a finding of its own to acknowledge.
      const page = await buildPage(editor, paperId, { title: `Contact matrix-${++labelCount}@example.org` });
      const scan = await editor.client.ok('POST', `${paperPath()}/confidentiality/scan`);
      const finding = scan.findings.find((f: { pageId: string | null }) => f.pageId === page.id);
      return { body: { reason: 'Published contact address.', findingIds: [finding.id] } };
    },
  },
  'POST /papers/:paperId/exports': {
    access: action('paper.export'),
    ok: 202,
    setup: async () => {
      await exportReady();
      return { body: { format: 'markdown' } };
    },
  },
  'GET /papers/:paperId/exports/:jobId': { access: action('paper.export'), ok: 200, setup: (persona) => ownExport(persona, false) },
  'DELETE /papers/:paperId/exports/:jobId': { access: action('paper.export'), ok: 200, setup: (persona) => ownExport(persona, false) },
  'GET /papers/:paperId/exports/:jobId/download': { access: action('paper.export'), ok: 200, setup: (persona) => ownExport(persona, true) },
  'DELETE /papers/:paperId/invitations/:invitationId': { access: action('invitations.manage'), ok: 204, setup: async () => ({ params: { invitationId: (await invitation()).id } }) },
  'GET /notifications': { access: { open: 'signedIn' }, ok: 200 },
  'POST /notifications/read-all': { access: { open: 'signedIn' }, ok: 200 },
  'POST /notifications/:id/read': { access: { open: 'signedIn' }, ok: 200, setup: ownNotification },
  'GET /templates': { access: { open: 'signedIn' }, ok: 200 },
  'GET /templates/:id': { access: { open: 'signedIn' }, ok: 200, setup: async () => ({ params: { id: 'briefing-paper' } }) },
  'PATCH /templates/:id': { access: { open: 'signedIn' }, ok: 200, setup: async (persona) => ({ ...(await ownTemplate(persona)), body: { name: 'Renamed template' } }) },
  'DELETE /templates/:id': { access: { open: 'signedIn' }, ok: 204, setup: ownTemplate },
  'POST /papers/:paperId/save-as-template': { access: action('paper.update'), ok: 201, setup: async () => ({ ...(await freshPage()), body: { name: 'Matrix template' } }) },
  'PUT /papers/:paperId/templates/:id': { access: action('paper.update'), ok: 200, setup: async (who) => ({ ...(await freshPage()), params: (await ownTemplate(who)).params }) },
  'GET /papers/:paperId/watch': { access: action('paper.read'), ok: 200 },
  'GET /papers/:paperId/releases': { access: action('paper.read'), ok: 200 },
  'POST /papers/:paperId/releases': { access: action('paper.release'), ok: 201, setup: clearedForRelease },
  'GET /papers/:paperId/releases/compare': { access: action('paper.read'), ok: 200, setup: frozenRelease },
  'GET /papers/:paperId/releases/:releaseId': { access: action('paper.read'), ok: 200, setup: frozenRelease },
  'GET /papers/:paperId/releases/:releaseId/pages/:pageId': { access: action('paper.read'), ok: 200, setup: frozenRelease },
  'PUT /papers/:paperId/watch': { access: action('paper.read'), ok: 200, setup: async () => ({ body: { watching: true } }) },
  // The matrix sends "{}" as the body: the upload route reads it as a two-byte text file.
  'POST /papers/:paperId/pages/:pageId/files': { access: action('page.edit'), ok: 201, setup: async () => ({ ...(await filesPage()), query: 'purpose=attachment&name=matrix.txt' }) },
  'GET /papers/:paperId/pages/:pageId/files': { access: action('page.read'), ok: 200, setup: filesPage },
  'GET /papers/:paperId/files/:fileId': { access: action('page.read'), ok: 200, setup: () => ownAttachment('editor') },
  'DELETE /papers/:paperId/files/:fileId': { access: action('page.edit'), ok: 204, setup: ownAttachment },
  'PUT /papers/:paperId/pages/:pageId/watch': { access: action('paper.read'), ok: 200, setup: async () => ({ ...(await freshPage()), body: { watching: true } }) },
  'POST /papers/:paperId/imports': { access: action('page.create'), ok: 200, setup: async () => ({ query: 'name=matrix.md' }) },
  'POST /papers/:paperId/imports/:importId': { access: action('page.create'), ok: 201, setup: ownImport },
  'DELETE /papers/:paperId/imports/:importId': { access: action('page.create'), ok: 204, setup: ownImport },
  'GET /search': { access: { open: 'signedIn' }, ok: 200, setup: async () => ({ query: `q=matrix&paperId=${paperId}` }) },
  'GET /search/filters': { access: { open: 'signedIn' }, ok: 200, setup: async () => ({ query: `paperId=${paperId}` }) },
};

/** Every route of the real API router, as Express holds it. */
function registeredRoutes(): RouteEntry[] {
  return routeTable(apiRouter({ db: server.db, config: server.config, events: server.quire.events, collab: server.quire.collab, blobs: server.quire.blobs }));
}

const keyOf = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/** The URL of a route with its parameters filled in (the paper's own id for :paperId). */
function urlFor(path: string, params: Record<string, string> = {}): string {
  return '/api' + path.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(name === 'paperId' ? paperId : (params[name] ?? 'no-such-id')));
}

type Persona = Role | 'non-member' | 'anonymous';

/** What the matrix says a persona gets from a route. */
function expected(entry: RouteEntry, persona: Persona, ok: number): number | 'allowed' {
  const access = entry.access!;
  if ('open' in access) return persona === 'anonymous' && access.open === 'signedIn' ? 401 : ok;
  if (persona === 'anonymous') return 401;
  if (persona === 'non-member') return 404;
  return can(persona, access.action) ? ok : 403;
}

function clientOf(persona: Persona): ApiClient {
  if (persona === 'anonymous') return new ApiClient(server.url);
  if (persona === 'non-member') return stranger.client;
  return members[persona].client;
}

/** A throwaway signed-in person, for routes that change who is signed in or join papers. */
async function throwaway(): Promise<ApiClient> {
  return (await buildUser(server.url, { name: 'Throwaway' })).client;
}

describe('the role matrix over every HTTP route', () => {
  it('finds a declared access on every registered route, matching the case table', () => {
    const routes = registeredRoutes();
    const undeclared = routes.filter((r) => !r.access).map(keyOf);
    expect(undeclared, 'Routes without an entry in the permission matrix: declare each with allow(action) or open(...)').toEqual([]);
    for (const route of routes) {
      const known = CASES[keyOf(route)];
      if (known) expect({ route: keyOf(route), access: route.access }).toEqual({ route: keyOf(route), access: known.access });
    }
    // Every case names a route that exists, so the table cannot silently go stale.
    const registered = new Set(routes.map(keyOf));
    expect(Object.keys(CASES).filter((k) => !registered.has(k))).toEqual([]);
  });

  // This walks every route as six people, one request at a time: on a busy machine that takes longer than a test usually may.
  it('answers every role, a non-member and an anonymous visitor as the matrix says', async () => {
    const mismatches: string[] = [];
    const personas: Persona[] = [...ROLES, 'non-member', 'anonymous'];
    for (const route of registeredRoutes()) {
      const known = CASES[keyOf(route)];
      const access = route.access!;
      // Open routes that are not ours to drive (another part's account routes) are checked for the sign-in rule only.
      const walk: Persona[] = 'open' in access && !known ? ['anonymous'] : personas;
      for (const persona of walk) {
        const attempt = (await known?.setup?.(persona)) ?? {};
        // Signing in, signing out and joining change who the client is: use someone who does not matter.
        const changesIdentity = 'open' in access && persona !== 'anonymous' && /signin|signout|signup|accept/.test(route.path);
        const client = changesIdentity ? await throwaway() : clientOf(persona);
        const res = await client.request(route.method, urlFor(route.path, attempt.params) + (attempt.query ? `?${attempt.query}` : ''), attempt.body ?? (route.method === 'GET' || route.method === 'DELETE' ? undefined : {}));
        const want = expected(route, persona, known?.ok ?? 0);
        const fine = known ? res.status === want : want === 0 ? ![401, 403].includes(res.status) : res.status === want;
        if (!fine) mismatches.push(`${keyOf(route)} as ${persona}: expected ${want === 0 ? 'not refused' : want}, got ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 180_000);

  it('refuses with a sentence naming who may do it', async () => {
    const res = await members.author.client.request('POST', `${paperPath()}/invitations`, { role: 'reader', expiresInDays: 3 });
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({ code: 'forbidden', message: 'Only an editor of this paper can do that.' });
    const page = await buildPage(editor, paperId, { title: 'Not yours' });
    const rename = await members.reviewer.client.request('PATCH', `${paperPath()}/pages/${page.id}`, { title: 'Mine now' });
    expect(rename.body.error).toEqual({ code: 'forbidden', message: 'Your role in this paper does not allow that.' });
  });
});

describe('the paper setting that widens the matrix', () => {
  it('lets only an editor change whether readers may export, and shows it on the paper', async () => {
    const { paper: before } = await members.reader.client.ok('GET', paperPath());
    expect(before.readersMayExport).toBe(false);
    expect((await members.author.client.request('PATCH', paperPath(), { readersMayExport: true })).status).toBe(403);
    const changed = await editor.client.request('PATCH', paperPath(), { readersMayExport: true });
    expect(changed.status).toBe(200);
    expect(changed.body.paper.readersMayExport).toBe(true);
    expect((await members.reader.client.ok('GET', paperPath())).paper.readersMayExport).toBe(true);
    expect((await editor.client.request('PATCH', paperPath(), { readersMayExport: 'yes' })).status).toBe(400);
    await editor.client.ok('PATCH', paperPath(), { readersMayExport: false });
  });
});
