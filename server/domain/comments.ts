/**
 * The rules of comments: who may start, reply to, edit, delete, resolve and reopen what, and how
 * threads are shown. Anyone the matrix lets comment may start a thread or reply (the route checks
 * the role); only a comment's author may edit or delete it; a thread may be resolved or reopened by
 * whoever started it, or by a role with comment.resolve_any. Mentions are kept only for members of
 * the paper: a mention of anyone else is turned into plain text ("@Name") and tells nobody.
 * Deleting a thread's first comment while it has replies leaves "Comment deleted" in its place;
 * deleting the last comment left removes the thread. Deletions, resolutions and reopenings are
 * written to the audit trail in the same transaction.
 */
import type { Db } from '../store/database.js';
import type { PersonRef } from '../../shared/api.js';
import type { Role } from '../../shared/roles.js';
import { can } from '../../shared/permissions.js';
import { compareThreads, mentionedIds, rewriteMentions, type CreateThreadBody, type ThreadView } from '../../shared/comments.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { pageView } from '../store/pages.js';
import {
  blankComment,
  insertComment,
  insertThread,
  memberNames,
  pageComments,
  pageThreads,
  removeComment,
  removeThread,
  setResolved,
  threadComments,
  threadOf,
  updateComment,
  type CommentRow,
  type ThreadRow,
} from '../store/comments.js';
import type { CommentPosted } from '../events.js';
import type { CollabServer } from '../collab/server.js';
import { recordAudit } from './audit.js';
import { checkAnchor, PageText } from './anchors.js';

/** Where a comment change happened, and whether the page's count of open threads changed. */
export interface CommentChange {
  paperId: string;
  pageId: string;
  threadId: string;
  openCountChanged: boolean;
}

const THREAD_NOT_FOUND = 'This comment thread was not found. It may have been deleted.';
const COMMENT_NOT_FOUND = 'This comment was not found. It may have been deleted.';

/** The page a comment is on: 404 if it is not a page of this paper. With `live`, 409 for a page in the trash. */
function pageFor(db: Db, paperId: string, pageId: string, live: boolean) {
  const page = pageView(db, paperId, pageId);
  if (!page) throw notFound('This page was not found in this paper.');
  if (live && page.deletedAt) throw conflict('This page is in the trash. Restore it before commenting on it.');
  return page;
}

function threadFor(db: Db, pageId: string, threadId: string): ThreadRow {
  const thread = threadOf(db, pageId, threadId);
  if (!thread) throw notFound(THREAD_NOT_FOUND);
  return thread;
}

/** Comment text with only members' mentions kept (named as they are now), and whom it mentions. */
function withMemberMentions(db: Db, paperId: string, text: string): { body: string; mentioned: string[] } {
  const names = memberNames(db, paperId);
  const body = rewriteMentions(text, (userId) => names.get(userId) ?? null);
  return { body, mentioned: mentionedIds(body) };
}

function toView(row: ThreadRow, comments: CommentRow[], text: PageText | null): ThreadView {
  let anchorText: string | null = null;
  let detached = false;
  let position: number | null = null;
  if (row.kind === 'inline' && row.anchorFrom && row.anchorTo) {
    if (text) {
      const resolved = text.resolve(row.anchorFrom, row.anchorTo, row.quote);
      anchorText = resolved.range?.text ?? null;
      detached = resolved.range === null;
      position = resolved.range?.from ?? resolved.position ?? row.createdPosition;
    } else {
      position = row.createdPosition;
    }
  }
  return {
    id: row.id,
    pageId: row.pageId,
    kind: row.kind,
    author: row.author,
    createdAt: row.createdAt,
    anchor: row.anchorFrom && row.anchorTo ? { from: Buffer.from(row.anchorFrom).toString('base64'), to: Buffer.from(row.anchorTo).toString('base64') } : null,
    quote: row.quote,
    anchorText,
    detached,
    // Page threads sort after every inline one; an inline one whose place is unknown goes first.
    position: row.kind === 'page' ? null : (position ?? 0),
    resolved: row.resolvedAt !== null,
    resolvedBy: row.resolvedBy,
    resolvedAt: row.resolvedAt,
    comments: comments.map(({ threadId: _threadId, ...comment }) => comment),
  };
}

