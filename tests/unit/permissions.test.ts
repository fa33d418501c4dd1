/** The role matrix as issue 4 states it, pinned cell by cell, and the helpers derived from it. */
import { describe, expect, it } from 'vitest';
import { ACTIONS, can, PERMISSIONS, refusalMessage, rolesAllowed } from '../../shared/permissions.js';
import { canManage, canWrite, ROLES } from '../../shared/roles.js';

// E: editor, A: author, R: reviewer, r: reader, ?: reader only where the paper allows it.
const EXPECTED: Record<string, string> = {
  'paper.read': 'EARr',
  'paper.update': 'E',
  'paper.export': 'EAR?',
  'paper.release': 'E',
  'members.read': 'EARr',
  'members.manage': 'E',
  'invitations.manage': 'E',
  'page.read': 'EARr',
  'page.create': 'EA',
  'page.edit': 'EA',
  'page.rename': 'EA',
  'page.move': 'EA',
  'page.delete': 'EA',
  'page.restore': 'EA',
  'page.approve': 'E',
  'page.set_status': 'EA',
  'page.assign': 'E',
  'label.edit': 'EA',
  'label.manage': 'E',
  'comment.read': 'EARr',
  'comment.create': 'EAR',
  'comment.resolve_own': 'EAR',
  'comment.resolve_any': 'EA',
  'audit.read': 'E',
};

const letters = { editor: 'E', author: 'A', reviewer: 'R', reader: 'r' } as const;

describe('the role matrix', () => {
  it('has exactly the cells issue 4 describes', () => {
    expect([...ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const action of ACTIONS) {
      const cells = ROLES.map((role) => {
        const grant = PERMISSIONS[action][role];
        return grant === 'ifPaperAllows' ? '?' : grant ? letters[role] : '';
      }).join('');
      expect({ action, cells }).toEqual({ action, cells: EXPECTED[action] });
    }
  });

  it('lets readers export only where the paper allows it', () => {
    expect(can('reader', 'paper.export')).toBe(false);
    expect(can('reader', 'paper.export', { readersMayExport: false })).toBe(false);
    expect(can('reader', 'paper.export', { readersMayExport: true })).toBe(true);
    expect(rolesAllowed('paper.export', { readersMayExport: true })).toEqual(['editor', 'author', 'reviewer', 'reader']);
    expect(rolesAllowed('paper.export')).toEqual(['editor', 'author', 'reviewer']);
  });

  it('allows nothing to someone with no role', () => {
    for (const action of ACTIONS) expect(can(null, action)).toBe(false);
  });

  it('derives canWrite and canManage from page.edit and members.manage', () => {
    expect(ROLES.filter(canWrite)).toEqual(rolesAllowed('page.edit'));
    expect(ROLES.filter(canManage)).toEqual(rolesAllowed('members.manage'));
  });

  it('explains a refusal with a sentence', () => {
    expect(refusalMessage('members.manage')).toBe('Only an editor of this paper can do that.');
    expect(refusalMessage('page.edit')).toBe('Your role in this paper does not allow that.');
    expect(refusalMessage('paper.export')).toMatch(/an editor can allow readers to export\.$/);
  });
});
