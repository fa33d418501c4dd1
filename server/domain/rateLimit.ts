/**
 * Per-address rate limits with a sliding window: an address may make at most `max` attempts in
 * any `windowMs`. Each limiter keeps its own memory (one per app instance, made by the router
 * factory), so two servers in one test process never share counts. Counts live in memory only:
 * a restart forgets them, which is acceptable because the persisted account lockout
 * (lockout.ts) is what stops a patient guesser.
 */
import type { RequestHandler } from 'express';
import { HttpError } from '../errors.js';

/** The answer to one attempt: allowed, or refused with the seconds until the next one would be. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts attempts per key within a sliding window. */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an attempt for `key` if it is within the limit; a refused attempt is not counted. */
  hit(key: string): RateDecision {
    if (this.max <= 0) return { allowed: true };
    const now = this.now();
    this.sweep(now);
    const since = now - this.windowMs;
    const times = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (times.length >= this.max) {
      this.hits.set(key, times);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((times[0] + this.windowMs - now) / 1000)) };
    }
    times.push(now);
    this.hits.set(key, times);
    return { allowed: true };
  }

  /** Forgets keys whose attempts are all outside the window, at most once per window, so memory stays bounded. */
  private sweep(now: number) {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    const since = now - this.windowMs;
    for (const [key, times] of this.hits) if (times[times.length - 1] <= since) this.hits.delete(key);
  }
}

/** The 429 sentence: what was refused and when to try again. */
export function tooManyRequests(what: string, retryAfterSeconds: number): HttpError {
  const wait = retryAfterSeconds < 60 ? `${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}` : `${Math.ceil(retryAfterSeconds / 60)} minutes`;
  return new HttpError(429, 'rate_limited', `Too many ${what} from your network. Wait ${wait} and try again.`);
}

/** Middleware refusing a request with 429 and Retry-After once its address passes the limiter's limit. */
export function rateLimit(limiter: SlidingWindowLimiter, what: string): RequestHandler {
  return (req, res, next) => {
    const decision = limiter.hit(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (decision.allowed) return next();
    res.setHeader('Retry-After', String(decision.retryAfterSeconds));
    next(tooManyRequests(what, decision.retryAfterSeconds));
  };
}
