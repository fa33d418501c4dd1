/** Member routes: list, add by email, change role, remove. Every change emits 'members:changed'. */
import { Router } from 'express';
import type { Db } from '../store/database.js';
import type { AppEvents } from '../events.js';
import { parse } from '../errors.js';
import { addMemberBody, changeMemberBody } from '../../shared/api.js';
import { addMember, changeRole, removeMember } from '../domain/members.js';
import { listMembers } from '../store/members.js';
import { allow, currentUser } from './guards.js';

/** The /papers/:paperId/members routes (membership already checked in index.ts). */
export function memberRoutes({ db, events }: { db: Db; events: AppEvents }): Router {
  const router = Router();

  router.get('/papers/:paperId/members', allow('members.read'), (req, res) => {
    res.json({ members: listMembers(db, req.params.paperId) });
  });

  router.post('/papers/:paperId/members', allow('members.manage'), (req, res) => {
    const body = parse(addMemberBody, req.body);
    const member = addMember(db, req.params.paperId, { ...body, actor: currentUser(res) });
    events.emit('members:changed', req.params.paperId, member.userId);
    res.status(201).json({ member });
  });

  router.patch('/papers/:paperId/members/:userId', allow('members.manage'), (req, res) => {
    const { role } = parse(changeMemberBody, req.body);
    const member = changeRole(db, req.params.paperId, req.params.userId, role, currentUser(res));
    events.emit('members:changed', req.params.paperId, member.userId);
    res.json({ member });
  });

  router.delete('/papers/:paperId/members/:userId', allow('members.manage'), (req, res) => {
    removeMember(db, req.params.paperId, req.params.userId, currentUser(res));
    events.emit('members:changed', req.params.paperId, req.params.userId);
    res.status(204).end();
  });

  return router;
}
