/**
 * The HTTP API's request bodies (zod, validated at the edge by the server and usable by the
 * client) and response shapes. README.md documents each route.
 */
import { z } from 'zod';
import { limits } from './limits.js';
import { ROLES, type Role } from './roles.js';
import { coverBodyFields, type CoverFields } from './cover.js';

/** Line breaks, tabs and other control characters have no place in a one-line field: each run (with the spaces around it) becomes one space. */
export const oneLine = (value: string) => value.replace(/ *[\u0000-\u001f\u007f-\u009f\u2028\u2029]+ */g, ' ');

const trimmed = (max: number, what: string) =>
  z
    .string({ error: `${what} is required.` })
    .overwrite(oneLine)
    .trim()
    .min(1, `${what} is required.`)
    .max(max, `${what} must be at most ${max} characters.`);

export const email = z
  .string({ error: 'Email is required.' })
  .trim()
  .toLowerCase()
  .max(limits.emailChars, `Email must be at most ${limits.emailChars} characters.`)
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.org.' }));

export const password = z
  .string({ error: 'Password is required.' })
  .min(limits.passwordMinChars, `Password must be at least ${limits.passwordMinChars} characters.`)
  .max(limits.passwordMaxChars, `Password must be at most ${limits.passwordMaxChars} characters.`);

export const signUpBody = z.object({
  name: trimmed(limits.nameChars, 'Name'),
  email,
  password,
});

export const signInBody = z.object({
  email: z.string({ error: 'Email is required.' }).trim().toLowerCase().max(limits.emailChars),
  password: z.string({ error: 'Password is required.' }).max(limits.passwordMaxChars),
});

const subtitle = z
  .string({ error: 'Subtitle must be text.' })
  .overwrite(oneLine)
  .trim()
  .max(limits.paperSubtitleChars, `Subtitle must be at most ${limits.paperSubtitleChars} characters.`);
const description = z
  .string({ error: 'Description must be text.' })
  .trim()
  .max(limits.paperDescriptionChars, `Description must be at most ${limits.paperDescriptionChars} characters.`);

export const createPaperBody = z.object({
  title: trimmed(limits.paperTitleChars, 'Title'),
  subtitle: subtitle.default(''),
  description: description.default(''),
  /** Start from a template (GET /templates); absent or null: a blank paper. */
  templateId: z.string({ error: 'Choose a template from the list.' }).regex(/^[A-Za-z0-9_-]{6,40}$/, 'Choose a template from the list.').nullish(),
});

/** Only the fields given change (no defaults here, so a missing subtitle is left alone). */
export const updatePaperBody = z.object({
  title: trimmed(limits.paperTitleChars, 'Title').optional(),
  subtitle: subtitle.optional(),
  description: description.optional(),
  /** Whether readers may export the paper (the role matrix's one paper setting). */
  readersMayExport: z.boolean({ error: 'Readers may export must be true or false.' }).optional(),
  /** The cover and front matter (shared/cover.ts). */
  ...coverBodyFields,
});

export const role = z.enum(ROLES, { error: `Role must be one of: ${ROLES.join(', ')}.` });

export const addMemberBody = z.object({ email, role });
export const changeMemberBody = z.object({ role });

export const pageId = z.string().regex(/^[A-Za-z0-9_-]{6,40}$/, 'Not a page id.');

export const createPageBody = z.object({
  title: trimmed(limits.pageTitleChars, 'Page title'),
  /** null or absent: a chapter (top level). */
  parentId: pageId.nullable().default(null),
  /** Position among the new siblings; absent: at the end. */
  index: z.number().int().min(0).max(limits.pagesPerPaper).optional(),
});

export const renamePageBody = z.object({ title: trimmed(limits.pageTitleChars, 'Page title') });

export const movePageBody = z.object({
  parentId: pageId.nullable(),
  index: z.number().int().min(0).max(limits.pagesPerPaper),
});

export const changePasswordBody = z.object({
  currentPassword: z.string({ error: 'Your current password is required.' }).min(1, 'Your current password is required.').max(limits.passwordMaxChars),
  newPassword: password,
});

export const deleteAccountBody = z.object({
  password: z.string({ error: 'Type your password to confirm.' }).min(1, 'Type your password to confirm.').max(limits.passwordMaxChars),
});

