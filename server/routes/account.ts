/**
 * "Your account": change the password, download everything Quire holds about you, delete the
 * account. Every route needs a session (index.ts mounts this after requireUser); none is under
 * a paper. The two that check a password share the sign-in rate limit per address.
 */
import { Router, type Request } from 'express';
import type { Db } from '../store/database.js';
import type { Config } from '../config.js';
import type { AppEvents } from '../events.js';
import { parse } from '../errors.js';
import { changePasswordBody, deleteAccountBody } from '../../shared/api.js';
import { changePassword } from '../domain/accounts.js';
import { exportPersonalData } from '../domain/personalData.js';
import { deleteAccount } from '../domain/accountDeletion.js';
import { parseCookies, SESSION_COOKIE, sessionCookieOptions } from '../domain/sessions.js';
import { rateLimit, SlidingWindowLimiter } from '../domain/rateLimit.js';
import { currentUser, requireUser } from './guards.js';

const tokenOf = (req: Request) => parseCookies(req.headers.cookie)[SESSION_COOKIE] ?? '';
const ipOf = (req: Request) => req.ip ?? null;

/** The /account routes. */
export function accountRoutes({ db, config, events }: { db: Db; config: Config; events: AppEvents }): Router {
  const router = Router();
  const passwordChecks = rateLimit(new SlidingWindowLimiter(config.signinRateLimit, config.rateLimitWindowMs), 'password attempts');
  // index.ts already requires a session; saying it again on each route declares the access for the role matrix's route table.
  const signedIn = requireUser(db, config);

  router.post('/account/password', signedIn, passwordChecks, async (req, res) => {
    const body = parse(changePasswordBody, req.body);
    await changePassword(db, currentUser(res).id, tokenOf(req), body, { ip: ipOf(req) });
    res.status(204).end();
  });

  router.get('/account/export', signedIn, (req, res) => {
    const document = exportPersonalData(db, { userId: currentUser(res).id, currentToken: tokenOf(req), ip: ipOf(req) });
    const day = new Date().toISOString().slice(0, 10);
    res.set({ 'Content-Disposition': `attachment; filename="quire-my-data-${day}.json"`, 'Cache-Control': 'no-store' });
    res.type('application/json').send(JSON.stringify(document, null, 2));
  });

  router.delete('/account', signedIn, passwordChecks, async (req, res) => {
    const body = parse(deleteAccountBody, req.body);
    const userId = currentUser(res).id;
    const { paperIds } = await deleteAccount(db, userId, body, { ip: ipOf(req) });
    // Their open editing and live connections close as for a removed member.
    for (const paperId of paperIds) events.emit('members:changed', paperId, userId);
    const { maxAge: _maxAge, ...options } = sessionCookieOptions(config);
    res.clearCookie(SESSION_COOKIE, options);
    res.status(204).end();
  });

  return router;
}
