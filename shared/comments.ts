/**
 * Comments as the API shows them, the request bodies (zod), and the rules of comment text, shared
 * by the server (server/domain/comments.ts) and the client (client/ui/comments).
 *
 * Comment text is plain text. Two things in it are more than text: a mention, stored as the token
 * `@[Ada Lovelace](user:ID)` and shown as "@Ada Lovelace", and a web or mail address
 * (http:, https:, mailto:), shown as a link when safeHref (shared/schema.ts) keeps it. Nothing
 * else is markup: the client turns commentSegments() into DOM text nodes and links, never HTML.
 */
import { z } from 'zod';
import type { PersonRef } from './api.js';
import { limits } from './limits.js';
import { safeHref } from './schema.js';

export type ThreadKind = 'inline' | 'page';

/** One comment of a thread. */
export interface CommentView {
  id: string;
  author: PersonRef;
  /** The stored text, mention tokens included (see commentSegments); '' once deleted. */
  text: string;
  createdAt: string;
  /** When its author last changed it (null if never). */
  editedAt: string | null;
  /** A thread's first comment deleted while it has replies: shown as "Comment deleted". */
  deleted: boolean;
}

/** A thread: its first comment and the replies, with where it is on the page now. */
export interface ThreadView {
  id: string;
  pageId: string;
  kind: ThreadKind;
  /** Who started the thread. */
  author: PersonRef;
  createdAt: string;
  /** For inline threads: the encoded Yjs relative positions of the range's start and end (base64). */
  anchor: { from: string; to: string } | null;
  /** For inline threads: the commented text as it was when the thread was started. */
  quote: string | null;
  /** For inline threads: the text between the anchor's positions now (null when detached). */
  anchorText: string | null;
  /** True when the commented text has been deleted: the thread shows its quote, marked as on deleted text. */
  detached: boolean;
  /** Where the thread is in the page (a ProseMirror position); null for page threads, which sort last. */
  position: number | null;
  resolved: boolean;
  resolvedBy: PersonRef | null;
  resolvedAt: string | null;
  comments: CommentView[];
}

/** A mention token as stored: `@[Name](user:ID)`. */
export const MENTION_PATTERN = /@\[([^\]\n]{1,100})\]\(user:([A-Za-z0-9_-]{6,40})\)/g;

/** The token that mentions a member (brackets in the name become spaces so the token stays whole). */
export function mentionToken(name: string, userId: string): string {
  const clean = name.replace(/[[\]\n]/g, ' ').trim().slice(0, 100) || 'member';
  return `@[${clean}](user:${userId})`;
}

/** The ids mentioned in a text, each once, in order. */
export function mentionedIds(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION_PATTERN)].map((m) => m[2]))];
}

/** The text as people read it: each mention token becomes "@Name". */
export function displayText(text: string): string {
  return text.replace(MENTION_PATTERN, (_token, name: string) => `@${name}`);
}

/** Keeps mention tokens of ids `keep` says yes to (renamed to `nameOf`); others become plain "@Name". */
export function rewriteMentions(text: string, keep: (userId: string) => string | null): string {
  return text.replace(MENTION_PATTERN, (_token, name: string, userId: string) => {
    const current = keep(userId);
    return current === null ? `@${name}` : mentionToken(current, userId);
  });
}

/** A piece of comment text for display. */
export type CommentSegment = { kind: 'text'; text: string } | { kind: 'mention'; userId: string; name: string } | { kind: 'link'; href: string; text: string };

