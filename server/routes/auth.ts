/**
 * Account routes: sign up, sign in, sign out, and who am I. Sign-in and sign-up are limited per
 * address (429 with Retry-After); each router keeps its own limiters, so every app instance
 * counts separately.
 */
import { Router, type Request, type Response } from 'express';
import type { Db } from '../store/database.js';
import type { Config } from '../config.js';
import type { AppEvents } from '../events.js';
import { parse } from '../errors.js';
import { signInBody, signUpBody } from '../../shared/api.js';
import { signIn, signOut, signUp } from '../domain/accounts.js';
import { endSession, hashToken, parseCookies, SESSION_COOKIE, sessionCookieOptions } from '../domain/sessions.js';
import { rateLimit, SlidingWindowLimiter } from '../domain/rateLimit.js';
import { toUserView } from '../store/users.js';
import { currentUser, requireUser } from './guards.js';

/** The /auth and /me routes. */
export function authRoutes({ db, config, events }: { db: Db; config: Config; events: AppEvents }): Router {
  const router = Router();
  const signInLimit = rateLimit(new SlidingWindowLimiter(config.signinRateLimit, config.rateLimitWindowMs), 'sign-in attempts');
  const signUpLimit = rateLimit(new SlidingWindowLimiter(config.signupRateLimit, config.rateLimitWindowMs), 'sign-ups');
  const tokenOf = (cookieHeader: string | undefined) => parseCookies(cookieHeader)[SESSION_COOKIE];
  const origin = (req: Request) => ({ ip: req.ip ?? null });
  /** A fresh token at every sign-in; the one the browser brought (if any) ends, so a planted token cannot ride along. */
  const startSession = (req: Request, res: Response, token: string) => {
    const previous = tokenOf(req.headers.cookie);
    if (previous) endSession(db, previous);
    res.cookie(SESSION_COOKIE, token, sessionCookieOptions(config));
  };

  router.post('/auth/signup', signUpLimit, async (req, res) => {
    const { user, token } = await signUp(db, config, parse(signUpBody, req.body), origin(req));
    startSession(req, res, token);
    res.status(201).json({ user });
  });

  router.post('/auth/signin', signInLimit, async (req, res) => {
    const { user, token } = await signIn(db, config, parse(signInBody, req.body), origin(req));
    startSession(req, res, token);
    res.json({ user });
  });

  router.post('/auth/signout', (req, res) => {
    const token = tokenOf(req.headers.cookie);
    if (token) {
      signOut(db, token, origin(req));
      events.emit('session:ended', hashToken(token));
    }
    const { maxAge: _maxAge, ...options } = sessionCookieOptions(config);
    res.clearCookie(SESSION_COOKIE, options);
    res.status(204).end();
  });

  router.get('/me', requireUser(db, config), (_req, res) => {
    res.json({ user: toUserView(currentUser(res)) });
  });

  return router;
}
