/**
 * A page's workflow status: draft -> in review -> approved. Authors move a page between draft
 * and in review; only editors approve a page or take it out of approved ("reopen"), and an
 * approved page's text is read-only for everyone but editors until then. The rule is written
 * once here, for the server (which enforces it) and the client (which offers only what it allows).
 */
import { z } from 'zod';
import type { PageStatus } from './api.js';
import { can } from './permissions.js';
import type { Role } from './roles.js';

export const PAGE_STATUSES = ['draft', 'in_review', 'approved'] as const satisfies readonly PageStatus[];

/** How each status reads on screen. */
export const STATUS_NAMES: Record<PageStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  approved: 'Approved',
};

/** POST /papers/:paperId/pages/:pageId/status */
export const setStatusBody = z.object({
  status: z.enum(PAGE_STATUSES, { error: 'Status must be one of: draft, in_review, approved.' }),
});

export const APPROVE_REFUSED = 'Only an editor can approve a page.';
export const REOPEN_REFUSED = 'This page is approved, so only an editor can change its status. Ask an editor to reopen it.';
export const APPROVED_READ_ONLY = 'This page is approved, so only an editor can change it: ask an editor to reopen it.';

/**
 * Why this role may not move a page from one status to another, or null if it may. Moving to
 * the status it already has is allowed (it changes nothing).
 */
export function statusChangeRefusal(role: Role | null, from: PageStatus, to: PageStatus): string | null {
  if (!can(role, 'page.set_status')) return 'Your role in this paper does not allow changing a page’s status.';
  if (from === to) return null;
  if (to === 'approved' && !can(role, 'page.approve')) return APPROVE_REFUSED;
  if (from === 'approved' && !can(role, 'page.approve')) return REOPEN_REFUSED;
  return null;
}

/** The statuses this role may move a page to from `from` (not counting `from` itself). */
export function statusChoices(role: Role | null, from: PageStatus): PageStatus[] {
  return PAGE_STATUSES.filter((to) => to !== from && statusChangeRefusal(role, from, to) === null);
}

/** Whether a role may change a page's text in this status: writers may, except that an approved page is read-only for all but editors. */
export function mayWriteText(role: Role | null, status: PageStatus): boolean {
  if (!can(role, 'page.edit')) return false;
  return status !== 'approved' || can(role, 'page.approve');
}
