/**
 * Collaboration clients for tests, from Node: a real y-websocket provider that sends the session
 * cookie (and an Origin, if asked) through a `ws` subclass, with Quire's saved acks recorded; and
 * a raw socket for sending arbitrary frames.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { prosemirrorJSONToYXmlFragment } from 'y-prosemirror';
import { COLLAB_PATH, FRAGMENT_NAME, MESSAGE_SAVED } from '../../shared/collab.js';
import { schema } from '../../shared/schema.js';
import { readSaved, syncStep1Frame } from '../../server/collab/protocol.js';
import { PageBodyStore } from '../../server/store/pageBodies.js';
import type { Db } from '../../server/store/database.js';
import { waitFor } from './waitFor.js';

/** A `ws` WebSocket class that sends these headers on every connection (Node has no cookie jar). */
export function webSocketWithHeaders(headers: Record<string, string>) {
  return class HeaderWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  };
}

export interface CollabClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Highest stored clock per Yjs client id, from the server's saved acks. */
  saved: Map<number, number>;
  /** Close codes received from the server, in order. */
  closeCodes: number[];
  destroy(): void;
}

/** Connects a y-websocket provider to a page as the user with this cookie. */
export function connectClient(
  wsUrl: string,
  pageId: string,
  { cookie, origin, doc = new Y.Doc(), subscribeSaved = true }: { cookie?: string; origin?: string; doc?: Y.Doc; subscribeSaved?: boolean } = {},
): CollabClient {
  const headers: Record<string, string> = {};
  if (cookie) headers.Cookie = cookie;
  if (origin) headers.Origin = origin;
  const saved = new Map<number, number>();
  const closeCodes: number[] = [];
  const provider = new WebsocketProvider(wsUrl + COLLAB_PATH, pageId, doc, {
    WebSocketPolyfill: webSocketWithHeaders(headers) as unknown as typeof globalThis.WebSocket,
    // Two providers in one process would otherwise sync over BroadcastChannel, bypassing the server.
    disableBc: true,
    maxBackoffTime: 200,
  });
  (provider.messageHandlers as unknown[])[MESSAGE_SAVED] = (_encoder: unknown, decoder: decoding.Decoder) => {
    for (const [client, clock] of readSaved(decoder)) saved.set(client, Math.max(clock, saved.get(client) ?? 0));
  };
  provider.on('status', ({ status }) => {
    if (status === 'connected' && subscribeSaved) provider.ws?.send(Uint8Array.of(MESSAGE_SAVED));
  });
  provider.on('connection-close', (event) => {
    if (event) closeCodes.push(event.code);
  });
  return { doc, provider, saved, closeCodes, destroy: () => provider.destroy() };
}

/** Waits until the provider has synced with the server. */
export function waitSynced(client: CollabClient, timeout = 10_000): Promise<boolean> {
  return waitFor(() => client.provider.synced, { timeout, message: 'provider sync' });
}

/** Waits until the server acked as stored everything this client's doc has written itself. */
export function waitSaved(client: CollabClient, timeout = 10_000): Promise<boolean> {
  const id = client.doc.clientID;
  return waitFor(() => (client.saved.get(id) ?? -1) >= Y.getState(client.doc.store, id), { timeout, message: 'saved ack' });
}

/**
 * Sends sync step 1 again and waits for the answer. The server handles one socket's messages in
 * order, so once it answers, everything this client sent before has been handled: a barrier.
 */
export async function roundTrip(client: CollabClient): Promise<void> {
  client.provider.synced = false;
  client.provider.ws!.send(syncStep1Frame(client.doc));
  await waitSynced(client);
}

/** Appends a paragraph with this text to the page body. */
export function addParagraph(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment(FRAGMENT_NAME);
  fragment.insert(fragment.length, [paragraph]);
}

/** The page body as XML text (what matters for comparing content). */
export function bodyXml(doc: Y.Doc): string {
  return doc.getXmlFragment(FRAGMENT_NAME).toString();
}

/** Builds a Y.Doc from a page as stored in SQLite. */
export async function storedDoc(db: Db, pageId: string): Promise<Y.Doc> {
  const stored = await new PageBodyStore(db).load(pageId);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const row of stored.updates) Y.applyUpdate(doc, row.data);
  return doc;
}

export interface RawSocket {
  ws: WebSocket;
  messages: Uint8Array[];
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  send(bytes: Uint8Array): void;
}

/** Opens a bare WebSocket to a page's endpoint, recording every frame and the close code. */
export function openRaw(wsUrl: string, pageId: string, { cookie, origin }: { cookie?: string; origin?: string } = {}): RawSocket {
  const headers: Record<string, string> = {};
  if (cookie) headers.Cookie = cookie;
  if (origin) headers.Origin = origin;
  const ws = new WebSocket(`${wsUrl}${COLLAB_PATH}/${encodeURIComponent(pageId)}`, { headers });
  const messages: Uint8Array[] = [];
  ws.on('message', (data) => messages.push(new Uint8Array(data as Buffer)));
  ws.on('error', () => {});
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with HTTP ${res.statusCode}`)));
  });
  opened.catch(() => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return { ws, messages, opened, closed, send: (bytes) => ws.send(bytes) };
}

/**
 * Opens a page with a session cookie, replaces its whole text with these ProseMirror blocks (of
 * shared/schema.ts) and waits until the server has stored it. `keep` gets the client at once, so
 * the test can destroy it afterwards even if a wait fails.
 */
export async function replacePageText(wsUrl: string, cookie: string, pageId: string, blocks: unknown[], keep?: (client: CollabClient) => void): Promise<CollabClient> {
  const client = connectClient(wsUrl, pageId, { cookie });
  keep?.(client);
  await waitSynced(client);
  const fragment = client.doc.getXmlFragment(FRAGMENT_NAME);
  client.doc.transact(() => {
    fragment.delete(0, fragment.length);
    prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content: blocks }, fragment);
  });
  await waitSaved(client);
  return client;
}
