/**
 * Everything Quire holds about a person, as one JSON document they can download. The document
 * is built from sections, each a named function of (db, userId): later features add theirs to
 * PERSONAL_DATA_SECTIONS (comments, notifications ...) without touching the rest. Secrets never
 * appear: no password hash, no session token or token hash.
 */
import type { Db } from '../store/database.js';
import { userById } from '../store/users.js';
import { sessionsOf } from './sessions.js';
import { auditEntriesAbout } from '../store/audit.js';
import { recordAudit } from './audit.js';
import { notificationsSection, watchesSection } from './notificationData.js';
import { labellingSection } from './labelData.js';
import { commentsSection } from './commentData.js';
import { filesSection } from './fileData.js';
import { historySection } from '../history/historyData.js';
import { templatesSection } from './templateData.js';
import { assignmentsSection } from './assignmentData.js';
import { releasesSection } from './releaseData.js';

/** What a section is given: the person and the session the request came with. */
export interface PersonalDataContext {
  userId: string;
  currentToken?: string;
}

/** One part of the download: its key in the JSON document and how to collect it. */
export interface PersonalDataSection {
  key: string;
  /** One sentence saying what the section holds, repeated in the document for the reader. */
  description: string;
  collect(db: Db, context: PersonalDataContext): unknown;
}

const profile: PersonalDataSection = {
  key: 'profile',
  description: 'Your account: name, email and when it was created.',
  collect: (db, { userId }) => {
    const user = userById(db, userId);
    return user ? { id: user.id, name: user.name, email: user.email, createdAt: user.created_at } : null;
  },
};

const sessions: PersonalDataSection = {
  key: 'sessions',
  description: 'Where you are signed in: when each session started, was last used and ends (the tokens themselves are never shown).',
  collect: (db, { userId, currentToken }) => sessionsOf(db, userId, currentToken),
};

const memberships: PersonalDataSection = {
  key: 'memberships',
  description: 'The papers you belong to, with your role and when you were added.',
  collect: (db, { userId }) =>
    db
      .prepare(
        `SELECT p.id AS paperId, p.title AS paperTitle, m.role, m.added_at AS addedAt FROM members m JOIN papers p ON p.id = m.paper_id
         WHERE m.user_id = ? ORDER BY m.added_at, p.id`,
      )
      .all(userId),
};

// Papers and pages are listed only where the person is still a member: a paper they were removed
// from is no longer theirs to read, titles included.
const papersCreated: PersonalDataSection = {
  key: 'papersCreated',
  description: 'Papers you created that you still belong to.',
  collect: (db, { userId }) =>
    db
      .prepare(
        `SELECT p.id, p.title, p.subtitle, p.description, p.created_at AS createdAt FROM papers p
         JOIN members m ON m.paper_id = p.id AND m.user_id = ? WHERE p.created_by = ? ORDER BY p.created_at, p.id`,
      )
      .all(userId, userId),
};

const pageQuery = (column: 'created_by' | 'last_edited_by', time: 'created_at' | 'last_edited_at') =>
  `SELECT g.id, g.paper_id AS paperId, g.title, g.${time} AS at, g.deleted_at AS deletedAt FROM pages g
   JOIN members m ON m.paper_id = g.paper_id AND m.user_id = ? WHERE g.${column} = ? ORDER BY g.${time}, g.id`;

const pagesCreated: PersonalDataSection = {
  key: 'pagesCreated',
  description: 'Pages you created, in papers you belong to.',
  collect: (db, { userId }) => db.prepare(pageQuery('created_by', 'created_at')).all(userId, userId),
};

const pagesLastEdited: PersonalDataSection = {
  key: 'pagesLastEdited',
  description: 'Pages whose latest edit was yours, in papers you belong to.',
  collect: (db, { userId }) => db.prepare(pageQuery('last_edited_by', 'last_edited_at')).all(userId, userId),
};

const auditTrail: PersonalDataSection = {
  key: 'auditEntries',
  description: 'Audit trail entries of things you did, or done to your account (sign-ins, failed sign-ins, role changes ...).',
  collect: (db, { userId }) => auditEntriesAbout(db, userId),
};

/**
 * The sections of the download, in order. Add a feature's own section here (for example
 * comments and notifications when they arrive); nothing else needs to change.
 */
export const PERSONAL_DATA_SECTIONS: readonly PersonalDataSection[] = [profile, sessions, memberships, papersCreated, pagesCreated, pagesLastEdited, auditTrail, notificationsSection, watchesSection, labellingSection, commentsSection, historySection, templatesSection, assignmentsSection, releasesSection, filesSection];

/** Builds the download and records the export in the audit trail, in one transaction. */
export function exportPersonalData(
  db: Db,
  context: PersonalDataContext & { ip: string | null },
  sections: readonly PersonalDataSection[] = PERSONAL_DATA_SECTIONS,
): Record<string, unknown> {
  return db.transaction(() => {
    const user = userById(db, context.userId);
    recordAudit(db, { actor: user ? { id: user.id, name: user.name } : null, action: 'account.exported', target: context.userId, ip: context.ip });
    const document: Record<string, unknown> = {
      format: 'quire-personal-data/1',
      exportedAt: new Date().toISOString(),
      sections: Object.fromEntries(sections.map((s) => [s.key, s.description])),
    };
    for (const section of sections) document[section.key] = section.collect(db, context);
    return document;
  })();
}
