/**
 * Typists for fault tests: collab clients that each append uniquely tagged tokens (one paragraph
 * per token), remembering for each token the Yjs clock that covers it, so a test can tell which
 * tokens the server confirmed as stored (saved acks) and count each token in any copy of the page.
 */
import * as Y from 'yjs';
import { addParagraph, connectClient, type CollabClient } from './collabClient.js';
import type { Rng } from './rng.js';

/** One typed token and the clock its client reached with it. */
export interface Token {
  text: string;
  client: number;
  clock: number;
  /** Whether it was typed on the typist's first socket while open, before any close (so it went on the wire). */
  sentOpen: boolean;
}

/** A collab client that types tokens. */
export interface Typist {
  name: string;
  client: CollabClient;
  tokens: Token[];
}

/** Connects a typist; `doc` carries over a previous typist's document (a reconnect after a restart). */
export function connectTypist(wsUrl: string, pageId: string, cookie: string, name: string, doc?: Y.Doc): Typist {
  return { name, client: connectClient(wsUrl, pageId, { cookie, doc }), tokens: [] };
}

/** Types one token as a new paragraph at the end of the page. */
export function typeToken(t: Typist, text: string): Token {
  const { doc, provider } = t.client;
  addParagraph(doc, text);
  const token = { text, client: doc.clientID, clock: Y.getState(doc.store, doc.clientID), sentOpen: provider.ws?.readyState === 1 && t.client.closeCodes.length === 0 };
  t.tokens.push(token);
  return token;
}

/** Whether the server acked the token as stored to the client that typed it. */
export function confirmed(client: CollabClient, token: Token): boolean {
  return (client.saved.get(token.client) ?? -1) >= token.clock;
}

/** How many times a token occurs in a page's XML. Tokens are bracketed so none is part of another. */
export function occurrences(xml: string, token: string): number {
  return xml.split(token).length - 1;
}

/** A token text: bracketed, fixed width, unique per (round, typist, n). */
export function tokenText(round: number, typist: number, n: number): string {
  return `[r${round}t${String(typist).padStart(2, '0')}n${String(n).padStart(5, '0')}]`;
}

/** Makes typists type on a timer until stopped: each tick, each typist types with probability p. */
export function keepTyping(typists: Typist[], rng: Rng, round: number, { everyMs = 5, p = 0.5 } = {}): { stop(): void; typed(): number } {
  let typed = 0;
  const counters = typists.map((t) => t.tokens.length);
  const timer = setInterval(() => {
    typists.forEach((t, i) => {
      if (rng.chance(p)) {
        typeToken(t, tokenText(round, i, counters[i]++));
        typed++;
      }
    });
  }, everyMs);
  return { stop: () => clearInterval(timer), typed: () => typed };
}

/** Whether `stored` holds everything each doc holds (every client's clock reached). */
export function covers(stored: Y.Doc, docs: Y.Doc[]): boolean {
  const have = Y.decodeStateVector(Y.encodeStateVector(stored));
  return docs.every((doc) => [...Y.decodeStateVector(Y.encodeStateVector(doc))].every(([client, clock]) => (have.get(client) ?? 0) >= clock));
}
