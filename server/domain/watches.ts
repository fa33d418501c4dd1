/**
 * Watching: who hears about new comments and status changes on a page. A person watches a whole
 * paper or single pages. Like Confluence, a page's creator and anyone who comments on it watch it
 * automatically; choosing "stop watching" is remembered, and no automatic watch overrides it.
 * Watching is a personal preference, not a governance event, so it is not in the audit trail.
 */
import type { Db } from '../store/database.js';
import type { WatchView } from '../../shared/notifications.js';
import { notFound } from '../errors.js';
import { setPageWatch, setPaperWatch, watchedPageIds, watchesPaper, watchPageUnlessChosen } from '../store/watches.js';

/** What a person watches in a paper. */
export function watchView(db: Db, paperId: string, userId: string): WatchView {
  return { paper: watchesPaper(db, paperId, userId), pageIds: watchedPageIds(db, paperId, userId) };
}

/** Starts or stops watching a whole paper; returns what the person now watches there. */
export function watchPaper(db: Db, paperId: string, userId: string, watching: boolean): WatchView {
  setPaperWatch(db, paperId, userId, watching);
  return watchView(db, paperId, userId);
}

/** Starts or stops watching one live page of the paper (404 for any other); returns what the person now watches there. */
export function watchPage(db: Db, paperId: string, pageId: string, userId: string, watching: boolean): WatchView {
  const page = db.prepare('SELECT 1 FROM pages WHERE id = ? AND paper_id = ? AND deleted_at IS NULL').get(pageId, paperId);
  if (!page) throw notFound('No such page in this paper.');
  setPageWatch(db, pageId, userId, watching);
  return watchView(db, paperId, userId);
}

/** Someone commented on a page: they watch it from now on, unless they chose not to. */
export function watchAsCommenter(db: Db, pageId: string, userId: string): void {
  watchPageUnlessChosen(db, pageId, userId);
}