/** Actions the audit trail records (server/domain/audit.ts's AuditAction), for the filter. */
export const AUDIT_ACTIONS = [
  'account.signin',
  'account.signin_failed',
  'account.signup',
  'account.signout',
  'account.password_changed',
  'account.locked',
  'account.exported',
  'account.deleted',
  'paper.created',
  'paper.updated',
  'member.added',
  'member.role_changed',
  'member.removed',
  'invitation.created',
  'invitation.revoked',
  'invitation.accepted',
  'page.created',
  'page.renamed',
  'page.moved',
  'page.deleted',
  'page.restored',
  'page.status_changed',
  'page.revision_named',
  'page.revision_restored',
  'page.reopen_requested',
  'label.renamed',
  'label.merged',
  'label.deleted',
  'paper.exported',
  'paper.released',
  'comment.deleted',
  'comment.resolved',
  'comment.reopened',
  'confidentiality.acknowledged',
  'template.created',
  'template.renamed',
  'template.updated',
  'template.deleted',
  'page.assigned',
  'file.uploaded',
  'file.deleted',
  'pages.imported',
] as const;

/** An empty form field ("?action=") means no filter. */
const blankAsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);

const auditDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, 'Dates must look like 2026-03-31.')
  .refine((v) => !Number.isNaN(Date.parse(v)), 'Dates must look like 2026-03-31.');

/** The query of GET /papers/:paperId/audit (and audit.csv, which ignores before and limit). */
export const auditQuery = z.object({
  action: blankAsAbsent(z.enum(AUDIT_ACTIONS, { error: 'Choose an action from the list.' }).optional()),
  /** A person: their user id, or part of their name. */
  actor: blankAsAbsent(z.string().trim().max(limits.nameChars).optional()),
  /** From this day (or instant), inclusive. */
  from: blankAsAbsent(auditDate.optional()),
  /** To this day, inclusive (a date alone means to its end). */
  to: blankAsAbsent(auditDate.optional()),
  /** Entries older than this id (the nextBefore of the previous page). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type ChangePasswordBody = z.infer<typeof changePasswordBody>;
export type DeleteAccountBody = z.infer<typeof deleteAccountBody>;
export type AuditQuery = z.infer<typeof auditQuery>;
export type AuditActionName = (typeof AUDIT_ACTIONS)[number];

export type SignUpBody = z.infer<typeof signUpBody>;
export type SignInBody = z.infer<typeof signInBody>;
export type CreatePaperBody = z.input<typeof createPaperBody>;
export type CreatePageBody = z.input<typeof createPageBody>;
export type MovePageBody = z.infer<typeof movePageBody>;

/** A signed-in person, as the API shows them. */
export interface UserView {
  id: string;
  name: string;
  email: string;
  color: string;
}

/** Someone named on a page or paper (creator, last editor). */
export interface PersonRef {
  id: string;
  name: string;
}

/** A paper as one member sees it; the cover fields (shared/cover.ts) are empty until an editor fills them. */
export interface PaperView extends CoverFields {
  id: string;
  title: string;
  subtitle: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  /** The signed-in person's role in this paper. */
  role: Role;
  /** Whether readers may export this paper (editors change it). */
  readersMayExport: boolean;
}

export interface MemberView {
  userId: string;
  name: string;
  email: string;
  role: Role;
  addedAt: string;
}

export type PageStatus = 'draft' | 'in_review' | 'approved';

/** One node of the page tree. Siblings are ordered by position (0, 1, 2 ...). */
export interface PageView {
  id: string;
  paperId: string;
  parentId: string | null;
  position: number;
  title: string;
  status: PageStatus;
  createdBy: PersonRef;
  createdAt: string;
  lastEditedBy: PersonRef | null;
  lastEditedAt: string | null;
  /** Set for pages in the trash. */
  deletedAt: string | null;
  /** The page's labels, sorted by name. */
  labels: string[];
  /** Who set the current status, and when (null for a page still in its first draft). */
  statusSetBy: PersonRef | null;
  statusSetAt: string | null;
  /** An author asked an editor to reopen this approved page (null when nobody has). */
  reopenRequestedBy: PersonRef | null;
  reopenRequestedAt: string | null;
  /** Open comment threads on the page. */
  openComments: number;
  /** Members assigned to write the page (editors and authors), by name (shared/dashboard.ts). */
  assignees: PersonRef[];
}

/** One entry of a paper's audit trail, newest first in lists. */
export interface AuditEntryView {
  id: number;
  at: string;
  action: AuditActionName;
  /** Who did it: a null id for someone not signed in; "Former member" once their account is deleted. */
  actor: { id: string | null; name: string };
  target: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
}

/** A page of the audit trail; pass nextBefore as `before` for the next (older) page, null at the end. */
export interface AuditPageView {
  entries: AuditEntryView[];
  nextBefore: number | null;
}

/** Every error response: `{ error: { code, message } }` with a sentence a person can act on. */
export interface ApiError {
  error: { code: string; message: string; fields?: Record<string, string> };
}