/** Every thread of a page, in the panel's order (by position, page threads last). */
export async function listThreads(db: Db, collab: CollabServer, paperId: string, pageId: string): Promise<ThreadView[]> {
  pageFor(db, paperId, pageId, false);
  const text = await PageText.load(collab, pageId);
  try {
    const byThread = new Map<string, CommentRow[]>();
    for (const comment of pageComments(db, pageId)) {
      const list = byThread.get(comment.threadId);
      if (list) list.push(comment);
      else byThread.set(comment.threadId, [comment]);
    }
    return pageThreads(db, pageId)
      .map((row) => toView(row, byThread.get(row.id) ?? [], text))
      .sort(compareThreads);
  } finally {
    text?.destroy();
  }
}

/** One thread as shown (null if it is gone). */
export async function threadView(db: Db, collab: CollabServer, pageId: string, threadId: string): Promise<ThreadView | null> {
  const text = await PageText.load(collab, pageId);
  try {
    const row = threadOf(db, pageId, threadId);
    return row ? toView(row, threadComments(db, threadId), text) : null;
  } finally {
    text?.destroy();
  }
}

/** Starts a thread (inline on an anchor, or on the page) with its first comment. */
export async function startThread(
  db: Db,
  collab: CollabServer,
  input: { paperId: string; pageId: string; actor: PersonRef; body: CreateThreadBody },
): Promise<{ change: CommentChange; posted: CommentPosted }> {
  const { paperId, pageId, actor, body } = input;
  pageFor(db, paperId, pageId, true);
  let anchor: { from: Uint8Array; to: Uint8Array; quote: string; position: number | null } | null = null;
  if (body.kind === 'inline') {
    const bytes = checkAnchor(body.anchor);
    // Where the range starts now orders the thread if its words are later deleted. An anchor the
    // server cannot place yet (the writer's last keystrokes are still on their way) is kept all the same.
    const text = await PageText.load(collab, pageId);
    const position = text?.resolve(bytes.from, bytes.to).position ?? null;
    text?.destroy();
    anchor = { ...bytes, quote: body.anchor.quote, position };
  }
  const { body: text, mentioned } = withMemberMentions(db, paperId, body.text);
  return db
    .transaction(() => {
      pageFor(db, paperId, pageId, true);
      const threadId = insertThread(db, {
        paperId,
        pageId,
        kind: body.kind,
        anchorFrom: anchor?.from,
        anchorTo: anchor?.to,
        quote: anchor?.quote,
        createdPosition: anchor?.position,
        createdBy: actor.id,
      });
      const commentId = insertComment(db, { threadId, authorId: actor.id, body: text, mentionedIds: mentioned });
      const posted: CommentPosted = {
        paperId,
        pageId,
        threadId,
        commentId,
        authorId: actor.id,
        threadAuthorId: actor.id,
        participantIds: [],
        mentionedIds: mentioned.filter((id) => id !== actor.id),
        text,
        isReply: false,
      };
      return { change: { paperId, pageId, threadId, openCountChanged: true }, posted };
    })
    .immediate();
}

/** Adds a reply to a thread (open or resolved; a reply does not reopen it). */
export function replyToThread(db: Db, input: { paperId: string; pageId: string; threadId: string; actor: PersonRef; text: string }): { change: CommentChange; posted: CommentPosted } {
  const { paperId, pageId, threadId, actor } = input;
  const { body: text, mentioned } = withMemberMentions(db, paperId, input.text);
  return db
    .transaction(() => {
      pageFor(db, paperId, pageId, true);
      const thread = threadFor(db, pageId, threadId);
      const before = threadComments(db, threadId);
      const participantIds = [...new Set(before.map((c) => c.author.id).filter((id) => id !== '' && id !== actor.id))];
      const commentId = insertComment(db, { threadId, authorId: actor.id, body: text, mentionedIds: mentioned });
      const posted: CommentPosted = {
        paperId,
        pageId,
        threadId,
        commentId,
        authorId: actor.id,
        threadAuthorId: thread.author.id,
        participantIds,
        mentionedIds: mentioned.filter((id) => id !== actor.id),
        text,
        isReply: true,
      };
      return { change: { paperId, pageId, threadId, openCountChanged: false }, posted };
    })
    .immediate();
}

