/**
 * Member roles of a paper. What each role may do is the matrix in permissions.ts; canWrite and
 * canManage are its two most asked questions, derived from it.
 */
import { can } from './permissions.js';

export const ROLES = ['editor', 'author', 'reviewer', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/** May change page text and the page tree (the matrix's page.edit). */
export function canWrite(role: Role | null | undefined): boolean {
  return can(role, 'page.edit');
}

/** May add, change and remove members, and change the paper's details (the matrix's members.manage). */
export function canManage(role: Role | null | undefined): boolean {
  return can(role, 'members.manage');
}

/** A short human description of each role, for the members form. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  editor: 'Editor: manages members, assembles and releases the paper, and writes',
  author: 'Author: writes and organises pages',
  reviewer: 'Reviewer: reads and comments, cannot change text',
  reader: 'Reader: reads only',
};
