/**
 * A small world for revision-history tests: a real server, an editor, an author and a reviewer of
 * one paper with one page, live y-websocket clients for any of them, and the history calls over
 * HTTP. Capture timers start long (nothing automatic) until a test shortens them.
 */
import * as Y from 'yjs';
import type { DiffView, RevisionDocView, RevisionView } from '../../shared/history.js';
import { FRAGMENT_NAME } from '../../shared/collab.js';
import { startServer, type TestServer } from './server.js';
import { rmSync } from 'node:fs';
import { ApiClient, addMember, buildPage, buildPaper, buildUser, type TestUser } from './factories.js';
import { connectClient, waitSaved, waitSynced, type CollabClient } from './collabClient.js';

export interface HistoryWorld {
  server: TestServer;
  editor: TestUser;
  author: TestUser;
  reviewer: TestUser;
  paperId: string;
  pageId: string;
  /** Every collab client opened through `open`, destroyed by `stop`. */
  clients: CollabClient[];
  /** Opens a synced collab client on the page as this person. */
  open(who: TestUser): Promise<CollabClient>;
  /** The page's revisions, newest first, and the pair showing its latest change. */
  list(who?: TestUser): Promise<{ revisions: RevisionView[]; latestChange: { from: number; to: number | 'current' } | null }>;
  /** Names the current version. */
  name(name: string, who?: TestUser): Promise<RevisionView>;
  /** Opens one revision read-only. */
  revision(id: number, who?: TestUser): Promise<RevisionDocView>;
  /** Compares two versions ('current': the live page). */
  diff(from: number, to: number | 'current', who?: TestUser): Promise<DiffView>;
  path(rest?: string): string;
  /** Closes every collab client and the server, and starts a new server on the same data (people stay signed in). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a server with an editor, an author and a reviewer on one page. */
export async function historyWorld(options: Parameters<typeof startServer>[0] = {}): Promise<HistoryWorld> {
  let server = await startServer(options);
  const calm = (s: TestServer) => {
    s.quire.collab.options.revisionQuietMs = 3_600_000;
    s.quire.collab.options.revisionMaxMs = 3_600_000;
  };
  calm(server);
  let restarted = false;
  const editor = await buildUser(server.url, { name: 'Edith Editor' });
  const author = await buildUser(server.url, { name: 'Ada Author' });
  const reviewer = await buildUser(server.url, { name: 'Rhys Reviewer' });
  const paperId = (await buildPaper(editor)).id;
  await addMember(editor, paperId, author, 'author');
  await addMember(editor, paperId, reviewer, 'reviewer');
  const pageId = (await buildPage(editor, paperId, { title: 'Definitions' })).id;
  const clients: CollabClient[] = [];
  const path = (rest = '') => `/api/papers/${paperId}/pages/${pageId}${rest}`;
  const world: HistoryWorld = {
    server,
    editor,
    author,
    reviewer,
    paperId,
    pageId,
    clients,
    path,
    async open(who) {
      const client = connectClient(world.server.wsUrl, pageId, { cookie: who.client.cookie });
      clients.push(client);
      await waitSynced(client);
      return client;
    },
    list: (who = editor) => who.client.ok('GET', path('/revisions')),
    name: async (name, who = editor) => (await who.client.ok('POST', path('/revisions'), { name })).revision,
    revision: (id, who = editor) => who.client.ok('GET', path(`/revisions/${id}`)),
    diff: (from, to, who = editor) => who.client.ok('GET', path(`/diff?from=${from}&to=${to}`)),
    async restart() {
      for (const c of clients.splice(0)) c.destroy();
      await server.stop(false);
      server = world.server = await startServer({ ...options, dataDir: server.dataDir });
      calm(server);
      restarted = true;
      for (const who of [editor, author, reviewer]) {
        const client = new ApiClient(server.url);
        client.cookie = who.client.cookie;
        who.client = client;
      }
    },
    async stop() {
      for (const c of clients.splice(0)) c.destroy();
      await server.stop();
      if (restarted) rmSync(server.dataDir, { recursive: true, force: true });
    },
  };
  return world;
}

/** The characters of a Y.XmlText without its formatting. */
function plain(text: Y.XmlText): string {
  return text
    .toDelta()
    .map((d: { insert: unknown }) => (typeof d.insert === 'string' ? d.insert : ''))
    .join('');
}

/** The text of a page body, paragraphs separated by newlines. */
export function pageText(doc: Y.Doc): string {
  const blocks: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment | Y.XmlText) => {
    if (node instanceof Y.XmlText) {
      blocks[blocks.length - 1] += plain(node);
      return;
    }
    if (node instanceof Y.XmlElement && node.nodeName === 'paragraph') blocks.push('');
    for (const child of node.toArray()) walk(child as Y.XmlElement | Y.XmlText);
  };
  walk(doc.getXmlFragment(FRAGMENT_NAME));
  return blocks.filter((b) => b !== '').join('\n');
}

/** The text of a ProseMirror JSON document, paragraphs separated by newlines. */
export function docText(json: unknown): string {
  const blocks: string[] = [];
  const walk = (node: { type: string; text?: string; content?: unknown[] }) => {
    if (node.type === 'paragraph') blocks.push('');
    if (node.text !== undefined) blocks[blocks.length - 1] += node.text;
    for (const child of node.content ?? []) walk(child as typeof node);
  };
  walk(json as { type: string });
  return blocks.filter((b) => b !== '').join('\n');
}

/** Text runs of a diff document with the mark (insertion, deletion, format_change) and user on each. */
export function diffRuns(json: unknown): { text: string; mark: string | null; user: string | null }[] {
  const out: { text: string; mark: string | null; user: string | null }[] = [];
  const walk = (node: { text?: string; marks?: { type: string; attrs?: { user?: string } }[]; content?: unknown[] }) => {
    if (node.text !== undefined) {
      const change = node.marks?.find((m) => ['insertion', 'deletion', 'format_change'].includes(m.type));
      out.push({ text: node.text, mark: change?.type ?? null, user: change?.attrs?.user ?? null });
    }
    for (const child of node.content ?? []) walk(child as typeof node);
  };
  walk(json as object);
  return out;
}

/** Appends a paragraph of text as this client and waits until the server stored it. */
export async function write(client: CollabClient, text: string): Promise<void> {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  const fragment = client.doc.getXmlFragment(FRAGMENT_NAME);
  fragment.insert(fragment.length, [paragraph]);
  await waitSaved(client);
}

/** The Y.XmlText of the paragraph holding `needle`, or throws. */
export function textHolding(doc: Y.Doc, needle: string): Y.XmlText {
  for (const block of doc.getXmlFragment(FRAGMENT_NAME).toArray()) {
    if (!(block instanceof Y.XmlElement)) continue;
    for (const child of block.toArray()) if (child instanceof Y.XmlText && plain(child).includes(needle)) return child;
  }
  throw new Error(`no paragraph holds "${needle}"`);
}
