/**
 * Security headers on every response. The Content Security Policy allows nothing inline: no
 * inline script, no style attributes or <style> from markup (the client sets colours through
 * CSSOM, which a policy does not govern), and no plugins, frames, foreign forms or <base>.
 * Strict-Transport-Security is sent only when Quire is served over HTTPS (secure cookies on),
 * because a browser that once sees it refuses plain http for the whole host.
 */
import type { RequestHandler } from 'express';
import type { Config } from './config.js';

/** The Content Security Policy, one directive per entry; 'self' covers same-origin ws: and wss: too. */
export const CSP_DIRECTIVES: readonly string[] = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/** The Content-Security-Policy header value. */
export const CSP = CSP_DIRECTIVES.join('; ');

/** Features Quire never uses, switched off for the page and anything it might embed. */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';

/** One year, the value HSTS preload lists expect. */
const HSTS = 'max-age=31536000; includeSubDomains';

/** Sets CSP, nosniff, referrer, framing, cross-origin isolation and permission headers (and HSTS over HTTPS). */
export function securityHeaders(config: Pick<Config, 'secureCookies'>): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    if (config.secureCookies) res.setHeader('Strict-Transport-Security', HSTS);
    next();
  };
}