/** One's own comment in a thread: 404 if there is none, 403 if it is someone else's. */
function ownComment(db: Db, threadId: string, commentId: string, actor: PersonRef, verb: 'edit' | 'delete'): { comment: CommentRow; all: CommentRow[] } {
  const all = threadComments(db, threadId);
  const comment = all.find((c) => c.id === commentId);
  if (!comment || comment.deleted) throw notFound(COMMENT_NOT_FOUND);
  if (comment.author.id !== actor.id) throw forbidden(`You can only ${verb} your own comments.`);
  return { comment, all };
}

/**
 * Changes the text of one's own comment. People the new text mentions for the first time are
 * returned as a mentions-only CommentPosted (null when there are none), so they are told as they
 * would have been had the comment said so from the start.
 */
export function editComment(db: Db, input: { paperId: string; pageId: string; threadId: string; commentId: string; actor: PersonRef; text: string }): { change: CommentChange; posted: CommentPosted | null } {
  const { paperId, pageId, threadId, commentId, actor } = input;
  const { body, mentioned } = withMemberMentions(db, paperId, input.text);
  return db
    .transaction(() => {
      pageFor(db, paperId, pageId, true);
      const thread = threadFor(db, pageId, threadId);
      const { comment } = ownComment(db, threadId, commentId, actor, 'edit');
      const before = new Set(mentionedIds(comment.text));
      updateComment(db, commentId, body, mentioned);
      const fresh = mentioned.filter((id) => id !== actor.id && !before.has(id));
      const change = { paperId, pageId, threadId, openCountChanged: false };
      if (fresh.length === 0) return { change, posted: null };
      // A mentions-only event: only the people the edit newly mentions are told.
      const isReply = comment.id !== threadComments(db, threadId)[0]?.id;
      const posted: CommentPosted = { paperId, pageId, threadId, commentId, authorId: actor.id, threadAuthorId: thread.author.id, participantIds: [], mentionedIds: fresh, text: body, isReply, mentionsOnly: true };
      return { change, posted };
    })
    .immediate();
}

/** Deletes one's own comment; the thread goes too when no other comment is left in it. */
export function deleteComment(db: Db, input: { paperId: string; pageId: string; threadId: string; commentId: string; actor: PersonRef }): CommentChange & { threadDeleted: boolean } {
  const { paperId, pageId, threadId, commentId, actor } = input;
  return db
    .transaction(() => {
      const page = pageFor(db, paperId, pageId, false);
      const thread = threadFor(db, pageId, threadId);
      const { all } = ownComment(db, threadId, commentId, actor, 'delete');
      const othersLeft = all.some((c) => c.id !== commentId && !c.deleted);
      const first = all[0]?.id === commentId;
      if (!othersLeft) removeThread(db, threadId);
      else if (first) blankComment(db, commentId);
      else removeComment(db, commentId);
      recordAudit(db, { paperId, actor, action: 'comment.deleted', target: pageId, detail: { pageTitle: page.title, threadId, commentId, threadDeleted: !othersLeft } });
      return { paperId, pageId, threadId, threadDeleted: !othersLeft, openCountChanged: !othersLeft && thread.resolvedAt === null };
    })
    .immediate();
}

/** Resolves (or reopens) a thread: its starter may, and any role with comment.resolve_any. */
export function setThreadResolved(db: Db, input: { paperId: string; pageId: string; threadId: string; actor: PersonRef; role: Role; resolved: boolean }): CommentChange {
  const { paperId, pageId, threadId, actor, role, resolved } = input;
  return db
    .transaction(() => {
      const page = pageFor(db, paperId, pageId, false);
      const thread = threadFor(db, pageId, threadId);
      if (thread.author.id !== actor.id && !can(role, 'comment.resolve_any')) {
        throw forbidden(`Only the person who started this thread, an author or an editor can ${resolved ? 'resolve' : 'reopen'} it.`);
      }
      if ((thread.resolvedAt !== null) === resolved) throw conflict(resolved ? 'This thread is already resolved.' : 'This thread is already open.');
      setResolved(db, threadId, resolved ? actor.id : null);
      recordAudit(db, { paperId, actor, action: resolved ? 'comment.resolved' : 'comment.reopened', target: pageId, detail: { pageTitle: page.title, threadId, startedBy: thread.author.name } });
      return { paperId, pageId, threadId, openCountChanged: true };
    })
    .immediate();
}