// An address starts with its scheme and runs to a blank; trailing punctuation is the sentence's.
const LINK_PATTERN = /\b(?:https?:\/\/|mailto:)[^\s<>"]+/gi;
const TRAILING = /[.,;:!?'’)\]}]+$/;
const count = (text: string, char: string) => text.split(char).length - 1;

/** Splits plain text into text and links (only http:, https: and mailto: addresses that safeHref keeps). */
function linkSegments(text: string): CommentSegment[] {
  const out: CommentSegment[] = [];
  let at = 0;
  for (const match of text.matchAll(LINK_PATTERN)) {
    const trail = TRAILING.exec(match[0])?.[0] ?? '';
    let raw = match[0].slice(0, match[0].length - trail.length);
    // A closing bracket that closes one opened inside the address belongs to it (Wikipedia-style links).
    if (trail.startsWith(')') && count(raw, '(') > count(raw, ')')) raw += ')';
    const href = safeHref(raw);
    if (!href || /^(?:https?:\/\/|mailto:)$/i.test(raw)) continue;
    const start = match.index;
    if (start > at) out.push({ kind: 'text', text: text.slice(at, start) });
    out.push({ kind: 'link', href, text: raw });
    at = start + raw.length;
  }
  if (at < text.length) out.push({ kind: 'text', text: text.slice(at) });
  return out;
}

/** Splits stored comment text into text, mentions and safe links, in order, for display. */
export function commentSegments(text: string): CommentSegment[] {
  const out: CommentSegment[] = [];
  let at = 0;
  for (const match of text.matchAll(MENTION_PATTERN)) {
    if (match.index > at) out.push(...linkSegments(text.slice(at, match.index)));
    out.push({ kind: 'mention', name: match[1], userId: match[2] });
    at = match.index + match[0].length;
  }
  if (at < text.length) out.push(...linkSegments(text.slice(at)));
  return out;
}

/** Line breaks are kept (as \n); other control characters are dropped. */
export function normaliseCommentText(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
    .trim();
}

export const COMMENT_EMPTY = 'Write a comment first.';
export const COMMENT_TOO_LONG = `A comment can be at most ${limits.commentChars.toLocaleString('en-GB')} characters.`;

/** Comment text: 1 to limits.commentChars characters as shown. */
export const commentText = z
  .string({ error: COMMENT_EMPTY })
  .overwrite(normaliseCommentText)
  .min(1, COMMENT_EMPTY)
  // Stored tokens are longer than what is shown; this bounds the stored form too.
  .max(limits.commentChars * 4, COMMENT_TOO_LONG)
  .refine((text) => displayText(text).length <= limits.commentChars, COMMENT_TOO_LONG);

/** An encoded Yjs relative position: base64 of at most limits.commentAnchorBytes bytes. */
const encodedPosition = z
  .string({ error: 'The comment’s place in the text is missing. Select the text again.' })
  .max(Math.ceil(limits.commentAnchorBytes / 3) * 4, 'The comment’s place in the text is not valid. Select the text again.')
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'The comment’s place in the text is not valid. Select the text again.');

export const commentAnchor = z.object({
  from: encodedPosition,
  to: encodedPosition,
  quote: z
    .string({ error: 'Select some text to comment on.' })
    .overwrite((q) => q.replace(/\s+/g, ' ').trim())
    .min(1, 'Select some text to comment on.')
    .max(limits.commentQuoteChars, `The selected text can be at most ${limits.commentQuoteChars.toLocaleString('en-GB')} characters. Select less.`),
});

/** POST .../comments: an inline thread (with its anchor) or a page thread. */
export const createThreadBody = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('inline'), anchor: commentAnchor, text: commentText }),
    z.object({ kind: z.literal('page'), text: commentText }),
  ],
  { error: 'Say whether the comment is on selected text (inline) or on the page.' },
);

/** POST .../replies and PATCH .../messages/:commentId. */
export const commentTextBody = z.object({ text: commentText });

export type CreateThreadBody = z.infer<typeof createThreadBody>;
export type CommentAnchorBody = z.infer<typeof commentAnchor>;

/** Orders threads as the panel lists them: by position in the page, page threads last, then oldest first. */
export function compareThreads(a: ThreadView, b: ThreadView): number {
  const pa = a.position ?? Number.POSITIVE_INFINITY;
  const pb = b.position ?? Number.POSITIVE_INFINITY;
  if (pa !== pb) return pa - pb;
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1;
}
