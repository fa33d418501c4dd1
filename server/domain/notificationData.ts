/**
 * A person's notifications and watches as personal data: their sections of the "download my
 * data" document, and their erasure when the account is deleted (nobody reads them after that,
 * and an excerpt of a comment addressed to them is no longer theirs to keep).
 */
import type { Db } from '../store/database.js';
import type { PersonalDataSection } from './personalData.js';
import { NOTIFICATIONS_PAGE_MAX } from '../../shared/notifications.js';
import { listNotifications } from './notifications.js';

/** The download's notifications: each one's sentence, page, and when it was sent and read. */
export const notificationsSection: PersonalDataSection = {
  key: 'notifications',
  description: 'Notifications you were sent, in papers you belong to: what happened, when, and when you read it.',
  collect: (db, { userId }) => {
    const all = [];
    let before: number | undefined;
    for (;;) {
      const page = listNotifications(db, userId, { limit: NOTIFICATIONS_PAGE_MAX, before });
      all.push(...page.notifications.map((n) => ({ paperId: n.paperId, pageId: n.pageId, kind: n.kind, text: n.text, createdAt: n.createdAt, readAt: n.readAt })));
      if (page.nextBefore === null) return all;
      before = page.nextBefore;
    }
  },
};

/** The download's watches: papers watched, and pages chosen (or commented on) to watch or not. */
export const watchesSection: PersonalDataSection = {
  key: 'watches',
  description: 'The papers you watch, and the pages you chose to watch or to stop watching (or watch because you commented), in papers you belong to.',
  collect: (db, { userId }) => ({
    papers: db
      .prepare('SELECT w.paper_id AS paperId, w.created_at AS since FROM paper_watches w JOIN members m ON m.paper_id = w.paper_id AND m.user_id = w.user_id WHERE w.user_id = ? ORDER BY w.created_at, w.paper_id')
      .all(userId),
    pages: db
      .prepare(
        `SELECT g.paper_id AS paperId, w.page_id AS pageId, w.watching, w.updated_at AS chosenAt FROM page_watches w JOIN pages g ON g.id = w.page_id
         JOIN members m ON m.paper_id = g.paper_id AND m.user_id = w.user_id WHERE w.user_id = ? ORDER BY w.updated_at, w.page_id`,
      )
      .all(userId)
      .map((row) => ({ ...(row as Record<string, unknown>), watching: (row as { watching: number }).watching === 1 })),
  }),
};

/** Removes a person's notifications and watches (their account is being deleted). */
export function eraseNotificationData(db: Db, userId: string): void {
  db.prepare('DELETE FROM notifications WHERE user_id = ?').run(userId);
  db.prepare('DELETE FROM paper_watches WHERE user_id = ?').run(userId);
  db.prepare('DELETE FROM page_watches WHERE user_id = ?').run(userId);
}
