/**
 * Comment routes under a page: list threads, start one, reply, edit and delete one's own comment,
 * resolve and reopen. Each route is allowed from the role matrix; who owns what is checked in
 * domain/comments.ts. Every change emits 'comments:changed'; a change to the number of open threads
 * also emits 'tree:changed' (the tree shows the counts); a new comment emits 'comment:posted'.
 */
import { Router } from 'express';
import { notFound, parse } from '../errors.js';
import { commentTextBody, createThreadBody } from '../../shared/comments.js';
import { deleteComment, editComment, listThreads, replyToThread, setThreadResolved, startThread, threadView, type CommentChange } from '../domain/comments.js';
import { allow, currentRole, currentUser } from './guards.js';
import type { RouteDeps } from './index.js';

const PAGE = '/papers/:paperId/pages/:pageId/comments';
const THREAD = `${PAGE}/:threadId`;
const MESSAGE = `${THREAD}/messages/:commentId`;

/** The comment routes (membership already checked in index.ts). */
export function commentRoutes({ db, events, collab }: RouteDeps): Router {
  const router = Router();

  const changed = (change: CommentChange) => {
    events.emit('comments:changed', change.paperId, change.pageId);
    if (change.openCountChanged) events.emit('tree:changed', change.paperId);
  };
  const shown = async (change: CommentChange) => {
    const thread = await threadView(db, collab, change.pageId, change.threadId);
    if (!thread) throw notFound('This comment thread was not found. It may have been deleted.');
    return thread;
  };

  router.get(PAGE, allow('comment.read'), async (req, res) => {
    res.json({ threads: await listThreads(db, collab, req.params.paperId, req.params.pageId) });
  });

  router.post(PAGE, allow('comment.create'), async (req, res) => {
    const body = parse(createThreadBody, req.body);
    const { change, posted } = await startThread(db, collab, { paperId: req.params.paperId, pageId: req.params.pageId, actor: currentUser(res), body });
    changed(change);
    events.emit('comment:posted', posted);
    res.status(201).json({ thread: await shown(change) });
  });

  router.post(`${THREAD}/replies`, allow('comment.create'), async (req, res) => {
    const { text } = parse(commentTextBody, req.body);
    const { change, posted } = replyToThread(db, { ...ids(req.params), actor: currentUser(res), text });
    changed(change);
    events.emit('comment:posted', posted);
    res.status(201).json({ thread: await shown(change) });
  });

  router.patch(MESSAGE, allow('comment.create'), async (req, res) => {
    const { text } = parse(commentTextBody, req.body);
    const { change, posted } = editComment(db, { ...ids(req.params), commentId: req.params.commentId, actor: currentUser(res), text });
    changed(change);
    if (posted) events.emit('comment:posted', posted);
    res.json({ thread: await shown(change) });
  });

  router.delete(MESSAGE, allow('comment.create'), (req, res) => {
    const change = deleteComment(db, { ...ids(req.params), commentId: req.params.commentId, actor: currentUser(res) });
    changed(change);
    res.status(204).end();
  });

  for (const [verb, resolved] of [['resolve', true], ['reopen', false]] as const) {
    router.post(`${THREAD}/${verb}`, allow('comment.resolve_own'), async (req, res) => {
      const change = setThreadResolved(db, { ...ids(req.params), actor: currentUser(res), role: currentRole(res), resolved });
      changed(change);
      res.json({ thread: await shown(change) });
    });
  }

  return router;
}

const ids = (params: Record<string, string>) => ({ paperId: params.paperId, pageId: params.pageId, threadId: params.threadId });
