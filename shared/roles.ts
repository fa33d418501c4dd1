/**
 * Member roles of a paper. The full role matrix (issue 4) will grow here as data; for now the
 * core needs to know who may change text and the tree, and who manages members.
 */
export const ROLES = ['editor', 'author', 'reviewer', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/** May change page text and the page tree. */
export function canWrite(role: Role | null | undefined): boolean {
  return role === 'editor' || role === 'author';
}

/** May add, change and remove members, and change the paper's details. */
export function canManage(role: Role | null | undefined): boolean {
  return role === 'editor';
}

/** A short human description of each role, for the members form. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  editor: 'Editor: manages members, assembles and releases the paper, and writes',
  author: 'Author: writes and organises pages',
  reviewer: 'Reviewer: reads and comments, cannot change text',
  reader: 'Reader: reads only',
};
