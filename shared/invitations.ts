/**
 * Invitation links: request bodies (zod) and the shapes the API answers with. A link carries a
 * role, an expiry and optionally a most-uses count; it works for many people until then, so one
 * link can go to a whole masterclass.
 */
import { z } from 'zod';
import { limits } from './limits.js';
import { role } from './api.js';
import type { PersonRef } from './api.js';
import type { Role } from './roles.js';

export const createInvitationBody = z.object({
  role,
  expiresInDays: z
    .number({ error: 'Expiry must be a number of days.' })
    .int('Expiry must be a whole number of days.')
    .min(limits.invitationMinDays, `An invitation must last at least ${limits.invitationMinDays} day.`)
    .max(limits.invitationMaxDays, `An invitation can last at most ${limits.invitationMaxDays} days.`),
  /** Absent or null: anyone with the link may join until it expires. */
  maxUses: z
    .number({ error: 'Most uses must be a number.' })
    .int('Most uses must be a whole number.')
    .min(1, 'Most uses must be at least 1.')
    .max(limits.invitationMaxUses, `Most uses can be at most ${limits.invitationMaxUses}.`)
    .nullable()
    .default(null),
});

export const invitationToken = z.string().regex(/^[A-Za-z0-9_-]{20,80}$/, 'Not an invitation token.');

export type CreateInvitationBody = z.input<typeof createInvitationBody>;

/** An invitation as the paper's editors see it (the token itself is shown only once, at creation). */
export interface InvitationView {
  id: string;
  paperId: string;
  role: Role;
  createdBy: PersonRef;
  createdAt: string;
  expiresAt: string;
  /** null: no limit. */
  maxUses: number | null;
  useCount: number;
  revokedAt: string | null;
}

/** The answer to creating an invitation: the invitation, its secret token and the link to share. */
export interface CreatedInvitation {
  invitation: InvitationView;
  token: string;
  /** The path to share (`/invite/<token>`); the client prefixes its own origin. */
  path: string;
}

/** What anyone holding a valid link may see before joining. */
export interface InvitationPreview {
  paperTitle: string;
  role: Role;
  invitedBy: string;
  expiresAt: string;
}

/** The answer to accepting: the paper to go to, the role held there, and whether they were already in. */
export interface AcceptedInvitation {
  paperId: string;
  role: Role;
  alreadyMember: boolean;
}

/** The path of an invitation link. */
export function invitationPath(token: string): string {
  return `/invite/${encodeURIComponent(token)}`;
}
