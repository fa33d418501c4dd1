/**
 * The one-line sentence of a notification, in plain text, made when it is read from the actor's
 * current name, the page's current number and title and the facts stored with it: "Eve approved
 * 2.1 Definitions", "Ada mentioned you on 2.1 Definitions: “Can you check this?”". The client
 * shows it as a text node, so nothing here is markup.
 */
import type { PageStatus } from '../../shared/api.js';
import { EXCERPT_CHARS, type NotificationKind } from '../../shared/notifications.js';
import { displayText } from '../../shared/comments.js';

/** What a notification's sentence is made from. */
export interface NotificationFacts {
  kind: NotificationKind;
  actorName: string;
  /** "2.1 Definitions", or the title alone for a page not in the live tree. */
  pageLabel: string;
  excerpt: string;
  /** status: {from, to}; reply: {ownThread}; comment: {isReply}. */
  detail: Record<string, unknown>;
}

const STATUS_WORDS: Record<PageStatus, string> = { draft: 'draft', in_review: 'in review', approved: 'approved' };

/** A page as a notification names it: its section number and title. */
export function pageLabel(title: string, number: string | undefined): string {
  return number ? `${number} ${title}` : title;
}

/** A comment shortened to an excerpt: one line, mentions as "@Name", at most EXCERPT_CHARS characters. */
export function excerptOf(text: string): string {
  const line = displayText(text).replace(/\s+/g, ' ').trim();
  if (line.length <= EXCERPT_CHARS) return line;
  return `${line.slice(0, EXCERPT_CHARS - 1).trimEnd()}…`;
}

/** What a change of status did, as a verb phrase about the page. */
function statusPhrase(from: unknown, to: unknown, page: string): string {
  if (to === 'approved') return `approved ${page}`;
  if (to === 'in_review') return `sent ${page} for review`;
  if (to === 'draft' && from === 'approved') return `reopened ${page}`;
  if (to === 'draft') return `moved ${page} back to draft`;
  return `changed the status of ${page}`;
}

/** The sentence of one notification. */
export function notificationText(facts: NotificationFacts): string {
  const { actorName: who, pageLabel: page, detail } = facts;
  const quoted = facts.excerpt ? `: “${facts.excerpt}”` : '';
  switch (facts.kind) {
    case 'mention':
      return `${who} mentioned you on ${page}${quoted}`;
    case 'reply':
      return detail.ownThread ? `${who} replied to your comment on ${page}${quoted}` : `${who} replied in a thread you wrote in on ${page}${quoted}`;
    case 'comment':
      return detail.isReply ? `${who} replied to a comment on ${page}${quoted}` : `${who} commented on ${page}${quoted}`;
    case 'status': {
      const to = typeof detail.to === 'string' && detail.to in STATUS_WORDS ? (detail.to as PageStatus) : null;
      return `${who} ${to ? statusPhrase(detail.from, to, page) : `changed the status of ${page}`}`;
    }
    case 'reopen':
      return `${who} asked to reopen ${page}`;
  }
}
